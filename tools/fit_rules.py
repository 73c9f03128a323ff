"""Fit one constant of the rules segmenter (``summarize/segment.py``, or ``summarize/layout.py`` for its line
roles) on synthetic training pages: score the segmenter with each value of a grid and print the figures, best
value last.

    python tools/fit_rules.py [--constant UNTITLED_MAX_CHARS] [--grid 300,400,600,800,1200,inf]
                              [--articles ../shared/eval/articles] [--pages 400] [--seeds 1,3]
                              [--compressed-columns 0.5]

Pages are made by ``tools/synth_pages.py`` from the ``train`` half of ``../shared/eval/articles`` (read at
fit time only), one draw of ``--pages`` pages per synthesiser seed; the seed pages, the synthetic dev pages
(seed 2) and ``../shared/eval/unseen`` are never used here. A value's score is the mean over the draws of
story F1 + text purity + title accuracy (``bench/segmentation_eval.py``, the figures of
``score_digest.py``); the best score wins, the smaller value on a tie. Nothing is written: the value goes
into the constant's line in ``segment.py`` or ``layout.py``, whose comment names this command.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tools")]

from fit_segmenter import synthesise  # noqa: E402
from segmentation_eval import score_pages  # noqa: E402

from summarize import layout, segment  # noqa: E402

OBJECTIVE = ("story_f1", "text_purity", "title_accuracy")
#: Share of the training pages' narrow columns set with compressed punctuation (``synth_pages.set_column``), the
#: rest one character a cell. Own guess: the seed pages' narrow columns (001) are compressed, the unseen pages'
#: are cut by characters; the rules segmenter's column width (``segment._other_column``) must hold both.
#: ``make fit`` keeps 0, its models fitted before compressed columns were synthesised.
COMPRESSED_COLUMNS = 0.5


def _module(name: str):
    """The module of the rules segmenter that holds the number ``name``: ``segment``, else ``layout``; None."""
    for module in (segment, layout):
        if isinstance(getattr(module, name, None), (int, float)) and not isinstance(getattr(module, name), bool):
            return module
    return None


def _score(job: tuple[str, float, Path]) -> dict[str, float]:
    name, value, folder = job
    setattr(_module(name), name, value)  # in a forked worker: the parent's module is untouched
    return score_pages(folder / "pages", folder / "gold", method="rules")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--constant", default="UNTITLED_MAX_CHARS", help="a module-level number of segment.py or layout.py")
    ap.add_argument("--grid", default="300,400,600,800,1200,inf", help="values to try, comma-separated")
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "articles")
    ap.add_argument("--pages", type=int, default=400, help="synthetic training pages of each draw")
    ap.add_argument("--seeds", default="1,3", help="synthesiser seeds, one draw each (2 makes the dev pages)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--work", type=Path, default=None, help="keep the synthetic pages here")
    ap.add_argument("--compressed-columns", type=float, default=COMPRESSED_COLUMNS,
                    help="share of narrow columns set with compressed punctuation (synth_pages.py)")
    args = ap.parse_args(argv)
    if _module(args.constant) is None:
        print(f"fit-rules: neither segment.py nor layout.py has a number {args.constant}", file=sys.stderr)
        return 2
    if not (args.articles / "articles.jsonl").exists():
        print(f"fit-rules: no articles at {args.articles} (../shared/eval/articles is needed to fit)", file=sys.stderr)
        return 2
    grid = [float(v) for v in args.grid.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        folders = [synthesise(args.articles, work / f"train-{seed}", args.pages, seed, "train", args.compressed_columns)
                   for seed in seeds]
        jobs = [(args.constant, value, folder) for value in grid for folder in folders]
        with multiprocessing.get_context("fork").Pool(max(1, min(args.jobs, len(jobs)))) as pool:
            results = pool.map(_score, jobs, chunksize=1)
    print(f"{args.constant} on {len(seeds)} draws of {args.pages} synthetic training pages (seeds {seeds}); "
          f"per draw F1 / purity / coverage / titles; score = mean of F1 + purity + titles")
    best: tuple[float, float] | None = None
    for i, value in enumerate(grid):
        rows = results[i * len(folders):(i + 1) * len(folders)]
        score = sum(sum(r[k] for k in OBJECTIVE) for r in rows) / len(rows)
        cells = "  ".join(" / ".join(f"{r[k]:.3f}" for k in ("story_f1", "text_purity", "text_coverage", "title_accuracy"))
                          for r in rows)
        shown = "inf" if math.isinf(value) else f"{value:g}"
        print(f"  {shown:>8}  {cells}  score {score:.4f}")
        if best is None or score > best[0] + 1e-9:
            best = (score, value)
    now = getattr(_module(args.constant), args.constant)
    print(f"best {args.constant} = {best[1]:g} (score {best[0]:.4f}); now {now}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
