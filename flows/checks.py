"""Checks of a run's dates and folders that need no Prefect: the CLI makes them before Prefect starts (so a
mistake costs a second, not the server's start-up), and the flow makes them again for runs started elsewhere."""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from summarize import ingest

#: Longest backfill (days) run without ``--yes``: a year, leap day included.
MAX_DAYS_UNASKED = 366


def check_folders(input_dir: str | Path, output_dir: str | Path) -> None:
    """Refuse an output folder that is the input folder, inside it, or holds it: a digest written among
    the pages would be read back as a page by the next run (``digest.txt`` is a ``*.txt``), and the
    pages could be replaced by a day's folder. Both are compared resolved (links and ``..`` followed).

    Raises ``ValueError`` with a one-line message naming both folders.
    """
    source, target = Path(input_dir).resolve(), Path(output_dir).resolve()
    if source == target:
        how = "is the input folder"
    elif source in target.parents:
        how = "is inside the input folder"
    elif target in source.parents:
        how = "holds the input folder"
    else:
        return
    raise ValueError(f"output folder {ingest.display_path(output_dir)} {how} {ingest.display_path(input_dir)}; "
                     "choose an output folder outside it")


def check_writable(output_dir: str | Path) -> None:
    """Make sure a digest can be written under ``output_dir``: create it (and its parents) when missing,
    then create and remove a temporary file in it — the only test that holds for root, for read-only
    mounts and full disks alike. Raises ``ValueError`` with a one-line message naming the folder and
    the operating system's reason."""
    folder = Path(output_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".digest-write-test-"):
            pass
    except OSError as exc:
        raise ValueError(f"output folder {ingest.display_path(folder)} cannot be written: "
                         f"{exc.strerror or exc}") from None


def pages_folder(input_dir: Path, day: dt.date) -> Path:
    """Where the pages of ``day`` are: ``<input_dir>/<YYYY-MM-DD>/`` when that folder exists, else
    ``input_dir`` itself when it holds page files (a single-day folder such as ``seeds/``).

    Raises ``FileNotFoundError`` naming both places when neither holds a page file (``ingest.find_pages``:
    ``*.txt``, ``*.text``, any case), so a day whose pages never arrived fails instead of producing (and
    sending) an empty digest.
    """
    dated = input_dir / day.isoformat()
    folder = dated if dated.is_dir() else input_dir
    if not (folder.is_dir() and ingest.find_pages(folder)):
        raise FileNotFoundError(f"no pages for {day}: no *.txt in {ingest.display_path(dated)}/ "
                                f"nor in {ingest.display_path(input_dir)}/")
    return folder


def resolve_date(date: str | dt.date | None, timezone: str) -> dt.date:
    """``date`` as a ``datetime.date``: an ISO ``YYYY-MM-DD`` string, a date, or None for today in
    ``timezone``. Raises ``ValueError`` for a malformed string."""
    if date is None:
        return dt.datetime.now(ZoneInfo(timezone)).date()
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    return dt.date.fromisoformat(date)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Each date from ``first`` to ``last``, both included, one at a time (a long range is never a list)."""
    for n in range((last - first).days + 1):
        yield first + dt.timedelta(days=n)


def check_input(input_dir: str | Path, first: dt.date, last: dt.date) -> None:
    """Make sure ``input_dir`` is a folder holding pages for the dates ``first`` .. ``last``: for one
    date, that date's pages (``pages_folder``); for a range, the pages of at least one of its dates (the
    days without pages then fail on their own, reported by the backfill). Raises ``ValueError`` with a
    one-line message."""
    folder = Path(input_dir)
    if not folder.is_dir():
        raise ValueError(f"input folder {ingest.display_path(folder)} not found"
                         + (" (it is a file)" if folder.exists() else ""))
    if first == last:
        try:
            pages_folder(folder, first)
        except FileNotFoundError as exc:
            raise ValueError(str(exc)) from None
        return
    if ingest.find_pages(folder):
        return
    if not any(first <= _dated(entry) <= last and ingest.find_pages(entry)
               for entry in folder.iterdir() if entry.is_dir() and _dated(entry)):
        raise ValueError(f"no pages for {first} .. {last}: no *.txt in {ingest.display_path(folder)}/ "
                         "nor in its dated folders (YYYY-MM-DD/) of that range")


def _dated(folder: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(folder.name) if len(folder.name) == 10 else None
    except ValueError:
        return None
