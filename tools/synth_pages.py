#!/usr/bin/env python3
"""Synthesise OCR-style newspaper pages with line-level labels, for fitting the segmenter.

Lays real People's Daily articles (``articles.jsonl``, ``photos.jsonl``, ``names.txt`` of
``../shared/eval/articles``; see its README) into page text like the seed pages and the unseen
pages: one line a paragraph or a column fragment, a blank line between lines.  The articles'
text has no licence: this script reads it at run time and writes pages only where ``--out``
says (keep that outside the repository, e.g. under /tmp).

Usage::

    python tools/synth_pages.py --articles ../shared/eval/articles --out /tmp/synth \\
        --pages 2000 --seed 1 --split train [--hard-share 0.33]

Deterministic given ``--seed``, ``--split``, ``--pages``, ``--hard-share`` and ``--compressed-columns``
(page *i* uses its own ``random.Random`` seeded from (seed, i), so page *i* does not depend on
``--pages``).
``--split train|dev`` keeps the articles whose md5(id) is even / odd (about half each;
photo captions and reporters' names are shared by both splits).  Stdlib + numpy only.

Output in ``--out``
-------------------
``pages/<name>.txt``
    the page (UTF-8, ``\\n`` line ends; a blank line between printed lines).
``gold/<name>.lines.tsv``
    ``line<TAB>story<TAB>role<TAB>prefix`` exactly as ``../shared/eval/gold``: one row per
    non-blank line, 1-based line number, story ``S01``… or ``-``, role in
    ``title|subtitle|kicker|byline|body|credit|caption|noise``, prefix = first 8 characters of
    the stripped line.  Conventions of ``unseen/README.md``: a credit glued to a body line is
    ``body``; section heads and a 核心阅读 label are ``body``; a ``Place：`` kicker is ``title``
    (part of the headline), a phrase kicker is ``kicker``; a deck is ``subtitle``; a story's own
    photo caption and credit are ``caption`` of that story; captions of other items, tables,
    notices, page headers and footers are story ``-`` (captions ``caption``, the rest
    ``noise``); a headline printed away from its story carries the story's id.
``gold/<name>.stories.tsv``
    ``story<TAB>title<TAB>note``: title as a reader writes it (headline; a ``Place：`` kicker
    joined as printed; a split two-line headline joined; original punctuation, no OCR effects;
    empty when the page prints no headline for the story); note = ``src <article id>`` and what
    the layout did to the story.
``gold/<name>.labels.tsv``
    ``line<TAB>story<TAB>detail<TAB>para<TAB>cont<TAB>order``, one row per non-blank line:

    - detail: ``headline, headline_cont, kicker, place_kicker, deck, byline, credit, body,
      section_head, caption, photo_credit, table, notice, header, footer, box``
      (``caption``/``photo_credit`` are used both for a story's own photo and for a stray one
      of story ``-``; ``box`` is a 核心阅读 label line; ``body`` includes invented
      ``时间：…``/``地点：…`` lines);
    - para: index of the paragraph within its story (0-based, over the body/section_head/box
      paragraphs as printed by this page after any cut); -1 for every other line;
    - cont: 1 when the line continues the same paragraph as the story's previous line in
      reading order (a paragraph broken at a column edge, by a narrow column wrap, or by an
      inserted story/caption), else 0;
    - order: the line's position in its story's reading order (0-based: kicker, headline,
      headline_cont, deck, byline, box/body/section heads/own captions in article order,
      credit).  A duplicated line (OCR duplication) repeats the order of the line it copies;
      lines of story ``-`` have order -1.
``pages.tsv``
    ``page<TAB>kind<TAB>stories<TAB>chars<TAB>features`` (kind ``seed-like`` or ``hard``;
    chars = non-space characters of the page; features as ``unseen/pages.tsv``, plus this
    script's own: ``place_kicker_synth``, ``box``, ``time_place``, ``lookalike``,
    ``dash_kicker``, ``dash_deck``).

Rates
-----
Chosen from the seed pages and the ``features`` column of ``unseen/pages.tsv``, then calibrated
so that the per-story notes (``stories.tsv``) and the line roles a page (``lines.tsv``) come out
at the unseen pages' shares: on 300 pages (seed 1, train) 8.9 stories and 147 lines a page
(unseen: 8.9, 144); a page has 9.0 title, 1.4 kicker, 0.8 subtitle, 0.9 byline, 6.0 credit,
1.3 stray-caption and 2.7 noise lines (unseen: 8.9, 1.4, 0.8, 0.9, 6.0, 1.1, 2.6); 15 % of
stories have a credit glued to the last line, 8 % are in narrow columns, 6 % are printed inside
another story, 4 % have no headline (unseen: 17 %, 8 %, 7 %, 3 %).  All rates are the
constants ``PAGE_RATES``, ``STORY_RATES`` and ``N_STORIES`` below (not command-line options).

Page level; the columns give the chance that a seed-like / hard page shows the phenomenon.

=============================  =========  ======  =====================================================
phenomenon (feature name)      seed-like  hard    detail
=============================  =========  ======  =====================================================
stories a page                 6-12       6-12    drawn from N_STORIES (mean 8.9); articles of one
                                                  date+page first, topped up from the same date
block_insert                   0.45       0.5     1 story (2 with p 0.3) inside another's body; cuts a
                                                  paragraph in two with p 0.5
caption (stray photo)          0.5        0.6     1 (p 0.85) or 2 photo captions + ``X摄`` credit inside
                                                  a story, story -; credit glued to the caption p 0.15;
                                                  cuts a paragraph in two with p 0.4
duplicate                      0.35       0.35    1-2: a run of 1-2 lines printed twice (p 0.6) or a
                                                  line opening with the last 2-8 chars of the line before
headline_after                 0.3        0.3     1-2 headlines printed after their story, 0-2 units later
headline_block                 0.15       0.25    2-3 headlines (with kickers) together, just before the
                                                  first one's story or 1-2 units after it
tail_before_head               0.25       0.25    1 story's last paragraph + credit above its headline
narrow_interleave              0.12       0.12    2 stories (first 5-8 body paragraphs), 13-17 chars a
                                                  line, alternating runs of 1-14 lines; their headlines
                                                  printed after the columns with p 0.6; a column set
                                                  with compressed punctuation with p
                                                  --compressed-columns (default 0; ``set_column``)
three_columns                  0.02       0.45    3 stories, as narrow_interleave
markdown                       0.3        0.3     as seed 003: the page's first headline "# ", other
                                                  headlines, kickers, decks, section heads "## "
                                                  (p 0.8 each; the second line of a split headline
                                                  too, as the unseen pages print it)
quote_mark                     0.25       0.25    one body line starts with "> "
brackets                       0.33       0.33    “” / ‘’ in headlines printed as 『』/「」
punct_mixed                    0.3        0.5     half-width ，：；（） (each p 0.9) on every line
punct_half                     0.17       0.12    all of ，：；（）！？“”‘’ half-width (not 。、)
punct_mix_lines                0          0.4     width chosen line by line (full / mixed / half)
wrap                           0.17       0.2     OCR spaces every 14-17 chars (each kept p 0.5) in
                                                  the body lines of 70 % of stories
mixed_lines                    0          0.15    on a wrapped page, a 4-10 char fragment of a nearby
                                                  later line of the same story glued to a line's end
split_headline                 0.03       0.35    one headline of >= 8 chars over two lines (at a space
                                                  when it has one)
table                          0.03       0.5     figures table (invented counties/numbers), story -
notice                         0.03       0.3     遗失声明/招聘启事/公告 block (invented), story -
header_footer                  0.05       0.45    ``2019年2月21日 星期四`` + ``第11版 要闻`` (one line
                                                  with p 0.5) on top, ``本版责编：…`` (+ 版式设计) at
                                                  the bottom; noise
role_word_bylines              0.1        0.7     本报记者 X  通讯员 Y Z bylines (p 0.7 of bylines),
                                                  (记者 X 通讯员 Y) credits (p 0.6 of credits)
lookalike                      0.2        0.3     1-4 look-alike character errors (己/已, 未/末 …)
                                                  in body lines
time_place                     0.05       0.15    时间：…/地点：… body lines (invented) opening a story
place_kicker_synth             0.5        0.5     then per story without kicker p 0.35: a ``Place：``
                                                  kicker made of a place name (…省/市/县/区/镇/乡/村) of
                                                  the story's first 80 chars (own guess: local papers)
=============================  =========  ======  =====================================================

A hard page (``--hard-share``, default 0.33) draws from the "hard" column and then gets more of
three_columns, split_headline, table, notice, header_footer, punct_mix_lines,
role_word_bylines until it has at least 3 of them.

Story level (every page):

=============================  ======  ========================================================
phenomenon                     rate    detail
=============================  ======  ========================================================
cut to first N paragraphs      0.35    N = 3..max(3, paragraphs-1) (articles of > 4 paragraphs)
phrase kicker printed          0.35    of articles with a kicker (unseen pages print few)
phrase kicker gets ——          0.3     when it does not end with —— already (dash_kicker)
``Place：`` kicker printed      0.9     on the headline's line with p 0.5, else its own line
deck printed (if any)          0.9     starts with —— or · with p 0.4 when it does not already
                                       (dash_deck); printed above the headline with p 0.1
two-part headline              0.12    a phrase kicker (or else a deck) of <= 16 chars printed on the
                                       headline's line, a space apart, as one headline (own guess:
                                       local papers, as seed 002's 株萍两地党校… 探索异地办学新模式)
no headline printed            0.03    stories.tsv title empty
starts mid-sentence            0.06    opening cut at a random point of the first paragraph;
                                       then no headline/kicker/deck/byline with p 0.3
breaks off mid-sentence        0.06    last printed paragraph cut at a random point, no credit
paragraph broken at a column   0.08    per body paragraph of >= 30 chars: two lines, 2nd cont=1
byline                         0.1     1-4 names (2-char names spaced 姜 峰 with p 0.5) or
                                       本报记者 X [Y]
credit                         0.97    of the stories without a byline (a story carries a byline or
                                       a credit, never both: 0 of 322 unseen and 27 seed stories do);
                                       glued to the last body line p 0.19, else alone; （X Y）
                                       with 1-3 names or （记者 X） (p 0.15); half-width
                                       brackets on punct pages and with p 0.3 elsewhere
own photo captions             kept    the article's own caption paragraphs (story id, caption)
核心阅读 box                    kept    the article's 核心阅读 paragraph, detail box
section heads                  kept    article paragraphs of 2-20 chars without closing
                                       punctuation (not the first paragraph), detail section_head
=============================  ======  ========================================================

Old segmenter (project at e459126) on 40 dev pages (``--seed 7 --split dev``; 27 seed-like,
13 hard): seed-like story F1 0.853, title accuracy 0.571; hard F1 0.694, titles 0.488 (on the
unseen pages, same code: 0.843 / 0.624 and 0.679 / 0.397).  ``order`` and ``para`` are dense
per story (0..n-1; duplicated lines repeat an order).
"""
import argparse
import datetime
import hashlib
import json
import os
import random
import re
import sys
import time
import unicodedata

