"""Writing a digest folder whole or not at all."""
from __future__ import annotations

import datetime as dt

import pytest

from summarize import publish
from summarize.publish import write_digest

DAY = dt.date(2026, 11, 21)


def test_rewrite_replaces_the_whole_folder(tmp_path):
    write_digest({"digest.html": b"old", "digest.txt": b"old", "stale.txt": b"old"}, tmp_path, DAY)
    folder = write_digest({"digest.html": b"new", "digest.txt": b"new"}, tmp_path, DAY)
    assert folder == tmp_path / "2026-11-21"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {"digest.html": b"new", "digest.txt": b"new"}
    assert [p.name for p in tmp_path.iterdir()] == ["2026-11-21"]  # no staging folders left behind


def test_failed_write_keeps_the_previous_digest(tmp_path, monkeypatch):
    write_digest({"digest.html": b"old"}, tmp_path, DAY)

    def broken_rename(src, dst, _real=publish.os.rename):
        if str(src).endswith(".new"):
            raise OSError("disk full")
        return _real(src, dst)

    monkeypatch.setattr(publish.os, "rename", broken_rename)
    with pytest.raises(OSError, match="disk full"):
        write_digest({"digest.html": b"new"}, tmp_path, DAY)
    assert (tmp_path / "2026-11-21" / "digest.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["2026-11-21"]


def test_a_writer_that_breaks_halfway_keeps_the_previous_digest(tmp_path):
    write_digest({"digest.html": b"old", "digest.json": b"old"}, tmp_path, DAY)

    def half_then_fail(fh):
        fh.write(b"<html>half a page")
        raise ValueError("template error")

    with pytest.raises(ValueError, match="template error"):
        write_digest({"digest.json": b"new", "digest.html": half_then_fail}, tmp_path, DAY)
    folder = tmp_path / "2026-11-21"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {"digest.html": b"old", "digest.json": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["2026-11-21"]


def test_writers_and_bytes_are_written_alike(tmp_path):
    folder = write_digest({"a.txt": b"bytes", "b.txt": lambda fh: fh.write("写入".encode())}, tmp_path, DAY)
    assert (folder / "a.txt").read_bytes() == b"bytes" and (folder / "b.txt").read_text(encoding="utf-8") == "写入"
