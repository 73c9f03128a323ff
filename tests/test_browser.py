"""The seed digest in a real browser: Debian's headless Chromium driven by Playwright.

Takes the README's screenshots (``make screenshot`` saves them as docs/digest.png, docs/digest-mobile.png):
the digest's date and generation time are fixed, so the same pages, fonts and Chromium give the same pictures.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from summarize.archive import update_archive
from summarize.assemble import assemble_digest
from summarize.summary import summarize_story
from summarize.models import Source
from summarize.publish import write_day
from summarize.render import digest_files
from in_memory import read_folder, render_files
from summarize.segment import segment_page
from summarize.settings import Settings

from .conftest import DAY, NOW, ROOT, SEED_FILES, email_parts, seed_digest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


pytestmark = pytest.mark.system  # Chromium, a process of its own


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test-system` installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An archive of two digests as the flow writes them: the seed digest for DAY and, a week earlier, the
    digest of seed page 003 alone; ``out/index.html`` and ``out/search.js`` rewritten after both."""
    out = tmp_path_factory.mktemp("out")
    write_day(digest_files(seed_digest(), Settings()), out, DAY)
    week_ago = DAY - dt.timedelta(days=7)
    page = next(s for s in seed_digest().sources if s.path.endswith(SEED_FILES[3].name))
    earlier = assemble_digest(week_ago, NOW - dt.timedelta(days=7), [Source(page.path, "ok")],
                              [item for item in seed_digest().stories if item.story.source == page.path])
    write_day(digest_files(earlier, Settings()), out, week_ago)
    update_archive(out, Settings())
    return out


@pytest.fixture(scope="module")
def pages(site):
    """The page and the email's HTML of the seed digest written to files, opened from disk as a reader would."""
    folder = site / DAY.isoformat()
    (folder / "email.html").write_text(email_parts(render_files(seed_digest(), Settings()))[2], encoding="utf-8")
    return folder


