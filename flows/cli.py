"""The ``digest`` command: argument parsing and the checks that need no Prefect; the work is in ``flows`` and
``summarize``. Prefect is imported only once the arguments, dates and folders are known to be good, so
``digest --version`` and a mistyped date answer at once."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib.metadata import version
from pathlib import Path

from flows import checks


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``digest run: argument --date: …``), exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD ({exc})") from None


def _parser() -> argparse.ArgumentParser:
    on_off = argparse.BooleanOptionalAction
    parser = _Parser(prog="digest", description="Daily digest of OCR'd Chinese newspaper pages.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('news-digest')}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="build the digest for one day (or a range) through the Prefect flow")
    run.add_argument("--date", type=_date, help="YYYY-MM-DD (default: today in the timezone setting, Asia/Shanghai)")
    run.add_argument("--input", default=None, help="folder of page files, *.txt or *.text (default: seeds)")
    run.add_argument("--output", default=None,
                     help="digests go to OUTPUT/<date>/ (default: out); not INPUT, nor inside it or around it")
    run.add_argument("--from", dest="date_from", type=_date, metavar="D1",
                     help="backfill: run every date from D1 to --to D2 (YYYY-MM-DD, both included)")
    run.add_argument("--to", dest="date_to", type=_date, metavar="D2", help="last date of --from")
    run.add_argument("--yes", action="store_true",
                     help=f"run a backfill of more than {checks.MAX_DAYS_UNASKED} days")
    run.add_argument("--send", action=on_off, default=None,
                     help="email the digest unless already sent for that date (default: DIGEST_SEND, off)")
    run.add_argument("--resend", action=on_off, default=False,
                     help="email the digest even if it was sent before (default: off)")
    run.add_argument("--ranking-mode", choices=("reference", "fast"), default=None,
                     help="reference: textrank4zh's graphs; fast: jieba HMM off, dense PageRank (default: "
                          "DIGEST_RANKING_MODE, reference)")
    run.add_argument("--position-prior", action=on_off, default=None,
                     help="favour early sentences in summaries by a position prior where the page shows the story's"
                          " start (default: DIGEST_POSITION_PRIOR, on); --no-position-prior: textrank4zh's rankings")
    run.add_argument("--cache", action=on_off, default=True,
                     help="reuse each page's result from an earlier run when the page file and the code are "
                          "unchanged (default: on); --no-cache: process every page again")
    run.add_argument("--task-runner", choices=("thread", "dask"), default=None,
                     help="segment and summarise pages in threads or on a Dask cluster (default: DIGEST_TASK_RUNNER,"
                          " thread); dask uses the Prefect server at PREFECT_API_URL, else starts one on loopback")
    run.add_argument("--dask-address", default=None, metavar="tcp://HOST:PORT",
                     help="scheduler of an existing Dask cluster (implies --task-runner dask; default: DIGEST_DASK_ADDRESS,"
                          " else a local cluster)")
    run.add_argument("--dask-workers", type=int, default=None, metavar="N",
                     help="worker processes of the local Dask cluster, one thread each (default: DIGEST_DASK_WORKERS, 2)")
    serve = sub.add_parser("serve", help="serve the flow on its cron schedule from a local Prefect server")
    serve.add_argument("--input", default=None, help="folder of page files (default: seeds)")
    serve.add_argument("--output", default=None, help="digests go to OUTPUT/<date>/ (default: out)")
    serve.add_argument("--send", action=on_off, default=None,
                       help="scheduled runs email the digest (default: each run reads DIGEST_SEND)")
    trigger = sub.add_parser("trigger", help="ask the served deployment daily-digest/daily to run now")
    trigger.add_argument("--date", type=_date, help="YYYY-MM-DD (default: today in Asia/Shanghai)")
    trigger.add_argument("--wait", action=on_off, default=True,
                         help="wait for the run to end and print its state (default); --no-wait: return once scheduled")
    segment = sub.add_parser("segment", help="print the stories found on one page: lines, headline, first sentence")
    segment.add_argument("page", type=Path, help="a page file (UTF-8 or GB18030 text)")
    segment.add_argument("--segmenter", choices=("rules", "fitted"), default=None,
                         help="segmenter (default: the segmenter setting, DIGEST_SEGMENTER, rules)")
    return parser


def _run_range(args: argparse.Namespace, timezone: str) -> tuple[dt.date, dt.date]:
    """The first and last date of ``digest run``. Raises ``ValueError`` (one line) for a bad combination
    or a range of more than ``MAX_DAYS_UNASKED`` days without ``--yes``."""
    if args.date_from is None and args.date_to is None:
        day = checks.resolve_date(args.date, timezone)
        return day, day
    if args.date or args.date_from is None or args.date_to is None or args.date_from > args.date_to:
        raise ValueError("backfill needs --from D1 --to D2 with D1 <= D2, and no --date")
    count = (args.date_to - args.date_from).days + 1
    if count > checks.MAX_DAYS_UNASKED and not args.yes:
        raise ValueError(f"--from {args.date_from} --to {args.date_to} is {count:,} days, more than "
                     f"{checks.MAX_DAYS_UNASKED}; add --yes to run them all")
    return args.date_from, args.date_to


def _refuse(message: str) -> int:
    print(f"digest: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``digest`` console script; returns the process exit code: 0 done, 1 a run
    failed, 2 bad arguments, dates or folders (one line on stderr, found before Prefect starts)."""
    parser = _parser()
    args = parser.parse_args(argv)
    from summarize.settings import Settings

    settings = Settings()
    if args.command == "run":
        if args.dask_workers is not None and args.dask_workers < 1:
            parser.error("--dask-workers must be at least 1")
        input_dir, output_dir = Path(args.input or settings.input_dir), Path(args.output or settings.output_dir)
        try:  # before any work, even the Prefect server's start
            first, last = _run_range(args, settings.timezone)
            checks.check_folders(input_dir, output_dir)
            checks.check_input(input_dir, first, last)
            checks.check_writable(output_dir)
        except ValueError as exc:
            return _refuse(str(exc))
        updates = {"task_runner": args.task_runner or ("dask" if args.dask_address else None),
                   "dask_address": args.dask_address, "dask_workers": args.dask_workers}
        settings = settings.model_copy(update={k: v for k, v in updates.items() if v is not None})
        from flows.local import run_days

        try:
            return run_days(settings, checks.days(first, last), input_dir=input_dir, output_dir=output_dir,
                            send=args.send, resend=args.resend, ranking_mode=args.ranking_mode,
                            position_prior=args.position_prior,
                            cache=args.cache)
        except KeyboardInterrupt:  # Prefect has marked the run Crashed; a day's folder is swapped in whole or not at all
            print("digest: interrupted; days finished before stay written, the day in progress is not",
                  file=sys.stderr)
            return 130
    if args.command == "serve":
        settings = settings.model_copy(update={"input_dir": Path(args.input or settings.input_dir),
                                               "output_dir": Path(args.output or settings.output_dir)})
        try:
            checks.check_folders(settings.input_dir, settings.output_dir)
            if not settings.input_dir.is_dir():
                raise ValueError(f"input folder {settings.input_dir} not found")
            checks.check_writable(settings.output_dir)
        except ValueError as exc:
            return _refuse(str(exc))
        from flows.serve import serve

        try:
            serve(settings, send=args.send)
        except KeyboardInterrupt:  # a second Ctrl-C while stopping
            print("digest: serve interrupted while stopping", file=sys.stderr)
            return 130
        return 0
    if args.command == "segment":
        from summarize.ingest import PageError, read_page
        from summarize.segment import segment_page
        from summarize.stories import format_stories

        try:
            page = read_page(args.page, max_bytes=settings.max_page_bytes)
        except PageError as exc:
            print(f"digest: {exc}", file=sys.stderr)
            return 1
        print(format_stories(segment_page(page, method=args.segmenter or settings.segmenter)))
        return 0
    if args.command == "trigger":
        from flows.serve import trigger

        try:
            run = trigger(settings, date=args.date.isoformat() if args.date else None, wait=args.wait)
        except RuntimeError as exc:
            print(f"digest: {exc}", file=sys.stderr)
            return 1
        print(f"flow run {run.name} ({run.id}): {run.state.name if run.state else 'unknown'}")
        return 0 if not args.wait or (run.state and run.state.is_completed()) else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
