"""Read page files from disk: size, binary and encoding checks; the text itself is never edited."""
from __future__ import annotations

from pathlib import Path

from summarize.models import Page, Source

#: Codecs tried in order. GB18030 is a superset of GBK/GB2312, the usual legacy encodings of Chinese text.
ENCODINGS = ("utf-8", "gb18030")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


class PageError(Exception):
    """A page file that cannot be used; ``path`` names the file and ``reason`` the problem."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def find_pages(input_dir: str | Path) -> list[Path]:
    """List the page files (``*.txt``) directly inside ``input_dir``, sorted by name (page order).

    Raises ``FileNotFoundError`` when ``input_dir`` is not a directory.
    """
    folder = Path(input_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: input folder not found")
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


def decode_page(raw: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode a page's bytes: UTF-8 (a BOM is dropped), else GB18030.

    Returns ``(text, encoding)``. Raises ``PageError`` for empty input, binary content (NUL bytes)
    and bytes that neither codec decodes strictly.
    """
    if not raw.strip():
        raise PageError(path, "empty file")
    if b"\x00" in raw:
        raise PageError(path, "binary file (contains NUL bytes), not page text")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise PageError(path, "cannot be decoded as UTF-8 or GB18030 text")


def read_page(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Page:
    """Read one page file into a ``Page``.

    ``max_bytes`` caps the file size in bytes (default 5 MiB). Raises ``PageError`` naming the file for
    a missing, unreadable, oversized, empty, binary or undecodable file.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise PageError(p, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        raw = p.read_bytes()
    except OSError as exc:
        raise PageError(p, f"cannot be read ({exc.strerror or exc})") from exc
    text, encoding = decode_page(raw, p)
    return Page(path=str(path), text=text.replace("\r\n", "\n").replace("\r", "\n"), encoding=encoding)


def read_folder(input_dir: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Page], list[Source]]:
    """Read every page file of ``input_dir`` (see ``find_pages``).

    Returns ``(pages, sources)``: the pages that could be read, and one ``Source`` per file in page
    order, ``status="error"`` with the reason for a file that could not. One bad file never stops the
    others. Raises ``FileNotFoundError`` when ``input_dir`` is not a folder.
    """
    pages, sources = [], []
    for path in find_pages(input_dir):
        try:
            pages.append(read_page(path, max_bytes=max_bytes))
            sources.append(Source(path=str(path), status="ok"))
        except PageError as exc:
            sources.append(Source(path=str(path), status="error", error=exc.reason))
    return pages, sources
