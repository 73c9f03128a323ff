"""Split a page into stories with a cascade of small fitted models (GROBID's shape: one model per
decision, each fitted on labelled pages, weights in ``segment_model.json``; ``make fit`` re-fits them
on synthetic pages made from real articles).

1. **Line roles** (``layout.classify_lines``): a multinomial logistic model gives every line one of
   headline, kicker, deck, section head, byline, credit, caption, noise (page furniture) or body,
   from the shape of the line and of its neighbours.
2. **Fragments**: body lines that surely read on into each other (a word of three or more characters
   across the break, by jieba's dictionary, or a comma opening the next line) form a fragment;
   headings and bylines printed together form a block; a credit closes the fragment above it.
3. **Stories** (the ``link`` model): each fragment, in page order, joins one of the stories begun so
   far or opens a new one, whichever scores best under a conditional logit (McFadden 1974) over
   features of the pair: sentence continuity with the story's last line, lexical cohesion (cosine of
   character-bigram vectors weighted by inverse line frequency), recency, column width, what was
   printed in between (heading block, byline, credit). A heading block whose fragment joins an open
   story is a section head of it.
4. **Headlines** (the ``headline`` model): a logistic model scores every (headline, story) pair from
   the share of the headline's words the story names and where the two are printed; one optimal
   assignment (``scipy.optimize.linear_sum_assignment``, Kuhn-Munkres) gives each story at most one
   headline (the model's intercept is fitted for this assignment). A headline printed over two lines:
   the ``headline_cont`` model says whether the heading line next to the one assigned is the rest of
   it. Kickers and decks follow the headline of their block; ``X:`` kickers are joined to it.
5. Each story's lines are put in reading order (a fragment follows the line it surely completes),
   joined into paragraphs with their roles (body or section head), and repeated passages dropped.

No rule keys on the text of a particular page; every weight is fitted (``tools/fit_segmenter.py``),
and the few constants left are structural (each says why). Line breaks are read by
``continuity.continues``; reading order, paragraphs and the ``Story`` records are ``stories``'s.
"""
from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from summarize.clean import compact, ends_sentence
from summarize.cohesion import Cohesion
from summarize.continuity import (MID_PUNCT_CONTINUES, MID_SENTENCE_START, continues, line_head, line_tail,
                                  starts_word, word_across, word_frequencies)
from summarize.layout import DATELINE, HEADING_ROLES, KICKER, PageLine
from summarize.linear import load_models
from summarize.models import Page, Story
from summarize.roles import classify_lines
from summarize.stories import Block, Draft, Fragment, add_body_line, headline_text, stories_of, story_below, windows

__all__ = ["assign_fragments", "assign_headlines", "continuation_features", "headline_assignment", "headline_features",
           "headline_rows", "link_features",
           "new_features", "prepare", "segment_page"]

_QUOTE_OPEN = "“「『\"'"
#: Lines of at most / at least this many characters are a narrow column / full width: the seeds' and
#: People's Daily's narrow columns hold 13-20 characters a line, full-width paragraphs run far longer.
NARROW_CHARS = 20
WIDE_CHARS = 40


@dataclass(eq=False)
class _Block(Block):
    """A heading block (``stories.Block``) whose lines' roles can be asked."""

    def has(self, role: str) -> bool:
        return any(pl.role == role for pl in self.lines)


@dataclass(eq=False)
class _Fragment(Fragment):
    """A fragment (``stories.Fragment``; ``opener`` is ``start``, ``block`` for a heading block, ``byline``,
    ``credit`` or None) with what the models read of it."""

    #: The fragment and the ones after it up to the next opener: the text that judges a heading.
    section: list["_Fragment"] = field(default_factory=list)

    @functools.cached_property
    def text(self) -> str:
        """The fragment's text, compacted (read once its lines are complete)."""
        return "".join(compact(pl.text) for pl in self.lines)

    @functools.cached_property
    def width(self) -> str | None:
        """``narrow`` or ``wide`` by its lines (``_width_counts``), None when undecided."""
        return _width_of(*_width_counts(self.lines))

    @functools.cached_property
    def traits(self) -> tuple[str, float, float, int, bool, str, str]:
        """What the link model reads of the fragment alone, whatever the story: ``_opener_kind``, the
        ``_block_probs`` (section head, headline), its length in characters, whether it opens with a
        dateline, the first character of its first line and that line compacted (read once its lines
        are complete)."""
        psec, phead = _block_probs(self)
        return (_opener_kind(self), psec, phead, len(self.text), _opens_with_dateline(self),
                line_head(self.lines[0].text)[:1], compact(self.lines[0].text))

    #: Numbers of the fragments' last lines broken mid-sentence that this one's first line surely completes.
    completes: set[int] = field(default_factory=set)
    #: Bigram counts of the fragment (vocabulary indices, counts) and the non-zero entries of the unit
    #: vectors of the fragment and of its section (``Cohesion.unit_rows``), set per window.
    counts: tuple[np.ndarray, np.ndarray] | None = None
    unit: tuple[np.ndarray, np.ndarray] | None = None
    section_unit: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(eq=False)
