"""Summaries a reader can use: every rule of ``summary.choose_summary`` on seed stories and seed excerpts."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.clean import clean_line, normalise_punctuation, split_sentences
from summarize.digest import story_paragraphs, summarize_story
from summarize.models import Story
from summarize.summary import choose_summary, is_furniture, near_duplicate, passages, quote_depth

from .conftest import seed, story_titled


def page_line(prefix: str, start: str) -> str:
    """The line of seed page ``prefix`` that starts with ``start``, cleaned as the segmenter cleans body
    lines."""
    lines = [clean_line(line) for line in seed(prefix).read_text(encoding="utf-8").splitlines()]
    (line,) = [line for line in lines if line.startswith(start)]
    return line


def sentences_of(summary: tuple[str, ...] | list[str]) -> list[str]:
    return [s for item in summary for s in split_sentences(item)]


@pytest.fixture(scope="module")
def summaries(seed_stories):
    return [summarize_story(story) for stories in seed_stories.values() for story in stories]


def test_every_seed_summary_keeps_the_rules(summaries):
    assert len(summaries) >= 30
    for item in summaries:
        story, summary = item.story, item.summary
        assert 1 <= len(sentences_of(summary)) <= 3, story.title
        assert len("".join(summary)) <= 150 or len(sentences_of(summary)) == 1, story.title
        positions = [story.text.index(s) for s in summary]  # verbatim, or index() raises
        assert positions == sorted(positions), story.title
        for s in summary:
            assert not any(quote_depth(s).values()), (story.title, s)
            assert not is_furniture(s), (story.title, s)
            assert s != story.title
        for i, a in enumerate(summary):
            for b in summary[i + 1:]:
                assert not near_duplicate(a, b), (story.title, a, b)


def test_fast_mode_and_summaries_without_the_prior_keep_the_rules_too(seed_stories):
    for story in seed_stories["000"]:
        for options in ({"mode": "fast"}, {"lead_bias": False}):
            summary = summarize_story(story, **options).summary
            assert 1 <= len(sentences_of(summary)) <= 3
            assert all(s in story.text for s in summary)


def test_the_summary_leads_with_the_lead_where_the_page_shows_it(seed_stories):
    """The position prior (default) puts the printed lead in the summary of a story that starts under
    its headline; textrank4zh's ranking alone (``lead_bias=False``) passes it over."""
    story = story_titled(seed_stories["001"], "乘势而上启新程")
    lead = split_sentences(normalise_punctuation(page_line("001", "日前,株洲经开区")))[0]
    assert lead.startswith("日前，株洲经开区传来好消息") and lead.endswith("总投资额达118亿元。")
    assert summarize_story(story).summary[0] == lead
    assert lead not in summarize_story(story, lead_bias=False).summary


def test_no_prior_where_the_story_start_is_unknown(seed_stories):
    """The unheadlined 娄星区 story on page 001 opens with the police story's lead (a mixed line under a
    block of three headlines): the prior would put that sentence in its summary; it is not applied there."""
    story = next(s for s in seed_stories["001"] if "娄星区准确把握" in s.text)
    assert not story.starts_under_heading
    summary = summarize_story(story).summary
    assert summary == summarize_story(story, lead_bias=False).summary
    assert not any("维护社会大局" in s for s in summary)
    assert any("维护社会大局" in s for s in summarize_story(replace(story, starts_under_heading=True)).summary)


def test_an_unheadlined_story_of_unknown_start_is_titled_by_its_own_best_sentence(seed_stories):
    """The 娄星区 story's first sentence (its stand-in headline on the page) is the police story's lead;
    the digest titles it by its best-ranked sentence, which is about 娄星区. A story that starts under
    its heading keeps its title."""
    story = next(s for s in seed_stories["001"] if "娄星区准确把握" in s.text)
    assert story.title.startswith("为全面维护社会大局平安平稳")
    title = summarize_story(story).story.title
    assert "娄星区" in title and title.rstrip("…") in story.text.replace("\n", "")
    assert len(title.rstrip("…")) <= 24
    printed = story_titled(seed_stories["001"], "乘势而上启新程")
    assert summarize_story(printed).story == printed


def test_an_unknown_mode_is_refused(seed_stories):
    with pytest.raises(ValueError, match="ranking mode"):
        summarize_story(seed_stories["000"][0], mode="slow")


def test_budget_in_characters(seed_stories):
    story = max((s for stories in seed_stories.values() for s in stories), key=lambda s: len(s.text))
    paragraphs = story_paragraphs(story)
    flat = [s for p in paragraphs for s in p]
    weights = [1.0] * len(flat)  # every sentence equally good: the budget alone decides
    for budget in (60, 150, 300):
        chosen = choose_summary(paragraphs, weights, max_chars=budget)
        assert len("".join(chosen)) <= budget or len(chosen) == 1
    assert len(choose_summary(paragraphs, weights, max_chars=300)) == 3
    assert len(choose_summary(paragraphs, weights, max_sentences=1)) == 1


