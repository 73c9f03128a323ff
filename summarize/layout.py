"""Line roles on an OCR'd page: caption, byline, credit, heading (headline, kicker, deck or section
head), noise (page furniture and tables) and body, by the shape of each line and of its neighbours."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from summarize.clean import SENTENCE_END, clean_heading, clean_line, compact, ends_sentence

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
#: Chinese personal names are 2-4 characters; OCR pads two-character names with a space (``张 咪``).
_NAME = rf"[{_HAN}·]{{1,4}}"
_NAMES = rf"{_NAME}(?:[ \u3000]+{_NAME})*"
_ROLE_WORDS = r"(?:本报记者|本报通讯员|通讯员|记者|文/图|文/|图/|文|图)"
#: A credit: names (or an organisation) in round brackets, alone on a line, or at the end of a body
#: line after sentence-final punctuation or a space (so ``村(社区)`` inside a sentence is no credit).
_CREDIT_ALONE = re.compile(rf"^[（(][ \u3000]*([{_HAN}·][{_HAN}· \u3000]{{0,19}})[)）]$")
_CREDIT_END = re.compile(rf"(?:(?<=[{re.escape(SENTENCE_END)}”」])|[ \u3000]+)[（(][ \u3000]*"
                         rf"([{_HAN}·][{_HAN}· \u3000]{{0,15}})[)）]\s*$")
#: A byline: two or more names, or names after a role word, alone on a line.
_BYLINE = re.compile(rf"^(?:{_ROLE_WORDS}[ \u3000:：]*)?{_NAME}(?:[ \u3000]+(?:{_ROLE_WORDS}[ \u3000:：]*)?{_NAME})+$"
                     rf"|^{_ROLE_WORDS}[ \u3000:：]*{_NAMES}$")
#: The agency or kind of a photo, in brackets after its credit (``（影像中国）``, ``(人民视觉)``, ``（资料照片）``).
_PHOTO_SOURCE = r"(?:[ \u3000]*[（(][^（）()]{2,8}[）)])?"
#: A name followed by 摄 (``刘建军 摄``, ``文禹摄``), on its own or after a caption's words.
_PHOTO_BY = rf"(?:^|[ \u3000]|[。.])[ \u3000]*{_NAMES}[ \u3000]*摄(?:影)?"
#: A photo credit: a name followed by 摄, and the photo's source, closing a caption line.
_PHOTO_CREDIT = re.compile(rf"{_PHOTO_BY}{_PHOTO_SOURCE}$")
#: A photo credit alone on its line, with the photographer's role words or without.
_PHOTO_CREDIT_ALONE = re.compile(rf"[ \u3000]*(?:(?:本报|新华社)?记者|(?:本报)?通讯员)?[ \u3000]*{_NAMES}[ \u3000]*摄(?:影)?"
                                 rf"{_PHOTO_SOURCE}[ \u3000]*")
_SINGLE_NAME = re.compile(rf"^[{_HAN}]{{2,3}}$")
#: A Chinese personal name has two or three characters (four only with a compound surname, which is rare),
#: so a line of nothing but four-character groups set apart by spaces is a headline or deck of parallel
#: four-character phrases (the commonest two-part headline), not a byline of four names of four characters.
PHRASE_CHARS = 4
#: A three-character group is a full name or a three-character phrase (``树新风 育新人 促和谐``, invented); a line of
#: such groups is a byline only when jieba's part-of-speech tagger finds a person's name (``nr``) in one of
#: them. It finds one in 134 of the 148 three-character reporters' names of ``../shared/eval/articles``, so
#: a byline of two such names escapes it about once in a hundred. On the gold of the 400 training, 200 dev
#: and 36 unseen pages, each of the 34 bylines of three-character names has one, and 23 of the 29 such
#: headlines none.
NAME_CHARS = 3
#: Page furniture, the whole line: a date with its weekday, a page number with its section, or both; or
#: the page's editors. Newspapers print these in every page's header and footer.
_FURNITURE = re.compile(rf"^(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日(?:\s*星期[一二三四五六日天])?)?\s*"
                        rf"(?:第\s*[\d一二三四五六七八九十]+\s*版(?:[ \u3000]+[{_HAN}]{{2,6}})?)?$(?<=\S)"
                        rf"|^(?:本版)?(?:责编|责任编辑|版式设计|美编|校对)\s*[:：]")
#: Table cells: a number (``128.4``, ``-1.8``, ``3.5%``), and a column head with its unit in brackets.
_NUMBER_CELL = re.compile(r"[-+−]?\d+(?:[.,]\d+)*%?")
_UNIT_CELL = re.compile(r"[(（][^()（）]{1,6}[)）]$")
#: A table's source note: ``(数据来源：本报调查)``, ``资料来源：…``.
_SOURCE_NOTE = re.compile(r"^[(（]?\s*(?:数据|资料)?来源\s*[:：]")
#: A kicker printed as a place or organisation followed by a colon: ``湘潭市:``, ``## 武陵区：``.
KICKER = re.compile(rf"^([{_HAN}]{{2,10}})[ \u3000]*[:：]")
DECK = re.compile(r"^(?:——|--|—|·|－)")
#: A kicker that leads into the line under it ends with a dash (``全国人大代表冯乐平——``).
_DASH_END = re.compile(r"(?:——|—|--|－－)$")
#: A bullet opening a heading line (``●提高…``): a section head of a long story, never a headline (of the
#: 175 bullet lines on the 400 training and 200 dev synthetic pages, 171 are section heads, 3 decks and 1 a
#: kicker; the seed pages print none).
BULLET = re.compile(r"^[ \u3000#]*[●■◆▲★]")
#: Box labels the fitted role features read (``roles``), fixed with the fitted model.
FITTED_LABELS = "核心阅读|阅读提示|编者按|记者手记|短评|链接|延伸阅读|相关链接|背景|新闻链接|数据"
#: The label of a box set inside a story, or an editor's note's sign-off: it never heads a story. Besides
#: ``FITTED_LABELS``, the labels the 2,022 training articles (``../shared/eval/articles``) open with at
#: least twice (开栏的话 8 times, 编者的话 2, 内容提要 2; 核心阅读 167 is already there) and the sign-off
#: ``——编者`` closing an editor's note (23).
BOX_LABEL = re.compile(rf"^(?:{FITTED_LABELS}|开栏的话|编者的话|内容提要|——编者)")
#: A dateline (电头) opening a story's first paragraph: 本报北京1月2日电, 新华社电, 据新华社电, 本报讯.
DATELINE = re.compile(rf"^[ \u3000]*据?(?:(?:本报|新华社|中新社|人民网|新华网|央视网)[{_HAN}]{{0,6}}"
                      rf"(?:\d{{1,2}}月\d{{1,2}}日)?电|本报讯|[{_HAN}]{{2,8}}\d{{1,2}}月\d{{1,2}}日电)")
#: Labels that open a body paragraph (``数据来源:…``, ``本版制图:…``) in at least 3 of the 973 articles of the
#: synthesiser's ``train`` half of ``../shared/eval/articles``: a field the paper prints in many stories (a
#: table's source, a graphic's credit, a series' name), not the place or person of an ``X:`` kicker.
#: ``python tools/field_labels.py`` re-derives the list. Three articles, a structural choice: a label the
#: paper reuses, not one article's sentence; at two a province opening a list's items (``安徽:``) enters,
#: which elsewhere is a place kicker.
ARTICLE_LABELS = ("数据来源", "本版制图", "制图", "图片来源", "追梦人")
#: A field of an event's particulars (``时间:10月17日``, ``地点:镇文化站``) or an ``ARTICLE_LABELS`` field,
#: printed in heading type or as a markdown heading: text of the story it stands in, never its headline or
#: an ``X:`` kicker (the segmenter keeps it as a line of the story under it, as it keeps a box label). Of the
#: 121 time and place lines on the 800 synthetic training pages of ``make fit-rules`` that are shaped like a
#: heading, all are body lines in the gold; so are all 224 lines opening with an ``ARTICLE_LABELS`` label.
#: Read as body text here instead, the line would cut the heading block it stands in two.
EVENT_FIELD = re.compile(rf"^[ \u3000#]*(?:时间|地点|{'|'.join(ARTICLE_LABELS)})[ \u3000]*[:：]")
#: A line opening with a date (``1月5日…``, ``2019年5月31日…``) printed in heading type: a letter's or a
#: poem's date, an event's day, a lead set large; never a headline. Of the 19 such heading-shaped lines on
#: the 800 synthetic training pages of ``make fit-rules``, 17 are body lines in the gold and 2 section heads.
DATE_OPENING = re.compile(r"^[ \u3000#]*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日")
#: Punctuation that cannot open a headline but often opens a line broken out of a sentence.
_MID_SENTENCE_START = "，,、。；;：:！!？?）)」』】…"
_MID_SENTENCE_END = "，,、；;（(“「『【"
#: Closing quotation marks: no headline opens with one, while a narrow column's line does where the quote it
#: closes was broken off on the line above (``”``, ``”(张三)``, invented: the end of a quotation and a credit,
#: read as a headline of a story of its own on an unseen page). Typography, not fitted; kept apart from
#: ``_MID_SENTENCE_START``, which the fitted segmenter's line roles read as a feature of its own
#: (``roles.py``, ``starts_mid``). The headline shape those roles also read changes with it, so the fitted
#: segmenter's models were re-fitted (``make fit``). Neutral on the 800 training pages of ``make fit-rules``
#: (2.6242 both ways).
CLOSING_QUOTES = "”’"
#: The longest a heading line may be (characters, spaces not counted; ``is_headline_shape``): a longer line is
#: body text unless its place says otherwise. Fitted: ``make fit-rules FIT_ARGS="--constant MAX_HEADLINE_CHARS
#: --grid=28,32,36,40,50"``: 2.6186, **2.6242**, 2.6211, 2.6227, 2.6204. At 40 the unseen seed-like titles
#: would rise from 0.904 to 0.913 (u25's long headlines) but F1 fall from 0.953 to 0.949 and hard purity from
#: 0.933 to 0.920.
MAX_HEADLINE_CHARS = 32
#: A word across a line break this long (characters) or longer shows the lines are one sentence wherever
#: they stand (``continuity.linked``); a two-character word is made by chance often enough that it counts
#: only between a heading-shaped line and the body line under it. Structural: the length jieba's words
#: have, not a fitted weight; ``continuity.MID_PUNCT_CONTINUES`` (a comma opening the line) is above it.
SURE_WORD = 3
#: A line this short (characters) among others like it is a narrow column, not a headline.
NARROW_CHARS = 20
#: Lines of one narrow column differ in width by at most this much (characters; ``same_column``). Seed 001's
#: columns, set with compressed punctuation, hold 15 to 18 characters a line, 13.5 to 16 wide as printed.
#: ``make fit-rules FIT_ARGS="--constant COLUMN_SLACK --grid 0.5,1,1.5"``: 2.6175, 2.6129, 2.6118. The
#: training pages' columns vary less than seed 001's: at 0.5 its river story's lines are taken for two
#: columns and the story loses its headline (``test_headline_block_of_three_stories_and_kickers_printed_apart``),
#: so the least value that holds the seed pages is kept (a decision, docs/segmentation.md, "Column widths").
COLUMN_SLACK = 1.0
#: A paragraph's first line is set in by two characters (首行缩进两字), which OCR leaves out: in a narrow
#: column it holds that much less (seed 001's ``为推动河长制工作…``). Structural, the paper's convention.
PARAGRAPH_INDENT = 2.0
#: A heading-shaped line opening or closing a run of short lines is a piece of a column when at least this many
#: of the run's lines broken mid-sentence are as wide (``same_column``: a column's lines run to its edge), else
#: a headline printed among the columns (``_demote_column_fragments``). Fitted: ``make fit-rules FIT_ARGS=
#: "--constant COLUMN_LINES --grid 0,1,2,3"``: 2.6082 (0: every such line a piece, as before), 2.6130, 2.6129,
#: 2.6124, flat from 1 with ``segment.COLUMN_LEAST`` at 1; at 2 (as now), 1 gives 2.6125 and 2 gives 2.6140.
COLUMN_LINES = 2

Role = Literal["caption", "byline", "credit", "heading", "body",
               "headline", "kicker", "deck", "section", "noise"]
#: The line roles the fitted role model (``summarize.roles``) tells apart. ``section`` is a section head
#: inside a story's body; ``noise`` is page furniture (page header or footer, table, notice, box label).
ROLES = ("headline", "kicker", "deck", "section", "byline", "credit", "caption", "noise", "body")
#: Roles that stand above a story's body as its heading (a block of them opens a story or a section).
HEADING_ROLES = ("headline", "kicker", "deck", "section", "heading")


@dataclass
class PageLine:
    """One non-blank line of a page: ``number`` (1-based), ``raw`` text, ``text`` cleaned, its ``role``,
    and the names of a credit printed at its end (``credit``, body lines only)."""

    number: int
    raw: str
    text: str
    role: Role
    credit: tuple[str, ...] = ()
    confidence: float = 1.0
    #: The role model's probability of each role (``ROLES`` order); empty when not classified.
    probs: tuple[float, ...] = ()

    def p(self, role: str) -> float:
        """The role model's probability (0-1) that this line has ``role``; 1 or 0 when unclassified."""
        return self.probs[ROLES.index(role)] if self.probs else float(self.role == role)


