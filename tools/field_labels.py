"""Derive ``layout.ARTICLE_LABELS``: the ``X:`` labels that open a body paragraph in at least
``--min-articles`` of the ``train`` half's articles (``../shared/eval/articles``, read at run time only).

    python tools/field_labels.py [--articles ../shared/eval/articles] [--min-articles 3]

Prints the labels, most articles first, with their counts, and whether they match the committed list. Such a
label (``数据来源:``, ``本版制图:``) heads a field of a story (a table's source, a graphic's credit, a series'
name), not a place or person that kicks off a headline; the segmenter never takes it for a headline or an
``X:`` kicker. A label counts once per article; ``编者按`` is a box label already (``layout.BOX_LABEL``).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from synth_pages import load  # noqa: E402

from summarize.layout import ARTICLE_LABELS, KICKER, is_box_label  # noqa: E402


def derive(articles: Path, min_articles: int = 3) -> list[tuple[str, int]]:
    """``[(label, articles)]``, most articles first: the ``X:`` labels (``layout.KICKER``'s ``X``) opening a body
    paragraph in at least ``min_articles`` articles of the synthesiser's ``train`` half, box labels left out.

    Raises SystemExit when ``articles`` holds no articles (``synth_pages.load``)."""
    arts, _, _ = load(str(articles), "train")
    counts: Counter[str] = Counter()
    for article in arts:
        counts.update({m.group(1) for role, text in article["paras"]
                       if role == "body" and (m := KICKER.match(re.sub(r"^[ \u3000#]+", "", text)))})
    return [(label, n) for label, n in counts.most_common() if n >= min_articles and not is_box_label(label)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "articles")
    ap.add_argument("--min-articles", type=int, default=3)
    args = ap.parse_args(argv)
    found = derive(args.articles, args.min_articles)
    for label, n in found:
        print(f"{label}\t{n}")
    same = sorted(label for label, _ in found) == sorted(ARTICLE_LABELS)
    print("matches layout.ARTICLE_LABELS" if same else f"differs from layout.ARTICLE_LABELS {ARTICLE_LABELS}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
