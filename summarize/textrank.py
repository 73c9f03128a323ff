"""TextRank sentence and keyword ranking for one story (the rank stage).

TextRank (Mihalcea & Tarau 2004, "TextRank: Bringing Order into Texts") ranks the vertices of a graph by
PageRank (Brin & Page 1998) with damping factor 0.85. textrank4zh 0.3 (letian, 2016) builds two graphs:
words linked when they co-occur within a window of 2 words, and sentences weighted by shared words over
``log|s1| + log|s2|``.

``rank_story`` builds both graphs from one jieba.posseg pass over the story with numpy / scipy.sparse
instead of textrank4zh's pure-Python pairwise loop, and runs the same power iteration as networkx 3's
``pagerank`` (same operations in the same order, so the same floats). With textrank4zh's tokenizer and
stop words its rankings are identical to textrank4zh's: ``bench/textrank4zh_reference.py`` runs
textrank4zh itself (through a networkx-3 adapter) for the parity tests and the benchmark, so neither
textrank4zh's classes nor networkx are imported here.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import jieba
import jieba.posseg
import numpy as np
import scipy.sparse as sp

from summarize.lexicon import textrank4zh_stopwords
from summarize.models import Keyword

jieba.setLogLevel(logging.WARNING)

DAMPING = 0.85
WINDOW = 2
#: networkx's ``pagerank`` defaults: power iteration stops when the L1 change is below N * tolerance.
TOLERANCE = 1e-6
MAX_ITERATIONS = 100
#: Scores from ``pagerank(fast=True)`` are ranked rounded to this many decimals, so that tied vertices
#: keep document order as they do in textrank4zh.
TIE_DECIMALS = 10
#: Largest graph whose PageRank ``pagerank(fast=True)`` solves directly; bigger dense solves cost more
#: than iterating (measured: 10 us at N = 30, milliseconds at N = 100 with a multi-threaded BLAS).
SOLVE_MAX = 32
#: Largest graph ``pagerank(fast=True)`` puts in a dense n x n matrix; a bigger one is iterated sparse
#: (as without ``fast``), so its memory stays linear in the edges.
DENSE_PAGERANK = 2000
#: Stories of up to this many sentences are ranked on textrank4zh's full sentence graph (every pair
#: weighed: n x n); longer ones on a windowed graph (``_sentence_graph``). News stories have tens of
#: sentences; the dense graph of 2,000 took 1.1 s and about 100 MB (n x n arrays) on a loaded 2-CPU machine.
DENSE_SENTENCES = 2000
#: Largest sentence-word incidence (sentences x distinct words) multiplied as a dense float matrix; a larger
#: one goes through scipy.sparse. 65,536 cells are 512 KiB of float64, a few microseconds of BLAS, while
#: building a sparse matrix costs about 0.2 ms, a quarter of a short news item's ranking (measured).
DENSE_INCIDENCE = 1 << 16
#: Sentences linked either side of each sentence in the windowed graph of a longer story.
SENTENCE_WINDOW = 50
#: jieba part-of-speech tags textrank4zh keeps as keyword candidates (nouns, verbs, names, idioms ...):
#: textrank4zh 0.3's ``util.allow_speech_tags``, written out so that ranking does not import textrank4zh
#: (tests/test_textrank.py checks they are the same).
KEYWORD_TAGS = frozenset({"an", "i", "j", "l", "n", "nr", "nrfg", "ns", "nt", "nz", "t", "v", "vd", "vn", "eng"})
#: textrank4zh 0.3's sentence delimiters (``util.sentence_delimiters``, checked by the tests); its keyword
#: graph has no edge across one. Its ``……`` is two ``…``, so it is left out.
DELIMITERS = frozenset({"?", "!", ";", "？", "！", "。", "；", "…", "\n"})


class PosTokenizer(Protocol):
    """What ``rank_story`` needs of a tokenizer: jieba.posseg's ``cut`` (pairs with ``word`` and ``flag``)."""

    def cut(self, sentence: str, HMM: bool = True) -> Iterator: ...  # noqa: N803 (jieba's name)


