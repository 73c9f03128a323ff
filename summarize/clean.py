"""OCR repair on page text: control and invisible characters, spaces inside Chinese text, line trimming,
sentences broken across lines, repeated passages, sentence splitting."""
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


#: Line ends that are not ``\n``: CR LF, CR, C1's next line (NEL) and Unicode's line and paragraph
#: separators; ``remove_control_characters`` makes each a ``\n``.
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
#: What ``remove_control_characters`` drops: C0 controls but tab and line feed (so vertical tab and
#: form feed too: inside a line they are noise, and a page break's form feed sits before a line end),
#: DEL, C1 controls, zero-width characters (space, non-joiner, joiner, word joiner, invisible operators,
#: BOM / zero-width no-break space), bidirectional marks, embeddings, overrides and isolates (LRM, RLM,
#: ALM, U+202A-U+202E, U+2066-U+2069), the interlinear annotation marks and the noncharacters
#: U+FFFE / U+FFFF. None is printed text; several are not allowed in XML (the feed) and the bidi ones
#: can reorder what a reader sees (Trojan Source, CVE-2021-42574).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]")
#: What XML 1.0 does not allow (``xml_safe``).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def remove_control_characters(text: str) -> str:
    """``text`` with its line ends made ``\\n`` (CR LF, CR, NEL, U+2028, U+2029) and its control and
    invisible characters removed (``_INVISIBLE``: C0 controls but tab and line feed, DEL, C1, zero-width
    characters, bidi marks and overrides, U+FFFE/U+FFFF). Every printed character, tab and line feed is
    kept; the result is valid XML 1.0 character data (a lone surrogate aside, which no decoder here
    produces). Pure; never raises."""
    return _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (C0 controls but tab, line feed and
    carriage return; lone surrogates; U+FFFE, U+FFFF), for writers such as lxml that refuse them."""
    return _NOT_XML.sub("", text)


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces that sit between two CJK characters or CJK punctuation marks; keep all others.

    ``"该 区今年以来"`` -> ``"该区今年以来"``; ``"2023 年"`` and ``"GDP 增长"`` are left alone.
    """
    return _CJK_SPACE.sub("", text)


#: ASCII punctuation OCR prints in Chinese text, and the full-width form Chinese text sets it in.
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
#: Chinese context: CJK ideographs, CJK and full-width punctuation, curly quotes, ellipsis and dash.
_CJK_CHAR = re.compile(rf"[{CJK}]")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Where a straight quote reads as a closing one: after sentence-final punctuation or before a comma or stop.
_CLOSING_SHAPE_BEFORE = "。！？!?…；;，,、"
_CLOSING_SHAPE_AFTER = "，,。、；;：:！!？?）)"
_BRACKET = re.compile(r"[()]")
_STRAIGHT_QUOTE = re.compile('"')
_HALF_WIDTH = re.compile("[" + re.escape("".join(FULL_WIDTH)) + "]")


def _chinese_next_to(text: str, i: int) -> bool:
    """True when the character before or after position ``i`` of ``text`` is Chinese context (``CJK``)."""
    return bool((i > 0 and _CJK_CHAR.match(text[i - 1])) or (i + 1 < len(text) and _CJK_CHAR.match(text[i + 1])))