class _Draft(Draft):
    """A story being assembled (``stories.Draft``), with the running sums the models read."""

    counts: np.ndarray | None = None
    #: The story's last line in page order; its lines broken mid-sentence (not the last); its count of
    #: narrow-column and full-width lines (see ``_width_counts``).
    last: PageLine | None = None
    unfinished: list[PageLine] = field(default_factory=list)
    narrow: int = 0
    wide: int = 0
    #: Characters of the story's fragments, and how many of them a credit closes.
    chars: int = 0
    credits: int = 0
    #: The last character of the line ending (``continuity.line_tail``) of each line in ``unfinished``.
    unfinished_tails: set[str] = field(default_factory=set)
    #: ``last``'s text compacted and the last character of its line ending (``continuity.line_tail``).
    last_text: str = ""
    last_tail: str = ""

    def add(self, fragment: _Fragment, size: int) -> None:
        """Add ``fragment`` (``size``: the page's bigram vocabulary, the length of ``counts``)."""
        self.fragments.append(fragment)
        if self.counts is None:
            self.counts = np.zeros(size)
        at, n = fragment.counts
        self.counts[at] += n
        self.chars += len(fragment.text)
        self.credits += bool(fragment.credit)
        end = fragment.lines[-1]
        if self.last is None or end.number > self.last.number:
            if self.last is not None and not ends_sentence(self.last.text):
                self._unfinished(self.last)
            self.last = end
            self.last_text, self.last_tail = compact(end.text), line_tail(end.text)[0][-1:]
        elif not ends_sentence(end.text):
            self._unfinished(end)
        n, w = _width_counts(fragment.lines)
        self.narrow += n
        self.wide += w

    def _unfinished(self, pl: PageLine) -> None:
        self.unfinished.append(pl)
        self.unfinished_tails.add(line_tail(pl.text)[0][-1:])

    @property
    def closed(self) -> bool:
        """Whether a credit closes one of the story's fragments (counted as fragments are added)."""
        return self.credits > 0


def _width_counts(lines: list[PageLine]) -> tuple[int, int]:
    """Lines of a narrow column (short, broken mid-sentence) and full-width lines among ``lines``."""
    narrow = wide = 0
    for pl in lines:
        n = len(pl.text)
        if n <= NARROW_CHARS and not ends_sentence(pl.text):
            narrow += 1
        elif n >= WIDE_CHARS:
            wide += 1
    return narrow, wide


def _width_of(narrow: int, wide: int) -> str | None:
    if narrow > wide:
        return "narrow"
    if wide > narrow:
        return "wide"
    return None


def _fragments(lines: list[PageLine]) -> tuple[list[_Fragment], list[_Block]]:
    """Group body lines into fragments and heading lines and bylines into blocks, in page order;
    captions and page furniture are skipped (a caption set inside a sentence does not break it)."""
    fragments: list[_Fragment] = []
    blocks: list[_Block] = []
    opener: str | None = "start"
    block: _Block | None = None
    current: _Fragment | None = None
    for pl in lines:
        if pl.role in ("caption", "noise"):
            continue
        if pl.role in HEADING_ROLES:
            if block is None or opener != "block" or block.bylines:
                block = _Block()
                blocks.append(block)
            block.lines.append(pl)
            opener, current = "block", None
        elif pl.role == "byline":
            if opener in ("block", "byline") and block is not None:
                block.bylines.append(pl)
            else:
                block = _Block(bylines=[pl])
                blocks.append(block)
                opener = "byline"
            current = None
        else:
            current, opener = add_body_line(pl, fragments, current, opener,
                                            block if opener in ("block", "byline") else None, _Fragment)
    for k, fragment in enumerate(fragments):
        section = [fragment]
        for later in fragments[k + 1:]:
            if later.opener is not None:
                break
            section.append(later)
            if later.credit:
                break
        fragment.section = section
    return fragments, blocks