@lru_cache(maxsize=1)
@dataclass(frozen=True)
class Ranking:
    """One story ranked by TextRank.

    ``sentences``: the story's sentences in document order; ``sentence_weights[i]`` is sentence ``i``'s
    PageRank score (they sum to 1); ``sentence_order``: sentence indices best first. ``keywords``: every
    keyword candidate with its PageRank score, best first. ``phrase_words``: the story's words (stop words
    kept, punctuation dropped) per stretch of text between textrank4zh's delimiters, for keyphrases.
    """

    sentences: tuple[str, ...]
    sentence_weights: tuple[float, ...]
    sentence_order: tuple[int, ...]
    keywords: tuple[Keyword, ...]
    phrase_words: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Graph:
    """An undirected weighted graph as a canonical CSR matrix (rows in order, columns sorted within a
    row, no zero weights): ``size`` vertices; row ``i``'s neighbours are ``columns[offsets[i]:offsets[i+1]]``
    with ``weights`` alike; each edge is stored in both directions, a self-loop once."""

    size: int
    offsets: np.ndarray
    columns: np.ndarray
    weights: np.ndarray
    rows: np.ndarray  # each entry's row, for vectorised use

    @classmethod
    def from_matrix(cls, matrix: np.ndarray | sp.sparray) -> Graph:
        """The graph of a symmetric ``N x N`` weight matrix, dense or scipy sparse (the windowed sentence
        graph of a long story)."""
        csr = sp.csr_array(matrix)
        csr.sum_duplicates()
        csr.eliminate_zeros()
        rows = np.repeat(np.arange(csr.shape[0]), np.diff(csr.indptr))
        return cls(csr.shape[0], csr.indptr, csr.indices, csr.data, rows)

    @classmethod
    def from_entries(cls, size: int, rows: np.ndarray, columns: np.ndarray, weights: np.ndarray) -> Graph:
        """The graph of entries already sorted by row, then column, without repeats or zeros."""
        offsets = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=size))))
        return cls(size, offsets, columns, weights, rows)


def pagerank(graph: Graph, *, damping: float = DAMPING, personalization: np.ndarray | None = None,
             fast: bool = False) -> np.ndarray:
    """PageRank (Brin & Page 1998) of an undirected weighted graph.

    ``personalization``: the teleport distribution (``graph.size`` non-negative numbers, normalised
    here), uniform by default; dangling vertices jump by it too, as in networkx. Returns ``graph.size``
    scores summing to 1 (empty for an empty graph).

    By default: networkx 3's power iteration (``_pagerank_scipy``: L1 change below N x 1e-6, at most
    100 steps), operation for operation without its per-call overhead, so the scores are the same
    floats as networkx's; raises ``RuntimeError`` if it does not converge. ``fast=True``: the same fixed
    point from a dense matrix (numpy): solved as one linear system for up to ``SOLVE_MAX`` vertices,
    else by power iteration with the same stopping rule; equal to networkx's within its tolerance. A
    graph of more than ``DENSE_PAGERANK`` vertices is iterated as without ``fast`` (no n x n matrix).
    """
    n = graph.size
    if n == 0:
        return np.zeros(0)
    rows, cols, values = graph.rows, graph.columns, graph.weights
    if personalization is None:
        p = np.full(n, 1.0 / n)
    else:
        p = np.asarray(personalization, dtype=float)
        p = p / p.sum()
    if fast and n <= DENSE_PAGERANK:
        return _dense_pagerank(graph, damping, p)
    # scipy's row sum (``_minor_reduce``): reduceat over each non-empty row
    out_weight = np.zeros(n)
    filled = np.flatnonzero(np.diff(graph.offsets))
    if len(filled):
        out_weight[filled] = np.add.reduceat(values, graph.offsets[filled])
    out_weight[out_weight != 0] = 1.0 / out_weight[out_weight != 0]
    transition = out_weight[rows] * values
    dangling = np.where(out_weight == 0)[0]
    x = np.repeat(1.0 / n, n)
    teleport = (1 - damping) * p
    for _ in range(MAX_ITERATIONS):
        last = x
        # ``x @ transition`` as scipy computes it: each target's sum in ascending source order
        step = np.bincount(cols, weights=transition * x[rows], minlength=n)
        if len(dangling):
            step = step + sum(x[dangling]) * p
        x = damping * step + teleport
        if np.absolute(x - last).sum() < n * TOLERANCE:
            return x
    raise RuntimeError(f"PageRank did not converge in {MAX_ITERATIONS} iterations")


