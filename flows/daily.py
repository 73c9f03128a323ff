"""The daily digest flow: read, segment and summarise the pages (each page a task run cached by its
content, streamed through the task runner: threads or Dask, see ``flows.runners``) -> assemble -> render and write, file by file ->
send (once per date) -> archive -> markdown report. The email does not depend on the archive: a failed
archive update is reported and fails the run after the send."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.tasks import exponential_backoff
from pydantic import SecretStr

from summarize import archive, assemble, background, deliver, ingest, publish, render
from summarize.models import Digest, Source, StorySummary
from summarize.settings import PageOptions, Settings

from flows import caching, logs, runners
from flows.checks import check_folders, check_writable, pages_folder, resolve_date  # noqa: F401 - the flow's API
from flows.progress import PageProgress

logs.configure()  # here, not in flows/__init__: a worker's run imports Prefect (and sets its levels) first

#: Tags of every run of the flow (``digest run``, ``digest serve``'s deployment, prefect.yaml's).
TAGS = ["news-digest"]


@task(cache_policy=caching.PAGE_CACHE, persist_result=True)
def summarize_page(path: Path, options: PageOptions) -> tuple[Source, list[StorySummary]]:
    # Imported here, where pages are summarised (a Dask worker, or the flow's threads): with Dask workers
    # the flow's process never loads jieba's dictionaries or the ranker.
    from summarize import pages

    return pages.summarize_page(path, options)


@task(cache_policy=NO_CACHE)
def summarize_pages(paths: list[Path], options: PageOptions,
                    cache: bool = True) -> list[tuple[Source, list[StorySummary]]]:
    # One task per batch is what travels to a worker; each page inside is its own cached task run.
    page = summarize_page.with_options(refresh_cache=None if cache else True)
    return [page(path, options) for path in paths]


@task(cache_policy=NO_CACHE)
def publish_digest(digest: Digest, settings: Settings, output_dir: Path) -> Path:
    deliver.keep_sent_record(output_dir, digest.date)  # a record kept the old way, inside the day folder
    return publish.write_day(render.digest_files(digest, settings), output_dir, digest.date)


@task(cache_policy=NO_CACHE)
def update_archive(output_dir: Path, settings: Settings) -> tuple[Path, Path]:
    return archive.update_archive(output_dir, settings)


@task(cache_policy=NO_CACHE)
def send_digest(folder: Path, settings: Settings, resend: bool) -> dict:
    record = deliver.deliver_digest(folder, settings, resend=resend, password=smtp_password(settings))
    return record if record is not None else {**(deliver.read_sent_record(folder) or {}), "skipped": True}


def smtp_password(settings: Settings) -> SecretStr | None:
    """The SMTP password: ``settings.smtp_password``, else the value of the Prefect Secret block named
    ``settings.smtp_password_block``, else None. Raises ``ValueError`` when that block does not exist."""
    if settings.smtp_password is not None or not settings.smtp_password_block:
        return settings.smtp_password
    from prefect.blocks.system import Secret

    return SecretStr(str(Secret.load(settings.smtp_password_block).get()))


def _transient_send_failure(task, task_run, state: State) -> bool:
    # Retry connection problems and 4xx replies only; a refused login or address will not get better.
    return getattr(state.result(raise_on_failure=False), "transient", False)


def _delivery_line(state: State | None) -> str:
    if state is None:
        return "not sent (send not requested)"
    if state.is_failed():
        return f"FAILED: {state.result(raise_on_failure=False)}"
    record = state.result()
    if record.get("skipped") and record.get("status") == "unconfirmed":
        return (f"delivery of {record.get('sent_at')} unconfirmed (the server never answered the end of the "
                "message); not sent again: check the mailbox, and use --resend if it did not arrive")
    if record.get("skipped"):
        return f"already sent for this date ({record.get('sent_at', 'record in .sent/')}); not sent again"
    refused = f"; refused: {', '.join(record['refused'])}" if record["refused"] else ""
    return f"sent to {', '.join(record['to'])} at {record['sent_at']} via {record['smtp_host']}{refused}"


def run_name() -> str:
    """The flow run's name, ``digest-YYYY-MM-DD`` (its ``date`` parameter, default today in the timezone
    setting); called by Prefect when the run starts."""
    from prefect.runtime import flow_run

    date = flow_run.parameters.get("date")
    try:
        return f"digest-{resolve_date(date, Settings().timezone)}"
    except (TypeError, ValueError):
        return f"digest-{date}"


@flow(name="daily-digest", flow_run_name=run_name, log_prints=False, task_runner=runners.task_runner(Settings()),
      timeout_seconds=Settings().flow_timeout)
def daily_digest(date: dt.date | None = None, input_dir: str | None = None, output_dir: str | None = None,
                 send: bool | None = None, resend: bool = False,
                 ranking_mode: str | None = None, position_prior: bool | None = None,
                 cache: bool = True) -> str:
    """Build the digest of a day's newspaper pages, write it to ``<output_dir>/<date>/``, update the archive
    and, when asked, email it once per date. Returns the day folder's path.

    A page that cannot be read, segmented or summarised is reported in the digest's sources; the others
    go on. Pages go to the task runner (``settings.task_runner``, set when the flow is defined; the CLI
    passes its own with ``with_options``) in batches of up to 20 per task, a few tasks ahead
    (``runners.stream``), each page a task run cached by the page file's content and the code's version
    (``flows.caching``); progress is logged and kept in the run's ``digest-pages`` progress artifact.
    A send that still fails after ``settings.send_retries`` retries fails the run; the files stay written.

    Args:
        date: Day of the digest, YYYY-MM-DD (default: today in the timezone setting, Asia/Shanghai). Its
            pages are read from input_dir/YYYY-MM-DD/ when that folder exists, else from input_dir.
        input_dir: Folder of the day's page files (*.txt, *.text), or of dated folders of them (default:
            the DIGEST_INPUT_DIR setting, seeds).
        output_dir: Folder the digest is written to, as output_dir/YYYY-MM-DD/; apart from input_dir
            (default: the DIGEST_OUTPUT_DIR setting, out).
        send: Email the digest unless it was sent for this date before (default: the DIGEST_SEND setting).
        resend: Email the digest even if it was sent for this date before (implies send).
        ranking_mode: "reference" (textrank4zh's graphs) or "fast" (jieba HMM off, dense PageRank)
            (default: the DIGEST_RANKING_MODE setting); another value fails the run before any work.
        position_prior: Favour early sentences where the page shows a story's start (default: the
            DIGEST_POSITION_PRIOR setting).
        cache: Reuse each page's result from an earlier run when the page file and the code are unchanged;
            false processes every page again.

    Raises:
        ValueError: before any work, when output_dir is input_dir, inside it or holds it, or cannot be
            written (``flows.checks``).
        FileNotFoundError: when no page file is found for the date.
    """
    asked = {"ranking_mode": ranking_mode, "position_prior": position_prior}
    settings = Settings(**{k: v for k, v in asked.items() if v is not None})  # validated as the settings are
    input_dir, output_dir = str(input_dir or settings.input_dir), str(output_dir or settings.output_dir)
    check_folders(input_dir, output_dir)  # before any work: an output among the pages is read back as one
    check_writable(output_dir)
    logger = get_run_logger()
    day = resolve_date(date, settings.timezone)
    sources: list[Source] = []
    summaries: list[StorySummary] = []
    paths = ingest.find_pages(pages_folder(Path(input_dir), day))
    logger.info("Reading %d pages for %s from %s", len(paths), day, input_dir)
    with PageProgress(len(paths), day.isoformat(), logger) as progress:
        for path, outcome in runners.stream(summarize_pages, paths, options=settings.page_options(), cache=cache):
            progress.advance()
            sources.append(_page_source(path, outcome, logger, summaries))
    read = sum(s.status == "ok" for s in sources)
    logger.info("Found %d stories on %d of %d pages from %s", len(summaries), read, len(sources), input_dir)
    # the day's keywords are weighed against the archive's earlier digests and marked new against its last week
    history = background.read_background(Path(output_dir), day)
    digest = assemble.assemble_digest(day, dt.datetime.now(ZoneInfo(settings.timezone)), sources, summaries,
                                      num_keywords=settings.day_keywords, background=history)
    folder = publish_digest(digest, settings, Path(output_dir))
    logger.info("Wrote %s", ", ".join(str(folder / name) for name in render.FILES))

    delivery = None
    if resend or (settings.send if send is None else send):
        delivery = send_digest.with_options(
            retries=settings.send_retries, retry_delay_seconds=exponential_backoff(settings.send_backoff),
            retry_condition_fn=_transient_send_failure,
        )(folder, settings, resend, return_state=True)
        line = _delivery_line(delivery)
        (logger.error if delivery.is_failed() else
         logger.warning if "unconfirmed" in line else logger.info)("Email: %s", line)
    # After the send, and on its own: the index and feed cover every day, so one bad day there must not
    # keep this day's email from going out.
    archived = update_archive(Path(output_dir), settings, return_state=True)
    if archived.is_failed():
        logger.error("Archive (index.html, feed.xml) not updated: %s", archived.result(raise_on_failure=False))
    report = archive.run_report(render.digest_record_header(digest), len(digest.stories), folder,
                                _delivery_line(delivery))
    create_markdown_artifact(key="daily-digest", description=f"Daily digest {day}", markdown=report)
    if delivery is not None:
        delivery.result()  # a failed send fails the run, after the files and the report are in place
    archived.result()
    return str(folder)


def _page_source(path: Path, outcome: tuple[Source, list[StorySummary]] | BaseException, logger,
                 summaries: list[StorySummary]) -> Source:
    # A page's source; its stories go to ``summaries``. An exception: its task was lost (e.g. with its Dask worker).
    if isinstance(outcome, BaseException):
        outcome = Source(ingest.display_path(path), "error", f"task failed: {type(outcome).__name__}: {outcome}"), []
    source, stories = outcome
    if source.status != "ok":
        logger.warning("Skipped %s: %s", source.path, source.error)
    summaries.extend(stories)
    return source