# ----------------------------------------------------------------------------------------------
# rates (see docstring table); key -> (seed-like, hard)
PAGE_RATES = {
    "block_insert": (0.45, 0.5),
    "caption": (0.5, 0.6),
    "duplicate": (0.35, 0.35),
    "headline_after": (0.3, 0.3),
    "headline_block": (0.15, 0.25),
    "tail_before_head": (0.25, 0.25),
    "narrow_interleave": (0.12, 0.12),
    "three_columns": (0.02, 0.45),
    "markdown": (0.3, 0.3),
    "quote_mark": (0.25, 0.25),
    "brackets": (0.33, 0.33),
    "punct_mixed": (0.3, 0.5),
    "punct_half": (0.17, 0.12),
    "punct_mix_lines": (0.0, 0.4),
    "wrap": (0.17, 0.2),
    "mixed_lines": (0.0, 0.15),
    "split_headline": (0.03, 0.35),
    "table": (0.03, 0.5),
    "notice": (0.03, 0.3),
    "header_footer": (0.05, 0.45),
    "role_word_bylines": (0.1, 0.7),
    "lookalike": (0.2, 0.3),
    "time_place": (0.05, 0.15),
    "place_kicker_synth": (0.5, 0.5),
}
# stories a page: drawn from this list (mean 8.9, as the unseen pages)
N_STORIES = [6, 7, 7, 8, 8, 9, 9, 9, 10, 10, 11, 12]
STORY_RATES = {
    "cut_paras": 0.35,
    "kicker_printed": 0.35,
    "place_kicker_printed": 0.9,
    "place_kicker_same_line": 0.5,
    "dash_kicker": 0.3,
    "deck_printed": 0.9,
    "deck_above": 0.1,
    "dash_deck": 0.4,
    "no_headline": 0.03,
    "start_mid": 0.06,
    "start_mid_no_headline": 0.3,
    "end_mid": 0.06,
    "para_break": 0.08,
    "byline": 0.1,
    "credit": 0.97,
    "credit_glued": 0.19,  # share of credited stories whose credit is glued to the last line
    "place_kicker": 0.35,
    "narrow_heads_after": 0.6,
    "two_part_headline": 0.12,
}