def _continuity(last: PageLine, a: str, b: str) -> str:
    """How a line follows ``last`` in one story (``a``, ``b``: the two lines' texts compacted): ``end``
    (a finished sentence, then a new one), ``end_mid`` (finished, yet the line opens with a comma),
    ``word3`` / ``word2`` (a word of 3+ / 2 characters across the break), ``mid`` (the line opens with a
    comma after an unfinished one), ``quote`` (an opening quote after an unfinished line) or ``cut``
    (unfinished, nothing reads on)."""
    if not a or not b or last.role in HEADING_ROLES:
        return "end"
    if ends_sentence(a):
        return "end_mid" if b[0] in MID_SENTENCE_START else "end"
    word = continues(a, b)
    if word == MID_PUNCT_CONTINUES:
        return "mid"
    if word >= 3:
        return "word3"
    if word == 2:
        return "word2"
    if b[0] in _QUOTE_OPEN and a[-1] not in ":：":
        return "quote"
    return "cut"


class _Completions:
    """The lines broken mid-sentence of a run of page lines, indexed by how a word across a line break
    can start in them (``continuity.line_tail``), so that the lines a fragment's first line surely completes
    (``continuity.linked``) are found by testing each distinct word start once, not every line."""

    def __init__(self, lines: list[PageLine]):
        self.open: list[PageLine] = []
        #: For each word start, the lines that end with it: their numbers and line endings (``line_tail``).
        self.by_stem: dict[str, list[tuple[int, str]]] = {}
        self.after: dict[str, list[tuple[str, list[tuple[int, str]]]]] = {}
        for pl in lines:
            if pl.role != "body":
                continue
            left, stems = line_tail(pl.text)
            if left:
                self.open.append(pl)
                for stem in stems:
                    self.by_stem.setdefault(stem, []).append((pl.number, left))

    def completed_by(self, first: PageLine) -> set[int]:
        """Numbers of the lines that ``first`` surely completes (``linked``: a word of three or more
        characters that starts in one of the line's word starts and runs on into ``first``)."""
        right = line_head(first.text)
        if not right:
            return set()
        if right[0] in MID_SENTENCE_START:
            return {pl.number for pl in self.open}
        freq = word_frequencies()
        starts = self.after.get(right[0])
        if starts is None:  # the word starts a line can end with that read on into this character
            starts = self.after[right[0]] = [(stem, ends) for stem, ends in self.by_stem.items()
                                             if stem + right[0] in freq]
        found: set[int] = set()
        for stem, ends in starts:
            if starts_word(freq, stem, right, 3):
                found.update(number for number, left in ends if word_across(left, right) >= 3)
        return found


def _dangling_link(draft: _Draft, completed: set[int]) -> bool:
    """Whether a line where ``draft`` breaks off mid-sentence (other than its last) is surely
    completed by the fragment (``completed``: the numbers of the lines its first line completes): a
    story interrupted by another and resumed."""
    return bool(completed) and any(end.number in completed for end in draft.unfinished)


def _opener_kind(fragment: _Fragment) -> str:
    """What was printed just before the fragment: ``headline``, ``kicker`` (a kicker or deck block),
    ``section`` (a block of section heads), else its ``opener``."""
    if fragment.opener == "block" and fragment.block is not None:
        block = fragment.block
        if block.has("headline"):
            return "headline"
        if block.has("kicker") or block.has("deck"):
            return "kicker"
        return "section"
    return fragment.opener or "none"


#: The link features' names for each answer of ``_continuity``: alone, and with recency, a closed story
#: and a bigram printed across the break.
_CONT_NAMES = {cont: (f"s:cont={cont}", f"s:recent*cont={cont}", f"s:closed*cont={cont}",
                      f"s:page_bigram*cont={cont}")
               for cont in ("end", "end_mid", "word3", "word2", "mid", "quote", "cut")}


