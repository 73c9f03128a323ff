"""The library's input and output held in memory, for the tests and the benchmarks (the flow reads one page
at a time and writes files straight to disk): every page of a folder read at once, and a digest's files
rendered to bytes."""
from __future__ import annotations

import io
from pathlib import Path

from summarize.ingest import PageError, display_path, find_pages, read_page
from summarize.models import Digest, Page, Source
from summarize.render import digest_files
from summarize.settings import DEFAULT_OPTIONS, Settings


def read_folder(input_dir: str | Path, *, max_bytes: int = DEFAULT_OPTIONS.max_page_bytes) -> tuple[list[Page], list[Source]]:
    """Read every page file of ``input_dir`` (see ``find_pages``).

    Returns ``(pages, sources)``: the pages that could be read, and one ``Source`` per file in page
    order (path as ``display_path``), ``status="error"`` with the reason for a file that could not. One
    bad file never stops the others. Raises ``FileNotFoundError`` when ``input_dir`` is not a folder.
    """
    pages, sources = [], []
    for path in find_pages(input_dir):
        try:
            pages.append(read_page(path, max_bytes=max_bytes))
            sources.append(Source(path=display_path(path), status="ok"))
        except PageError as exc:
            sources.append(Source(path=display_path(path), status="error", error=exc.reason))
    return pages, sources


def render_files(digest: Digest, settings: Settings) -> dict[str, bytes]:
    """Every file of a digest in memory, ``{file name: bytes}`` (``render.digest_files`` written to bytes)."""
    out = {}
    for name, write in digest_files(digest, settings).items():
        buffer = io.BytesIO()
        write(buffer)
        out[name] = buffer.getvalue()
    return out
