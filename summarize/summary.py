"""One story's summary (the summarise stage): rank its sentences and keywords with TextRank, then choose the
best passages a reader can use, in document order. Pure; the day's digest is put together in
``summarize.assemble``."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from summarize.clean import ends_sentence, split_sentences, stand_in_title
from summarize.keywords import story_keywords
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.models import Story, StorySummary
from summarize.places import story_region
from summarize.settings import DEFAULT_OPTIONS, PageOptions
from summarize.textrank import rank_story


#: textrank4zh's ``get_key_sentences(sentence_min_len=6)``: shorter sentences are never summary sentences,
#: measured as textrank4zh measures them (``sentence_chars``).
MIN_SENTENCE_CHARS = 6
#: Two passages whose character bigrams overlap this much (Jaccard, or the shorter one's share) say the
#: same thing twice.
NEAR_DUPLICATE = 0.5
NEAR_CONTAINED = 0.8
#: Opening and closing quotation marks (and title marks and brackets, which pair the same way); a summary
#: passage must close every mark it opens and open every mark it closes.
QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）"}
_CLOSING = {close: open_ for open_, close in QUOTES.items()}
STRAIGHT_QUOTE = '"'
_QUOTE_MARK = re.compile("[" + re.escape("".join(QUOTES) + "".join(_CLOSING) + STRAIGHT_QUOTE) + "]")
#: What textrank4zh cuts a sentence at (``util.sentence_delimiters``).
_SENTENCE_END = "?!;？！。；…\n"


def sentence_chars(text: str) -> int:
    """The length of ``text`` (characters) as textrank4zh measures a sentence for ``sentence_min_len``: it
    cuts at its delimiters, so a sentence's final mark and the closing quotation marks after it do not
    count (``“习惯了。”`` is 4: ``“习惯了``, then ``”`` on its own)."""
    return len(text.strip().rstrip(_SENTENCE_END + "".join(_CLOSING) + STRAIGHT_QUOTE + " \u3000"))


#: A caption or page furniture: ``图为…``, ``▲…``, ``（上接第一版）``, ``（下转第2版）``.
_CAPTION_OR_JUMP = re.compile(r"^(?:图为|图片|图①|图\d|[▲△▼●■]|[（(]?(?:上接|下转|接第|转第|紧接))")
_SPACE_AND_PUNCTUATION = re.compile(r"[\s\W_]+")
#: Words that open a sentence only as a continuation of the sentence before it: Chinese conjunctive
#: adverbs and connectives (adding, contrasting, concluding: 同时, 此外, 但, 因此), anaphoric openers that
#: point back (其中, 对此, 为此, 这, 此), the later items of an enumeration (二是, 其次, 最后) and
#: what-comes-next openers (下一步). Closed-class words of the language, not figures of these pages: a
#: structural constant. Matched at a sentence's start (after an opening quotation mark or bracket).
ANTECEDENT_OPENERS = (
    "同时", "与此同时", "此外", "另外", "另一方面", "除此之外", "除此以外", "不仅如此", "而且", "并且", "并",
    "再者", "此后", "随后", "之后", "然后", "接着", "其后", "下一步", "接下来", "其中", "对此", "为此", "因此",
    "因而", "所以", "于是", "由此", "据此", "从而", "进而", "总之", "总的来看", "综上", "可见", "但", "然而",
    "不过", "可是", "却", "而", "反之", "否则", "尽管如此", "即便如此", "这", "此", "那", "上述", "以上", "前者",
    "后者", "其次", "再次", "最后", "其二", "其三", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是",
    "十是", "还", "也",
)
#: Other words that start like an ``ANTECEDENT_OPENERS`` entry: ``而今`` (nowadays), ``但凡`` (whenever),
#: ``并非`` (is not), ``还原``, ``也门``, ``最后一公里``. (``该`` — ``该区``, ``该县`` — is not an opener either:
#: it points to the place or body the headline names, which the digest prints above the summary.)
NOT_OPENERS = ("而今", "但凡", "并非", "还原", "也门", "最后一公里", "最后一米")


@dataclass(frozen=True)
class Passage:
    """One or more consecutive sentences of a paragraph that together close every quotation mark they open.

    ``text`` is verbatim from the paragraph; ``sentences`` are the indices (in the story's flat sentence
    list) it spans; ``balanced`` is False when a mark stays open to the paragraph's end or a mark is
    closed that the passage did not open (one opened before it, or an opening mark OCR lost).
    """

    text: str
    sentences: tuple[int, ...]
    balanced: bool


def quote_depth(text: str, depth: dict[str, int] | None = None) -> dict[str, int]:
    """Open-minus-closed count per quotation mark kind (keys are opening marks) after reading ``text``,
    starting from ``depth``. A negative count means a mark was closed that ``text`` never opened.
    OCR often prints straight quotes (``"五好"``), the same mark both ways: key ``"`` is 1 while one is
    open, else 0."""
    return _walk_quotes(text, depth)[0]


def _walk_quotes(text: str, depth: dict[str, int] | None = None) -> tuple[dict[str, int], bool]:
    """``quote_depth`` and whether a mark was closed, at any point of ``text``, that was not open then
    (``”视频里，…说，“我…`` nets to zero but opens with half a quotation)."""
    depth = dict(depth or {})
    unopened = False
    for ch in _QUOTE_MARK.findall(text):
        if ch == STRAIGHT_QUOTE:
            depth[ch] = 1 - depth.get(ch, 0)
        elif ch in QUOTES:
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in _CLOSING:
            depth[_CLOSING[ch]] = depth.get(_CLOSING[ch], 0) - 1
            unopened = unopened or depth[_CLOSING[ch]] < 0
    return depth, unopened


def passages(paragraphs: Sequence[Sequence[str]], texts: Sequence[str] | None = None) -> list[Passage]:
    """Group each paragraph's sentences into ``Passage`` s: a sentence that opens a quotation mark is
    joined with the following sentences of its paragraph until the mark closes (``他说：“…。…。”``).

    ``paragraphs``: each paragraph's sentences in order, as ``clean.split_sentences`` returns them;
    ``texts``: the paragraphs' texts, so that a passage of several sentences keeps the white space
    between them (without ``texts`` its sentences are joined as they stand). Returns passages in
    document order covering every sentence once.
    """
    out: list[Passage] = []
    index = 0
    for k, sentences in enumerate(paragraphs):
        source = texts[k] if texts is not None else "".join(sentences)
        spans, cursor = [], 0
        for sentence in sentences:
            found = source.find(sentence, cursor)
            if found < 0:  # not from this text: fall back to the sentences as they stand
                source, spans, cursor = "".join(sentences), [], 0
                break
            spans.append((found, found + len(sentence)))
            cursor = found + len(sentence)
        if not spans:
            for sentence in sentences:
                spans.append((cursor, cursor + len(sentence)))
                cursor += len(sentence)
        first, depth, broken = 0, {}, False
        for i, sentence in enumerate(sentences):
            depth, unopened = _walk_quotes(sentence, depth)
            broken = broken or unopened
            if not any(depth.values()) or i == len(sentences) - 1:
                out.append(Passage(source[spans[first][0]:spans[i][1]], tuple(range(index + first, index + i + 1)),
                                   not broken and not any(depth.values())))
                first, depth, broken = i + 1, {}, False
        index += len(sentences)
    return out


def _bigrams(text: str) -> set[str]:
    compact = _SPACE_AND_PUNCTUATION.sub("", text)
    return {compact[i:i + 2] for i in range(len(compact) - 1)} or {compact}


def near_duplicate(a: str, b: str, *, contained: bool = True) -> bool:
    """True when ``a`` and ``b`` share most of their character bigrams (punctuation and spaces ignored):
    Jaccard at least ``NEAR_DUPLICATE`` or, when ``contained``, the shorter one's bigrams at least
    ``NEAR_CONTAINED`` inside the other's."""
    x, y = _bigrams(a), _bigrams(b)
    shared = len(x & y)
    return (shared / len(x | y) >= NEAR_DUPLICATE
            or (contained and shared / min(len(x), len(y)) >= NEAR_CONTAINED))


