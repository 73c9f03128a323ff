"""Digest -> HTML page, plain text, RFC 5322 email and JSON, through jinja2 templates; computes nothing."""
from __future__ import annotations

import json
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

import jinja2

from summarize.models import Digest, StorySummary
from summarize.settings import Settings

FILES = ("digest.html", "digest.txt", "digest.eml", "digest.json")


def _environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def story_record(item: StorySummary) -> dict[str, Any]:
    """One story as the JSON schema names it (``id, source, title, subtitle, authors, text, summary,
    keywords``), plus ``kicker``, ``title_printed`` and ``lines`` (1-based page line numbers)."""
    s = item.story
    return {
        "id": s.id, "source": s.source, "title": s.title, "subtitle": s.subtitle, "authors": list(s.authors),
        "text": s.text, "summary": list(item.summary), "keywords": [k.word for k in item.keywords],
        "kicker": s.kicker, "title_printed": s.title_printed, "lines": list(s.lines),
    }


def digest_record(digest: Digest) -> dict[str, Any]:
    """The whole digest as the documented JSON object (see README, "digest.json")."""
    return {
        "date": digest.date.isoformat(),
        "generated_at": digest.generated_at.isoformat(timespec="seconds"),
        "sources": [{"path": s.path, "status": s.status, "error": s.error, "stories": s.stories}
                    for s in digest.sources],
        "stories": [story_record(item) for item in digest.stories],
        "keywords": [k.word for k in digest.keywords],
    }


def render_json(digest: Digest) -> str:
    """``digest.json``: UTF-8 JSON, Chinese kept as characters, 2-space indent."""
    return json.dumps(digest_record(digest), ensure_ascii=False, indent=2) + "\n"


def _context(digest: Digest, settings: Settings) -> dict[str, Any]:
    return {"digest": digest, "record": digest_record(digest), "settings": settings,
            "errors": [s for s in digest.sources if s.status != "ok"]}


def render_html(digest: Digest, settings: Settings) -> str:
    """``digest.html`` from ``templates/digest.html.j2``; all page text is HTML-escaped by jinja2."""
    return _environment(settings.templates_dir).get_template("digest.html.j2").render(_context(digest, settings))


def render_text(digest: Digest, settings: Settings) -> str:
    """``digest.txt``, the email's plain-text part, from ``templates/digest.txt.j2``."""
    return _environment(settings.templates_dir).get_template("digest.txt.j2").render(_context(digest, settings))


def render_email(digest: Digest, settings: Settings, *, text: str, html: str) -> EmailMessage:
    """An RFC 5322 message: multipart/alternative with ``text`` (text/plain) and ``html`` (text/html),
    Subject carrying the date, From/To from ``settings``. Built with the standard ``email`` package."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = settings.email_subject.format(date=digest.date.isoformat())
    msg["From"] = settings.email_from
    msg["To"] = ", ".join(settings.recipients)
    msg["Date"] = format_datetime(digest.generated_at)
    msg["Message-ID"] = make_msgid(idstring=f"digest-{digest.date.isoformat()}")
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def render_all(digest: Digest, settings: Settings) -> dict[str, bytes]:
    """All four files of a digest, ``{file name: bytes}`` (names in ``FILES``)."""
    html = render_html(digest, settings)
    text = render_text(digest, settings)
    return {
        "digest.html": html.encode("utf-8"),
        "digest.txt": text.encode("utf-8"),
        "digest.eml": render_email(digest, settings, text=text, html=html).as_bytes(),
        "digest.json": render_json(digest).encode("utf-8"),
    }
