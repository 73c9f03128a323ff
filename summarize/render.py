"""Digest -> HTML page, plain text, RFC 5322 email and JSON through jinja2 templates.

It arranges what is already decided for reading (stories grouped by region, else by page; keywords
marked in summaries; lines wrapped by display width) and ranks or summarises nothing.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import css_inline
import jinja2
import wcwidth
from markupsafe import Markup, escape

from summarize import pageview
from summarize.models import Digest, Keyword, StorySummary
from summarize.settings import Settings

FILES = ("digest.html", "digest.txt", "digest.eml", "digest.json")
WEEKDAYS = "一二三四五六日"
# Kinsoku shori (JIS X 4051): these never start a line, and OPENERS never end one.
CLOSERS = "，。、；：！？）】》」』”’…—,.;:!?)"
OPENERS = "（【《「『“‘("


def _environment(settings: Settings) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(settings.templates_dir)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wrap"] = partial(wrap_display, columns=settings.text_columns)
    return env


def story_record(item: StorySummary) -> dict[str, Any]:
    """One story as the JSON schema names it (``id, source, title, subtitle, authors, text, summary,
    keywords``), plus ``kicker``, ``title_printed``, ``lines`` (1-based page line numbers),
    ``paragraph_roles`` (``body`` or ``section`` for each paragraph of ``text``), ``bylines`` and
    ``credits`` (names) and ``region``."""
    s = item.story
    return {
        "id": s.id, "source": s.source, "title": s.title, "subtitle": s.subtitle, "authors": list(s.authors),
        "text": s.text, "summary": list(item.summary), "keywords": [k.word for k in item.keywords],
        "kicker": s.kicker, "title_printed": s.title_printed, "lines": list(s.lines),
        "paragraph_roles": [s.role_of(k) for k in range(len(s.paragraphs))], "bylines": list(s.bylines),
        "credits": list(s.credits), "region": s.region,
    }


def story_json(item: StorySummary, digest: Digest) -> dict[str, Any]:
    """A story as ``digest.json`` writes it: ``story_record`` plus its prominence in the day —
    ``rank`` (1 = most prominent; None for a printing shown with another), ``votes`` and ``signals``
    (see ``models.Prominence``), ``reprint_of`` (the id of the printing it repeats, or None) and
    ``also`` (the ids of its other printings)."""
    rank = digest.prominence.get(item.story.id)
    return story_record(item) | {
        "rank": rank.rank if rank else None, "votes": rank.votes if rank else 0,
        "signals": list(rank.signals) if rank else [], "reprint_of": rank.reprint_of if rank else None,
        "also": list(rank.also) if rank else [],
    }


def top_headline(digest: Digest) -> str:
    """The headline of the day's most prominent story (rank 1), else of its first story; empty for a
    digest without stories."""
    ranked = [(p.rank, i) for i, p in digest.prominence.items() if p.rank is not None]
    best = min(ranked)[1] if ranked else None
    for item in digest.stories:
        if best is None or item.story.id == best:
            return item.story.title
    return ""


#: The keys of ``digest.json``'s top-level object, in the order they are written.
RECORD_KEYS = ("date", "generated_at", "sources", "stories", "keywords", "day_keywords")


def digest_record_header(digest: Digest) -> dict[str, Any]:
    """``digest_record`` without ``stories``: date, generation time, sources, the day's keywords (``keywords``:
    the words, best first; ``day_keywords``: the same keywords in the same order as
    ``{"word", "weight", "new"}``, weight rounded to 4 decimals, ``new`` as ``models.Keyword.new``)."""
    return {
        "date": digest.date.isoformat(),
        "generated_at": digest.generated_at.isoformat(timespec="seconds"),
        "sources": [{"path": s.path, "status": s.status, "error": s.error, "stories": s.stories,
                     "printed_page": s.printed_page} for s in digest.sources],
        "keywords": [k.word for k in digest.keywords],
        "day_keywords": [{"word": k.word, "weight": round(k.weight, 4), "new": k.new} for k in digest.keywords],
    }


def digest_record(digest: Digest) -> dict[str, Any]:
    """The whole digest as the documented JSON object (see README, "digest.json"): ``date``,
    ``generated_at``, ``sources``, ``stories`` (``story_record`` each), ``keywords``, ``day_keywords``."""
    header = digest_record_header(digest)
    return {key: [story_json(item, digest) for item in digest.stories] if key == "stories" else header[key]
            for key in RECORD_KEYS}


def render_json(digest: Digest) -> str:
    """``digest.json``: UTF-8 JSON, Chinese kept as characters, 2-space indent."""
    return json.dumps(digest_record(digest), ensure_ascii=False, indent=2) + "\n"


def write_json(digest: Digest, fh: BinaryIO) -> None:
    """``render_json(digest)``, byte for byte, written to the binary file ``fh`` as UTF-8 one story at a
    time (each story's record made, encoded and written, then dropped), so the stories' records are never
    all in memory at once."""
    def encode(value: Any, depth: int) -> str:  # as json.dumps(indent=2) prints it ``depth`` levels deep
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)

    header = digest_record_header(digest)
    fh.write(b"{")
    for n, key in enumerate(RECORD_KEYS):
        fh.write(f"{',' if n else ''}\n  {json.dumps(key)}: ".encode())
        if key != "stories":
            fh.write(encode(header[key], 1).encode("utf-8"))
        elif not digest.stories:
            fh.write(b"[]")
        else:
            for i, item in enumerate(digest.stories):
                fh.write(("[\n    " if i == 0 else ",\n    ").encode() + encode(story_json(item, digest), 2).encode("utf-8"))
            fh.write(b"\n  ]")
    fh.write(b"\n}\n")


def line_ranges(lines: Sequence[int]) -> str:
    """Page line numbers as ranges, a one-line gap (the blank line between paragraphs) bridged:
    ``[3, 5, 7, 8, 20, 30, 31]`` -> ``"3–8, 20, 30–31"``; empty for no lines."""
    runs: list[list[int]] = []
    for n in sorted(set(lines)):
        if runs and n <= runs[-1][1] + 2:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in runs)


def highlight(sentences: Sequence[str], keywords: Iterable[str]) -> list[Markup]:
    """``sentences`` as HTML, the first occurrence of each keyword among them in ``<mark>`` (longest
    keyword first where two overlap); one ``Markup`` per sentence.

    Every piece of a sentence is HTML-escaped before any tag is put around it, so page text can never
    become markup, and a keyword is never matched inside an escape such as ``&amp;``. Only first
    occurrences are marked: a summary with every repeat of 工作 marked reads as noise.
    """
    words = sorted({k for k in keywords if k}, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words))) if words else None
    seen: set[str] = set()
    marked = []
    for sentence in sentences:
        html, end = Markup(), 0
        for match in pattern.finditer(sentence) if pattern else ():
            if match.group() in seen:
                continue
            seen.add(match.group())
            html += escape(sentence[end:match.start()]) + Markup("<mark>{}</mark>").format(match.group())
            end = match.end()
        marked.append(html + escape(sentence[end:]))
    return marked


def reading_order(digest: Digest) -> list[dict[str, Any]]:
    """The digest's stories as a reader meets them: groups ``{"title", "kind", "anchor", "stories"}``.

    Stories that name a region are grouped by it (``kind`` ``"region"``, regions in the order their first
    story appears in the paper); the rest are grouped by page (``kind`` ``"page"``) after them. A story
    printed twice appears once, its other printings in ``also`` (see ``Digest.prominence``). Each story
    is its ``story_record`` without ``text`` (the story's own ``paragraphs`` stand for it, not a copy)
    plus ``number`` (1-based, in this order), ``anchor`` (HTML id), ``region``, ``page`` (1-based position
    of its page among the day's sources), ``page_label`` (``第 3 版`` as printed, else ``第 3 份文件``),
    ``page_name`` (file name), ``page_href`` (its page view at its first line, ``pages/<page>.html#L17``),
    ``line_ranges``, ``summary_html`` (keywords marked), ``paragraphs`` (the non-blank ones), ``chars``
    (characters of text), ``rank`` (prominence, 1 = first; None when not ranked) and ``also`` (the other
    printings: ``{"page_label", "page_href", "line_ranges"}``).
    """
    refs = pageview.page_refs(digest)
    ranks = digest.prominence
    printings = {item.story.id: item.story for item in digest.stories}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in digest.stories:
        rank = ranks.get(item.story.id)
        if rank is not None and rank.reprint_of is not None:
            continue  # shown once, with the printing it repeats
        record = story_record(item)
        chars = len(record.pop("text"))
        record["paragraphs"] = [p for p in item.story.paragraphs if p.strip()]
        region = record["region"]
        ref = refs.get(record["source"])
        record.update(
            anchor=f"s-{record['id']}", region=region, page=ref.order if ref else 0,
            page_label=ref.label if ref else "", page_href=_line_href(ref, record["lines"]),
            page_name=Path(record["source"]).name, line_ranges=line_ranges(record["lines"]),
            summary_html=highlight(record["summary"], record["keywords"]), chars=chars,
            rank=rank.rank if rank else None,
            also=[{"page_label": refs[o.source].label if o.source in refs else "",
                   "page_href": _line_href(refs.get(o.source), o.lines), "line_ranges": line_ranges(o.lines)}
                  for o in (printings[i] for i in (rank.also if rank else ()))],
        )
        key = ("region", region) if region else ("page", ref.label if ref else "")
        groups.setdefault(key, []).append(record)
    ordered = sorted(groups.items(), key=lambda kv: kv[0][0] == "page")  # stable: regions first
    number = 0
    result = []
    for index, ((kind, title), stories) in enumerate(ordered, start=1):
        for record in stories:
            number += 1
            record["number"] = number
        result.append({"title": title, "kind": kind, "anchor": f"g-{index}", "stories": stories})
    return result


def _line_href(ref: pageview.PageRef | None, lines: Sequence[int]) -> str:
    return f"{ref.href}#L{min(lines)}" if ref and lines else ""


def top_stories(groups: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The ``count`` most prominent stories of ``reading_order``'s groups, by ``rank`` (the same records,
    not copies); empty when the digest was not ranked."""
    ranked = [s for g in groups for s in g["stories"] if s["rank"] is not None]
    return sorted(ranked, key=lambda s: s["rank"])[:count]


def keyword_bars(keywords: Sequence[Keyword]) -> list[dict[str, Any]]:
    """The day's keywords for a bar chart: ``{"word", "weight", "percent", "new"}``, ``percent`` of the
    heaviest (0–100, one decimal), ``new`` as ``models.Keyword.new``; empty for no keywords."""
    top = max((k.weight for k in keywords), default=0.0)
    return [{"word": k.word, "weight": k.weight, "percent": round(100 * k.weight / top, 1) if top else 0.0,
             "new": k.new} for k in keywords]


def wrap_display(text: str, indent: str = "", first: str | None = None, *, columns: int = 72) -> str:
    """Wrap ``text`` to ``columns`` display columns (a CJK character or full-width mark is 2, as are East
    Asian ambiguous marks like ``“``), each line prefixed with ``indent``, the very first with ``first``
    when given (a hanging number such as ``" 12. "``); paragraphs (``\\n``) are kept.

    Measured and broken by wcwidth; a closing mark (``，。”``) is not left to start a line nor an opening
    mark (``“（``) to end one (kinsoku), so a line may be shorter than ``columns``, never longer.
    Raises ``ValueError`` when the prefixes leave fewer than 8 columns.
    """
    measure = partial(wcwidth.width, ambiguous_width=2)
    room = columns - max(measure(indent), measure(first or ""))
    if room < 8:
        raise ValueError(f"prefix {indent!r}/{first!r} leaves {room} of {columns} columns")
    out = []
    for paragraph in text.split("\n"):
        # Wrap 4 columns short so moving up to two marks across a break never overflows.
        lines = _wrap_linear(paragraph, room - 4) or [""]
        for i in range(1, len(lines)):
            lead = len(lines[i]) - len(lines[i].lstrip(CLOSERS))
            if 0 < lead <= 2:
                lines[i - 1], lines[i] = lines[i - 1] + lines[i][:lead], lines[i][lead:]
            trail = len(lines[i - 1]) - len(lines[i - 1].rstrip(OPENERS))
            if 0 < trail <= 2 and measure(lines[i]) + 2 * trail <= room - 4:
                lines[i - 1], lines[i] = lines[i - 1][:-trail], lines[i - 1][-trail:] + lines[i]
        out.extend(line for line in lines if line or len(lines) == 1)
    prefixes = [first if first is not None else indent] + [indent] * (len(out) - 1)
    return "\n".join(prefix + line for prefix, line in zip(prefixes, out))


#: ``_wrap_linear`` hands wcwidth at most about this many lines' worth of characters at a time.
_WRAP_WINDOW_LINES = 4


def _wrap_linear(paragraph: str, width: int) -> list[str]:
    """``wcwidth.wrap(paragraph, width, ambiguous_width=2, break_on_hyphens=False)``, the same lines, in
    time linear in the paragraph's length.

    wcwidth (as the standard library's ``textwrap``) measures a word too long for a line again after
    every line it breaks off, so a paragraph without spaces (Chinese text, one "word") costs time in the
    square of its length: 40,000 characters took 16 s. Here the paragraph goes to wcwidth in windows of
    about ``_WRAP_WINDOW_LINES`` lines: every line but the window's last two is final (greedy filling
    decides a line by what comes before it and the next word; the word the window cuts is on its last
    line, and whole it might have been broken onto the line before), and the text from the start of the
    second-to-last line starts the next window. (Where a tab made those lines differ from the text, the
    window's lines are kept as they are: a shorter line.)
    """
    size = max(width, 1) * _WRAP_WINDOW_LINES
    lines: list[str] = []
    start = 0
    while len(paragraph) - start > size:
        window = paragraph[start:start + size]
        wrapped = wcwidth.wrap(window, width, ambiguous_width=2, break_on_hyphens=False)
        if len(wrapped) < 3:  # no line is final yet (zero-width characters): a bigger window
            size *= 2
            continue
        cut = window.rfind(wrapped[-2], 0, window.rfind(wrapped[-1]))
        if cut <= 0:  # the lines not found verbatim (a tab expanded): the window's lines are kept as they are
            lines += wrapped
            start += len(window)
            continue
        lines += wrapped[:-2]
        start += cut
    return lines + wcwidth.wrap(paragraph[start:], width, ambiguous_width=2, break_on_hyphens=False)


def _context(digest: Digest, settings: Settings) -> dict[str, Any]:
    groups = reading_order(digest)
    return {
        "digest": digest, "settings": settings, "groups": groups, "omitted": 0,
        "top": top_stories(groups, settings.top_stories), "refs": pageview.page_refs(digest),
        "shown": sum(len(g["stories"]) for g in groups),
        "region_names": [g["title"] for g in groups if g["kind"] == "region"],
        "record": digest_record_header(digest),  # as in digest.json; the stories are in ``groups``
        "errors": [s for s in digest.sources if s.status != "ok"],
        "pages": sum(1 for s in digest.sources if s.status == "ok"),
        "regions": sum(1 for g in groups if g["kind"] == "region"),
        "weekday": "星期" + WEEKDAYS[digest.date.weekday()],
        "long_date": f"{digest.date.year}年{digest.date.month}月{digest.date.day}日",
        "keyword_bars": keyword_bars(digest.keywords),
    }


def first_stories(context: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """``context`` with only the first ``limit`` stories in reading order (groups left empty dropped) and
    ``omitted`` set to how many were left out; ``context`` itself when ``limit`` is None or not reached.
    The email uses it: a message of thousands of stories is unreadable and over mail servers' size limits
    (Gmail's is 25 MB), and its reader has the digest page for the rest."""
    total = sum(len(g["stories"]) for g in context["groups"])
    if limit is None or total <= limit:
        return context
    groups, left = [], limit
    for group in context["groups"]:
        if left <= 0:
            break
        groups.append(dict(group, stories=group["stories"][:left]))
        left -= len(groups[-1]["stories"])
    return dict(context, groups=groups, omitted=total - limit)


def _render(template: str, env: jinja2.Environment, context: dict[str, Any]) -> str:
    return env.get_template(template).render(context)


def _stream(template: str, env: jinja2.Environment, context: dict[str, Any], fh: BinaryIO) -> None:
    stream = env.get_template(template).stream(context)
    stream.enable_buffering(64)  # write ~64 template pieces at a time
    stream.dump(fh, encoding="utf-8")


def _email_html(env: jinja2.Environment, context: dict[str, Any]) -> str:
    return _inline_css(_render("email.html.j2", env, context))


def _inline_css(html: str) -> str:
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False, resolve_css_variables=True)
    return inliner.inline(html)


def render_email(digest: Digest, settings: Settings, *, text: str, html: str) -> EmailMessage:
    """An RFC 5322 message: multipart/alternative with ``text`` (text/plain) and ``html`` (text/html),
    both UTF-8 (8bit where lines allow), Subject carrying the date and the top story's headline
    (``settings.email_subject``'s ``{date}`` and ``{top}``), From/To from ``settings``. Built with
    the standard ``email`` package."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = settings.email_subject.format(date=digest.date.isoformat(), top=top_headline(digest) or "无报道")
    msg["From"] = settings.email_from
    msg["To"] = ", ".join(settings.recipients)
    msg["Date"] = format_datetime(digest.generated_at)
    msg["Message-ID"] = make_msgid(idstring=f"digest-{digest.date.isoformat()}")
    msg.set_content(text, subtype="plain", charset="utf-8", cte=transfer_encoding(text))
    msg.add_alternative(html, subtype="html", charset="utf-8", cte=transfer_encoding(html))
    return msg


def transfer_encoding(body: str) -> str | None:
    """``"8bit"`` when every line of ``body`` fits RFC 5322's 998 octets (UTF-8 sent as is: Chinese text
    grows by a third in base64 and threefold in quoted-printable), else None to let ``email`` choose."""
    return "8bit" if all(len(line.encode("utf-8")) <= 998 for line in body.splitlines()) else None


Writer = Callable[[BinaryIO], None]


def digest_files(digest: Digest, settings: Settings) -> dict[str, Writer]:
    """All files of a digest as writers, ``{file name: write(binary file)}`` (the four of ``FILES``, then a
    page view per readable page, ``pages/<page>.html``, see ``pageview.page_view_files``), for
    ``publish.write_day``: each file is rendered while it is written — the page and the plain text
    streamed from jinja2 (``Template.stream``), the JSON by ``json.dump`` — so a day of thousands of
    stories never holds a whole file in memory, and the reading order is built once for all four.
    The email carries the plain text and the table-based email HTML (not the page), both of at most
    ``settings.email_max_stories`` stories (``first_stories``); it is the only file built whole."""
    env, context = _environment(settings), _context(digest, settings)
    mail = first_stories(context, settings.email_max_stories)

    def email(fh: BinaryIO) -> None:
        text = _render("digest.txt.j2", env, mail)
        html = _email_html(env, mail)
        fh.write(render_email(digest, settings, text=text, html=html).as_bytes())

    return {
        "digest.html": partial(_stream, "digest.html.j2", env, context),
        "digest.txt": partial(_stream, "digest.txt.j2", env, context),
        "digest.eml": email,
        "digest.json": partial(write_json, digest),
    } | pageview.page_view_files(digest, env, context)
