"""`make bench`: speed and quality of the summariser, side by side in one process.

Speed: textrank4zh's own classes (``TextRank4Sentence`` + ``TextRank4Keyword``, each splitting and
segmenting the text itself), our reference mode and our fast mode, with and without the position prior
(``MODES``), each producing a story's summary and keywords (see ``speed``), on the seed stories and on the
400 news items. Parity: reference mode's rankings (without the prior) against textrank4zh's on every seed
story.
Quality: ROUGE-1/2/L (rouge-chinese on characters) of Lead-1, Lead-3 and our top-1 / top-3 against the
human summaries (LCSTS, CLTS); ROUGE-L F on the 927 Xinhua articles against their editors' headlines at
150 characters and at 3 sentences, with 95 % paired bootstrap intervals of each system minus the lead under
the same rule (``xinhua.py``); keyword P/R/F1@5 on the CSL keyword gold for textrank4zh,
``jieba.analyse.textrank``, ``jieba.analyse.extract_tags`` and ours, and how many of the seed day's top 20
keywords are among jieba IDF's 2,000 commonest words (``keyword_bench.py``); the summary lint over the seed
pages and, when present, ``../shared/eval/unseen/pages`` (``summary_lint.py``). The last line is ``BENCH {json}``;
its ``rougeL_top1`` and ``rougeL_xinhua_ours`` are our default: reference mode with the position-aware
ranking, as the digest ranks a story whose body starts under its headline, and so any plain article.

    .venv/bin/python bench/bench.py [--eval-dir ../shared/eval] [--seeds seeds]
"""
from __future__ import annotations

import argparse
import gc
import json
import time

from evaluation import add_input_arguments, keyword_items, news_items, paragraphs_of, rouge

from summarize.summary import ranking_options, story_paragraphs
from in_memory import read_folder
from summarize.keywords import story_keywords
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.segment import segment_page
from summarize.summary import choose_summary
from summarize.textrank import rank_story
from textrank4zh_reference import textrank4zh_analyzers, textrank4zh_story, textrank4zh_text
from keyword_bench import csl_keyword_f1, day_keyword_commonness, print_commonness
from summary_lint import run as lint_summaries
from summary_lint import violations
from xinhua import lead_weights, paired_bootstrap, score_systems, xinhua_articles

MODES = {  # name -> rank_story options besides tokenizer and stop words, as summary.summarize_story sets them
    "reference": ranking_options("reference", position_prior=False),  # textrank4zh's rankings (--no-position-prior)
    "fast": ranking_options("fast", position_prior=False),  # --ranking-mode fast --no-position-prior
    # the digest's default for a story whose body starts under its heading (any plain article)
    "reference + position prior": ranking_options("reference", position_prior=True),
    "fast + position prior": ranking_options("fast", position_prior=True),  # --ranking-mode fast
}


def ours(paragraphs: list[list[str]], text: str, max_sentences: int = 3, **options) -> tuple[list[str], list]:
    """Our summary and keywords for one text, as ``summary.summarize_story`` makes them."""
    ranking = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **options)
    keywords = story_keywords(ranking, text)
    summary = choose_summary(paragraphs, ranking.sentence_weights, max_sentences=max_sentences,
                             keywords=[k.word for k in keywords])
    return summary, keywords


def textrank4zh_summary(text: str, analyzers) -> tuple[list[str], list]:
    """textrank4zh's summary (3 key sentences, in document order) and keywords for one text."""
    textrank4zh_text(text, analyzers)
    tr4s, tr4w = analyzers
    sentences = sorted(tr4s.get_key_sentences(num=3), key=lambda item: item.index)
    return [s.sentence for s in sentences], tr4w.get_keywords(8, word_min_len=2) + tr4w.get_keyphrases()


def speed(texts: list[tuple[list[list[str]], str]], repeats: int = 5) -> dict[str, dict[str, float]]:
    """chars/s and ms/story of textrank4zh and of each of ``MODES`` over ``texts`` (paragraphs, text).

    Each implementation makes a pass over all texts, ``repeats`` times in rotating order; its fastest
    pass counts and the garbage collector is paused while timing (both as ``timeit`` does), so a burst
    of machine load costs a pass, not the figures. Our tokenizer's memo of HMM results is emptied
    before each pass, so a pass gains only from runs repeated within it.
    """
    analyzers = textrank4zh_analyzers(given_sentences=False)
    runners = {"textrank4zh": lambda p, t: textrank4zh_summary(t, analyzers)}
    for mode, options in MODES.items():
        runners[mode] = lambda p, t, o=options: ours(p, t, **o)
    best = dict.fromkeys(runners, float("inf"))
    names = list(runners)
    for repeat in range(repeats):
        for name in names[repeat % len(names):] + names[:repeat % len(names)]:
            pos_tokenizer().clear_memo()
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                for paragraphs, text in texts:
                    runners[name](paragraphs, text)
                best[name] = min(best[name], time.perf_counter() - start)
            finally:
                gc.enable()
    chars = sum(len(t) for _, t in texts)
    return {name: {"chars_per_s": chars / s, "ms_per_story": 1000 * s / len(texts),
                   "ratio": best["textrank4zh"] / s} for name, s in best.items()}


