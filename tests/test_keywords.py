"""Keywords that mean something: hygiene, keyphrases, the user dictionary, news stop words, the day's list,
IDF weighting, the archive's background and the day's new keywords."""
from __future__ import annotations

import datetime as dt
import json
import math
from zoneinfo import ZoneInfo

import pytest
from in_memory import render_files

from summarize.assemble import assemble_digest, day_keywords
from summarize.background import RECENT_DIGESTS, KeywordBackground, read_background
from summarize.keywords import aggregate_keywords, is_keyword_shaped, jieba_idf, keyphrases, story_keywords, uniform_idf
from summarize.lexicon import (BODY_SUFFIXES, ZONE_SUFFIXES, news_stopwords, pos_tokenizer, textrank4zh_stopwords,
                               user_words)
from summarize.models import Source
from summarize.places import place_names
from summarize.render import render_json
from summarize.settings import Settings
from summarize.summary import story_paragraphs, summarize_story
from summarize.textrank import rank_story

from .conftest import seed_summaries



@pytest.fixture(scope="module")
def summaries():
    return seed_summaries()


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
    by_rule = {n + s for n in names for s in BODY_SUFFIXES + ZONE_SUFFIXES}
    assert [word for word, tag in words.items() if tag == "nt" and word not in by_rule] == []
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


# --- distinctiveness (issue 15): IDF-weighted story keywords, the day's keywords against the archive ---

DAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 7, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
#: "Commonest" as issue 15 measures it: the 2,000 words of lowest IDF in jieba's table.
COMMONEST = 2000


def test_the_idf_table_is_jiebas_own_read_once():
    import jieba.analyse

    table = jieba_idf()
    assert table is jieba_idf()  # cached: one read per process, not one per story
    assert table.idf == jieba.analyse.default_tfidf.idf_freq
    assert table.median == jieba.analyse.default_tfidf.median_idf
    assert table("工作") < table("禁毒") and table("一个根本没有的词语") == table.median
    common = table.commonest(COMMONEST)
    assert len(common) == COMMONEST and {"工作", "建设", "企业"} <= common and "禁毒" not in common


def test_story_keyword_weight_is_pagerank_times_idf(seed_stories):
    idf = jieba_idf()
    checked = 0
    for stories in seed_stories.values():
        for story in stories:
            ranking = rank_story(story_paragraphs(story), tokenizer=pos_tokenizer(), stopwords=news_stopwords())
            pagerank = {k.word: k.weight for k in ranking.keywords}
            keywords = story_keywords(ranking, story.text)
            weights = [k.weight for k in keywords]
            assert weights == sorted(weights, reverse=True), story.title
            for k in keywords:
                if k.word in pagerank:  # a word, not a keyphrase (which carries its best word's weight)
                    assert k.weight == pytest.approx(pagerank[k.word] * idf(k.word))
                    checked += 1
            plain = story_keywords(ranking, story.text, idf=uniform_idf)
            assert all(k.weight == pytest.approx(pagerank[k.word]) for k in plain if k.word in pagerank)
    assert checked > 100


def test_the_seed_days_top_20_holds_at_most_2_of_the_commonest_words(seed_stories, summaries):
    common = jieba_idf().commonest(COMMONEST)
    ours = [k.word for k in day_keywords(summaries, num=20)]
    assert len(ours) == 20
    assert sum(w in common for w in ours) <= 2, [w for w in ours if w in common]
    # PageRank alone, as before: officialese fills the list
    plain = aggregate_keywords(
        story_keywords(rank_story(story_paragraphs(s), tokenizer=pos_tokenizer(), stopwords=news_stopwords()),
                       s.text, idf=uniform_idf)
        for stories in seed_stories.values() for s in stories)
    assert sum(k.word in common for k in plain) > 2


def test_a_place_or_organisation_name_stays_whole_in_the_days_keywords(summaries):
    names = dict(user_words())
    day = [k.word for k in day_keywords(summaries, num=20)]
    whole = [w for w in day if names.get(w) == "nt"]  # an organisation named after a place: 祁阳市公安局
    assert whole, day
    for name in whole:  # the name is one keyword, not also its pieces as separate ones
        assert not any(w != name and w in name and len(w) >= 2 and names.get(w) != "ns" for w in day), (name, day)


def _digest_of(summaries, date, prefixes):
    chosen = [s for s in summaries if any(f"/{p}_" in s.story.source for p in prefixes)]
    sources = sorted({s.story.source for s in chosen})
    at = dt.datetime.combine(date, NOW.timetz())
    return assemble_digest(date, at, [Source(p, "ok") for p in sources], chosen)


def _archive(root, summaries, days):
    """Write ``{date: page prefixes}`` as archived ``<date>/digest.json`` files under ``root``."""
    for date, prefixes in days.items():
        folder = root / date.isoformat()
        folder.mkdir(parents=True)
        (folder / "digest.json").write_text(render_json(_digest_of(summaries, date, prefixes)), encoding="utf-8")


