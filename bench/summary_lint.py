"""Summary lint: the selection rules an editor checks (issue 15, point 2), counted on the digest's summaries.

For every story the digest's summariser (``pages.summarize_page``: segmenter, ``summary.summarize_story``)
summarises on the seed pages (``seeds/``) and, when present, the unseen pages
(``../shared/eval/unseen/pages``), each summary item is located in the story's text (paragraph and
character offset, in document order) and these rules are checked with plain checks of their own:

- ``heading``: the item quotes a section head (a paragraph the segmenter marked ``section``) or a run-in
  subhead (a body paragraph other than the first opening with one clause ended by a full stop,
  ``以“四大中心”为主阵地。``, followed by the paragraph's text, in a story with at least two section
  openings);
- ``cut_off``: the item quotes the story's last sentence, which does not end a sentence (the page cut it
  off), while a complete sentence of the story was left out;
- ``opener``: a sentence of the item opens with a word that needs the sentence before it (``同时``,
  ``此外``, ``下一步`` ...; ``summary.ANTECEDENT_OPENERS``) and that sentence is not in the summary;
- ``half_quote``: the item opens or closes a quotation mark (or title mark, or bracket) it does not close
  or open (an opening mark lost by OCR leaves a closing mark without one), sits inside a quotation
  opened before it, or is followed right away by a closing mark (the tail of a quotation);
- ``filler``: the item carries none of the story's keywords;
- ``ascii_punct``: the item has an ASCII ``, ; : ? ! ( ) "`` next to a Chinese character;
- ``not_verbatim``: the item is not found in the story's text after the item before it.

A story none of whose runs of 1-3 consecutive sentences of a paragraph (within the summary budget of
150 characters, or one sentence) could be quoted without breaking a rule (a story of one sentence that
opens with ``然而``; one whose every sentence is a fragment) has no clean summary to give: its items'
violations are counted apart, as ``forced``, and are not in ``lint_violations``.

    .venv/bin/python bench/summary_lint.py [--eval-dir ../shared/eval] [--seeds seeds] [--show]

Prints the counts per rule and set (``--show``: each violation) and, last,
``BENCH {"lint_violations": N, "lint_forced": M}``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from summarize.clean import ends_sentence, split_sentences  # noqa: E402
from summarize.models import Story, StorySummary  # noqa: E402
from summarize.settings import DEFAULT_OPTIONS, PageOptions  # noqa: E402
from summarize.summary import ANTECEDENT_OPENERS, NOT_OPENERS  # noqa: E402

DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
RULES = ("heading", "cut_off", "opener", "half_quote", "filler", "ascii_punct", "not_verbatim")

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: An ASCII mark next to a Chinese character or a full-width mark (either side).
_ASCII_IN_CHINESE = re.compile(rf"(?<=[{_HAN}\u3000-\u303f\uff00-\uffef“”‘’])[,;:?!()\"]"
                               rf"|[,;:?!()\"](?=[{_HAN}\u3000-\u303f\uff00-\uffef“”‘’])")
_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）"}
_CLOSING_MARKS = set(_PAIRS.values())
#: Clause punctuation: a sentence with none of it inside is one clause.
_CLAUSE_MARKS = re.compile(r"[，,、；;：:]")


def _balanced(text: str, depth: dict[str, int] | None = None) -> tuple[bool, dict[str, int]]:
    """Whether ``text`` closes only marks it (or ``depth``) opened; the depth per mark after it."""
    depth = dict(depth or {})
    closing = {c: o for o, c in _PAIRS.items()}
    ok = True
    for ch in text:
        if ch in _PAIRS:
            depth[ch] = depth.get(ch, 0) + 1
        elif ch in closing:
            depth[closing[ch]] = depth.get(closing[ch], 0) - 1
            ok = ok and depth[closing[ch]] >= 0
        elif ch == '"':
            depth['"'] = 1 - depth.get('"', 0)
    return ok, depth


def _spans(paragraph: str) -> list[tuple[int, int]]:
    """Character spans of the paragraph's sentences (``clean.split_sentences``) in the paragraph."""
    spans, cursor = [], 0
    for sentence in split_sentences(paragraph):
        start = paragraph.find(sentence, cursor)
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans


def _run_in_subheads(story: Story, spans: list[list[tuple[int, int]]]) -> dict[int, tuple[int, int]]:
    """The span of each paragraph's run-in subhead, by paragraph: its first sentence when it is one clause
    (no comma, enumeration comma, semicolon or colon inside) ended by a full stop, more sentences follow,
    the paragraph is not the story's first (that one opens with the lead), and the story has at least two
    such paragraphs or section heads (headings divide a story into sections: one alone divides nothing)."""
    shaped = {}
    for k, sp in enumerate(spans):
        if k == 0 or len(sp) < 2 or story.role_of(k) == "section":
            continue
        first = story.paragraphs[k][sp[0][0]:sp[0][1]]
        if first.endswith("。") and not _CLAUSE_MARKS.search(first):
            shaped[k] = sp[0]
    heads = sum(story.role_of(k) == "section" for k in range(len(spans)))
    return shaped if len(shaped) + heads >= 2 else {}


def _opens_with_antecedent_word(sentence: str) -> bool:
    s = sentence.lstrip("“‘「『（(")
    return s.startswith(ANTECEDENT_OPENERS) and not s.startswith(NOT_OPENERS)


def _rules_broken(story: Story, spans: list[list[tuple[int, int]]], keywords: list[str], k: int, start: int,
                  end: int, chosen: set[int]) -> list[str]:
    """The rules the text ``story.paragraphs[k][start:end]`` breaks when the summary quotes the sentences
    ``chosen`` (flat indices into the story's sentences)."""
    paragraphs = story.paragraphs
    flat = [(kk, s, e) for kk, sp in enumerate(spans) for s, e in sp]
    paragraph, text = paragraphs[k], paragraphs[k][start:end]
    inside = [i for i, (kk, s, e) in enumerate(flat) if kk == k and start <= s and e <= end]
    last = len(flat) - 1
    out = []
    head = _run_in_subheads(story, spans).get(k)
    if story.role_of(k) == "section" or (head is not None and start <= head[0] < end):
        out.append("heading")
    if last in inside and not ends_sentence(paragraphs[flat[last][0]][flat[last][1]:flat[last][2]]):
        if any(i not in chosen and ends_sentence(paragraphs[kk][s:e]) and e - s >= 6
               for i, (kk, s, e) in enumerate(flat)):
            out.append("cut_off")
    if any(_opens_with_antecedent_word(paragraphs[flat[i][0]][flat[i][1]:flat[i][2]])
           and (i == 0 or i - 1 not in chosen) for i in inside):
        out.append("opener")
    ok, depth = _balanced(text)
    _, before = _balanced(paragraph[:start])
    # the tail of a quotation: a closing mark right after the text, or a straight quote after its final
    # stop in a paragraph with an odd number of them (the opening one lost)
    tail = paragraph[end:end + 1] in _CLOSING_MARKS or (
        paragraph[end:end + 1] == '"' and text[-1:] in "。！？!?" and paragraph.count('"') % 2 == 1)
    if not ok or any(depth.values()) or any(v > 0 for v in before.values()) or tail:
        out.append("half_quote")
    if keywords and not any(w in text for w in keywords):
        out.append("filler")
    if _ASCII_IN_CHINESE.search(text):
        out.append("ascii_punct")
    return out


def _clean_choice_exists(story: Story, spans: list[list[tuple[int, int]]], keywords: list[str],
                         max_sentences: int = 3, max_chars: int = 150) -> bool:
    """Whether some run of 1 to ``max_sentences`` consecutive sentences of one paragraph, at least 6
    characters long (textrank4zh's shortest summary sentence) and within the digest's budget (at most
    ``max_chars`` characters, or one sentence), breaks no rule when quoted alone."""
    index = 0
    for k, sp in enumerate(spans):
        for a in range(len(sp)):
            for b in range(a, min(a + max_sentences, len(sp))):
                start, end = sp[a][0], sp[b][1]
                chosen = set(range(index + a, index + b + 1))
                fits = end - start <= max_chars or a == b
                if fits and end - start >= 6 and not _rules_broken(story, spans, keywords, k, start, end, chosen):
                    return True
        index += len(sp)
    return False


