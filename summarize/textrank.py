"""TextRank sentence and keyword ranking for one story; the only module importing textrank4zh/networkx.

TextRank (Mihalcea & Tarau 2004, "TextRank: Bringing Order into Texts") ranks the vertices of a graph by
PageRank (Brin & Page 1998) with damping factor 0.85. textrank4zh 0.3 (letian, 2016) builds two graphs:
words linked when they co-occur within a window of 2 words, and sentences weighted by shared words over
``log|s1| + log|s2|``.

networkx 3 compatibility: textrank4zh calls ``networkx.from_numpy_matrix``, removed in networkx 3.0
(its replacement is ``from_numpy_array``), and networkx 3's ``pagerank`` needs scipy. The fix lives here
and only here: textrank4zh's ``util`` module is given a networkx facade exposing the old name.
"""
from __future__ import annotations

import logging
import re
import types
from functools import lru_cache

import jieba
import networkx as nx
from textrank4zh import TextRank4Keyword, util as _tr4zh_util
from textrank4zh.Segmentation import WordSegmentation

from summarize.models import Keyword

jieba.setLogLevel(logging.WARNING)

#: The facade textrank4zh's ``util`` sees instead of the networkx module: networkx 3's functions under
#: the names textrank4zh 0.3 calls. Nothing outside textrank4zh is touched.
_NETWORKX_FOR_TEXTRANK4ZH = types.SimpleNamespace(
    from_numpy_matrix=nx.from_numpy_array,
    pagerank=nx.pagerank,
)
_tr4zh_util.nx = _NETWORKX_FOR_TEXTRANK4ZH

DAMPING = 0.85
WINDOW = 2
_NOT_A_KEYWORD = re.compile(r"^[\d\W_a-zA-Z]+$|^.$")


@lru_cache(maxsize=1)
def _word_segmentation() -> WordSegmentation:
    return WordSegmentation()


def rank_sentences(sentences: list[str], *, damping: float = DAMPING) -> list[tuple[int, float]]:
    """Rank sentences by TextRank, as textrank4zh's ``TextRank4Sentence`` does.

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


def rank_keywords(text: str, *, num: int = 8, window: int = WINDOW, damping: float = DAMPING) -> list[Keyword]:
    """Rank a story's words by TextRank, as textrank4zh's ``TextRank4Keyword`` does (nouns, verbs and
    names after stop words; co-occurrence ``window`` in words, default 2).

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
