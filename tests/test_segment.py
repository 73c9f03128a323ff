"""Story segmentation on the real seed pages: one or more cases from each page."""
from __future__ import annotations

from summarize.segment import credit_names, is_byline, is_caption, segment_page, split_names

from .conftest import page_from_text, story_titled


def test_000_kicker_headline_and_credit(seed_stories):
    story = story_titled(seed_stories["000"], "科技创新打造全域发展『生态圈』")
    assert story.authors == ("李秉钧", "陈艳", "谭伟")
    assert story.paragraphs[0].startswith("“12月8日，第十届中国旅游产业发展年会")
    assert "李秉钧" not in story.text and "真抓实干在苏仙" not in story.text


def test_000_byline_and_photo_caption_dropped(seed_stories):
    story = story_titled(seed_stories["000"], "娄底“督办专员”因事施督共破难题")
    assert story.authors[:4] == ("熊小平", "龚雅丽", "梁华", "吴孟贤")
    assert "刘建军" not in story.text
    assert "娄底生态治理100万千瓦光伏发电项目" not in story.text
    assert all("摄" not in s.text.split("\n")[-1][-2:] for s in seed_stories["000"])


def test_001_kicker_joined_and_padded_names_rejoined(seed_stories):
    story = story_titled(seed_stories["001"], '平江童市镇:"地方人"巧解信访"老大难"')
    assert story.paragraphs
    first = seed_stories["001"][0]
    assert first.title == "乘势而上启新程"
    assert "张咪" in first.authors
    assert "该区今年以来已成功签约引进产业项目" in first.text


def test_002_inline_credit_is_cut_from_body(seed_stories):
    story = story_titled(seed_stories["002"], "洪江区首颁土地承包经营权不动产权证书")
    assert story.authors == ("蒋坤",)
    assert "(蒋坤)" not in story.text and "蒋坤" not in story.text
    assert story.text.endswith("。")


def test_002_two_part_headline_and_deck(seed_stories):
    story = seed_stories["002"][0]
    assert story.title == "真抓实干强作风 凝心聚力促发展"
    assert story.subtitle == "株洲市渌口区加强作风建设,营造干事创业“好生态”"
    assert story.authors[:4] == ("张笛", "张艳飞", "陈文茜", "张咏")


def test_003_markdown_marks_removed_and_single_name_byline(seed_stories):
    story = seed_stories["003"][0]
    assert story.title == "创新“党建链” 赋能产业链"
    assert story.authors[0] == "车世忠"
    assert "#" not in story.text


def test_004_credit_closes_story_before_next_headline(seed_stories):
    story = story_titled(seed_stories["004"], "娄底经开区科技创新引领扩产潮")
    assert story.authors == ("郭柯柯", "李中声", "邹妮妮")
    assert "娄底经开区" in story.text


def test_every_story_has_a_title_body_and_lines(seed_stories):
    for page, stories in seed_stories.items():
        assert stories, page
        for s in stories:
            assert s.title and s.paragraphs and s.lines, (page, s.title)
            assert list(s.lines) == sorted(s.lines)


def test_line_roles():
    assert is_caption("为实现全容量并网发电提供坚实保障。 刘建军 摄")
    assert is_caption("文禹摄")
    assert not is_caption("他拍摄了一组照片，记录下村民的笑脸。")
    assert credit_names("…为高质量发展贡献坚实力量。(蒋坤)") == ("…为高质量发展贡献坚实力量。", ["蒋坤"])
    assert credit_names("（周 俊 何邵林 蒋加强）") == ("", ["周俊", "何邵林", "蒋加强"])
    assert is_byline("熊小平 龚雅丽 梁华 吴孟贤")
    assert not is_byline("真抓实干在苏仙")
    assert split_names("刘爱明 张 咪 傅相玮") == ["刘爱明", "张咪", "傅相玮"]


def test_untitled_story_gets_its_lead_as_title():
    page = page_from_text("(张三)\n\n近日，某县召开会议，部署今冬明春农田水利基本建设和冬季森林防火工作。会议要求各乡镇抓紧落实。\n")
    (story,) = segment_page(page)
    assert not story.title_printed
    assert story.title == "近日，某县召开会议，部署今冬明春农田水利基本建设…"
