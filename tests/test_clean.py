"""OCR repair on real seed text."""
from __future__ import annotations

import re

from summarize.clean import (clean_heading, clean_line, drop_repeated_passages, ends_sentence, remove_cjk_spaces,
                             split_sentences)

from .conftest import seed


def test_column_wrap_space_inside_chinese_is_removed():
    line = seed("001").read_text(encoding="utf-8").split("\n")[6]  # page 001, line 7
    assert "该 区今年以来" in line
    cleaned = clean_line(line)
    assert "该区今年以来" in cleaned
    assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", cleaned)


def test_spaces_next_to_latin_or_digits_are_kept():
    assert remove_cjk_spaces("GDP 增长 5.2% 以上") == "GDP 增长 5.2% 以上"


def test_headline_clause_space_is_kept():
    assert clean_heading("真抓实干强作风 凝心聚力促发展") == "真抓实干强作风 凝心聚力促发展"
    assert clean_heading("# 创新“党建链” 赋能产业链") == "创新“党建链” 赋能产业链"


def test_sentences_keep_punctuation_quotes_and_an_unterminated_tail():
    paragraph = "“人才兴旺，则苏仙兴盛。”据苏仙区委副书记介绍，该区引进高层次人才66名。同时，充分调动100余名"
    assert split_sentences(paragraph) == [
        "“人才兴旺，则苏仙兴盛。”",
        "据苏仙区委副书记介绍，该区引进高层次人才66名。",
        "同时，充分调动100余名",
    ]


def test_sentence_end_ignores_closing_quotes_and_brackets():
    assert ends_sentence("“人才兴旺，则苏仙兴盛。”")
    assert ends_sentence("（完）。)")
    assert not ends_sentence("…全力打造全国一流的产城新区,为加快建设长株潭一体化,建设现代化新株洲彰显更")
    assert not ends_sentence("")


def test_repeated_passage_is_dropped_and_first_printing_kept():
    lines = seed("002").read_text(encoding="utf-8").split("\n")
    first, second = clean_line(lines[72]) + clean_line(lines[74]), clean_line(lines[76])  # lines 73+75, 77
    kept = drop_repeated_passages([first, second])
    assert kept[0] == first
    assert kept[1].startswith("这一探索彰显了升级办学模式") and kept[1].endswith("共享党性锻炼和现场教学基地,共享")
    assert "人缘相亲" not in kept[1]


def test_short_repeats_are_not_passages():
    text = ["围绕机构编制工作，做党的领导的绝对拥护者。", "围绕机构编制工作，做中心工作的绝对保障者。"]
    assert drop_repeated_passages(text) == text


def test_markdown_quote_mark_is_dropped():
    assert clean_line("> 永州市冷水滩区委常委、政法委 书记李华林表示").startswith("永州市冷水滩区委常委")
