"""OCR repair on real seed text."""
from __future__ import annotations

import re

from summarize.clean import (clean_heading, clean_line, drop_repeated_passages, ends_sentence, normalise_punctuation,
                             remove_cjk_spaces, split_sentences)

from .conftest import seed

#: An ASCII mark OCR printed in Chinese text: next to a Chinese character or a full-width mark.
ASCII_IN_CHINESE = re.compile(r"(?<=[\u4e00-\u9fff，。“”：；（）])[,;:?!()\"]|[,;:?!()\"](?=[\u4e00-\u9fff，。“”：；（）])")


def seed_line(prefix: str, start: str) -> str:
    """The cleaned line of seed page ``prefix`` that starts with ``start``."""
    lines = [clean_line(line) for line in seed(prefix).read_text(encoding="utf-8").splitlines()]
    (line,) = [line for line in lines if line.startswith(start)]
    return line


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


def test_ascii_punctuation_in_chinese_text_is_set_full_width():
    line = seed_line("001", "同时,依托园区党群服务中心")  # 同时,依托… 提供"一站式"指南。深入推进…"互…
    assert ASCII_IN_CHINESE.search(line)
    normal = normalise_punctuation(line)
    assert not ASCII_IN_CHINESE.search(normal)
    assert normal.startswith("同时，依托园区党群服务中心，")
    assert "“一站式”指南" in normal
    # the same text otherwise: only the width of the marks changed (an OCR space next to one went), and
    # opening and closing marks alternate
    table = str.maketrans({"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")", "“": '"', "”": '"'})
    assert "".join(normal.translate(table).split()) == "".join(line.split())
    marks = [ch for ch in normal if ch in "“”"]
    assert all(m == "“”"[i % 2] for i, m in enumerate(marks))


def test_brackets_pair_and_marks_between_digits_or_latin_stay():
    line = seed_line("003", "此外,该区还多次开展")  # …救护野生动物10余只(头)。…
    normal = normalise_punctuation(line)
    assert "(头)" in line and "10余只（头）" in normal
    assert normalise_punctuation("会议10:30开始,GDP 增长1,000亿元") == "会议10:30开始，GDP 增长1,000亿元"
    assert normalise_punctuation('He said "ok", then left.') == 'He said "ok", then left.'


def test_a_quotation_whose_opening_mark_ocr_lost_gets_a_closing_mark():
    """Page 001's vox-pop: the speaker's words open the line without their opening mark; the straight
    quote after them is their closing mark, not the opening of the next sentence."""
    line = seed_line("001", "这样的活动很有意义")  # 这样的活动很有意义,…戴头盔。"11月19日,湘潭高新区举行…
    assert line.count('"') % 2 == 1
    first = split_sentences(normalise_punctuation(line))[0]
    assert first.startswith("这样的活动很有意义，") and first.endswith("戴头盔。”")


def test_seed_story_text_has_no_ascii_punctuation_in_chinese(seed_stories):
    for stories in seed_stories.values():
        for story in stories:
            for paragraph in story.paragraphs:
                assert not ASCII_IN_CHINESE.search(paragraph), paragraph
