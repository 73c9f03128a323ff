"""Rendering: escaping, grouping, the page's HTML, the email's parts and sizes, the text's widths, JSON."""
from __future__ import annotations

import datetime as dt
import email
import io
import json
import re
from email import policy

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import width

from summarize.assemble import assemble_digest
from summarize.summary import summarize_story
from summarize.models import Source
from summarize.render import (digest_record, highlight, line_ranges, reading_order, render_json, top_stories,
                              wrap_display, write_json)
from in_memory import render_files
from summarize.segment import segment_page
from summarize.settings import Settings

from .conftest import DAY, NOW, email_parts, page_from_text, seed, seed_digest

EXTERNAL = re.compile(r"""(?:https?:|ftp:)?//[\w.-]+|@import|url\(""", re.I)


@pytest.fixture(scope="module")
def seed_files() -> dict[str, bytes]:
    return render_files(seed_digest(), Settings())


@pytest.fixture(scope="module")
def hostile_files():
    text = seed("000").read_text(encoding="utf-8").replace(
        "娄底“督办专员”因事施督共破难题", "娄底<script>alert(1)</script>督办专员")
    page = page_from_text(text, "seeds/000_a29ede8d21290cff.txt")
    summaries = [summarize_story(s) for s in segment_page(page)]
    digest = assemble_digest(DAY, NOW, [Source(page.path, "ok"), Source("seeds/bad.txt", "error", "empty file")],
                             summaries)
    return render_files(digest, Settings(email_to="a@example.org, b@example.org"))


def test_script_in_page_text_is_escaped(hostile_files):
    html = hostile_files["digest.html"].decode("utf-8")
    assert "<script>alert" not in html  # the page's own script is the region filter
    assert "娄底&lt;script&gt;alert(1)&lt;/script&gt;督办专员" in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_highlight_escapes_before_it_marks():
    (html,) = highlight(["<b>督办</b> & 督办专员 & 督办"], ["督办", "督办专员", "&", "b"])
    assert html == "&lt;<mark>b</mark>&gt;<mark>督办</mark>&lt;/b&gt; <mark>&amp;</mark> <mark>督办专员</mark> &amp; 督办"


def test_highlight_marks_each_keyword_once_per_summary():
    html = highlight(["全市工作会议。", "工作要落实，全市上下。"], ["工作", "全市", "落实"])
    assert html == ["<mark>全市</mark><mark>工作</mark>会议。", "工作要<mark>落实</mark>，全市上下。"]


def test_line_ranges_bridge_blank_lines_between_paragraphs():
    assert line_ranges([3, 5, 7, 8, 20, 30, 31]) == "3–8, 20, 30–31"
    assert line_ranges([]) == ""


@given(st.text(alphabet="娄底市督办专员工作，。“”（）abc 12", max_size=300), st.integers(24, 100))
def test_wrap_display_keeps_every_character_within_the_width(text, columns):
    wrapped = wrap_display(text, "    ", columns=columns)
    assert all(width(line, ambiguous_width=2) <= columns for line in wrapped.split("\n"))
    assert re.sub(r"\s", "", wrapped) == re.sub(r"\s", "", text)


def test_wrap_display_keeps_closing_marks_off_the_start_of_a_line():
    sentence = "针对一些工作在推进落实中存在的不动、推推动、动而不实等问题，娄底市探索建立督办专员制度。"
    for columns in range(24, 80):
        lines = wrap_display(sentence, columns=columns).split("\n")
        assert not any(line[0] in "，。、”" for line in lines[1:]), (columns, lines)


def test_stories_are_grouped_by_the_region_they_name(seed_files):
    groups = reading_order(seed_digest())
    by_title = {s["title"]: g for g in groups for s in g["stories"]}
    assert by_title["娄底“督办专员”因事施督共破难题"]["title"] == "娄底市"
    assert sum(len(g["stories"]) for g in groups) == len(seed_digest().stories)
    assert [s["number"] for g in groups for s in g["stories"]] == list(range(1, len(seed_digest().stories) + 1))
    kinds = [g["kind"] for g in groups]
    assert kinds == sorted(kinds, key=lambda k: k == "page")  # regions first, then pages
    for g in groups:
        for s in g["stories"]:
            assert s["region"] == (g["title"] if g["kind"] == "region" else None)


def test_page_has_header_toc_keyword_chart_and_every_story(seed_files):
    html = seed_files["digest.html"].decode("utf-8")
    digest = seed_digest()
    assert "<title>每日新闻摘要 2026-11-21</title>" in html and "2026年11月21日 星期六" in html
    assert f"<b>{len(digest.stories)}</b>篇" in html and "<b>5</b>版" in html
    assert html.count('<article class="panel" id="s-') == len(digest.stories)
    assert html.count("<details>") == len(digest.stories)
    for item in digest.stories:
        assert f'href="#s-{item.story.id}"' in html and f'id="s-{item.story.id}"' in html
    assert html.count('<span class="fill" style="width: ') == len(digest.keywords)
    assert "<mark>" in html and "prefers-color-scheme: dark" in html and "Noto Sans CJK SC" in html


@pytest.mark.parametrize("name", ["page", "email"])
def test_html_is_valid_html5_and_self_contained(seed_files, name):
    html = seed_files["digest.html"].decode("utf-8") if name == "page" else email_parts(seed_files)[2]
    html5lib.HTMLParser(strict=True).parse(html)  # raises ParseError on the first error
    assert EXTERNAL.findall(html) == []
    assert "<link" not in html
    # the page's one script is the region filter, inline; the email has none
    assert re.findall(r"<script[^>]*>", html) == (["<script>"] if name == "page" else [])


