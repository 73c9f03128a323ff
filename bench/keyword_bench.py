"""Keywords that mean something (issue 15): how common the seed day's keywords are, and keyword F1@5 on CSL.

Commonness: the seed day's top 20 day keywords, and how many of them are among the 2,000 commonest words of
jieba's IDF table (lowest IDF in ``jieba/analyse/idf.txt``), ranked by PageRank alone and summed over the
stories (before) and with our IDF weighting (``keywords.story_keywords``, ``assemble.day_keywords`` with no
archive). Quality: precision / recall / F1 at 5 against the authors' keywords of the CSL abstracts (exact
match, ``evaluation.keyword_scores``) for ours (reference and fast mode, and reference mode by PageRank
alone), ``jieba.analyse.extract_tags`` (TF-IDF), ``jieba.analyse.textrank`` and textrank4zh.
``bench/bench.py`` calls ``day_keyword_commonness`` and ``csl_keyword_f1``; alone it prints a table and a
last line ``BENCH {json}``:

    .venv/bin/python bench/keyword_bench.py [--eval-dir ../shared/eval] [--seeds seeds]
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import jieba.analyse
from evaluation import add_input_arguments, KeywordItem, keyword_items, keyword_scores, paragraphs_of

from summarize.assemble import day_keywords
from summarize.summary import ranking_options, story_paragraphs
from in_memory import read_folder
from summarize.keywords import aggregate_keywords, jieba_idf, story_keywords, uniform_idf
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.models import StorySummary
from summarize.segment import segment_page
from summarize.textrank import rank_story
from textrank4zh_reference import textrank4zh_analyzers, textrank4zh_text

#: "Commonest" as issue 15 counts it: the 2,000 words of lowest IDF in jieba's table.
COMMONEST = 2000
DAY_KEYWORDS = 20


def day_keyword_commonness(seeds_dir: Path, *, mode: str = "reference") -> dict:
    """The day's top ``DAY_KEYWORDS`` keywords of the pages in ``seeds_dir`` (rule segmenter, story
    keywords as ``summary.summarize_story`` makes them in ranking ``mode``; the position prior does not touch
    keywords) and how many are among jieba IDF's ``COMMONEST`` commonest words:
    ``{"before": {"top": [word, ...], "common": int, "common_words": [word, ...]}, "ours": {...},
    "commonest": COMMONEST}``. ``before`` ranks story keywords by PageRank alone and sums them over the
    stories (the day's keywords before IDF weighting); ``ours`` is ``assemble.day_keywords`` on the
    IDF-weighted story keywords with no archive. Raises ``ValueError`` for an unknown ``mode``."""
    pages, _ = read_folder(seeds_dir)
    options = ranking_options(mode, position_prior=False)
    before, ours = [], []
    for page in pages:
        for story in segment_page(page):
            ranking = rank_story(story_paragraphs(story), tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                                 **options)
            before.append(story_keywords(ranking, story.text, idf=uniform_idf))
            ours.append(StorySummary(story, (), tuple(story_keywords(ranking, story.text))))
    common = jieba_idf().commonest(COMMONEST)

    def row(words: list[str]) -> dict:
        return {"top": words, "common": sum(w in common for w in words),
                "common_words": [w for w in words if w in common]}

    return {"before": row([k.word for k in aggregate_keywords(before, num=DAY_KEYWORDS)]),
            "ours": row([k.word for k in day_keywords(ours, num=DAY_KEYWORDS)]), "commonest": COMMONEST}


def _ours(mode: str, idf: Callable[[str], float] | None = None) -> Callable[[KeywordItem], list[str]]:
    options = ranking_options(mode, position_prior=False)
    return lambda it: [k.word for k in story_keywords(
        rank_story(paragraphs_of(it.text), tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **options),
        it.text, num=5, idf=idf)]


def csl_keyword_f1(items: list[KeywordItem]) -> dict[str, tuple[float, float, float]]:
    """Mean keyword precision, recall and F1 at 5 per system over the CSL ``items``
    (``evaluation.keyword_items``): ``{name: (p, r, f1)}`` for ``ours (reference)``, ``ours (fast)``,
    ``ours (reference, PageRank only)`` (before IDF weighting), ``jieba.analyse.extract_tags`` and
    ``jieba.analyse.textrank`` (``topK=5``, jieba's defaults otherwise) and ``textrank4zh``
    (``get_keywords(5, word_min_len=2)``)."""
    analyzers = textrank4zh_analyzers(given_sentences=False)
    systems: dict[str, Callable[[KeywordItem], list[str]]] = {
        "ours (reference)": _ours("reference"),
        "ours (fast)": _ours("fast"),
        "ours (reference, PageRank only)": _ours("reference", uniform_idf),
        "jieba.analyse.extract_tags": lambda it: jieba.analyse.extract_tags(it.text, topK=5),
        "jieba.analyse.textrank": lambda it: jieba.analyse.textrank(it.text, topK=5),
        "textrank4zh": lambda it: [k.word for k in (textrank4zh_text(it.text, analyzers) or
                                                    analyzers[1].get_keywords(5, word_min_len=2))],
    }
    out = {}
    for name, predict in systems.items():
        rows = [keyword_scores(predict(it), it.keywords) for it in items]
        out[name] = tuple(sum(r[i] for r in rows) / len(rows) for i in range(3))
    return out


def print_commonness(commonness: dict) -> None:
    """Print ``day_keyword_commonness``'s two top-20 lists, each common word marked ``*``."""
    print(f"The seed day's top {DAY_KEYWORDS} keywords; * = among jieba IDF's {commonness['commonest']:,} "
          "commonest words")
    for name in ("before", "ours"):
        row = commonness[name]
        marked = "、".join(w + ("*" if w in row["common_words"] else "") for w in row["top"])
        print(f"{name:<8}{row['common']:>3} common: {marked}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_input_arguments(parser)
    args = parser.parse_args()
    started = time.perf_counter()
    commonness = day_keyword_commonness(args.seeds)
    print_commonness(commonness)

    items = keyword_items(args.eval_dir)
    scores = csl_keyword_f1(items)
    print(f"\nKeywords @5 on CSL ({len(items)} abstracts, exact match)")
    print(f"{'system':<34}{'P':>8}{'R':>8}{'F1':>8}")
    for name, (p, r, f) in scores.items():
        print(f"{name:<34}{p:>8.4f}{r:>8.4f}{f:>8.4f}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    print("BENCH " + json.dumps({
        "day_keywords_common": commonness["ours"]["common"],
        "day_keywords_common_before": commonness["before"]["common"],
        "kw_f1_ours": round(scores["ours (reference)"][2], 4),
        "kw_f1_ours_fast": round(scores["ours (fast)"][2], 4),
        "kw_f1_ours_pagerank_only": round(scores["ours (reference, PageRank only)"][2], 4),
        "kw_f1_tfidf": round(scores["jieba.analyse.extract_tags"][2], 4),
        "kw_f1_jieba_textrank": round(scores["jieba.analyse.textrank"][2], 4),
        "kw_f1_textrank4zh": round(scores["textrank4zh"][2], 4),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
