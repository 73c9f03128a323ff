"""Split a page into stories: headline, kicker, deck, byline, credit and caption lines, then bodies.

First version: line-shape rules only. A headline is a short line without sentence-final punctuation
that opens a page, follows a closed story, or is followed by a byline; a credit line such as
``(李秉钧 陈艳 谭伟)`` closes a story; photo captions (ending ``摄``) are dropped.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

from summarize.clean import SENTENCE_END, clean_heading, clean_line, split_sentences
from summarize.models import Page, Story

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
#: Chinese personal names are 2-4 characters; OCR pads two-character names with a space (``张 咪``).
_NAME = rf"[{_HAN}·]{{1,4}}"
_NAMES = rf"{_NAME}(?:[ \u3000]+{_NAME})*"
_ROLE_WORDS = r"(?:本报记者|本报通讯员|通讯员|记者|文/图|文/|图/|文|图)"
#: A credit: names in round brackets, alone on a line or at the end of a body line.
_CREDIT = re.compile(rf"[（(][ \u3000]*({_NAMES})[ \u3000]*[)）]\s*$")
#: A byline: two or more names, or names after a role word, alone on a line.
_BYLINE = re.compile(rf"^(?:{_ROLE_WORDS}[ \u3000:：]*)?{_NAME}(?:[ \u3000]+(?:{_ROLE_WORDS}[ \u3000:：]*)?{_NAME})+$"
                     rf"|^{_ROLE_WORDS}[ \u3000:：]*{_NAMES}$")
#: A photo credit: a name followed by 摄 (``刘建军 摄``, ``文禹摄``) closing a caption line.
_PHOTO_CREDIT = re.compile(rf"(?:^|[ \u3000]|[。.])[ \u3000]*{_NAMES}[ \u3000]*摄(?:影)?$")
_DECK = re.compile(r"^(?:——|--|—|·|－)")
_KICKER_END = (":", "：")
_SINGLE_NAME = re.compile(rf"^[{_HAN}]{{2,3}}$")
MAX_HEADLINE_CHARS = 32


@dataclass
class _Draft:
    """A story being assembled from page lines."""

    heading: list[tuple[int, str]] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    closed: bool = False


def split_names(names: str) -> list[str]:
    """Split a run of space-separated Chinese names; a lone character is half of a padded name.

    ``"周 俊 何邵林"`` -> ``["周俊", "何邵林"]``; ``"李秉钧 陈艳 谭伟"`` -> three names.
    """
    tokens = [t for t in re.split(r"[ \u3000]+", names.strip()) if t and not re.fullmatch(_ROLE_WORDS, t)]
    out: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1:
            pending += token
            if len(pending) == 2:
                out.append(pending)
                pending = ""
        else:
            if pending:
                out.append(pending)
                pending = ""
            out.append(token)
    if pending:
        out.append(pending)
    return out


def is_caption(line: str) -> bool:
    """True for a photo caption or photo credit line: it ends with a name and ``摄`` (``… 刘建军 摄``)."""
    return bool(_PHOTO_CREDIT.search(line.strip()))


def credit_names(line: str) -> tuple[str, list[str]] | None:
    """Find a credit in round brackets at the end of ``line``.

    Returns ``(line without the credit, names)`` or None. ``"…贡献坚实力量。(蒋坤)"`` ->
    ``("…贡献坚实力量。", ["蒋坤"])``.
    """
    match = _CREDIT.search(line.strip())
    if not match:
        return None
    return line.strip()[: match.start()].rstrip(), split_names(match.group(1))


def is_byline(line: str) -> bool:
    """True for a byline: names alone on a line (``熊小平 龚雅丽 梁华 吴孟贤``, ``本报记者 张三``)."""
    return bool(_BYLINE.match(line.strip()))


def is_headline_shape(line: str) -> bool:
    """True for a line shaped like a headline, kicker or deck: at most ``MAX_HEADLINE_CHARS`` characters
    (spaces not counted) and no sentence-final punctuation anywhere in it."""
    text = clean_heading(line)
    compact = re.sub(r"\s", "", text)
    if not compact or len(compact) > MAX_HEADLINE_CHARS:
        return False
    if line.lstrip().startswith("#"):
        return True
    return not any(ch in SENTENCE_END for ch in compact)


def _compose_heading(block: list[tuple[int, str]]) -> tuple[str | None, str | None, str | None]:
    """Turn a run of heading lines into ``(title, subtitle, kicker)``.

    A line opening with a dash or middle dot is a deck; a line ending with a colon is a kicker joined to
    the next line (``湘潭市:`` + headline); of the rest the longest is the headline, shorter lines above it
    are kickers and below it decks.
    """
    decks = [clean_heading(t) for _, t in block if _DECK.match(clean_heading(t))]
    rest = [clean_heading(t) for _, t in block if not _DECK.match(clean_heading(t))]
    joined: list[str] = []
    for text in rest:
        if joined and joined[-1].endswith(_KICKER_END):
            joined[-1] = joined[-1] + text
        else:
            joined.append(text)
    if not joined:
        return None, (decks[0] if decks else None), None
    k = max(range(len(joined)), key=lambda i: len(joined[i]))
    kicker = " ".join(joined[:k]) or None
    decks = joined[k + 1:] + decks
    subtitle = " ".join(d.lstrip("—-·－ ") for d in decks) or None
    return joined[k], subtitle, kicker


def _lead_title(paragraphs: list[str], max_chars: int = 24) -> str:
    """A stand-in headline for a story printed without one: its first sentence, cut to ``max_chars``."""
    first = split_sentences(paragraphs[0])[0] if paragraphs else ""
    first = first.rstrip(SENTENCE_END + "，,")
    return first if len(first) <= max_chars else first[:max_chars] + "…"


def story_id(source: str, paragraphs: list[str]) -> str:
    """A stable id for a story: a hash of its page file name and body text (12 hex digits)."""
    key = os.path.basename(source) + "\n" + "\n".join(paragraphs)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _next_nonblank(lines: list[str], i: int) -> str:
    for line in lines[i + 1:]:
        if line.strip():
            return line
    return ""


def segment_page(page: Page) -> list[Story]:
    """Split one page into its stories, in the order their bodies start on the page.

    Returns a list of ``Story`` (possibly empty); a story with no body lines is dropped. Never raises on
    odd text: any line that fits no other role is body text.
    """
    lines = page.text.split("\n")
    drafts: list[_Draft] = []
    cur: _Draft | None = None

    def start() -> _Draft:
        draft = _Draft()
        drafts.append(draft)
        return draft

    for i, raw in enumerate(lines):
        n = i + 1
        if not raw.strip():
            continue
        if is_caption(raw):
            continue
        credit = credit_names(raw)
        if credit is not None and not credit[0]:
            if cur is not None:
                cur.authors.extend(credit[1])
                cur.closed = True
            continue
        if is_byline(raw):
            if cur is None or cur.closed or cur.body:
                cur = start()
            cur.authors.extend(split_names(raw))
            continue
        if cur is not None and cur.heading and not cur.body and _SINGLE_NAME.match(raw.strip()) \
                and not is_headline_shape(_next_nonblank(lines, i)):
            cur.authors.append(raw.strip())  # a one-name byline under a headline (``车世忠``)
            continue
        if is_headline_shape(raw):
            if cur is None or cur.closed or (cur.body and is_byline(_next_nonblank(lines, i))):
                cur = start()
                cur.heading.append((n, raw))
            elif not cur.body:
                cur.heading.append((n, raw))
            else:
                cur.body.append((n, raw))
            continue
        text = raw
        closes = False
        if credit is not None:
            text, names = credit
            closes = True
        if cur is None or cur.closed:
            cur = start()
        cur.body.append((n, text))
        if closes:
            cur.authors.extend(names)
            cur.closed = True

    stories = []
    for draft in drafts:
        paragraphs = [p for p in (clean_line(t) for _, t in draft.body) if p]
        if not paragraphs:
            continue
        title, subtitle, kicker = _compose_heading(draft.heading)
        printed = title is not None
        numbers = tuple(sorted({n for n, _ in draft.heading} | {n for n, _ in draft.body}))
        stories.append(Story(
            id=story_id(page.path, paragraphs),
            source=page.path,
            title=title if printed else _lead_title(paragraphs),
            subtitle=subtitle,
            kicker=kicker,
            authors=tuple(dict.fromkeys(draft.authors)),
            paragraphs=tuple(paragraphs),
            lines=numbers,
            title_printed=printed,
        ))
    return stories
