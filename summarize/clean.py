"""OCR repair on page text: spaces inside Chinese text, line trimming, sentences broken across lines,
repeated passages, sentence splitting."""
from __future__ import annotations

import re

#: CJK ideographs plus CJK and full-width punctuation: the characters between which OCR column
#: wrapping leaves spurious spaces (``该 区今年以来``).
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201f\u2026\u2014"
_CJK_SPACE = re.compile(rf"(?<=[{CJK}])[ \t\u3000\u00a0]+(?=[{CJK}])")
_RUNS_OF_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
#: Markdown marks some OCR tools leave at a line start: ``#``-``######`` headings and ``>`` quotes.
_MARKDOWN_HEADING = re.compile(r"^(?:#{1,6}|>)\s*")

#: Sentence-final punctuation (Chinese and ASCII). ``；`` ends a clause-sentence as textrank4zh treats it.
SENTENCE_END = "。！？!?；;…"
_CLOSERS = "”’」』）)】"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*?(?:[{SENTENCE_END}]+[{_CLOSERS}]*|$)")


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces that sit between two CJK characters or CJK punctuation marks; keep all others.

    ``"该 区今年以来"`` -> ``"该区今年以来"``; ``"2023 年"`` and ``"GDP 增长"`` are left alone.
    """
    return _CJK_SPACE.sub("", text)


def clean_line(line: str) -> str:
    """Clean one body line: trim, drop a markdown heading mark, remove CJK spaces, fold other space runs."""
    line = _MARKDOWN_HEADING.sub("", line.strip())
    return _RUNS_OF_SPACE.sub(" ", remove_cjk_spaces(line)).strip()


def clean_heading(line: str) -> str:
    """Clean a headline, deck or kicker line: like ``clean_line`` but a space between two CJK runs is a
    clause separator in headlines (``真抓实干强作风 凝心聚力促发展``), so it is kept as one space."""
    line = _MARKDOWN_HEADING.sub("", line.strip())
    return _RUNS_OF_SPACE.sub(" ", line).strip()


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, each ending with its punctuation and any closing quote.

    A last sentence with no final punctuation (common where an OCR page breaks off) is kept, never
    dropped. Returns a list of non-empty stripped strings that concatenate back to the paragraph
    (apart from white space at sentence boundaries).
    """
    sentences = []
    for match in _SENTENCE.finditer(paragraph):
        s = match.group(0).strip()
        if s:
            sentences.append(s)
    return sentences


#: Characters that may close a sentence after its final punctuation, e.g. ``。”``.
_TRAILING = _CLOSERS + "\u201d\u2019\"'"


def stand_in_title(sentence: str, max_chars: int = 24) -> str:
    """A stand-in headline for a story printed without one: ``sentence`` without its closing
    punctuation, cut to ``max_chars`` characters with ``…`` when longer (a comma or the like left
    before the cut goes too)."""
    sentence = sentence.rstrip(SENTENCE_END + "，,")
    if len(sentence) <= max_chars:
        return sentence
    return sentence[:max_chars].rstrip("，,、；;：: ") + "…"


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (closing quotes and brackets skipped).

    A line that does not is broken mid-sentence (a column wrap, a caption or a page edge cut it).
    """
    stripped = text.rstrip().rstrip(_TRAILING)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def compact(text: str) -> str:
    """``text`` without any white space: the form in which OCR'd Chinese lines are compared."""
    return "".join(text.split())


def drop_repeated_passages(paragraphs: list[str], min_chars: int = 20, *, aligned: bool = False) -> list[str]:
    """Remove passages of at least ``min_chars`` characters that repeat text printed earlier in the
    same story (OCR sometimes prints a column twice), keeping the first occurrence.

    Works on paragraphs as given (a list of strings); a paragraph left empty is dropped, or kept as
    ``""`` when ``aligned`` (so the result lines up with the input).
    """
    seen: set[str] = set()
    out: list[str] = []
    for paragraph in paragraphs:
        keep = [True] * len(paragraph)
        for i in range(len(paragraph) - min_chars + 1):
            if paragraph[i:i + min_chars] in seen:
                for j in range(i, i + min_chars):
                    keep[j] = False
        for i in range(len(paragraph) - min_chars + 1):
            seen.add(paragraph[i:i + min_chars])
        kept = "".join(ch for ch, k in zip(paragraph, keep) if k).strip()
        if kept or aligned:
            out.append(kept)
    return out