def is_furniture(sentence: str) -> bool:
    """True for a sentence no summary should quote: a caption's opening (``图为…``) or a jump line
    (``（下转第2版）``). Bylines, credits, captions and section heads never reach a story's body or are
    marked as such by the segmenter (``Story.paragraph_roles``), so they are not looked for here."""
    return bool(_CAPTION_OR_JUMP.match(sentence.strip()))


#: Clause punctuation: a sentence with none of it inside is a single clause.
_CLAUSE_MARK = re.compile(r"[，,、；;：:]")
#: Marks that open a sentence before its first word (skipped when looking for an opener).
_LEADING_MARKS = "“‘「『（(\"'"


def opens_with_antecedent_word(sentence: str) -> bool:
    """True when ``sentence`` opens (after any opening quotation mark or bracket) with one of
    ``ANTECEDENT_OPENERS`` and not with one of ``NOT_OPENERS``: it continues the sentence before it
    (``同时，该区…``, ``此外,…``, ``下一步，…``) and reads as a fragment without it."""
    s = sentence.strip().lstrip(_LEADING_MARKS)
    return s.startswith(ANTECEDENT_OPENERS) and not s.startswith(NOT_OPENERS)


def opens_with_one_clause_sentence(sentences: Sequence[str]) -> bool:
    """True when a paragraph (its sentences, ``clean.split_sentences``) opens with a sentence of a single
    clause (no comma, enumeration comma, semicolon or colon inside) ended by a full stop and goes on
    after it (``以“四大中心”为主阵地。成立了…``): the shape of a run-in subhead (``run_in_subheads``)."""
    if len(sentences) < 2:
        return False
    first = sentences[0].strip()
    return first.endswith("。") and not _CLAUSE_MARK.search(first)


