"""Choose the news stop words by measurement and write summarize/news_stopwords.txt.

A word becomes a stop word when the ranker keeps promoting it but the people who wrote the gold almost
never use it. Evidence, per item: our top-10 keywords (textrank4zh's stop words only, reference mode)
for the 400 news items (a keyword "hits" when the human summary contains it) and for the CSL abstracts
(it hits when it is part of one of the authors' keywords). Each pool's base hit rate is the share of
hits over all its top-10 keywords. A word is chosen when its observed hits are improbably few under
those base rates: Poisson-binomial P(hits <= observed) < ``--p-value`` (default 0.05).

``--check`` also runs the choice on half the CSL items (even / odd ids, news always included) and prints
keyword F1@5 on the other half with and without the chosen words, so the gain is measured on items the
choice never saw.

    .venv/bin/python bench/select_stopwords.py [--eval-dir ../shared/eval] [--check] [--write]
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np
from evaluation import DEFAULT_EVAL_DIR, ROOT, keyword_items, keyword_scores, news_items, paragraphs_of

from summarize.keywords import is_keyword_shaped, story_keywords
from summarize.lexicon import NEWS_STOPWORDS_FILE, pos_tokenizer
from summarize.lexicon import textrank4zh_stopwords
from summarize.textrank import rank_story

TOP = 10


def evidence(news, csl) -> dict[str, list[tuple[float, bool]]]:
    """``{word: [(pool base rate, hit), ...]}`` over every item where the word is a top-10 keyword."""
    tokenizer = pos_tokenizer()
    pools = {"news": [], "csl": []}
    for pool, items in (("news", news), ("csl", csl)):
        for item in items:
            ranking = rank_story(paragraphs_of(item.text), tokenizer=tokenizer)
            for word in [k.word for k in ranking.keywords if is_keyword_shaped(k.word)][:TOP]:
                if pool == "news":
                    hit = word in item.summary
                else:
                    hit = any(word.lower() in g.lower() for g in item.keywords)
                pools[pool].append((word, hit))
    out: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for rows in pools.values():
        rate = sum(hit for _, hit in rows) / max(len(rows), 1)
        for word, hit in rows:
            out[word].append((rate, hit))
    return out


def lower_tail(rates: list[float], observed: int) -> float:
    """P(X <= observed) for X a sum of independent Bernoulli(rates) (Poisson-binomial), exactly."""
    dist = np.zeros(len(rates) + 1)
    dist[0] = 1.0
    for r in rates:
        dist[1:] = dist[1:] * (1 - r) + dist[:-1] * r
        dist[0] *= 1 - r
    return float(dist[: observed + 1].sum())


def choose(news, csl, p_value: float) -> list[tuple[str, int, int, float]]:
    """``[(word, times a top-10 keyword, hits, P), ...]`` for the chosen words, most certain first."""
    stop = textrank4zh_stopwords()
    chosen = []
    for word, rows in evidence(news, csl).items():
        hits = sum(hit for _, hit in rows)
        p = lower_tail([rate for rate, _ in rows], hits)
        if p < p_value and word not in stop:
            chosen.append((word, len(rows), hits, p))
    return sorted(chosen, key=lambda row: (row[3], row[0]))


def f1_at_5(items, stopwords: frozenset[str]) -> float:
    tokenizer = pos_tokenizer()
    scores = []
    for item in items:
        ranking = rank_story(paragraphs_of(item.text), tokenizer=tokenizer, stopwords=stopwords)
        scores.append(keyword_scores([k.word for k in story_keywords(ranking, item.text, num=5)], item.keywords)[2])
    return sum(scores) / len(scores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--p-value", type=float, default=0.05)
    parser.add_argument("--check", action="store_true", help="two-fold held-out check on CSL")
    parser.add_argument("--write", action="store_true", help=f"write {NEWS_STOPWORDS_FILE.relative_to(ROOT)}")
    args = parser.parse_args()
    news, csl = news_items(args.eval_dir), keyword_items(args.eval_dir)
    base = textrank4zh_stopwords()
    if args.check:
        for fold in (0, 1):
            train = [it for i, it in enumerate(csl) if i % 2 == fold]
            held_out = [it for i, it in enumerate(csl) if i % 2 != fold]
            words = frozenset(w for w, *_ in choose(news, train, args.p_value))
            print(f"fold {fold}: {len(words)} words chosen; held-out CSL F1@5 "
                  f"{f1_at_5(held_out, base):.4f} (textrank4zh's stop words) -> {f1_at_5(held_out, base | words):.4f}")
    chosen = choose(news, csl, args.p_value)
    for word, n, hits, p in chosen:
        print(f"{word}\t{n}\t{hits}\t{p:.2g}")
    if args.write:
        header = [
            "# News stop words added to textrank4zh's list. Written by bench/select_stopwords.py (see its docstring):",
            f"# words our ranker put in its top {TOP} keywords that the human summaries (LCSTS, CLTS) and the CSL",
            f"# authors' keywords used improbably rarely (Poisson-binomial P < {args.p_value}).",
            "# Columns after the word: times a top keyword, times used by the gold, P.",
        ]
        lines = [f"{w}  # {n} {hits} {p:.2g}" for w, n, hits, p in chosen]
        NEWS_STOPWORDS_FILE.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
        print(f"wrote {len(chosen)} words to {NEWS_STOPWORDS_FILE}")


if __name__ == "__main__":
    main()
