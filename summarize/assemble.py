"""The day's digest from its pages' story summaries: page order, story counts, the day's keywords; pure.

Apart from ``summarize.digest`` so that a process assembling a digest whose stories were summarised
elsewhere (the flow's process with Dask workers) never loads jieba, networkx or textrank4zh.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from summarize import pageview, prominence
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
    as segmented; each source's story count and printed page number (``pageview.read_printed_page``, which
    reads the head of each readable page file again) filled in; the day's keywords aggregated; every story
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
                  keywords=tuple(day_keywords(stories, num=num_keywords)),
                  prominence=prominence.rank_stories(stories, front))