def run_in_subheads(paragraphs: Sequence[Sequence[str]], roles: Sequence[str] | None = None) -> set[int]:
    """The paragraphs (indices) of a story that open with a run-in subhead: a section head printed on
    the line of its section's text, its bold face lost in OCR (``以“四大中心”为主阵地。成立了…``).

    Structural, no length or word list: a paragraph opens with one when it has the shape
    (``opens_with_one_clause_sentence``), is not the story's first paragraph (a story opens with its
    lead, and sections divide the body after it: a lead of one clause is a lead, not a heading) and
    the story has at least two section openings — such paragraphs and the section heads the segmenter
    marked (``roles``) — since a heading divides a story into sections and one section alone is no
    division. ``paragraphs``: each paragraph's sentences; ``roles``: each
    paragraph's role (``body`` or ``section``), all body when not given."""
    def section(k: int) -> bool:
        return roles is not None and k < len(roles) and roles[k] == "section"

    shaped = {k for k, p in enumerate(paragraphs) if k > 0 and not section(k) and opens_with_one_clause_sentence(p)}
    heads = sum(1 for k in range(len(paragraphs)) if section(k))
    return shaped if len(shaped) + heads >= 2 else set()


def choose_summary(paragraphs: Sequence[Sequence[str]], sentence_weights: Sequence[float], *,
                   max_sentences: int = DEFAULT_OPTIONS.summary_sentences,
                   max_chars: int = DEFAULT_OPTIONS.summary_chars, headlines: Sequence[str] = (),
                   texts: Sequence[str] | None = None, roles: Sequence[str] | None = None,
                   keywords: Sequence[str] | None = None) -> list[str]:
    """Pick a story's summary: the best-ranked passages an editor would sign, in document order.

    ``paragraphs``: the story's sentences per paragraph; ``sentence_weights``: a score per sentence (flat
    order), e.g. TextRank's; ``roles``: each paragraph's role as the segmenter found it (``body`` or
    ``section``: a section head, never quoted); all body when not given; ``keywords``: the story's
    keywords (``keywords.story_keywords`` of the same ranking), words or phrases.
    Passages are taken best first (a passage scores its best sentence) while they fit: at most
    ``max_sentences`` sentences and ``max_chars`` characters in all (the first passage may be longer if
    it is one sentence: sentences are never cut). A passage is never quoted if it is furniture
    (``is_furniture``), a section head or holds a run-in subhead (``run_in_subheads``), is shorter than
    ``MIN_SENTENCE_CHARS`` (``sentence_chars``), is half a quotation (a mark it opens or closes stays
    unmatched in it: an opening mark lost by OCR leaves a closing one), or near-duplicates a chosen passage
    or repeats one of ``headlines`` (the printed headline, deck, kicker: a lead that only elaborates its
    headline stays eligible). Further, in this order of preference, a passage is left out while others qualify:

    1. a passage that opens with a word needing the sentence before it (``opens_with_antecedent_word``),
       unless that sentence is chosen (it may be taken after: the passages skipped for it are tried
       again);
    2. a passage carrying none of ``keywords`` (filler that only fits the budget);
    3. the story's last sentence when it does not end a sentence (``clean.ends_sentence``: the page
       cut it off).

    So the rules are relaxed from 2 (filler), then 1 (opener), then 3 (cut-off) only when no passage
    would be left. If nothing qualifies at all, the best-ranked sentence that is neither furniture nor a
    heading is used (one that is not half a quotation first, then a complete one), else the first sentence.
    ``texts``: the paragraphs' texts (see ``passages``). Returns passage texts verbatim, in document
    order; ``[]`` only for a story without sentences.
    """
    units = passages(paragraphs, texts)
    flat = [s for p in paragraphs for s in p]
    if not flat:
        return []
    where = [(k, p) for k, p in enumerate(paragraphs) for _ in p]
    subheads = {sum(len(p) for p in paragraphs[:k]) for k in run_in_subheads(paragraphs, roles)}

    @lru_cache(maxsize=None)
    def furniture(i: int) -> bool:
        k, _ = where[i]
        return (is_furniture(flat[i]) or i in subheads
                or (roles is not None and k < len(roles) and roles[k] == "section"))

    last = len(flat) - 1
    cut_off = not ends_sentence(flat[last])
    words = [w for w in (keywords or ()) if w]
    score = {id(u): max(sentence_weights[i] for i in u.sentences) for u in units}
    ranked = sorted(units, key=lambda u: -score[id(u)])
    eligible = [u for u in ranked if u.balanced and sentence_chars(u.text) >= MIN_SENTENCE_CHARS
                and not any(furniture(i) for i in u.sentences)
                and not any(near_duplicate(u.text, h, contained=False) for h in headlines if h)]
    opener = {id(u) for u in eligible if opens_with_antecedent_word(flat[u.sentences[0]])}
    filler = {id(u) for u in eligible if words and not any(w in u.text for w in words)}
    cut = {id(u) for u in eligible if cut_off and last in u.sentences}

    def select(allow_filler: bool, allow_opener: bool, allow_cut: bool) -> list[Passage]:
        chosen: list[Passage] = []
        taken: set[int] = set()  # the chosen passages' sentences
        used_chars = 0
        waiting = [u for u in eligible if (allow_filler or id(u) not in filler) and (allow_cut or id(u) not in cut)]
        progress = True
        while progress and len(taken) < max_sentences:
            progress = False
            for unit in waiting:
                if unit.sentences[0] in taken or len(taken) + len(unit.sentences) > max_sentences:
                    continue
                if id(unit) in opener and not allow_opener and unit.sentences[0] - 1 not in taken:
                    continue  # its antecedent may still be chosen: tried again on the next sweep
                fits = used_chars + len(unit.text) <= max_chars or (not chosen and len(unit.sentences) == 1)
                if not fits or any(near_duplicate(unit.text, c.text) for c in chosen):
                    continue
                chosen.append(unit)
                taken.update(unit.sentences)
                used_chars += len(unit.text)
                progress = True
                break  # best first again: an opener whose antecedent was just taken may now qualify
        return chosen

    for allow in ((False, False, False), (True, False, False), (True, True, False), (True, True, True)):
        chosen = select(*allow)
        if chosen:
            return [u.text for u in sorted(chosen, key=lambda u: u.sentences[0])]
    def half_quoted(i: int) -> bool:
        depth, unopened = _walk_quotes(flat[i])
        return unopened or any(depth.values())

    order = sorted(range(len(flat)), key=lambda i: (half_quoted(i), i == last and cut_off, -sentence_weights[i]))
    best = next((i for i in order if not furniture(i) and sentence_chars(flat[i]) >= MIN_SENTENCE_CHARS), 0)
    return [flat[best]]