def _dense_pagerank(graph: Graph, damping: float, p: np.ndarray) -> np.ndarray:
    """``pagerank(fast=True)``: x = d (x T + (x . dangling) p) + (1 - d) p, the dangling vertices' jumps
    folded into one dense matrix; solved directly up to ``SOLVE_MAX`` vertices, else iterated."""
    n = graph.size
    google = np.zeros((n, n))
    google[graph.rows, graph.columns] = graph.weights
    out_weight = google.sum(axis=1)
    dangling = out_weight == 0
    out_weight[dangling] = 1.0
    google /= out_weight[:, None]
    google[dangling] = p
    google *= damping
    teleport = (1 - damping) * p
    if n <= SOLVE_MAX:
        return np.linalg.solve(np.eye(n) - google.T, teleport)
    x = np.full(n, 1.0 / n)
    for _ in range(MAX_ITERATIONS):
        x, last = x @ google + teleport, x
        if np.absolute(x - last).sum() < n * TOLERANCE:
            return x
    raise RuntimeError(f"PageRank did not converge in {MAX_ITERATIONS} iterations")


def _best_first(scores: np.ndarray, *, decimals: int | None = None) -> list[int]:
    """Indices by descending score; ties keep index order (textrank4zh's ``sorted(..., reverse=True)``).
    ``decimals``: compare scores rounded so, for scores computed otherwise than networkx computes them,
    where vertices in the same position in the graph differ only in the last bits."""
    values = (scores if decimals is None else np.round(scores, decimals)).tolist()
    return sorted(range(len(values)), key=values.__getitem__, reverse=True)


