"""From drafts to stories, shared by both segmenters (``segment``'s rules, ``segment_fitted``'s models):
the fragments, heading blocks and drafts a page is split into, the windows a long page is cut into, and a
draft's reading order, paragraphs and ``Story`` record."""
from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from summarize.clean import (clean_line, compact, drop_repeated_passages, ends_sentence, normalise_punctuation,
                             split_sentences, stand_in_title)
from summarize.continuity import (MID_SENTENCE_START, continues, could_continue, line_head, line_tail, linked,
                                  word_frequencies)
from summarize.layout import CLOSING_QUOTES, HEADING_ROLES, KICKER, PageLine
from summarize.models import Page, Story
from summarize.places import story_region

#: Non-blank lines segmented together; a longer page is cut into windows (see ``windows``). A printed
#: page holds far fewer; the limit keeps a segmenter's time linear in an oversized page's length.
MAX_WINDOW_LINES = 300


@dataclass(eq=False)
class Block:
    """Heading lines printed together (headlines, kickers, decks, section heads) and bylines under them;
    ``opened``: the story it opened, ``host``: the open story it was printed inside, ``mid_sentence``:
    printed inside ``host`` between two lines of one sentence (a headline set in another story's text, not
    a section head)."""

    lines: list[PageLine] = field(default_factory=list)
    bylines: list[PageLine] = field(default_factory=list)
    opened: Draft | None = None
    host: Draft | None = None
    mid_sentence: bool = False


