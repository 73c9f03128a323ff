"""Story summaries and the day's digest: choose summary sentences, rank keywords, aggregate; pure."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from summarize.clean import split_sentences
from summarize.models import Digest, Keyword, Source, Story, StorySummary
from summarize.textrank import rank_keywords, rank_sentences

MIN_SENTENCE_CHARS = 6  # textrank4zh's get_key_sentences(sentence_min_len=6)


def story_sentences(story: Story) -> list[str]:
    """The story's sentences in document order (``clean.split_sentences`` over each paragraph)."""
    return [s for paragraph in story.paragraphs for s in split_sentences(paragraph)]


def summarize_story(story: Story, *, max_sentences: int = 3, max_keywords: int = 8) -> StorySummary:
    """Summarise one story with TextRank (Mihalcea & Tarau 2004) through textrank4zh's algorithm.

    Picks the ``max_sentences`` best-ranked sentences of at least 6 characters and returns them in
    document order, verbatim from ``story.text``; a story whose sentences are all shorter gets its first
    sentence. Keywords: up to ``max_keywords``, best first.
    """
    sentences = story_sentences(story)
    ranked = [i for i, _ in rank_sentences(sentences) if len(sentences[i]) >= MIN_SENTENCE_CHARS]
    chosen = sorted(ranked[:max_sentences]) or ([0] if sentences else [])
    return StorySummary(
        story=story,
        summary=tuple(sentences[i] for i in chosen),
        keywords=tuple(rank_keywords(story.text, num=max_keywords)),
    )


def day_keywords(summaries: list[StorySummary], *, num: int = 20) -> list[Keyword]:
    """The day's keywords: each keyword's weight summed over the stories that carry it, best first.

    Weights are story-level PageRank scores, so a word central to several stories outranks a word
    central to one. Returns up to ``num`` ``Keyword``.
    """
    total: dict[str, float] = defaultdict(float)
    for summary in summaries:
        for kw in summary.keywords:
            total[kw.word] += kw.weight
    best = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:num]
    return [Keyword(word, weight) for word, weight in best]


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