def open_page(browser, path: Path, *, width: int = 1280, height: int = 900, scheme: str = "light",
              allow: tuple[Path, ...] = ()):
    """A fresh tab showing ``path``; returns ``(page, problems)`` where ``problems`` collects console
    errors, uncaught exceptions and every request that is not for the file itself (or one of ``allow``:
    the files a test navigates to)."""
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme,
                            reduced_motion="reduce", device_scale_factor=1)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    allowed = {path.as_uri(), *(p.as_uri() for p in allow)}
    page.on("request", lambda r: problems.append(f"request: {r.url}") if r.url.split("#")[0] not in allowed else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


@pytest.mark.parametrize("name", ["digest.html", "email.html"])
def test_opens_without_console_errors_or_requests(browser, pages, name):
    page, problems = open_page(browser, pages / name)
    assert page.title() == "每日新闻摘要 2026-11-21"
    page.close()
    assert problems == []


def test_every_toc_link_lands_on_its_story(browser, pages):
    page, problems = open_page(browser, pages / "digest.html")
    links = page.locator("nav.toc a")
    stories = page.locator("article")
    assert links.count() == stories.count() + page.locator("section.group").count()
    for i in range(links.count()):
        link = links.nth(i)
        href, text = link.get_attribute("href"), link.inner_text()
        link.click()
        landed = page.evaluate("""() => { const t = document.querySelector(':target');
            const r = t.getBoundingClientRect();
            return {id: t.id, heading: t.querySelector('h2, h3').innerText, top: r.top, bottom: r.bottom,
                    height: window.innerHeight}; }""")
        assert "#" + landed["id"] == href
        assert text in landed["heading"], (text, landed["heading"])
        assert -1 <= landed["top"] < landed["height"], (href, landed)  # scrolled into view (sub-pixel)
    page.close()
    assert problems == []


def test_a_story_opens_its_full_text(browser, pages):
    page, problems = open_page(browser, pages / "digest.html")
    story = page.locator("article").nth(2)
    fulltext = story.locator(".fulltext")
    assert not fulltext.is_visible()
    story.locator("summary").click()
    assert story.locator("details").evaluate("d => d.open")
    assert fulltext.is_visible() and fulltext.bounding_box()["height"] > 100
    assert fulltext.locator("p").count() >= 1
    page.close()
    assert problems == []


@pytest.mark.parametrize("name", ["digest.html", "email.html"])
def test_no_horizontal_scroll_on_a_375_px_phone(browser, pages, name):
    page, problems = open_page(browser, pages / name, width=375, height=812)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 375
    if name == "digest.html":
        page.locator("article").nth(0).locator("summary").click()  # the open fold must not widen it either
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.close()
    assert problems == []


def test_dark_scheme_changes_the_colours(browser, pages):
    colours = {}
    for scheme in ("light", "dark"):
        page, problems = open_page(browser, pages / "digest.html", scheme=scheme)
        colours[scheme] = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
                                                   getComputedStyle(document.body).color]""")
        page.close()
        assert problems == []
    assert colours["light"][0] != colours["dark"][0] and colours["light"][1] != colours["dark"][1]


def test_screenshots_for_the_readme(browser, pages, tmp_path):
    """digest.png (1280 px desktop, top of the page) and digest-mobile.png (375 px phone, top of the page:
    the contents folded, the top stories first), taken into a temporary folder; copied into the folder
    named by ``DIGEST_SCREENSHOTS`` when it is set (``make screenshot``: docs/), so that ``make test``
    writes nothing into the working tree."""
    keep = Path(os.environ["DIGEST_SCREENSHOTS"]) if os.environ.get("DIGEST_SCREENSHOTS") else None
    for name, width, height, start in (("digest.png", 1280, 1000, None),
                                       ("digest-mobile.png", 375, 812, None)):
        page, problems = open_page(browser, pages / "digest.html", width=width, height=height)
        if start:
            page.locator(start).first.evaluate("e => e.scrollIntoView()")
        shot = tmp_path / name
        page.screenshot(path=str(shot))
        size = page.evaluate("() => [window.innerWidth, window.innerHeight]")
        page.close()
        assert problems == [] and size == [width, height]
        assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
        if keep is not None and (not (keep / name).exists() or (keep / name).read_bytes() != shot.read_bytes()):
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, keep / name)


def test_every_source_link_opens_its_page_view_at_its_first_line_with_its_lines_marked(browser, pages):
    record = json.loads((pages / "digest.json").read_text(encoding="utf-8"))
    lines_of = {s["id"]: s["lines"] for s in record["stories"]}
    views = tuple((pages / "pages").glob("*.html"))
    assert len(views) == len(SEED_FILES)
    page, problems = open_page(browser, pages / "digest.html", allow=views)
    ids = page.eval_on_selector_all("article", "els => els.map(e => e.id.slice(2))")
    assert sorted(ids) == sorted(lines_of)  # every story of the seed day (none printed twice)
    for story_id in ids:
        page.goto((pages / "digest.html").as_uri() + f"#s-{story_id}")
        page.locator(f"#s-{story_id} a.page-link").click()
        page.wait_for_load_state("load")
        first = min(lines_of[story_id])
        assert page.url.endswith(f".html#L{first}"), page.url
        landed = page.evaluate("""() => { const t = document.querySelector(':target'); const r = t.getBoundingClientRect();
            return {id: t.id, story: t.dataset.story, top: r.top, height: window.innerHeight}; }""")
        assert landed["id"] == f"L{first}" and landed["story"] == story_id
        assert 0 <= landed["top"] < landed["height"], landed  # scrolled to the line
        marks = page.evaluate("ids => ids.map(n => document.getElementById('L' + n).dataset.story)", lines_of[story_id])
        assert marks == [story_id] * len(lines_of[story_id])
        margin = page.locator(f"#L{first} .margin").inner_text()
        assert margin == next(s["title"] for s in record["stories"] if s["id"] == story_id)
    page.close()
    assert problems == []


def test_page_view_greys_the_lines_of_no_story(browser, pages):
    view = pages / "pages" / (SEED_FILES[0].stem + ".html")
    page, problems = open_page(browser, view)
    grey = page.locator(".ln.furniture .tx").evaluate_all("els => els.filter(e => e.textContent.trim()).map(e => getComputedStyle(e).color)")
    ink = page.locator(".ln.story .tx").first.evaluate("e => getComputedStyle(e).color")
    page.close()
    assert problems == [] and grey and all(colour != ink for colour in grey)


def test_region_filter_hides_the_other_regions(browser, pages):
    page, problems = open_page(browser, pages / "digest.html")
    region = "娄底市"
    page.select_option("#region", region)
    visible = page.evaluate("""() => [...document.querySelectorAll('section.group')].filter(s => s.offsetParent)
                                     .map(s => s.dataset.region)""")
    assert visible == [region]
    shown = page.locator("article:visible").count()
    assert shown == page.locator(f"section.group[data-region='{region}'] article").count() > 0
    assert all(r == region for r in page.eval_on_selector_all(".top li", "els => els.filter(e => e.offsetParent).map(e => e.dataset.region)"))
    page.select_option("#region", "")
    assert page.locator("article:visible").count() == page.locator("article").count()
    page.close()
    assert problems == []


def test_archive_search_finds_a_story_of_an_earlier_day(browser, site):
    earlier = (DAY - dt.timedelta(days=7)).isoformat()
    record = json.loads((site / earlier / "digest.json").read_text(encoding="utf-8"))
    later = {s["title"] for s in json.loads((site / DAY.isoformat() / "digest.json").read_text(encoding="utf-8"))["stories"]}
    story = next(s for s in record["stories"] if "林长制" in s["title"])
    keyword = next(k for k in story["keywords"] if k not in story["title"])  # found by its keyword, not its headline
    page, problems = open_page(browser, site / "index.html", allow=(site / "search.js",))
    page.fill("#q", keyword)
    hrefs = page.eval_on_selector_all("#results a", "els => els.map(a => a.getAttribute('href'))")
    assert f"{earlier}/digest.html#s-{story['id']}" in hrefs
    page.fill("#q", f"林长制 {earlier}")  # several terms: all must match
    assert page.eval_on_selector_all("#results a", "els => els.map(a => a.getAttribute('href'))") == [
        f"{earlier}/digest.html#s-{story['id']}"]
    assert story["title"] in later  # the same story is in the later day too, and the date told them apart
    styles = page.evaluate("() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).fontFamily]")
    page.close()
    assert problems == []
    assert styles[0] == "rgb(246, 244, 239)" and "Noto Sans CJK SC" in styles[1]  # the digest's own paper and fonts


def first_top_story_offset(browser, path: Path) -> float:
    """Pixels from the top of the page to the first top story at 375 px, contents folded."""
    page, problems = open_page(browser, path, width=375, height=812)
    assert not page.locator("nav.toc details").evaluate("d => d.open")
    offset = page.locator(".top li").first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    page.close()
    assert problems == []
    return offset


def synthetic_day(folder: Path, pages: int):
    """``bench/scale.py``'s synthetic day (page i a copy of seed page i mod 5, ``NNNN_<seed name>``) as a
    digest, each copy's stories those of its seed page (summarised once) under the copy's name."""
    folder.mkdir()
    by_seed = {}
    for item in seed_digest().stories:
        by_seed.setdefault(Path(item.story.source).name, []).append(item)
    sources, stories = [], []
    for i in range(pages):
        name = f"{i:04d}_{SEED_FILES[i % len(SEED_FILES)].name}"
        shutil.copyfile(SEED_FILES[i % len(SEED_FILES)], folder / name)
        sources.append(Source(str(folder / name), "ok"))
        for item in by_seed[SEED_FILES[i % len(SEED_FILES)].name]:
            story_id = hashlib.sha1(f"{name}\n{item.story.text}".encode()).hexdigest()[:12]
            story = dataclasses.replace(item.story, source=str(folder / name), id=story_id)
            stories.append(dataclasses.replace(item, story=story))
    return assemble_digest(DAY, NOW, sources, stories)


def test_top_stories_come_first_on_a_phone_for_the_seed_day_and_a_300_page_day(browser, pages, tmp_path):
    seed_offset = first_top_story_offset(browser, pages / "digest.html")
    big = synthetic_day(tmp_path / "in", 300)
    folder = write_day(digest_files(big, Settings()), tmp_path / "out", DAY)
    big_offset = first_top_story_offset(browser, folder / "digest.html")
    print(f"first top story at 375 px: seed day {seed_offset:.0f} px, 300-page day {big_offset:.0f} px")
    assert seed_offset < 900 and big_offset < 900
    # the 300-page day repeats each seed page 60 times: each story shows once, with its 59 other printings
    html = (folder / "digest.html").read_text(encoding="utf-8")
    assert html.count("<article ") == len(seed_digest().stories)
    assert html.count('<span class="also">亦见<a href="pages/') == 59 * len(seed_digest().stories)


def test_print_has_no_sidebar_and_fits_12_pages(browser, pages, tmp_path):
    page, problems = open_page(browser, pages / "digest.html")
    page.emulate_media(media="print")
    assert not page.locator("nav.toc").is_visible() and not page.locator("#region-filter").is_visible()
    assert page.locator("article details").first.evaluate("d => !d.open")
    breaks = page.eval_on_selector_all("section.group", "els => els.map(e => getComputedStyle(e).breakBefore)")
    kinds = page.eval_on_selector_all("section.group", "els => els.map(e => e.dataset.kind)")
    page.close()
    assert problems == []
    assert breaks[0] != "page" and all(b == "page" for b, k in zip(breaks[1:], kinds[1:]) if k == "region")
    pdf = tmp_path / "digest.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    (pages / "digest.html").as_uri()], check=True, capture_output=True, timeout=120)
    count = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    print(f"seed digest printed by chromium --print-to-pdf: {count} pages")
    assert 1 <= count <= 12


def test_long_page_file_paths_wrap_in_the_email_on_a_375_px_phone(browser, tmp_path):
    # The email names each page file by its path, which has no break opportunity ('/' is none): from a
    # checkout in a longer folder than this one the email was 393 px wide at 375 px.
    deep = tmp_path / "a_checkout_folder_whose_name_runs_on_without_any_hyphen" / "newsdigest"
    shutil.copytree(ROOT / "seeds", deep / "seeds")
    pages, sources = read_folder(deep / "seeds")  # the seed digest, from there
    digest = assemble_digest(DAY, NOW, sources, [summarize_story(s) for page in pages for s in segment_page(page)])
    assert len(digest.sources[0].path) > 100
    (tmp_path / "email.html").write_text(email_parts(render_files(digest, Settings()))[2], encoding="utf-8")
    page, problems = open_page(browser, tmp_path / "email.html", width=375, height=812)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    shown = page.locator("td", has_text="版面").last.inner_text()
    page.close()
    assert widths[0] <= widths[1] == 375
    assert digest.sources[0].path.replace("\n", "") in shown.replace("\n", "")  # wrapped, not cut
    assert problems == []
