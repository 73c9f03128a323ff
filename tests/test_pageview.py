"""Page views: a page's lines as printed, escaped, each story's lines marked, the rest grey."""
from __future__ import annotations

import html5lib

from summarize.assemble import assemble_digest
from summarize.models import Source, Story, StorySummary
from in_memory import render_files
from summarize.settings import Settings

from .conftest import DAY, NOW



def test_a_page_view_escapes_page_text_and_marks_each_storys_lines(tmp_path):
    page = tmp_path / "2026-11-21_第2版.txt"
    page.write_text("2026年11月21日 星期六 第2版\n\n娄底<script>alert(1)</script>督办\n\n正文一。\n正文二。\n\n图为现场。\n",
                    encoding="utf-8")
    story = Story(id="abc123", source=str(page), title="娄底<script>alert(1)</script>督办",
                  paragraphs=("正文一。正文二。",), lines=(3, 5, 6))
    digest = assemble_digest(DAY, NOW, [Source(str(page), "ok")], [StorySummary(story, ("正文一。",), ())])
    assert digest.sources[0].printed_page == "2"
    files = render_files(digest, Settings())
    view = files["pages/2026-11-21_第2版.html"].decode("utf-8")
    html5lib.HTMLParser(strict=True).parse(view)
    assert "<script>" not in view and "娄底&lt;script&gt;alert(1)&lt;/script&gt;督办" in view
    assert '<div class="ln story" id="L3" data-story="abc123"' in view
    assert '<div class="ln story" id="L4" data-story="abc123"' in view  # the blank line inside the story
    assert '<div class="ln furniture" id="L1">' in view and '<div class="ln furniture" id="L8">' in view
    assert "<h1>第 2 版</h1>" in view
    page_html = files["digest.html"].decode("utf-8")
    assert 'href="pages/2026-11-21_%E7%AC%AC2%E7%89%88.html#L3"' in page_html and "第 2 版 · " in page_html
