"""Summaries a reader can use: every rule of ``summary.choose_summary`` on seed stories and seed excerpts."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.clean import clean_line, ends_sentence, normalise_punctuation, split_sentences
from summarize.settings import PageOptions
from summarize.summary import ranking_options, story_paragraphs, summarize_story
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.textrank import rank_story
from summarize.models import Story
from summarize.summary import (choose_summary, is_furniture, near_duplicate, opens_with_antecedent_word,
                               opens_with_one_clause_sentence, passages, quote_depth, run_in_subheads, sentence_chars)

from .conftest import seed, seed_summaries, story_titled


def page_line(prefix: str, start: str) -> str:
    """The line of seed page ``prefix`` that starts with ``start``, cleaned as the segmenter cleans body
    lines."""
    lines = [clean_line(line) for line in seed(prefix).read_text(encoding="utf-8").splitlines()]
    (line,) = [line for line in lines if line.startswith(start)]
    return line


def summary_of(seed_stories, prefix: str, title: str) -> tuple[Story, tuple[str, ...]]:
    """The story of seed page ``prefix`` with this headline and the digest's summary of it."""
    story = story_titled(seed_stories[prefix], title)
    return story, summarize_story(story).summary


def sentences_of(summary: tuple[str, ...] | list[str]) -> list[str]:
    return [s for item in summary for s in split_sentences(item)]


@pytest.fixture(scope="module")
def summaries():
    return seed_summaries()


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
        for options in (PageOptions(ranking_mode="fast"), PageOptions(position_prior=False)):
            summary = summarize_story(story, options).summary
            assert 1 <= len(sentences_of(summary)) <= 3
            assert all(s in story.text for s in summary)


def test_the_summary_leads_with_the_lead_where_the_page_shows_it(seed_stories):
    """The position prior (default) puts the printed lead in the summary of a story that starts under
    its headline; textrank4zh's ranking alone (``position_prior=False``) passes it over."""
    story = story_titled(seed_stories["001"], "乘势而上启新程")
    lead = split_sentences(normalise_punctuation(page_line("001", "日前,株洲经开区")))[0]
    assert lead.startswith("日前，株洲经开区传来好消息") and lead.endswith("总投资额达118亿元。")
    assert summarize_story(story).summary[0] == lead
    assert lead not in summarize_story(story, PageOptions(position_prior=False)).summary


def test_no_prior_where_the_story_start_is_unknown(seed_stories):
    """The unheadlined 娄星区 story on page 001 opens with the police story's lead (a mixed line under a
    block of three headlines): the prior would rank that sentence first; it is not applied there (the
    sentence carries none of the story's keywords, so the filler rule would keep it out of the summary too)."""
    story = next(s for s in seed_stories["001"] if "娄星区准确把握" in s.text)
    assert not story.starts_under_heading
    summary = summarize_story(story).summary
    assert summary == summarize_story(story, PageOptions(position_prior=False)).summary
    assert not any("维护社会大局" in s for s in summary)
    biased = rank_story(story_paragraphs(story), tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                        **ranking_options("reference", position_prior=True))
    assert "维护社会大局" in biased.sentences[biased.sentence_order[0]]


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
        summarize_story(seed_stories["000"][0], PageOptions(ranking_mode="slow"))


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
    # a headline leaked into the body as its first paragraph, ranked best
    paragraphs, weights = [[headline], body], [1.0] + [0.1] * len(body)
    assert headline in choose_summary(paragraphs, weights)
    assert headline not in choose_summary(paragraphs, weights, headlines=[headline])


def test_a_section_head_inside_the_story_is_not_a_summary_sentence():
    head = page_line("000", "盘活干部资源")  # "盘活干部资源，让退居“二线”干部重上一线"
    body = split_sentences(page_line("000", "换届以来，新任干部"))
    weights = [1.0] + [0.1] * len(body)
    assert head in choose_summary([[head], body], weights)  # as a body paragraph it could be
    chosen = choose_summary([[head], body], weights, roles=["section", "body"])
    assert chosen and head not in chosen


