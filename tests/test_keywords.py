"""Keywords that mean something: hygiene, keyphrases, the user dictionary, news stop words, the day's list."""
from __future__ import annotations

import pytest

from summarize.assemble import day_keywords
from summarize.digest import story_paragraphs, summarize_story
from summarize.keywords import is_keyword_shaped, keyphrases, story_keywords
from summarize.lexicon import BODY_SUFFIXES, ZONE_SUFFIXES, news_stopwords, pos_tokenizer, user_words
from summarize.places import place_names
from summarize.textrank import rank_story, textrank4zh_stopwords

from .conftest import seed


@pytest.fixture(scope="module")
def summaries(seed_stories):
    return [summarize_story(story) for stories in seed_stories.values() for story in stories]


@pytest.mark.parametrize("word", ["2023年", "15万元", "66%", "第3", "。", "“", "a", "党", "29", "3.5", "COVID-19"])
def test_not_keywords(word):
    assert not is_keyword_shaped(word)


@pytest.mark.parametrize("word", ["株洲经开区", "乡村振兴", "GDP", "三高四新", "禁毒"])
def test_keywords(word):
    assert is_keyword_shaped(word)


def test_seed_keywords_are_clean_distinct_and_not_stop_words(summaries):
    stop = news_stopwords()
    for item in summaries:
        words = [k.word for k in item.keywords]
        assert 1 <= len(words) <= 8, item.story.title
        assert len(set(words)) == len(words), words
        for word in words:
            assert is_keyword_shaped(word) and word not in stop, (item.story.title, word)
            assert word in item.story.text, (item.story.title, word)
        weights = [k.weight for k in item.keywords]
        assert weights == sorted(weights, reverse=True)


def test_no_keyword_sits_inside_a_better_one(summaries):
    for item in summaries:
        words = [k.word for k in item.keywords]
        for i, word in enumerate(words):
            assert not any(word in better for better in words[:i]), (item.story.title, words)


def test_place_and_organisation_names_stay_whole():
    words = [w.word for w in pos_tokenizer().cut("日前,株洲经开区传来好消息,湘潭高新区举行安全头盔捐赠活动,湘潭县委组织部参加。")]
    assert {"株洲经开区", "湘潭高新区", "湘潭县委组织部"} <= set(words)


def test_user_words_come_from_the_divisions_by_rule():
    names = set(place_names())
    words = dict(user_words())
    assert {"株洲市", "株洲", "湘潭县"} <= names
    assert all(words[n] == "ns" for n in names)
    for word, tag in words.items():
        if tag == "nt":
            assert any(word == n + s for n in names for s in BODY_SUFFIXES + ZONE_SUFFIXES), word
    assert words["株洲经开区"] == words["湘潭高新区"] == words["株洲市委"] == "nt"


def test_jiebas_global_tokenizer_is_left_alone():
    import jieba

    import jieba.posseg

    ours = pos_tokenizer()
    assert "株洲经开区" not in jieba.lcut("日前,株洲经开区传来好消息")
    # our tag table starts from the global one's, but our words go into ours only
    assert ours.word_tag_tab is not jieba.posseg.dt.word_tag_tab
    assert ours.word_tag_tab["株洲经开区"] == "nt" and "株洲经开区" not in jieba.posseg.dt.word_tag_tab
    assert [(p.word, p.flag) for p in ours.cut("株洲经开区")] == [("株洲经开区", "nt")]
    assert ours.word_tag_tab["新闻"] == jieba.posseg.dt.word_tag_tab["新闻"]


def test_the_user_dictionary_reaches_the_story_keywords(seed_stories):
    (story,) = [s for s in seed_stories["001"] if "株洲经开区" in s.text and "五好" in s.text]
    assert "株洲经开区" in [k.word for k in summarize_story(story).keywords]


def test_keyphrases_are_adjacent_best_words_seen_twice(seed_stories):
    found = 0
    for stories in seed_stories.values():
        for story in stories:
            ranking = rank_story(story_paragraphs(story), tokenizer=pos_tokenizer(), stopwords=news_stopwords())
            best = {k.word for k in ranking.keywords[:12]}
            for phrase in keyphrases(ranking, story.text):
                found += 1
                assert story.text.count(phrase.word) >= 2
                assert any(phrase.word == "".join(ws[i:j]) and set(ws[i:j]) <= best and j - i >= 2
                           for ws in ranking.phrase_words for i in range(len(ws)) for j in range(i + 2, len(ws) + 1))
                merged = story_keywords(ranking, story.text)
                assert not any(k.word != phrase.word and k.word in phrase.word for k in merged)
    assert found >= 5


def test_news_stop_words_extend_textrank4zhs_list():
    added = news_stopwords() - textrank4zh_stopwords()
    assert textrank4zh_stopwords() < news_stopwords()
    assert {"进行", "表示", "目前"} <= added
    assert all(len(w) > 1 for w in added)


def test_day_keywords_add_up_the_stories(summaries):
    day = day_keywords(summaries, num=20)
    assert len(day) == 20
    for kw in day:
        carried = [k.weight for s in summaries for k in s.keywords if k.word == kw.word]
        assert carried and kw.weight == pytest.approx(sum(carried))
    assert [k.weight for k in day] == sorted((k.weight for k in day), reverse=True)
    # a word several stories carry is in the day's list
    counts = {}
    for s in summaries:
        for k in s.keywords:
            counts[k.word] = counts.get(k.word, 0) + 1
    most_shared = max(counts, key=counts.get)
    assert counts[most_shared] >= 3 and most_shared in [k.word for k in day]
