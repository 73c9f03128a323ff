"""OCR repair on real seed text."""
from __future__ import annotations

import re

from summarize.clean import clean_heading, clean_line, remove_cjk_spaces, split_sentences

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