def split_names(names: str) -> list[str]:
    """Split a run of space-separated Chinese names; a lone character is half of a padded name.

    ``"周 俊 何邵林"`` -> ``["周俊", "何邵林"]``; ``"李秉钧 陈艳 谭伟"`` -> three names. A run printed
    without spaces (``刘澜戴宁彭舒``) cannot be split reliably and stays one string.
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


def is_page_furniture(line: str) -> bool:
    """True for a page's header or footer line: the date (``2023年12月12日 星期二``), the page number and
    section (``第5版 要闻``), both on one line, or the page's editors (``本版责编：张三``)."""
    return bool(_FURNITURE.match(line.strip().lstrip("#").strip()))


#: The title of a notice (a classified notice, not news): 遗失声明, 招聘启事, 公告, 通知.
_NOTICE_TITLE = re.compile(r"(?:遗失|作废)?声明|(?:招聘|招生|寻人)?启事|(?:招标)?公告|通知")
#: What closes a notice's text: 声明作废。, 特此公告。, a contact line, or the notice's date alone on a line.
NOTICE_END = re.compile(r"作废|特此|联系电话|联系人|^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


def is_notice_title(line: str) -> bool:
    """True for a line that is only a notice's title (``遗失声明``, ``公 告``, ``招聘启事``; markdown marks and
    spaces aside): what it heads is a notice, not a story."""
    return _NOTICE_TITLE.fullmatch(compact(clean_heading(line))) is not None


def is_table_row(line: str) -> bool:
    """True for a row of a table printed as text: three or more cells set apart by spaces, where every
    cell after the first is a number (``稻谷 128.4 3.5``), or two or more cells carry a unit in brackets
    (the header row, ``品种 产量(吨) 增幅(%)``)."""
    cells = line.strip().lstrip("#").split()
    if len(cells) < 3:
        return False
    return all(_NUMBER_CELL.fullmatch(c) for c in cells[1:]) or sum(bool(_UNIT_CELL.search(c)) for c in cells) >= 2


def is_caption(line: str) -> bool:
    """True for a photo caption or photo credit line: it ends with a name and ``摄`` (``… 刘建军 摄``)."""
    return bool(_PHOTO_CREDIT.search(line.strip()))


def credit_names(line: str) -> tuple[str, list[str]] | None:
    """Find a credit in round brackets, alone on ``line`` or at its end.

    Returns ``(line without the credit, names)`` or None. ``"…贡献坚实力量。(蒋坤)"`` ->
    ``("…贡献坚实力量。", ["蒋坤"])``; ``"(周 俊 何邵林)"`` -> ``("", ["周俊", "何邵林"])``.
    """
    text = line.strip()
    match = _CREDIT_ALONE.match(text) or _CREDIT_END.search(text)
    if not match:
        return None
    return text[: match.start()].rstrip(), split_names(match.group(1))


def is_byline(line: str) -> bool:
    """True for a byline: names alone on a line (``熊小平 龚雅丽 梁华 吴孟贤``, ``本报记者 张三``), but not
    a line of four-character phrases only (``产销两旺 农户增收``): see ``PHRASE_CHARS``; nor a line of
    three-character groups none of which names a person (``树新风 育新人 促和谐``): see ``NAME_CHARS``;
    nor a notice's spaced title (``公 告``, ``is_notice_title``); nor single characters set apart by spaces
    that do not read as a person's name together: a section head spaced out to the column's width
    (``前 沿``, invented): on the 800 synthetic training pages of ``make fit-rules`` 73 of the 93 such lines
    are section heads, 65 of them read as no name, while 18 of the 19 such bylines read as one (jieba's
    ``nr``); nor a line with a word of ``PHRASE_CHARS`` or more that is no role word and names no person: a
    phrase (``赫山 退捕上岸``, a headline of a place and a phrase; a column label): of the lines otherwise read as
    bylines on the 800 training pages of ``make fit-rules``, it holds for 42 of the 107 that are not, and for
    none of the 705 that are."""
    text = line.strip()
    if not _BYLINE.match(text) or is_notice_title(text):
        return False
    tokens = re.split(r"[ \u3000]+", text)
    if any(len(t) >= PHRASE_CHARS and not re.fullmatch(_ROLE_WORDS, t) and not _names_person(t) for t in tokens):
        return False  # a phrase, not a name: ``赫山 退捕上岸``
    if len(tokens) < 2:
        return True
    if all(len(t) == PHRASE_CHARS and not re.fullmatch(_ROLE_WORDS, t) for t in tokens):
        return False  # parallel four-character phrases
    if all(len(t) == 1 for t in tokens):
        return _names_person("".join(tokens))  # spaced out: a two-character name, or a section head (``前 沿``)
    return not (all(len(t) == NAME_CHARS for t in tokens) and not any(map(_names_person, tokens)))


@functools.lru_cache(maxsize=4096)
def _names_person(token: str) -> bool:
    """Whether jieba's part-of-speech tagger reads a person's name (``nr``) in ``token``: the project's tagger
    (``lexicon.pos_tokenizer``), whose dictionary the segmenter has loaded already (``continuity``), not
    jieba's global one, which would load a second copy."""
    from summarize.lexicon import pos_tokenizer  # imported here: layout stays free of the tokenizer's load

    return any(word.flag.startswith("nr") for word in pos_tokenizer().cut(token))


def is_box_label(line: str) -> bool:
    """True for a line that is only a box label (``核心阅读``, ``编者按：``; ``BOX_LABEL``), markdown marks
    and a closing colon aside."""
    text = compact(clean_heading(line)).rstrip(":：")
    return bool(text) and BOX_LABEL.fullmatch(text) is not None


def is_note(line: str) -> bool:
    """True for a line wholly in brackets (``line``: raw or cleaned text): an author's or editor's note
    closing a story, ``（作者为本报记者）``, ``（本报记者某某整理）`` (a credit in brackets, ``(钟燕群)``, is read
    as a credit before this is asked). Never a heading: on the 400 synthetic training pages ``make fit``
    draws, the 168 such lines that are no credit and are shaped like a headline are 113 body lines and 55
    table notes, and none is a headline, kicker, deck or section head."""
    text = compact(line)
    return len(text) > 2 and text[0] in "（(" and text[-1] in "）)"


def is_headline_shape(line: str) -> bool:
    """True for a line shaped like a headline, kicker, deck or section head: at most
    ``MAX_HEADLINE_CHARS`` characters (spaces not counted), no sentence-final punctuation, and neither
    opening nor closing the way a line broken out of a sentence does (``，…`` / ``…、``).
    A markdown heading (``## …``) always is one."""
    if line.lstrip().startswith("#"):
        return bool(compact(clean_heading(line)))
    return _shaped_as_heading(compact(clean_heading(line)), SENTENCE_END)


def _shaped_as_heading(text: str, stops: str) -> bool:
    """Whether compacted line ``text`` is at most ``MAX_HEADLINE_CHARS`` long, holds none of the
    characters ``stops`` and neither opens nor closes as a line broken out of a sentence does."""
    if not text or len(text) > MAX_HEADLINE_CHARS or any(ch in stops for ch in text):
        return False
    return text[0] not in _MID_SENTENCE_START + CLOSING_QUOTES and text[-1] not in _MID_SENTENCE_END


def _with_neighbours(lines: list[PageLine]):
    """``(previous, line, next)`` for every line of ``lines`` but captions, its neighbours the lines printed
    before and after it leaving captions out (None at either end)."""
    flow = [pl for pl in lines if pl.role != "caption"]
    return zip([None, *flow[:-1]], flow, [*flow[1:], None])


def classify_lines(text: str, continues: Callable[[str, str], int]) -> list[PageLine]:
    """Give every non-blank line of a page its role.

    ``continues(a, b)`` says how surely line text ``b`` reads on from line text ``a`` mid-sentence
    (``continuity.continues``: the length in characters of the word across the break, ``SURE_WORD`` or more
    for a comma opening ``b``, 0 for none); a headline-shaped line that reads on into the body line under
    it, or surely reads on with a neighbour, is a column fragment, and so is one standing among short body
    lines (a narrow column). Page furniture (``is_page_furniture``) and tables
    (``is_table_row``, with a table's title and source note) get the role ``noise``. Returns the lines in
    page order.
    """
    raw_lines = [(i + 1, raw) for i, raw in enumerate(text.split("\n")) if raw.strip()]
    out: list[PageLine] = []
    rows: set[int] = set()  # the table rows among ``out``
    for k, (n, raw) in enumerate(raw_lines):
        nxt = raw_lines[k + 1][1] if k + 1 < len(raw_lines) else ""
        if is_caption(raw):
            out.append(PageLine(n, raw, clean_line(raw), "caption"))
            continue
        row = is_table_row(raw)
        if row or is_page_furniture(raw):
            out.append(PageLine(n, raw, clean_line(raw), "noise"))
            if row:
                rows.add(len(out) - 1)
            continue
        if _is_photo_credit_alone(nxt):
            out.append(PageLine(n, raw, clean_line(raw), "caption"))  # the caption above ``何勇 摄``
            continue
        credit = credit_names(raw)
        if credit is not None and not credit[0]:
            out.append(PageLine(n, raw, "", "credit", tuple(credit[1])))
            continue
        if is_byline(raw):
            out.append(PageLine(n, raw, "", "byline", tuple(split_names(raw))))
            continue
        if is_headline_shape(raw) and not is_note(raw) and not _leads_into_list(raw):
            out.append(PageLine(n, raw, clean_heading(raw), "heading"))
            continue
        body = credit[0] if credit else raw
        out.append(PageLine(n, raw, clean_line(body), "body", tuple(credit[1]) if credit else ()))
    _table_titles_and_sources(out, rows)
    _exclaimed_headlines(out)
    _long_headlines(out)
    _demote_column_fragments(out, continues)
    _single_name_bylines(out)
    _headings_by_what_is_above(out)
    return out


def _table_titles_and_sources(lines: list[PageLine], rows: set[int]) -> None:
    """A table's title (a heading line printed right above its rows) and its notes (a line in brackets right
    above or below them, ``(单位:亿元)``, and the source note ``(数据来源:…)`` below) are furniture too."""
    for k in sorted(rows):
        if k - 1 >= 0 and k - 1 not in rows and (lines[k - 1].role == "heading" or is_note(lines[k - 1].raw)):
            lines[k - 1].role = "noise"
        if k + 1 < len(lines) and k + 1 not in rows and (_SOURCE_NOTE.match(lines[k + 1].raw.strip())
                                                          or is_note(lines[k + 1].raw)):
            pl = lines[k + 1]
            pl.role, pl.text, pl.credit = "noise", clean_line(pl.raw), ()


def _exclaimed_headlines(lines: list[PageLine]) -> None:
    """A line shaped like a headline but for a ``！`` or ``？`` in it (``守住防线！``) is a heading where a
    story's heading stands: after a credit (the story above has ended), or over a byline or a deck line
    (``——…``). Elsewhere such a line is a one-line paragraph: a cry or a question in the body. Counts on
    the 800 synthetic training pages of ``make fit-rules``: of such body-read lines in those places 53 are
    headlines and 11 body; elsewhere 42 are headlines and 881 body (docs/segmentation.md, "Headlines
    with ！ or ？")."""
    for prev, pl, nxt in _with_neighbours(lines):
        if pl.role != "body" or pl.credit:
            continue
        if (prev is not None and prev.role == "credit" or nxt is not None and (
                nxt.role == "byline" or nxt.role == "heading" and DECK.match(nxt.text))) and _exclaimed_shape(pl.raw):
            pl.role, pl.text = "heading", clean_heading(pl.raw)


#: The marks that make a line a clause of a sentence: sentence ends, commas, enumeration commas, colons, brackets.
_CLAUSE_MARKS = SENTENCE_END + "，,、：:（）()"


def _long_headlines(lines: list[PageLine]) -> None:
    """A body line longer than ``MAX_HEADLINE_CHARS`` that holds none of a sentence's marks
    (``_CLAUSE_MARKS``) and neither opens nor closes as a line broken out of a sentence does is a heading:
    a long headline or deck (an official report's or decision's title, ``关于…的决定``), which no length
    limit of a heading line can tell from body text. A body line of that length nearly always holds a comma
    or a full stop. On the 800 synthetic training pages of ``make fit-rules`` the layout read 48 such lines
    as body: 37 are headlines, 9 decks and 2 body (on the 200 dev pages 14, 9 and 1); training 2.6497 to
    2.6515. A page whose long lines mostly hold no mark at all lost its punctuation (OCR): there every line
    would read so, and the rule does not apply (half: a structural divide, not fitted)."""
    texts = {pl.number: compact(clean_heading(pl.raw)) for pl in lines if pl.role == "body" and not pl.credit}
    long = [pl for pl in lines if len(texts.get(pl.number, "")) > MAX_HEADLINE_CHARS]
    bare = [pl for pl in long if not any(ch in _CLAUSE_MARKS for ch in texts[pl.number])]
    if 2 * len(bare) >= len(long):
        return
    for pl in bare:
        text = texts[pl.number]
        if text[0] not in _MID_SENTENCE_START + CLOSING_QUOTES and text[-1] not in _MID_SENTENCE_END:
            pl.role, pl.text = "heading", clean_heading(pl.raw)


def _headings_by_what_is_above(lines: list[PageLine]) -> None:
    """A line holding no ``。`` printed right under a heading is a heading itself, whatever else its shape,
    in three places:

    - under a heading that ends with a dash (a kicker leading into it, ``全国人大代表冯乐平——``), when it is
      no longer than ``MAX_HEADLINE_CHARS``: it is the headline (a cry in quotation marks, ``“守住防线！”``; a
      short line among short lines; a line read as a byline). On the 800 synthetic training pages of ``make
      fit-rules`` the layout read 12 such lines as body or byline: all 12 are headlines (of the longer ones,
      10 are body and 3 headlines);
    - when it opens with a deck's mark (``——``, ``·``): it is a deck however long
      (``——在庆祝大会上的讲话引发热烈反响``); read as body, it joined the story's lead and its first
      sentence. On the same pages the layout read 29 such lines as body: all 29 are decks (10 of 10 on the
      200 dev pages); the one such line holding a ``。`` is body;
    - when the line under it is a byline and it does not end as a line broken out of a sentence does
      (``…，``): a headline or deck printed between a heading and its byline, however long (a headline of
      over ``MAX_HEADLINE_CHARS`` under its kicker, read as body, left the kicker to title the story; a deck of
      clauses, ``召开全市作风建设大会 部署三项重点工作``, invented). On the 800 synthetic training pages of
      ``make fit-rules`` the layout read 6 such lines as body: 5 decks and a headline (on the 200 dev pages
      2: a deck and a headline).

    Lines are taken in page order, so a line made a heading here is the heading above the next one."""
    for prev, pl, nxt in _with_neighbours(lines):
        if prev is None or prev.role != "heading" or "。" in pl.raw or pl.role not in ("body", "byline") \
                or pl.role == "body" and pl.credit:
            continue
        text = clean_heading(pl.raw)
        if _DASH_END.search(prev.text) and len(compact(text)) <= MAX_HEADLINE_CHARS or pl.role == "body" and (
                DECK.match(text) or nxt is not None and nxt.role == "byline"
                and compact(text)[-1:] not in _MID_SENTENCE_END):
            pl.role, pl.text, pl.credit = "heading", text, ()


#: The sentence-final marks a headline may hold.
_EXCLAIM = "！？!?"


def _exclaimed_shape(line: str) -> bool:
    """``is_headline_shape`` but for a ``！``/``？`` (no other sentence-final mark) in the line."""
    text = compact(clean_heading(line))
    if line.lstrip().startswith("#") or is_note(line) or not any(ch in _EXCLAIM for ch in text):
        return False
    return _shaped_as_heading(text, "".join(ch for ch in SENTENCE_END if ch not in _EXCLAIM))


def _leads_into_list(line: str) -> bool:
    """A line shaped like a heading that holds a comma and ends with a colon (``今年以来，…办法频出：``) is a
    sentence of the body leading into what follows, not a heading: all 30 such lines of the 800 synthetic
    training pages of ``make fit-rules`` are body lines (the 201 colon-ending heading-shaped lines without a
    comma are mostly ``X:`` kickers)."""
    text = compact(clean_heading(line))
    return text[-1:] in ("：", ":") and any(ch in text for ch in "，,") and not line.lstrip().startswith("#")


def _is_photo_credit_alone(line: str) -> bool:
    """A line that is only a photo credit (``何勇 摄``, ``文禹摄``, ``本报记者 孙明 摄``): the caption is the line
    above, however long. On the 800 synthetic training pages of ``make fit-rules``, all 137 lines printed
    right above such a credit are captions in the gold, and all are longer than ``MAX_HEADLINE_CHARS`` (the
    most this rule allowed before, when they were read as body)."""
    return bool(_PHOTO_CREDIT_ALONE.fullmatch(line))


def _demote_column_fragments(lines: list[PageLine], continues: Callable[[str, str], int]) -> None:
    """Headline-shaped lines that are really pieces of a column become body lines: one that reads on into
    the body line under it by a word across the break, of any length (a headline ends where its line ends:
    on the 800 synthetic training pages of ``make fit-rules``, 303 of 305 heading-shaped lines that do are
    body text; docs/segmentation.md) unless that line opens with a dateline (a story's first paragraph:
    nothing reads on into it), or surely reads on into the
    heading-shaped line under it or from the body line above it (``SURE_WORD``); every line of a run of four
    or more short lines two of which are body, but a heading as wide as fewer than ``COLUMN_LINES`` of the
    run's lines broken mid-sentence (a headline printed at the top of a column or after a credit); then,
    repeatedly, a short one whose neighbours on both sides are short body lines."""
    flow = [pl for pl in lines if pl.role != "caption"]
    # a markdown heading, or a headline of two phrases (``_two_phrases``), is never a piece of a column
    kept = {pl.number for pl in lines
            if pl.role == "heading" and (pl.raw.lstrip().startswith("#") or _two_phrases(pl.raw))}
    for prev, pl, nxt in _with_neighbours(lines):
        if pl.role != "heading" or pl.number in kept:
            continue
        word = continues(pl.text, nxt.text) if nxt is not None and nxt.role in ("body", "heading") else 0
        if word >= SURE_WORD or word and nxt.role == "body" and not DATELINE.match(nxt.raw) or \
                (prev is not None and prev.role == "body" and not ends_sentence(prev.text)
                 and continues(prev.text, pl.text) >= SURE_WORD):
            pl.role, pl.text = "body", clean_line(pl.raw)
    run: list[PageLine] = []
    for pl in [*flow, None]:
        if pl is not None and len(compact(pl.text)) <= NARROW_CHARS and pl.role in ("heading", "body") \
                and not pl.raw.lstrip().startswith("#"):
            run.append(pl)
            continue
        if len(run) >= 4 and sum(1 for x in run if x.role == "body") >= 2:
            # the widths of the run's lines broken mid-sentence, read only when a heading is there to judge
            columns = [printed_widths(x.text) for x in run if x.role == "body" and not ends_sentence(x.text)] \
                if any(x.role == "heading" for x in run) else []
            for x in run:
                if x.number in kept:
                    continue
                if x.role == "heading" and columns:
                    mine = printed_widths(clean_line(x.raw))
                    if sum(same_column(mine, c) for c in columns) < COLUMN_LINES:
                        continue  # as wide as no column of the run: a headline printed among the columns
                x.role, x.text = "body", clean_line(x.raw)
        run = []
    changed = True
    while changed:
        changed = False
        for k, pl in enumerate(flow):
            if pl.role != "heading" or pl.number in kept or not 0 < k < len(flow) - 1:
                continue
            if all(_short_body(flow[j]) for j in (k - 1, k + 1)):
                pl.role, pl.text = "body", clean_line(pl.raw)
                changed = True


@functools.lru_cache(maxsize=65536)
def printed_widths(text: str) -> tuple[float, float]:
    """``(characters, printed width)`` of line ``text``, both in characters, spaces not counted. The printed
    width counts punctuation, digits and Latin letters half (a paper that compresses punctuation sets them in
    half a character's width; a character is whole when ``unicodedata`` gives it East Asian Width W or F and
    it is not punctuation)."""
    text = compact(text)
    half = sum(1 for ch in text
               if unicodedata.east_asian_width(ch) not in "WF" or unicodedata.category(ch).startswith("P"))
    return float(len(text)), len(text) - half / 2


def same_column(a: tuple[float, float], b: tuple[float, float], indented: bool = False, cell: bool = False) -> bool:
    """Whether two widths (``printed_widths``, or medians of them) are within ``COLUMN_SLACK`` characters of
    each other in characters or in printed width: lines of one column, whichever way the paper sets its
    punctuation (full-width: every line holds as many characters; compressed: every line is as wide). On a page
    set one character a cell (``cell``, ``segment._cell_set_page``) a column's lines hold its number of
    characters only: within half a character, as a median of two lines may fall halfway. When ``indented``,
    ``a`` is the width of a line that may open a paragraph, and may be narrower than ``b`` by
    ``PARAGRAPH_INDENT`` more."""
    indent = PARAGRAPH_INDENT if indented else 0.0
    if cell:
        return b[0] - 0.5 - indent <= a[0] <= b[0] + 0.5
    return any(b[k] - COLUMN_SLACK - indent <= a[k] <= b[k] + COLUMN_SLACK for k in (0, 1))


#: A phrase of a headline set in two parts: Chinese characters, two or more of them together, and quotation marks.
_PHRASE = re.compile(rf"[{_HAN}“”『』「」‘’]*[{_HAN}]{{2}}[{_HAN}“”『』「」‘’]*")


def _two_phrases(raw: str) -> bool:
    """Whether printed line ``raw`` is two phrases a space apart and nothing else (``溪水清了 鱼儿回了``,
    invented), each with its quotation marks closed: a headline set in two parts, as papers set them, not a
    piece of a column broken at a space. Of such lines of the 800 training pages of ``make fit-rules`` that
    ``_demote_column_fragments`` would read as column lines, 51 are headlines in the gold, 17 section heads and
    21 body lines (a column line with an OCR space; docs/segmentation.md, "A headline of two phrases")."""
    parts = raw.split()
    return len(parts) == 2 and not DATELINE.match(raw) and all(
        _PHRASE.fullmatch(x) and x.count("“") == x.count("”") and x.count("『") == x.count("』") for x in parts)


def _short_body(pl: PageLine) -> bool:
    return pl.role == "body" and len(compact(pl.text)) <= NARROW_CHARS


def _single_name_bylines(lines: list[PageLine]) -> None:
    """A lone two- or three-character name right under a headline, over body text or a box label
    (``核心阅读``), is a one-name byline (``车世忠``)."""
    for k in range(1, len(lines) - 1):
        pl = lines[k]
        if pl.role == "heading" and lines[k - 1].role == "heading" and _SINGLE_NAME.match(pl.text) \
                and (lines[k + 1].role == "body" or is_box_label(lines[k + 1].text)) \
                and not pl.raw.lstrip().startswith("#"):
            pl.role, pl.credit, pl.text = "byline", (pl.text,), ""