def link_features(draft: _Draft, fragment: _Fragment, *, recent: bool, gap: int, cos: float,
                  sec: float, completed: set[int] = frozenset(), bigrams=frozenset()) -> dict[str, float]:
    """Features of "``fragment`` continues ``draft``" for the link model: continuity with the story's
    last line, cohesion (``cos``: cosine of the fragment's and the story's bigram vectors; ``sec``: of
    the fragment's section's), recency, width, what opened the fragment (``completed``: the lines its
    first line surely completes, ``_Completions``). Values are flags or cosines."""
    opener, psec, phead, chars, dateline, b, first = fragment.traits
    cont = _continuity(draft.last, draft.last_text, first)
    names = _CONT_NAMES[cont]
    x: dict[str, float] = {"s:bias": 1.0, names[0]: 1.0, "s:cos": cos, "s:sec_cos": sec,
                           "s:psec": psec, "s:psec*sec": psec * sec, "s:phead": phead, "s:phead*sec": phead * sec,
                           "s:sqrt_cos": math.sqrt(cos), f"s:open={opener}": 1.0,
                           f"s:open={opener}*sec": sec, "s:gap": math.log1p(gap)}
    if recent:
        x["s:recent"] = 1.0
        x[names[1]] = 1.0
        x[f"s:recent*open={opener}"] = 1.0
    if _dangling_link(draft, completed):
        x["s:dangling"] = 1.0
    if draft.closed:
        x["s:closed"] = 1.0
        x[names[2]] = 1.0
    if draft.bylines_seen:
        x["s:bylined"] = 1.0
        if fragment.credit:
            x["s:byline_and_credit"] = 1.0
    if fragment.credit:
        x["s:frag_credit"] = 1.0
    mine, theirs = fragment.width, _width_of(draft.narrow, draft.wide)
    if mine and theirs:
        x[f"s:width={mine}/{theirs}"] = 1.0
    x["s:short*cos"] = cos * (chars < 40)
    x["s:log_chars"] = math.log1p(chars) / 6
    x["s:draft_titled"] = float(draft.opened_by is not None and any(pl.role == "headline" for pl in draft.opened_by.lines))
    if dateline:
        x["s:dateline"] = 1.0
    if fragment.section[-1].credit:
        x["s:sec_credit"] = 1.0
        if draft.bylines_seen:
            x["s:byline*sec_credit"] = 1.0  # a story carries a byline or a credit, not both
    x["s:draft_log_chars"] = math.log1p(draft.chars) / 8
    # the two characters either side of the break are a bigram printed elsewhere on the page
    # (``bigrams``): a word or phrase of the story running on across the break
    if b and cont not in ("end", "end_mid"):
        if draft.last_tail + b in bigrams:
            x[names[3]] = 1.0
        if any(tail + b in bigrams for tail in draft.unfinished_tails):
            x["s:page_bigram_unfinished"] = 1.0
    return x


def _opens_with_dateline(fragment: _Fragment) -> bool:
    """Whether the fragment's first line opens with a dateline (本报北京1月2日电, 新华社电): a story's
    first paragraph."""
    return bool(DATELINE.match(fragment.lines[0].raw))


def _block_probs(fragment: _Fragment) -> tuple[float, float]:
    """The role model's surest section-head and headline probabilities among the heading lines printed
    right above ``fragment`` (0, 0 when none): how sure it is that the fragment opens a section or a
    story."""
    if fragment.opener != "block" or fragment.block is None or not fragment.block.lines:
        return 0.0, 0.0
    lines = fragment.block.lines
    return max(pl.p("section") for pl in lines), max(pl.p("headline") for pl in lines)


def new_features(fragment: _Fragment, best_cos: float, previous: PageLine | None, n_drafts: int) -> dict[str, float]:
    """Features of "``fragment`` opens a new story" for the link model."""
    opener = _opener_kind(fragment)
    psec, phead = _block_probs(fragment)
    x: dict[str, float] = {"n:bias": 1.0, f"n:open={opener}": 1.0, "n:best_cos": best_cos, "n:psec": psec,
                           "n:phead": phead,
                           "n:log_chars": math.log1p(len(fragment.text)) / 6,
                           "n:log_drafts": math.log1p(n_drafts)}
    first = compact(fragment.lines[0].text)
    if first and first[0] in MID_SENTENCE_START:
        x["n:starts_mid"] = 1.0
    if previous is not None and previous.role == "body" and not ends_sentence(previous.text):
        x["n:prev_unfinished"] = 1.0
        x[f"n:prev_unfinished*open={opener}"] = 1.0
    if _opens_with_dateline(fragment):
        x["n:dateline"] = 1.0
    if fragment.section[-1].credit:
        x["n:sec_credit"] = 1.0
    if fragment.block is not None:
        x["n:block_lines"] = min(len(fragment.block.lines), 4) / 4
        if fragment.block.bylines:
            x["n:block_byline"] = 1.0
    return x


