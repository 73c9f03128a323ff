"""The networkx-3 adapter over textrank4zh, checked against an independent computation of its algorithm."""
from __future__ import annotations

import math
import re

import networkx
import numpy as np
from textrank4zh.Segmentation import WordSegmentation

from summarize.digest import story_sentences, summarize_story
from summarize.textrank import rank_keywords, rank_sentences

from .conftest import story_titled


def pagerank(weights: np.ndarray, damping: float = 0.85) -> np.ndarray:
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
    sentences = story_sentences(story)
    words = WordSegmentation().segment_sentences(sentences, lower=False, use_stop_words=True,
                                                 use_speech_tags_filter=False)
    graph = np.array([[similarity(a, b) for b in words] for a in words])
    expected = pagerank(graph)
    ranked = rank_sentences(sentences)
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
    scores = pagerank(graph)
    expected = {vocabulary[i]: scores[i] for i in range(len(vocabulary))}
    keywords = rank_keywords(story.text, num=8)
    assert len(keywords) == 8
    for kw in keywords:
        assert abs(kw.weight - expected[kw.word]) < 1e-4
    best_multichar = [w for w in sorted(expected, key=lambda w: -expected[w]) if len(w) > 1 and not w.isdigit()]
    assert [k.word for k in keywords[:3]] == best_multichar[:3]
    assert "农机" in [k.word for k in keywords]


def test_summary_is_verbatim_document_ordered_and_short(seed_stories):
    for stories in seed_stories.values():
        for story in stories[:3]:
            item = summarize_story(story)
            assert 1 <= len(item.summary) <= 3
            positions = [story.text.index(s) for s in item.summary]
            assert positions == sorted(positions)
            assert item.keywords and all(len(k.word) > 1 and not k.word.isdigit() for k in item.keywords)
