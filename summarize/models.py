"""Frozen dataclasses that carry a day's pages through the pipeline: data only, no behaviour."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Page:
    """One newspaper page as read from disk.

    ``path`` is the file path as given (e.g. ``seeds/000_a29ede8d21290cff.txt``; bytes that are not UTF-8
    and control characters escaped, ``ingest.display_path``); ``text`` the decoded page, line breaks kept,
    control and invisible characters removed; ``encoding`` the codec that decoded it (one of
    ``ingest.ENCODINGS``: ``utf-8``, ``gb18030``, ``utf-16``, ``utf-32``, ``big5`` ...).
    """

    path: str
    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class Source:
    """What became of one input file: ``status`` ``ok`` or ``error`` (then ``error`` says why);
    ``printed_page`` the page number printed on it (``"3"``, ``"A3"``) when its name or header shows one."""

    path: str
    status: Literal["ok", "error"]
    error: str | None = None
    stories: int = 0
    printed_page: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """One story found on a page.

    ``title`` is the headline (a kicker such as ``湘潭市:`` joined as printed); ``title_printed`` is False
    when the page prints no headline and ``title`` was taken from the lead. ``paragraphs`` hold the cleaned
    body (no headline, byline, credit or caption); ``lines`` the 1-based page line numbers it came from.
    ``starts_under_heading`` is True when the body's first line (in reading order) is printed right under
    the story's own headline, kicker, deck or byline, so its first sentence is the lead as printed; False
    when the body starts elsewhere (the headline printed apart from it, or none printed), where the
    first sentence may be another story's or a sentence's second half. ``paragraph_roles`` gives each
    paragraph's role (``body`` or ``section``, a section head), ``bylines`` and ``credits`` the names
    printed in the story's bylines and credits (``authors`` is both, bylines first), ``region`` the
    prefecture-level region the story is about (``places.story_region``) or None.
    """

    id: str
    source: str
    title: str
    paragraphs: tuple[str, ...]
    lines: tuple[int, ...]
    subtitle: str | None = None
    kicker: str | None = None
    authors: tuple[str, ...] = ()
    title_printed: bool = True
    starts_under_heading: bool = True
    paragraph_roles: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    region: str | None = None

    def role_of(self, k: int) -> str:
        """The role of paragraph ``k``: ``body`` or ``section`` (a section head); ``body`` when the
        segmenter did not say."""
        return self.paragraph_roles[k] if k < len(self.paragraph_roles) else "body"

    @property
    def text(self) -> str:
        """The body as one string, paragraphs joined with ``\\n``."""
        return "\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword or keyphrase with its weight: for a story, its PageRank score (which sums to 1 over the
    story's keyword graph) times its IDF (``keywords.story_keywords``); for the day, those summed over
    the stories and weighted against the archive (``assemble.day_keywords``). ``new``: a day's keyword
    that none of the last week's digests carried (always False for a story's keyword)."""

    word: str
    weight: float
    new: bool = False


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story with its extractive summary (sentences verbatim from ``story.text``, document order)."""

    story: Story
    summary: tuple[str, ...]
    keywords: tuple[Keyword, ...]


@dataclass(frozen=True, slots=True)
class Prominence:
    """How prominently the day's pages print one story (``prominence.rank_stories``).

    ``rank`` is 1-based among the day's distinct stories (1 = most prominent), None for a printing shown
    with another (``reprint_of``: that story's id); ``votes`` counts ``signals`` (``first``, ``byline``,
    ``longest``, ``front``, one ``reprint`` per further page printing it, one ``topic`` per further page on
    its topic); ``also`` holds the ids of the story's other printings.
    """

    rank: int | None
    votes: int
    signals: tuple[str, ...]
    reprint_of: str | None
    also: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """A day's digest: every story summarised, in page order, and the day's keywords (best first);
    ``prominence`` maps each story id to its ``Prominence`` (empty when not ranked)."""

    date: dt.date
    generated_at: dt.datetime
    sources: tuple[Source, ...]
    stories: tuple[StorySummary, ...]
    keywords: tuple[Keyword, ...] = field(default=())
    prominence: dict[str, Prominence] = field(default_factory=dict)