def _candidates(fragment: _Fragment, drafts: list[_Draft], recent: _Draft | None, order: dict[int, int],
                index: int, previous: PageLine | None, units: np.ndarray, bigrams) -> list[dict[str, float]]:
    """Feature mappings of every choice for ``fragment``: each draft in ``drafts``, then a new story
    (``units``: the drafts' unit bigram vectors, a row each)."""
    at, w = fragment.unit
    cos = units[:, at] @ w
    at, w = fragment.section_unit
    sec = units[:, at] @ w
    completed = fragment.completes
    rows = [link_features(d, fragment, recent=d is recent, gap=index - order[id(d)] - 1, cos=float(cos[k]),
                          sec=float(sec[k]), completed=completed, bigrams=bigrams) for k, d in enumerate(drafts)]
    rows.append(new_features(fragment, float(cos.max(initial=0.0)), previous, len(drafts)))
    return rows


def assign_fragments(fragments: list[_Fragment], cohesion: Cohesion, choose=None) -> list[_Draft]:
    """Each fragment, in page order, joins one of the drafts begun so far or opens a new one.

    ``choose(index, rows) -> int`` picks among the candidate feature rows (drafts in order, then "new");
    by default the link model's best score. The fitter passes the gold choice (teacher forcing) to
    collect training rows. Returns the drafts in the order they were opened.
    """
    model = load_models()["link"] if choose is None else None
    drafts: list[_Draft] = []
    units = np.zeros((len(fragments), cohesion.size))  # a row per draft: its unit bigram vector
    order: dict[int, int] = {}
    recent: _Draft | None = None
    previous: PageLine | None = None
    for index, fragment in enumerate(fragments):
        if fragment.opener == "start" or not drafts:
            k = len(drafts)
            rows = None
        else:
            rows = _candidates(fragment, drafts, recent, order, index, previous, units[:len(drafts)], cohesion)
            k = int(model.scores(rows)[:, 0].argmax()) if choose is None else choose(index, rows)
        if rows is None and choose is not None:
            choose(index, None)
        if k >= len(drafts):
            draft = _Draft()
            drafts.append(draft)
            if fragment.block is not None and fragment.block.opened is None:
                fragment.block.opened, draft.opened_by = draft, fragment.block
        else:
            draft = drafts[k]
            if fragment.block is not None and fragment.block.host is None:
                fragment.block.host = draft
        draft.add(fragment, cohesion.size)
        units[k] = cohesion.unit(draft.counts)
        order[id(draft)] = index
        recent = draft
        previous = fragment.lines[-1]
    return drafts