def _keywords_in(path):
    record = json.loads(path.read_text(encoding="utf-8"))
    return set(record["keywords"]).union(*(s["keywords"] for s in record["stories"]))


def test_a_word_new_against_the_last_7_digests_is_marked_new_and_one_seen_in_them_is_not(tmp_path, summaries):
    yesterday = DAY - dt.timedelta(days=1)
    _archive(tmp_path, summaries, {yesterday: ["000"]})
    seen = _keywords_in(tmp_path / yesterday.isoformat() / "digest.json")
    day = day_keywords(summaries, num=20, background=read_background(tmp_path, DAY))
    new = [k.word for k in day if k.new]
    old = [k.word for k in day if not k.new]
    assert new and old
    assert not set(new) & seen and set(old) <= seen
    # no earlier digest: nothing to be new against
    assert not any(k.new for k in day_keywords(summaries, num=20, background=read_background(tmp_path / "none", DAY)))


def test_only_the_last_7_earlier_digests_decide_what_is_new(tmp_path, summaries):
    # 8 digests back: page 000; the 7 latest before the day: page 001; the day itself and later: everything
    days = {DAY - dt.timedelta(days=RECENT_DIGESTS + 1): ["000"]}
    days |= {DAY - dt.timedelta(days=n): ["001"] for n in range(1, RECENT_DIGESTS + 1)}
    days |= {DAY: ["000", "001", "002", "003", "004"], DAY + dt.timedelta(days=1): ["000", "001", "002", "003", "004"]}
    _archive(tmp_path, summaries, days)
    background = read_background(tmp_path, DAY)
    assert background.days == RECENT_DIGESTS + 1
    week = set().union(*(_keywords_in(tmp_path / d.isoformat() / "digest.json") for d in days
                         if DAY - dt.timedelta(days=RECENT_DIGESTS) <= d < DAY))
    eighth = _keywords_in(tmp_path / min(days).isoformat() / "digest.json")
    day = day_keywords(summaries, num=40, background=background)
    only_eighth = [k for k in day if k.word in eighth - week]
    assert only_eighth and all(k.new for k in only_eighth)
    assert all(not k.new for k in day if k.word in week)


def test_the_archive_weighs_down_words_its_stories_keep_carrying(tmp_path, summaries):
    _archive(tmp_path, summaries, {DAY - dt.timedelta(days=n): ["000", "001", "002"] for n in range(1, 4)})
    background = read_background(tmp_path, DAY)
    records = [json.loads((tmp_path / (DAY - dt.timedelta(days=n)).isoformat() / "digest.json").read_text("utf-8"))
               for n in range(1, 4)]
    archived = [set(s["keywords"]) for r in records for s in r["stories"] if not s["reprint_of"]]
    assert background.stories == len(archived)
    summed = {k.word: k.weight for k in aggregate_keywords((s.keywords for s in summaries), num=None)}
    day = day_keywords(summaries, num=20, background=background)
    for k in day:
        df = sum(k.word in words for words in archived)
        assert k.weight == pytest.approx(summed[k.word] * (math.log((len(archived) + 1) / (df + 1)) + 1))
    # a word every archived day carried ranks lower than without the archive; an empty archive changes nothing
    plain = [k.word for k in day_keywords(summaries, num=20)]
    carried = [w for w in plain if sum(w in words for words in archived) >= 3]
    assert carried
    ranked = [k.word for k in day_keywords(summaries, num=None, background=background)]
    assert all(ranked.index(w) > plain.index(w) for w in carried), carried
    assert [(k.word, k.weight) for k in day_keywords(summaries, num=20, background=KeywordBackground())] == \
           [(k.word, k.weight) for k in day_keywords(summaries, num=20)]


def test_digest_files_show_which_day_keywords_are_new(tmp_path, summaries):
    _archive(tmp_path, summaries, {DAY - dt.timedelta(days=1): ["000", "001"]})
    pages = sorted({s.story.source for s in summaries})
    digest = assemble_digest(DAY, NOW, [Source(p, "ok") for p in pages], summaries,
                             background=read_background(tmp_path, DAY))
    new = [k.word for k in digest.keywords if k.new]
    assert new and len(new) < len(digest.keywords)
    files = render_files(digest, Settings())
    record = json.loads(files["digest.json"])
    assert record["keywords"] == [k.word for k in digest.keywords]  # as before: the words, best first
    assert [k["word"] for k in record["day_keywords"]] == record["keywords"]
    assert [k["word"] for k in record["day_keywords"] if k["new"]] == new
    html = files["digest.html"].decode("utf-8")
    assert html.count('class="new"') == len(new)
    assert all(f"{w}（新）" in files["digest.txt"].decode("utf-8").replace("\n", "").replace(" ", "") for w in new)
