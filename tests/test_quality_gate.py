"""Evaluation gate: segmentation and summaries scored against line-level gold, as a ratchet.

Both segmenters are gated: the default (``rules``) with the digest's summaries, the fitted one
(``segment_fitted``) on segmentation alone. The seed pages' gold (``tests/data/gold``: pages 000-002 and
``score_digest.py``, copied from the shared evaluation set) is always scored; the 36 unseen pages of ``../shared/eval/unseen`` (24 seed-like, 12
hard; not in this repository, their text may not be copied) are scored when that folder is there. Each
figure is pinned at what the segmenter reaches (``make bench-segment`` prints the same figures):
a drop of more than ``EPSILON`` fails, as trafilatura's evaluation gate does. Raise a floor when a
change raises its figure.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from segmentation_eval import figures, story_records

from .conftest import ROOT, SEEDS

GOLD = Path(__file__).resolve().parent / "data" / "gold"
UNSEEN = ROOT.parent / "shared" / "eval" / "unseen"
EPSILON = 0.005
#: Figures reached on each set by the default segmenter (``rules``), with the digest's summaries. Lowered
#: once, by a decision recorded here: datelines opening stories (docs/segmentation.md, "Datelines") moved
#: the hard pages' story F1 from 0.708 to 0.700 and coverage from 0.869 to 0.860 (all of it on pages with
#: three interleaved narrow columns, whose mixed stories it splits differently) while raising seed-like
#: F1 0.867 to 0.883, purity 0.911 to 0.933 and hard purity 0.850 to 0.866; notices left out of the
#: stories later raised hard F1 to 0.710. Lowered a second time, the seed
#: pages' title accuracy from 1.0 to 0.958: of a block's plain heading lines the last printed is now the
#: headline (a kicker stands above it; docs/segmentation.md, "Headlines and kickers"), which is right for 275
#: of 349 such blocks on the synthetic training pages against 101 for the longest line, and raised unseen titles
#: from 0.750 to 0.786 (seed-like) and 0.592 to 0.671 (hard); seed 000's 永定区 story, whose gold reads the
#: line under its headline as a deck, is the one seed title it costs. Lowered a third time, seed-like titles
#: from 0.913 to 0.903 and hard titles from 0.747 to 0.691 and summary purity from 0.896 to 0.882: a narrow
#: column's width (docs/segmentation.md, "Column widths") pulls apart stories printed in interleaved columns,
#: raising hard F1 from 0.737 to 0.811, purity from 0.871 to 0.895 and coverage from 0.879 to 0.892, and
#: seed-like purity from 0.962 to 0.967 (the ``make fit-rules`` score from 2.5989 to 2.6144, dev pages 2.6487
#: to 2.6604). Title accuracy counts matched stories only: the hard pages' matched stories go from 77 to 86
#: and their right titles from 56 to 58, as most stories newly told apart are those whose headlines are
#: printed after the columns; on the seed-like pages from 213 to 214 and from 188 to 187 (u19's kicker).
#: Lowered a fourth time, the hard pages' title accuracy, rules 0.691 to 0.682 and fitted 0.810 to 0.790:
#: column lines put back in their order (docs/segmentation.md, "Reading order") raise hard F1 (rules 0.811
#: to 0.821, fitted 0.806 to 0.826), purity (0.895 to 0.906, 0.869 to 0.878) and summary purity (0.882 to
#: 0.917); the matched stories go from 86 to 87 (rules) and 81 to 83 (fitted), the new ones without their
#: right title, while the right titles stay 58 and 64: no title is lost. Lowered a fifth time, the rules
#: segmenter's hard title accuracy from 0.682 to 0.667: on a page set one character a cell a column's lines are
#: told from another's by one character (docs/segmentation.md, "Columns set a character a cell"), raising hard
#: F1 from 0.821 to 0.856, purity from 0.906 to 0.933 and summary purity from 0.917 to 0.940, and seed-like F1
#: from 0.947 to 0.953; the hard pages' matched stories go from 87 to 92 and their right titles from 58 to 60,
#: the others' headlines printed at a column's top or after the columns, which the matching does not place.
#: And from 0.667 to 0.659 when a line opening with a closing quotation mark was no longer read as a headline
#: (``layout.CLOSING_QUOTES``): hard F1 0.856 to 0.869, coverage 0.908 to 0.914; one more story matched (93),
#: right titles 60 as before. The fitted segmenter, re-fitted for it (its line roles read the headline shape):
#: hard F1 0.826 to 0.822 and coverage 0.932 to 0.931, pinned there. Lowered a sixth time, the seed-like
#: summary purity from 0.978 to 0.975: a heading line goes to a story away from it only if that story names it
#: more than its block's own (docs/segmentation.md), which raises the ``make fit-rules`` score from 2.6245 to
#: 2.6271 and leaves every segmentation figure of the seed and unseen pages as it was, but on u20 a story
#: that mixes two now takes the other one's headline, and its summary ranks that one's sentences. And the hard
#: pages' coverage from 0.914 to 0.912 with ``W_QUOTE_AFTER_MID`` fitted (-1 to 0), which raises hard F1 from
#: 0.869 to 0.883, purity from 0.933 to 0.939, titles from 0.659 to 0.663 and summary purity from 0.939 to
#: 0.946. Lowered a seventh time, the hard pages' coverage from 0.912 to 0.911: a headline of two phrases at
#: the top of a column is no longer read as a line of it (``layout._two_phrases``), which raises the hard titles
#: from 0.685 to 0.696 and the ``make fit-rules`` score from 2.6301 to 2.6330; u30's story under such a
#: headline, read as a line of its column before, covers two shingles of its gold text fewer (7,702 to 7,700).
#: Lowered an eighth time, the hard pages' title accuracy from 0.696 to 0.685 and summary purity from 0.946 to
#: 0.942: whole paragraphs printed amid their story's text stay in it (``segment._refine``), which raises the
#: ``make fit-rules`` score from 2.6481 to 2.6497 and the seed-like F1 from 0.953 to 0.956, purity from 0.972
#: to 0.976 and coverage from 0.960 to 0.969; on u27, whose four stories all report one event, one of the
#: five matched stories fewer has its right title (2 to 1), and u03's and u27's summaries take a sentence of
#: another story each. Lowered a ninth time, the hard pages' summary purity from 0.945 to 0.944: a story headed
#: by a deck alone joins its head as an untitled rest does (``segment._join_rests``), which raises the ``make
#: fit-rules`` score from 2.6829 to 2.6837, the dev pages' from 2.7264 to 2.7269, the hard titles from 0.793 to
#: 0.804 and F1 from 0.895 to 0.899; u36 has one story fewer (its pieces joined), so 18 of its summaries' 20
#: sentences are their story's against 21 of 23 before: the same two wrong, three right ones fewer.
FLOORS = {
    "seed": {"story_f1": 0.963, "text_purity": 0.989, "text_coverage": 0.989, "title_accuracy": 0.958,
             "summary_purity": 1.0},
    "seed-like": {"story_f1": 0.960, "text_purity": 0.978, "text_coverage": 0.973, "title_accuracy": 0.937,
                  "summary_purity": 0.980},
    "hard": {"story_f1": 0.899, "text_purity": 0.939, "text_coverage": 0.928, "title_accuracy": 0.804,
             "summary_purity": 0.944},
}
#: Figures reached by the fitted segmenter (``segment_model.json`` as committed), segmentation alone
#: (titles as segmented, no summaries).
FITTED_FLOORS = {
    "seed": {"story_f1": 0.923, "text_purity": 0.909, "text_coverage": 0.954, "title_accuracy": 0.773},
    "seed-like": {"story_f1": 0.942, "text_purity": 0.935, "text_coverage": 0.979, "title_accuracy": 0.857},
    "hard": {"story_f1": 0.826, "text_purity": 0.878, "text_coverage": 0.932, "title_accuracy": 0.802},
}


def _gold_pages(gold: Path) -> list[str]:
    return sorted(p.name[: -len(".lines.tsv")] for p in gold.glob("*.lines.tsv"))


def _below(scores: dict[str, float], floors: dict[str, float]) -> dict[str, tuple[float, float]]:
    return {name: (round(scores[name], 3), floor) for name, floor in floors.items()
            if scores[name] < floor - EPSILON}


def test_gold_copy_matches_the_seed_pages():
    for page in _gold_pages(GOLD):
        lines = (SEEDS / f"{page}.txt").read_text(encoding="utf-8").split("\n")
        for row in (GOLD / f"{page}.lines.tsv").read_text(encoding="utf-8").splitlines():
            number, _, _, prefix = row.split("\t")
            assert lines[int(number) - 1].strip().startswith(prefix), (page, number)


@pytest.fixture(scope="module")
def seed_records() -> dict[str, list[dict]]:
    return story_records(SEEDS, _gold_pages(GOLD), summaries=True)


def test_seed_pages_hold_their_floors(seed_records):
    scores = figures(seed_records, SEEDS, GOLD, _gold_pages(GOLD))
    low = _below(scores, FLOORS["seed"])
    assert not low, f"below floor (figure, floor): {low}; all: { {k: round(v, 3) for k, v in scores.items()} }"


def _unseen_sets() -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    for row in (UNSEEN / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = row.split("\t")
        sets.setdefault(cols[1], []).append(cols[0])
    return sets


@pytest.mark.parametrize("kind", ["seed-like", "hard"])
def test_unseen_pages_hold_their_floors(kind):
    if not (UNSEEN / "pages.tsv").exists():
        pytest.skip(f"{UNSEEN} is not here (a user's clone has no ../shared): unseen pages not gated")
    names = _unseen_sets()[kind]
    scores = figures(story_records(UNSEEN / "pages", names, summaries=True), UNSEEN / "pages", UNSEEN / "gold", names)
    low = _below(scores, FLOORS[kind])
    assert not low, f"{kind}: below floor (figure, floor): {low}; all: { {k: round(v, 3) for k, v in scores.items()} }"


@pytest.mark.parametrize("kind", ["seed", "seed-like", "hard"])
def test_the_fitted_segmenter_holds_its_floors(kind):
    if kind == "seed":
        pages_dir, gold, names = SEEDS, GOLD, _gold_pages(GOLD)
    elif not (UNSEEN / "pages.tsv").exists():
        pytest.skip(f"{UNSEEN} is not here (a user's clone has no ../shared): unseen pages not gated")
    else:
        pages_dir, gold, names = UNSEEN / "pages", UNSEEN / "gold", _unseen_sets()[kind]
    scores = figures(story_records(pages_dir, names, summaries=False, method="fitted"), pages_dir, gold, names)
    low = _below(scores, FITTED_FLOORS[kind])
    assert not low, f"fitted, {kind}: below floor (figure, floor): {low}; all: { {k: round(v, 3) for k, v in scores.items()} }"


def test_the_gate_fails_a_page_left_whole(seed_records):
    whole = {}
    for page, records in seed_records.items():
        text = "\n".join(r["text"] for r in records)
        whole[page] = [{"source": records[0]["source"], "title": records[0]["title"], "text": text, "summary": []}]
    scores = figures(whole, SEEDS, GOLD, _gold_pages(GOLD))
    assert _below(scores, FLOORS["seed"]).keys() >= {"story_f1", "text_purity"}
