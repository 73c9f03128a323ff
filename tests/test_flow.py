"""The Prefect flow end to end on the seed pages, under Prefect's test harness."""
from __future__ import annotations

import json
import shutil

import pytest
from prefect.testing.utilities import prefect_test_harness

from flows.daily import daily_digest

from .conftest import SEED_FILES


@pytest.fixture(scope="module", autouse=True)
def prefect_harness():
    with prefect_test_harness(server_startup_timeout=None):  # prefect.toml: 300 s
        yield


def test_flow_writes_the_digest_for_every_seed_page(tmp_path):
    (tmp_path / "in").mkdir()
    for p in SEED_FILES:
        shutil.copy(p, tmp_path / "in" / p.name)
    (tmp_path / "in" / "999_broken.txt").write_bytes(b"\x00\x00PK\x03\x04")
    folder = daily_digest(date="2026-11-21", input_dir=str(tmp_path / "in"), output_dir=str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out" / "2026-11-21").iterdir()) == \
        ["digest.eml", "digest.html", "digest.json", "digest.txt", "pages"]
    # one page view per readable page, written with the rest of the day's folder
    assert sorted(p.name for p in (tmp_path / "out" / "2026-11-21" / "pages").iterdir()) == \
        sorted(p.stem + ".html" for p in SEED_FILES)
    assert folder.endswith("2026-11-21")
    record = json.loads((tmp_path / "out" / "2026-11-21" / "digest.json").read_text(encoding="utf-8"))
    ok = [s for s in record["sources"] if s["status"] == "ok"]
    assert len(ok) == 5 and all(s["stories"] > 0 for s in ok)
    (broken,) = [s for s in record["sources"] if s["status"] == "error"]
    assert broken["path"].endswith("999_broken.txt") and "binary" in broken["error"]
    titles = [s["title"] for s in record["stories"]]
    assert "娄底“督办专员”因事施督共破难题" in titles
    assert sum(s["stories"] for s in ok) == len(record["stories"])
    for story in record["stories"]:
        assert story["title"] and story["keywords"]
        assert 1 <= len(story["summary"]) <= 3
        assert all(sentence in story["text"] for sentence in story["summary"])