def headline_features(pl: PageLine, block: _Block, draft: _Draft, cohesion: Cohesion, *,
                      below: _Draft | None = None, above: _Draft | None = None, share: float | None = None,
                      best_share: float = 0.0, span: tuple[int, int] | None = None) -> dict[str, float]:
    """Features of "headline line ``pl`` (in ``block``) heads ``draft``" for the headline model:
    the share of its words the story names (``share``; ``best_share`` the most any story names),
    where the two are printed (``below`` / ``above``: the story of the first body line printed
    below / the last above the headline), the roles in its block."""
    if share is None:
        share = cohesion.share(headline_text(pl) or pl.text, draft.counts)
    first, last = span or (draft.lines[0].number, draft.lines[-1].number)
    heads = sum(1 for x in block.lines if x.role in ("headline", "section"))
    x: dict[str, float] = {"h:bias": 1.0, "h:share": share, "h:share2": share * share,
                           f"h:role={pl.role}": 1.0, "h:conf": pl.confidence, "h:p_headline": pl.p("headline"),
                           "h:p_section": pl.p("section"), "h:p_deck": pl.p("deck"), "h:p_kicker": pl.p("kicker"),
                           f"h:heads={min(heads, 3)}": 1.0}
    if block.opened is draft:
        x["h:opened"] = 1.0
        x["h:opened*share"] = share
        x[f"h:opened*heads={min(heads, 3)}"] = 1.0
    if block.host is draft:
        x["h:hosted"] = 1.0
    if pl.number < first:
        x["h:above"] = 1.0
        x["h:gap_above"] = math.log1p(first - pl.number) / 5
    elif pl.number > last:
        x["h:after"] = 1.0
        x["h:gap_after"] = math.log1p(pl.number - last) / 5
    else:
        x["h:inside"] = 1.0
    if draft.opened_by is not None and draft.opened_by is not block:
        x["h:draft_has_block"] = 1.0
    if KICKER.match(pl.text):
        x["h:place_kicker_line"] = 1.0
    if draft is below:
        x["h:below"] = 1.0
        x["h:below*share"] = share
        if _opens_with_dateline(draft.fragments[0]):
            x["h:below_dateline"] = 1.0
    if draft is above:
        x["h:above_story"] = 1.0
        x["h:above_story*share"] = share
    if best_share > 0:
        x["h:share_gap"] = best_share - share
        x["h:is_best"] = float(share >= best_share)
    heads_in_block = [x_ for x_ in block.lines if x_.role in ("headline", "section")]
    x["h:first_in_block"] = float(heads_in_block and heads_in_block[0] is pl)
    x["h:block_has_kicker"] = float(block.has("kicker"))
    x["h:block_has_deck"] = float(block.has("deck"))
    x["h:block_byline"] = float(bool(block.bylines))
    return x


def continuation_features(first: PageLine, second: PageLine, shares: tuple[float, float]) -> dict[str, float]:
    """Features of "heading line ``second``, printed right under ``first`` in one block, is the rest of
    the headline ``first`` begins" (a headline printed over two lines) for the ``headline_cont`` model:
    the two lines' lengths, marks and role probabilities, whether a word runs across the break, and
    ``shares``: the share (0-1) of each line's words that the story one of them heads names
    (``Cohesion.share``)."""
    a, b = compact(first.text), compact(second.text)
    x: dict[str, float] = {"c:bias": 1.0, "c:len_a": math.log1p(len(a)) / 3, "c:len_b": math.log1p(len(b)) / 3,
                           "c:len_ab": math.log1p(len(a) + len(b)) / 3,
                           "c:a_headline": first.p("headline"), "c:b_headline": second.p("headline"),
                           "c:a_section": first.p("section"), "c:b_section": second.p("section"),
                           "c:b_deck": second.p("deck"), "c:b_kicker": second.p("kicker"),
                           "c:a_kicker": first.p("kicker"), "c:share_a": shares[0], "c:share_b": shares[1],
                           "c:share_min": min(shares)}
    if a and b:
        word = continues(a, b)
        if word >= 2:
            x["c:word2"] = 1.0
        if word >= 3:
            x["c:word3"] = 1.0
        if a[-1] in "，、：:；;—-·":
            x["c:a_ends_punct"] = 1.0
        if ends_sentence(a):
            x["c:a_ends_sentence"] = 1.0
    for name, pl in (("a", first), ("b", second)):
        if pl.raw.lstrip().startswith("#"):
            x[f"c:{name}_mark"] = 1.0
        if " " in pl.text.strip():
            x[f"c:{name}_space"] = 1.0
        if KICKER.match(pl.text):
            x[f"c:{name}_place"] = 1.0
    return x


def continuation_pairs(block: _Block) -> list[tuple[PageLine, PageLine]]:
    """Consecutive headline or section-head lines of a block: the pairs the ``headline_cont`` model
    judges."""
    lines = block.lines
    return [(a, b) for a, b in zip(lines, lines[1:])
            if a.role in ("headline", "section") and b.role in ("headline", "section")]


