"""Summaries of the 927 Xinhua wire articles against their editors' headlines, system by system at the
digest's budget, with paired bootstrap confidence intervals (Koehn 2004; Efron & Tibshirani 1993).

Every system chooses through ``summary.choose_summary`` under the same rule (at most ``max_sentences``
sentences and ``max_chars`` characters, sentences under 6 characters skipped, document order, and, given
the article's keywords, no keyword-less filler while other passages are left); only the sentence weights
differ. So "lead" is the same rule fed weights that fall with position, and the
differences measured are the ranking's. Lead-3 is the first three sentences, whatever their length.
The oracle adds, greedily, the sentence that raises ROUGE-L most (an upper bound for extraction).

    .venv/bin/python bench/xinhua.py [--eval-dir ../shared/eval] [--max-sentences 3] [--max-chars 150]
"""
from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from evaluation import DEFAULT_EVAL_DIR, _jsonl, paragraphs_of, rouge
from scipy import stats

from summarize.summary import choose_summary

#: Bootstrap resamples and seed: on 927 synthetic pairs the 2.5 / 97.5 percentiles of 1,000 resamples were
#: within 0.00004 of those of 10,000; the seed makes a run repeatable.
RESAMPLES = 1000
SEED = 20261129


@dataclass(frozen=True)
class Article:
    """A Xinhua article: its paragraphs' sentences and the editor's headline (the reference)."""

    id: str
    paragraphs: list[list[str]]
    headline: str


def xinhua_articles(eval_dir: Path) -> list[Article]:
    """The 927 articles of ``eval_dir/news/xinhua_uhgeval_headlines.jsonl`` (text split into sentences per
    line with ``clean.split_sentences``). Raises ``SystemExit`` naming the file when it is missing."""
    rows = _jsonl(eval_dir / "news" / "xinhua_uhgeval_headlines.jsonl")
    return [Article(r["id"], paragraphs_of(r["text"]), r["summary"]) for r in rows]


Weigher = Callable[[list[list[str]]], Sequence[float]]


def lead_weights(paragraphs: list[list[str]]) -> list[float]:
    """Weights that fall with position: the lead under ``choose_summary``'s rule."""
    n = sum(len(p) for p in paragraphs)
    return [float(n - i) for i in range(n)]


def summarise(paragraphs: list[list[str]], weigher: Weigher, *, max_sentences: int, max_chars: int,
              keywords: Sequence[str] | None = None) -> str:
    """The summary ``choose_summary`` picks with ``weigher``'s sentence weights (and the story's
    ``keywords``), joined."""
    return "".join(choose_summary(paragraphs, weigher(paragraphs), max_sentences=max_sentences,
                                  max_chars=max_chars, keywords=keywords))


def oracle(paragraphs: list[list[str]], headline: str, *, max_sentences: int, max_chars: int) -> str:
    """Greedy extractive oracle: add the sentence that raises ROUGE-L F most while the budget allows
    (the first sentence may exceed ``max_chars`` alone, as in ``choose_summary``); stop when none does."""
    flat = [s for p in paragraphs for s in p if len(s) >= 6]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < max_sentences:
        used = sum(len(flat[i]) for i in chosen)
        step = None
        for i, sentence in enumerate(flat):
            if i in chosen or (chosen and used + len(sentence) > max_chars):
                continue
            score = rouge("".join(flat[j] for j in sorted([*chosen, i])), headline)["rouge-l"]
            if score > best:
                best, step = score, i
        if step is None:
            break
        chosen.append(step)
    return "".join(flat[j] for j in sorted(chosen))


def paired_bootstrap(a: Sequence[float], b: Sequence[float], *, resamples: int = RESAMPLES,
                     seed: int = SEED) -> tuple[float, float, float]:
    """Mean of ``a − b`` over paired items and its 95 % percentile bootstrap interval (the paired
    differences resampled with replacement ``resamples`` times, ``scipy.stats.bootstrap``). Returns
    ``(mean, low, high)``; the interval is ``(mean, mean)`` when every difference is the same."""
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if diffs.size == 0:
        raise ValueError("paired_bootstrap needs at least one pair")
    mean = float(diffs.mean())
    if np.all(diffs == diffs[0]):
        return mean, mean, mean
    result = stats.bootstrap((diffs,), np.mean, n_resamples=resamples, confidence_level=0.95,
                             method="percentile", random_state=np.random.default_rng(seed))
    return mean, float(result.confidence_interval.low), float(result.confidence_interval.high)


def score_systems(articles: list[Article], systems: dict[str, Weigher], *, max_sentences: int = 3,
                  max_chars: int = 150, with_oracle: bool = True,
                  keywords: Callable[[list[list[str]]], Sequence[str]] | None = None,
                  lengths: dict[str, list[int]] | None = None) -> dict[str, list[float]]:
    """ROUGE-L F (characters) of every system's summary of every article: ``{system: [score per
    article]}``, plus ``"Lead-3"`` and, when ``with_oracle``, ``"oracle"``. ``keywords`` gives an article's
    keywords, the same for every system (None: no filler rule). When ``lengths`` is given, each
    system's summary lengths in characters are appended to ``lengths[system]``."""
    lengths = {} if lengths is None else lengths
    scores: dict[str, list[float]] = {name: [] for name in ("Lead-3", *systems)}
    if with_oracle:
        scores["oracle"] = []
    for article in articles:
        flat = [s for p in article.paragraphs for s in p]
        words = keywords(article.paragraphs) if keywords else None
        scores["Lead-3"].append(rouge("".join(flat[:3]), article.headline)["rouge-l"])
        lengths.setdefault("Lead-3", []).append(len("".join(flat[:3])))
        for name, weigher in systems.items():
            text = summarise(article.paragraphs, weigher, max_sentences=max_sentences, max_chars=max_chars,
                             keywords=words)
            scores[name].append(rouge(text, article.headline)["rouge-l"])
            lengths.setdefault(name, []).append(len(text))
        if with_oracle:
            text = oracle(article.paragraphs, article.headline, max_sentences=max_sentences, max_chars=max_chars)
            scores["oracle"].append(rouge(text, article.headline)["rouge-l"])
            lengths.setdefault("oracle", []).append(len(text))
    return scores


def main() -> None:
    from bench import MODES, article_keywords  # noqa: PLC0415 (bench imports this module too)
    from summarize.lexicon import news_stopwords, pos_tokenizer
    from summarize.textrank import rank_story

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--max-sentences", type=int, default=3)
    parser.add_argument("--max-chars", type=int, default=150)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    args = parser.parse_args()
    articles = xinhua_articles(args.eval_dir)
    if args.limit:
        articles = articles[:args.limit]
    systems: dict[str, Weigher] = {"lead": lead_weights}
    for mode, options in MODES.items():
        systems[f"ours ({mode})"] = lambda p, o=options: rank_story(
            p, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **o).sentence_weights
    lengths: dict[str, list[int]] = {}
    scores = score_systems(articles, systems, max_sentences=args.max_sentences, max_chars=args.max_chars,
                           keywords=article_keywords, lengths=lengths)
    print(f"ROUGE-L F on {len(articles)} Xinhua articles, reference = headline; budget {args.max_chars} "
          f"characters, {args.max_sentences} sentences")
    for name, row in scores.items():
        mean, low, high = paired_bootstrap(row, scores["lead"])
        print(f"{name:<32}{sum(row) / len(row):>8.4f}   − lead {mean:+.4f} [{low:+.4f}, {high:+.4f}]"
              f"   {sum(lengths[name]) / len(lengths[name]):>5.0f} characters")


if __name__ == "__main__":
    main()
