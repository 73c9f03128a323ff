"""The day's digest from its pages' story summaries: page order, story counts, the day's keywords; pure.

Apart from ``summarize.digest`` so that a process assembling a digest whose stories were summarised
elsewhere (the flow's process with Dask workers) never loads jieba, networkx or textrank4zh.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from summarize.keywords import aggregate_keywords
from summarize.models import Digest, Keyword, Source, StorySummary


def day_keywords(summaries: list[StorySummary], *, num: int = 20) -> list[Keyword]:
    """The day's keywords: each keyword's weight summed over the stories that carry it, best first.

    Weights are story-level PageRank scores, so a word central to several stories outranks a word
    central to one. Returns up to ``num`` ``Keyword``.
    """
    return aggregate_keywords((s.keywords for s in summaries), num=num)


def assemble_digest(date: dt.date, generated_at: dt.datetime, sources: list[Source],
                    summaries: list[StorySummary], *, num_keywords: int = 20) -> Digest:
    """Put a day's digest together: stories in the order of ``sources`` (page order) and, within a page,
    as segmented; each source's story count filled in; the day's keywords aggregated."""
    order = {s.path: i for i, s in enumerate(sources)}
    stories = sorted(summaries, key=lambda s: order.get(s.story.source, len(order)))
    counts: dict[str, int] = defaultdict(int)
    for s in stories:
        counts[s.story.source] += 1
    sources = [Source(s.path, s.status, s.error, counts.get(s.path, 0)) for s in sources]
    return Digest(date=date, generated_at=generated_at, sources=tuple(sources), stories=tuple(stories),
                  keywords=tuple(day_keywords(stories, num=num_keywords)))
