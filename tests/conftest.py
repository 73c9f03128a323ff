"""Shared fixtures and helpers: the real seed pages, one Prefect test harness, a free port, an email's parts."""
from __future__ import annotations

import datetime as dt
import email
import socket
import sys
import tempfile
from email import policy
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from summarize.ingest import read_page
from summarize.models import Digest, Page, Story, StorySummary
from summarize.segment import segment_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
# Hypothesis keeps no example database and its caches in a temporary folder (it would write .hypothesis/
# into the working tree).
hypothesis_settings.register_profile("no-database", database=None)
hypothesis_settings.load_profile("no-database")
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="hypothesis-"))
# bench/ holds the reference code the tests compare with (textrank4zh itself, the scorers); not a package.
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))


def seed(prefix: str) -> Path:
    """The seed page whose file name starts with ``prefix`` (``"000"`` … ``"004"``)."""
    (path,) = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return path


@cache
def segmented_seeds() -> dict[str, list[Story]]:
    """Every seed page segmented once per process: ``{"000": [Story, ...], ...}``."""
    return {p.name[:3]: segment_page(read_page(p)) for p in SEED_FILES}


@cache
def seed_summaries() -> list[StorySummary]:
    """Every seed story summarised once per process (``summarize_story``, default options), in page order."""
    from summarize.summary import summarize_story

    return [summarize_story(story) for stories in segmented_seeds().values() for story in stories]


@pytest.fixture(scope="session")
def seed_stories() -> dict[str, list[Story]]:
    """Every seed page segmented: ``{"000": [Story, ...], ...}`` (``segmented_seeds``)."""
    return segmented_seeds()


#: The day and time the tests' digests are dated.
DAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@cache
def seed_digest() -> Digest:
    """The digest of the five seed pages, built once in-process (no Prefect), dated ``DAY`` at ``NOW``."""
    from summarize.assemble import assemble_digest
    from summarize.ingest import display_path
    from summarize.models import Source

    sources = [Source(display_path(p), "ok") for p in SEED_FILES]
    return assemble_digest(DAY, NOW, sources, seed_summaries())


def seed_excerpt(prefix: str, folder: Path, lines: int = 60) -> Path:
    """The first ``lines`` lines of a seed page (its first stories) written as a page file of the same name
    into ``folder``: for tests of what a run does with pages, not of what is on them."""
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(seed(prefix).read_text(encoding="utf-8").split("\n")[:lines]) + "\n"
    (folder / seed(prefix).name).write_text(text, encoding="utf-8")
    return folder / seed(prefix).name


def story_titled(stories, title: str):
    """The one story with this headline; fails the test with the titles found if there is none."""
    found = [s for s in stories if s.title == title]
    assert len(found) == 1, f"no single story titled {title!r}; titles: {[s.title for s in stories]}"
    return found[0]


def page_from_text(text: str, path: str = "seeds/test.txt") -> Page:
    return Page(path=path, text=text, encoding="utf-8")


#: The marks of a test that runs a flow under the harness: with pytest-xdist (``make test``: ``-n 2 --dist
#: loadgroup``) all such tests go to one worker, so one harness (about 15 s to start) serves them all.
UNDER_PREFECT = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.xdist_group("prefect")]


def under_prefect(test):
    """Decorator: ``test`` runs flows under the session's Prefect harness (``UNDER_PREFECT``)."""
    for mark in UNDER_PREFECT:
        test = mark(test)
    return test


#: The Prefect server services the harness's server does without (see ``prefect_harness``).
SERVER_SERVICES_OFF = ("cancellation_cleanup", "cleanup_reconciler", "event_persister", "foreman", "late_runs",
                       "pause_expirations", "repossessor", "scheduler", "task_run_recorder", "triggers")


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (a temporary database and API server) for the whole session (of each
    pytest-xdist worker), started by the first test that asks for it: flows run in the test process report
    to it. Ask for it with ``pytestmark = UNDER_PREFECT`` or ``@pytest.mark.usefixtures`` and the group."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, PREFECT_LOGGING_TO_API_ENABLED, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    # The harness's server runs the API alone: its background services (schedules, late and zombie runs,
    # automations, storing events and the task runs read from them) serve deployments, workers and the UI,
    # which the system tests drive on full servers of their own; flows run here report their runs and
    # artifacts through the API itself. The services took a quarter of this suite's Prefect time.
    services = {f"server.services.{name}.enabled": False for name in SERVER_SERVICES_OFF}
    # Run logs stay in the test process (caplog, capfd read them); the system tests read them from a server.
    # No flow-run heartbeats: they tell a server that a worker's run is alive, and a run in the test process
    # is watched by the test; their thread sleeps in whole seconds, so every run's exit waited up to 1 s for it.
    with temporary_settings(updates=services), prefect_test_harness(server_startup_timeout=None), \
            temporary_settings(updates={PREFECT_LOGGING_TO_API_ENABLED: False,
                                        PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):  # flows/__init__.py: 300 s start-up
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

