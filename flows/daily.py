"""The daily digest flow: ingest -> segment (per page) -> summarise (mapped over stories) -> render -> write."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from summarize import digest as digest_lib
from summarize import ingest, publish, render, segment
from summarize.models import Digest, Page, Source, Story, StorySummary
from summarize.settings import Settings


@task(cache_policy=NO_CACHE)
def ingest_pages(input_dir: Path, max_bytes: int) -> tuple[list[Page], list[Source]]:
    return ingest.read_folder(input_dir, max_bytes=max_bytes)


@task(cache_policy=NO_CACHE)
def segment_page(page: Page) -> list[Story]:
    return segment.segment_page(page)


@task(cache_policy=NO_CACHE)
def summarize_story(story: Story, max_sentences: int, max_keywords: int) -> StorySummary:
    return digest_lib.summarize_story(story, max_sentences=max_sentences, max_keywords=max_keywords)


@task(cache_policy=NO_CACHE)
def render_digest(digest: Digest, settings: Settings) -> dict[str, bytes]:
    return render.render_all(digest, settings)


@task(cache_policy=NO_CACHE)
def write_digest(files: dict[str, bytes], output_dir: Path, date: dt.date) -> Path:
    return publish.write_digest(files, output_dir, date)


def resolve_date(date: str | dt.date | None, timezone: str) -> dt.date:
    """``date`` as a ``datetime.date``: an ISO ``YYYY-MM-DD`` string, a date, or None for today in
    ``timezone``. Raises ``ValueError`` for a malformed string."""
    if date is None:
        return dt.datetime.now(ZoneInfo(timezone)).date()
    if isinstance(date, dt.date):
        return date
    return dt.date.fromisoformat(date)


@flow(name="daily-digest", log_prints=False)
def daily_digest(date: str | None = None, input_dir: str = "seeds", output_dir: str = "out") -> str:
    """Build the digest of the pages in ``input_dir`` for ``date`` (``YYYY-MM-DD``, default today in
    Asia/Shanghai) and write it to ``<output_dir>/<date>/``. Returns that folder's path.

    A page that cannot be read or segmented is reported in the digest's sources; the others go on.
    """
    logger = get_run_logger()
    settings = Settings()
    day = resolve_date(date, settings.timezone)
    pages, sources = ingest_pages(Path(input_dir), settings.max_page_bytes)
    bad = [s for s in sources if s.status != "ok"]
    logger.info("Read %d of %d pages from %s", len(pages), len(sources), input_dir)
    for s in bad:
        logger.warning("Skipped %s: %s", s.path, s.error)

    stories: list[Story] = []
    failed: dict[str, str] = {}
    for page, future in zip(pages, segment_page.map(pages)):
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):
            failed[page.path] = f"segmentation failed: {type(result).__name__}: {result}"
            logger.error("Page %s: %s", page.path, failed[page.path])
            continue
        stories.extend(result)
    sources = [Source(s.path, "error", failed[s.path]) if s.path in failed else s for s in sources]
    logger.info("Found %d stories on %d pages", len(stories), len(pages) - len(failed))

    summaries = summarize_story.map(stories, settings.summary_sentences, settings.story_keywords).result()
    digest = digest_lib.assemble_digest(day, dt.datetime.now(ZoneInfo(settings.timezone)), sources, summaries,
                                        num_keywords=settings.day_keywords)
    files = render_digest(digest, settings)
    folder = write_digest(files, Path(output_dir), day)
    logger.info("Wrote %s", ", ".join(str(folder / name) for name in files))
    return str(folder)