def parity(stories) -> int:
    """How many seed stories reference mode ranks exactly as textrank4zh does (sentences, keywords,
    weights), both on jieba's global tokenizer and textrank4zh's stop words."""
    analyzers = textrank4zh_analyzers()
    same = 0
    for story in stories:
        paragraphs = story_paragraphs(story)
        a, b = rank_story(paragraphs), textrank4zh_story(paragraphs, analyzers=analyzers)
        same += (a.sentence_order, a.sentence_weights, a.keywords) == (b.sentence_order, b.sentence_weights, b.keywords)
    return same


def summary_quality(items) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2/L F1 per system over ``items`` (news with human summaries)."""
    totals: dict[str, dict[str, float]] = {}

    def add(system: str, hypothesis: str, reference: str) -> None:
        row = totals.setdefault(system, {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0})
        for name, value in rouge(hypothesis, reference).items():
            row[name] += value

    for item in items:
        paragraphs = paragraphs_of(item.text)
        flat = [s for p in paragraphs for s in p]
        add("Lead-1", flat[0], item.summary)
        add("Lead-3", "".join(flat[:3]), item.summary)
        for mode, options in MODES.items():
            for k in (1, 3):
                summary = ours(paragraphs, item.text, max_sentences=k, **options)[0]
                add(f"{mode} top-{k}", "".join(summary), item.summary)
    return {system: {name: v / len(items) for name, v in row.items()} for system, row in totals.items()}


def article_keywords(paragraphs: list[list[str]]) -> list[str]:
    """An article's keywords as the digest's default finds them (``MODES["reference + position prior"]``): the
    filler rule of ``choose_summary`` uses the same ones for every system compared."""
    ranking = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(),
                         **MODES["reference + position prior"])
    return [k.word for k in story_keywords(ranking, "".join(s for p in paragraphs for s in p))]


#: The Xinhua budgets: the digest's (150 characters, at most 3 sentences) and 3 sentences of any length.
XINHUA_BUDGETS = {"150 characters": (3, 150), "3 sentences": (3, 10 ** 9)}


def xinhua_quality(articles, lengths: dict[str, dict[str, list[int]]]) -> dict[str, dict[str, list[float]]]:
    """ROUGE-L F per article against the editor's headline, per budget of ``XINHUA_BUDGETS`` and system:
    the lead under the same rule, Lead-3, ours in each of ``MODES``, textrank4zh's own ranking and the
    greedy oracle (``xinhua.score_systems``). Fills ``lengths[budget][system]`` with the summaries'
    lengths in characters."""
    analyzers = textrank4zh_analyzers()
    systems = {"lead (same rule)": lead_weights,
               "textrank4zh": lambda p: textrank4zh_story(p, analyzers=analyzers).sentence_weights}
    for mode, options in MODES.items():
        systems[f"ours ({mode})"] = lambda p, o=options: rank_story(
            p, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **o).sentence_weights
    return {budget: score_systems(articles, systems, max_sentences=k, max_chars=chars, keywords=article_keywords,
                                  lengths=lengths.setdefault(budget, {}))
            for budget, (k, chars) in XINHUA_BUDGETS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_input_arguments(parser)
    args = parser.parse_args()
    started = time.perf_counter()
    pages, _ = read_folder(args.seeds)
    stories = [s for page in pages for s in segment_page(page)]
    news = news_items(args.eval_dir)
    csl = keyword_items(args.eval_dir)
    pos_tokenizer()
    ours([["预热分词器。"]], "预热分词器。")  # load jieba's dictionaries before anything is timed
    textrank4zh_summary("预热分词器。", textrank4zh_analyzers(given_sentences=False))

    identical = parity(stories)
    print(f"Parity: reference mode ranks {identical} of {len(stories)} seed stories exactly as textrank4zh "
          "(sentence order and weights, keyword order and weights)\n")
    print("Speed (summary + keywords per story, fastest of 5 passes each; ratio = textrank4zh's time / this one's)")
    print(f"{'corpus':<22}{'implementation':<24}{'chars/s':>10}{'ms/story':>10}{'ratio':>8}")
    corpora = {f"seed stories ({len(stories)})": [(story_paragraphs(s), s.text) for s in stories],
               f"news items ({len(news)})": [(paragraphs_of(it.text), it.text) for it in news]}
    speeds = {}
    for corpus, texts in corpora.items():
        speeds[corpus] = speed(texts)
        for name, row in speeds[corpus].items():
            print(f"{corpus:<22}{name:<24}{row['chars_per_s']:>10,.0f}{row['ms_per_story']:>10.2f}"
                  f"{row['ratio']:>7.1f}x")

    lcsts = [it for it in news if it.id.startswith("lcsts")]
    clts = [it for it in news if not it.id.startswith("lcsts")]
    quality = {}
    for name, items in ((f"LCSTS ({len(lcsts)})", lcsts), (f"CLTS ({len(clts)})", clts)):
        quality[name] = summary_quality(items)
        print(f"\nROUGE F1 on {name}, characters (budget 150 characters; top-k = at most k sentences)")
        print(f"{'system':<30}{'R-1':>8}{'R-2':>8}{'R-L':>8}")
        for system, row in quality[name].items():
            print(f"{system:<30}{row['rouge-1']:>8.4f}{row['rouge-2']:>8.4f}{row['rouge-l']:>8.4f}")

    xinhua_lengths: dict[str, dict[str, list[int]]] = {}
    xinhua = xinhua_quality(xinhua_articles(args.eval_dir), xinhua_lengths)
    default = "ours (reference + position prior)"
    for budget, scores in xinhua.items():
        lead = scores["lead (same rule)"]
        print(f"\nROUGE-L F on {len(lead)} Xinhua articles against the editor's headline, at {budget} "
              "(95 % paired bootstrap CI of the difference with the lead)")
        print(f"{'system':<34}{'R-L':>8}{'− lead':>9}{'CI':>20}{'chars':>8}")
        for system, row in scores.items():
            mean, low, high = paired_bootstrap(row, lead)
            size = xinhua_lengths[budget][system]
            print(f"{system:<34}{sum(row) / len(row):>8.4f}{mean:>+9.4f}   [{low:+.4f}, {high:+.4f}]"
                  f"{sum(size) / len(size):>8.0f}")
    xinhua_diff = paired_bootstrap(xinhua["150 characters"][default], xinhua["150 characters"]["lead (same rule)"])

    keywords = csl_keyword_f1(csl)
    print(f"\nKeywords @5 on CSL ({len(csl)} abstracts, exact match)")
    print(f"{'system':<34}{'P':>8}{'R':>8}{'F1':>8}")
    for name, (p, r, f) in keywords.items():
        print(f"{name:<34}{p:>8.4f}{r:>8.4f}{f:>8.4f}")
    commonness = day_keyword_commonness(args.seeds)
    print()
    print_commonness(commonness)
    print("\nSummary lint: summary items breaking a selection rule (bench/summary_lint.py; forced = the story "
          "had no passage breaking none)")
    lint = lint_summaries(args.seeds, args.eval_dir)
    print(f"\n{time.perf_counter() - started:.0f} s")

    seeds_speed = next(iter(speeds.values()))
    news_speed = speeds[f"news items ({len(news)})"]
    lcsts_quality = quality[f"LCSTS ({len(lcsts)})"]
    print("BENCH " + json.dumps({
        "ratio_reference": round(seeds_speed["reference"]["ratio"], 2),
        "ratio_fast": round(seeds_speed["fast"]["ratio"], 2),
        "ratio_reference_news": round(news_speed["reference"]["ratio"], 2),
        "ratio_fast_news": round(news_speed["fast"]["ratio"], 2),
        "ratio_reference_position_prior": round(seeds_speed["reference + position prior"]["ratio"], 2),
        "ratio_fast_position_prior": round(seeds_speed["fast + position prior"]["ratio"], 2),
        "parity_seed_stories": f"{identical}/{len(stories)}",
        # our top-1 as the digest ranks an article by default: reference mode with the position prior
        "rougeL_top1": round(lcsts_quality["reference + position prior top-1"]["rouge-l"], 4),
        "rougeL_top1_fast": round(lcsts_quality["fast + position prior top-1"]["rouge-l"], 4),
        "rougeL_top1_no_position_prior": round(lcsts_quality["reference top-1"]["rouge-l"], 4),
        "rougeL_top1_fast_no_position_prior": round(lcsts_quality["fast top-1"]["rouge-l"], 4),
        "rougeL_lead1": round(lcsts_quality["Lead-1"]["rouge-l"], 4),
        "rougeL_xinhua_ours": round(sum(xinhua["150 characters"][default]) / len(xinhua["150 characters"][default]), 4),
        "rougeL_xinhua_lead": round(sum(xinhua["150 characters"]["lead (same rule)"])
                                    / len(xinhua["150 characters"]["lead (same rule)"]), 4),
        "rougeL_xinhua_diff_ci_low": round(xinhua_diff[1], 4),
        "rougeL_xinhua_diff_ci_high": round(xinhua_diff[2], 4),
        "lint_violations": sum(violations(counts) for counts in lint.values()),
        "lint_forced": sum(counts["forced"] for counts in lint.values()),
        "kw_f1_ours": round(keywords["ours (reference)"][2], 4),
        "kw_f1_ours_fast": round(keywords["ours (fast)"][2], 4),
        "kw_f1_textrank4zh": round(keywords["textrank4zh"][2], 4),
        "kw_f1_jieba": round(keywords["jieba.analyse.textrank"][2], 4),
        "kw_f1_tfidf": round(keywords["jieba.analyse.extract_tags"][2], 4),
        "day_keywords_common": commonness["ours"]["common"],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
