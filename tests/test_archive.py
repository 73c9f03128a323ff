"""The archive (out/index.html, out/feed.xml), the run report, and backfill over dated input folders."""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import html5lib
import pytest

from flows.cli import main
from summarize.archive import ArchiveEntry, list_digests, render_feed, render_index, run_report
from summarize.settings import Settings

from .conftest import seed_excerpt

ATOM = "{http://www.w3.org/2005/Atom}"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _entry(day: str, headline: str) -> ArchiveEntry:
    return ArchiveEntry(date=dt.date.fromisoformat(day), generated_at=dt.datetime(2026, 11, 21, 7, tzinfo=SHANGHAI),
                        stories=1, headlines=(headline,), keywords=("禁毒",), pages=2, errors=1)


def test_index_escapes_headlines_and_is_valid_html():
    html = render_index([_entry("2026-11-21", "娄底<script>alert(1)</script>督办专员")], Settings())
    assert "<script>alert" not in html and "娄底&lt;script&gt;alert(1)&lt;/script&gt;督办专员" in html
    assert '<a href="2026-11-21/digest.html">2026-11-21</a>' in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_feed_is_atom_with_absolute_links_under_archive_url():
    feed = ET.fromstring(render_feed([_entry("2026-11-20", "甲 & <乙>"), _entry("2026-11-21", "丙")],
                                     Settings(archive_url="https://news.example.org/digest/")))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["每日新闻摘要 2026-11-21", "每日新闻摘要 2026-11-20"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        "https://news.example.org/digest/2026-11-21/digest.html", "https://news.example.org/digest/2026-11-20/digest.html"]
    assert entries[1].find(f"{ATOM}summary").text == "1 篇：甲 & <乙>"  # XML-escaped on the wire, intact when read
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2


def test_list_digests_skips_staging_and_broken_folders(tmp_path):
    (tmp_path / ".2026-11-21.abc.new").mkdir()
    (tmp_path / "2026-11-19").mkdir()
    (tmp_path / "2026-11-19" / "digest.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    assert list_digests(tmp_path) == []


def test_run_report_lists_pages_with_reasons_and_escapes_markup(tmp_path):
    (tmp_path / "digest.html").write_text("x", encoding="utf-8")
    header = {"date": "2026-11-21", "sources": [
        {"path": "in/000.txt", "status": "ok", "error": None, "stories": 3},
        {"path": "in/a|b<script>.txt", "status": "error", "error": "empty file", "stories": 0}]}
    report = run_report(header, 3, tmp_path, "sent to desk@example.org")
    assert "# 每日新闻摘要 2026-11-21" in report
    assert "**3** stories from **1** of **2** pages" in report
    assert "| in/a\\|b&lt;script&gt;\\.txt | **error**: empty file | 0 |" in report
    assert report.rstrip().endswith("/digest\\.html")  # the files written, last


@pytest.mark.xdist_group("prefect")  # the harness's worker (conftest.UNDER_PREFECT)
def test_backfill_runs_each_date_and_the_archive_lists_them(prefect_harness, tmp_path, capfd):
    inputs, out = tmp_path / "in", tmp_path / "out"
    for day, prefix in (("2026-11-19", "000"), ("2026-11-20", "001")):
        seed_excerpt(prefix, inputs / day)
    code = main(["run", "--from", "2026-11-19", "--to", "2026-11-21", "--input", str(inputs), "--output", str(out)])
    assert code == 1  # 2026-11-21 has no pages: reported, and the other days are still built
    assert f"no pages for 2026-11-21: no *.txt in {inputs}/2026-11-21/" in capfd.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == [".locks", "2026-11-19", "2026-11-20", "feed.xml", "index.html",
                                                     "search.js"]

    search = (out / "search.js").read_text(encoding="utf-8")
    assert search.startswith("window.DIGEST_SEARCH={\"days\":[\"2026-11-20\",\"2026-11-19\"]")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<script src="search.js"></script>' in index
    assert index.index('href="2026-11-20/digest.html"') < index.index('href="2026-11-19/digest.html"')
    feed = ET.parse(out / "feed.xml").getroot()
    ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")] == [
        "2026-11-20/digest.html", "2026-11-19/digest.html"]

    assert main(["run", "--date", "2026-11-20", "--input", str(inputs), "--output", str(out)]) == 0
    feed = ET.parse(out / "feed.xml").getroot()  # a re-run updates its day's entry, adds none
    assert [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")] == ids


def test_a_days_record_is_read_back_as_a_stream_of_the_keys_asked_for(tmp_path):
    """``files.read_digest`` (the archive, the search index and the keyword background read each day's
    digest.json with it): the header keys asked for, and of each story only the keys asked for; a record
    missing a header key or not JSON raises what the archive's readers skip a day on."""
    from summarize.files import read_digest

    record = {"date": "2026-11-21", "generated_at": "2026-11-21T07:00:00+08:00",
              "sources": [{"path": "in/000.txt", "status": "ok", "error": None, "stories": 2}],
              "stories": [{"id": "a1", "title": "娄底“督办专员”因事施督共破难题", "text": "正文" * 500, "rank": 1,
                           "reprint_of": None, "keywords": ["督办"]},
                          {"id": "b2", "title": "乘势而上启新程", "text": "正文", "rank": None, "reprint_of": "a1",
                           "keywords": []}],
              "keywords": ["督办", "园区"], "day_keywords": [{"word": "督办", "weight": 0.5, "new": True}]}
    path = tmp_path / "digest.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    got = read_digest(path, ("date", "keywords"), ("id", "title", "reprint_of"))
    assert got == {"date": "2026-11-21", "keywords": ["督办", "园区"],
                   "stories": [{"id": "a1", "title": "娄底“督办专员”因事施督共破难题", "reprint_of": None},
                               {"id": "b2", "title": "乘势而上启新程", "reprint_of": "a1"}]}
    with pytest.raises(KeyError):
        read_digest(path, ("date", "pages"), ())
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError):
        read_digest(path, ("date",), ())
