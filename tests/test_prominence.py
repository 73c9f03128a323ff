"""Top stories and the story printed twice: ranking, near-duplicates, printed page numbers, and how the
page, the email, the text and the JSON show them."""
from __future__ import annotations

import email
import html as html_module
import json
import re
import shutil
from email import policy

import pytest

from summarize.assemble import assemble_digest
from summarize.summary import summarize_story
from in_memory import read_folder
from summarize.pageview import printed_page
from summarize.prominence import reprint_pairs, shingles
from summarize.render import reading_order
from in_memory import render_files
from summarize.segment import segment_page
from summarize.settings import Settings

from .conftest import DAY, NOW, seed, seed_digest

HEADLINE = "科技创新打造全域发展『生态圈』"


def test_printed_page_numbers_from_the_file_name_or_a_header_line():
    assert printed_page("in/2026-11-21_A03.txt") == "A3"
    assert printed_page("in/湖南日报_第3版_要闻.txt") == "3"
    assert printed_page("in/page.txt", ["", "2026年11月21日 星期六 第 12 版 要闻", "标题"]) == "12"
    assert printed_page("seeds/000_a29ede8d21290cff.txt", seed("000").read_text(encoding="utf-8").splitlines()) is None
    # a sentence that mentions a page is no header
    assert printed_page("x.txt", ["详细报道见本报第3版，记者从省委组织部了解到该项工作自今年以来在全省范围推开。"]) is None


def test_different_seed_stories_are_no_reprints_and_a_cut_copy_is():
    texts = [item.story.text for item in seed_digest().stories]
    assert reprint_pairs(texts) == []
    lead = texts[0].split("\n")[0]
    assert len(shingles(lead)) >= 20
    (pair,) = reprint_pairs(texts + [lead + "（详见第3版）"])
    assert pair[:2] == (0, len(texts)) and pair[2] > 0.9


@pytest.fixture(scope="module")
def teaser_day(tmp_path_factory):
    """Two seed-style pages of one day: seed 000 printed as page A3, and a front page A1 that carries a
    teaser of its first story (kicker, headline and lead paragraph, cut from the seed page) over the
    first story of seed 004."""
    folder = tmp_path_factory.mktemp("teaser")
    shutil.copy(seed("000"), folder / "2026-11-21_A03.txt")
    lines = seed("000").read_text(encoding="utf-8").split("\n")
    lead_end = lines.index(next(line for line in lines[6:] if line.strip())) + 1  # kicker, headline, lead
    other = seed("004").read_text(encoding="utf-8").split("\n")[:60]
    (folder / "2026-11-21_A01.txt").write_text("\n".join(lines[:lead_end] + ["（详见A3版）", ""] + other),
                                               encoding="utf-8")
    pages, sources = read_folder(folder)
    summaries = [summarize_story(s) for page in pages for s in segment_page(page)]
    digest = assemble_digest(DAY, NOW, sources, summaries)
    return digest, render_files(digest, Settings())


def test_a_story_printed_on_two_pages_appears_once_marked_also_on_the_other_page(teaser_day):
    digest, files = teaser_day
    assert [s.printed_page for s in digest.sources] == ["A1", "A3"]
    printings = [item.story for item in digest.stories if HEADLINE in item.story.title]
    assert len(printings) == 2 and {p.source[-7:] for p in printings} == {"A01.txt", "A03.txt"}
    shown = [s for g in reading_order(digest) for s in g["stories"] if HEADLINE in s["title"]]
    assert len(shown) == 1 and shown[0]["source"].endswith("A03.txt")  # the full story, not the teaser
    assert [a["page_label"] for a in shown[0]["also"]] == ["第 A1 版"]
    html = files["digest.html"].decode("utf-8")
    assert html.count(f"{HEADLINE}</h3>") == 1 and "亦见<a href=\"pages/2026-11-21_A01.html#L" in html
    assert "亦见第 A1 版" in files["digest.txt"].decode("utf-8")
    record = json.loads(files["digest.json"])
    (teaser,) = [s for s in record["stories"] if s["reprint_of"]]
    assert teaser["source"].endswith("A01.txt") and teaser["reprint_of"] == shown[0]["id"]
    # on the front page and bylined: the front-page teaser lifts the story to the top
    kept = next(s for s in record["stories"] if s["id"] == shown[0]["id"])
    assert "front" in kept["signals"] and "reprint" in kept["signals"] and kept["rank"] == 1


def test_top_stories_open_the_page_the_email_and_the_text():
    digest = seed_digest()
    files = render_files(digest, Settings())
    top = sorted((p.rank, i) for i, p in digest.prominence.items() if p.rank)[:5]
    titles = {item.story.id: item.story.title for item in digest.stories}
    heads = [titles[i] for _, i in top]
    assert len(heads) == 5
    html = files["digest.html"].decode("utf-8")
    block = html[html.index('<section class="top panel"'):html.index("</section>", html.index('<section class="top panel"'))]
    assert [h in block for h in heads] == [True] * 5
    assert html.index('<section class="top panel"') < html.index('<section class="group"')
    msg = email.message_from_bytes(files["digest.eml"], policy=policy.default)
    text, mail_html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    assert text.splitlines()[3] == "===== 要闻 =====" and text.index(heads[0]) < text.index("目录")
    assert all(h[:12] in text[:text.index("目录")] for h in heads)
    assert mail_html.index("要闻") < mail_html.index("目录") and all(h in mail_html[:mail_html.index("目录")] for h in heads)
    assert msg["Subject"] == f"每日新闻摘要 Daily digest 2026-11-21：{heads[0]}"
    # each top story keeps its summary in the block; the first is a page's lead (first, bylined, longest)
    first = next(item for item in digest.stories if item.story.id == top[0][1])
    plain = html_module.unescape(re.sub(r"<[^>]+>", "", block))  # keywords are marked inside sentences
    assert all(sentence in plain for sentence in first.summary)
    assert set(digest.prominence[top[0][1]].signals) >= {"first", "byline", "longest"}


def test_rank_is_a_total_order_over_distinct_stories():
    ranks = sorted(p.rank for p in seed_digest().prominence.values() if p.rank is not None)
    assert ranks == list(range(1, len(seed_digest().stories) + 1))
    votes = {i: p.votes for i, p in seed_digest().prominence.items()}
    by_rank = sorted(seed_digest().prominence.items(), key=lambda kv: kv[1].rank)
    assert [votes[i] for i, _ in by_rank] == sorted(votes.values(), reverse=True)
