"""``make bench-segment``: the segmenter's figures on the seed pages (committed gold) and, when
``../shared/eval/unseen`` is there, on its seed-like and hard pages; and the time it takes per page
against ``jieba.cut`` on the same text, measured side by side in this process.

    .venv/bin/python bench/segment_bench.py [--eval-dir ../shared/eval] [--no-summary] [--repeat 3]

Both segmenters (``rules``, the default, and ``fitted``: ``segment.METHODS``) are scored and timed side
by side. Prints a table; the last line is ``BENCH {json}`` with the keys ``seed_f1``, ``seed_titles``,
``unseen_f1``, ``unseen_purity``, ``unseen_coverage``, ``unseen_titles``, ``unseen_summary``,
``hard_f1``, ``hard_titles``, ``segment_vs_jieba_cut`` for the default segmenter and the same keys
prefixed ``fitted_`` for the fitted one (unseen keys are null without the folder).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from segmentation_eval import FIGURES, score_pages  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"


def unseen_sets(unseen: Path) -> dict[str, list[str]]:
    """Page names of ``unseen/pages.tsv`` by kind (``seed-like``, ``hard``)."""
    sets: dict[str, list[str]] = {}
    for row in (unseen / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 2:
            sets.setdefault(cols[1], []).append(cols[0])
    return sets


def timing(paths: list[Path], repeat: int, method: str) -> tuple[float, float]:
    """Seconds per page of ``segment_page`` with empty caches and of ``jieba.cut`` on the same text, in
    this process: each page is segmented and then cut, page after page, ``repeat`` times over, and each
    page's best time of each is summed (a page measured while the machine was busy in one pass counts
    its quiet pass, for both at once)."""
    import jieba

    from summarize import continuity, ingest, segment

    pages = [ingest.read_page(p) for p in paths]
    list(jieba.cut("预热词典"))
    segment.segment_page(pages[0], method=method)  # loads the models and the tokenizer before timing
    seg_best = [float("inf")] * len(pages)
    cut_best = [float("inf")] * len(pages)
    for _ in range(repeat):
        for cached in (continuity.continues, continuity.word_across, continuity.line_tail, continuity.line_head):
            cached.cache_clear()
        for k, page in enumerate(pages):
            t0 = time.perf_counter()
            segment.segment_page(page, method=method)
            t1 = time.perf_counter()
            list(jieba.cut(page.text))
            t2 = time.perf_counter()
            seg_best[k] = min(seg_best[k], t1 - t0)
            cut_best[k] = min(cut_best[k], t2 - t1)
    return sum(seg_best) / len(pages), sum(cut_best) / len(pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--no-summary", action="store_true", help="skip TextRank: summary purity reads 0")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    summaries = not args.no_summary
    unseen = args.eval_dir / "unseen"
    timed = sorted((ROOT / "seeds").glob("*.txt"))
    sets = unseen_sets(unseen) if (unseen / "pages.tsv").exists() else {}
    if sets:
        timed += sorted((unseen / "pages").glob("*.txt"))
    else:
        print(f"(no {unseen}: unseen pages not scored)")
    print(f"{'segmenter':<10}{'pages':<20}{'n':>4}" + "".join(f"{name:>16}" for name in FIGURES))
    bench: dict[str, object] = {}
    for method in ("rules", "fitted"):
        rows: dict[str, dict] = {"seed 000-002": score_pages(ROOT / "seeds", GOLD, summaries=summaries, method=method)}
        for kind in ("seed-like", "hard"):
            if kind in sets:
                rows[f"unseen {kind}"] = score_pages(unseen / "pages", unseen / "gold", sets[kind],
                                                     summaries=summaries, method=method)
        for name, r in rows.items():
            print(f"{method:<10}{name:<20}{r['pages']:>4}" + "".join(f"{r[f]:>16.3f}" for f in FIGURES))
        seg, cut = timing(timed, args.repeat, method)
        print(f"{method:<10}per page ({len(timed)} pages, each page best of {args.repeat}): segment_page {seg * 1000:.1f} ms, "
              f"jieba.cut {cut * 1000:.1f} ms, ratio {seg / cut:.2f}")
        seed, like, hard = rows["seed 000-002"], rows.get("unseen seed-like"), rows.get("unseen hard")
        prefix = "" if method == "rules" else "fitted_"
        bench.update({f"{prefix}{k}": v for k, v in {
            "seed_f1": seed["story_f1"], "seed_titles": seed["title_accuracy"],
            "unseen_f1": like and like["story_f1"], "unseen_purity": like and like["text_purity"],
            "unseen_coverage": like and like["text_coverage"], "unseen_titles": like and like["title_accuracy"],
            "unseen_summary": like["summary_purity"] if like and summaries else None,
            "hard_f1": hard and hard["story_f1"], "hard_titles": hard and hard["title_accuracy"],
            "segment_vs_jieba_cut": round(seg / cut, 2)}.items()})
    print("BENCH " + json.dumps(bench))
    return 0


if __name__ == "__main__":
    sys.exit(main())