def _sentence_graph(words: Sequence[Sequence[str]], self_loops: bool = True, *,
                    dense_max: int | None = None, window: int | None = None) -> Graph:
    """textrank4zh's ``get_similarity`` between sentences: the number of distinct words two sentences
    share over ``log|a| + log|b|`` (word counts with repeats), 0 when they share none or the denominator
    is 0. textrank4zh also links each sentence to itself; ``self_loops=False`` does not.

    Up to ``dense_max`` sentences (default ``DENSE_SENTENCES``) every pair is weighed at once, as
    textrank4zh does (time and memory grow with the square of the sentences). A longer story is weighed
    on a windowed graph: each sentence is linked only to the ``window`` (default ``SENTENCE_WINDOW``)
    sentences either side of it, with the same weights, so time and memory grow linearly (about
    ``2 x window`` edges a sentence) — a story of tens of thousands of sentences no longer takes
    gigabytes; its ranking then favours sentences central to their neighbourhood, no longer to the whole.
    """
    n = len(words)
    dense_max = DENSE_SENTENCES if dense_max is None else dense_max
    window = SENTENCE_WINDOW if window is None else window
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, ws in enumerate(words):
        for w in set(ws):
            rows.append(i)
            cols.append(vocabulary.setdefault(w, len(vocabulary)))
    # math.log, not np.log: textrank4zh uses math.log and the two may differ in the last bit
    logs = np.array([math.log(len(ws)) if ws else 0.0 for ws in words])
    if n > dense_max:
        incidence = sp.csr_array((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(n, len(vocabulary)))
        return _windowed_sentence_graph(incidence, logs, self_loops, window)
    if n * len(vocabulary) <= DENSE_INCIDENCE:
        # a small story: a dense 0/1 float matrix multiplied by BLAS (counts below 2**53 are exact floats);
        # building a scipy.sparse matrix costs more than the whole product here
        dense = np.zeros((n, len(vocabulary)))
        dense[rows, cols] = 1.0
        shared = dense @ dense.T  # words each pair shares: exact integers
    else:
        # the sentence-word incidence, sparse: numpy multiplies integer matrices without BLAS, in n x n x words
        incidence = sp.csr_array((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(n, len(vocabulary)))
        shared = (incidence @ incidence.T).toarray()  # words each pair shares: exact integers
    denominator = logs[:, None] + logs[None, :]
    usable = (shared > 0) & (np.abs(denominator) >= 1e-12)
    if not self_loops:
        np.fill_diagonal(usable, False)
    r, c = np.nonzero(usable)
    return Graph.from_entries(n, r, c, shared[r, c] / denominator[r, c])


def _query_similarity(words: Sequence[Sequence[str]], query: Sequence[str]) -> np.ndarray:
    """textrank4zh's ``get_similarity`` of each sentence's words to the query's words: distinct shared
    words over ``log|s| + log|q|``, 0 when none is shared or the denominator is 0. Shape ``(len(words),)``."""
    wanted = set(query)
    log_q = math.log(len(query)) if query else 0.0
    out = np.zeros(len(words))
    for i, ws in enumerate(words):
        shared = len(wanted.intersection(ws))
        denominator = (math.log(len(ws)) if ws else 0.0) + log_q
        if shared and abs(denominator) >= 1e-12:
            out[i] = shared / denominator
    return out


def _windowed_sentence_graph(incidence: sp.csr_array, logs: np.ndarray, self_loops: bool, window: int) -> Graph:
    """``_sentence_graph`` restricted to sentences at most ``window`` apart, from the sparse sentence-word
    ``incidence`` (n x words, 0/1): one element-wise product per distance, linear in the story's words."""
    n = incidence.shape[0]
    parts_r, parts_c, parts_w = [], [], []
    for distance in range(0 if self_loops else 1, min(window, n - 1) + 1):
        a = np.arange(n - distance)
        shared = (incidence[: n - distance].multiply(incidence[distance:])).sum(axis=1) if distance else \
            np.asarray(incidence.sum(axis=1))
        shared = np.asarray(shared).ravel()
        denominator = logs[a] + logs[a + distance]
        usable = (shared > 0) & (np.abs(denominator) >= 1e-12)
        i = a[usable]
        weight = shared[usable] / denominator[usable]
        parts_r += [i, i + distance] if distance else [i]
        parts_c += [i + distance, i] if distance else [i]
        parts_w += [weight, weight] if distance else [weight]
    if not parts_r:
        return Graph.from_entries(n, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    return Graph.from_matrix(sp.coo_array((np.concatenate(parts_w), (np.concatenate(parts_r),
                                                                     np.concatenate(parts_c))), shape=(n, n)))


def _keyword_graph(vertex_ids: np.ndarray, pieces: np.ndarray, size: int, window: int,
                   self_loops: bool = True) -> Graph:
    """textrank4zh's word graph: weight 1 between two candidate words within ``window`` words of each
    other in the same stretch between delimiters. ``vertex_ids``: per word (stop words removed), its
    candidate index or -1; ``pieces``: per word, its stretch number. A word repeated within the window
    links to itself in textrank4zh; ``self_loops=False`` does not."""
    rows, cols = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for offset in range(1, max(window, 2)):
        a, b = vertex_ids[:-offset], vertex_ids[offset:]
        keep = (pieces[:-offset] == pieces[offset:]) & (a >= 0) & (b >= 0) & (self_loops | (a != b))
        rows += [a[keep], b[keep]]
        cols += [b[keep], a[keep]]
    pairs = np.unique(np.concatenate(rows) * size + np.concatenate(cols))
    return Graph.from_entries(size, pairs // max(size, 1), pairs % max(size, 1), np.ones(len(pairs)))


def rank_story(paragraphs: Sequence[Sequence[str]], *, tokenizer: PosTokenizer | None = None,
               stopwords: Iterable[str] | None = None, hmm: bool = True, window: int = WINDOW,
               damping: float = DAMPING, position_exponent: float = 0.0,
               length_exponent: float = 0.0, query: str = "", query_weight: float = 0.0,
               sentence_self_loops: bool = True,
               keyword_self_loops: bool = True, fast_pagerank: bool = False) -> Ranking:
    """Rank a story's sentences and keywords by TextRank (Mihalcea & Tarau 2004) with textrank4zh's graphs.

    ``paragraphs``: the story's sentences grouped by paragraph, in document order (each sentence must
    end at punctuation or a paragraph end, as ``clean.split_sentences`` makes them). Each sentence is
    segmented once by ``tokenizer`` (default: jieba.posseg's global one, which textrank4zh uses), with
    jieba's HMM for unknown words when ``hmm``. ``stopwords`` default to textrank4zh's list.

    Sentence graph: textrank4zh's similarity over words without stop words. Keyword graph: candidates
    are words with a tag in ``KEYWORD_TAGS``; edges join words within ``window`` words of each other
    between two of textrank4zh's delimiters. PageRank with ``damping`` (0.85). ``position_exponent`` (a)
    and ``length_exponent`` (c) weigh sentence ``i`` of ``n_i`` characters after PageRank, as
    ``score_i * (i + 1) ** -a * n_i ** -c`` (a position prior multiplied into the score, as the prior of
    Florescu & Caragea 2017's PositionRank is, and length normalisation: a long sentence is not worth more
    for being long), renormalised to sum 1; 0 and 0 leave PageRank's scores. ``query`` (the printed
    headline, deck and kicker) with ``query_weight`` w in (0, 1] biases the ranking towards sentences that
    carry the query's words, as biased TextRank does (Kazemi et al. 2020): PageRank teleports to sentence
    ``i`` in proportion to ``(1 - w) / n + w * sim_i / sum(sim)``, with ``sim_i`` textrank4zh's similarity
    between the sentence and the query (shared words over ``log|s| + log|q|``); a query sharing no word
    leaves it uniform. ``sentence_self_loops=False`` / ``keyword_self_loops=False`` drop the edges from a
    vertex to itself that textrank4zh adds to the sentence / keyword graph (Mihalcea & Tarau's graphs have
    none).
    ``fast_pagerank`` computes PageRank from dense matrices (``pagerank(fast=True)``).

    With the default tokenizer, stop words, window, damping, self-loops and no prior the result equals
    textrank4zh's ``TextRank4Sentence`` / ``TextRank4Keyword`` on the same sentences, weights included.
    """
    tokenizer = tokenizer or jieba.posseg.dt
    stop = textrank4zh_stopwords() if stopwords is None else frozenset(stopwords)
    sentences: list[str] = []
    sentence_words: list[list[str]] = []
    stream: list[str] = []  # words without stop words, in order, across the story
    stream_pieces: list[int] = []
    candidate_words: list[str] = []
    phrase_words: list[list[str]] = []
    piece = -1
    for paragraph in paragraphs:
        piece += 1
        phrase_words.append([])
        for sentence in paragraph:
            sentences.append(sentence)
            words: list[str] = []
            for token in tokenizer.cut(sentence, HMM=hmm):
                flag = token.flag
                if flag == "x":
                    if token.word in DELIMITERS:
                        piece += 1
                        phrase_words.append([])
                    continue
                word = token.word.strip()
                if not word:
                    continue
                phrase_words[-1].append(word)
                if word in stop:
                    continue
                words.append(word)
                stream.append(word)
                stream_pieces.append(piece)
                if flag in KEYWORD_TAGS:
                    candidate_words.append(word)
            sentence_words.append(words)

    n = len(sentences)
    prior = None
    if query_weight > 0 and n and query:
        similarity = _query_similarity(sentence_words, [
            w for t in tokenizer.cut(query, HMM=hmm) if t.flag != "x" and (w := t.word.strip()) and w not in stop])
        if similarity.sum() > 0:
            prior = (1 - query_weight) / n + query_weight * similarity / similarity.sum()
    sentence_scores = pagerank(_sentence_graph(sentence_words, sentence_self_loops), damping=damping,
                               personalization=prior, fast=fast_pagerank)
    if n and (position_exponent or length_exponent):
        lengths = np.array([max(len(s), 1) for s in sentences], dtype=np.float64)
        sentence_scores = sentence_scores * np.arange(1, n + 1) ** -position_exponent * lengths ** -length_exponent
        sentence_scores = sentence_scores / sentence_scores.sum()

    # keywords: candidates numbered by first appearance, as textrank4zh's word_index
    index: dict[str, int] = {}
    for word in candidate_words:
        index.setdefault(word, len(index))
    vertex_ids = np.array([index.get(w, -1) for w in stream], dtype=np.int64)
    graph = _keyword_graph(vertex_ids, np.array(stream_pieces, dtype=np.int64), len(index), window, keyword_self_loops)
    word_scores = pagerank(graph, damping=damping, fast=fast_pagerank)
    vocabulary = list(index)
    weights = word_scores.tolist()
    decimals = TIE_DECIMALS if fast_pagerank else None
    return Ranking(
        sentences=tuple(sentences),
        sentence_weights=tuple(sentence_scores.tolist()),
        sentence_order=tuple(_best_first(sentence_scores, decimals=decimals)),
        keywords=tuple(Keyword(vocabulary[i], weights[i]) for i in _best_first(word_scores, decimals=decimals)),
        phrase_words=tuple(tuple(ws) for ws in phrase_words if ws),
    )
