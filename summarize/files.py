"""Files written whole: the atomic replace of one file and the exclusive claim on one output day. Used by
``publish`` (the day's folder), ``deliver`` (the sent record) and ``archive`` (index, feed, search); and
a day's ``digest.json`` found (``day_records``) and read back as a stream (``read_digest``)."""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import ijson
from filelock import FileLock

#: The name of a day's folder under the output folder.
_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Lock files, one per output day: ``<output_dir>/.locks/<YYYY-MM-DD>.lock``.
LOCKS_DIR = ".locks"


def day_records(output_dir: str | Path) -> list[tuple[dt.date, Path]]:
    """``(date, path of its digest.json)`` for every day folder under ``output_dir``: a folder named
    ``YYYY-MM-DD`` after a real date, holding a ``digest.json``; in no particular order. A missing
    ``output_dir`` has none. Used by the archive and the keyword background."""
    root = Path(output_dir)
    if not root.is_dir():
        return []
    found = []
    for folder in root.iterdir():
        record = folder / "digest.json"
        if _DAY_FOLDER.fullmatch(folder.name) and record.is_file():
            try:
                found.append((dt.date.fromisoformat(folder.name), record))
            except ValueError:  # 2026-13-40: the shape of a day, not a day
                continue
    return found


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


_MISSING = object()


def read_digest(path: str | Path, head: tuple[str, ...], story_keys: tuple[str, ...]) -> dict:
    """A day's ``digest.json`` read as a stream (``ijson``): the top-level keys ``head`` and ``stories``, a
    list holding of each story only ``story_keys`` (those it has), so a day of thousands of stories is
    never whole in memory (``json.loads`` of a 1,000-page day's 70 MB record took about 300 MiB). Keys
    printed before the stories (``date``, ``generated_at``, ``sources``) are found without reading on;
    the others take a pass over the file each.

    Raises ``OSError`` when the file cannot be read, ``ValueError`` when it is not JSON, ``KeyError``
    when a key of ``head`` is missing."""
    # yajl, ijson's C parser, reads a lone surrogate escape (\ud800, in a record edited by hand: ours never
    # hold one) as "?", where json.loads keeps it for the archive to drop; such a record is read by ijson's
    # Python parser, which keeps it too
    backend = ijson.get_backend("python") if _has_surrogate_escape(path) else ijson

    def items(prefix: str):
        with open(path, "rb") as fh:
            yield from backend.items(fh, prefix, use_float=True)

    record: dict = {}
    try:
        for key in head:
            found = next(items(key), _MISSING)
            if found is _MISSING:
                raise KeyError(f"{path}: no {key!r}")
            record[key] = found
        record["stories"] = [{k: story[k] for k in story_keys if k in story} for story in items("stories.item")]
    except ijson.JSONError as error:
        raise ValueError(f"{path}: not a digest record: {error}") from error
    return record


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _has_surrogate_escape(path: str | Path, chunk: int = 1 << 20) -> bool:
    """Whether the file holds a JSON escape of a UTF-16 surrogate (``\\ud800``-``\\udfff``), read a chunk at a
    time (each chunk overlapping the last by a few bytes, so no escape is cut in two)."""
    tail = b""
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            if _SURROGATE_ESCAPE.search(tail + block):
                return True
            tail = block[-5:]
    return False
