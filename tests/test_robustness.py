"""Property tests (hypothesis): cleaning, sentence splitting, decoding and segmentation never raise on
random Unicode, huge lines, punctuation-only text or mixed scripts."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize import clean, ingest, segment
from summarize.ingest import PageError
from summarize.models import Page, Story

PUNCTUATION = "。！？；…，、：“”‘’「」『』（）《》【】—·．.!?;:,\"'()[]-–_/\\|*#~ \u3000\t"
SCRIPTS = [
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK ideographs
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # CJK extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # CJK extension B (outside the BMP)
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),  # full-width forms
    st.characters(min_codepoint=0x3040, max_codepoint=0x30FF),  # kana
    st.characters(min_codepoint=0x0400, max_codepoint=0x04FF),  # Cyrillic
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic (right to left)
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.sampled_from("\u200b\u200d\u200e\u200f\ufeff\u00a0\u2028\u2029\x0b\x0c\x1c\x85\r"),  # invisible / odd breaks
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.sampled_from(PUNCTUATION),
]

mixed_text = st.text(alphabet=st.one_of(*SCRIPTS), max_size=200)
punctuation_only = st.text(alphabet=PUNCTUATION, min_size=1, max_size=300)
huge_line = st.builds(lambda piece, times: piece * times, st.text(alphabet=st.one_of(*SCRIPTS), min_size=1, max_size=12),
                      st.integers(min_value=2_000, max_value=20_000))
any_text = st.one_of(st.text(max_size=300), mixed_text, punctuation_only)
page_text = st.one_of(
    st.lists(st.one_of(any_text, st.just(""), st.sampled_from(["# 标题", "本报记者 张三", "（图片由本报提供）"])),
             max_size=40).map("\n".join),
    huge_line,
    any_text,
)

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.one_of(any_text, huge_line))
def test_clean_line_returns_one_trimmed_line(line):
    cleaned = clean.clean_line(line)
    assert isinstance(cleaned, str)
    assert cleaned == cleaned.strip()


@FAST
@given(st.one_of(any_text, huge_line))
def test_split_sentences_keeps_every_character(paragraph):
    sentences = clean.split_sentences(paragraph)
    assert all(s and s == s.strip() for s in sentences)
    assert re.sub(r"\s", "", "".join(sentences)) == re.sub(r"\s", "", paragraph)


@FAST
@given(st.binary(max_size=400))
def test_decode_page_returns_text_or_names_the_problem(raw):
    try:
        text, encoding = ingest.decode_page(raw, "in/random.txt")
    except PageError as exc:
        assert exc.path == "in/random.txt" and exc.reason
    else:
        assert encoding in ingest.ENCODINGS and isinstance(text, str)


@SLOW
@given(page_text)
def test_segment_page_never_raises(text):
    stories = segment.segment_page(Page(path="in/random.txt", text=text, encoding="utf-8"))
    line_count = len(text.split("\n"))
    assert all(isinstance(s, Story) and s.source == "in/random.txt" for s in stories)
    assert all(1 <= n <= line_count for s in stories for n in s.lines)
    assert len({s.id for s in stories}) == len(stories)
