"""The page synthesiser's narrow columns (``tools/synth_pages.py``), on a real seed paragraph."""
from __future__ import annotations

import importlib.util
import random

from summarize.layout import printed_widths

from .conftest import ROOT, story_titled


def _synth():
    spec = importlib.util.spec_from_file_location("synth_pages", ROOT / "tools" / "synth_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_compressed_column_is_filled_to_its_width_not_to_a_count_of_characters(seed_stories):
    # seed 002's land-rights story, its first paragraph set 15 characters wide with compressed punctuation
    synth = _synth()
    text = story_titled(seed_stories["002"], "洪江区首颁土地承包经营权不动产权证书").paragraphs[0]
    lines = synth.set_column(text, 15, random.Random(1))
    assert "".join(lines) == text  # nothing lost, nothing added
    assert not any(line[0] in synth.NO_LINE_START for line in lines[1:])  # no line opens with a closing mark
    widths = [printed_widths(line) for line in lines[:-1]]
    assert widths[0][1] <= 15.5 - synth.PARAGRAPH_INDENT  # the paragraph's first line is set in
    assert all(15 - max(synth.JUSTIFY_SLACK) - 1 < printed <= 15.5 for _, printed in widths[1:])
    assert len({chars for chars, _ in widths}) > 1  # the characters a line holds vary with its punctuation