ROLE_OF = {
    "headline": "title", "headline_cont": "title", "place_kicker": "title", "kicker": "kicker",
    "deck": "subtitle", "byline": "byline", "credit": "credit", "body": "body",
    "section_head": "body", "box": "body", "caption": "caption", "photo_credit": "caption",
    "table": "noise", "notice": "noise", "header": "noise", "footer": "noise",
}
#: What a compressed column line falls short of the column's width by (characters) before its last character:
#: justification. From seed 001's narrow columns, whose lines broken mid-sentence fall short of the widest
#: by 0-2.5 (0: 5 lines, 0.5: 5, 1: 15, 1.5: 4, 2: 2, 2.5: 1), of which filling leaves 0-0.5.
JUSTIFY_SLACK = (0, 0.5, 1, 1, 1.5)
#: Marks that never open a line (kinsoku): a line takes one rather than leave it to the next.
NO_LINE_START = "，。、；：！？）」』”’》…,.;:!?)"


def char_width(ch):
    """Printed width of a character in a compressed setting: 1 for a Chinese character, 0.5 for
    punctuation, digits and Latin letters (the segmenter measures its own way, ``layout.printed_widths``;
    this script stays apart from the code it trains)."""
    if unicodedata.category(ch).startswith("P") or unicodedata.east_asian_width(ch) not in "WF":
        return 0.5
    return 1.0


#: A paragraph's first line is set in by two characters (首行缩进两字); OCR drops the indent, so the line holds
#: that much less (seed 001's narrow columns).
PARAGRAPH_INDENT = 2


def set_column(text, w, rng):
    """Cut paragraph ``text`` into lines of a column ``w`` characters wide with compressed punctuation: each
    line is filled to ``w`` (the first to ``w - PARAGRAPH_INDENT``) less a jitter (``JUSTIFY_SLACK``, drawn
    from ``rng``), and a closing mark is never left to open the next line."""
    out, line, width = [], "", 0.0
    room = w - PARAGRAPH_INDENT - rng.choice(JUSTIFY_SLACK)
    for ch in text:
        cw = char_width(ch)
        if line and width + cw > room and ch not in NO_LINE_START:
            out.append(line)
            line, width = "", 0.0
            room = w - rng.choice(JUSTIFY_SLACK)
        line += ch
        width += cw
    if line:
        out.append(line)
    return out


HEAD_DETAILS = {"headline", "headline_cont", "place_kicker", "kicker"}
END_PUNCT = "。！？!?…”’）)；;：:，,、"
LOOKALIKE = {"己": "已", "已": "己", "末": "未", "未": "末", "人": "入", "日": "曰", "土": "士",
             "士": "土", "天": "夭", "于": "千", "千": "干", "大": "太", "侯": "候", "候": "侯",
             "戊": "戌", "刺": "剌", "拨": "拔", "汨": "汩", "O": "0", "l": "1"}
HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?",
        "“": '"', "”": '"', "‘": "'", "’": "'"}
MIXED_KEYS = "，：；（）"
COUNTIES = ["浏阳市", "宁乡市", "醴陵市", "攸县", "茶陵县", "湘乡市", "韶山市", "衡东县", "祁东县",
            "邵东市", "新宁县", "平江县", "华容县", "汨罗市", "桃源县", "澧县", "慈利县", "桑植县",
            "安化县", "沅江市", "桂阳县", "资兴市", "宁远县", "江华县", "溆浦县", "洪江市", "冷水江市",
            "涟源市", "凤凰县", "吉首市"]
TABLE_TITLES = ["各县市区上半年民生实事完成情况", "部分县市粮食生产情况", "各地新增就业情况一览",
                "各县市区招商引资完成情况", "部分地区春耕备耕进度"]
TABLE_COLS = [("地区生产总值(亿元)", "增速(%)"), ("播种面积(万亩)", "同比(%)"),
              ("新增就业(人)", "完成率(%)"), ("到位资金(亿元)", "增长(%)")]
NOTICES = [
    ["遗失声明", "{name}不慎遗失{place}居民身份证一张，证号43{num}，声明作废。"],
    ["招聘启事", "{place}某单位因工作需要，面向社会公开招聘工作人员{n}名，报名时间为即日起至{m}月{d}日。",
     "联系电话：0731-{num4}"],
    ["公告", "根据工作安排，{place}将于{m}月{d}日对城区部分路段进行施工，请过往车辆绕行。",
     "特此公告。"],
    ["遗失声明", "{place}某合作社不慎遗失公章一枚，特此声明作废。"],
]
WEEKDAYS = "一二三四五六日"
SECTIONS = ["要闻", "综合", "地方", "经济", "社会", "民生", "政治", "文化"]
PLACE_RE = re.compile(r"[\u4e00-\u9fff]{2,5}?(?:省|市|县|区|镇|乡|村)")


