"""TextRank: the networkx-3 adapter over textrank4zh, checked against an independent computation of its
algorithm, and our one-pass ranker (reference mode) checked against textrank4zh's own classes on every
seed story: same sentences and keywords in the same order, with the same weights.

Parity is checked on two set-ups, each the same for both sides: jieba's global tokenizer with
textrank4zh's stop words (textrank4zh exactly as shipped), and the digest's own tokenizer (user
dictionary of Hunan's places) with the news stop words, handed to textrank4zh through its
``stop_words_file`` option and its ``pseg`` module attribute.
"""
from __future__ import annotations

import math
import re

import networkx
import numpy as np
import pytest
import textrank4zh.Segmentation
from textrank4zh.Segmentation import WordSegmentation

from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.summary import ranking_model, ranking_options, story_paragraphs
from summarize.textrank import DELIMITERS, KEYWORD_TAGS, Graph, pagerank, rank_story
from textrank4zh_reference import (ALLOW_SPEECH_TAGS, SENTENCE_DELIMITERS, textrank4zh_analyzers,
                                   textrank4zh_keywords, textrank4zh_sentences, textrank4zh_story)

from .conftest import story_titled


def exact_pagerank(weights: np.ndarray, damping: float = 0.85) -> np.ndarray:
    """PageRank by solving the linear system exactly (Brin & Page 1998): a row-normalised weight matrix,
    dangling rows spread uniformly, teleport (1 - damping) uniformly."""
    n = len(weights)
    out = weights.sum(axis=1)
    transition = np.where(out[:, None] > 0, weights / np.where(out == 0, 1, out)[:, None], 1.0 / n)
    return np.linalg.solve(np.eye(n) - damping * transition.T, np.full(n, (1 - damping) / n))


def similarity(a: list[str], b: list[str]) -> float:
    """textrank4zh's sentence similarity: words the two share / (log|a| + log|b|)."""
    shared = len(set(a) & set(b))
    if not shared:
        return 0.0
    denominator = math.log(len(a)) + math.log(len(b))
    return shared / denominator if abs(denominator) > 1e-12 else 0.0


def test_networkx_itself_is_not_patched():
    assert not hasattr(networkx, "from_numpy_matrix")


def test_sentence_ranking_matches_independent_textrank(seed_stories):
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    sentences = [s for p in story_paragraphs(story) for s in p]
    words = WordSegmentation().segment_sentences(sentences, lower=False, use_stop_words=True,
                                                 use_speech_tags_filter=False)
    graph = np.array([[similarity(a, b) for b in words] for a in words])
    expected = exact_pagerank(graph)
    ranked = textrank4zh_sentences(sentences)
    assert len(ranked) == len(sentences) > 20
    assert [i for i, _ in ranked[:5]] == list(np.argsort(-expected, kind="stable")[:5])
    for i, weight in ranked:
        assert abs(weight - expected[i]) < 1e-4


def test_keyword_ranking_matches_independent_textrank(seed_stories):
    story = story_titled(seed_stories["000"], "科技创新打造全域发展『生态圈』")
    seg = WordSegmentation()
    # textrank4zh splits sentences at these marks and at line breaks
    sentences = [s for s in re.split(r"[?!;？！。；…\n]", story.text) if s.strip()]
    vertices = seg.segment_sentences(sentences, lower=False, use_stop_words=True, use_speech_tags_filter=True)
    edges = seg.segment_sentences(sentences, lower=False, use_stop_words=True, use_speech_tags_filter=False)
    vocabulary = list(dict.fromkeys(w for ws in vertices for w in ws))
    index = {w: i for i, w in enumerate(vocabulary)}
    graph = np.zeros((len(vocabulary), len(vocabulary)))
    for ws in edges:
        for a, b in zip(ws, ws[1:]):  # co-occurrence window of 2 words
            if a in index and b in index:
                graph[index[a], index[b]] = graph[index[b], index[a]] = 1.0
    scores = exact_pagerank(graph)
    expected = {vocabulary[i]: scores[i] for i in range(len(vocabulary))}
    keywords = textrank4zh_keywords(story.text, num=8)
    assert len(keywords) == 8
    for kw in keywords:
        assert abs(kw.weight - expected[kw.word]) < 1e-4
    best_multichar = [w for w in sorted(expected, key=lambda w: -expected[w]) if len(w) > 1 and not w.isdigit()]
    assert [k.word for k in keywords[:3]] == best_multichar[:3]
    assert "农机" in [k.word for k in keywords]


