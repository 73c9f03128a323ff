"""Score segmentation of the seed pages against the gold labels: prints story_f1, text_purity,
text_coverage, title_accuracy and summary_purity per page and overall, without Prefect.

    .venv/bin/python bench/segmentation.py [--no-summary] [--json DIGEST_JSON]

``--no-summary`` skips TextRank (summary_purity then reads 0) for a fast segmentation loop;
``--json`` scores an existing digest.json (e.g. from ``make run``) instead of building one.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from in_memory import read_folder
from segmentation_eval import load_scorer
from summarize import segment

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
FIGURES = ("story_f1", "text_purity", "text_coverage", "title_accuracy", "summary_purity")


def build_digest_record(seed_dir: Path, *, summaries: bool = True) -> dict:
    """The digest.json record of ``seed_dir`` built in-process (ingest, segment, summarise, render)."""
    pages, sources = read_folder(seed_dir)
    stories = [story for page in pages for story in segment.segment_page(page)]
    if not summaries:
        return {"stories": [{"source": s.source, "title": s.title, "text": s.text, "summary": []} for s in stories]}
    from summarize import assemble, render  # TextRank only when summaries are scored
    from summarize.summary import summarize_story

    now = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.timezone.utc)
    result = assemble.assemble_digest(now.date(), now, sources, [summarize_story(s) for s in stories])
    return json.loads(render.render_json(result))


def figures(record: dict, seed_dir: Path) -> dict[str, dict[str, float]]:
    """The five figures per gold page and ``overall``: ``{page: {figure: value}}``."""
    scorer = load_scorer()
    by_page: dict[str, list] = {}
    for story in record["stories"]:
        by_page.setdefault(scorer.page_key(story["source"]), []).append(story)
    pages = sorted(p.name[: -len(".lines.tsv")] for p in GOLD.glob("*.lines.tsv"))
    totals = dict.fromkeys(("gold", "system", "matched", "pur0", "pur1", "cov0", "cov1",
                            "tit0", "tit1", "sum0", "sum1"), 0)
    out = {}
    for page in pages:
        r = scorer.score_page(scorer.load_gold(str(GOLD), page, str(seed_dir)), by_page.get(page, []))
        counts = dict(gold=r["gold"], system=r["system"], matched=r["matched"],
                      pur0=r["pur"][0], pur1=r["pur"][1], cov0=r["cov"][0], cov1=r["cov"][1],
                      tit0=r["titles"][0], tit1=r["titles"][1], sum0=r["summary"][0], sum1=r["summary"][1])
        for key, value in counts.items():
            totals[key] += value
        out[page] = _five(counts)
    out["overall"] = _five(totals)
    return out


def _five(c: dict[str, int]) -> dict[str, float]:
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    precision, recall = ratio(c["matched"], c["system"]), ratio(c["matched"], c["gold"])
    return {"story_f1": round(ratio(2 * precision * recall, precision + recall), 3),
            "text_purity": round(ratio(c["pur0"], c["pur1"]), 3),
            "text_coverage": round(ratio(c["cov0"], c["cov1"]), 3),
            "title_accuracy": round(ratio(c["tit0"], c["tit1"]), 3),
            "summary_purity": round(ratio(c["sum0"], c["sum1"]), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-summary", action="store_true", help="skip TextRank summaries")
    parser.add_argument("--json", type=Path, help="score this digest.json instead of building one")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    args = parser.parse_args()
    if args.json:
        record = json.loads(args.json.read_text(encoding="utf-8"))
    else:
        record = build_digest_record(args.seeds, summaries=not args.no_summary)
    table = figures(record, args.seeds)
    print(f"{'page':<24}" + "".join(f"{name:>16}" for name in FIGURES))
    for page, row in table.items():
        print(f"{page:<24}" + "".join(f"{row[name]:>16.3f}" for name in FIGURES))


if __name__ == "__main__":
    main()
