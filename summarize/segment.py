"""Split a page into stories: a scored assignment of column fragments to stories by sentence
continuity, lexical cohesion and layout, then headlines and kickers paired with the stories they
describe.

The page is read in order. Body lines are grouped into fragments (lines that read on mid-word into
each other); each fragment joins the story it continues best or opens a new one. A fragment's score
for a story adds sentence continuity (does the story's last line end mid-sentence, and does the
fragment's first line complete it), lexical cohesion (character bigrams the two share, weighted by
how rare they are on the page), recency, and column width. Headlines, bylines and credits are
evidence of a story boundary, not the boundary itself: a headline printed away from its story, a
headline block of several stories, or a section head inside a story all fall out of the same
scores. A second pass moves fragments to a story they are clearly closer to (a closing paragraph
printed before its own headline), and a last pass pairs every headline and ``X:`` kicker with the
story whose text it names.
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import jieba

from summarize.clean import SENTENCE_END, clean_line, compact, drop_repeated_passages, ends_sentence, split_sentences
from summarize.layout import (DECK, KICKER, PageLine, classify_lines, credit_names, is_byline, is_caption,
                              is_headline_shape, split_names)
from summarize.models import Page, Story

__all__ = ["continues", "credit_names", "format_stories", "is_byline", "is_caption", "is_headline_shape",
           "segment_page", "split_names", "story_id"]

jieba.setLogLevel(logging.WARNING)

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_MID_SENTENCE_START = "，,、。；;：:！!？?）)」』】…"
_QUOTE_OPEN = "“「『\"'"
MID_PUNCT_CONTINUES = 9
#: Characters either side of a line break that ``continues`` hands to the word segmenter.
_JOIN_WINDOW = 6

# Weights of the fragment-to-story score (dimensionless; a new story scores its opener's weight).
W_CONTINUES = 4.0       # the fragment's first word completes the story's last line (3+ characters)
W_CONTINUES_SHORT = 2.5  # ... with a two-character word, which a chance join forms more often
W_MID_PUNCT = 3.0       # the fragment opens with a comma or the like after a line ending mid-sentence
W_ORDINARY = 0.5        # plain reading on: a new paragraph, or a break the segmenter cannot judge
W_QUOTE_AFTER_MID = -1.0  # an opening quote right after a line broken mid-sentence
W_COHESION = 10.0       # times the cosine of the fragment's and the story's bigram vectors
W_RECENT = 1.5          # the story the previous fragment went to, with nothing printed in between
W_CLOSED = -1.5         # the story's credit was already printed
W_WIDTH = -3.0          # a narrow-column fragment offered to a full-width story, or the reverse
OPEN_AFTER = {"start": 9.0, "byline": 9.0, "heading": 2.0, "credit": 2.0, None: 0.0}
#: Cohesion a headline needs with a story it is not printed next to.
STRAY_HEADLINE_COHESION = 0.35
#: Cohesion margin that moves a fragment to another story in the second pass, and the least it needs.
MOVE_MARGIN = 0.04
MOVE_COHESION = 0.06
#: Fragments shorter than this (characters) are too short for the second pass to judge.
MOVE_MIN_CHARS = 40
#: Cohesion of a heading's section with the open story before it that makes the heading a section
#: head: after a finished sentence, and after a line broken mid-sentence (a column jump).
SECTION_COHESION = 0.03
SECTION_COHESION_MID = 0.06
#: ... and when the section ends with a credit though the story opened with a byline.
SECTION_COHESION_CREDIT = 0.08
#: Cohesion that joins a credited, untitled story to the titled story it closes.
CLOSING_COHESION = 0.07
#: An untitled story shorter than this (characters) is a stray piece of another story.
MIN_STORY_CHARS = 60
NARROW_CHARS = 20
WIDE_CHARS = 40


def continues(a: str, b: str) -> int:
    """How surely line text ``b`` reads on from line text ``a`` in the middle of a sentence: 0 when
    ``a`` ends a sentence or nothing shows it; otherwise the length in characters of the word the
    segmenter (jieba's dictionary) puts across the break (``垃圾`` / ``桶内`` -> ``垃圾桶``, 3), or
    ``MID_PUNCT_CONTINUES`` when ``b`` opens with a comma-like mark. Usable as a truth value."""
    a, b = compact(a), compact(b)
    if not a or not b or ends_sentence(a):
        return 0
    if b[0] in _MID_SENTENCE_START:
        return MID_PUNCT_CONTINUES
    left, right = a[-_JOIN_WINDOW:], b[:_JOIN_WINDOW]
    pos = 0
    for word in jieba.cut(left + right, HMM=False):
        if pos < len(left) < pos + len(word):
            return len(word)
        pos += len(word)
    return 0


def _bigrams(text: str) -> set[str]:
    return {run[i:i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)}


class _Cohesion:
    """Lexical cohesion on one page: cosine similarity of character-bigram vectors weighted by
    log term frequency and inverse line frequency (Salton & Buckley 1988), so shared names of places,
    organisations and programmes count and words every story uses barely do."""

    def __init__(self, texts: list[str]):
        df = Counter(b for t in texts for b in _bigrams(t))
        n = max(1, len(texts))
        self.idf = {b: math.log((1 + n) / (1 + c)) for b, c in df.items()}
        self.default_idf = math.log(1 + n)

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(run[i:i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1))
        return {b: (1 + math.log(c)) * self.idf.get(b, self.default_idf) for b, c in counts.items()}

    def share(self, short: str, text: str) -> float:
        """Share (0-1) of ``short``'s bigram weight found in ``text``: how much of a headline or
        kicker a story's text names."""
        grams = _bigrams(short)
        total = sum(self.idf.get(g, self.default_idf) for g in grams)
        found = sum(self.idf.get(g, self.default_idf) for g in grams & _bigrams(text))
        return found / total if total else 0.0

    def similarity(self, a: str, b: str) -> float:
        """Cosine (0-1) of the two texts' bigram vectors; 0 when either has no Chinese text."""
        va, vb = self.vector(a), self.vector(b)
        dot = sum(w * vb.get(g, 0.0) for g, w in va.items())
        norm = math.sqrt(sum(w * w for w in va.values())) * math.sqrt(sum(w * w for w in vb.values()))
        return dot / norm if norm else 0.0


@dataclass
class _Block:
    """Heading lines printed together (headlines, kickers, decks, section heads) and bylines under them."""

    lines: list[PageLine] = field(default_factory=list)
    bylines: list[PageLine] = field(default_factory=list)
    opened: _Draft | None = None
    host: _Draft | None = None


@dataclass
class _Fragment:
    """Body lines that read on into each other; ``opener`` is what was printed just before it."""

    lines: list[PageLine]
    opener: str | None
    block: _Block | None = None
    credit: list[PageLine] = field(default_factory=list)
    #: For a fragment under a heading: the heading and everything printed under it up to the next
    #: heading, byline or credit, the text that judges whether the heading opens a story.
    section: str = ""
    section_credit: bool = False

    @property
    def text(self) -> str:
        return "".join(compact(pl.text) for pl in self.lines)


@dataclass(eq=False)
class _Draft:
    """A story being assembled."""

    fragments: list[_Fragment] = field(default_factory=list)
    heading: list[PageLine] = field(default_factory=list)
    kicker_lines: list[str] = field(default_factory=list)
    section_heads: list[PageLine] = field(default_factory=list)
    bylines: list[PageLine] = field(default_factory=list)
    opened_by: _Block | None = None

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
        return any(f.credit for f in self.fragments)


def _width(lines: list[PageLine], least: int = 2) -> str | None:
    """``narrow`` for a narrow column (at least ``least`` short lines broken mid-sentence), ``wide`` for
    full-width lines, None when the lines do not tell."""
    narrow = sum(1 for pl in lines if len(compact(pl.text)) <= NARROW_CHARS and not ends_sentence(pl.text))
    wide = sum(1 for pl in lines if len(compact(pl.text)) >= WIDE_CHARS)
    if narrow >= least and narrow > wide:
        return "narrow"
    if wide >= 1 and wide > narrow:
        return "wide"
    return None


def _reads_on(last: PageLine, first: PageLine) -> float:
    """Sentence-continuity score of ``first`` following ``last`` in one story."""
    a, b = compact(last.text), compact(first.text)
    if not a or not b:
        return 0.0
    if ends_sentence(a) or last.role == "heading":
        return -W_MID_PUNCT if b[0] in _MID_SENTENCE_START else W_ORDINARY
    word = continues(a, b)
    if word:
        if word == MID_PUNCT_CONTINUES:
            return W_MID_PUNCT
        return W_CONTINUES if word >= 3 else W_CONTINUES_SHORT
    if b[0] in _QUOTE_OPEN and a[-1] not in ":：":
        return W_QUOTE_AFTER_MID
    return W_ORDINARY


def _fragments(lines: list[PageLine]) -> tuple[list[_Fragment], list[_Block]]:
    """Group body lines into fragments and heading lines into blocks, in page order."""
    fragments: list[_Fragment] = []
    blocks: list[_Block] = []
    opener: str | None = "start"
    block: _Block | None = None
    current: _Fragment | None = None
    for pl in lines:
        if pl.role == "caption":
            continue
        if pl.role == "heading":
            if block is None or opener != "heading":
                block = _Block()
                blocks.append(block)
            block.lines.append(pl)
            opener, current = "heading", None
        elif pl.role == "byline":
            if opener == "heading" and block is not None:
                block.bylines.append(pl)
            else:
                block = _Block(bylines=[pl])
                blocks.append(block)
            opener, current = "byline", None
        elif pl.role == "credit":
            if current is not None:
                current.credit.append(pl)
            elif fragments:
                fragments[-1].credit.append(pl)
            opener, current = "credit", None
        else:
            if current is not None and continues(current.lines[-1].text, pl.text):
                current.lines.append(pl)
            else:
                current = _Fragment([pl], opener, block if opener in ("heading", "byline") else None)
                fragments.append(current)
            opener = None
            if pl.credit:
                current.credit.append(pl)
                opener, current = "credit", None
    for k, fragment in enumerate(fragments):
        if fragment.opener == "heading" and fragment.block is not None:
            section = [fragment]
            for later in fragments[k + 1:]:
                if later.opener is not None:
                    break
                section.append(later)
                if later.credit:
                    break
            fragment.section_credit = any(f.credit for f in section)
            fragment.section = "".join(pl.text for pl in fragment.block.lines) + "".join(f.text for f in section)
    return fragments, blocks


def _score(draft: _Draft, fragment: _Fragment, recent: bool, cohesion: _Cohesion) -> float:
    last = max((pl for f in draft.fragments for pl in f.lines), key=lambda pl: pl.number)
    reads_on = _reads_on(last, fragment.lines[0])
    if fragment.credit and draft.bylines_seen and reads_on < W_MID_PUNCT:
        return -math.inf  # a story carries a byline or a credit, seldom both
    score = reads_on + W_COHESION * cohesion.similarity(fragment.section or fragment.text, draft.text)
    if recent and fragment.opener is None:
        score += W_RECENT
    if draft.closed and reads_on < W_MID_PUNCT:
        score += W_CLOSED
    mine, theirs = _width(fragment.lines, least=1), _width(draft.lines)
    if mine and theirs and mine != theirs:
        score += W_WIDTH
    return score


def _assign(fragments: list[_Fragment], cohesion: _Cohesion) -> list[_Draft]:
    """First pass: each fragment, in page order, joins the best-scoring story or opens a new one."""
    drafts: list[_Draft] = []
    recent: _Draft | None = None
    for fragment in fragments:
        best, best_score = None, OPEN_AFTER[fragment.opener]
        if fragment.opener == "heading" and recent is not None and not recent.closed:
            if _inside(recent, fragment, cohesion):
                best, best_score = recent, math.inf
        if fragment.opener not in ("start", "byline", "heading"):
            for draft in drafts:
                score = _score(draft, fragment, draft is recent, cohesion)
                if score > best_score:
                    best, best_score = draft, score
        if best is None:
            best = _Draft()
            drafts.append(best)
            if fragment.block is not None and fragment.block.opened is None:
                fragment.block.opened, best.opened_by = best, fragment.block
        elif fragment.block is not None and fragment.block.host is None:
            fragment.block.host = best
        best.fragments.append(fragment)
        recent = best
    return drafts


def _inside(draft: _Draft, fragment: _Fragment, cohesion: _Cohesion) -> bool:
    """Whether a heading and the fragment under it sit inside ``draft``, the open story printed just
    before: the fragment completes a word the story broke off (a headline printed mid-sentence), or
    the section under the heading shares enough words with the story (a section head)."""
    last = max((pl for f in draft.fragments for pl in f.lines), key=lambda pl: pl.number)
    if continues(last.text, fragment.lines[0].text):
        return True
    block = fragment.block
    if block is not None and (block.bylines or len(block.lines) > 1 and any(
            DECK.match(pl.text) or KICKER.match(pl.text) for pl in block.lines)):
        return False  # a section head is one plain line: a kicker, deck or byline marks a headline
    similarity = cohesion.similarity(fragment.section or fragment.text, draft.text)
    if fragment.section_credit and draft.bylines_seen and similarity < SECTION_COHESION_CREDIT:
        return False  # a story carries a byline or a credit, seldom both
    return similarity >= (SECTION_COHESION if ends_sentence(last.text) else SECTION_COHESION_MID)


def _refine(drafts: list[_Draft], cohesion: _Cohesion, max_moves: int = 50) -> None:
    """Second pass: move fragments to a story whose text they share clearly more with (by
    ``MOVE_MARGIN``), best move first, one at a time so each move sees the previous ones. A story's
    opening fragment, a fragment that reads on mid-word from its neighbour in the story, and one
    shorter than ``MOVE_MIN_CHARS`` stay put."""
    for _ in range(max_moves):
        best: tuple[float, _Fragment, _Draft, _Draft] | None = None
        for draft in drafts:
            for k, fragment in enumerate(draft.fragments):
                if k == 0 or len(fragment.text) < MOVE_MIN_CHARS:
                    continue
                if continues(draft.fragments[k - 1].lines[-1].text, fragment.lines[0].text):
                    continue
                here = cohesion.similarity(fragment.text, "".join(f.text for f in draft.fragments if f is not fragment))
                for other in drafts:
                    if other is draft:
                        continue
                    there = cohesion.similarity(fragment.text, other.text)
                    gain = there - here
                    if gain > MOVE_MARGIN and there >= MOVE_COHESION and (best is None or gain > best[0]):
                        best = (gain, fragment, draft, other)
        if best is None:
            return
        _, fragment, source, target = best
        source.fragments.remove(fragment)
        target.fragments.append(fragment)
        target.fragments.sort(key=lambda f: f.lines[0].number)


def _merge_closings(drafts: list[_Draft], cohesion: _Cohesion) -> list[_Draft]:
    """An untitled story that ends with a credit is the closing part of a titled story printed apart
    from it (set above its headline, or in the next column) when that story has neither credit nor
    byline and shares at least ``CLOSING_COHESION`` with it: it joins the closest such story."""
    for draft in list(drafts):
        if draft.opened_by is not None or not draft.closed:
            continue
        hosts = [(cohesion.similarity(draft.text, d.text), k) for k, d in enumerate(drafts)
                 if d.opened_by is not None and not d.closed and not d.bylines_seen]
        best, k = max(hosts, default=(0.0, -1))
        if best >= CLOSING_COHESION:
            drafts[k].fragments.extend(draft.fragments)
            drafts[k].fragments.sort(key=lambda f: f.lines[0].number)
            drafts.remove(draft)
    return drafts


def _merge_scraps(drafts: list[_Draft], cohesion: _Cohesion) -> list[_Draft]:
    """An untitled story shorter than ``MIN_STORY_CHARS`` with no credit is a scrap of another story:
    it joins the story it shares most with."""
    for draft in list(drafts):
        if draft.opened_by is not None or len(draft.text) >= MIN_STORY_CHARS or len(drafts) < 2:
            continue
        others = [d for d in drafts if d is not draft]
        target = max(others, key=lambda d: cohesion.similarity(draft.text, d.text))
        target.fragments.extend(draft.fragments)
        target.fragments.sort(key=lambda f: f.lines[0].number)
        drafts.remove(draft)
    return drafts


def _headline_text(pl: PageLine) -> str:
    """A heading line's text without a leading ``X:`` kicker."""
    match = KICKER.match(pl.text)
    return pl.text[match.end():].strip() if match else pl.text


def _assign_headings(drafts: list[_Draft], blocks: list[_Block], cohesion: _Cohesion) -> None:
    """Give every heading line a story: the story its block opened, an untitled story whose text it
    names (a stray headline), or, as a section head, the story it is printed inside."""
    stray: dict[int, tuple[float, PageLine]] = {}
    for block in blocks:
        for pl in block.lines:
            home = block.opened or block.host
            if DECK.match(pl.text) or (KICKER.match(pl.text) and not _headline_text(pl)):
                if home is not None:
                    home.heading.append(pl)
                continue
            here = cohesion.share(_headline_text(pl), home.text) if home is not None else 0.0
            candidates = [(cohesion.share(_headline_text(pl), d.text), k) for k, d in enumerate(drafts)
                          if d is not home and d.opened_by is None]
            best, k = max(candidates, default=(0.0, -1))
            single = block.opened is not None and len([x for x in block.lines if not DECK.match(x.text)]) == 1
            if k >= 0 and not single and best >= STRAY_HEADLINE_COHESION and best > here + 0.1 \
                    and best > stray.get(k, (0.0, None))[0]:
                if k in stray:
                    _place_heading(stray[k][1], block, drafts)
                stray[k] = (best, pl)
            else:
                _place_heading(pl, block, drafts)
    for k, (_, pl) in stray.items():
        drafts[k].heading.append(pl)
    for block in blocks:
        home = block.opened or block.host
        if home is not None:
            home.bylines.extend(block.bylines)


def _place_heading(pl: PageLine, block: _Block, drafts: list[_Draft]) -> None:
    if block.opened is not None:
        block.opened.heading.append(pl)
    elif block.host is not None:
        block.host.section_heads.append(pl)


def _reassign_kickers(drafts: list[_Draft], cohesion: _Cohesion) -> None:
    """Pair ``X:`` kickers with headlines: each titled story takes at most one, the one whose place
    or organisation its text names most (a kicker is often printed beside another story's headline)."""
    offers: list[tuple[float, int, int, str]] = []
    kickers: list[tuple[str, _Draft]] = []
    for draft in drafts:
        for pl in draft.heading:
            match = KICKER.match(pl.text)
            if match and draft.heading:
                kickers.append((match.group(1), draft))
    titled = [d for d in drafts if any(not DECK.match(pl.text) and _headline_text(pl) for pl in d.heading)]
    for i, (name, home) in enumerate(kickers):
        for j, draft in enumerate(titled):
            score = cohesion.share(name, draft.text) + (0.2 if draft is home else 0.0)
            offers.append((score, i, j, name))
    taken_k: set[int] = set()
    taken_d: set[int] = set()
    for score, i, j, name in sorted(offers, reverse=True):
        if i in taken_k or j in taken_d or score <= 0:
            continue
        taken_k.add(i)
        taken_d.add(j)
        titled[j].kicker_lines.append(name)
    for i, (name, home) in enumerate(kickers):
        if i not in taken_k:
            home.kicker_lines.append(name)


def _compose_heading(draft: _Draft) -> tuple[str | None, str | None, str | None]:
    """``(title, subtitle, kicker)`` of a story from its heading lines.

    A line opening with a dash or middle dot is a deck; ``X:`` kickers were paired by
    ``_reassign_kickers`` and are joined to the headline as printed (``湘潭市:规范直销…``); of the other
    lines the longest is the headline, shorter ones above it are kickers and below it decks.
    """
    lines = sorted(draft.heading, key=lambda pl: pl.number)
    decks = [pl.text for pl in lines if DECK.match(pl.text)]
    rest = [_headline_text(pl) for pl in lines if not DECK.match(pl.text)]
    rest = [t for t in rest if t]
    if not rest:
        return None, (" ".join(d.lstrip("—-·－ ") for d in decks) or None), None
    k = max(range(len(rest)), key=lambda i: len(compact(rest[i])))
    title = rest[k]
    if draft.kicker_lines:
        title = f"{draft.kicker_lines[0]}:{title}"
    kicker = " ".join(rest[:k]) or None
    subtitle = " ".join([*rest[k + 1:], *(d.lstrip("—-·－ ") for d in decks)]) or None
    return title, subtitle, kicker


def _reading_order(draft: _Draft) -> list[PageLine]:
    """The story's body lines and section heads in reading order: page order, except that fragments
    printed before the headline of a story that has one printed above its body come last (a closing
    paragraph set above the headline)."""
    lines = sorted([*draft.lines, *draft.section_heads], key=lambda pl: pl.number)
    if draft.opened_by is None or not draft.opened_by.lines:
        return lines
    top = min(pl.number for pl in draft.opened_by.lines)
    return [pl for pl in lines if pl.number > top] + [pl for pl in lines if pl.number < top]


def _paragraphs(lines: list[PageLine]) -> list[str]:
    """Body lines joined into paragraphs: a line broken mid-sentence runs on into the next one."""
    paragraphs: list[str] = []
    open_sentence = False
    for pl in lines:
        text = clean_line(pl.text)
        if not text:
            continue
        if pl.role == "heading":
            paragraphs.append(text)
            open_sentence = False
            continue
        if open_sentence and paragraphs:
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        open_sentence = not ends_sentence(text)
    return drop_repeated_passages(paragraphs)


def _lead_title(paragraphs: list[str], max_chars: int = 24) -> str:
    """A stand-in headline for a story printed without one: its first sentence, cut to ``max_chars``."""
    first = split_sentences(paragraphs[0])[0] if paragraphs else ""
    first = first.rstrip(SENTENCE_END + "，,")
    return first if len(first) <= max_chars else first[:max_chars] + "…"


def story_id(source: str, paragraphs: list[str]) -> str:
    """A stable id for a story: a hash of its page file name and body text (12 hex digits)."""
    key = os.path.basename(source) + "\n" + "\n".join(paragraphs)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def segment_page(page: Page) -> list[Story]:
    """Split one page into its stories, in the order their bodies start on the page.

    Returns a list of ``Story`` (possibly empty). Every story has a body; one printed without a headline
    gets its lead as ``title`` and ``title_printed=False``. ``lines`` are the 1-based page lines the
    story was assembled from (headline, byline, body, credit). Never raises on odd text: a line that
    fits no other role is body text. Method: see the module docstring.
    """
    lines = classify_lines(page.text, continues)
    fragments, blocks = _fragments(lines)
    cohesion = _Cohesion([pl.text for pl in lines if pl.role in ("body", "heading")])
    drafts = _merge_closings(_assign(fragments, cohesion), cohesion)
    _refine(drafts, cohesion)
    drafts = _merge_scraps([d for d in drafts if d.fragments], cohesion)
    _assign_headings(drafts, blocks, cohesion)
    _reassign_kickers(drafts, cohesion)

    stories = []
    for draft in sorted(drafts, key=lambda d: min(pl.number for pl in d.lines)):
        paragraphs = _paragraphs(_reading_order(draft))
        if not paragraphs:
            continue
        title, subtitle, kicker = _compose_heading(draft)
        printed = title is not None
        credits = [pl for f in draft.fragments for pl in f.credit]
        authors = [name for pl in [*draft.bylines, *sorted(credits, key=lambda pl: pl.number)] for name in pl.credit]
        numbers = {pl.number for pl in [*draft.lines, *draft.heading, *draft.section_heads, *draft.bylines, *credits]}
        stories.append(Story(
            id=story_id(page.path, paragraphs),
            source=page.path,
            title=title if printed else _lead_title(paragraphs),
            subtitle=subtitle,
            kicker=kicker,
            authors=tuple(dict.fromkeys(authors)),
            paragraphs=tuple(paragraphs),
            lines=tuple(sorted(numbers)),
            title_printed=printed,
        ))
    return stories


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