#: The position-aware ranking's position exponent and headline-prior weight (``position_prior``, the default),
#: fitted on real news reports against their printed headlines by ``make fit-ranking`` (tools/fit_ranking.py).
RANKING_MODEL = Path(__file__).with_name("ranking_model.json")


#: Length normalisation of the position-aware ranking: a sentence's score is divided by its length in
#: characters to this power. Structural, not fitted: the summary's budget is counted in characters, and
#: taking items by value per unit of budget is the greedy rule for a budget (Dantzig 1957's knapsack;
#: Lin & Bilmes 2010 scale costs the same way), so 1 = a sentence is worth its score per character. Above
#: 1 a sentence would be worth more for being short in itself.
LENGTH_EXPONENT = 1.0


@lru_cache(maxsize=1)
def ranking_model() -> dict[str, float]:
    """The fitted ``position_exponent`` and ``query_weight`` of ``RANKING_MODEL``, with
    ``length_exponent`` = ``LENGTH_EXPONENT``. Raises ``RuntimeError`` naming the file when it is missing
    or lacks one of them."""
    try:
        model = json.loads(RANKING_MODEL.read_text(encoding="utf-8"))
        fitted = {key: float(model[key]) for key in ("position_exponent", "query_weight")}
        return {**fitted, "length_exponent": LENGTH_EXPONENT}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RuntimeError(f"{RANKING_MODEL}: cannot read the fitted ranking exponents ({err}); "
                           "re-fit with `make fit-ranking`") from err


