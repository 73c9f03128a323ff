"""The words the rankers see: a jieba tokenizer that keeps Hunan's place and organisation names whole,
and the stop words for news."""
from __future__ import annotations

import importlib.util
import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.posseg

from summarize.places import place_names
from summarize.posseg_hmm import viterbi

jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" lines on every run

NEWS_STOPWORDS_FILE = Path(__file__).resolve().parent / "news_stopwords.txt"

#: Bodies named after an administrative division's full name (``株洲市`` -> ``株洲市委``, ``株洲市公安局``):
#: the standard names of the Party committee, government, congress, courts and their departments.
BODY_SUFFIXES = (
    "委", "政府", "人民政府", "人大", "人大常委会", "政协", "纪委", "纪委监委", "监委", "委组织部", "委宣传部",
    "委统战部", "委政法委", "委办", "政府办", "委党校", "公安局", "财政局", "教育局", "卫健委", "发改委",
    "人民法院", "人民检察院", "人民医院", "融媒体中心", "应急管理局", "市场监管局", "住建局", "农业农村局",
)
#: Development zones named after a division's full or short name (``株洲经开区``, ``湘潭高新区``).
ZONE_SUFFIXES = ("经开区", "高新区", "开发区", "经济开发区", "经济技术开发区", "高新技术产业开发区", "新区",
                 "综合保税区", "工业园", "产业园", "工业园区")
_FULL_NAME = re.compile(r"[省市县区州]$")

_lock = threading.Lock()
#: Most unknown-word runs ``_MemoPOSTokenizer`` remembers (a run is a few characters).
MEMO_SIZE = 200_000


class _MemoPOSTokenizer(jieba.posseg.POSTokenizer):
    """jieba.posseg's tokenizer that remembers its HMM (Viterbi) result per run of unknown characters.

    With the HMM on, jieba spends most of its time decoding runs of characters its dictionary cannot
    cover; the decoding depends on the run alone, and news repeats the same names and terms, so the
    same run gives the same words from the memo, and a new run is decoded by ``posseg_hmm.viterbi``
    (jieba's decoder on arrays). Output is identical to jieba's (jieba 0.42's ``__cut_detail`` is the
    method wrapped, ``__cut`` the one rewritten).
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        # jieba.posseg.POSTokenizer.__init__ would read the tag of every dictionary word again (27 MiB
        # per process, measured); jieba's global POS tokenizer already holds them, so when both read the
        # same dictionary the table starts as a copy of its table (words and tags shared, not copied).
        if tokenizer.dictionary == jieba.dt.dictionary:
            self.tokenizer = tokenizer
            self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
        else:
            super().__init__(tokenizer)
        self._memo: dict[str, tuple] = {}

    def clear_memo(self) -> None:
        """Forget every remembered run (the benchmark does, so that repeated passes gain nothing)."""
        self._memo.clear()

    def _POSTokenizer__cut(self, sentence: str):  # noqa: N802 (jieba's mangled name)
        # jieba 0.42's ``POSTokenizer.__cut`` with its decoder swapped for ``posseg_hmm.viterbi`` (same route).
        _, pos_list = viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield jieba.posseg.pair(sentence[begin:i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield jieba.posseg.pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield jieba.posseg.pair(sentence[nexti:], pos_list[nexti][1])

    def _POSTokenizer__cut_detail(self, sentence: str):  # noqa: N802 (jieba's mangled name)
        words = self._memo.get(sentence)
        if words is None:
            words = tuple(super()._POSTokenizer__cut_detail(sentence))
            if len(self._memo) < MEMO_SIZE:
                self._memo[sentence] = words
        return iter(words)


def user_words() -> list[tuple[str, str]]:
    """The user dictionary: ``[(word, jieba tag), ...]``, place names tagged ``ns`` (from
    ``places.place_names()``: Hunan's cities, counties and districts, full and short) and the bodies
    and zones named after them tagged ``nt``, built by rule from ``BODY_SUFFIXES`` / ``ZONE_SUFFIXES``."""
    names = place_names()
    words = [(name, "ns") for name in names]
    for name in names:
        if _FULL_NAME.search(name):
            words += [(name + suffix, "nt") for suffix in BODY_SUFFIXES]
        words += [(name + suffix, "nt") for suffix in ZONE_SUFFIXES]
    return list(dict.fromkeys(words))


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, tag in user_words():
        if tokenizer.FREQ.get(word):
            continue  # jieba already keeps it whole; its frequency and tag stay jieba's
        tokenizer.add_word(word, None, tag)  # jieba then picks the least frequency that keeps it whole
    pos = _MemoPOSTokenizer(tokenizer)
    pos.makesure_userdict_loaded()  # jieba would do it on the first cut, possibly in two threads at once
    return pos


def pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """Our jieba.posseg tokenizer: jieba's dictionary plus ``user_words()``, on a ``jieba.Tokenizer`` of
    its own (jieba's global tokenizer, which textrank4zh uses, is left as it is), remembering its HMM
    results (``_MemoPOSTokenizer``). Built once per process (about two seconds); safe to call from
    several threads."""
    with _lock:
        return _pos_tokenizer()


@lru_cache(maxsize=1)
def textrank4zh_stopwords() -> frozenset[str]:
    """textrank4zh's own stop word list (its ``stopwords.txt``, 1,900-odd entries), as it reads it.
    The file is found without importing textrank4zh (whose import loads networkx), so the segmenter,
    which shares this module's tokenizer, never loads a ranker."""
    spec = importlib.util.find_spec("textrank4zh")
    folder = Path(next(iter(spec.submodule_search_locations)))
    with open(folder / "stopwords.txt", encoding="utf-8", errors="ignore") as fh:
        return frozenset(line.strip() for line in fh)


@lru_cache(maxsize=1)
def news_stopwords() -> frozenset[str]:
    """Stop words for news: textrank4zh's list plus ``news_stopwords.txt`` (one word a line, then an
    optional ``#`` comment; how the additions were chosen is written at the top of the file).
    Raises ``ValueError`` naming the file if it holds no word."""
    lines = NEWS_STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    added = {line.split("#", 1)[0].strip() for line in lines} - {""}
    if not added:
        raise ValueError(f"{NEWS_STOPWORDS_FILE}: no stop words in the file")
    return textrank4zh_stopwords() | added
