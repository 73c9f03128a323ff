"""Writing a digest folder whole or not at all."""
from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys

import pytest

from summarize import publish
from summarize.deliver import read_sent_record
from summarize.publish import write_day

DAY = dt.date(2026, 11, 21)


def test_rewrite_replaces_the_whole_folder(tmp_path):
    write_day({"digest.html": b"old", "digest.txt": b"old", "stale.txt": b"old"}, tmp_path, DAY)
    folder = write_day({"digest.html": b"new", "digest.txt": b"new"}, tmp_path, DAY)
    assert folder == tmp_path / "2026-11-21"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {"digest.html": b"new", "digest.txt": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", "2026-11-21"]  # no staging folders left behind


def test_failed_write_keeps_the_previous_digest(tmp_path, monkeypatch):
    write_day({"digest.html": b"old"}, tmp_path, DAY)

    def broken_rename(src, dst, _real=publish.os.rename):
        if str(src).endswith(".new"):
            raise OSError("disk full")
        return _real(src, dst)

    monkeypatch.setattr(publish.os, "rename", broken_rename)
    with pytest.raises(OSError, match="disk full"):
        write_day({"digest.html": b"new"}, tmp_path, DAY)
    assert (tmp_path / "2026-11-21" / "digest.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", "2026-11-21"]


def test_a_writer_that_breaks_halfway_keeps_the_previous_digest(tmp_path):
    write_day({"digest.html": b"old", "digest.json": b"old"}, tmp_path, DAY)

    def half_then_fail(fh):
        fh.write(b"<html>half a page")
        raise ValueError("template error")

    with pytest.raises(ValueError, match="template error"):
        write_day({"digest.json": b"new", "digest.html": half_then_fail}, tmp_path, DAY)
    folder = tmp_path / "2026-11-21"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {"digest.html": b"old", "digest.json": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", "2026-11-21"]


def test_writers_and_bytes_are_written_alike(tmp_path):
    folder = write_day({"a.txt": b"bytes", "b.txt": lambda fh: fh.write("写入".encode())}, tmp_path, DAY)
    assert (folder / "a.txt").read_bytes() == b"bytes" and (folder / "b.txt").read_text(encoding="utf-8") == "写入"


def _killed_while_writing(tmp_path, when: str) -> None:
    """Rewrite the day in a process of its own that kills itself (SIGKILL, nothing runs after it) ``when``:
    "in-writer" halfway through a file, "between-renames" after the old folder was moved aside and before
    the new one is moved in."""
    script = f"""
import datetime as dt, os, signal
from summarize import publish

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

if {when!r} == "between-renames":
    real = publish.os.rename
    publish.os.rename = lambda src, dst: die() if str(src).endswith(".new") else real(src, dst)
publish.write_day({{"digest.html": b"new", "digest.txt": die if {when!r} == "in-writer" else b"new"}},
                     {str(tmp_path)!r}, dt.date(2026, 11, 21))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_a_run_killed_between_the_two_renames_loses_neither_the_day_nor_its_record(tmp_path):
    write_day({"digest.html": b"old"}, tmp_path, DAY)
    (tmp_path / ".sent").mkdir()
    (tmp_path / ".sent" / "2026-11-21.json").write_text('{"status": "sent"}', encoding="utf-8")
    _killed_while_writing(tmp_path, "between-renames")
    assert not (tmp_path / "2026-11-21").exists()  # the state kill -9 leaves
    assert read_sent_record(tmp_path / "2026-11-21") == {"status": "sent"}  # the record is not in the swap

    assert publish.recover_day(tmp_path, DAY)  # the next run puts the old digest back and clears the rest
    assert (tmp_path / "2026-11-21" / "digest.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", ".sent", "2026-11-21"]

    _killed_while_writing(tmp_path, "between-renames")
    folder = write_day({"digest.html": b"newer"}, tmp_path, DAY)  # a whole next run recovers by itself
    assert (folder / "digest.html").read_bytes() == b"newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", ".sent", "2026-11-21"]


def test_staging_folders_of_a_killed_run_are_removed_by_the_next(tmp_path):
    write_day({"digest.html": b"old"}, tmp_path, DAY)
    _killed_while_writing(tmp_path, "in-writer")
    (first,) = tmp_path.glob(".2026-11-21.*.new")  # what kill -9 leaves
    _killed_while_writing(tmp_path, "in-writer")
    (second,) = tmp_path.glob(".2026-11-21.*.new")  # the second run removed the first's, then was killed
    assert second != first
    assert (tmp_path / "2026-11-21" / "digest.html").read_bytes() == b"old"
    write_day({"digest.html": b"new"}, tmp_path, DAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", "2026-11-21"]
    assert (tmp_path / "2026-11-21" / "digest.html").read_bytes() == b"new"
