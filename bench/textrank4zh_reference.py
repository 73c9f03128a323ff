"""textrank4zh 0.3 itself, for the parity tests and the benchmark: its classes through a networkx-3 adapter.
Not on the digest's path (``summarize.textrank`` ranks on its own).

networkx 3 compatibility: textrank4zh calls ``networkx.from_numpy_matrix``, removed in networkx 3.0 (its
replacement is ``from_numpy_array``), and networkx 3's ``pagerank`` needs scipy. The fix lives here and only
here: textrank4zh's ``util`` module is given a networkx facade exposing the old name.
"""
from __future__ import annotations

import re
import types
from collections.abc import Sequence
from functools import lru_cache

import networkx as nx
from textrank4zh import TextRank4Keyword, TextRank4Sentence, util as _tr4zh_util
from textrank4zh.Segmentation import WordSegmentation

from summarize.models import Keyword
from summarize.textrank import DAMPING, WINDOW, Ranking

#: The facade textrank4zh's ``util`` sees instead of the networkx module: networkx 3's functions under
#: the names textrank4zh 0.3 calls. Nothing outside textrank4zh is touched.
_NETWORKX_FOR_TEXTRANK4ZH = types.SimpleNamespace(
    from_numpy_matrix=nx.from_numpy_array,
    pagerank=nx.pagerank,
)
_tr4zh_util.nx = _NETWORKX_FOR_TEXTRANK4ZH

#: textrank4zh's own lists, which ``summarize.textrank`` writes out (the tests compare them).
ALLOW_SPEECH_TAGS = tuple(_tr4zh_util.allow_speech_tags)
SENTENCE_DELIMITERS = tuple(_tr4zh_util.sentence_delimiters)
_NOT_A_KEYWORD = re.compile(r"^[\d\W_a-zA-Z]+$|^.$")


@lru_cache(maxsize=1)
def _word_segmentation() -> WordSegmentation:
    return WordSegmentation()


def textrank4zh_sentences(sentences: list[str], *, damping: float = DAMPING) -> list[tuple[int, float]]:
    """Rank sentences with textrank4zh's own code (``util.sort_sentences`` through the adapter).

    ``sentences``: the story's sentences in document order (strings). Words come from jieba.posseg with
    textrank4zh's stop words removed; edge weights are textrank4zh's ``get_similarity``.
    Returns ``[(sentence index, PageRank weight), ...]`` best first; ``[]`` for no sentences.
    """
    if not sentences:
        return []
    words = _word_segmentation().segment_sentences(sentences, lower=False, use_stop_words=True,
                                                   use_speech_tags_filter=False)
    ranked = _tr4zh_util.sort_sentences(sentences=sentences, words=words, sim_func=_tr4zh_util.get_similarity,
                                        pagerank_config={"alpha": damping})
    return [(item.index, float(item.weight)) for item in ranked]


def textrank4zh_keywords(text: str, *, num: int = 8, window: int = WINDOW, damping: float = DAMPING) -> list[Keyword]:
    """Rank a story's words with textrank4zh's ``TextRank4Keyword`` (nouns, verbs and names after stop
    words; co-occurrence ``window`` in words, default 2).

    Returns up to ``num`` ``Keyword`` best first, skipping single characters, numbers and Latin tokens.
    """
    tr4w = TextRank4Keyword()
    tr4w.analyze(text=text, lower=False, window=window, pagerank_config={"alpha": damping})
    out = []
    for item in tr4w.keywords:
        if _NOT_A_KEYWORD.match(item.word):
            continue
        out.append(Keyword(item.word, float(item.weight)))
        if len(out) >= num:
            break
    return out


def textrank4zh_story(paragraphs: Sequence[Sequence[str]], *, analyzers: tuple | None = None) -> Ranking:
    """A story ranked by textrank4zh's own ``TextRank4Sentence`` and ``TextRank4Keyword`` classes.

    ``paragraphs`` as for ``rank_story``. The sentence ranker is given exactly these sentences (one per
    line, line breaks as its only delimiter); the keyword ranker the text, paragraphs joined with line
    breaks. ``analyzers``: a ``(TextRank4Sentence, TextRank4Keyword)`` pair to reuse (made by
    ``textrank4zh_analyzers``). ``phrase_words`` are textrank4zh's ``words_no_filter``.
    """
    tr4s, tr4w = analyzers or textrank4zh_analyzers()
    sentences = [s for p in paragraphs for s in p]
    tr4s.analyze(text="\n".join(sentences), lower=False, source="no_stop_words")
    if list(tr4s.sentences) != sentences:
        raise ValueError("textrank4zh split the sentences differently: a sentence is blank or has a line break")
    tr4w.analyze(text="\n".join("".join(p) for p in paragraphs), lower=False, window=WINDOW)
    weights = [0.0] * len(sentences)
    for item in tr4s.key_sentences:
        weights[item.index] = float(item.weight)
    return Ranking(
        sentences=tuple(sentences),
        sentence_weights=tuple(weights),
        sentence_order=tuple(item.index for item in tr4s.key_sentences),
        keywords=tuple(Keyword(item.word, float(item.weight)) for item in tr4w.keywords),
        phrase_words=tuple(tuple(ws) for ws in tr4w.words_no_filter if ws),
    )


def textrank4zh_analyzers(*, given_sentences: bool = True, stop_words_file: str | None = None) -> tuple:
    """A fresh ``(TextRank4Sentence, TextRank4Keyword)`` pair. With ``given_sentences`` the sentence
    ranker splits at line breaks only (for text that is one sentence per line); otherwise both split at
    textrank4zh's default delimiters, as the library does out of the box. ``stop_words_file``: a
    UTF-8 file of stop words, one a line, instead of textrank4zh's own list."""
    delimiters = ["\n"] if given_sentences else _tr4zh_util.sentence_delimiters
    return (TextRank4Sentence(stop_words_file=stop_words_file, delimiters=delimiters),
            TextRank4Keyword(stop_words_file=stop_words_file))


def textrank4zh_text(text: str, analyzers: tuple) -> None:
    """Run textrank4zh's two classes on ``text`` as a user of the library would (each splits the text
    itself, each segments it with jieba.posseg); the benchmark's baseline. Returns nothing."""
    tr4s, tr4w = analyzers
    tr4s.analyze(text=text, lower=False, source="no_stop_words")
    tr4w.analyze(text=text, lower=False, window=WINDOW)