def test_external_url_pattern_catches_what_it_must():
    assert EXTERNAL.findall('<img src="https://cdn.example/x.png"> <a href="//x.org"> url(a.woff)') == \
        ["https://cdn.example", "//x.org", "url("]


def test_eml_is_multipart_alternative_with_text_and_html(hostile_files):
    msg, text, html = email_parts(hostile_files)
    assert msg.get_content_type() == "multipart/alternative"
    assert "2026-11-21" in msg["Subject"]
    assert msg["To"] == "a@example.org, b@example.org"
    assert "科技创新打造全域发展『生态圈』" in text and "科技创新打造全域发展『生态圈』" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "未能读取 seeds/bad.txt：empty file" in text and "未能读取 seeds/bad.txt：empty file" in html


def test_email_html_has_inlined_styles_and_a_table_layout(seed_files):
    _, _, html = email_parts(seed_files)
    document = html5lib.parse(html, namespaceHTMLElements=False)
    headlines = document.findall(".//h3")
    assert len(headlines) == len(seed_digest().stories)
    assert all("font-size: 18px" in h.get("style", "") for h in headlines)
    (style,) = document.findall(".//style")
    assert re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", style.text).strip() == ""  # only @media left
    assert document.find(".//table[@role='presentation']") is not None
    assert "<mark>" in html


def test_email_html_part_stays_under_100_kb(seed_files):
    msg = email.message_from_bytes(seed_files["digest.eml"], policy=policy.default)
    html_part = msg.get_body(("html",))
    size = len(html_part.as_bytes())
    print(f"email: .eml {len(seed_files['digest.eml'])} bytes, HTML part {size} bytes "
          f"({html_part['Content-Transfer-Encoding']}), text part {len(msg.get_body(('plain',)).as_bytes())} bytes")
    assert size < 100 * 1024  # Gmail clips a message whose HTML passes ~102 KB
    assert len(seed_files["digest.eml"]) < 100 * 1024  # the whole message, top stories included


def test_text_part_opens_with_the_toc_and_wraps_by_display_width(seed_files):
    _, text, _ = email_parts(seed_files)
    lines = text.splitlines()
    assert lines[0] == "每日新闻摘要 2026-11-21 星期六" and lines[3] == "===== 要闻 =====" and "目录" in lines
    toc_start = lines.index("目录") + 1
    toc_end = lines.index("", toc_start)
    numbered = [line for line in lines[toc_start:toc_end] if re.match(r"\s*\d+\. ", line)]
    assert len(numbered) == len(seed_digest().stories)
    assert all(width(line, ambiguous_width=2) <= Settings().text_columns for line in lines)
    assert max(width(line, ambiguous_width=2) for line in lines) > Settings().text_columns - 8  # lines are filled


def test_json_follows_the_schema(hostile_files):
    record = json.loads(hostile_files["digest.json"])
    assert record["date"] == "2026-11-21"
    assert dt.datetime.fromisoformat(record["generated_at"]).utcoffset() == dt.timedelta(hours=8)
    (ok, bad) = record["sources"]
    assert ok["path"] == "seeds/000_a29ede8d21290cff.txt" and ok["status"] == "ok"
    assert ok["stories"] == len(record["stories"]) > 0
    assert bad == {"path": "seeds/bad.txt", "status": "error", "error": "empty file", "stories": 0, "printed_page": None}
    for story in record["stories"]:
        assert {"id", "source", "title", "subtitle", "authors", "text", "summary", "keywords"} <= set(story)
        assert 1 <= len(story["summary"]) <= 3
        assert all(sentence in story["text"] for sentence in story["summary"])
    assert len({s["id"] for s in record["stories"]}) == len(record["stories"])
    assert record["keywords"]


def test_json_written_story_by_story_equals_json_dumps(seed_files):
    assert seed_files["digest.json"].decode("utf-8") == render_json(seed_digest())


def test_json_written_story_by_story_equals_json_dumps_with_or_without_stories(hostile_files):
    digest = seed_digest()
    empty = assemble_digest(DAY, NOW, [Source("seeds/bad.txt", "error", "empty file")], [])
    for d in (digest, empty):
        buffer = io.BytesIO()
        write_json(d, buffer)
        assert buffer.getvalue().decode("utf-8") == json.dumps(digest_record(d), ensure_ascii=False, indent=2) + "\n"
    assert json.loads(hostile_files["digest.json"])["sources"][1]["error"] == "empty file"


def test_the_email_carries_the_first_stories_and_points_to_the_page_for_the_rest():
    digest = seed_digest()
    files = render_files(digest, Settings(email_max_stories=10))
    rest = len(digest.stories) - 10
    _, text, html = email_parts(files)
    start = text.splitlines().index("目录") + 1
    toc = text.splitlines()[start:text.splitlines().index("", start)]
    assert [int(m.group(1)) for line in toc if (m := re.match(r"\s*(\d+)\. ", line))] == list(range(1, 11))
    numbers = [int(n) for n in re.findall(r"<h3[^>]*>(\d+)\. ", html)]
    # the first 10 in full, and the top stories ahead of them wherever they stand in reading order
    assert set(numbers) == set(range(1, 11)) | {s["number"] for s in top_stories(reading_order(digest), 5)}
    assert len(numbers) == len(set(numbers))
    assert f"另有 {rest} 篇报道未列入邮件，见当日 digest.html" in text
    assert f"另有 {rest} 篇报道未列入邮件，见当日 digest.html" in html
    page = files["digest.html"].decode("utf-8")
    assert page.count('<article class="panel" id="s-') == len(digest.stories) and "未列入邮件" not in page
    assert "未列入邮件" not in files["digest.txt"].decode("utf-8")
    assert "未列入邮件" not in email_parts(render_files(digest, Settings(email_max_stories=len(digest.stories))))[1]
