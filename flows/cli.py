"""The ``digest`` command: argument parsing only; the work is in ``flows`` and ``summarize``."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description="Daily digest of OCR'd Chinese newspaper pages.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="build the digest for one day through the Prefect flow")
    run.add_argument("--date", help="YYYY-MM-DD (default: today in Asia/Shanghai)")
    run.add_argument("--input", default=None, help="folder of page files, *.txt or *.text (default: seeds)")
    run.add_argument("--output", default=None,
                     help="digests go to OUTPUT/<date>/ (default: out); not INPUT, nor inside it or around it")
    run.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, metavar="D1",
                     help="backfill: run every date from D1 to --to D2 (YYYY-MM-DD, both included)")
    run.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, metavar="D2", help="last date of --from")
    run.add_argument("--send", action="store_true", default=None,
                     help="email the digest unless already sent for that date (default: DIGEST_SEND)")
    run.add_argument("--resend", action="store_true", help="email the digest even if it was sent before")
    run.add_argument("--fast", action="store_true", default=None,
                     help="fast ranking: jieba HMM off, dense PageRank (default: DIGEST_RANKING_MODE, reference)")
    run.add_argument("--lead-bias", action=argparse.BooleanOptionalAction, default=None,
                     help="favour early sentences in summaries by a position prior where the page shows the story's"
                          " start (default: DIGEST_LEAD_BIAS, on); --no-lead-bias: textrank4zh's rankings")
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
    serve.add_argument("--send", action="store_true", default=None, help="scheduled runs email the digest")
    trigger = sub.add_parser("trigger", help="ask the served deployment daily-digest/daily to run now")
    trigger.add_argument("--date", help="YYYY-MM-DD (default: today in Asia/Shanghai)")
    trigger.add_argument("--no-wait", action="store_true", help="return once the run is scheduled")
    segment = sub.add_parser("segment", help="print the stories found on one page: lines, headline, first sentence")
    segment.add_argument("page", type=Path, help="a page file (UTF-8 or GB18030 text)")
    segment.add_argument("--segmenter", choices=("rules", "fitted"), default=None,
                         help="segmenter (default: the segmenter setting, DIGEST_SEGMENTER, rules)")
    return parser


def _run_dates(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[str | None]:
    if args.date_from is None and args.date_to is None:
        return [args.date]
    if args.date or args.date_from is None or args.date_to is None or args.date_from > args.date_to:
        parser.error("backfill needs --from D1 --to D2 with D1 <= D2, and no --date")
    days = (args.date_to - args.date_from).days
    return [(args.date_from + dt.timedelta(days=n)).isoformat() for n in range(days + 1)]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``digest`` console script; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    from summarize.settings import Settings

    settings = Settings()
    if args.command == "run":
        from flows.daily import check_folders, daily_digest
        from flows.runners import dask_cluster, prefect_api, task_runner

        if args.dask_workers is not None and args.dask_workers < 1:
            parser.error("--dask-workers must be at least 1")
        try:  # before any work, even the Prefect server's start
            check_folders(args.input or settings.input_dir, args.output or settings.output_dir)
        except ValueError as exc:
            print(f"digest: {exc}", file=sys.stderr)
            return 2
        updates = {"task_runner": args.task_runner or ("dask" if args.dask_address else None),
                   "dask_address": args.dask_address, "dask_workers": args.dask_workers}
        settings = settings.model_copy(update={k: v for k, v in updates.items() if v is not None})
        dates, failed = _run_dates(parser, args), []
        with prefect_api(settings), dask_cluster(settings) as settings:
            flow = daily_digest.with_options(task_runner=task_runner(settings))
            for date in dates:
                try:
                    folder = Path(flow(date=date, input_dir=str(args.input or settings.input_dir),
                                       output_dir=str(args.output or settings.output_dir), send=args.send,
                                       resend=args.resend, fast=args.fast, lead_bias=args.lead_bias))
                except Exception as exc:
                    print(f"digest: {date or 'today'}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    failed.append(date)
                    continue
                for name in sorted(p.name for p in folder.iterdir()):
                    print(folder / name)
        return 1 if failed else 0
    if args.command == "serve":
        from flows.daily import check_folders
        from flows.serve import serve

        settings = settings.model_copy(update={"input_dir": Path(args.input or settings.input_dir),
                                               "output_dir": Path(args.output or settings.output_dir)})
        try:
            check_folders(settings.input_dir, settings.output_dir)
        except ValueError as exc:
            print(f"digest: {exc}", file=sys.stderr)
            return 2
        serve(settings, send=args.send)
        return 0
    if args.command == "segment":
        from summarize.ingest import PageError, read_page
        from summarize.segment import format_stories, segment_page

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
            run = trigger(settings, date=args.date, wait=not args.no_wait)
        except RuntimeError as exc:
            print(f"digest: {exc}", file=sys.stderr)
            return 1
        print(f"flow run {run.name} ({run.id}): {run.state.name if run.state else 'unknown'}")
        return 0 if args.no_wait or (run.state and run.state.is_completed()) else 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