def _assert_same_ranking(ours, theirs, title):
    assert ours.sentences == theirs.sentences, title
    assert ours.sentence_order == theirs.sentence_order, title
    assert ours.sentence_weights == theirs.sentence_weights, title
    assert ours.keywords == theirs.keywords, title
    assert ours.phrase_words == theirs.phrase_words, title


def test_reference_mode_equals_textrank4zh_on_every_seed_story(seed_stories):
    analyzers = textrank4zh_analyzers()
    checked = 0
    for stories in seed_stories.values():
        for story in stories:
            paragraphs = story_paragraphs(story)
            _assert_same_ranking(rank_story(paragraphs), textrank4zh_story(paragraphs, analyzers=analyzers),
                                 story.title)
            checked += 1
    assert checked >= 30


def test_reference_mode_equals_textrank4zh_with_our_tokenizer_and_stop_words(seed_stories, tmp_path, monkeypatch):
    stop_file = tmp_path / "stopwords.txt"
    stop_file.write_text("\n".join(sorted(news_stopwords())), encoding="utf-8")
    tokenizer = pos_tokenizer()
    monkeypatch.setattr(textrank4zh.Segmentation, "pseg", tokenizer)
    analyzers = textrank4zh_analyzers(stop_words_file=str(stop_file))
    for stories in seed_stories.values():
        for story in stories:
            paragraphs = story_paragraphs(story)
            ours = rank_story(paragraphs, tokenizer=tokenizer, stopwords=news_stopwords(),
                              **ranking_options("reference", position_prior=False))  # as `digest run --no-position-prior` ranks
            _assert_same_ranking(ours, textrank4zh_story(paragraphs, analyzers=analyzers), story.title)


def test_the_position_prior_moves_sentences_to_the_lead_and_leaves_keywords_alone(seed_stories):
    lead_first = {"biased": 0, "plain": 0}  # stories whose first sentence ranks first
    for stories in seed_stories.values():
        for story in stories:
            paragraphs = story_paragraphs(story)
            biased = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                                **ranking_options("reference", position_prior=True))
            plain = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                               **ranking_options("reference", position_prior=False))
            assert biased.keywords == plain.keywords, story.title
            assert biased.sentence_weights != plain.sentence_weights or len(plain.sentences) < 2, story.title
            lead_first["biased"] += biased.sentence_order[:1] == (0,)
            lead_first["plain"] += plain.sentence_order[:1] == (0,)
    assert lead_first["biased"] > lead_first["plain"], lead_first


def test_the_user_dictionary_changes_the_ranking_it_is_compared_on(seed_stories):
    """The second parity set-up is not the first in disguise: our tokenizer keeps 株洲经开区 whole."""
    story = story_titled(seed_stories["001"], "乘势而上启新程")
    stock = [k.word for k in rank_story(story_paragraphs(story)).keywords]
    ours = [k.word for k in rank_story(story_paragraphs(story), tokenizer=pos_tokenizer()).keywords]
    assert "株洲经开区" in ours and "株洲经开区" not in stock


def test_fast_mode_and_the_position_prior_change_the_ranking_but_keep_its_shape(seed_stories):
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    paragraphs = story_paragraphs(story)
    reference = rank_story(paragraphs)
    for variant in (rank_story(paragraphs, hmm=False, sentence_self_loops=False, keyword_self_loops=False), rank_story(paragraphs, position_exponent=1.0)):
        assert sorted(variant.sentence_order) == list(range(len(reference.sentences)))
        assert sum(variant.sentence_weights) == pytest.approx(1.0)
        assert variant.sentence_weights != reference.sentence_weights
    biased = rank_story(paragraphs, position_exponent=1.0)
    assert biased.sentence_weights[0] > reference.sentence_weights[0]


