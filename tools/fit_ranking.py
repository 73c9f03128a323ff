"""Fit the summary ranking's position exponent and headline-prior weight (``summarize/ranking_model.json``)
on real articles: `make fit-ranking`.

Training data: the news reports among the People's Daily articles of ``../shared/eval/articles/articles.jsonl``
(read at fit time only; their text never enters the repository) — the articles whose body opens with a
dateline (``本报长沙2月1日电``, ``新华社北京…电``; ``DATELINE``) — each one's body paragraphs as the story and its
printed headline as the reference a summary should carry. A feature or profile opens on a scene and is
printed under a slogan headline: a report's lead-first order (the inverted pyramid) is
what a position prior models, so features would teach it that position means nothing (fitted on all
2,022 articles it chose no position prior, and scored 0.166 against the lead's 0.210 on Xinhua). The seed pages, the unseen pages and the Xinhua set are
checks and are never read here.

Each article is ranked once as the digest ranks a story (``summary.ranking_options(mode, position_prior=True)``
without the position prior: PageRank on the sentence graph without self-loops). Then every position
exponent a of ``POSITION_GRID`` re-weighs the scores as ``textrank.rank_story`` does
(``score_i * (i + 1) ** -a * n_i ** -c``, with the structural length exponent c = ``summary.LENGTH_EXPONENT``),
``summary.choose_summary`` picks the summary under the digest's budget (with the article's keywords, as the
digest passes a story's), and ROUGE-L F on characters against
the headline is averaged over the articles. The exponent with the highest mean is kept (a tie goes to the
smaller). The table of every exponent is printed.

Then the headline prior's weight (biased TextRank, Kazemi et al. 2020): a printed headline cannot be both
the query and the reference, so it is fitted on the articles printed with a kicker or a deck, those as the
query and the headline as the reference, with the exponents just fitted; each weight of ``QUERY_GRID``
re-ranks the articles and the best mean ROUGE-L F is kept if it beats no prior (weight 0) with the lower
bound of its 95 % paired bootstrap interval above 0; otherwise the weight is 0.

    .venv/bin/python tools/fit_ranking.py [--articles ../shared/eval/articles/articles.jsonl]
        [--out summarize/ranking_model.json] [--ranking-mode reference]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from evaluation import rouge  # noqa: E402 (bench/ holds the ROUGE the benchmark scores with)
from xinhua import paired_bootstrap  # noqa: E402

from summarize.clean import split_sentences  # noqa: E402
from summarize.summary import LENGTH_EXPONENT, RANKING_MODEL, ranking_options  # noqa: E402
from summarize.keywords import story_keywords  # noqa: E402
from summarize.lexicon import news_stopwords, pos_tokenizer  # noqa: E402
from summarize.summary import choose_summary  # noqa: E402
from summarize.textrank import rank_story  # noqa: E402

#: The grid: position exponent 0 (no prior) to 3 in steps of 0.25; ``(i + 1) ** -3`` already gives
#: sentence 5 less than 1 % of sentence 1's prior, so a larger one is the lead.
POSITION_GRID = [k / 4 for k in range(0, 13)]
#: A news report's dateline opening its body: the paper's or the agency's, a place and date, then 电.
DATELINE = re.compile(r"^(?:本报|新华社)\S{0,16}?电")
#: The digest's summary budget (``Settings.summary_sentences`` / ``summary_chars``).
MAX_SENTENCES, MAX_CHARS = 3, 150
#: Share of PageRank's teleport given to the sentences that carry the query's words (0: none, 1: all).
QUERY_GRID = [k / 4 for k in range(0, 5)]


def articles(path: Path) -> list[tuple[list[list[str]], str, str]]:
    """Each news report's (``DATELINE``) body as sentences per paragraph, its headline, and its kicker and
    deck joined by a space (``""`` when it has neither). Raises ``SystemExit`` naming ``path`` when it is missing or a line
    is not JSON."""
    if not path.is_file():
        raise SystemExit(f"{path}: articles file not found (set --articles)")
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise SystemExit(f"{path}: line {number} is not JSON: {err}") from err
        body = [text for role, text in row["paras"] if role == "body"]
        if not body or not DATELINE.match(body[0]):
            continue
        paragraphs = [s for text in body if (s := split_sentences(text))]
        if paragraphs and row["title"]:
            out.append((paragraphs, row["title"], " ".join(t for t in (row["kicker"], row["deck"]) if t)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "articles" / "articles.jsonl")
    parser.add_argument("--out", type=Path, default=RANKING_MODEL)
    parser.add_argument("--ranking-mode", dest="mode", default="reference", choices=("reference", "fast"))
    args = parser.parse_args()
    started = time.perf_counter()
    data = articles(args.articles)
    # as ranking_options(mode, position_prior=True) ranks, without reading the model being fitted
    options = {**ranking_options(args.mode, position_prior=False), "sentence_self_loops": False}
    c = LENGTH_EXPONENT
    ranked = []
    for paragraphs, headline, _ in data:
        ranking = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **options)
        lengths = np.array([max(len(s), 1) for s in ranking.sentences], dtype=np.float64)
        keywords = [k.word for k in story_keywords(ranking, "".join(s for p in paragraphs for s in p))]
        ranked.append((paragraphs, headline, np.array(ranking.sentence_weights), lengths, keywords))
    print(f"{len(ranked)} articles ranked in {time.perf_counter() - started:.0f} s", flush=True)
    results = {}
    for a in POSITION_GRID:
        total = 0.0
        for paragraphs, headline, scores, lengths, keywords in ranked:
            weights = scores * np.arange(1, len(scores) + 1) ** -a * lengths ** -c
            summary = choose_summary(paragraphs, weights.tolist(), max_sentences=MAX_SENTENCES, max_chars=MAX_CHARS,
                                     keywords=keywords)
            total += rouge("".join(summary), headline)["rouge-l"]
        results[a] = total / len(ranked)
        print(f"position exponent {a:.2f}: ROUGE-L F {results[a]:.4f}", flush=True)
    a = max(POSITION_GRID, key=lambda k: results[k])  # first maximum: the smaller exponent
    score = results[a]
    print(f"position exponent {a} (length exponent {c})", flush=True)

    # each report with a kicker or deck, and its keywords (the query prior leaves the keyword graph alone)
    with_display = [(p, h, q, entry[4]) for (p, h, q), entry in zip(data, ranked, strict=True) if q]
    query_results = {}
    for w in QUERY_GRID:
        rows = []
        for paragraphs, headline, query, keywords in with_display:
            ranking = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **options,
                                 query=query, query_weight=w)
            lengths = np.array([max(len(s), 1) for s in ranking.sentences], dtype=np.float64)
            weights = np.array(ranking.sentence_weights) * np.arange(1, len(lengths) + 1) ** -a * lengths ** -c
            summary = choose_summary(paragraphs, weights.tolist(), max_sentences=MAX_SENTENCES, max_chars=MAX_CHARS,
                                     keywords=keywords)
            rows.append(rouge("".join(summary), headline)["rouge-l"])
        query_results[w] = rows
        print(f"query weight {w:.3f}: ROUGE-L F {sum(rows) / len(rows):.4f} on {len(rows)} articles", flush=True)
    w = max(QUERY_GRID, key=lambda k: sum(query_results[k]))
    _, low, high = paired_bootstrap(query_results[w], query_results[0.0])
    print(f"best query weight {w}: difference with none, 95 % CI [{low:+.4f}, {high:+.4f}]")
    if low <= 0:
        w = 0.0
    model = {
        "position_exponent": a,
        "query_weight": w,
        "fitted_on": f"{len(ranked)} news reports (body opens with a dateline) of {args.articles.name}, reference = headline",
        "objective": "mean ROUGE-L F on characters at 150 characters / 3 sentences (choose_summary)",
        "rouge_l": round(score, 4),
        "rouge_l_no_position_prior": round(results[0.0], 4),
        "query_fitted_on": f"{len(with_display)} of them with a kicker or deck (the query), reference = headline",
        "query_rouge_l": round(sum(query_results[w]) / len(with_display), 4),
        "query_rouge_l_without": round(sum(query_results[0.0]) / len(with_display), 4),
        "command": "make fit-ranking",
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(model, ensure_ascii=False))
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