@dataclass(eq=False)
class Fragment:
    """Body lines that read on into each other; ``opener`` is what was printed just before it (``start``,
    a heading block, a byline, a credit, or None for other body text), ``block`` the block it is under."""

    lines: list[PageLine]
    opener: str | None
    block: Block | None = None
    credit: list[PageLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(compact(pl.text) for pl in self.lines)


@dataclass(eq=False)
class Draft:
    """A story being assembled."""

    fragments: list[Fragment] = field(default_factory=list)
    heading: list[PageLine] = field(default_factory=list)
    section_heads: list[PageLine] = field(default_factory=list)
    bylines: list[PageLine] = field(default_factory=list)
    opened_by: Block | None = None

    @property
    def bylines_seen(self) -> bool:
        """Whether the story opened under a byline."""
        return self.opened_by is not None and bool(self.opened_by.bylines)

    @property
    def lines(self) -> list[PageLine]:
        return sorted((pl for f in self.fragments for pl in f.lines), key=lambda pl: pl.number)

    @property
    def text(self) -> str:
        return "".join(f.text for f in self.fragments)

    @property
    def closed(self) -> bool:
        """Whether a credit closes one of the story's fragments."""
        return any(f.credit for f in self.fragments)


def add_body_line(pl: PageLine, fragments: list[Fragment], current: Fragment | None, opener: str | None,
                  block: Block | None, new: Callable[[list[PageLine], str | None, Block | None], Fragment],
                  reads_on: bool = False) -> tuple[Fragment | None, str | None]:
    """Add a credit or body line ``pl`` to the ``fragments`` of a page read in order: a credit closes the
    fragment above it; a body line reads on in ``current`` when it surely continues its last line
    (``continuity.linked``) or the caller says it does (``reads_on``), else opens ``new([pl], opener,
    block)`` (``block``: the heading block the fragment is printed under, or None); a body line carrying a
    credit closes its fragment. Returns the ``(current, opener)`` to read the next line with."""
    if pl.role == "credit":
        if current is not None:
            current.credit.append(pl)
        elif fragments:
            fragments[-1].credit.append(pl)
        return None, "credit"
    if current is not None and (reads_on or linked(current.lines[-1].text, pl.text)):
        current.lines.append(pl)
    else:
        current = new([pl], opener, block)
        fragments.append(current)
    if pl.credit:
        current.credit.append(pl)
        return None, "credit"
    return current, None


def headline_text(pl: PageLine) -> str:
    """A heading line's text without a leading ``X:`` kicker."""
    match = KICKER.match(pl.text)
    return pl.text[match.end():].strip() if match else pl.text


def story_below(pl: PageLine, drafts: list[Draft], default: Draft) -> Draft:
    """The story of the first body line printed below ``pl`` (a section head belongs to the section
    under it, wherever the second pass put that), or ``default``."""
    below = [(min((x.number for x in d.lines if x.number > pl.number), default=math.inf), k)
             for k, d in enumerate(drafts)]
    number, k = min(below, default=(math.inf, -1))
    return drafts[k] if number < math.inf else default


def reading_order(draft: Draft) -> list[PageLine]:
    """The story's body lines and section heads in reading order.

    Page order, except that lines printed before the headline of a story whose headline stands above
    its body come last (a closing paragraph set above the headline), and that a line broken
    mid-sentence is followed by the line that surely completes it (a word of three or more
    characters across the break, ``continues``) when that is not the next one: column fragments are
    put back together. Such a line is never one that the line printed before it in the story could read
    on into (``continuity.could_continue``): in a narrow column most breaks form no word at all, and a
    line opening with a comma-like mark, which completes any line broken mid-sentence, was taken by the
    first such line of the story instead of the one printed right above it (docs/segmentation.md,
    "Reading order").
    """
    lines = sorted([*draft.lines, *draft.section_heads], key=lambda pl: pl.number)
    if draft.opened_by is not None and draft.opened_by.lines:
        top = min(pl.number for pl in draft.opened_by.lines)
        lines = [pl for pl in lines if pl.number > top] + [pl for pl in lines if pl.number < top]
    successor: dict[int, int] = {}
    starts: dict[str, list[int]] = {}  # body lines by their first character
    for k, q in enumerate(lines):
        head = line_head(q.text) if q.role not in HEADING_ROLES else ""
        if head:
            starts.setdefault(head[0], []).append(k)
    opened_mid = {k for c, ks in starts.items() if c in MID_SENTENCE_START for k in ks}
    read_into: dict[str, set[int]] = {}  # a word start: the lines whose first character can follow it
    # a line the line printed before it in the story could read on into (a comma-like mark or a dictionary word
    # across the break, ``could_continue``) is that line's: no line broken off elsewhere takes it
    kept = {i + 1 for i in range(len(lines) - 1)
            if lines[i].role not in HEADING_ROLES and not ends_sentence(lines[i].text)
            and could_continue(line_tail(lines[i].text)[1], line_head(lines[i + 1].text))}
    for i, pl in enumerate(lines):
        if pl.role in HEADING_ROLES or ends_sentence(pl.text):
            continue
        if i + 1 < len(lines) and continues(pl.text, lines[i + 1].text):
            continue
        left, stems = line_tail(pl.text)
        if not left:
            continue
        freq = word_frequencies()
        # only a line whose first character can follow one of this line's word starts can complete it
        for stem in stems:
            if stem not in read_into:
                read_into[stem] = {k for word in freq.keys() & set(map(stem.__add__, starts)) for k in starts[word[-1]]}
        near = opened_mid.union(*(read_into[stem] for stem in stems))
        offers = [(continues(pl.text, lines[k].text), -k, k) for k in near
                  if k != i and k not in successor.values() and k not in kept and linked(pl.text, lines[k].text)]
        word, _, k = max(offers, default=(0, 0, -1))
        if word >= 3:  # a sure continuation only: two-character joins happen by chance in columns
            successor[i] = k
    order: list[PageLine] = []
    done: set[int] = set()
    starts = [i for i in range(len(lines)) if i not in successor.values()] + list(range(len(lines)))
    for i in starts:
        while i is not None and i not in done:
            order.append(lines[i])
            done.add(i)
            i = successor.get(i)
    return order


def paragraphs_of(lines: list[PageLine]) -> list[tuple[str, str]]:
    """Body lines (in reading order) joined into ``(role, text)`` paragraphs: a line broken
    mid-sentence runs on into the story's next line, wherever the page prints it, and a line opening
    with a closing quotation mark (``layout.CLOSING_QUOTES``) joins the paragraph above; a section head
    stands alone (role ``section``; ``body`` otherwise). ASCII punctuation in Chinese context is set
    full-width (``clean.normalise_punctuation``, on the joined paragraph so that quotation marks pair
    across line breaks) and repeated passages are dropped (``clean.drop_repeated_passages``)."""
    paragraphs: list[list[str]] = []
    previous: PageLine | None = None
    for pl in lines:
        text = clean_line(pl.text)
        if not text:
            continue
        heading = pl.role in HEADING_ROLES
        # a line opening with a closing quotation mark closes the quotation of the line above, whose last
        # sentence ended inside it (``…新优势。`` / ``”``)
        joins = previous is not None and previous.role not in HEADING_ROLES and not heading \
            and (not ends_sentence(previous.text) or text[0] in CLOSING_QUOTES)
        if joins:
            paragraphs[-1][1] += text
        else:
            paragraphs.append(["section" if heading else "body", text])
        previous = pl
    kept = drop_repeated_passages([normalise_punctuation(text) for _, text in paragraphs], aligned=True)
    return [(role, text) for (role, _), text in zip(paragraphs, kept) if text]


def lead_title(paragraphs: list[str]) -> str:
    """A stand-in headline for a story printed without one: its first sentence (``clean.stand_in_title``)."""
    return stand_in_title(split_sentences(paragraphs[0])[0] if paragraphs else "")


def story_id(source: str, paragraphs: list[str], lines: tuple[int, ...] = ()) -> str:
    """A stable id for a story: a hash of its page file name and body text (12 hex digits); ``lines``
    (its page line numbers) are hashed too when given, to tell apart two stories printed alike."""
    key = os.path.basename(source) + "\n" + "\n".join(paragraphs)
    if lines:
        key += "\n" + ",".join(map(str, lines))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def windows(lines: list[PageLine]) -> list[list[PageLine]]:
    """``lines`` in consecutive windows of at most ``MAX_WINDOW_LINES``, each cut after the last
    credit it holds (or at the limit when it holds none)."""
    windows: list[list[PageLine]] = []
    rest = lines
    while len(rest) > MAX_WINDOW_LINES:
        cut = max((k + 1 for k, pl in enumerate(rest[:MAX_WINDOW_LINES]) if pl.role == "credit" or pl.credit),
                  default=MAX_WINDOW_LINES)
        windows.append(rest[:cut])
        rest = rest[cut:]
    return [*windows, rest]


def stories_of(page: Page, lines: list[PageLine], drafts: list[Draft],
               compose: Callable[[Draft], tuple[str | None, str | None, str | None]]) -> list[Story]:
    """The ``Story`` of every draft with a body, in the order their bodies start on the page. A draft
    has ``fragments`` (with ``lines`` and ``credit``), ``heading``, ``section_heads``, ``bylines`` and
    ``opened_by``; ``compose(draft) -> (title, deck, kicker)`` (the segmenter's own) reads its heading
    lines."""
    before = printed_before(lines)
    stories: list[Story] = []
    for draft in sorted((d for d in drafts if d.fragments), key=lambda d: min(pl.number for pl in d.lines)):
        order = reading_order(draft)
        parts = paragraphs_of(order)
        if not parts:
            continue
        paragraphs = [text for _, text in parts]
        title, subtitle, kicker = compose(draft)
        printed = title is not None
        credits = [pl for f in draft.fragments for pl in f.credit]
        bylines = [name for pl in draft.bylines for name in pl.credit]
        credited = [name for pl in sorted(credits, key=lambda pl: pl.number) for name in pl.credit]
        numbers = {pl.number for pl in [*draft.lines, *draft.heading, *draft.section_heads, *draft.bylines, *credits]}
        sid = story_id(page.path, paragraphs)
        if any(s.id == sid for s in stories):
            sid = story_id(page.path, paragraphs, tuple(sorted(numbers)))
        title = title if printed else lead_title(paragraphs)
        lead = split_sentences(paragraphs[0])
        stories.append(Story(
            id=sid,
            source=page.path,
            title=title,
            subtitle=subtitle,
            kicker=kicker,
            authors=tuple(dict.fromkeys([*bylines, *credited])),
            paragraph_roles=tuple(role for role, _ in parts),
            bylines=tuple(dict.fromkeys(bylines)),
            credits=tuple(dict.fromkeys(credited)),
            region=story_region(title, kicker, subtitle, lead[0] if lead else None),
            paragraphs=tuple(paragraphs),
            lines=tuple(sorted(numbers)),
            title_printed=printed,
            starts_under_heading=before.get(order[0].number) in
            {pl.number for pl in [*draft.heading, *draft.bylines]},
        ))
    return stories


def printed_before(lines: list[PageLine]) -> dict[int, int]:
    """For each line's number, the number of the line printed just before it, captions skipped (a
    photo caption set between a headline and its story does not part them)."""
    flow = [pl.number for pl in lines if pl.role != "caption"]
    return dict(zip(flow[1:], flow[:-1]))


def format_stories(stories: list[Story]) -> str:
    """The stories of one page as an editor checks them: one block per story with its page line
    numbers (as ranges), headline (``[lead]`` when the page prints none) and first sentence."""
    out = []
    for i, story in enumerate(stories, 1):
        mark = "" if story.title_printed else " [lead]"
        first = split_sentences(story.paragraphs[0])[0] if story.paragraphs else ""
        out.append(f"{i:>2}. lines {_ranges(story.lines)}\n    {story.title}{mark}\n    {first}")
    return "\n".join(out)


def _ranges(numbers: tuple[int, ...]) -> str:
    """``(3, 5, 7, 8, 9, 20)`` -> ``"3-9, 20"``: runs of lines two apart (blank lines between) merge."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n - runs[-1][-1] <= 2:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