def test_bylines_credits_and_captions_never_reach_a_story(seed_stories):
    """The segmenter keeps bylines, credits and photo captions out of the body, so no summary can quote
    them: page 000's 督办专员 story is bylined 熊小平 龚雅丽 梁华 吴孟贤 and has a photo caption (刘建军 摄)
    printed inside it."""
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    assert "熊小平" not in story.text and "刘建军" not in story.text
    assert "熊小平" in story.bylines
    for stories in seed_stories.values():
        for s in stories:
            assert "摄" not in s.text.split("\n")[-1][-2:]
            assert not any(re.fullmatch(r"[（(][^)）]{1,12}[)）]", p.strip()) for p in s.paragraphs)


def test_the_headline_is_never_chosen(seed_stories):
    headline = "娄底“督办专员”因事施督共破难题"
    body = split_sentences(page_line("000", "换届以来，新任干部"))
    # a headline leaked into the body as its last paragraph, ranked best
    paragraphs, weights = [body, [headline]], [0.1] * len(body) + [1.0]
    assert headline in choose_summary(paragraphs, weights)
    assert headline not in choose_summary(paragraphs, weights, headlines=[headline])


def test_a_section_head_inside_the_story_is_not_a_summary_sentence():
    head = page_line("000", "盘活干部资源")  # "盘活干部资源，让退居“二线”干部重上一线"
    body = split_sentences(page_line("000", "换届以来，新任干部"))
    weights = [1.0] + [0.1] * len(body)
    assert head in choose_summary([[head], body], weights)  # as a body paragraph it could be
    chosen = choose_summary([[head], body], weights, roles=["section", "body"])
    assert chosen and head not in chosen


def test_an_unterminated_last_sentence_stays_a_candidate():
    paragraph = split_sentences(page_line("001", "在产业转型升级中提升质效"))  # ends "…在“培育制造名城”中彰显区域担当" with no stop
    assert not re.search(r"[。！？；…]$", paragraph[-1])
    weights = [0.1] * (len(paragraph) - 1) + [1.0]
    assert paragraph[-1] in choose_summary([paragraph], weights, max_chars=300)


def test_quotations_are_whole_or_absent():
    paragraph = split_sentences(page_line("000", "“去年，我们重点从"))
    # “去年，…开展督导督办。 / 今年将‘作业面’…7件大事上。” / 娄底市…
    opened, closed = paragraph[0], paragraph[1]
    assert opened.startswith("“") and closed.endswith("”")
    units = passages([paragraph])
    assert units[0].text == opened + closed and units[0].balanced
    weights = [0.1, 1.0] + [0.1] * (len(paragraph) - 2)  # the sentence that closes the quote ranks best
    chosen = choose_summary([paragraph], weights, max_chars=300)
    assert closed not in chosen and opened + closed in chosen
    # a quotation cut off by the page is never quoted half
    cut = ["“长期奋战在基层一线，不少干部思想"]
    assert not passages([cut])[0].balanced
    body = split_sentences(page_line("000", "换届以来，新任干部"))
    assert cut[0] not in choose_summary([body, cut], [0.1] * len(body) + [1.0])


def test_straight_quotes_count_too():
    paragraph = split_sentences(page_line("001", "这样的活动很有意义"))
    # 这样的活动很有意义,我也会提醒身边骑电动车的朋友戴头盔。"11月19日,湘潭高新区举行…
    assert paragraph[0].count('"') == 0 and paragraph[1].count('"') % 2 == 1
    assert not passages([paragraph[:2]])[-1].balanced
    weights = [0.1, 1.0] + [0.1] * (len(paragraph) - 2)
    assert paragraph[1] not in choose_summary([paragraph], weights, max_chars=300)


def test_near_duplicates_are_not_both_chosen():
    sentence = split_sentences(page_line("001", "日前,株洲经开区"))[0]  # "…总投资额达118亿元。"
    reprint = sentence.replace("日前,", "")  # the same sentence printed again, slightly cut
    other = split_sentences(page_line("000", "换届以来，新任干部"))[0]
    assert near_duplicate(sentence, reprint)
    chosen = choose_summary([[sentence], [reprint], [other]], [1.0, 0.9, 0.1], max_chars=300)
    assert sentence in chosen and reprint not in chosen and other in chosen


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="株洲经开区今年工作开展，。！？“”\"（）() 12ab…；、图为摄记者", max_size=60), max_size=4),
       st.sampled_from(["reference", "fast"]), st.booleans())
def test_any_text_gives_a_verbatim_document_ordered_summary(paragraphs, mode, lead_bias):
    story = Story(id="x", source="seeds/x.txt", title="株洲经开区", paragraphs=tuple(paragraphs), lines=())
    summary = summarize_story(story, mode=mode, lead_bias=lead_bias).summary
    start = 0
    for sentence in summary:  # each found after the one before: verbatim and in document order, even
        start = story.text.index(sentence, start) + len(sentence)  # when a sentence is printed twice
    assert bool(summary) == any(split_sentences(p) for p in paragraphs)
