"""Shared fixtures and helpers: the real seed pages, one Prefect test harness, a free port, an email's parts."""
from __future__ import annotations

import datetime as dt
import email
import socket
import sys
from email import policy
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings

from summarize.ingest import read_page
from summarize.models import Digest, Page
from summarize.segment import segment_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
# Hypothesis keeps no example database (it would write .hypothesis/ into the working tree).
hypothesis_settings.register_profile("no-database", database=None)
hypothesis_settings.load_profile("no-database")
# bench/ holds the reference code the tests compare with (textrank4zh itself, the scorers); not a package.
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))


def seed(prefix: str) -> Path:
    """The seed page whose file name starts with ``prefix`` (``"000"`` … ``"004"``)."""
    (path,) = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return path


@pytest.fixture(scope="session")
def seed_stories() -> dict[str, list]:
    """Every seed page segmented once: ``{"000": [Story, ...], ...}``."""
    return {p.name[:3]: segment_page(read_page(p)) for p in SEED_FILES}


#: The day and time the tests' digests are dated.
DAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@cache
def seed_digest() -> Digest:
    """The digest of the five seed pages, built once in-process (no Prefect), dated ``DAY`` at ``NOW``."""
    from in_memory import read_folder
    from summarize.assemble import assemble_digest
    from summarize.summary import summarize_story

    pages, sources = read_folder(SEEDS)
    summaries = [summarize_story(s) for page in pages for s in segment_page(page)]
    return assemble_digest(DAY, NOW, sources, summaries)


def story_titled(stories, title: str):
    """The one story with this headline; fails the test with the titles found if there is none."""
    found = [s for s in stories if s.title == title]
    assert len(found) == 1, f"no single story titled {title!r}; titles: {[s.title for s in stories]}"
    return found[0]


def page_from_text(text: str, path: str = "seeds/test.txt") -> Page:
    return Page(path=path, text=text, encoding="utf-8")


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (a temporary database and API server) for the whole session, started by
    the first test that asks for it: flows run in the test process report to it."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=None):  # flows/__init__.py: 300 s, for a busy machine
        yield


@pytest.fixture(scope="session", autouse=True)
def prefect_results_apart(tmp_path_factory):
    """Flows run in the test process keep their cached page results in a temporary folder, not in the
    user's ``~/.prefect/storage``."""
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings

    with temporary_settings(updates={PREFECT_LOCAL_STORAGE_PATH: tmp_path_factory.mktemp("prefect-storage")}):
        yield


def free_port() -> int:
    """A TCP port of 127.0.0.1 free at the time of the call."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def email_parts(files: dict[str, bytes]) -> tuple[email.message.EmailMessage, str, str]:
    """``(message, plain text, HTML)`` of the ``digest.eml`` in a digest's files (``in_memory.render_files``)."""
    msg = email.message_from_bytes(files["digest.eml"], policy=policy.default)
    return msg, msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