def headline_rows(candidates: list[tuple[PageLine, _Block]], drafts: list[_Draft],
                  cohesion: Cohesion) -> list[dict[str, float]]:
    """``headline_features`` of every (candidate headline, story) pair, candidates first."""
    starts = sorted((pl.number, k) for k, d in enumerate(drafts) for f in d.fragments for pl in f.lines)
    spans = [(min(f.lines[0].number for f in d.fragments), max(f.lines[-1].number for f in d.fragments))
             for d in drafts]
    numbers = [n for n, _ in starts]
    rows = []
    for pl, block in candidates:
        i = bisect.bisect_right(numbers, pl.number)
        below = drafts[starts[i][1]] if i < len(starts) else None
        above = drafts[starts[i - 1][1]] if i > 0 else None
        text = headline_text(pl) or pl.text
        shares = [cohesion.share(text, d.counts) for d in drafts]
        best = max(shares, default=0.0)
        rows += [headline_features(pl, block, d, cohesion, below=below, above=above, share=shares[k], best_share=best,
                                   span=spans[k]) for k, d in enumerate(drafts)]
    return rows


def _headline_candidates(blocks: list[_Block]) -> list[tuple[PageLine, _Block]]:
    return [(pl, block) for block in blocks for pl in block.lines if pl.role in ("headline", "section")]


def headline_assignment(logit: np.ndarray) -> dict[int, int]:
    """``{candidate: story}`` from a ``(candidates, stories)`` matrix of the headline model's log-odds:
    the one optimal assignment (Kuhn-Munkres, ``scipy.optimize.linear_sum_assignment``) that gives each
    story at most one headline, keeping only pairs of positive log-odds."""
    from scipy.optimize import linear_sum_assignment

    rows_i, cols_j = linear_sum_assignment(-np.where(logit > 0, logit, 0.0))
    return {int(i): int(j) for i, j in zip(rows_i, cols_j) if logit[i, j] > 0}


def assign_headlines(drafts: list[_Draft], blocks: list[_Block], cohesion: Cohesion) -> None:
    """Give stories their headlines by ``headline_assignment`` on the headline model's log-odds (the
    model's intercept is fitted for this assignment, ``fit_segmenter.fit_assignment_shift``). Kickers
    and decks go with the headline of their block; headings left over inside a story are its section
    heads."""
    candidates = _headline_candidates(blocks)
    taken: dict[int, _Draft] = {}
    if candidates and drafts:
        logit = load_models()["headline"].scores(headline_rows(candidates, drafts, cohesion))[:, 0]
        taken = {i: drafts[j] for i, j in headline_assignment(logit.reshape(len(candidates), len(drafts))).items()}
        _join_continued_lines(candidates, blocks, taken, cohesion)
    for i, (pl, block) in enumerate(candidates):
        if i in taken:
            taken[i].heading.append(pl)
    for block in blocks:
        owners = [taken[i] for i, (pl, b) in enumerate(candidates) if b is block and i in taken]
        home = owners[0] if owners else (block.opened if block.opened is not None and not block.opened.heading
                                         else None)
        for pl in block.lines:
            if any(pl in d.heading for d in owners):
                continue
            if pl.role in ("kicker", "deck"):
                target = _nearest_owner(pl, block, candidates, taken) or home
                if target is not None:
                    target.heading.append(pl)
            elif block.host is not None:
                story_below(pl, drafts, block.host).section_heads.append(pl)
        target = home or block.host
        if target is not None:
            target.bylines.extend(block.bylines)


def _join_continued_lines(candidates, blocks: list[_Block], taken: dict[int, _Draft],
                          cohesion: Cohesion) -> None:
    """A headline printed over two lines: where one line of a consecutive pair has a story and the
    other none, the ``headline_cont`` model (log-odds > 0) says whether the other is the rest of it."""
    models = load_models()
    if "headline_cont" not in models:
        return
    index = {id(pl): i for i, (pl, _) in enumerate(candidates)}
    pairs = [(a, b) for block in blocks for a, b in continuation_pairs(block)
             if (index[id(a)] in taken) != (index[id(b)] in taken)]
    if not pairs:
        return
    rows = []
    for a, b in pairs:
        owner = taken.get(index[id(a)]) or taken[index[id(b)]]
        shares = (cohesion.share(a.text, owner.counts), cohesion.share(b.text, owner.counts))
        rows.append(continuation_features(a, b, shares))
    logit = models["headline_cont"].scores(rows)[:, 0]
    for (a, b), z in zip(pairs, logit):
        i, j = index[id(a)], index[id(b)]
        if z > 0 and (i in taken) != (j in taken):
            owner = taken.get(i) or taken.get(j)
            taken[i] = taken[j] = owner


