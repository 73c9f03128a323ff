"""A story's keywords from its TextRank ranking: keyword hygiene, keyphrases, and the day's keywords."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from summarize.models import Keyword

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


def story_keywords(ranking: Ranking, text: str, *, num: int = 8, phrases: bool = True) -> list[Keyword]:
    """A story's keywords, best first: TextRank's keywords (Mihalcea & Tarau 2004) that pass
    ``is_keyword_shaped``, with keyphrases (``keyphrases``) merged in when ``phrases``.

    A keyphrase takes the place of its best word, and the words it is made of leave the list, so
    ``株洲 / 经开区`` becomes ``株洲经开区`` once. A word inside a better-ranked keyword (``渌口`` after
    ``渌口区``) is left out. ``text`` is the story's text (for phrase counts).
    Returns up to ``num`` ``Keyword`` with distinct words.
    """
    ranked = [k for k in ranking.keywords if is_keyword_shaped(k.word)]
    member_of: dict[str, str] = {}
    if phrases:
        for phrase in keyphrases(ranking, text):
            for k in ranking.keywords[:PHRASE_CANDIDATES]:
                if k.word in phrase.word:
                    member_of.setdefault(k.word, phrase.word)
    out: list[Keyword] = []
    for k in ranked:
        word = member_of.get(k.word, k.word)
        if not any(word in kept.word for kept in out):
            out.append(Keyword(word, k.weight))
        if len(out) >= num:
            break
    return out


def aggregate_keywords(keyword_lists: Iterable[Iterable[Keyword]], *, num: int = 20) -> list[Keyword]:
    """Keywords over several stories: each word's weights summed over the stories that carry it, best
    first (ties by word). A word central to several stories outranks one central to a single story.
    Returns up to ``num`` ``Keyword``."""
    total: dict[str, float] = defaultdict(float)
    for keywords in keyword_lists:
        for kw in keywords:
            total[kw.word] += kw.weight
    best = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:num]
    return [Keyword(word, weight) for word, weight in best]
