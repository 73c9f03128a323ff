"""The page beside the story: printed page numbers, and one HTML page view per page file, its lines as
printed with each story's lines marked (``<date>/pages/<page>.html``)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

import jinja2

from summarize import ingest
from summarize.models import Digest

PAGES_DIR = "pages"
#: Lines read from a page's top when looking for its header (``2026年11月21日 星期六 第3版 要闻``): the
#: header is printed above everything else.
HEADER_LINES = 3
#: Longest header line (characters): a body line that mentions 第3版 is a sentence, longer than a header.
HEADER_CHARS = 40
_PAGE_IN_TEXT = re.compile(r"第\s*0*([1-9]\d{0,2})\s*版")
_SECTION_PAGE = re.compile(r"(?<![A-Za-z])([A-Z])\s*0*([1-9]\d?)(?:\s*版)")
_SECTION_PAGE_NAME = re.compile(r"(?<![A-Za-z])([A-Z])0*([1-9]\d?)$")  # …A03.txt: a letter and two digits
_SLUG_UNSAFE = re.compile(r"[^\w.-]+")
#: Hue step between one story's colour and the next on a page view: the golden angle (about 137.5°)
#: keeps any run of neighbouring stories' hues far apart however many stories a page has.
GOLDEN_ANGLE = 137.508


def printed_page(name: str, head: list[str] | None = None) -> str | None:
    """The page number printed for a page file: from its file name (``…第3版….txt`` -> ``"3"``,
    ``…A03.txt`` -> ``"A3"``), else from a header line among the first ``HEADER_LINES`` non-blank lines
    of ``head`` (the page's lines) no longer than ``HEADER_CHARS`` characters and without sentence
    punctuation; None when neither shows
    one (then the page is known only by its place in file order)."""
    stem = unicodedata.normalize("NFKC", Path(name).stem)
    if m := _PAGE_IN_TEXT.search(stem):
        return m.group(1)
    if m := _SECTION_PAGE_NAME.search(stem):
        return m.group(1) + m.group(2)
    for line in [x.strip() for x in head or () if x.strip()][:HEADER_LINES]:
        line = unicodedata.normalize("NFKC", line)
        if len(line) > HEADER_CHARS or any(mark in line for mark in ",.;，。；"):
            continue  # a sentence that mentions a page (详见第3版，…) is no header
        if m := _PAGE_IN_TEXT.search(line):
            return m.group(1)
        if m := _SECTION_PAGE.search(line):
            return m.group(1) + m.group(2)
    return None


def read_printed_page(path: str | Path) -> str | None:
    """``printed_page`` of the page file at ``path``, reading its first lines; None when it shows no page
    number or cannot be read (the reason is the page's own error in the digest)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return printed_page(str(path))
    for encoding in ingest.ENCODINGS:
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError as exc:  # the 4 KiB cut may split a character: decode what is whole
            if exc.start >= len(head) - 4:
                text = head[:exc.start].decode(encoding)
                break
    else:
        text = ""
    return printed_page(str(path), text.lstrip("\ufeff").splitlines())


def is_front_page(printed: str | None) -> bool:
    """True for a page printed as page 1 (``"1"``) or the first page of section A (``"A1"``)."""
    return printed in ("1", "A1")


@dataclass(frozen=True, slots=True)
class PageRef:
    """How the digest names one page: ``order`` (1-based place in file order), ``printed`` page number or
    None, ``label`` (``第 3 版``, or ``第 2 份文件`` when no number is printed), ``file`` (the page view's
    file name in ``pages/``) and ``href`` (its URL from ``digest.html``)."""

    path: str
    order: int
    printed: str | None
    label: str
    file: str

    @property
    def href(self) -> str:
        return f"{PAGES_DIR}/{quote(self.file)}"


def page_refs(digest: Digest) -> dict[str, PageRef]:
    """A ``PageRef`` for every source of ``digest`` (by path), readable or not; page view file names are
    the file's stem with characters unsafe in a URL replaced by ``_``, made unique by a ``-N`` suffix."""
    refs, used = {}, set()
    for order, source in enumerate(digest.sources, start=1):
        stem = _SLUG_UNSAFE.sub("_", Path(source.path).stem).strip("._") or f"page-{order}"
        file, n = f"{stem}.html", 1
        while file in used:
            n += 1
            file = f"{stem}-{n}.html"
        used.add(file)
        label = f"第 {source.printed_page} 版" if source.printed_page else f"第 {order} 份文件"
        refs[source.path] = PageRef(source.path, order, source.printed_page, label, file)
    return refs


def page_view_context(digest: Digest, ref: PageRef, titles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What ``templates/page.html.j2`` shows for one page: ``lines`` (``{"number", "text", "story",
    "hue", "headline"}``; ``story`` None for furniture and captions, ``headline`` set on a story's first
    line), ``stories`` (``{"id", "title", "number", "hue", "first"}`` in page order) and ``error`` when the
    file cannot be read again. ``titles`` maps story ids to their reading-order records (``number``,
    ``anchor``)."""
    stories = [item.story for item in digest.stories if item.story.source == ref.path]
    owner: dict[int, int] = {}
    for n, story in enumerate(stories):
        for line in story.lines:
            owner.setdefault(line, n)
    legend = []
    for n, story in enumerate(stories):
        record = titles.get(story.id, {})
        legend.append({"id": story.id, "title": story.title, "number": record.get("number"),
                       "anchor": record.get("anchor"), "hue": round(n * GOLDEN_ANGLE % 360),
                       "first": min(story.lines, default=0)})
    try:
        text = ingest.read_page(ref.path, max_bytes=1 << 62).text
    except ingest.PageError as exc:
        return {"lines": [], "stories": legend, "error": exc.reason}
    raw_lines = text.split("\n")
    for number, raw in enumerate(raw_lines, start=1):  # a blank line inside a story is the story's too
        if not raw.strip() and number not in owner and owner.get(number - 1) is not None \
                and owner.get(number - 1) == owner.get(number + 1):
            owner[number] = owner[number - 1]
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        n = owner.get(number)
        story = legend[n] if n is not None else None
        lines.append({"number": number, "text": raw, "story": story,
                      "headline": story["title"] if story and story["first"] == number else None})
    return {"lines": lines, "stories": legend, "error": None}


def page_view_files(digest: Digest, env: jinja2.Environment, context: dict[str, Any]
                    ) -> dict[str, Callable[[BinaryIO], None]]:
    """One writer per readable page, ``{"pages/<file>": write(binary file)}``, each rendering
    ``templates/page.html.j2`` while it is written (the page file is read again then, one at a time).
    ``context`` is the digest page's template context (``refs``, ``groups``, ``record``, ...)."""
    titles = {s["id"]: s for g in context["groups"] for s in g["stories"]}
    files = {}
    for source in digest.sources:
        if source.status != "ok":
            continue
        ref = context["refs"][source.path]

        def write(fh: BinaryIO, ref: PageRef = ref) -> None:
            page = dict(context, page=ref, **page_view_context(digest, ref, titles))
            stream = env.get_template("page.html.j2").stream(page)
            stream.enable_buffering(64)
            stream.dump(fh, encoding="utf-8")

        files[f"{PAGES_DIR}/{ref.file}"] = write
    return files
