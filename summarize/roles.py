"""Line roles by a fitted model: every non-blank line of a page becomes a headline, kicker, deck,
section head, byline, credit, caption, noise (page furniture) or body line, by multinomial logistic
regressions over the shape of the line and of its neighbours, fitted on synthetic pages (``make fit``).
The fitted segmenter (``segment_fitted``) builds on it."""
from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from summarize.clean import SENTENCE_END, clean_heading, clean_line, compact, ends_sentence
from summarize.layout import (_BYLINE, _CREDIT_ALONE, _CREDIT_END, _HAN, _MID_SENTENCE_END, _MID_SENTENCE_START,
                              _NAMES, _PHOTO_BY, _SINGLE_NAME, DATELINE, DECK, FITTED_LABELS, HEADING_ROLES, KICKER,
                              NARROW_CHARS, ROLES, PageLine, credit_names, is_headline_shape, split_names)


_DATE_LINE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|星期[一二三四五六日天]")
_PAGE_LINE = re.compile(r"第\s*[\d一二三四五六七八九十]+\s*版|[A-Z]\d{1,2}\s*版|版面|责编|责任编辑|版式|美编|校对|编辑[：:]")
_NOTICE = re.compile(r"声明|启事|公告|通知|招聘|遗失|作废|联系电话|电话[：:]|地址[：:]")
_LABEL = re.compile(rf"^(?:{FITTED_LABELS})")
_FIELD = re.compile(rf"^[{_HAN}]{{2,4}}[：:]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_LENGTH_BINS = (4, 8, 12, 16, 20, 26, 32, 40, 60)
_STOPS = re.compile("[。！？!?；;]")
_COMMAS = re.compile("[，,、]")
_INNER_STOP = re.compile(f"[{re.escape(SENTENCE_END)}]")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile("[A-Za-z]")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_ROLE_WORD = re.compile(r"本报记者|通讯员|记者|特约")
_BRACKETS_ALONE = re.compile(r"[（(].{1,30}[)）]")
#: The photo credit the committed model's ``photo_credit`` feature reads: a name and 摄 closing the line. The
#: layout's ``_PHOTO_CREDIT`` also reads the photo's source after it (``（影像中国）``); with that feature the
#: refitted model's seed pages fell from story F1 0.923 to 0.868 (docs/segmentation.md, "A photo's source"),
#: so the fitted segmenter keeps this one (``_PHOTO_WORD`` reads the commonest sources).
_PHOTO_CREDIT_FEATURE = re.compile(rf"{_PHOTO_BY}$")
_BARE_PHOTO_CREDIT = re.compile(rf"[ \u3000]*{_NAMES}[ \u3000]*摄(?:影)?[ \u3000]*")
_PHOTO_WORD = re.compile(r"图为|图①|图②|摄$|摄）$|摄\)$|（人民视觉）|新华社发")
_SPACE_CLAUSES = re.compile(rf"[{_HAN}”』][ \u3000]+[{_HAN}“『]")


def _length_bin(n: int) -> str:
    for b in _LENGTH_BINS:
        if n <= b:
            return f"len<={b}"
    return "len>60"


def _shape(raw: str) -> dict[str, float]:
    """Features of one line on its own: length, punctuation, the patterns of bylines, credits,
    captions, kickers, decks and page furniture. Values are 0/1 flags or small real numbers."""
    stripped = raw.strip()
    heading = clean_heading(raw)
    text = compact(heading)
    n = len(text)
    f: dict[str, float] = {_length_bin(n): 1.0, "log_len": math.log1p(n) / 5}
    if not text:
        return f
    first, last = text[0], text[-1]
    core = text.rstrip("”’」』）)】\"'")
    f["ends_sentence"] = float(ends_sentence(text))
    f["ends_exclaim"] = float(bool(core) and core[-1] in "！？!?")
    f["ends_mid"] = float(last in _MID_SENTENCE_END)
    f["ends_dash"] = float(text.endswith(("——", "—", "--")))
    f["starts_mid"] = float(first in _MID_SENTENCE_START)
    f["starts_quote"] = float(first in "“「『\"")
    f["inner_stop"] = float(bool(_INNER_STOP.search(text[:-1])))
    f["stops"] = min(len(_STOPS.findall(text)), 5) / 5
    f["commas"] = min(len(_COMMAS.findall(text)), 6) / 6
    f["md1"] = float(stripped.startswith("#") and not stripped.startswith("##"))
    f["md2"] = float(stripped.startswith("##"))
    f["quote_md"] = float(stripped.startswith(">"))
    f["byline"] = float(bool(_BYLINE.match(stripped)))
    f["role_word"] = float(bool(_ROLE_WORD.search(stripped)))
    f["credit_alone"] = float(bool(_CREDIT_ALONE.match(stripped)))
    f["credit_end"] = float(bool(_CREDIT_END.search(stripped)) and not _CREDIT_ALONE.match(stripped))
    f["brackets_alone"] = float(bool(_BRACKETS_ALONE.fullmatch(stripped)))
    f["photo_credit"] = float(bool(_PHOTO_CREDIT_FEATURE.search(stripped)))
    f["bare_photo_credit"] = float(bool(_BARE_PHOTO_CREDIT.fullmatch(stripped)))
    f["photo_word"] = float(bool(_PHOTO_WORD.search(stripped)))
    f["single_name"] = float(bool(_SINGLE_NAME.match(text)))
    f["place_kicker"] = float(bool(KICKER.match(heading)) and len(text) <= 12)
    f["colon_head"] = float(bool(KICKER.match(heading)))
    f["field"] = float(bool(_FIELD.match(text)))
    f["deck_mark"] = float(bool(DECK.match(heading)))
    f["space_clauses"] = float(bool(_SPACE_CLAUSES.search(heading)))
    spaces = sum(map(stripped.count, " \u3000"))
    f["spaces"] = min(spaces, 8) / 8
    f["digits"] = len(_DIGIT.findall(text)) / n
    f["numbers"] = min(len(_NUMBER.findall(stripped)), 8) / 8
    f["latin"] = len(_LATIN.findall(text)) / n
    f["han"] = len(_HAN_CHAR.findall(text)) / n
    f["date"] = float(bool(_DATE_LINE.search(stripped)))
    f["page_line"] = float(bool(_PAGE_LINE.search(stripped)))
    f["notice"] = float(bool(_NOTICE.search(stripped)))
    f["label"] = float(bool(_LABEL.match(text)) and n <= 8)
    f["guillemets"] = float("『" in text or "』" in text)
    f["headline_shape"] = float(is_headline_shape(raw))
    f["dateline"] = float(bool(DATELINE.match(stripped)))
    f["open_end"] = float(not f["ends_sentence"] and not f["ends_mid"] and not f["ends_dash"])
    f[f"{_length_bin(n)}&end={int(f['ends_sentence'])}"] = 1.0
    return {name: value for name, value in f.items() if value}  # an absent feature is 0


#: Features of the neighbouring lines that the role of a line depends on.
_CONTEXT = ("ends_sentence", "headline_shape", "byline", "credit_alone", "photo_credit", "bare_photo_credit",
            "md1", "md2", "deck_mark", "place_kicker", "ends_dash", "starts_mid", "log_len", "date", "page_line",
            "digits", "label", "single_name", "dateline", "open_end")
#: For each neighbour offset, the context features and their names as the neighbour's (``-1:byline``).
_CONTEXT_KEYS = {d: {name: f"{d:+d}:{name}" for name in _CONTEXT} for d in (-2, -1, 1, 2)}


def line_features(raws: list[str], continues: Callable[[str, str], int]) -> list[dict[str, float]]:
    """Features of every line of a page for the role model, from the line itself, its neighbours (two
    either side) and whether it reads on from or into them mid-sentence (``continues``).

    ``raws`` are the page's non-blank lines in order. Returns one feature mapping per line.
    """
    shapes = [_shape(r) for r in raws]
    lengths = sorted(len(compact(r)) for r in raws)
    median = lengths[len(lengths) // 2] if lengths else 1
    texts = [compact(clean_line(r)) for r in raws]
    context = [[(name, f[name]) for name in _CONTEXT if f.get(name)] for f in shapes]  # what neighbours read
    out = []
    for i, f in enumerate(shapes):
        x = dict(f)
        n = len(texts[i])
        x["rel_len"] = min(n / max(median, 1), 3.0) / 3
        x["first_line"] = float(i == 0)
        x["last_line"] = float(i == len(raws) - 1)
        x["pos"] = i / max(len(raws) - 1, 1)
        for d, keys in _CONTEXT_KEYS.items():
            j = i + d
            if 0 <= j < len(raws):
                x.update((keys[name], value) for name, value in context[j])
            else:
                x[f"{d:+d}:none"] = 1.0
        if i > 0:
            w = continues(texts[i - 1], texts[i])
            x["from_prev3"] = float(w >= 3)
            x["from_prev2"] = float(w == 2)
        if i + 1 < len(raws):
            w = continues(texts[i], texts[i + 1])
            x["into_next3"] = float(w >= 3)
            x["into_next2"] = float(w == 2)
        # a short line among short lines is a narrow column; a short line among long ones is a heading
        near = [len(texts[j]) for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(raws)]
        x["short_among_short"] = float(n <= NARROW_CHARS and sum(m <= NARROW_CHARS for m in near) >= 2)
        # a line that neither ends a sentence nor reads on into the next or from the previous stands alone
        if f.get("open_end") and not x.get("into_next3") and not x.get("into_next2"):
            x["open_end_alone"] = 1.0
            if not x.get("from_prev3") and not x.get("from_prev2"):
                x["open_end_isolated"] = 1.0
        out.append(x)
    return out


#: Offsets of the neighbours whose first-stage role probabilities a line's second-stage features hold.
STACK_OFFSETS = (-2, -1, 0, 1, 2)


def stack_names(classes) -> list[str]:
    """Names of the stacked features, in the column order of ``neighbour_probs``."""
    return [f"p{d:+d}:{role}" for d in STACK_OFFSETS for role in classes]


def neighbour_probs(probs: np.ndarray) -> np.ndarray:
    """``(n_lines, 5 * n_classes)``: the first-stage role probabilities of each line and of its
    neighbours two either side (zeros beyond the page), columns as ``stack_names``."""
    n, k = probs.shape
    out = np.zeros((n, len(STACK_OFFSETS) * k))
    for s, d in enumerate(STACK_OFFSETS):
        lo, hi = max(0, -d), min(n, n - d)
        if lo < hi:
            out[lo:hi, s * k:(s + 1) * k] = probs[lo + d:hi + d]
    return out


def stack_features(features: list[dict[str, float]], probs, classes) -> list[dict[str, float]]:
    """``features`` plus the first-stage role probabilities of each line and its neighbours (two
    either side): stacked sequence labelling, so that a line's role can follow its neighbours' (a
    byline under a headline, a deck between a headline and a byline). The fitter's form of what
    ``classify_lines`` computes as a matrix (``neighbour_probs``).

    ``probs`` is an ``(n_lines, n_classes)`` array in the order of ``classes``."""
    names = stack_names(classes)
    stacked = neighbour_probs(np.asarray(probs, dtype=float))
    out = []
    for f, row in zip(features, stacked):
        x = dict(f)
        x.update((name, float(v)) for name, v in zip(names, row) if v)
        out.append(x)
    return out


def classify_lines(text: str, continues: Callable[[str, str], int],
                   features: list[dict[str, float]] | None = None) -> list[PageLine]:
    """Give every non-blank line of a page its role (``ROLES``) by the fitted role models: a multinomial
    logistic regression over ``line_features`` (``roles0``), then another over those features and the
    first one's probabilities for the line and its neighbours (``roles``, ``stack_features``); both
    fitted on synthetic pages (``make fit``).

    ``continues(a, b)`` says how surely line text ``b`` reads on from line text ``a`` mid-sentence
    (``continuity.continues``). Returns the lines in page order with ``role``, the model's ``confidence``
    in it, ``text`` cleaned (empty for bylines and credits) and ``credit`` names (bylines, credits and
    body lines that end with a credit). Raises ``FileNotFoundError`` when the model file is missing.
    """
    from summarize.linear import Encoded, load_models

    raw_lines = [(i + 1, raw) for i, raw in enumerate(text.split("\n")) if raw.strip()]
    if not raw_lines:
        return []
    models = load_models()
    if features is None:  # the fitter passes the features it already made
        features = line_features([r for _, r in raw_lines], continues)
    model, first = models["roles"], models["roles0"]
    encoded = Encoded(features)  # both models read the same features
    probs = model.probabilities(encoded, stack_names(first.classes), neighbour_probs(first.probabilities(encoded)))
    out: list[PageLine] = []
    order = [model.classes.index(role) for role in ROLES]
    for (n, raw), p in zip(raw_lines, probs):
        k = int(p.argmax())
        pl = make_line(n, raw, model.classes[k], float(p[k]))
        pl.probs = tuple(float(p[i]) for i in order)
        out.append(pl)
    return out


def make_line(number: int, raw: str, role: str, confidence: float = 1.0) -> PageLine:
    """A ``PageLine`` of ``role`` with its cleaned text and credit names."""
    if role == "byline":
        return PageLine(number, raw, "", role, tuple(split_names(re.sub(r"[:：]", " ", raw))), confidence)
    if role == "credit":
        found = credit_names(raw)
        names = found[1] if found else split_names(re.sub(r"[()（）:：]", " ", raw))
        return PageLine(number, raw, "", role, tuple(names), confidence)
    if role in HEADING_ROLES:
        return PageLine(number, raw, clean_heading(raw), role, (), confidence)
    if role == "body":
        found = credit_names(raw)
        if found and found[0]:
            return PageLine(number, raw, clean_line(found[0]), role, tuple(found[1]), confidence)
        return PageLine(number, raw, clean_line(raw), role, (), confidence)
    return PageLine(number, raw, clean_line(raw), role, (), confidence)
