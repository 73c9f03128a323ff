"""Files written whole: the atomic replace of one file and the exclusive claim on one output day. Used by
``publish`` (the day's folder), ``deliver`` (the sent record) and ``archive`` (index, feed, search)."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from filelock import FileLock

#: Lock files, one per output day: ``<output_dir>/.locks/<YYYY-MM-DD>.lock``.
LOCKS_DIR = ".locks"


def day_lock(output_dir: str | Path, date: dt.date) -> FileLock:
    """The exclusive claim on ``<output_dir>/<date>/`` (a ``filelock.FileLock`` on
    ``<output_dir>/.locks/<date>.lock``), to be held with ``with``: writing the day's folder and sending
    its email each hold it, so two processes (or threads) never write, or check-send-record, one day at
    once. The lock is the operating system's (``flock``): a process that dies, even by kill -9, releases
    it. Waits as long as the holder keeps it. Raises ``OSError`` when the output folder is not writable.
    """
    folder = Path(output_dir) / LOCKS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(folder / f"{date.isoformat()}.lock")


def replace_file(path: str | Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file beside it and ``os.replace``: a reader
    sees the old file or the new one, never a part. Raises ``OSError`` when the folder is not writable."""
    path = Path(path)
    fd, staging = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(staging, 0o644)
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return path