def lint_story(item: StorySummary) -> list[tuple[str, str, bool]]:
    """The rules one story's summary breaks, as ``(rule, summary item, forced)`` triples (see the module
    docstring); ``forced`` when no run of the story's sentences could have been quoted without breaking
    a rule (``_clean_choice_exists``: every sentence is a heading, a fragment, half a quotation ...)."""
    story, summary = item.story, item.summary
    keywords = [k.word for k in item.keywords]
    paragraphs = story.paragraphs
    spans = [_spans(p) for p in paragraphs]
    flat = [(k, s, e) for k, sp in enumerate(spans) for s, e in sp]  # every sentence: paragraph, span
    located: list[tuple[str, int, int, int]] = []  # item, paragraph, start, end
    out: list[tuple[str, str]] = []
    k0, pos0 = 0, 0
    for text in summary:
        for k in range(k0, len(paragraphs)):
            found = paragraphs[k].find(text, pos0 if k == k0 else 0)
            if found >= 0:
                located.append((text, k, found, found + len(text)))
                k0, pos0 = k, found + len(text)
                break
        else:
            out.append(("not_verbatim", text))
    chosen = {i for i, (k, s, e) in enumerate(flat)
              for _, kk, start, end in located if kk == k and start <= s and e <= end}
    for text, k, start, end in located:
        out.extend((rule, text) for rule in _rules_broken(story, spans, keywords, k, start, end, chosen))
    forced = bool(out) and not _clean_choice_exists(story, spans, keywords)
    return [(rule, text, forced) for rule, text in out]


def lint(stories_summaries: Iterable[StorySummary]) -> dict[str, int]:
    """Count the summary items that break each rule (``RULES``) over ``stories_summaries``
    (``StorySummary`` as ``summary.summarize_story`` returns them) where the story offered a choice that
    breaks none; an item breaking two rules counts once for each. Items of a story that offered no such
    choice are counted apart, under ``forced``. Returns ``{rule: count}`` with every rule and
    ``forced`` present."""
    counts = Counter({rule: 0 for rule in (*RULES, "forced")})
    for item in stories_summaries:
        counts.update("forced" if forced else rule for rule, _, forced in lint_story(item))
    return dict(counts)


def violations(counts: dict[str, int]) -> int:
    """The violations in ``lint``'s counts: every rule's count, the ``forced`` ones left out."""
    return sum(n for rule, n in counts.items() if rule != "forced")


def summarise_pages(folder: Path, options: PageOptions = DEFAULT_OPTIONS) -> list[StorySummary]:
    """Every story of the page files (``*.txt``) in ``folder``, summarised as the digest does
    (``pages.summarize_page`` with ``options``), in page order. A page that fails is skipped."""
    from summarize.pages import summarize_page

    out: list[StorySummary] = []
    for path in sorted(folder.glob("*.txt")):
        _, summaries = summarize_page(path, options)
        out.extend(summaries)
    return out


def page_sets(seeds: Path, eval_dir: Path) -> dict[str, Path]:
    """The page sets the lint reads: ``seed`` always, ``unseen`` when ``eval_dir/unseen/pages`` exists."""
    sets = {"seed": seeds}
    unseen = eval_dir / "unseen" / "pages"
    if unseen.is_dir():
        sets["unseen"] = unseen
    return sets


def run(seeds: Path = ROOT / "seeds", eval_dir: Path = DEFAULT_EVAL_DIR, *, show: bool = False,
        out=sys.stdout, options: PageOptions = DEFAULT_OPTIONS) -> dict[str, dict[str, int]]:
    """Lint the digest's summaries of each page set (``page_sets``); print a table (and each violation
    when ``show``). Returns ``{set: {rule: count}}``."""
    result: dict[str, dict[str, int]] = {}
    for name, folder in page_sets(seeds, eval_dir).items():
        summaries = summarise_pages(folder, options)
        result[name] = lint(summaries)
        if show:
            for item in summaries:
                for rule, text, forced in lint_story(item):
                    rule += " (forced)" if forced else ""
                    print(f"{name}\t{rule}\t{Path(item.story.source).name}\t{item.story.title}\t{text}", file=out)
        print(f"{name:<8} {len(summaries):>4} stories  " + "  ".join(f"{r} {result[name][r]}" for r in RULES)
              + f"  total {violations(result[name])}  (forced {result[name]['forced']})", file=out)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    """The command line (see the module docstring): counts per set and rule, then the ``BENCH`` line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--segmenter", choices=("rules", "fitted"), default="rules")
    parser.add_argument("--show", action="store_true", help="print every violation")
    args = parser.parse_args(argv)
    result = run(args.seeds, args.eval_dir, show=args.show, options=PageOptions(segmenter=args.segmenter))
    print("BENCH " + json.dumps({"lint_violations": sum(violations(r) for r in result.values()),
                                 "lint_forced": sum(r["forced"] for r in result.values())}))


if __name__ == "__main__":
    main()
