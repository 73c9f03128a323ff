"""Reading page files: encodings, and bad files reported without costing the good ones."""
from __future__ import annotations

import shutil

import pytest

from summarize.ingest import PageError, read_page
from in_memory import read_folder

from .conftest import SEED_FILES, seed


def test_utf8_seed_page_reads_unchanged():
    page = read_page(seed("000"))
    assert page.encoding == "utf-8"
    assert page.text == seed("000").read_text(encoding="utf-8")
    assert "娄底“督办专员”因事施督共破难题" in page.text


def test_gb18030_page_is_decoded(tmp_path):
    text = seed("002").read_text(encoding="utf-8")
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030"))
    page = read_page(path)
    assert page.encoding == "gb18030"
    assert page.text == text


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"\xff\xfe\xfd\x80\x81" * 10, "cannot be decoded"),
])
def test_unusable_file_raises_naming_file_and_problem(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(PageError) as info:
        read_page(path)
    assert str(path) in str(info.value)
    assert reason in info.value.reason


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("新闻" * 1000, encoding="utf-8")
    with pytest.raises(PageError, match="limit"):
        read_page(path, max_bytes=1000)


def test_bad_files_are_listed_and_good_pages_kept(tmp_path):
    for p in SEED_FILES:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "005_empty.txt").write_bytes(b"")
    (tmp_path / "006_image.txt").write_bytes(b"\x00\x01binary\x00")
    pages, sources = read_folder(tmp_path)
    assert [p.path.rsplit("/", 1)[-1] for p in pages] == [p.name for p in SEED_FILES]
    errors = {s.path.rsplit("/", 1)[-1]: s.error for s in sources if s.status == "error"}
    assert errors == {"005_empty.txt": "empty file", "006_image.txt": "binary file (contains NUL bytes), not page text"}
    assert len(sources) == 7


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        read_folder(tmp_path / "nowhere")
