"""The ``digest`` command: argument parsing only; the work is in ``flows`` and ``summarize``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="digest", description="Daily digest of OCR'd Chinese newspaper pages.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="build the digest for one day through the Prefect flow")
    run.add_argument("--date", help="YYYY-MM-DD (default: today in Asia/Shanghai)")
    run.add_argument("--input", default=None, help="folder of page files, *.txt (default: seeds)")
    run.add_argument("--output", default=None, help="digests go to OUTPUT/<date>/ (default: out)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``digest`` console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    from summarize.settings import Settings

    settings = Settings()
    if args.command == "run":
        from flows.daily import daily_digest

        folder = Path(daily_digest(date=args.date, input_dir=str(args.input or settings.input_dir),
                                   output_dir=str(args.output or settings.output_dir)))
        for name in sorted(p.name for p in folder.iterdir()):
            print(folder / name)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
