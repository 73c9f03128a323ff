"""Read page files from disk: which files are pages, file type, size, binary and encoding checks, and
control characters removed (``clean.remove_control_characters``); the printed text is never edited."""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import charset_normalizer

from summarize.clean import remove_control_characters
from summarize.models import Page
from summarize.settings import DEFAULT_OPTIONS

#: Page file name endings, in any case (``.txt``, ``.TXT``, ``.text``).
PAGE_SUFFIXES = (".txt", ".text")
#: Every codec ``decode_page`` may report. UTF-8 first; GB18030 (a superset of GBK/GB2312, the usual
#: legacy encodings of simplified Chinese) when it reads as text; UTF-16/32 only with a byte-order mark;
#: Big5 (traditional Chinese) when the bytes read as Big5 and not as GB18030.
ENCODINGS = ("utf-8", "gb18030", "utf-16", "utf-32", "big5", "cp950", "big5hkscs")
#: Legacy CJK codecs ``decode_page`` weighs against GB18030 (charset-normalizer's names).
LEGACY_CJK = ("gb18030", "big5", "cp950", "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949")
#: Of those, the ones decoded as a page (Chinese text); the others are reported with their name.
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
#: charset-normalizer's "chaos" (mess ratio: share of odd character sequences, 0 = clean) above which
#: GB18030-decoded text is mojibake. Measured on the seed pages: GB18030 pages 0.0, their single lines at
#: most 0.35; the same text in Big5 decoded as GB18030: 1.6-3.7 for a page, mostly over 1 for a line.
MOJIBAKE_CHAOS = 0.5
#: Least share of a GB18030 page's two-byte characters inside GB2312 (both bytes 0xA1-0xFE: the 6,763
#: simplified characters and the punctuation of everyday text) for it to be taken as GB18030 without
#: asking which encoding reads better. Measured: the seed pages 1.0 (each line at least 0.96); the same
#: text in Big5 0.50-0.55, in Shift_JIS 0.01 (their lead and trail bytes fall mostly outside).
GB2312_SHARE = 0.8
_DOUBLE_BYTE = re.compile(rb"[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\xfe]")
#: Byte-order marks, longest first (UTF-32LE's starts with UTF-16LE's).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


class PageError(Exception):
    """A page file that cannot be used; ``path`` names the file and ``reason`` the problem."""

    def __init__(self, path: str | Path, reason: str):
        self.path = display_path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def display_path(path: str | Path) -> str:
    """``path`` as text that any writer (HTML, plain text, email, JSON, a log) can carry: the bytes of a
    file name that is not UTF-8 (kept by Python as surrogate escapes, PEP 383) shown as ``\\xff``, and
    control, bidi and zero-width characters as ``\\x1b`` / ``\\u202e`` escapes. ``900_\\xff\\xfe_page.txt``
    stays recognisable; a name already printable comes back unchanged."""
    text = os.fsencode(str(path)).decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def is_page_name(name: str) -> bool:
    """True for a page file name: ending in ``.txt`` or ``.text``, in any case."""
    return name.lower().endswith(PAGE_SUFFIXES)


def find_pages(input_dir: str | Path) -> list[Path]:
    """List the entries directly inside ``input_dir`` whose names are page names (``is_page_name``:
    ``*.txt``, ``*.TXT``, ``*.text`` ...), sorted by name (page order).

    Every such entry is listed, whatever its type — a folder, FIFO, device or symbolic link too — so that
    ``read_page`` reports why it is not a page instead of it vanishing silently. Raises
    ``FileNotFoundError`` when ``input_dir`` is not a directory.
    """
    folder = Path(input_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"{display_path(folder)}: input folder not found")
    with os.scandir(folder) as entries:
        return sorted((folder / e.name for e in entries if is_page_name(e.name)),
                      key=lambda p: os.fsencode(p.name))


