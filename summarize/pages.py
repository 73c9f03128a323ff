"""One page at a time through the pipeline: read, segment, summarise every story; a failure stays with
its page. The unit of work a task runner ships to a worker, so a day streams through page by page."""
from __future__ import annotations

from pathlib import Path

from summarize import ingest, segment
from summarize.models import Source, StorySummary
from summarize.settings import DEFAULT_OPTIONS, PageOptions
from summarize.summary import ranking_options, summarize_story


def summarize_page(path: str | Path, options: PageOptions = DEFAULT_OPTIONS) -> tuple[Source, list[StorySummary]]:
    """Read the page file at ``path`` (``ingest.read_page``, at most ``options.max_page_bytes`` bytes), split it
    into stories (``segment.segment_page`` with ``options.segmenter``) and summarise each
    (``summary.summarize_story`` with the same ``options``).

    ``options.max_page_chars`` bounds the work on one page: a page whose text has more characters is not
    segmented nor summarised. Ranking and wrapping take time and memory linear in the page's characters
    (the longest stories are ranked on a windowed sentence graph, ``textrank._sentence_graph``);
    segmentation grows faster with a page's lines, so this limit is what bounds the page's time (see
    docs/operations.md: seconds to tens of seconds at the limit on a busy 2-CPU machine).

    Returns ``(source, summaries)``: ``source.status`` ``"ok"`` with the page's summaries in segmented
    order, or ``"error"`` with no summaries and the reason in ``source.error`` — the ``PageError`` reason
    for a file that cannot be read, the limit for a page over ``max_page_chars``, ``"segmentation
    failed: <exception>"`` or ``"summarisation failed: <exception>"`` when the library breaks on this
    page. So one broken page never costs another its stories. ``source.path`` is
    ``ingest.display_path(path)``. Raises ``ValueError`` for an unknown ranking mode (before reading),
    nothing for a bad page.
    """
    ranking_options(options.ranking_mode, options.position_prior)  # raises ValueError for an unknown mode
    name = ingest.display_path(path)
    try:
        page = ingest.read_page(path, max_bytes=options.max_page_bytes)
    except ingest.PageError as exc:
        return Source(name, "error", exc.reason), []
    if len(page.text) > options.max_page_chars:
        return Source(name, "error", f"page text is {len(page.text):,} characters, over the limit of "
                                     f"{options.max_page_chars:,} per page (max_page_chars); not summarised"), []
    try:
        stories = segment.segment_page(page, method=options.segmenter)
    except Exception as exc:  # noqa: BLE001 - any bug on one page must cost that page only
        return Source(name, "error", f"segmentation failed: {type(exc).__name__}: {exc}"), []
    del page  # the page text goes before the summaries are made; the stories hold what is needed
    try:
        summaries = [summarize_story(story, options) for story in stories]
    except Exception as exc:  # noqa: BLE001 - as above
        return Source(name, "error", f"summarisation failed: {type(exc).__name__}: {exc}"), []
    return Source(name, "ok"), summaries
