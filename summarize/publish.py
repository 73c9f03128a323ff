"""Write a digest's files into ``<output_dir>/<YYYY-MM-DD>/`` whole or not at all, one writer per day."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from summarize.files import day_lock

def recover_day(output_dir: str | Path, date: dt.date) -> list[Path]:
    """Undo what a killed run left for ``date`` in ``output_dir``; call it holding ``day_lock``.

    A run killed between the swap's two renames (``write_day``) leaves no ``<date>/`` folder and the
    previous digest in ``.<date>.*.old/digest``: it is put back as ``<date>/``. Then every staging
    (``.<date>.*.new``) and retired (``.<date>.*.old``) folder is removed. Returns the paths removed or
    restored (empty when there was nothing to do).
    """
    root = Path(output_dir)
    target = root / date.isoformat()
    retired = sorted(root.glob(f".{date.isoformat()}.*.old"))
    touched = []
    if not target.exists():
        for old in retired:
            if (old / "digest").is_dir():
                os.rename(old / "digest", target)
                touched.append(target)
                break
    for leftover in sorted(root.glob(f".{date.isoformat()}.*.new")) + retired:
        shutil.rmtree(leftover, ignore_errors=True)
        touched.append(leftover)
    return touched


def write_day(files: Mapping[str, bytes | Callable[[BinaryIO], None]], output_dir: str | Path,
                 date: dt.date) -> Path:
    """Write ``files`` as the digest for ``date`` and return its folder.

    ``files``: ``{name: content}``, content either bytes or a function writing the file into the open
    binary file it is given (``render.digest_files``), so files are made one at a time, each while it is
    written. The files are built in a temporary folder beside the target, then swapped in by ``rename``:
    a reader sees the old digest or the new one, never a mix, and a failure (in writing or in a writer)
    leaves the old digest in place and re-raises. The whole write holds ``day_lock`` and starts with
    ``recover_day``, so a run killed mid-write (even between the swap's two renames) costs neither the
    day's previous digest nor disk space. Raises ``OSError`` when the output folder cannot be written.
    """
    root = Path(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    with day_lock(root, date):
        recover_day(root, date)
        return _write_and_swap(files, root, date)


def _write_and_swap(files: Mapping[str, bytes | Callable[[BinaryIO], None]], root: Path, date: dt.date) -> Path:
    target = root / date.isoformat()
    staging = Path(tempfile.mkdtemp(prefix=f".{date.isoformat()}.", suffix=".new", dir=root))
    try:
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)  # pages/<page>.html
            with open(staging / name, "wb") as fh:
                if callable(content):
                    content(fh)
                else:
                    fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{date.isoformat()}.", suffix=".old", dir=root))
        os.rename(target, retired / "digest")
    try:
        os.rename(staging, target)
    except BaseException:
        if retired is not None:  # put the previous digest back
            os.rename(retired / "digest", target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    return target