def ranking_options(ranking_mode: Literal["reference", "fast"], position_prior: bool) -> dict:
    """``textrank.rank_story`` options (besides tokenizer and stop words) for a ranking mode.

    ``"reference"``: textrank4zh's graphs and PageRank with jieba's HMM on; without ``position_prior`` the
    rankings are textrank4zh's exactly. ``"fast"``: HMM off, no self-loops in either graph (Mihalcea &
    Tarau 2004's graphs have none), PageRank on dense matrices. ``position_prior``: the position-aware
    ranking — PageRank on the sentence graph without self-loops (textrank4zh's self-loop, a sentence's
    similarity to itself, grows with its length), its scores multiplied by a position prior
    ``(i + 1) ** -a`` (as in PositionRank, Florescu & Caragea 2017), ``a`` fitted (``ranking_model``), and
    divided by the sentence's length in characters (``LENGTH_EXPONENT``). The keyword graph is not
    affected. Raises ``ValueError`` for another ``mode``, ``RuntimeError`` when the fitted model cannot be
    read."""
    if ranking_mode not in ("reference", "fast"):
        raise ValueError(f"ranking mode must be 'reference' or 'fast', not {ranking_mode!r}")
    fast = ranking_mode == "fast"
    model = ranking_model() if position_prior else {"position_exponent": 0.0, "length_exponent": 0.0}
    exponents = {key: model[key] for key in ("position_exponent", "length_exponent")}
    return {"hmm": not fast, "fast_pagerank": fast, "keyword_self_loops": not fast,
            "sentence_self_loops": not fast and not position_prior, **exponents}