def normalise_punctuation(text: str) -> str:
    """Set ASCII punctuation in Chinese context in its full-width form, as Chinese text prints it.

    ``, ; : ? ! ( )`` next to a Chinese character or full-width mark (either side) become
    ``， ； ： ？ ！ （ ）``; a bracket pair is converted together when either bracket is in Chinese
    context or it encloses a Chinese character (``村(社区)`` -> ``村（社区）``). Straight double quotes
    ``"`` pair by order, and a pair in Chinese context (the same test) becomes ``“`` ``”``; when their
    count is odd and the first reads as a closing mark (after sentence-final punctuation or a comma, or
    before one), it is a closing ``”`` whose opening mark was lost (OCR, or a quotation begun before the
    text) and the rest pair after it; otherwise the last one stays an opening ``“``. Spaces left between two Chinese marks
    or characters by the change go (``remove_cjk_spaces``). Marks between Latin letters or digits
    (``1,000``, ``10:30``, ``GDP(2023)``) are left alone. Works on a paragraph: quotation marks pair
    within the text given. Pure; never raises.
    """
    if not any(ch in text for ch in '",;:?!()'):
        return text
    chars = list(text)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for match in _BRACKET.finditer(text):  # the marks' positions only: a paragraph holds few
        if match.group() == "(":
            stack.append(match.start())
        elif stack:
            pairs.append((stack.pop(), match.start()))
    paired = {i for pair in pairs for i in pair}
    for start, end in pairs:
        if (_chinese_next_to(text, start) or _chinese_next_to(text, end)
                or _HAN_CHAR.search(text, start + 1, end)):
            chars[start], chars[end] = "（", "）"
    quotes = [match.start() for match in _STRAIGHT_QUOTE.finditer(text)]
    if len(quotes) % 2:
        first = quotes[0]
        if ((first > 0 and text[first - 1] in _CLOSING_SHAPE_BEFORE)
                or (first + 1 < len(text) and text[first + 1] in _CLOSING_SHAPE_AFTER)):
            if _chinese_next_to(text, first):
                chars[first] = "”"
            quotes = quotes[1:]
    for n in range(0, len(quotes), 2):
        start, end = quotes[n], quotes[n + 1] if n + 1 < len(quotes) else None
        if end is None:
            if _chinese_next_to(text, start):
                chars[start] = "“"
        elif (_chinese_next_to(text, start) or _chinese_next_to(text, end)
              or _HAN_CHAR.search(text, start + 1, end)):
            chars[start], chars[end] = "“", "”"
    quoted = "".join(chars)  # the other marks read their context after the quotation marks are set
    for match in _HALF_WIDTH.finditer(quoted):
        i = match.start()
        if i not in paired and _chinese_next_to(quoted, i):
            chars[i] = FULL_WIDTH[match.group()]
    return remove_cjk_spaces("".join(chars))


def clean_line(line: str) -> str:
    """Clean one body line: trim, drop a markdown heading mark, remove CJK spaces, fold other space runs."""
    line = _MARKDOWN_HEADING.sub("", line.strip())
    return _RUNS_OF_SPACE.sub(" ", remove_cjk_spaces(line)).strip()


def clean_heading(line: str) -> str:
    """Clean a headline, deck or kicker line: like ``clean_line`` but a space between two CJK runs is a
    clause separator in headlines (``真抓实干强作风 凝心聚力促发展``), so it is kept as one space."""
    line = _MARKDOWN_HEADING.sub("", line.strip())
    return _RUNS_OF_SPACE.sub(" ", line).strip()


#: Longest sentence ``split_sentences`` returns, in characters. Real sentences are far shorter (the
#: seed pages' longest: 245); text without sentence punctuation (a page that lost it in OCR) is cut
#: into pieces of at most this many, so that no "sentence" of a whole page becomes a summary.
MAX_SENTENCE_CHARS = 1000
#: Where an overlong sentence is preferably cut: after a comma, enumeration comma, colon or space.
_SOFT_BREAK = re.compile(r"[，,、：:\s]")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, each ending with its punctuation and any closing quote.

    A last sentence with no final punctuation (common where an OCR page breaks off) is kept, never
    dropped. A stretch longer than ``MAX_SENTENCE_CHARS`` characters without sentence punctuation is
    cut into pieces of at most that many (after its last comma, colon or space where it has one).
    Returns a list of non-empty stripped strings that concatenate back to the paragraph (apart from
    white space at sentence boundaries).
    """
    sentences = []
    for match in _SENTENCE.finditer(paragraph):
        s = match.group(0).strip()
        while len(s) > MAX_SENTENCE_CHARS:
            soft = [m.end() for m in _SOFT_BREAK.finditer(s, MAX_SENTENCE_CHARS // 2, MAX_SENTENCE_CHARS)]
            cut = soft[-1] if soft else MAX_SENTENCE_CHARS
            sentences.append(s[:cut].strip())
            s = s[cut:].strip()
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
        passages = [paragraph[i:i + min_chars] for i in range(len(paragraph) - min_chars + 1)]
        repeats = [i for i, passage in enumerate(passages) if passage in seen]
        seen.update(passages)
        if repeats:
            keep = [True] * len(paragraph)
            for i in repeats:
                keep[i:i + min_chars] = [False] * min_chars
            kept = "".join(ch for ch, k in zip(paragraph, keep) if k).strip()
        else:
            kept = paragraph.strip()
        if kept or aligned:
            out.append(kept)
    return out
