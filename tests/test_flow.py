"""The Prefect flow end to end on the seed pages, under Prefect's test harness."""
from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path


from flows.daily import daily_digest
from flows.progress import PageProgress
from summarize import pages

from .conftest import SEED_FILES, UNDER_PREFECT, seed, seed_excerpt

HEADLINE = "娄底“督办专员”因事施督共破难题"


pytestmark = UNDER_PREFECT


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


def _copy_seeds(folder, prefixes=("000", "002")):
    for prefix in prefixes:
        seed_excerpt(prefix, folder)  # the first stories of each page: a run's caching, not the pages, is tested


def test_a_rerun_reuses_each_unchanged_page_and_recomputes_a_changed_one(tmp_path, monkeypatch):
    done = []
    real = pages.summarize_page
    monkeypatch.setattr(pages, "summarize_page", lambda path, options: done.append(Path(path).name) or real(path, options))
    _copy_seeds(tmp_path / "in")
    run = dict(date="2026-11-21", input_dir=str(tmp_path / "in"), output_dir=str(tmp_path / "out"))
    daily_digest(**run)
    assert sorted(done) == sorted(seed(p).name for p in ("000", "002"))

    done.clear()
    daily_digest(**run)
    assert done == []  # every page came from the cache
    first = json.loads((tmp_path / "out" / "2026-11-21" / "digest.json").read_text(encoding="utf-8"))

    changed = tmp_path / "in" / seed("000").name
    changed.write_text(changed.read_text(encoding="utf-8").replace(HEADLINE, "娄底督办专员破难题"), encoding="utf-8")
    daily_digest(**run)
    assert done == [seed("000").name]
    titles = [s["title"] for s in json.loads((tmp_path / "out" / "2026-11-21" / "digest.json")
                                             .read_text(encoding="utf-8"))["stories"]]
    assert "娄底督办专员破难题" in titles and HEADLINE not in titles
    assert len(titles) == len(first["stories"])

    done.clear()
    daily_digest(**run, cache=False)  # --no-cache
    assert len(done) == 2


def _captured(name: str) -> tuple[logging.Logger, list[str]]:
    """A logger at INFO whose messages are kept in the returned list."""
    lines: list[str] = []
    logger = logging.getLogger(name)
    logger.addHandler(handler := logging.Handler())
    handler.emit = lambda record: lines.append(record.getMessage())
    logger.setLevel(logging.INFO)
    return logger, lines


def test_progress_is_a_line_every_tenth_of_the_pages_or_every_ten_seconds():
    logger, lines = _captured("test-progress")
    now = [0.0]
    with PageProgress(300, "2026-11-21", logger, tty=False, artifact=False, clock=lambda: now[0]) as progress:
        for _ in range(15):  # 300 pages in batches of 20 (runners.batch_size on 2 CPUs), 2 s a batch
            now[0] += 2.0
            progress.advance(20)
    assert [line.split(" (")[0] for line in lines] == [f"Pages: {n} of 300" for n in (
        40, 60, 100, 120, 160, 180, 220, 240, 280, 300)]  # each time a tenth (30 pages) is crossed
    assert lines[-1] == "Pages: 300 of 300 (100%), 10.00 pages/s"
    assert lines[0] == "Pages: 40 of 300 (13%), 10.00 pages/s, about 26 s left"

    lines.clear()
    with PageProgress(1000, "2026-11-21", logger, tty=False, artifact=False, clock=lambda: now[0]) as progress:
        for _ in range(12):  # slow pages: 4 s each, far from a tenth of the day
            now[0] += 4.0
            progress.advance()
    assert lines == ["Pages: 3 of 1000 (0%), 0.25 pages/s, about 3988 s left",
                     "Pages: 6 of 1000 (1%), 0.25 pages/s, about 3976 s left",
                     "Pages: 9 of 1000 (1%), 0.25 pages/s, about 3964 s left",
                     "Pages: 12 of 1000 (1%), 0.25 pages/s, about 3952 s left"]


def test_progress_says_something_every_ten_seconds_even_while_no_page_finishes():
    logger, lines = _captured("test-progress-ticks")
    with PageProgress(10, "2026-11-21", logger, tty=False, artifact=False, every_seconds=0.2):
        for _ in range(600):  # a slow first page
            if lines:
                break
            time.sleep(0.05)
    assert lines and lines[0] == "Pages: 0 of 10 (0%), 0.00 pages/s"
