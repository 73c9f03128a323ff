"""Evaluation gate: segmentation and summaries of the labelled seed pages scored against the gold.

The gold (``tests/data/gold``: per-line story labels of pages 000-002 and ``score_digest.py``, copied
from the shared evaluation set) is scored the way ``score_digest.py`` scores a digest.json. The gate
fails when any figure drops below the target of the segmentation issue.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from summarize.digest import summarize_story
from summarize.ingest import read_page
from summarize.segment import segment_page

from .conftest import SEEDS

GOLD = Path(__file__).resolve().parent / "data" / "gold"
TARGETS = {"story_f1": 0.95, "text_purity": 0.97, "text_coverage": 0.95, "title_accuracy": 0.95,
           "summary_purity": 0.98}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_digest", GOLD / "score_digest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_pages() -> list[str]:
    return sorted(p.name[: -len(".lines.tsv")] for p in GOLD.glob("*.lines.tsv"))


def figures(records_by_page: dict[str, list[dict]]) -> dict[str, float]:
    """The five figures over all gold pages, summed as ``score_digest.py`` sums them."""
    scorer = _scorer()
    sums = dict.fromkeys(("gold", "system", "matched"), 0)
    pairs = {key: [0, 0] for key in ("pur", "cov", "titles", "summary")}
    for page in _gold_pages():
        result = scorer.score_page(scorer.load_gold(str(GOLD), page, str(SEEDS)), records_by_page.get(page, []))
        for key in sums:
            sums[key] += result[key]
        for key, pair in pairs.items():
            pair[0] += result[key][0]
            pair[1] += result[key][1]
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    precision, recall = ratio(sums["matched"], sums["system"]), ratio(sums["matched"], sums["gold"])
    return {"story_f1": ratio(2 * precision * recall, precision + recall),
            "text_purity": ratio(*pairs["pur"]), "text_coverage": ratio(*pairs["cov"]),
            "title_accuracy": ratio(*pairs["titles"]), "summary_purity": ratio(*pairs["summary"])}


def _record(story, summary=()) -> dict:
    return {"source": story.source, "title": story.title, "text": story.text, "summary": list(summary)}


@pytest.fixture(scope="module")
def gold_page_stories() -> dict[str, list]:
    return {page: segment_page(read_page(SEEDS / f"{page}.txt")) for page in _gold_pages()}


def test_gold_copy_matches_the_seed_pages():
    for page in _gold_pages():
        lines = (SEEDS / f"{page}.txt").read_text(encoding="utf-8").split("\n")
        for row in (GOLD / f"{page}.lines.tsv").read_text(encoding="utf-8").splitlines():
            number, _, _, prefix = row.split("\t")
            assert lines[int(number) - 1].strip().startswith(prefix), (page, number)


def test_segmentation_and_summaries_meet_the_targets(gold_page_stories):
    records = {page: [_record(s, summarize_story(s).summary) for s in stories]
               for page, stories in gold_page_stories.items()}
    scores = figures(records)
    low = {name: round(scores[name], 3) for name, target in TARGETS.items() if scores[name] < target}
    assert not low, f"below target: {low}; all figures: { {k: round(v, 3) for k, v in scores.items()} }"


def test_the_gate_fails_a_page_left_whole(gold_page_stories):
    whole = {}
    for page, stories in gold_page_stories.items():
        text = "\n".join(s.text for s in stories)
        whole[page] = [{"source": stories[0].source, "title": stories[0].title, "text": text, "summary": []}]
    scores = figures(whole)
    assert scores["story_f1"] < TARGETS["story_f1"] and scores["text_purity"] < TARGETS["text_purity"]
