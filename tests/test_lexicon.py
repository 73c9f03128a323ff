"""The tokenizer the rankers see: jieba.posseg's words and tags, decoded faster (``summarize.posseg_hmm``)."""
from __future__ import annotations

import jieba.posseg
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from summarize.lexicon import pos_tokenizer
from summarize.posseg_hmm import viterbi

from .conftest import SEED_FILES


def _seed_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in SEED_FILES)


def test_our_tokenizer_cuts_a_seed_page_word_for_word_and_tag_for_tag_as_jieba():
    ours = pos_tokenizer()
    # jieba's own POSTokenizer on the same dictionary (ours adds Hunan's place names): the reference.
    # (built as ours is, sharing its tag table, instead of reading jieba's dictionary a third time).
    theirs = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    theirs.tokenizer, theirs.word_tag_tab = ours.tokenizer, ours.word_tag_tab
    for line in SEED_FILES[0].read_text(encoding="utf-8").splitlines():  # jieba's own takes 0.7 s a page
        assert [tuple(p) for p in ours.cut(line)] == [tuple(p) for p in theirs.cut(line)], line


# Characters of the seed pages, a few jieba's HMM has never seen, and a rare one it has.
_CHARS = sorted(set(_seed_text()) & set(char_state_tab_P)) + ["犇", "龘", "叒", "厵", "鑫"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_CHARS, min_size=1, max_size=12))
def test_the_decoder_finds_jiebas_route_and_probability_to_the_last_bit(run):
    assert viterbi(run) == jieba_viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)
