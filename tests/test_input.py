"""Hostile and unlucky input (issue 13, rows 1, 2, 3, 6, 10, 13): control characters, file names that are
not UTF-8, pages too big to work on, files that are not pages, an output folder among the pages, and
encodings other than UTF-8. Each is reported or handled; none costs the other pages or the day."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import threading
import xml.etree.ElementTree as ET

import pytest
import wcwidth
import wcwidth.textwrap

from flows.cli import main
from flows.daily import check_folders, daily_digest
from summarize import pages, render
from summarize.archive import update_archive
from summarize.assemble import assemble_digest
from summarize.clean import MAX_SENTENCE_CHARS, split_sentences
from summarize.summary import story_paragraphs
from summarize.ingest import PageError, decode_page, display_path, read_page
from in_memory import read_folder, render_files
from summarize.lexicon import news_stopwords, pos_tokenizer
from summarize.segment import segment_page
from summarize.settings import PageOptions, Settings
from summarize.textrank import DENSE_SENTENCES, _sentence_graph

from .conftest import SEED_FILES, seed, story_titled

HEADLINE = "娄底“督办专员”因事施督共破难题"
#: The headline with an escape, vertical tab, form feed, DEL, a C1 control, bidi override and isolate,
#: zero-width space and joiner, and a BOM inside it: none of them printed text.
DIRTY_HEADLINE = "娄底\x1b[31m“督办\x0b专员”\x0c因\x7f事\x9b施\u202e督\u2066共\u200b破\u200d难\ufeff题"
NOW = dt.datetime(2026, 11, 21, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


# Row 1: control characters -------------------------------------------------------------------------

def test_control_bidi_and_zero_width_characters_are_removed_at_ingest(tmp_path):
    path = tmp_path / "000.txt"
    path.write_text(_seed_text("000").replace(HEADLINE, DIRTY_HEADLINE), encoding="utf-8")
    page = read_page(path)
    assert page.text == _seed_text("000").replace(HEADLINE, "娄底[31m“督办专员”因事施督共破难题")
    assert story_titled(segment_page(page), "娄底[31m“督办专员”因事施督共破难题")


def test_a_past_digest_with_control_characters_does_not_stop_the_archive(tmp_path):
    day = tmp_path / "2026-11-20"
    day.mkdir()
    record = {"date": "2026-11-20", "generated_at": "2026-11-20T07:00:00",  # no time zone, as hand-edited
              "sources": [{"path": "in/000.txt", "status": "ok", "error": None, "stories": 1}],
              "stories": [{"title": DIRTY_HEADLINE + "\ud800"}], "keywords": ["督办\x1b"]}
    (day / "digest.json").write_text(json.dumps(record), encoding="utf-8")  # \u001b, \ud800 as JSON escapes
    index, feed = update_archive(tmp_path, Settings())
    (entry,) = ET.parse(feed).getroot().findall("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}summary").text == "1 篇：娄底[31m“督办专员”因事施督共破难题"
    assert "娄底[31m“督办专员”因事施督共破难题" in index.read_text(encoding="utf-8")


# Row 2: a file name that is not UTF-8 --------------------------------------------------------------

def test_a_page_name_that_is_not_utf8_is_shown_escaped_in_every_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("001"), folder)
    name = os.fsencode(folder) + b"/900_\xff\xfe_page.txt"
    with open(name, "wb") as fh:
        fh.write(seed("002").read_bytes())
    read, sources = read_folder(folder)
    assert [s.path.rsplit("/", 1)[1] for s in sources] == [seed("001").name, "900_\\xff\\xfe_page.txt"]
    assert [s.status for s in sources] == ["ok", "ok"]
    summaries = [pages.summarize_page(os.fsdecode(name))[1], pages.summarize_page(seed("001"))[1]]
    digest = assemble_digest(NOW.date(), NOW, sources, [s for found in summaries for s in found])
    files = render_files(digest, Settings())
    for file, content in files.items():
        if file.startswith("pages/") and "900_" not in file:
            continue  # another page's view names only its own page
        assert b"900_\\xff\\xfe_page.txt" in content.replace(b"\\\\", b"\\"), file  # JSON doubles a backslash
    record = json.loads(files["digest.json"])
    assert {s["source"].rsplit("/", 1)[1] for s in record["stories"]} == {seed("001").name, "900_\\xff\\xfe_page.txt"}


def test_display_path_escapes_controls_and_keeps_printable_names():
    assert display_path("in/000_页.txt") == "in/000_页.txt"
    assert display_path("in/a\x1b[2J\u202eb.txt") == "in/a\\x1b[2J\\u202eb.txt"


# Row 3: each page's work bounded ------------------------------------------------------------------

def _seed_sentence_words(seed_stories) -> list[list[str]]:
    tokenizer, stop = pos_tokenizer(), news_stopwords()
    sentences = [s for stories in seed_stories.values() for story in stories for s in [s for p in story_paragraphs(story) for s in p]]
    return [[t.word for t in tokenizer.cut(s) if t.flag != "x" and t.word.strip() and t.word not in stop]
            for s in sentences]


def test_a_long_story_is_ranked_on_a_windowed_sentence_graph(seed_stories):
    words = _seed_sentence_words(seed_stories)
    n = len(words)
    dense = _sentence_graph(words)
    windowed = _sentence_graph(words, dense_max=20, window=3)
    pairs = dict(zip(zip(windowed.rows.tolist(), windowed.columns.tolist()), windowed.weights.tolist()))
    expected = {(i, j): w for i, j, w in zip(dense.rows.tolist(), dense.columns.tolist(), dense.weights.tolist())
                if abs(i - j) <= 3}
    assert n > 300 and len(dense.weights) > 20 * n  # the whole day as one story: the dense graph is big
    assert pairs.keys() == expected.keys() and len(pairs) <= 7 * n
    assert all(pairs[k] == pytest.approx(expected[k], rel=1e-12) for k in pairs)


def test_every_seed_story_is_ranked_on_textrank4zhs_full_graph(seed_stories):
    # the parity tests in test_textrank.py hold because no real story reaches the windowed graph
    assert max(len([t for p in story_paragraphs(s) for t in p]) for stories in seed_stories.values() for s in stories) < DENSE_SENTENCES / 10


def test_wrapping_an_unpunctuated_line_measures_each_character_a_bounded_number_of_times(monkeypatch):
    line = "".join(ch for ch in _seed_text("000") if "\u4e00" <= ch <= "\u9fff") * 3  # 18,438 characters
    measured = [0]
    real = wcwidth.textwrap.wcwidth_width

    def counting(text, *args, **kwargs):
        measured[0] += len(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(wcwidth.textwrap, "wcwidth_width", counting)
    wrapped = render.wrap_display(line, "    ", columns=72)
    assert wrapped.replace("    ", "").replace("\n", "") == line
    assert measured[0] < 20 * len(line)  # quadratic wrapping measured the rest of the line again for each line


@pytest.mark.parametrize("columns", [24, 40, 72, 100])
def test_windowed_wrapping_breaks_lines_where_wcwidth_does(columns):
    text = _seed_text("003").replace("\n", " ") + " thisisaverylongwordthatmustbebrokenacrosslines, and words"
    assert render._wrap_linear(text, columns - 4) == wcwidth.wrap(text, columns - 4, ambiguous_width=2,
                                                                  break_on_hyphens=False)


def test_a_page_without_sentence_punctuation_is_summarised_in_sentences_of_bounded_length(tmp_path):
    path = tmp_path / "bare.txt"
    path.write_text("".join(ch for ch in _seed_text("001") if "\u4e00" <= ch <= "\u9fff"), encoding="utf-8")
    source, summaries = pages.summarize_page(path)
    assert source.status == "ok" and summaries
    sentences = [s for item in summaries for s in item.summary]
    assert sentences and all(len(s) <= MAX_SENTENCE_CHARS for s in sentences)
    assert max(len(s) for s in split_sentences(path.read_text(encoding="utf-8"))) == MAX_SENTENCE_CHARS


def test_a_page_over_the_work_limit_is_reported_and_the_others_go_on():
    source, summaries = pages.summarize_page(seed("000"), PageOptions(max_page_chars=5_000))
    assert source.status == "error" and summaries == []
    assert "over the limit of 5,000 per page (max_page_chars)" in source.error
    source, summaries = pages.summarize_page(seed("001"), Settings().page_options())
    assert source.status == "ok" and summaries


# Row 6: only regular files inside the folder are pages --------------------------------------------

def test_only_regular_files_inside_the_folder_are_read_and_everything_else_is_reported(tmp_path):
    outside = tmp_path / "secret"
    outside.write_text("机密 SECRET-LINE root:x:0:0\n", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("000"), folder / "000.txt")
    shutil.copy(seed("001"), folder / "001.TXT")
    shutil.copy(seed("002"), folder / "002.text")
    (folder / "003_link_inside.txt").symlink_to("000.txt")
    (folder / "004_link_outside.txt").symlink_to(outside)
    (folder / "005_dangling.txt").symlink_to(tmp_path / "nowhere")
    (folder / "006_link_to_folder.txt").symlink_to(tmp_path)
    (folder / "007_folder.txt").mkdir()
    os.mkfifo(folder / "008_fifo.txt")
    (folder / "009_proc.txt").symlink_to("/proc/self/status")
    (folder / "notes.md").write_text("not a page", encoding="utf-8")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(folder / "010_socket.txt"))

    result = []
    reader = threading.Thread(target=lambda: result.append(read_folder(folder)), daemon=True)
    reader.start()
    reader.join(120)  # a FIFO opened for a blocking read would hang here forever
    listening.close()
    assert result, "read_folder hung (a FIFO was opened for reading)"
    read, sources = result[0]
    status = {s.path.rsplit("/", 1)[1]: s.error or "ok" for s in sources}
    assert status == {
        "000.txt": "ok", "001.TXT": "ok", "002.text": "ok", "003_link_inside.txt": "ok",
        "004_link_outside.txt": "symbolic link to a file outside the input folder; not followed",
        "005_dangling.txt": "dangling symbolic link (its target does not exist); not read",
        "006_link_to_folder.txt": "symbolic link to a file outside the input folder; not followed",
        "007_folder.txt": "a folder, not a page file; not read",
        "008_fifo.txt": "a FIFO (named pipe), not a page file; not read",
        "009_proc.txt": "symbolic link to a file outside the input folder; not followed",
        "010_socket.txt": "a socket, not a page file; not read",
    }
    assert all("SECRET" not in p.text for p in read)


def test_the_size_limit_counts_the_bytes_read_not_the_size_reported():
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(PageError, match="over the 100-byte limit"):
        read_page("/proc/self/status", max_bytes=100)


# Row 10: the output folder among the pages ---------------------------------------------------------

@pytest.mark.parametrize(("output", "how"), [("in", "is the input folder"), ("in/out", "is inside the input folder"),
                                             (".", "holds the input folder")])
def test_an_output_folder_among_the_pages_is_refused_before_any_work(tmp_path, capsys, monkeypatch, output, how):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    shutil.copy(seed("000"), tmp_path / "in")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["run", "--date", "2026-11-21", "--input", "in", "--output", output]) == 2
    err = capsys.readouterr().err
    assert err == f"digest: output folder {output} {how} in; choose an output folder outside it\n"
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    with pytest.raises(ValueError, match=how):
        daily_digest.fn(date="2026-11-21", input_dir="in", output_dir=output)  # the flow itself refuses too


def test_folders_apart_are_accepted(tmp_path):
    check_folders(tmp_path / "in", tmp_path / "out")
    check_folders(tmp_path / "in", tmp_path / "input")  # a name that starts alike is not inside


# Row 13: encodings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path, codec):
    text = _seed_text("002")
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    path = tmp_path / "002.txt"
    path.write_bytes(bom + text.encode(codec))
    page = read_page(path)
    assert page.text == text and page.encoding == codec[:6]


@pytest.mark.parametrize("prefix", [p.name[:3] for p in SEED_FILES])
def test_a_big5_page_is_decoded_as_big5_or_reported_as_big5_never_as_gb18030_mojibake(tmp_path, prefix):
    raw = _seed_text(prefix).encode("big5", errors="replace")  # characters Big5 lacks become "?"
    assert raw.decode("gb18030")  # the bytes decode as GB18030 too: that alone proves nothing
    path = tmp_path / "big5.txt"
    path.write_bytes(raw)
    try:
        page = read_page(path)
    except PageError as exc:
        assert "big5" in exc.reason.lower() or "cp950" in exc.reason.lower()
    else:
        assert page.encoding in ("big5", "cp950", "big5hkscs")
        assert page.text == raw.decode("big5")
        assert "督办专员" in page.text or "因事施督" in page.text or len(page.text) > 5000


def test_shift_jis_bytes_are_reported_with_their_likely_encoding():
    raw = _seed_text("000").encode("shift_jis", errors="replace")
    with pytest.raises(PageError, match="cp932|shift_jis"):
        decode_page(raw, "in/sjis.txt")


def test_gb18030_pages_stay_gb18030():
    for path in SEED_FILES:
        assert decode_page(path.read_text(encoding="utf-8").encode("gb18030")) == (
            path.read_text(encoding="utf-8"), "gb18030")


# All of it in one run of the flow -----------------------------------------------------------------

@pytest.mark.xdist_group("prefect")  # the harness's worker (conftest.UNDER_PREFECT)
def test_one_run_over_every_kind_of_bad_input_reports_each_and_keeps_the_rest(prefect_harness, tmp_path,
                                                                               monkeypatch):
    outside = tmp_path / "shadow"
    outside.write_text("root:$6$SECRETHASH:19000:0:99999:7:::\n", encoding="utf-8")
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "000.txt").write_text(_seed_text("000").replace(HEADLINE, DIRTY_HEADLINE), encoding="utf-8")
    with open(os.fsencode(folder) + b"/001_\xff\xfe.txt", "wb") as fh:
        fh.write(_seed_text("001").encode("utf-16"))
    (folder / "002.TXT").write_text(_seed_text("002") * 4, encoding="utf-8")  # over the limit set below
    (folder / "003.text").write_bytes(_seed_text("003").encode("big5", errors="replace"))
    (folder / "004.txt").write_text(_seed_text("004"), encoding="utf-8")
    (folder / "005_shadow.txt").symlink_to(outside)
    os.mkfifo(folder / "006_fifo.txt")
    (folder / "007_folder.txt").mkdir()
    past = out / "2026-11-20"
    past.mkdir(parents=True)
    (past / "digest.json").write_text(json.dumps({
        "date": "2026-11-20", "generated_at": "2026-11-20T07:00:00+08:00", "keywords": [],
        "sources": [], "stories": [{"title": DIRTY_HEADLINE}]}), encoding="utf-8")
    monkeypatch.setenv("DIGEST_MAX_PAGE_CHARS", "20000")

    daily_digest(date="2026-11-21", input_dir=str(folder), output_dir=str(out))

    day = out / "2026-11-21"
    record = json.loads((day / "digest.json").read_text(encoding="utf-8"))
    status = {s["path"].rsplit("/", 1)[1]: (s["status"], s["error"] or "") for s in record["sources"]}
    assert status["000.txt"] == status["001_\\xff\\xfe.txt"] == status["004.txt"] == ("ok", "")
    assert status["002.TXT"][0] == "error" and "max_page_chars" in status["002.TXT"][1]
    assert status["003.text"] == ("ok", "") or "big5" in status["003.text"][1].lower()
    assert status["005_shadow.txt"][0] == status["006_fifo.txt"][0] == status["007_folder.txt"][0] == "error"
    assert "娄底[31m“督办专员”因事施督共破难题" in [s["title"] for s in record["stories"]]
    for name in ("digest.html", "digest.txt", "digest.eml", "digest.json", "../index.html", "../feed.xml"):
        content = (day / name).read_bytes()
        assert b"SECRETHASH" not in content and b"\x1b" not in content and "\u202e".encode() not in content, name
    for name in ("digest.html", "digest.txt", "digest.json"):
        assert "001_\\xff\\xfe.txt" in (day / name).read_text(encoding="utf-8").replace("\\\\", "\\"), name
    entries = ET.parse(out / "feed.xml").getroot().findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2
