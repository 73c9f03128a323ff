"""A story's keywords from its TextRank ranking: keyword hygiene, keyphrases, distinctiveness (jieba's IDF
table), and the day's keywords."""
from __future__ import annotations

import importlib.util
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.models import Keyword
from summarize.settings import DEFAULT_OPTIONS, DEFAULTS

if TYPE_CHECKING:  # only a type here: assembling a digest needs no ranker
    from summarize.textrank import Ranking

#: Not a keyword: a single character; a token without Chinese characters that is not all Latin letters
#: (numbers, dates, percentages, punctuation, ``5G``); a number with its unit (``2023年``, ``15万元``, ``第3``).
_NOT_A_KEYWORD = re.compile(
    r"^.$"
    r"|^[^\u3400-\u9fffA-Za-z]*$"
    r"|^[^\u3400-\u9fff]*[^A-Za-z\u3400-\u9fff][^\u3400-\u9fff]*$"
    r"|^第?[\d０-９.．%％,，零〇一二两三四五六七八九十百千万亿]+"
    r"[年月日号时分秒个元万亿余多名家项件台次位户人亩吨米天倍批%％]*$"
)
#: textrank4zh's ``get_keyphrases`` defaults: phrases of the 12 best words, seen at least twice.
PHRASE_CANDIDATES = 12
PHRASE_MIN_OCCURRENCES = 2


@dataclass(frozen=True)
class IdfTable:
    """Inverse document frequencies (Spärck Jones 1972, "A statistical interpretation of term specificity
    and its application in retrieval"): ``idf[word]`` is the natural log of the number of documents over
    the number holding ``word``, so a word most documents hold weighs little. ``median`` stands in for a
    word the table lacks, as ``jieba.analyse.extract_tags`` does: a word too rare to be counted is taken
    as distinctive as a typical word of the table, not as the rarest."""

    idf: dict[str, float]
    median: float

    def __call__(self, word: str) -> float:
        """The IDF of ``word`` (``median`` when the table lacks it); a positive float."""
        return self.idf.get(word, self.median)

    def commonest(self, n: int) -> frozenset[str]:
        """The ``n`` words of lowest IDF (the commonest; ties by word, so the set is the same every time)."""
        return frozenset(sorted(self.idf, key=lambda w: (self.idf[w], w))[:n])


def jieba_idf_path() -> Path:
    """The path of the IDF table jieba ships (``jieba/analyse/idf.txt``), found without importing jieba
    (assembling a digest must not load its dictionaries). Raises ``FileNotFoundError`` when jieba is not
    installed or ships no such file."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("jieba is not installed: its IDF table (jieba/analyse/idf.txt) is needed")
    path = Path(next(iter(spec.submodule_search_locations))) / "analyse" / "idf.txt"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: jieba's IDF table not found")
    return path


_idf_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba_idf() -> IdfTable:
    idf: dict[str, float] = {}
    with open(jieba_idf_path(), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) == 2:
                idf[parts[0]] = float(parts[1])
    if not idf:
        raise ValueError(f"{jieba_idf_path()}: no IDF entries")
    return IdfTable(idf, sorted(idf.values())[len(idf) // 2])


def jieba_idf() -> IdfTable:
    """jieba's IDF table (``jieba_idf_path()``: some 270,000 words, one ``word idf`` a line), read once per
    process and kept (under a second and about 36 MiB, measured with tracemalloc; every later call
    returns the same table; safe to call from several threads). ``median`` is the middle value of the
    sorted IDFs, as ``jieba.analyse.TFIDF`` takes it. Raises ``FileNotFoundError`` as ``jieba_idf_path``
    does, ``ValueError`` when the file holds no entry."""
    with _idf_lock:
        return _jieba_idf()


def is_keyword_shaped(word: str) -> bool:
    """True unless ``word`` is a single character, a number (with or without its unit: ``2023年``,
    ``15万元``), punctuation, or otherwise lacks Chinese and Latin letters."""
    return not _NOT_A_KEYWORD.match(word)


def keyphrases(ranking: Ranking, text: str, *, candidates: int = PHRASE_CANDIDATES,
               min_occurrences: int = PHRASE_MIN_OCCURRENCES) -> list[Keyword]:
    """Keyphrases as textrank4zh's ``get_keyphrases`` makes them: runs of two or more adjacent words that
    are all among the ``candidates`` best keywords (single characters included, as textrank4zh does:
    requiring two-character ends measured lower on the CSL keyword gold), found in
    ``ranking.phrase_words`` and occurring at least ``min_occurrences`` times in ``text``. Each phrase's
    weight is the sum of its words' weights. Returns them best first (ties in text order)."""
    weight = {k.word: k.weight for k in ranking.keywords[:candidates]}
    found: dict[str, float] = {}
    for words in ranking.phrase_words:
        run: list[str] = []
        for word in [*words, None]:
            if word is not None and word in weight:
                run.append(word)
                continue
            if len(run) > 1:
                found.setdefault("".join(run), sum(weight[w] for w in run))
            run = []
    phrases = [Keyword(p, w) for p, w in found.items() if text.count(p) >= min_occurrences]
    return sorted(phrases, key=lambda k: -k.weight)


