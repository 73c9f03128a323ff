"""The day's digest from its pages' story summaries: page order, story counts, the day's keywords; pure.

Apart from ``summarize.digest`` so that a process assembling a digest whose stories were summarised
elsewhere (the flow's process with Dask workers) never loads jieba, networkx or textrank4zh.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from summarize import pageview, prominence
from summarize.background import KeywordBackground
from summarize.keywords import aggregate_keywords
from summarize.models import Digest, Keyword, Source, StorySummary
from summarize.settings import DEFAULTS


def day_keywords(summaries: list[StorySummary], *, num: int | None = DEFAULTS.day_keywords,
                 background: KeywordBackground | None = None) -> list[Keyword]:
    """The day's keywords, best first, each marked ``new`` or not against the archive's last week.

    A keyword's day weight is its story weights summed over the stories that carry it (each story
    weight already PageRank × jieba's IDF, ``keywords.story_keywords``: a word central to several
    stories outranks a word central to one, and Chinese officialese weighs little), times its smoothed
    IDF over the archive's earlier stories (``background.idf``: a word this paper's stories keep
    carrying, such as its own city's name, weighs less; 1 for every word while the archive is empty).
    ``new``: the word is among no keyword of the last ``RECENT_DIGESTS`` earlier digests
    (``background.is_new``). ``background`` defaults to the empty one (no earlier digest).
    Returns up to ``num`` ``Keyword``.
    """
    background = background or KeywordBackground()
    summed = aggregate_keywords((s.keywords for s in summaries), num=None)
    weighted = sorted((Keyword(k.word, k.weight * background.idf(k.word), background.is_new(k.word))
                       for k in summed), key=lambda k: (-k.weight, k.word))
    return weighted[:num]


def assemble_digest(date: dt.date, generated_at: dt.datetime, sources: list[Source],
                    summaries: list[StorySummary], *, num_keywords: int = DEFAULTS.day_keywords,
                    background: KeywordBackground | None = None) -> Digest:
    """Put a day's digest together: stories in the order of ``sources`` (page order) and, within a page,
    as segmented; each source's story count and printed page number (``pageview.read_printed_page``, which
    reads the head of each readable page file again) filled in; the day's keywords aggregated against
    ``background``, the archive's earlier digests (``day_keywords``; ``background.read_background``
    reads them; default: none); every story
    ranked and the stories printed twice joined (``prominence.rank_stories``)."""
    order = {s.path: i for i, s in enumerate(sources)}
    stories = sorted(summaries, key=lambda s: order.get(s.story.source, len(order)))
    counts: dict[str, int] = defaultdict(int)
    for s in stories:
        counts[s.story.source] += 1
    sources = [replace(s, stories=counts.get(s.path, 0),
                       printed_page=pageview.read_printed_page(s.path) if s.status == "ok" else None)
               for s in sources]
    front = {s.path for s in sources if pageview.is_front_page(s.printed_page)}
    return Digest(date=date, generated_at=generated_at, sources=tuple(sources), stories=tuple(stories),
                  keywords=tuple(day_keywords(stories, num=num_keywords, background=background)),
                  prominence=prominence.rank_stories(stories, front))