def test_a_run_in_subhead_is_never_quoted(seed_stories):
    """Page 000's 雨湖 story opens two paragraphs with a run-in subhead (``以“四大中心”为主阵地。成立了…``);
    the summary may quote the paragraph's text, never its subhead."""
    story, summary = summary_of(seed_stories, "000", "雨湖『扁平化治理』成为化解纠纷『样本』")
    paragraphs = story_paragraphs(story)
    heads = [paragraphs[k][0] for k in run_in_subheads(paragraphs)]
    assert sorted(heads) == sorted(["以“四大中心”为主阵地。", "以群众满意为目标。"])
    assert summary and not any(head in item for item in summary for head in heads)
    lead = split_sentences(page_line("001", "日前,株洲经开区"))
    subhead = split_sentences(page_line("000", "以“四大中心”为主阵地"))
    other = split_sentences(page_line("000", "以群众满意为目标"))
    assert opens_with_one_clause_sentence(subhead) and opens_with_one_clause_sentence(other)
    paragraphs = [lead, subhead, other]
    weights = [0.1] * len(lead) + [1.0] + [0.5] * (len(subhead) - 1) + [0.1] * len(other)
    chosen = choose_summary(paragraphs, weights, max_chars=1000)
    assert subhead[0] not in chosen and subhead[1] in chosen  # the subhead ranked best, its text chosen
    # a story's first paragraph opens with its lead, and one such paragraph alone divides nothing
    assert run_in_subheads(paragraphs) == {1, 2}
    assert run_in_subheads([subhead, other]) == set()
    assert run_in_subheads([lead, subhead]) == set()
    head = [split_sentences(story.paragraphs[0])[0]]
    assert run_in_subheads([lead, head, subhead], ["body", "section", "body"]) == {2}
    # a paragraph of one sentence, or one opening with a sentence of several clauses, has not the shape
    assert not opens_with_one_clause_sentence(split_sentences(page_line("000", "换届以来，新任干部")))
    assert not opens_with_one_clause_sentence(split_sentences(page_line("000", "同时，该区聚全区之力")))


def test_a_sentence_cut_off_by_the_page_is_not_quoted_while_complete_ones_are_left(seed_stories):
    """Page 004's 端桥铺镇 story breaks off at the page edge (``…肥料3.2吨，免费发``)."""
    story, summary = summary_of(seed_stories, "004", "端桥铺镇秋冬种植起热潮")
    cut = split_sentences(story.paragraphs[-1])[-1]
    assert not ends_sentence(cut) and "免费发" in cut
    assert summary and all(cut not in item and ends_sentence(item) for item in summary)
    paragraph = split_sentences(page_line("001", "在产业转型升级中提升质效"))  # ends "…彰显区域担当" with no stop
    assert not ends_sentence(paragraph[-1])
    chosen = choose_summary([paragraph], [0.1] * (len(paragraph) - 1) + [1.0], max_chars=300)
    assert chosen and paragraph[-1] not in chosen
    assert choose_summary([paragraph[-1:]], [1.0]) == paragraph[-1:]  # all the story has: quoted


def test_an_opener_is_quoted_only_with_the_sentence_before_it(seed_stories):
    """``同时，…``, ``下一步，…`` continue the sentence before them; alone they read as a fragment."""
    story, summary = summary_of(seed_stories, "000", "科技创新打造全域发展『生态圈』")
    flat = [s for p in story_paragraphs(story) for s in p]
    for item in summary:
        first = split_sentences(item)[0]
        if opens_with_antecedent_word(first):
            assert flat[flat.index(first) - 1] in "".join(summary)
    before = split_sentences(page_line("000", "今年以来，该区全力出击"))
    after = split_sentences(page_line("000", "同时，该区聚全区之力"))
    assert opens_with_antecedent_word(after[0]) and not opens_with_antecedent_word(before[-1])
    paragraphs = [before, after]
    weights = [0.1] * (len(before) - 1) + [0.5] + [1.0] + [0.2] * (len(after) - 1)
    alone = choose_summary(paragraphs, weights, max_sentences=1, max_chars=1000)
    assert alone and after[0] not in alone
    both = choose_summary(paragraphs, weights, max_sentences=2, max_chars=1000)
    assert both == [before[-1], after[0]]  # the antecedent ranked second: taken, and the opener with it
    # ranked below the others, the antecedent never comes in: the opener stays out
    low = [0.1] * (len(before) - 1) + [0.0] + [1.0] + [0.2] * (len(after) - 1)
    assert after[0] not in choose_summary(paragraphs, low, max_sentences=2, max_chars=1000)
    # words that only look like an opener do not count
    assert not opens_with_antecedent_word("而今，该区已建成农机产业园。")
    assert opens_with_antecedent_word("“这让村民们的干劲更足了。”")


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


def test_a_short_quoted_reply_is_too_short_to_quote():
    """A sentence is measured as textrank4zh measures one for ``sentence_min_len`` (``sentence_chars``): its
    final mark and the closing quotation mark after it do not count. A quoted reply of three characters
    (``“好多了。”``, invented, six characters with its marks) ranked best is not a summary on its own; a seed
    paragraph's sentences are."""
    assert sentence_chars("“好多了。”") == 4 and sentence_chars("好多了。") == 3
    body = split_sentences(page_line("000", "换届以来，新任干部"))
    chosen = choose_summary([["“好多了。”"], body], [1.0] + [0.1] * len(body), max_chars=300)
    assert chosen and "“好多了。”" not in chosen and all(item in body for item in chosen)