def uniform_idf(word: str) -> float:
    """1 for every word: ``story_keywords`` with it ranks by PageRank alone, as before IDF weighting."""
    return 1.0


def story_keywords(ranking: Ranking, text: str, *, num: int = DEFAULT_OPTIONS.story_keywords, phrases: bool = True,
                   idf: Callable[[str], float] | None = None) -> list[Keyword]:
    """A story's keywords, best first: TextRank's keywords (Mihalcea & Tarau 2004) that pass
    ``is_keyword_shaped``, weighted by distinctiveness, with keyphrases (``keyphrases``) merged in when
    ``phrases``.

    Weight: a word's PageRank score times its IDF (Spärck Jones 1972) in ``idf`` (default: jieba's table,
    ``jieba_idf()``, the median IDF for a word it lacks, as ``jieba.analyse.extract_tags`` does). PageRank
    says how central a word is to the story, the IDF how rarely Chinese text uses it at all, so
    officialese every story leans on (``工作``, ``建设``) gives way to the story's own words (``禁毒``);
    ``idf=uniform_idf`` ranks by PageRank alone.

    A keyphrase takes the place of its best word, and the words it is made of leave the list, so
    ``株洲 / 经开区`` becomes ``株洲经开区`` once. A word inside a better-ranked keyword (``渌口`` after
    ``渌口区``) is left out. ``text`` is the story's text (for phrase counts).
    Returns up to ``num`` ``Keyword`` with distinct words, weights (PageRank × IDF) not increasing.
    """
    idf = jieba_idf() if idf is None else idf
    # (-weight, PageRank rank, word): sorted best first, PageRank order among equal weights
    if isinstance(idf, IdfTable):  # the table's dict read directly: this runs for every candidate word
        get, median = idf.idf.get, idf.median
        scored = [(-k.weight * get(k.word, median), i, k.word) for i, k in enumerate(ranking.keywords)]
    else:
        scored = [(-k.weight * idf(k.word), i, k.word) for i, k in enumerate(ranking.keywords)]
    scored.sort()
    member_of: dict[str, str] = {}
    if phrases:
        for phrase in keyphrases(ranking, text):
            for k in ranking.keywords[:PHRASE_CANDIDATES]:
                if k.word in phrase.word:
                    member_of.setdefault(k.word, phrase.word)
    out: list[Keyword] = []
    for weight, _, word in scored:
        if len(out) >= num:
            break
        if not is_keyword_shaped(word):
            continue
        word = member_of.get(word, word)
        if not any(word in kept.word for kept in out):
            out.append(Keyword(word, -weight))
    return out


def aggregate_keywords(keyword_lists: Iterable[Iterable[Keyword]], *,
                       num: int | None = DEFAULTS.day_keywords) -> list[Keyword]:
    """Keywords over several stories: each word's weights summed over the stories that carry it, best
    first (ties by word). A word central to several stories outranks one central to a single story.
    Returns up to ``num`` ``Keyword`` (all of them for ``num=None``)."""
    total: dict[str, float] = defaultdict(float)
    for keywords in keyword_lists:
        for kw in keywords:
            total[kw.word] += kw.weight
    best = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:num]
    return [Keyword(word, weight) for word, weight in best]