def test_an_empty_story_ranks_nothing():
    ranking = rank_story([])
    assert ranking.sentences == () and ranking.keywords == () and ranking.sentence_order == ()


def test_pagerank_is_networkx_pagerank_to_the_last_bit(seed_stories):
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    words = WordSegmentation().segment_sentences([s for p in story_paragraphs(story) for s in p], lower=False, use_stop_words=True,
                                                 use_speech_tags_filter=False)
    weights = np.array([[similarity(a, b) for b in words] for a in words])
    expected = networkx.pagerank(networkx.from_numpy_array(weights))
    scores = pagerank(Graph.from_matrix(weights))
    assert scores.tolist() == [expected[i] for i in range(len(words))]
    fast = pagerank(Graph.from_matrix(weights), fast=True)
    # the power iteration stops when a step moves less than N x 1e-6: it is then within that / (1 - 0.85)
    assert np.abs(fast - scores).sum() < len(words) * 1e-6 / 0.15 and abs(fast.sum() - 1) < 1e-9
    prior = np.arange(len(words), 0, -1.0)
    personalised = networkx.pagerank(networkx.from_numpy_array(weights),
                                     personalization=dict(enumerate(prior)))
    assert pagerank(Graph.from_matrix(weights), personalization=prior).tolist() == \
        [personalised[i] for i in range(len(words))]


def test_the_position_aware_ranking_is_pagerank_times_the_prior_over_the_length(seed_stories):
    """The default ranking re-weighs PageRank's scores (sentence graph without self-loops) by
    ``(i + 1) ** -a`` and the sentence's length in characters ``** -c``, renormalised."""
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    paragraphs = story_paragraphs(story)
    options = ranking_options("reference", position_prior=True)
    assert options["position_exponent"] > 0 and options["length_exponent"] == 1.0
    plain = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                       **{**options, "position_exponent": 0.0, "length_exponent": 0.0})
    ranked = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **options)
    expected = (np.array(plain.sentence_weights) * np.arange(1, len(plain.sentences) + 1.0) ** -options["position_exponent"]
                * np.array([len(s) for s in plain.sentences], dtype=float) ** -options["length_exponent"])
    assert ranked.sentence_weights == pytest.approx(tuple(expected / expected.sum()))
    assert ranked.keywords == plain.keywords


def test_a_headline_query_lifts_the_sentences_that_carry_its_words(seed_stories):
    """Biased TextRank (Kazemi et al. 2020): teleporting to the sentences that share the headline's
    words raises the best of them; a query sharing no word changes nothing."""
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    paragraphs = story_paragraphs(story)
    plain = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords())
    biased = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                        query=story.title, query_weight=0.5)
    carrying = [i for i, s in enumerate(plain.sentences) if "督办专员" in s]
    assert carrying and all(biased.sentence_weights[i] > plain.sentence_weights[i] for i in carrying)
    unrelated = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                           query="ＸＹＺ", query_weight=0.5)
    assert unrelated.sentence_weights == plain.sentence_weights


def test_a_missing_ranking_model_is_named(tmp_path, monkeypatch):
    from summarize import summary

    monkeypatch.setattr(summary, "RANKING_MODEL", tmp_path / "ranking_model.json")
    ranking_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="ranking_model.json.*make fit-ranking"):
            ranking_options("reference", position_prior=True)
    finally:
        monkeypatch.undo()
        ranking_model.cache_clear()
    assert ranking_options("reference", position_prior=True)["position_exponent"] >= 0


def test_keyword_tags_and_delimiters_are_textrank4zhs():
    # summarize.textrank writes textrank4zh's lists out so that ranking does not import it; they must not drift
    assert KEYWORD_TAGS == frozenset(ALLOW_SPEECH_TAGS)
    assert DELIMITERS == frozenset(SENTENCE_DELIMITERS) - {"……"}
