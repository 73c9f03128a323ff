"""Evaluation material and scores shared by the benchmark and the stop-word selection: the LCSTS/CLTS news
with human summaries, the CSL keyword gold, ROUGE on characters, keyword precision/recall/F1."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rouge_chinese import Rouge

from summarize.clean import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"
_NOT_SCORED = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class NewsItem:
    """A news text with its human summary (LCSTS or CLTS)."""

    id: str
    text: str
    summary: str


@dataclass(frozen=True)
class KeywordItem:
    """A CSL abstract with its authors' keywords."""

    id: str
    text: str
    keywords: tuple[str, ...]


def add_input_arguments(parser) -> None:
    """Add the benchmarks' two input options to an ``argparse.ArgumentParser``: ``--eval-dir`` (default
    ``DEFAULT_EVAL_DIR``) and ``--seeds`` (default ``seeds/``)."""
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR,
                        help="evaluation material (default: ../shared/eval beside the repository)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="seed pages (default: seeds/)")


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise SystemExit(f"{path}: evaluation file not found (set --eval-dir)")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise SystemExit(f"{path}: line {number} is not JSON: {err}") from err
    return rows


def news_items(eval_dir: Path) -> list[NewsItem]:
    """The 393 LCSTS and 7 CLTS items of ``eval_dir/news/`` (LCSTS first)."""
    rows = _jsonl(eval_dir / "news" / "lcsts_clge_test_393.jsonl") + _jsonl(eval_dir / "news" / "clts_samples_7.jsonl")
    return [NewsItem(r["id"], r["text"], r["summary"]) for r in rows]


def keyword_items(eval_dir: Path) -> list[KeywordItem]:
    """The 400 CSL abstracts of ``eval_dir/keywords/csl_kg_dev_400.jsonl``."""
    rows = _jsonl(eval_dir / "keywords" / "csl_kg_dev_400.jsonl")
    return [KeywordItem(r["id"], r["text"], tuple(r["keywords"])) for r in rows]


def paragraphs_of(text: str) -> list[list[str]]:
    """A plain text's sentences per non-blank line (``clean.split_sentences``)."""
    return [split_sentences(line.strip()) for line in text.splitlines() if line.strip()]


_rouge = Rouge()


def rouge(hypothesis: str, reference: str) -> dict[str, float]:
    """ROUGE-1/2/L F1 (rouge-chinese) on characters, white space and punctuation dropped:
    ``{"rouge-1": f, "rouge-2": f, "rouge-l": f}``; zeros when either side is empty."""
    hyp = " ".join(_NOT_SCORED.sub("", hypothesis))
    ref = " ".join(_NOT_SCORED.sub("", reference))
    if not hyp or not ref:
        return {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0}
    scores = _rouge.get_scores(hyp, ref)[0]
    return {name: scores[name]["f"] for name in ("rouge-1", "rouge-2", "rouge-l")}


def keyword_scores(predicted: list[str], gold: tuple[str, ...]) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``predicted`` keywords against ``gold`` (exact match, Latin letters
    lower-cased); 0 for an empty prediction."""
    p = {w.lower() for w in predicted}
    g = {w.lower() for w in gold}
    hits = len(p & g)
    precision = hits / len(p) if p else 0.0
    recall = hits / len(g) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1
