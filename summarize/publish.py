"""Write a digest's files into ``<output_dir>/<YYYY-MM-DD>/`` whole or not at all."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO


def write_digest(files: Mapping[str, bytes | Callable[[BinaryIO], None]], output_dir: str | Path,
                 date: dt.date) -> Path:
    """Write ``files`` as the digest for ``date`` and return its folder.

    ``files``: ``{name: content}``, content either bytes or a function writing the file into the open
    binary file it is given (``render.digest_files``), so files are made one at a time, each while it is
    written. The files are built in a temporary folder beside the target, then swapped in by ``rename``:
    a reader sees the old digest or the new one, never a mix, and a failure (in writing or in a writer)
    leaves the old digest in place and re-raises. Raises ``OSError`` when the output folder cannot be
    written.
    """
    root = Path(output_dir)
    root.mkdir(parents=True, exist_ok=True)
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
