"""Story summaries: rank a story's sentences and keywords, choose its summary; pure. (The day's digest is
put together in ``summarize.assemble``.)"""
from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from summarize.clean import split_sentences, stand_in_title
from summarize.places import story_region
from summarize.keywords import story_keywords
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.models import Story, StorySummary
from summarize.summary import choose_summary
from summarize.textrank import rank_story

#: The position-aware ranking's position exponent and headline-prior weight (``--lead-bias``, the default),
#: fitted on real news reports against their printed headlines by ``make fit-ranking`` (tools/fit_ranking.py).
RANKING_MODEL = Path(__file__).with_name("ranking_model.json")


#: Length normalisation of the position-aware ranking: a sentence's score is divided by its length in
#: characters to this power. Structural, not fitted: the summary's budget is counted in characters, and
#: taking items by value per unit of budget is the greedy rule for a budget (Dantzig 1957's knapsack;
#: Lin & Bilmes 2010 scale costs the same way), so 1 = a sentence is worth its score per character. Above
#: 1 a sentence would be worth more for being short in itself.
LENGTH_EXPONENT = 1.0


@lru_cache(maxsize=1)
def ranking_model() -> dict[str, float]:
    """The fitted ``position_exponent`` and ``query_weight`` of ``RANKING_MODEL``, with
    ``length_exponent`` = ``LENGTH_EXPONENT``. Raises ``RuntimeError`` naming the file when it is missing
    or lacks one of them."""
    try:
        model = json.loads(RANKING_MODEL.read_text(encoding="utf-8"))
        fitted = {key: float(model[key]) for key in ("position_exponent", "query_weight")}
        return {**fitted, "length_exponent": LENGTH_EXPONENT}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RuntimeError(f"{RANKING_MODEL}: cannot read the fitted ranking exponents ({err}); "
                           "re-fit with `make fit-ranking`") from err


def ranking_options(mode: Literal["reference", "fast"] = "reference", lead_bias: bool = False) -> dict:
    """``textrank.rank_story`` options (besides tokenizer and stop words) for a ranking mode.

    ``"reference"``: textrank4zh's graphs and PageRank with jieba's HMM on; without ``lead_bias`` the
    rankings are textrank4zh's exactly. ``"fast"``: HMM off, no self-loops in either graph (Mihalcea &
    Tarau 2004's graphs have none), PageRank on dense matrices. ``lead_bias``: the position-aware
    ranking — PageRank on the sentence graph without self-loops (textrank4zh's self-loop, a sentence's
    similarity to itself, grows with its length), its scores multiplied by a position prior
    ``(i + 1) ** -a`` (as in PositionRank, Florescu & Caragea 2017), ``a`` fitted (``ranking_model``), and
    divided by the sentence's length in characters (``LENGTH_EXPONENT``). The keyword graph is not
    affected. Raises ``ValueError`` for another ``mode``, ``RuntimeError`` when the fitted model cannot be
    read."""
    if mode not in ("reference", "fast"):
        raise ValueError(f"ranking mode must be 'reference' or 'fast', not {mode!r}")
    fast = mode == "fast"
    model = ranking_model() if lead_bias else {"position_exponent": 0.0, "length_exponent": 0.0}
    exponents = {key: model[key] for key in ("position_exponent", "length_exponent")}
    return {"hmm": not fast, "fast_pagerank": fast, "keyword_self_loops": not fast,
            "sentence_self_loops": not fast and not lead_bias, **exponents}


def story_paragraphs(story: Story) -> list[list[str]]:
    """The story's sentences per paragraph, in document order (``clean.split_sentences``); paragraphs
    without a sentence are left out."""
    return [sentences for paragraph in story.paragraphs if (sentences := split_sentences(paragraph))]


def story_sentences(story: Story) -> list[str]:
    """The story's sentences in document order (``clean.split_sentences`` over each paragraph)."""
    return [s for paragraph in story_paragraphs(story) for s in paragraph]


def summarize_story(story: Story, *, max_sentences: int = 3, max_chars: int = 150, max_keywords: int = 8,
                    mode: Literal["reference", "fast"] = "reference", lead_bias: bool = True) -> StorySummary:
    """Summarise one story with TextRank (Mihalcea & Tarau 2004) on textrank4zh's graphs.

    One segmentation pass ranks sentences and keywords (``textrank.rank_story``) with our tokenizer
    (Hunan's place and organisation names kept whole) and the news stop words, with the options of
    ``ranking_options(mode, lead_bias)``: ``mode="reference"`` ranks on textrank4zh's graphs (with
    ``lead_bias=False``, its rankings exactly, given the same words); ``mode="fast"`` turns jieba's HMM
    off and computes PageRank on dense matrices; ``lead_bias`` favours early sentences by a position
    prior and a length normalisation — in a story whose body starts right under its own heading
    (``story.starts_under_heading``) only: elsewhere the page does not show where the story starts, and its
    first sentence may be another story's — and, with ``lead_bias``, a story printed with a headline is
    ranked towards the sentences that carry the words of its headline, deck and kicker (biased TextRank,
    Kazemi et al. 2020; weight fitted, ``ranking_model``). Raises ``ValueError`` for another ``mode``.
    Summary: ``summary.choose_summary`` — at most ``max_sentences`` sentences and about ``max_chars``
    characters, verbatim, in document order, never a byline, credit, caption, the headline, a section
    head or run-in subhead, half a quotation or a sentence cut off by the page while complete ones are
    left; a passage carrying none of the story's keywords, or opening with a word that needs the
    sentence before it, only when nothing else is left.
    Keywords: up to ``max_keywords`` keywords and keyphrases, best first (``keywords.story_keywords``).
    A story printed without a headline whose start the page does not show gets its best-ranked sentence
    as stand-in headline (``clean.stand_in_title``) instead of its first: the returned ``story`` is then
    a copy with that ``title``.
    """
    options = ranking_options(mode, lead_bias and story.starts_under_heading)
    split = [(text, sentences, story.role_of(k)) for k, text in enumerate(story.paragraphs)
             if (sentences := split_sentences(text))]
    texts = [text for text, _, _ in split]
    paragraphs = [sentences for _, sentences, _ in split]  # as story_paragraphs(story), splitting once
    roles = [role for _, _, role in split]
    if lead_bias and story.title_printed:
        options["query"] = " ".join(t for t in (story.kicker, story.title, story.subtitle) if t)
        options["query_weight"] = ranking_model()["query_weight"]
    ranking = rank_story(paragraphs, tokenizer=pos_tokenizer(), stopwords=news_stopwords(), **options)
    if not story.title_printed and not story.starts_under_heading and ranking.sentence_order:
        # the stand-in headline was the first sentence, which may be another story's: take the best-ranked
        best = ranking.sentences[ranking.sentence_order[0]]
        story = replace(story, title=stand_in_title(best),
                        region=story_region(None, story.kicker, story.subtitle, best))
    headlines = (story.title if story.title_printed else "", story.subtitle or "", story.kicker or "")
    keywords = tuple(story_keywords(ranking, story.text, num=max_keywords))
    summary = choose_summary(paragraphs, ranking.sentence_weights, max_sentences=max_sentences,
                             max_chars=max_chars, headlines=headlines, texts=texts, roles=roles,
                             keywords=[k.word for k in keywords])
    return StorySummary(story=story, summary=tuple(summary), keywords=keywords)
