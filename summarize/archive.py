"""The archive of every digest written: ``out/index.html`` by date, the Atom feed ``out/feed.xml``, and
the run report (markdown) that says what one run produced."""
from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from feedgen.feed import FeedGenerator

from summarize import searchindex
from summarize.files import day_records, read_digest, replace_file
from summarize.clean import remove_control_characters, xml_safe
from summarize.settings import Settings

INDEX_FILE = "index.html"
FEED_FILE = "feed.xml"
#: Headlines shown per day in the index and the feed entry.
HEADLINES_SHOWN = 5


@dataclass(frozen=True)
class ArchiveEntry:
    """One day's digest as the archive shows it: ``headlines`` top stories first (by ``rank``; page order
    for a digest without ranks), ``keywords`` best first,
    ``pages`` the page files read and ``errors`` those that could not be used; ``search_rows`` its
    stories as the search index lists them (``searchindex.day_rows``; None when they cannot be listed)."""

    date: dt.date
    generated_at: dt.datetime
    stories: int
    headlines: tuple[str, ...]
    keywords: tuple[str, ...]
    pages: int
    errors: int
    search_rows: list[list[str]] | None = field(default=None, repr=False, compare=False)


def _shown(text: object) -> str:
    """A headline or keyword from a ``digest.json`` as the archive shows it: text, without control, bidi
    or zero-width characters nor anything XML cannot carry (a digest written before ingest removed them,
    or edited by hand, may hold any of them)."""
    return xml_safe(remove_control_characters(str(text)))


def list_digests(output_dir: str | Path) -> list[ArchiveEntry]:
    """Every digest under ``output_dir`` (folders named ``YYYY-MM-DD`` holding ``digest.json``), newest
    first. A folder whose ``digest.json`` cannot be read or parsed is left out of the archive. Headlines
    and keywords are cleaned (``_shown``) and a generation time without a time zone is taken as UTC, so
    whatever one day's record holds, the index and the feed of every day can be written. Each record is
    read once (``files.read_digest``), for the index, the feed and the search index."""
    entries = []
    for _, record_path in day_records(output_dir):
        try:
            record = read_digest(record_path, ("date", "generated_at", "sources", "keywords"),
                                 tuple(dict.fromkeys(("title", "rank", *searchindex.ROW_KEYS))))
            generated_at = dt.datetime.fromisoformat(record["generated_at"])
            shown = [s for s in record["stories"] if not s.get("reprint_of")]  # a story printed twice counts once
            ranked = sorted(shown, key=lambda s: (s.get("rank") is None, s.get("rank") or 0))  # top stories first
            entries.append(ArchiveEntry(
                date=dt.date.fromisoformat(record["date"]),
                generated_at=generated_at if generated_at.tzinfo else generated_at.replace(tzinfo=dt.timezone.utc),
                stories=len(shown),
                headlines=tuple(_shown(s["title"]) for s in ranked),
                keywords=tuple(_shown(k) for k in record["keywords"]),
                pages=len(record["sources"]),
                errors=sum(s["status"] != "ok" for s in record["sources"]),
                search_rows=_search_rows(record),
            ))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return sorted(entries, key=lambda e: e.date, reverse=True)


def _search_rows(record: dict) -> list[list[str]] | None:
    try:
        return searchindex.day_rows(record)
    except (KeyError, TypeError):
        return None  # the day is in the index and the feed, not in the search


