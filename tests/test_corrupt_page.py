"""Bad pages among the seeds: each is reported in `sources` with its reason, and every good page keeps
all of its stories."""
from __future__ import annotations

import json
import shutil

import pytest
from prefect.artifacts import Artifact

from flows.daily import daily_digest
from summarize import segment

from .conftest import SEED_FILES, UNDER_PREFECT, seed

DAY = "2026-11-21"


pytestmark = UNDER_PREFECT


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in SEED_FILES:
        shutil.copy(p, folder)
    return folder


def _digest(pages, out) -> dict:
    daily_digest(date=DAY, input_dir=str(pages), output_dir=str(out))
    return json.loads((out / DAY / "digest.json").read_text(encoding="utf-8"))


def _ids(stories) -> list[str]:
    return sorted(s["id"] if isinstance(s, dict) else s.id for s in stories)


def _seed_ids(seed_stories) -> list[str]:
    return _ids([s for stories in seed_stories.values() for s in stories])


def test_unreadable_pages_are_reported_and_cost_no_stories(pages, tmp_path, seed_stories):
    line = "湖南日报讯 记者 张三 报道：全省上下扎实推进各项工作。\n".encode("utf-8")
    (pages / "100_oversized.txt").write_bytes(line * (5 * 1024 * 1024 // len(line) + 1))
    (pages / "101_binary.txt").write_bytes(b"%PDF-1.7\n\x00\x00\x01\x02stream\x00")
    (pages / "102_empty.txt").write_bytes(b"")
    (pages / "103_blank.txt").write_bytes(b" \n\t\r\n\n")
    (pages / "104_undecodable.txt").write_bytes("新闻".encode("utf-8") + b"\xff\xfe\x80\x81" * 8)
    record = _digest(pages, tmp_path / "out")

    errors = {s["path"].rsplit("/", 1)[1]: s["error"] for s in record["sources"] if s["status"] == "error"}
    assert set(errors) == {"100_oversized.txt", "101_binary.txt", "102_empty.txt", "103_blank.txt",
                           "104_undecodable.txt"}
    assert "limit" in errors["100_oversized.txt"]
    assert "binary" in errors["101_binary.txt"]
    assert errors["102_empty.txt"] == errors["103_blank.txt"] == "empty file"
    assert "decoded" in errors["104_undecodable.txt"]
    ok = [s for s in record["sources"] if s["status"] == "ok"]
    assert [s["path"].rsplit("/", 1)[1] for s in ok] == [p.name for p in SEED_FILES]
    assert _ids(record["stories"]) == _seed_ids(seed_stories)
    html = (tmp_path / "out" / DAY / "digest.html").read_text(encoding="utf-8")
    assert "104_undecodable.txt" in html and "101_binary.txt" in html

    report = Artifact.get("daily-digest").data  # the run's markdown report in Prefect
    assert f"# 每日新闻摘要 {DAY}" in report
    assert f"**{len(record['stories'])}** stories from **5** of **10** pages" in report
    assert "101\\_binary\\.txt | **error**: binary file" in report
    assert "Email: not sent" in report


def test_a_page_that_breaks_segmentation_costs_only_its_own_stories(pages, tmp_path, seed_stories, monkeypatch):
    broken = seed("002").name
    real = segment.segment_page

    def segment_or_fail(page, **options):
        if page.path.endswith(broken):
            raise IndexError("list index out of range")
        return real(page, **options)

    monkeypatch.setattr(segment, "segment_page", segment_or_fail)
    record = _digest(pages, tmp_path / "out")
    (failed,) = [s for s in record["sources"] if s["status"] == "error"]
    assert failed["path"].endswith(broken)
    assert failed["error"] == "segmentation failed: IndexError: list index out of range"
    others = {prefix: stories for prefix, stories in seed_stories.items() if not broken.startswith(prefix)}
    assert _ids(record["stories"]) == _seed_ids(others)
