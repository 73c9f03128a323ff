"""Rendering: escaping, the email's structure, the JSON schema."""
from __future__ import annotations

import datetime as dt
import email
import json
from email import policy
from zoneinfo import ZoneInfo

import html5lib
import pytest

from summarize.digest import assemble_digest, summarize_story
from summarize.models import Source
from summarize.render import render_all
from summarize.segment import segment_page
from summarize.settings import Settings

from .conftest import page_from_text, seed

DAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def hostile_files():
    text = seed("000").read_text(encoding="utf-8").replace(
        "娄底“督办专员”因事施督共破难题", "娄底<script>alert(1)</script>督办专员")
    page = page_from_text(text, "seeds/000_a29ede8d21290cff.txt")
    summaries = [summarize_story(s) for s in segment_page(page)]
    digest = assemble_digest(DAY, NOW, [Source(page.path, "ok"), Source("seeds/bad.txt", "error", "empty file")],
                             summaries)
    return render_all(digest, Settings(email_to="a@example.org, b@example.org"))


def test_script_in_page_text_is_escaped(hostile_files):
    html = hostile_files["digest.html"].decode("utf-8")
    assert "<script>" not in html
    assert "娄底&lt;script&gt;alert(1)&lt;/script&gt;督办专员" in html
    html5lib.HTMLParser(strict=True).parse(html)  # well-formed HTML5


def test_html_has_date_toc_and_stories(hostile_files):
    html = hostile_files["digest.html"].decode("utf-8")
    assert "<title>每日新闻摘要 2026-11-21</title>" in html
    assert html.count('<a href="#s-') == html.count("<article id=") == 10
    assert "科技创新打造全域发展『生态圈』" in html
    assert "未能读取 seeds/bad.txt：empty file" in html


def test_eml_is_multipart_alternative_with_text_and_html(hostile_files):
    msg = email.message_from_bytes(hostile_files["digest.eml"], policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    assert "2026-11-21" in msg["Subject"]
    assert msg["To"] == "a@example.org, b@example.org"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "科技创新打造全域发展『生态圈』" in text and "科技创新打造全域发展『生态圈』" in html
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_json_follows_the_schema(hostile_files):
    record = json.loads(hostile_files["digest.json"])
    assert record["date"] == "2026-11-21"
    assert dt.datetime.fromisoformat(record["generated_at"]).utcoffset() == dt.timedelta(hours=8)
    assert record["sources"] == [
        {"path": "seeds/000_a29ede8d21290cff.txt", "status": "ok", "error": None, "stories": 10},
        {"path": "seeds/bad.txt", "status": "error", "error": "empty file", "stories": 0},
    ]
    for story in record["stories"]:
        assert {"id", "source", "title", "subtitle", "authors", "text", "summary", "keywords"} <= set(story)
        assert 1 <= len(story["summary"]) <= 3
        assert all(sentence in story["text"] for sentence in story["summary"])
    assert len({s["id"] for s in record["stories"]}) == len(record["stories"])
    assert record["keywords"]