def render_index(entries: list[ArchiveEntry], settings: Settings) -> str:
    """``index.html``: one row per day, newest first, linking ``<date>/digest.html``; from
    ``templates/index.html.j2`` with jinja2 HTML autoescaping."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(settings.templates_dir)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("index.html.j2").render(entries=entries, shown=HEADLINES_SHOWN)


def render_feed(entries: list[ArchiveEntry], settings: Settings) -> bytes:
    """``feed.xml``: an Atom feed (RFC 4287) with one entry per day, written by ``feedgen``.

    Entry ids are ``urn:uuid`` values derived from the date, so a re-run updates its entry rather than
    adding one. Links are ``settings.archive_url`` + ``<date>/digest.html`` (relative when it is empty).
    Text XML 1.0 cannot carry (C0 controls, lone surrogates, U+FFFE/U+FFFF) is left out
    (``clean.xml_safe``), so no headline can make lxml refuse the feed.
    """
    base = settings.archive_url.rstrip("/") + "/" if settings.archive_url else ""
    feed = FeedGenerator()
    feed.id(uuid.uuid5(uuid.NAMESPACE_URL, f"news-digest:{base or 'archive'}").urn)
    feed.title("每日新闻摘要 Daily digest")
    feed.author({"name": "news-digest", "email": xml_safe(settings.email_from)})
    feed.language("zh-CN")
    feed.link(href=f"{base}{INDEX_FILE}", rel="alternate", type="text/html")
    if base:
        feed.link(href=f"{base}{FEED_FILE}", rel="self", type="application/atom+xml")
    feed.updated(max((e.generated_at for e in entries), default=dt.datetime.now(dt.timezone.utc)))
    for e in sorted(entries, key=lambda e: e.date):
        item = feed.add_entry(order="prepend")
        day = e.date.isoformat()
        item.id(uuid.uuid5(uuid.NAMESPACE_URL, f"news-digest:{day}").urn)
        item.title(f"每日新闻摘要 {day}")
        item.updated(e.generated_at)
        item.link(href=f"{base}{day}/digest.html", rel="alternate", type="text/html")
        item.summary(xml_safe(f"{e.stories} 篇：" + "；".join(map(str, e.headlines[:HEADLINES_SHOWN]))))
    return feed.atom_str(pretty=True)


def update_archive(output_dir: str | Path, settings: Settings) -> tuple[Path, Path]:
    """Rewrite ``<output_dir>/index.html``, ``<output_dir>/feed.xml`` and the search index the index page
    loads, ``<output_dir>/search.js`` (``searchindex``), from the digests present.

    Returns the paths of the index and the feed. Each file is replaced whole (see ``replace_file``).
    Raises ``OSError`` when ``output_dir`` cannot be written.
    """
    root = Path(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    entries = list_digests(root)
    days = [(e.date.isoformat(), e.search_rows) for e in entries if e.search_rows is not None]
    script = searchindex.render_search_script(searchindex.search_index(days))
    replace_file(root / searchindex.SEARCH_FILE, script.encode("utf-8"))
    index = replace_file(root / INDEX_FILE, render_index(entries, settings).encode("utf-8"))
    feed = replace_file(root / FEED_FILE, render_feed(entries, settings))
    return index, feed


def _markdown_text(text: str) -> str:
    # HTML-escape first (the Prefect UI renders markdown as HTML), then backslash-escape markdown marks.
    return re.sub(r"([\\`*_\[\]{}()#+\-.!|~])", r"\\\1", html.escape(text, quote=False))


def run_report(header: dict, stories: int, folder: str | Path, delivery: str) -> str:
    """A markdown report of one run for the Prefect UI: the date, story and page counts, each page's
    status (with the reason for a page that could not be used), the files written and ``delivery``
    (one line on the email). ``header`` is the digest as in ``digest.json`` without its stories
    (``render.digest_record_header``: the stories' records are not made again for a count), ``stories``
    how many it holds. Page text is escaped."""
    folder = Path(folder)
    ok = [s for s in header["sources"] if s["status"] == "ok"]
    lines = [
        f"# 每日新闻摘要 {header['date']}",
        "",
        f"**{stories}** stories from **{len(ok)}** of **{len(header['sources'])}** pages.",
        "",
        f"Email: {_markdown_text(delivery)}",
        "",
        "| page | status | stories |",
        "| --- | --- | --- |",
    ]
    for s in header["sources"]:
        status = "ok" if s["status"] == "ok" else f"**error**: {_markdown_text(s['error'] or '')}"
        lines.append(f"| {_markdown_text(s['path'])} | {status} | {s['stories']} |")
    lines += ["", "Files:", ""]
    lines += [f"- {_markdown_text(str(p))}" for p in sorted(folder.iterdir()) if not p.name.startswith(".")]
    return "\n".join(lines) + "\n"
