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
