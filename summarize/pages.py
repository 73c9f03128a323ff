"""One page at a time through the pipeline: read, segment, summarise every story; a failure stays with
its page. The unit of work a task runner ships to a worker, so a day streams through page by page."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from summarize import digest, ingest, segment
from summarize.models import Source, StorySummary


#: Default of ``digest_page``'s ``max_page_chars`` (the ``max_page_chars`` setting's default).
DEFAULT_MAX_PAGE_CHARS = 50_000


def digest_page(path: str | Path, *, max_bytes: int = ingest.DEFAULT_MAX_BYTES,
                max_page_chars: int = DEFAULT_MAX_PAGE_CHARS, max_sentences: int = 3, max_chars: int = 150,
                max_keywords: int = 8, mode: Literal["reference", "fast"] = "reference",
                lead_bias: bool = True, segmenter: str = "rules") -> tuple[Source, list[StorySummary]]:
    """Read the page file at ``path`` (``ingest.read_page``, at most ``max_bytes`` bytes), split it into
    stories (``segment.segment_page`` with ``method=segmenter``) and summarise each (``digest.summarize_story`` with the other
    options, same meanings).

    ``max_page_chars`` bounds the work on one page: a page whose text has more characters is not
    segmented nor summarised. Ranking and wrapping take time and memory linear in the page's characters
    (the longest stories are ranked on a windowed sentence graph, ``textrank._sentence_graph``);
    segmentation grows faster with a page's lines, so this limit is what bounds the page's time (see
    README, "What can go wrong": seconds to tens of seconds at the limit on a busy 2-CPU machine).

    Returns ``(source, summaries)``: ``source.status`` ``"ok"`` with the page's summaries in segmented
    order, or ``"error"`` with no summaries and the reason in ``source.error`` — the ``PageError`` reason
    for a file that cannot be read, the limit for a page over ``max_page_chars``, ``"segmentation
    failed: <exception>"`` or ``"summarisation failed: <exception>"`` when the library breaks on this
    page. So one broken page never costs another its stories. ``source.path`` is
    ``ingest.display_path(path)``. Raises ``ValueError`` for an unknown ``mode`` (before reading),
    nothing for a bad page.
    """
    digest.ranking_options(mode, lead_bias)  # raises ValueError for an unknown mode, before reading
    name = ingest.display_path(path)
    try:
        page = ingest.read_page(path, max_bytes=max_bytes)
    except ingest.PageError as exc:
        return Source(name, "error", exc.reason), []
    if len(page.text) > max_page_chars:
        return Source(name, "error", f"page text is {len(page.text):,} characters, over the limit of "
                                     f"{max_page_chars:,} per page (max_page_chars); not summarised"), []
    try:
        stories = segment.segment_page(page, method=segmenter)
    except Exception as exc:  # noqa: BLE001 - any bug on one page must cost that page only
        return Source(name, "error", f"segmentation failed: {type(exc).__name__}: {exc}"), []
    del page  # the page text goes before the summaries are made; the stories hold what is needed
    try:
        summaries = [digest.summarize_story(story, max_sentences=max_sentences, max_chars=max_chars,
                                            max_keywords=max_keywords, mode=mode, lead_bias=lead_bias)
                     for story in stories]
    except Exception as exc:  # noqa: BLE001 - as above
        return Source(name, "error", f"summarisation failed: {type(exc).__name__}: {exc}"), []
    return Source(name, "ok"), summaries
