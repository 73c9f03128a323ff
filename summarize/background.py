"""The archive's earlier digests as a background for the day's keywords: how many archived stories carried
each keyword (its document frequency), and which keywords the last week's digests carried; pure reading of
``<output_dir>/<YYYY-MM-DD>/digest.json``, no Prefect, no jieba."""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from summarize.files import day_records, read_digest

#: How many of the latest earlier digests a keyword must be absent from to be marked new: a week of
#: daily digests, the span an editor reads back over (issue 15: "new against the last 7 digests").
RECENT_DIGESTS = 7


@dataclass(frozen=True)
class KeywordBackground:
    """What the archive's earlier digests say about keywords.

    ``stories``: the number of archived stories read (the documents); ``df[word]``: how many of them
    carried ``word`` among their keywords (exact match); ``days``: the number of earlier digests read;
    ``recent``: every keyword, the day's and the stories', of the ``RECENT_DIGESTS`` latest of them.
    The empty background (no earlier digest) changes no weight and marks nothing new.
    """

    stories: int = 0
    df: Counter = field(default_factory=Counter)
    days: int = 0
    recent: frozenset[str] = frozenset()

    def idf(self, word: str) -> float:
        """The smoothed IDF of ``word`` over the archived stories (Spärck Jones 1972; smoothed as
        scikit-learn's ``TfidfVectorizer(smooth_idf=True)``): ``log((N + 1) / (df + 1)) + 1``, N the
        stories read. At least 1, and exactly 1 for every word when the archive is empty: with few
        archived stories the factor stays near 1 for every word, so the archive counts for more as it
        grows and no cut-over between backgrounds is needed."""
        return math.log((self.stories + 1) / (self.df.get(word, 0) + 1)) + 1

    def is_new(self, word: str) -> bool:
        """True when ``word`` is among the keywords of none of the ``RECENT_DIGESTS`` latest earlier
        digests (exact match against their day's and stories' keywords); False when there is no
        earlier digest to compare with."""
        return self.days > 0 and word not in self.recent


def read_background(output_dir: str | Path, before: dt.date) -> KeywordBackground:
    """The keyword background of the digests under ``output_dir`` (folders named ``YYYY-MM-DD`` holding
    ``digest.json``, as ``archive.list_digests`` reads them) dated before ``before``: a re-run of a
    day, or a backfill of an earlier one, never counts that day or a later one.

    Every earlier digest counts towards ``df`` (each story's ``keywords``; a story printed twice, with
    ``reprint_of`` set, counts once); the ``RECENT_DIGESTS`` latest give ``recent`` (their ``keywords``
    and their stories'). A ``digest.json`` that cannot be read or parsed is skipped, as the archive
    skips it. A missing ``output_dir`` gives the empty background. Reads each file once; returns a
    ``KeywordBackground``.
    """
    days_before = [(date, record) for date, record in day_records(output_dir) if date < before]
    df: Counter = Counter()
    stories = days = 0
    recent: set[str] = set()
    for _, path in sorted(days_before, reverse=True):  # newest first
        try:
            record = read_digest(path, ("keywords",), ("keywords", "reprint_of"))
            story_words = [{str(w) for w in s["keywords"]} for s in record["stories"] if not s.get("reprint_of")]
            day_words = {str(w) for w in record["keywords"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        for words in story_words:
            df.update(words)
        stories += len(story_words)
        if days < RECENT_DIGESTS:
            recent |= day_words.union(*story_words)
        days += 1
    return KeywordBackground(stories=stories, df=df, days=days, recent=frozenset(recent))