def test_half_a_vox_pop_quote_whose_opening_mark_ocr_lost_is_not_quoted(seed_stories):
    """Page 001's 湘潭高新区 story: ``这样的活动很有意义,…戴头盔。"11月19日,…`` — a resident's words whose
    opening mark OCR lost. Cleaning makes the straight quote their closing mark, and the summary leaves
    them out."""
    story, summary = summary_of(seed_stories, "001", '湘潭高新区:持续推进"戴帽工程"')
    tail = next(s for p in story_paragraphs(story) for s in p if s.startswith("这样的活动很有意义"))
    assert tail.endswith("戴头盔。”") and "“" not in tail  # a closing mark without its opening one
    assert summary and not any("这样的活动很有意义" in item for item in summary)
    # a closing mark before an opening one is half a quotation even where the counts even out
    paragraph = split_sentences(page_line("000", "“去年，我们重点从"))
    opened, closed = paragraph[0], paragraph[1]
    (unit,) = passages([[closed + opened]])  # ”…“…: the counts even out
    assert not unit.balanced


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
def test_any_text_gives_a_verbatim_document_ordered_summary(paragraphs, mode, position_prior):
    story = Story(id="x", source="seeds/x.txt", title="株洲经开区", paragraphs=tuple(paragraphs), lines=())
    summary = summarize_story(story, PageOptions(ranking_mode=mode, position_prior=position_prior)).summary
    start = 0
    for sentence in summary:  # each found after the one before: verbatim and in document order, even
        start = story.text.index(sentence, start) + len(sentence)  # when a sentence is printed twice
    assert bool(summary) == any(split_sentences(p) for p in paragraphs)


def test_no_summary_sentence_is_filler_without_a_keyword(summaries, seed_stories):
    """Every passage of a seed summary carries one of its story's keywords (where the story offers a
    choice that breaks no rule, ``bench/summary_lint.py``); a keyword-less sentence ranked best is passed
    over while others qualify."""
    assert _summary_lint().lint(summaries)["filler"] == 0  # but where every other choice breaks a rule
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    words = [k.word for k in summarize_story(story).keywords]
    paragraphs = story_paragraphs(story)
    flat = [s for p in paragraphs for s in p]
    filler = [i for i, s in enumerate(flat) if len(s) >= 6 and ends_sentence(s) and not any(w in s for w in words)
              and not any(quote_depth(s).values()) and not opens_with_antecedent_word(s)
              and not any(paragraphs[k][0] == s for k in run_in_subheads(paragraphs, story.paragraph_roles))]
    assert filler, "the story has a sentence without any of its keywords"
    weights = [0.1] * len(flat)
    weights[filler[0]] = 1.0
    assert flat[filler[0]] in choose_summary(paragraphs, weights, max_chars=1000)
    assert flat[filler[0]] not in choose_summary(paragraphs, weights, max_chars=1000, keywords=words)


def test_seed_summaries_have_no_ascii_punctuation_in_chinese(summaries):
    for item in summaries:
        for text in item.summary:
            assert not re.search(r"[\u4e00-\u9fff，。“”][,;:?!()\"]|[,;:?!()\"][\u4e00-\u9fff，。“”]", text), text


def _summary_lint():
    path = Path(__file__).resolve().parent.parent / "bench" / "summary_lint.py"
    spec = importlib.util.spec_from_file_location("summary_lint", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_summary_lint_finds_each_rule_broken(seed_stories):
    """``bench/summary_lint.py`` counts a summary that quotes a run-in subhead, a cut-off sentence, an
    opener without its antecedent, half a quotation, and ASCII punctuation; the digest's own summaries
    of these stories break none."""
    lint = _summary_lint().lint
    clean = summarize_story(story_titled(seed_stories["000"], "雨湖『扁平化治理』成为化解纠纷『样本』"))
    assert lint([clean])["heading"] == 0
    assert lint([replace(clean, summary=("以“四大中心”为主阵地。",))])["heading"] == 1
    cut = summarize_story(story_titled(seed_stories["004"], "端桥铺镇秋冬种植起热潮"))
    last = split_sentences(cut.story.paragraphs[-1])[-1]
    assert lint([cut])["cut_off"] == 0 and lint([replace(cut, summary=(last,))])["cut_off"] == 1
    opener = summarize_story(story_titled(seed_stories["000"], "科技创新打造全域发展『生态圈』"))
    first = next(s for p in story_paragraphs(opener.story) for s in p if s.startswith("同时，"))
    assert lint([opener])["opener"] == 0 and lint([replace(opener, summary=(first,))])["opener"] == 1
    vox = summarize_story(story_titled(seed_stories["001"], '湘潭高新区:持续推进"戴帽工程"'))
    tail = next(s for p in story_paragraphs(vox.story) for s in p if s.startswith("这样的活动很有意义"))
    assert lint([vox])["half_quote"] == 0 and lint([replace(vox, summary=(tail,))])["half_quote"] == 1
    story = replace(clean.story, paragraphs=tuple(p.replace("，", ",") for p in clean.story.paragraphs))
    ascii_comma = replace(clean, story=story, summary=tuple(s.replace("，", ",") for s in clean.summary))
    assert lint([ascii_comma])["ascii_punct"] == sum("，" in s for s in clean.summary) > 0
