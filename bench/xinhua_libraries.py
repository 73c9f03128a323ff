"""Other Chinese TextRank libraries on the Xinhua set, under the digest's selection rule: `make bench-libraries`.

Jiagu (``jiagu.summarize``) and SnowNLP (``SnowNLP(text).summary``) each rank an article's sentences (SnowNLP
its clauses, punctuation dropped). Their order becomes sentence weights for ``summary.choose_summary`` — a
sentence weighs as its best-ranked item found in it; a sentence holding none comes last — so they choose
under the same rule and keywords as ``bench/xinhua.py``'s systems, beside the lead under that rule and our
default. Not part of `make bench`: the two libraries are about 90 MB of source packages.

    .venv/bin/python bench/xinhua_libraries.py [--eval-dir ../shared/eval] [--limit N]
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import jiagu
from evaluation import DEFAULT_EVAL_DIR
from snownlp import SnowNLP
from xinhua import lead_weights, paired_bootstrap, score_systems, xinhua_articles

from bench import MODES, article_keywords
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.textrank import rank_story


def weights_from_order(ranked: Callable[[str, int], list[str]]) -> Callable[[list[list[str]]], list[float]]:
    """Sentence weights from a library's ranked items: ``ranked(text, n)`` returns the text's ``n`` items
    best first; a sentence weighs ``-(rank of the best item it contains)``, ``-n - 1`` when it holds none."""
    def weigh(paragraphs: list[list[str]]) -> list[float]:
        flat = [s for p in paragraphs for s in p]
        items = ranked("\n".join("".join(p) for p in paragraphs), len(flat))
        out = []
        for sentence in flat:
            ranks = [k for k, item in enumerate(items) if item and item in sentence]
            out.append(-float(min(ranks)) if ranks else -float(len(items) + 1))
        return out
    return weigh


def jiagu_ranked(text: str, n: int) -> list[str]:
    """Jiagu's best ``n`` sentences, or all it has: ``jiagu.summarize`` raises ``IndexError`` when asked for
    more sentences than it splits the text into, so ``n`` falls until it answers."""
    while n > 0:
        try:
            return jiagu.summarize(text, n)
        except IndexError:
            n -= 1
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    args = parser.parse_args()
    articles = xinhua_articles(args.eval_dir)
    if args.limit:
        articles = articles[:args.limit]
    systems = {
        "lead (same rule)": lead_weights,
        "Jiagu": weights_from_order(jiagu_ranked),
        # SnowNLP ranks clauses: ask for every clause a text of n sentences could hold
        "SnowNLP": weights_from_order(lambda text, n: SnowNLP(text).summary(10 * n)),
        "ours (reference + position prior)": lambda p: rank_story(
            p, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **MODES["reference + position prior"]).sentence_weights,
    }
    scores = score_systems(articles, systems, with_oracle=False, keywords=article_keywords)
    print(f"ROUGE-L F on {len(articles)} Xinhua articles against the headline, 150 characters / 3 sentences")
    for name, row in scores.items():
        mean, low, high = paired_bootstrap(row, scores["lead (same rule)"])
        print(f"{name:<32}{sum(row) / len(row):>8.4f}   − lead {mean:+.4f} [{low:+.4f}, {high:+.4f}]")


if __name__ == "__main__":
    main()
