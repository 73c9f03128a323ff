"""Whether one line of a page reads on into another in the middle of a sentence: the word the segmenter
puts across the break (jieba's dictionary plus Hunan's place names), or a comma-like mark opening the next
line. Read by line classification, both segmenters and the reading order of a story's lines."""
from __future__ import annotations

import functools

from summarize.clean import compact, ends_sentence
from summarize.lexicon import pos_tokenizer

#: Marks that open a line only in the middle of a sentence (a comma, a closing bracket ...).
MID_SENTENCE_START = "，,、。；;：:！!？?）)」』】…"
#: What ``continues`` answers for a line opened by one of ``MID_SENTENCE_START``: surer than any word.
MID_PUNCT_CONTINUES = 9
#: Characters either side of a line break that ``continues`` hands to the word segmenter.
JOIN_WINDOW = 6


@functools.lru_cache(maxsize=65536)
def continues(a: str, b: str) -> int:
    """How surely line text ``b`` reads on from line text ``a`` in the middle of a sentence: 0 when
    ``a`` ends a sentence or nothing shows it; otherwise the length in characters of the word the
    segmenter (jieba's dictionary plus Hunan's place names: ``lexicon.pos_tokenizer``, the one the
    rankers use, so a process loads one dictionary) puts across the break (``垃圾`` / ``桶内`` ->
    ``垃圾桶``, 3), or ``MID_PUNCT_CONTINUES`` when ``b`` opens with a comma-like mark. Usable as a
    truth value. Only the last and first few characters of the lines are read."""
    a, b = compact(a[-4 * JOIN_WINDOW:]), compact(b[:4 * JOIN_WINDOW])
    if not a or not b or ends_sentence(a):
        return 0
    if b[0] in MID_SENTENCE_START:
        return MID_PUNCT_CONTINUES
    return word_across(a[-JOIN_WINDOW:], b[:JOIN_WINDOW])


def could_continue(stems: tuple[str, ...], right: str) -> bool:
    """Whether a line whose ending begins the words ``stems`` (``line_tail``; none when it ends a sentence)
    could read on into a line that opens with ``right`` (``line_head``): ``right`` opens with a comma-like
    mark, or a dictionary word of two or more characters starts at the break. ``continues`` is 0 whenever
    this is False, so a caller with many pairs asks it only of the rest."""
    if not right:
        return False
    if right[0] in MID_SENTENCE_START:
        return True
    freq = word_frequencies()
    return any(starts_word(freq, stem, right, 2) for stem in stems)


@functools.lru_cache(maxsize=65536)
def word_across(left: str, right: str) -> int:
    """Length of the word jieba's best segmentation of ``left + right`` puts across the join, or 0.
    The segmentation runs only when some dictionary word spans the join at all (a few lookups)."""
    freq = word_frequencies()
    if not any(starts_word(freq, left[-i:], right, 2) for i in range(1, len(left) + 1)):
        return 0
    pos = 0
    for word in pos_tokenizer().tokenizer.cut(left + right, HMM=False):
        if pos < len(left) < pos + len(word):
            return len(word)
        pos += len(word)
    return 0


@functools.cache
def word_frequencies() -> dict[str, int]:
    """jieba's word frequencies (``FREQ``), loaded once: every dictionary word, and every prefix of one
    with frequency 0."""
    tokenizer = pos_tokenizer().tokenizer
    tokenizer.check_initialized()
    return tokenizer.FREQ


def starts_word(freq: dict[str, int], stem: str, right: str, shortest: int) -> bool:
    """Whether a dictionary word of at least ``shortest`` characters is ``stem`` (the end of one line)
    followed by the start of ``right`` (the next line's first characters). The walk stops as soon as no
    word starts that way (``FREQ`` holds every prefix)."""
    if stem not in freq:
        return False
    for j in range(1, len(right) + 1):
        word = stem + right[:j]
        if word not in freq:
            return False
        if freq[word] and len(word) >= shortest:
            return True
    return False


def linked(a: str, b: str) -> bool:
    """A sure continuation, ``continues(a, b) >= 3``: a word of three or more characters, or a comma-like
    mark, across the break. The same answer, found faster: each line's end and start are read once
    (``line_tail``, ``line_head``), and jieba runs only when a dictionary word of three or more characters
    spans the join."""
    left, stems = line_tail(a)
    right = line_head(b)
    if not left or not right:
        return False
    if right[0] in MID_SENTENCE_START:
        return True
    freq = word_frequencies()
    return any(starts_word(freq, stem, right, 3) for stem in stems) and word_across(left, right) >= 3


@functools.lru_cache(maxsize=65536)
def line_tail(a: str) -> tuple[str, tuple[str, ...]]:
    """The last ``JOIN_WINDOW`` characters of line text ``a`` and those of its endings that begin a
    dictionary word (none when ``a`` ends a sentence): what a word across a line break can start with."""
    a = compact(a[-4 * JOIN_WINDOW:])
    if not a or ends_sentence(a):
        return "", ()
    left = a[-JOIN_WINDOW:]
    freq = word_frequencies()
    return left, tuple(left[-i:] for i in range(1, len(left) + 1) if left[-i:] in freq)


@functools.lru_cache(maxsize=65536)
def line_head(b: str) -> str:
    """The first ``JOIN_WINDOW`` characters of line text ``b`` (compacted)."""
    return compact(b[:4 * JOIN_WINDOW])[:JOIN_WINDOW]