def _nearest_owner(pl: PageLine, block: _Block, candidates, taken) -> _Draft | None:
    """The story of the assigned headline nearest to kicker or deck ``pl`` in its block: below it for
    a kicker, above it for a deck, else the other way."""
    owned = [(c.number, taken[i]) for i, (c, b) in enumerate(candidates) if b is block and i in taken]
    if not owned:
        return None
    below = [o for o in owned if o[0] > pl.number]
    above = [o for o in owned if o[0] < pl.number]
    if pl.role == "kicker":
        pick = min(below, default=None) or max(above, default=None)
    else:
        pick = max(above, default=None) or min(below, default=None)
    return pick[1] if pick else None


def _compose_heading(draft: _Draft) -> tuple[str | None, str | None, str | None]:
    """``(title, subtitle, kicker)`` of a story from its heading lines: headline lines (a headline
    printed over two lines is joined), an ``X:`` kicker joined to the headline as printed
    (``湘潭市:规范直销…``), phrase kickers and decks apart."""
    lines = sorted(draft.heading, key=lambda pl: pl.number)
    heads = [pl for pl in lines if pl.role in ("headline", "section")]
    if not heads:
        decks = [pl.text.lstrip("—-·－ ") for pl in lines if pl.role == "deck"]
        return None, (" ".join(decks) or None), None
    first = heads[0]
    title = "".join(pl.text for pl in heads)
    places = [pl.text for pl in lines if pl.role == "kicker" and KICKER.match(pl.text) and not headline_text(pl)
              and pl.number < first.number]
    kickers = [pl.text for pl in lines if pl.role == "kicker" and pl.text not in places]
    decks = [pl.text.lstrip("—-·－ ") for pl in lines if pl.role == "deck"]
    if places:
        title = places[-1] + title
    return title, (" ".join(decks) or None), (" ".join(kickers) or None)


def prepare(lines: list[PageLine]) -> tuple[list[_Fragment], list[_Block], Cohesion]:
    """Fragments and blocks of a run of classified lines, with the cohesion model of those lines and
    each fragment's bigram counts."""
    fragments, blocks = _fragments(lines)
    cohesion = Cohesion([pl.text for pl in lines if pl.role == "body" or pl.role in HEADING_ROLES])
    counts = cohesion.matrix([f.text for f in fragments])
    at = {id(f): k for k, f in enumerate(fragments)}
    pairs = [(k, at[id(g)]) for k, f in enumerate(fragments) for g in f.section]
    sections = sp.csr_matrix((np.ones(len(pairs)), ([k for k, _ in pairs], [j for _, j in pairs])),
                             shape=(len(fragments), len(fragments)))
    heads = cohesion.matrix(["".join(pl.text for pl in f.block.lines) if f.block is not None else ""
                             for f in fragments])
    units = cohesion.unit_rows(counts)
    section_units = cohesion.unit_rows(sp.csr_matrix(sections @ counts + heads))
    for f, row, unit, section in zip(fragments, cohesion.rows(counts), cohesion.rows(units),
                                     cohesion.rows(section_units)):
        f.counts, f.unit, f.section_unit = row, unit, section
    # a story is left broken off mid-sentence only at a fragment's last line (``_Draft.unfinished``), so
    # only those lines are looked up
    completions = _Completions([f.lines[-1] for f in fragments])
    for f in fragments:
        f.completes = completions.completed_by(f.lines[0]) - {pl.number for pl in f.lines}
    return fragments, blocks, cohesion


def _segment_window(lines: list[PageLine]) -> list[_Draft]:
    """The stories of a run of classified page lines, as drafts (see the module docstring)."""
    fragments, blocks, cohesion = prepare(lines)
    drafts = assign_fragments(fragments, cohesion)
    assign_headlines(drafts, blocks, cohesion)
    return drafts


def segment_page(page: Page) -> list[Story]:
    """Split one page into its stories with the fitted models, in the order their bodies start on the
    page (the contract of ``segment.segment_page``; method: the module docstring). Raises
    ``FileNotFoundError`` when ``segment_model.json`` is missing."""
    lines = classify_lines(page.text, continues)
    drafts = [draft for window in windows(lines) for draft in _segment_window(window)]
    return stories_of(page, lines, drafts, _compose_heading)
