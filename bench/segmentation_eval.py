"""Score the segmenter on a folder of pages with line-level gold (the seeds' gold, ``../shared/eval/unseen``
or synthetic pages), in-process, with the shared scorer ``score_digest.py`` (a copy lives beside the
seeds' gold in ``tests/data/gold``)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT / "tests" / "data" / "gold" / "score_digest.py"
FIGURES = ("story_f1", "text_purity", "text_coverage", "title_accuracy", "summary_purity")


def load_scorer():
    """The shared scorer module ``score_digest.py``."""
    spec = importlib.util.spec_from_file_location("score_digest", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def story_records(pages_dir: Path, names: list[str], *, summaries: bool, method: str = "rules") -> dict[str, list[dict]]:
    """``{page name: [digest.json story record, ...]}`` for the named pages of ``pages_dir``: segmented,
    and summarised when ``summaries`` (the digest's title for an untitled story is then its best-ranked
    sentence, as in digest.json)."""
    from summarize import ingest, segment

    out: dict[str, list[dict]] = {}
    for name in names:
        page = ingest.read_page(pages_dir / f"{name}.txt")
        stories = segment.segment_page(page, method=method)
        records = []
        for story in stories:
            record = {"source": story.source, "title": story.title, "text": story.text, "summary": []}
            if summaries:
                from summarize.summary import summarize_story

                summary = summarize_story(story)
                record["summary"] = list(summary.summary)
                record["title"] = summary.story.title
            records.append(record)
        out[name] = records
    return out


def score_pages(pages_dir: Path, gold_dir: Path, names: list[str] | None = None, *,
                summaries: bool = False, method: str = "rules") -> dict[str, float]:
    """The five figures (``FIGURES``, 0-1; ``summary_purity`` only when ``summaries``) over the named
    pages (default: every page with gold), summed over pages as ``score_digest.py`` sums them, for the
    segmentation ``method`` (``segment.METHODS``)."""
    pages_dir, gold_dir = Path(pages_dir), Path(gold_dir)
    if names is None:
        names = sorted(p.name[: -len(".lines.tsv")] for p in gold_dir.glob("*.lines.tsv"))
    records = story_records(pages_dir, names, summaries=summaries, method=method)
    return figures(records, pages_dir, gold_dir, names)


def figures(records: dict[str, list[dict]], pages_dir: Path, gold_dir: Path, names: list[str]) -> dict[str, float]:
    """The five figures of story records by page name against the gold of ``gold_dir``."""
    scorer = load_scorer()
    sums = dict.fromkeys(("gold", "system", "matched"), 0)
    pairs = {key: [0, 0] for key in ("pur", "cov", "titles", "summary")}
    for name in names:
        result = scorer.score_page(scorer.load_gold(str(gold_dir), name, str(pages_dir)), records.get(name, []))
        for key in sums:
            sums[key] += result[key]
        for key, pair in pairs.items():
            pair[0] += result[key][0]
            pair[1] += result[key][1]
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    precision, recall = ratio(sums["matched"], sums["system"]), ratio(sums["matched"], sums["gold"])
    return {"story_f1": round(ratio(2 * precision * recall, precision + recall), 4),
            "text_purity": round(ratio(*pairs["pur"]), 4), "text_coverage": round(ratio(*pairs["cov"]), 4),
            "title_accuracy": round(ratio(*pairs["titles"]), 4),
            "summary_purity": round(ratio(*pairs["summary"]), 4), "pages": len(names),
            "gold_stories": sums["gold"], "system_stories": sums["system"]}