def story_paragraphs(story: Story) -> list[list[str]]:
    """The story's sentences per paragraph, in document order (``clean.split_sentences``); paragraphs
    without a sentence are left out."""
    return [sentences for paragraph in story.paragraphs if (sentences := split_sentences(paragraph))]


def summarize_story(story: Story, options: PageOptions = DEFAULT_OPTIONS) -> StorySummary:
    """Summarise one story with TextRank (Mihalcea & Tarau 2004) on textrank4zh's graphs.

    ``options``: ``summary_sentences``, ``summary_chars``, ``story_keywords``, ``ranking_mode`` and
    ``position_prior`` of the ``PageOptions`` (default: the settings' defaults).
    One segmentation pass ranks sentences and keywords (``textrank.rank_story``) with our tokenizer
    (Hunan's place and organisation names kept whole) and the news stop words, with the options of
    ``ranking_options(ranking_mode, position_prior)``: ``"reference"`` ranks on textrank4zh's graphs (with
    ``position_prior`` off, its rankings exactly, given the same words); ``"fast"`` turns jieba's HMM
    off and computes PageRank on dense matrices; ``position_prior`` favours early sentences by a position
    prior and a length normalisation — in a story whose body starts right under its own heading
    (``story.starts_under_heading``) only: elsewhere the page does not show where the story starts, and its
    first sentence may be another story's — and, with ``position_prior``, a story printed with a headline is
    ranked towards the sentences that carry the words of its headline, deck and kicker (biased TextRank,
    Kazemi et al. 2020; weight fitted, ``ranking_model``). Raises ``ValueError`` for another ranking mode.
    Summary: ``choose_summary`` — at most ``summary_sentences`` sentences and about ``summary_chars``
    characters, verbatim, in document order, never a byline, credit, caption, the headline, a section
    head or run-in subhead, half a quotation or a sentence cut off by the page while complete ones are
    left; a passage carrying none of the story's keywords, or opening with a word that needs the
    sentence before it, only when nothing else is left.
    Keywords: up to ``story_keywords`` keywords and keyphrases, best first (``keywords.story_keywords``).
    A story printed without a headline whose start the page does not show gets its best-ranked sentence
    as stand-in headline (``clean.stand_in_title``) instead of its first: the returned ``story`` is then
    a copy with that ``title``.
    """
    position_prior = options.position_prior
    rank_options = ranking_options(options.ranking_mode, position_prior and story.starts_under_heading)
    split = [(text, sentences, story.role_of(k)) for k, text in enumerate(story.paragraphs)
             if (sentences := split_sentences(text))]
    texts = [text for text, _, _ in split]
    paragraphs = [sentences for _, sentences, _ in split]  # as story_paragraphs(story), splitting once
    roles = [role for _, _, role in split]
    if position_prior and story.title_printed:
        rank_options["query"] = " ".join(t for t in (story.kicker, story.title, story.subtitle) if t)
        rank_options["query_weight"] = ranking_model()["query_weight"]
    ranking = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **rank_options)
    if not story.title_printed and not story.starts_under_heading and ranking.sentence_order:
        # the stand-in headline was the first sentence, which may be another story's: take the best-ranked
        best = ranking.sentences[ranking.sentence_order[0]]
        story = replace(story, title=stand_in_title(best),
                        region=story_region(None, story.kicker, story.subtitle, best))
    headlines = (story.title if story.title_printed else "", story.subtitle or "", story.kicker or "")
    keywords = tuple(story_keywords(ranking, story.text, num=options.story_keywords))
    summary = choose_summary(paragraphs, ranking.sentence_weights, max_sentences=options.summary_sentences,
                             max_chars=options.summary_chars, headlines=headlines, texts=texts, roles=roles,
                             keywords=[k.word for k in keywords])
    return StorySummary(story=story, summary=tuple(summary), keywords=keywords)