class Line:
    """One printed line: text plus labels."""
    __slots__ = ("text", "story", "detail", "para", "cont", "order")

    def __init__(self, text, story, detail, para=-1, cont=0, order=-1):
        self.text, self.story, self.detail = text, story, detail
        self.para, self.cont, self.order = para, cont, order

    def copy(self):
        return Line(self.text, self.story, self.detail, self.para, self.cont, self.order)


# ----------------------------------------------------------------------------------------------
def load(articles_dir, split):
    """Read the articles and return (articles of the split, photos, names)."""
    arts = []
    with open(os.path.join(articles_dir, "articles.jsonl"), encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            h = int(hashlib.md5(a["id"].encode()).hexdigest(), 16) % 2
            if split == "all" or (h == 0) == (split == "train"):
                arts.append(a)
    with open(os.path.join(articles_dir, "photos.jsonl"), encoding="utf-8") as f:
        photos = [json.loads(l) for l in f if l.strip()]
    with open(os.path.join(articles_dir, "names.txt"), encoding="utf-8") as f:
        names = [l.strip() for l in f if l.strip()]
    if not arts:
        sys.exit(f"{articles_dir}/articles.jsonl: no articles in split {split!r}")
    return arts, photos, names


def is_section_head(t, title):
    t = t.strip()
    return (2 <= len(t) <= 20 and t[-1] not in END_PUNCT and t != title
            and not t.startswith(("（", "(", "图", "本版", "制图", "数据来源", "资料来源"))
            and "核心阅读" not in t)


def spaced_name(rng, n):
    return n[0] + " " + n[1] if len(n) == 2 and rng.random() < 0.5 else n


# ----------------------------------------------------------------------------------------------
class PageMaker:
    def __init__(self, arts, photos, names, hard_share, compressed_columns=0.0):
        self.arts, self.photos, self.names, self.hard_share = arts, photos, names, hard_share
        self.compressed_columns = compressed_columns
        self.by_page, self.by_date = {}, {}
        for a in arts:
            self.by_page.setdefault((a["date"], a["page"]), []).append(a)
            self.by_date.setdefault(a["date"], []).append(a)
        self.page_keys = sorted(self.by_page)

    # ---------------------------------------------------------------- story building
    def byline(self, rng, role_words):
        if role_words and rng.random() < 0.7:
            a = rng.choice(self.names)
            others = " ".join(spaced_name(rng, x) for x in rng.sample(self.names, rng.randint(1, 2)))
            return f"本报记者 {spaced_name(rng, a)}  通讯员 {others}"
        if rng.random() < 0.4:
            return "本报记者 " + " ".join(spaced_name(rng, x) for x in rng.sample(self.names, rng.randint(1, 2)))
        return " ".join(spaced_name(rng, x) for x in rng.sample(self.names, rng.randint(1, 4)))

    def credit(self, rng, role_words, half):
        o, c = ("(", ")") if half else ("（", "）")
        if role_words and rng.random() < 0.6:
            return f"{o}记者 {spaced_name(rng, rng.choice(self.names))} 通讯员 " + \
                " ".join(spaced_name(rng, x) for x in rng.sample(self.names, rng.randint(1, 2))) + c
        if rng.random() < 0.15:
            return f"{o}记者 {spaced_name(rng, rng.choice(self.names))}{c}"
        return o + " ".join(spaced_name(rng, x) for x in rng.sample(self.names, rng.randint(1, 3))) + c

    def build_story(self, rng, art, sid, pf, notes):
        """Return (lines in reading order, printed title). ``pf`` is the page's feature flags."""
        R = STORY_RATES
        title = art["title"].strip()
        kicker = art["kicker"].strip()
        deck = art["deck"].strip()
        paras = [(r, t.strip()) for r, t in art["paras"] if t.strip()]
        if paras and paras[0][1] == title:
            paras = paras[1:]
        nb = sum(1 for r, _ in paras if r == "body")
        if nb > 4 and rng.random() < R["cut_paras"]:
            n = rng.randint(3, max(3, nb - 1))
            kept, k = [], 0
            for r, t in paras:
                if r == "body":
                    k += 1
                    if k > n:
                        break
                kept.append((r, t))
            paras = kept
            notes.append(f"first {n} paragraphs of the article")
        start_mid = rng.random() < R["start_mid"]
        end_mid = rng.random() < R["end_mid"]
        no_head = (start_mid and rng.random() < R["start_mid_no_headline"]) \
            or rng.random() < R["no_headline"]
        place_kicker = kicker.endswith(("：", ":"))
        if not kicker and pf.get("place_kicker_synth") and rng.random() < R["place_kicker"]:
            body0 = next((t for r, t in paras if r == "body"), "")[:80]
            m = PLACE_RE.search(re.sub(r"^(本报|新华社)[\u4e00-\u9fff]{0,8}电", "", body0))
            if m and m.group(0) not in title:
                kicker, place_kicker = m.group(0) + "：", True
                notes.append("place kicker added by the synthesiser")
        out = []
        bylined = False

        def add(text, detail, para=-1, cont=0):
            out.append(Line(text, sid, detail, para, cont, len(out)))

        printed_title = ""
        if not no_head:
            k_print = kicker and rng.random() < R["place_kicker_printed" if place_kicker
                                                  else "kicker_printed"]
            head = title
            if pf.get("brackets"):
                head = head.replace("“", "『").replace("”", "』").replace("‘", "「").replace("’", "」")
            # as seed 003 prints them: the page's first headline "# ", every other heading line
            # (headline, kicker, deck, section head) "## "
            md = ("# " if not pf.get("_md_first") else "## ") if pf.get("markdown") and rng.random() < 0.8 else ""
            pf["_md_first"] = True
            md2 = "## " if pf.get("markdown") and rng.random() < 0.8 else ""
            two_part = None
            if not (k_print and place_kicker) and rng.random() < R["two_part_headline"]:
                if kicker and not place_kicker and len(kicker) <= 16:
                    two_part = kicker.rstrip("—- ") + " " + title
                elif deck and len(deck) <= 16:
                    two_part = title + " " + deck.lstrip("—-·■ ")
            if two_part:
                # a kicker or deck printed on the headline's line, a space apart: one headline of two parts
                printed_title = two_part
                add(md + (two_part.replace("“", "『").replace("”", "』") if pf.get("brackets") else two_part),
                    "headline")
                kicker = deck = ""
                notes.append("two-part headline on one line")
            elif k_print and place_kicker:
                printed_title = kicker + title
                if rng.random() < R["place_kicker_same_line"]:
                    add(md + kicker + head, "headline")
                else:
                    add(md2 + kicker, "place_kicker")
                    add(md + head, "headline")
                notes.append(f"kicker '{kicker}' is part of the headline")
            else:
                if k_print:
                    k = kicker
                    if not k.endswith("——") and rng.random() < R["dash_kicker"]:
                        k += "——"
                        pf["dash_kicker"] = True
                    add(md2 + k, "kicker")
                    notes.append("kicker printed above the headline")
                printed_title = title
                if pf.get("split_headline") and not pf.get("_split_done") and len(head) >= 8 \
                        and rng.random() < 0.5:
                    sp = [i for i, ch in enumerate(head) if ch == " " and 2 < i < len(head) - 2]
                    cut = rng.choice(sp) if sp else rng.randint(len(head) // 3, 2 * len(head) // 3)
                    add(md + head[:cut].strip(), "headline")
                    add(md2 + head[cut:].strip(), "headline_cont")
                    pf["_split_done"] = True
                    notes.append("headline printed over two lines")
                else:
                    add(md + head, "headline")
            if deck and rng.random() < R["deck_printed"]:
                d = deck
                if not d.startswith(("——", "·", "■")) and rng.random() < R["dash_deck"]:
                    d = rng.choice(["——", "·", "——"]) + d
                    pf["dash_deck"] = True
                add(md2 + d, "deck")
                if rng.random() < R["deck_above"]:
                    # deck printed above the headline (and kicker): move it to the front,
                    # its reading-order position stays after the headline
                    out.insert(0, out.pop())
                    notes.append("deck printed above the headline")
            if rng.random() < R["byline"]:
                add(self.byline(rng, pf.get("role_word_bylines")), "byline")
                bylined = True
        else:
            notes.append("no headline printed on the page")
        if pf.get("time_place") and not pf.get("_tp_done") and not start_mid and rng.random() < 0.3:
            pf["_tp_done"] = True
            d = datetime.date.fromisoformat(art["date"])
            add(f"时间：{d.month}月{d.day}日{rng.choice(['上午', '下午', ''])}{rng.randint(8, 16)}时", "body", -2)
            add("地点：" + rng.choice(["市民服务中心", "县会议中心", "区政务大厅", "镇文化站", "村党群服务中心"]),
                "body", -2)
            notes.append("时间/地点 lines open the body")
        para = 0
        body_idx = [i for i, (r, _) in enumerate(paras) if r == "body"]
        first_body = body_idx[0] if body_idx else -1
        last_body = body_idx[-1] if body_idx else -1
        for i, (r, t) in enumerate(paras):
            if r == "caption":
                det = "photo_credit" if re.search(r"摄(（.*）)?$", t) and len(t) < 30 else "caption"
                add(t, det)
                continue
            if i == first_body and start_mid and len(t) > 20:
                t = t[rng.randint(5, len(t) // 2):]
                notes.append("opening not on the page: starts mid-sentence")
            if i == last_body and end_mid and len(t) > 20:
                t = t[:rng.randint(len(t) // 2, len(t) - 3)]
                notes.append("breaks off mid-sentence (rest not on the page)")
            if t.strip() == "核心阅读":
                det = "box"
                pf["box"] = True
            elif is_section_head(t, title) and i != first_body:
                det = "section_head"
                if pf.get("markdown") and rng.random() < 0.8:
                    t = "## " + t
            else:
                det = "body"
            if det == "body" and len(t) >= 30 and rng.random() < R["para_break"]:
                cut = rng.randint(10, len(t) - 10)
                add(t[:cut], det, para)
                add(t[cut:], det, para, 1)
            else:
                add(t, det, para)
            para += 1
        # time/place lines got para -2: renumber so they come first
        if any(l.para == -2 for l in out):
            n_tp = 0
            for l in out:
                if l.para == -2:
                    l.para = n_tp
                    n_tp += 1
                elif l.para >= 0:
                    l.para += n_tp
        if not end_mid and not bylined and rng.random() < R["credit"]:
            half = pf.get("punct_mixed") or pf.get("punct_half") or rng.random() < 0.3
            cr = self.credit(rng, pf.get("role_word_bylines"), half)
            lastb = max((i for i, l in enumerate(out) if l.detail == "body"), default=-1)
            if lastb == len(out) - 1 and rng.random() < R["credit_glued"]:
                out[lastb].text += cr
                notes.append("credit glued to the last body line")
            else:
                add(cr, "credit")
        if not any(l.detail in ("body", "section_head", "box") for l in out):
            return None, ""
        return out, printed_title

    # ---------------------------------------------------------------- narrow columns
    def narrowise(self, rng, lines):
        """Re-wrap body paragraphs into column fragments 13-17 characters wide.

        A column is set with full-width punctuation, a line holding w characters (as the unseen pages'
        "13-17 characters a line"), or, with chance ``--compressed-columns``, as seed 001's narrow
        columns are printed (``set_column``): punctuation, digits and Latin letters take half a
        character's width, a line fills w less a justification jitter, and a paragraph's first line is
        set in; so a line's characters vary with its punctuation, about 15-18 in a column of 16.  Those
        choices draw from a generator of their own (seeded from the story's text), so the rest of the
        page is the same either way.
        """
        w = rng.randint(13, 17)
        first = next((l.text for l in lines if l.detail == "body"), "")
        own = random.Random(hashlib.md5(f"{w}-{first}".encode("utf-8")).hexdigest())
        compressed = own.random() < self.compressed_columns
        res = []
        for l in lines:
            if l.detail in ("body",) and len(l.text) > w:
                pieces = set_column(l.text, w, own) if compressed else \
                    [l.text[j:j + w] for j in range(0, len(l.text), w)]
                for k, piece in enumerate(pieces):
                    nl = l.copy()
                    nl.text = piece
                    if k > 0:
                        nl.cont = 1
                    res.append(nl)
            else:
                res.append(l)
        return res

    # ---------------------------------------------------------------- page
    def make(self, rng, idx):
        hard = rng.random() < self.hard_share
        col = 1 if hard else 0
        pf = {k: rng.random() < v[col] for k, v in PAGE_RATES.items()}
        if not pf["wrap"]:
            pf["mixed_lines"] = False
        if pf["punct_half"]:
            pf["punct_mixed"] = False
            pf["punct_mix_lines"] = False
        if hard:
            # at least 3 of the harder variations on top
            hv = ["three_columns", "split_headline", "table", "notice", "header_footer",
                  "punct_mix_lines", "role_word_bylines"]
            while sum(pf[k] for k in hv) < 3:
                pf[rng.choice(hv)] = True
        n = rng.choice(N_STORIES)
        keys = [k for k in self.page_keys if len(self.by_date[k[0]]) >= n] or self.page_keys
        key = rng.choice(keys)
        date = key[0]
        pool = list(self.by_page[key])
        rng.shuffle(pool)
        if len(pool) < n:
            others = [a for a in self.by_date[date] if a not in pool]
            rng.shuffle(others)
            pool += others[:n - len(pool)]
        pool = pool[:n]
        stories = []  # (sid, lines, title, notes, art)
        for a in pool:
            sid = f"S{len(stories) + 1:02d}"
            notes = [f"src {a['id']}"]
            lines, title = self.build_story(rng, a, sid, pf, notes)
            if lines:
                stories.append([sid, lines, title, notes, a])
        S = {s[0]: s for s in stories}
        sids = [s[0] for s in stories]

        def heads(lines):
            return [l for l in lines if l.detail in HEAD_DETAILS]

        def bodyish(lines):
            return [i for i, l in enumerate(lines) if l.detail in ("body", "section_head")]

        # --- tail_before_head
        if pf["tail_before_head"]:
            cand = [s for s in sids if heads(S[s][1]) and len(bodyish(S[s][1])) >= 4]
            if cand:
                s = rng.choice(cand)
                L = S[s][1]
                lastp = max(l.para for l in L if l.para >= 0)
                tail = [l for l in L if l.para == lastp or (l.detail == "credit")]
                if any(l.detail == "credit" for l in tail) or rng.random() < 0.5:
                    S[s][1] = tail + [l for l in L if l not in tail]
                    S[s][3].append("closing paragraph and credit printed above the headline")
                else:
                    pf["tail_before_head"] = False
            else:
                pf["tail_before_head"] = False
        # --- duplicate
        if pf["duplicate"]:
            done = False
            for _ in range(rng.randint(1, 2)):
                s = rng.choice(sids)
                L = S[s][1]
                bi = [i for i in bodyish(L) if L[i].detail == "body"]
                if len(bi) < 3:
                    continue
                i = rng.choice(bi[1:])
                if rng.random() < 0.6:
                    k = rng.randint(1, 2)
                    run = [l.copy() for l in L[i:i + k] if l.detail == "body"]
                    for l in run:
                        l.cont = 0
                    L[i + k:i + k] = run
                    S[s][3].append("a passage is printed twice (OCR duplication)")
                else:
                    prev = L[i - 1].text
                    if len(prev) > 10:
                        L[i].text = prev[-rng.randint(2, 8):] + L[i].text
                        S[s][3].append("a line opens with a duplicated fragment of the line before")
                done = True
            pf["duplicate"] = done
        # --- detach headlines: headline_after, headline_block
        detached = []  # (lines, anchor sid, offset in units)
        with_head = [s for s in sids if heads(S[s][1])]
        rng.shuffle(with_head)
        if pf["headline_block"] and len(with_head) >= 3:
            grp = with_head[:rng.randint(2, 3)]
            with_head = with_head[len(grp):]
            blk = []
            for s in grp:
                h = heads(S[s][1])
                S[s][1] = [l for l in S[s][1] if l not in h]
                blk += h
                S[s][3].append("headline printed in a block of headlines away from the story")
            detached.append((blk, rng.choice(grp), rng.choice([-1, 1, 2])))
        else:
            pf["headline_block"] = False
        if pf["headline_after"] and with_head:
            for s in with_head[:rng.randint(1, 2)]:
                h = heads(S[s][1])
                S[s][1] = [l for l in S[s][1] if l not in h]
                detached.append((h, s, rng.choice([0, 0, 1, 2])))
                S[s][3].append("headline printed after the story")
        else:
            pf["headline_after"] = False
        # --- stray photo captions inside a story
        if pf["caption"]:
            for ph in rng.sample(self.photos, 1 if rng.random() < 0.85 else 2):
                s = rng.choice(sids)
                L = S[s][1]
                bi = [i for i in bodyish(L) if L[i].detail == "body"]
                if len(bi) < 2:
                    continue
                i = rng.choice(bi[1:])
                cap = [Line(ph["caption"], "-", "caption"), Line(ph["credit"], "-", "photo_credit")]
                if rng.random() < 0.15:
                    cap[0].text += ph["credit"]
                    cap = cap[:1]
                t = L[i].text
                if rng.random() < 0.4 and len(t) > 24:
                    cut = rng.randint(8, len(t) - 8)
                    a, b = L[i].copy(), L[i].copy()
                    a.text, b.text, b.cont = t[:cut], t[cut:], 1
                    self._split_line(L, i, a, b)
                    L[i + 1:i + 1] = cap
                    S[s][3].append(f"photo caption ({ph['id']}) cuts a paragraph in two")
                else:
                    L[i:i] = cap
                    S[s][3].append(f"photo caption ({ph['id']}) printed between paragraphs")
        # --- units (list of lists of lines); narrow columns merge stories into one unit
        units = {s: S[s][1] for s in sids}
        order = list(sids)
        for feat, k in (("three_columns", 3), ("narrow_interleave", 2)):
            if not pf[feat]:
                continue
            cand = [s for s in order if s in units and len(bodyish(units[s])) >= 3
                    and all(l.story == s for l in units[s])]
            if len(cand) < k:
                pf[feat] = False
                continue
            grp = rng.sample(cand, k)
            cols = []
            for s in grp:
                L = units[s]
                nb = [l for l in L if l.detail == "body"]
                if len(nb) > 8:  # keep narrow stories short
                    keep = set(id(l) for l in nb[:rng.randint(5, 8)])
                    L = [l for l in L if l.detail != "body" or id(l) in keep]
                    S[s][3].append("only its first paragraphs are printed")
                cols.append(self.narrowise(rng, L))
            merged = []
            after = []
            if rng.random() < STORY_RATES["narrow_heads_after"]:
                for j, c in enumerate(cols):
                    h = [l for l in c if l.detail in HEAD_DETAILS]
                    if h:
                        cols[j] = [l for l in c if l.detail not in HEAD_DETAILS]
                        after += h
                        S[h[0].story][3].append("headline printed after the columns")
            # each column's head lines (+ its first run) printed first, then runs alternate
            ptr = [0] * k
            first = True
            while any(p < len(c) for p, c in zip(ptr, cols)):
                for j in range(k):
                    c = cols[j]
                    if ptr[j] >= len(c):
                        continue
                    run = rng.randint(1, 4) if first else rng.randint(1, 14)
                    take = 0
                    while ptr[j] + take < len(c) and (take < run or c[ptr[j] + take].detail != "body"):
                        take += 1
                        if c[ptr[j] + take - 1].detail == "credit":
                            break
                    merged += c[ptr[j]:ptr[j] + take]
                    ptr[j] += take
                first = False
            merged += after
            tag = "/".join(grp)
            for s in grp:
                S[s][3].append(f"narrow columns interleaved ({tag})")
                del units[s]
            host = grp[0]
            units[host] = merged
            pos = min(order.index(s) for s in grp)
            order = [s for s in order if s not in grp]
            order.insert(pos, host)
        # --- block_insert: a whole story printed inside another's body
        if pf["block_insert"]:
            done = False
            for _ in range(1 if rng.random() < 0.7 else 2):
                cand = [s for s in order if len(bodyish(units[s])) >= 3]
                if len(cand) < 2:
                    break
                host, guest = rng.sample(cand, 2)
                if len(units[guest]) > 40:
                    continue
                H = units[host]
                bi = [i for i in bodyish(H) if H[i].story == host and H[i].detail == "body"]
                if len(bi) < 3:
                    continue
                i = rng.choice(bi[1:-1])
                t = H[i].text
                G = units[guest]
                if rng.random() < 0.5 and len(t) > 24:
                    cut = rng.randint(8, len(t) - 8)
                    a, b = H[i].copy(), H[i].copy()
                    a.text, b.text, b.cont = t[:cut], t[cut:], 1
                    self._split_line(H, i, a, b)
                    H[i + 1:i + 1] = G
                    S[host][3].append("a paragraph is cut in two by another story")
                else:
                    H[i:i] = G
                S[host][3].append(f"{guest} printed inside its body")
                S[guest][3].append(f"printed inside {host}")
                del units[guest]
                order.remove(guest)
                done = True
            pf["block_insert"] = done
        # --- reattach detached headlines
        seq = [units[s] for s in order]

        def unit_of(sid):
            for j, u in enumerate(seq):
                if any(l.story == sid for l in u):
                    return j
            return 0

        for h, s, off in detached:
            j = unit_of(s)
            pos = max(0, min(len(seq), j + 1 + off)) if off >= 0 else j
            seq.insert(pos, h)
        # --- furniture
        if pf["table"]:
            seq.insert(rng.randint(1, len(seq)), self.table(rng))
        if pf["notice"]:
            seq.insert(rng.randint(1, len(seq)), self.notice(rng))
        lines = [l for u in seq for l in u]
        if pf["header_footer"]:
            d = datetime.date.fromisoformat(date)
            pg = int(key[1])
            hd = [f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}",
                  f"第{pg}版 {rng.choice(SECTIONS)}"]
            if rng.random() < 0.5:
                hd = ["  ".join(hd)]
            lines = [Line(t, "-", "header") for t in hd] + lines
            ft = "本版责编：" + " ".join(rng.sample(self.names, rng.randint(1, 3)))
            if rng.random() < 0.5:
                ft += "  版式设计：" + rng.choice(self.names)
            lines.append(Line(ft, "-", "footer"))
        # --- text effects
        self.text_effects(rng, pf, lines)
        feats = sorted(k for k, v in pf.items() if v and not k.startswith("_")
                       and k not in ("place_kicker_synth",))
        if any("place kicker added" in n for s in stories for n in s[3]):
            feats.append("place_kicker_synth")
        return hard, lines, stories, sorted(feats), key

    @staticmethod
    def _split_line(L, i, a, b):
        """Replace L[i] by fragments a, b (same paragraph); later lines of the same
        paragraph keep their cont."""
        L[i:i + 1] = [a, b]

    def table(self, rng):
        cols = rng.choice(TABLE_COLS)
        rows = [Line(rng.choice(TABLE_TITLES), "-", "table"),
                Line("地区 " + " ".join(cols), "-", "table")]
        for c in rng.sample(COUNTIES, rng.randint(3, 7)):
            rows.append(Line(f"{c} {rng.uniform(50, 900):.1f} {rng.uniform(-3, 12):.1f}", "-", "table"))
        if rng.random() < 0.6:
            rows.append(Line(rng.choice(["(数据来源:县发改局)", "（数据来源：市统计局）", "（单位：亿元）"]),
                             "-", "table"))
        return rows

    def notice(self, rng):
        tpl = rng.choice(NOTICES)
        vals = dict(name=rng.choice(self.names), place=rng.choice(COUNTIES),
                    num="".join(str(rng.randint(0, 9)) for _ in range(16)),
                    num4="".join(str(rng.randint(0, 9)) for _ in range(8)),
                    n=rng.randint(2, 12), m=rng.randint(1, 12), d=rng.randint(1, 28))
        return [Line(t.format(**vals), "-", "notice") for t in tpl]

    def text_effects(self, rng, pf, lines):
        if pf["quote_mark"]:
            bi = [l for l in lines if l.detail == "body" and l.story != "-" and len(l.text) > 10]
            if bi:
                l = rng.choice(bi)
                l.text = "> " + l.text
            else:
                pf["quote_mark"] = False
        if pf["lookalike"]:
            bi = [l for l in lines if l.detail == "body"]
            for _ in range(rng.randint(1, 4)):
                if not bi:
                    break
                l = rng.choice(bi)
                pos = [i for i, ch in enumerate(l.text) if ch in LOOKALIKE]
                if pos:
                    i = rng.choice(pos)
                    l.text = l.text[:i] + LOOKALIKE[l.text[i]] + l.text[i + 1:]
        if pf["wrap"]:
            wrapped = {s for s in sorted({l.story for l in lines}) if rng.random() < 0.7}
            for l in lines:
                if l.story in wrapped and l.detail == "body" and len(l.text) > 16:
                    t, out, j = l.text, [], 0
                    while j < len(t):
                        w = rng.randint(14, 17)
                        out.append(t[j:j + w])
                        j += w
                    s = out[0]
                    for frag in out[1:]:
                        s += (" " if rng.random() < 0.5 else "") + frag
                    l.text = s
            if pf["mixed_lines"]:
                bl = [i for i, l in enumerate(lines[:-3]) if l.detail == "body" and l.story != "-"]
                if bl:
                    i = rng.choice(bl)
                    nxt = next((j for j in range(i + 1, min(i + 4, len(lines)))
                                if lines[j].story == lines[i].story and lines[j].detail == "body"
                                and len(lines[j].text) > 14), None)
                    if nxt is not None:
                        k = rng.randint(4, 10)
                        frag = lines[nxt].text[:k]
                        lines[nxt].text = lines[nxt].text[k:].lstrip() or lines[nxt].text
                        lines[i].text = lines[i].text + " " + frag
                    else:
                        pf["mixed_lines"] = False
        mode = "half" if pf["punct_half"] else "mixed" if pf["punct_mixed"] else None
        for l in lines:
            m = mode
            if pf["punct_mix_lines"]:
                m = rng.choice([None, "mixed", "half"])
            if m == "half":
                l.text = "".join(HALF.get(ch, ch) for ch in l.text)
            elif m == "mixed":
                l.text = "".join(HALF[ch] if ch in MIXED_KEYS and rng.random() < 0.9 else ch
                                 for ch in l.text)
        for l in lines:
            l.text = re.sub(r"[\t\r\n]+", " ", l.text).strip()
            if not l.text:
                l.text = "…"


# ----------------------------------------------------------------------------------------------
def write_page(out, name, hard, lines, stories, feats, pages_tsv):
    # order and para are dense per story (a story cut short for narrow columns loses lines)
    for sid in {l.story for l in lines if l.story != "-"}:
        mine = [l for l in lines if l.story == sid]
        orank = {o: k for k, o in enumerate(sorted({l.order for l in mine}))}
        prank = {p: k for k, p in enumerate(sorted({l.para for l in mine if l.para >= 0}))}
        for l in mine:
            l.order = orank[l.order]
            if l.para >= 0:
                l.para = prank[l.para]
    # printed line k (0-based) is on line 2k+1 (a blank line between printed lines)
    lrows, xrows = [], []
    for k, l in enumerate(lines):
        lrows.append(f"{2 * k + 1}\t{l.story}\t{ROLE_OF[l.detail]}\t{l.text.strip()[:8]}")
        para = l.para if l.detail in ("body", "section_head", "box") else -1
        cont = l.cont if para >= 0 else 0
        order = l.order if l.story != "-" else -1
        xrows.append(f"{2 * k + 1}\t{l.story}\t{l.detail}\t{para}\t{cont}\t{order}")
    with open(os.path.join(out, "pages", name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n\n".join(l.text for l in lines) + "\n")
    with open(os.path.join(out, "gold", name + ".lines.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lrows) + "\n")
    with open(os.path.join(out, "gold", name + ".labels.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(xrows) + "\n")
    used = {l.story for l in lines}
    srows = [f"{sid}\t{title}\t{'; '.join(notes)}" for sid, _, title, notes, _ in stories if sid in used]
    with open(os.path.join(out, "gold", name + ".stories.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(srows) + "\n")
    chars = sum(len(l.text.replace(" ", "")) for l in lines)
    pages_tsv.append(f"{name}\t{'hard' if hard else 'seed-like'}\t{len(srows)}\t{chars}\t"
                     f"{','.join(feats) or '-'}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", required=True, help="folder with articles.jsonl, photos.jsonl, names.txt")
    ap.add_argument("--out", required=True, help="output folder (pages/, gold/, pages.tsv)")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split", choices=["train", "dev", "all"], default="train")
    ap.add_argument("--hard-share", type=float, default=0.33)
    ap.add_argument("--compressed-columns", type=float, default=0.0,
                    help="share of narrow columns set with compressed punctuation (set_column); 0: all full-width")
    a = ap.parse_args(argv)
    t0 = time.time()
    arts, photos, names = load(a.articles, a.split)
    pm = PageMaker(arts, photos, names, a.hard_share, a.compressed_columns)
    os.makedirs(os.path.join(a.out, "pages"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "gold"), exist_ok=True)
    rows = ["page\tkind\tstories\tchars\tfeatures"]
    for i in range(a.pages):
        rng = random.Random(f"{a.seed}-{a.split}-{i}")
        hard, lines, stories, feats, key = pm.make(rng, i)
        name = f"s{i:05d}_{a.split}_{key[0].replace('-', '')}-{key[1]}"
        write_page(a.out, name, hard, lines, stories, feats, rows)
    with open(os.path.join(a.out, "pages.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{a.pages} pages from {len(arts)} {a.split} articles in {time.time() - t0:.1f} s -> {a.out}")


if __name__ == "__main__":
    main()
