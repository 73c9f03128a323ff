"""Choose a story's summary from its TextRank ranking: the best passages a reader can use, in document order."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


#: textrank4zh's ``get_key_sentences(sentence_min_len=6)``: shorter sentences are never summary sentences.
MIN_SENTENCE_CHARS = 6
#: Two passages whose character bigrams overlap this much (Jaccard, or the shorter one's share) say the
#: same thing twice.
NEAR_DUPLICATE = 0.5
NEAR_CONTAINED = 0.8
#: Opening and closing quotation marks; a summary passage must close every mark it opens.
QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}
_CLOSING = {close: open_ for open_, close in QUOTES.items()}
STRAIGHT_QUOTE = '"'
_QUOTE_MARK = re.compile("[" + re.escape("".join(QUOTES) + "".join(_CLOSING) + STRAIGHT_QUOTE) + "]")
#: A caption or page furniture: ``图为…``, ``▲…``, ``（上接第一版）``, ``（下转第2版）``.
_CAPTION_OR_JUMP = re.compile(r"^(?:图为|图片|图①|图\d|[▲△▼●■]|[（(]?(?:上接|下转|接第|转第|紧接))")
_SPACE_AND_PUNCTUATION = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class Passage:
    """One or more consecutive sentences of a paragraph that together close every quotation mark they open.

    ``text`` is verbatim from the paragraph; ``sentences`` are the indices (in the story's flat sentence
    list) it spans; ``balanced`` is False when a mark stays open to the paragraph's end or closes one
    opened before the passage.
    """

    text: str
    sentences: tuple[int, ...]
    balanced: bool


def quote_depth(text: str, depth: dict[str, int] | None = None) -> dict[str, int]:
    """Open-minus-closed count per quotation mark kind (keys are opening marks) after reading ``text``,
    starting from ``depth``. A negative count means a mark was closed that ``text`` never opened.
    OCR often prints straight quotes (``"五好"``), the same mark both ways: key ``"`` is 1 while one is
    open, else 0."""
    depth = dict(depth or {})
    for ch in _QUOTE_MARK.findall(text):
        if ch == STRAIGHT_QUOTE:
            depth[ch] = 1 - depth.get(ch, 0)
        elif ch in QUOTES:
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in _CLOSING:
            depth[_CLOSING[ch]] = depth.get(_CLOSING[ch], 0) - 1
    return depth


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
            depth = quote_depth(sentence, depth)
            broken = broken or any(v < 0 for v in depth.values())
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


def choose_summary(paragraphs: Sequence[Sequence[str]], sentence_weights: Sequence[float], *,
                   max_sentences: int = 3, max_chars: int = 150, headlines: Sequence[str] = (),
                   texts: Sequence[str] | None = None, roles: Sequence[str] | None = None) -> list[str]:
    """Pick a story's summary: the best-ranked passages, in document order.

    ``paragraphs``: the story's sentences per paragraph; ``sentence_weights``: a score per sentence (flat
    order), e.g. TextRank's; ``roles``: each paragraph's role as the segmenter found it (``body`` or
    ``section``: a section head, never quoted); all body when not given.
    Passages are taken best first (a passage scores its best sentence) while they fit: at most
    ``max_sentences`` sentences and ``max_chars`` characters in all (the first passage may be longer if
    it is one sentence: sentences are never cut). A passage is skipped if it is
    furniture (``is_furniture``), shorter than ``MIN_SENTENCE_CHARS``, has unbalanced quotation marks,
    or near-duplicates a chosen passage or repeats one of ``headlines`` (the printed headline, deck,
    kicker: a lead that only elaborates its headline stays eligible).
    If nothing qualifies, the best-ranked sentence that is not furniture is used, else the first sentence.
    ``texts``: the paragraphs' texts (see ``passages``). Returns passage texts verbatim, in document
    order; ``[]`` only for a story without sentences.
    """
    units = passages(paragraphs, texts)
    flat = [s for p in paragraphs for s in p]
    if not flat:
        return []
    where = [(k, p) for k, p in enumerate(paragraphs) for _ in p]

    @lru_cache(maxsize=None)
    def furniture(i: int) -> bool:
        k, _ = where[i]
        return is_furniture(flat[i]) or (roles is not None and k < len(roles) and roles[k] == "section")

    score = {id(u): max(sentence_weights[i] for i in u.sentences) for u in units}
    ranked = sorted(units, key=lambda u: -score[id(u)])
    chosen: list[Passage] = []
    used_sentences = used_chars = 0
    for unit in ranked:
        if used_sentences >= max_sentences:
            break
        if used_sentences + len(unit.sentences) > max_sentences:
            continue
        fits = used_chars + len(unit.text) <= max_chars or (not chosen and len(unit.sentences) == 1)
        if (not fits or not unit.balanced or len(unit.text) < MIN_SENTENCE_CHARS
                or any(furniture(i) for i in unit.sentences)
                or any(near_duplicate(unit.text, c.text) for c in chosen)
                or any(near_duplicate(unit.text, h, contained=False) for h in headlines if h)):
            continue
        chosen.append(unit)
        used_sentences += len(unit.sentences)
        used_chars += len(unit.text)
    if chosen:
        return [u.text for u in sorted(chosen, key=lambda u: u.sentences[0])]
    order = sorted(range(len(flat)), key=lambda i: -sentence_weights[i])
    best = next((i for i in order if not furniture(i) and len(flat[i]) >= MIN_SENTENCE_CHARS), 0)
    return [flat[best]]