def decode_page(raw: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode a page's bytes; returns ``(text, encoding)``, ``encoding`` one of ``ENCODINGS``.

    In order: a byte-order mark decides (UTF-8, UTF-16 or UTF-32, LE or BE; dropped; UTF-16/32 must read
    as text to charset-normalizer); else UTF-8; else GB18030 when its two-byte characters are mostly
    GB2312's (``gb2312_share`` at least ``GB2312_SHARE``) and charset-normalizer finds it reads as text
    (chaos under ``MOJIBAKE_CHAOS``); else the best of ``LEGACY_CJK`` by charset-normalizer: a Big5
    page is decoded as Big5, GB18030 is kept when it is still the best, any other is reported by name.
    Raises ``PageError`` for empty input, binary content (NUL characters), bytes that no codec decodes
    strictly, and GB18030 mojibake, naming the likely encoding where one is found.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                name = codec.upper().removesuffix("-SIG")
                raise PageError(path, f"cannot be decoded: starts with a {name} byte-order mark but is not valid "
                                      f"{name} ({exc.reason} at byte {exc.start:,})") from None
            if codec != "utf-8-sig" and not _reads_as_text(raw, codec):
                raise PageError(path, f"cannot be decoded: starts with a {codec.upper()} byte-order mark but "
                                      f"does not read as {codec.upper()} text")
            return _text(text, path), codec.removesuffix("-sig")
    if not raw.strip():
        raise PageError(path, "empty file")
    if b"\x00" in raw:
        raise PageError(path, "binary file (contains NUL bytes), not page text")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        gb = raw.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and gb2312_share(raw) >= GB2312_SHARE and _reads_as_text(raw, "gb18030"):
        return gb, "gb18030"
    likely = charset_normalizer.from_bytes(raw, cp_isolation=list(LEGACY_CJK), threshold=MOJIBAKE_CHAOS).best()
    likely = likely if likely is not None and likely.chaos < MOJIBAKE_CHAOS else None
    if likely is not None and likely.encoding in BIG5_FAMILY:
        return str(likely), likely.encoding
    if likely is not None and likely.encoding == "gb18030" and gb is not None:
        return gb, "gb18030"  # GBK's traditional characters, outside GB2312, but nothing reads better
    mojibake = " (as GB18030 it reads as mojibake)" if gb is not None else ""
    if likely is not None and likely.encoding != "gb18030":
        language = f", {likely.language}" if likely.language and likely.language != "Unknown" else ""
        raise PageError(path, f"cannot be decoded as UTF-8 or GB18030 text{mojibake}; it looks like "
                              f"{likely.encoding}{language}: convert it to UTF-8")
    raise PageError(path, f"cannot be decoded as UTF-8 or GB18030 text{mojibake}")


def gb2312_share(raw: bytes) -> float:
    """The share of the two-byte characters of GB18030 bytes ``raw`` that lie in GB2312 (0.0-1.0; 1.0
    when there are none). Simplified Chinese text is nearly all GB2312; Big5 or Shift_JIS bytes read as
    GB18030 are not."""
    pairs = [m for m in _DOUBLE_BYTE.findall(raw) if len(m) == 2]
    if not pairs:
        return 1.0
    return sum(1 for a, b in pairs if a >= 0xA1 and b >= 0xA1) / len(pairs)


def _reads_as_text(raw: bytes, codec: str) -> bool:
    """True when charset-normalizer finds ``raw`` decoded by ``codec`` reads as text: its chaos (mess
    ratio) under ``MOJIBAKE_CHAOS``."""
    matches = charset_normalizer.from_bytes(raw, cp_isolation=[codec], threshold=MOJIBAKE_CHAOS)
    return any(m.chaos < MOJIBAKE_CHAOS for m in matches)


def _text(text: str, path: str | Path) -> str:
    if not text.strip():
        raise PageError(path, "empty file")
    if "\x00" in text:
        raise PageError(path, "binary file (contains NUL characters), not page text")
    return text


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _open_page(path: Path) -> int:
    """A read-only descriptor of the regular file ``path`` names: itself, or the target of a symbolic link
    that resolves to a regular file inside the page's own folder. Raises ``PageError`` for anything else."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise PageError(path, f"cannot be read ({exc.strerror or exc})") from exc
    target = path
    if stat.S_ISLNK(info.st_mode):
        folder = os.path.realpath(path.parent)
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise PageError(path, "dangling symbolic link (its target does not exist); not read")
        if os.path.commonpath([folder, target]) != folder:
            raise PageError(path, "symbolic link to a file outside the input folder; not followed")
        info = os.lstat(target)
        if not stat.S_ISREG(info.st_mode):
            raise PageError(path, f"symbolic link to {_kind(info.st_mode)}, not a page file; not followed")
    elif not stat.S_ISREG(info.st_mode):
        raise PageError(path, f"{_kind(info.st_mode)}, not a page file; not read")
    try:  # O_NONBLOCK: a FIFO swapped in since the check must not hang the run; O_NOFOLLOW: nor a link
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PageError(path, "became a symbolic link while being read; not followed") from exc
        raise PageError(path, f"cannot be read ({exc.strerror or exc})") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise PageError(path, f"{_kind(mode)}, not a page file; not read")
    return fd


#: Bytes read at a time: ``read(n)`` sets aside ``n`` bytes first, so a huge limit is read in chunks.
_CHUNK = 1 << 20


def _read_at_most(fh, limit: int) -> bytes:
    """Up to ``limit`` bytes of the binary file ``fh``, read in chunks of ``_CHUNK``."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = fh.read(min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_bytes(path: str | Path, *, max_bytes: int = DEFAULT_OPTIONS.max_page_bytes) -> bytes:
    """The bytes of the page file ``path``, at most ``max_bytes`` (the limit counts the bytes actually
    read, not the size the file system reports: ``/proc`` files report 0).

    Only a regular file is read, or a symbolic link to a regular file inside the page's own folder.
    Raises ``PageError`` naming the file for anything else — a folder, FIFO, socket, device, dangling
    link, link leading out of the folder — without opening it for blocking reads, and for a file over
    the limit or that cannot be read.
    """
    p = Path(path)
    fd = _open_page(p)
    try:
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = _read_at_most(fh, max_bytes + 1)
    except OSError as exc:
        raise PageError(p, f"cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise PageError(p, f"file is over the {max_bytes:,}-byte limit")
    return raw


def read_page(path: str | Path, *, max_bytes: int = DEFAULT_OPTIONS.max_page_bytes) -> Page:
    """Read one page file into a ``Page`` (see ``read_bytes`` for which files are read and the
    ``max_bytes`` limit, default 5 MiB; ``decode_page`` for the encodings).

    The text has its line ends made ``\\n`` and control, bidi and zero-width characters removed
    (``clean.remove_control_characters``). ``Page.path`` is ``display_path(path)``. Raises ``PageError``
    naming the file for a missing, unreadable, non-regular, oversized, empty, binary or undecodable file.
    """
    text, encoding = decode_page(read_bytes(path, max_bytes=max_bytes), path)
    return Page(path=display_path(path), text=remove_control_characters(text), encoding=encoding)
