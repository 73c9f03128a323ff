"""The seed digest in a real browser: Debian's headless Chromium driven by Playwright.

Saves the README's screenshots (docs/digest.png, docs/digest-mobile.png): the digest's date and
generation time are fixed, so the same pages, fonts and Chromium give the same pictures.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from summarize.assemble import assemble_digest
from summarize.digest import summarize_story
from summarize.ingest import read_folder
from summarize.render import render_email_html, render_html
from summarize.segment import segment_page
from summarize.settings import Settings

from .conftest import ROOT
from .test_render import DAY, NOW, seed_digest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The page and the email's HTML of the seed digest written to files, opened from disk as a reader would."""
    folder = tmp_path_factory.mktemp("digest")
    (folder / "digest.html").write_text(render_html(seed_digest(), Settings()), encoding="utf-8")
    (folder / "email.html").write_text(render_email_html(seed_digest(), Settings()), encoding="utf-8")
    return folder


def open_page(browser, path: Path, *, width: int = 1280, height: int = 900, scheme: str = "light"):
    """A fresh tab showing ``path``; returns ``(page, problems)`` where ``problems`` collects console
    errors, uncaught exceptions and every request that is not for the file itself."""
    page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme,
                            reduced_motion="reduce", device_scale_factor=1)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if r.url != path.as_uri() else None)
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
    """docs/digest.png (1280 px desktop, top of the page) and docs/digest-mobile.png (375 px phone, at the
    first region's stories: on a phone the contents fill the first screens)."""
    DOCS.mkdir(exist_ok=True)
    for name, width, height, start in (("digest.png", 1280, 1000, None),
                                       ("digest-mobile.png", 375, 812, "section.group")):
        page, problems = open_page(browser, pages / "digest.html", width=width, height=height)
        if start:
            page.locator(start).first.evaluate("e => e.scrollIntoView()")
        shot = tmp_path / name
        page.screenshot(path=str(shot))
        size = page.evaluate("() => [window.innerWidth, window.innerHeight]")
        page.close()
        assert problems == [] and size == [width, height]
        assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
        target = DOCS / name
        if not target.exists() or target.read_bytes() != shot.read_bytes():
            shutil.copyfile(shot, target)


def test_long_page_file_paths_wrap_in_the_email_on_a_375_px_phone(browser, tmp_path):
    # The email names each page file by its path, which has no break opportunity ('/' is none): from a
    # checkout in a longer folder than this one the email was 393 px wide at 375 px.
    deep = tmp_path / "a_checkout_folder_whose_name_runs_on_without_any_hyphen" / "newsdigest"
    shutil.copytree(ROOT / "seeds", deep / "seeds")
    pages, sources = read_folder(deep / "seeds")  # the seed digest, from there
    digest = assemble_digest(DAY, NOW, sources, [summarize_story(s) for page in pages for s in segment_page(page)])
    assert len(digest.sources[0].path) > 100
    (tmp_path / "email.html").write_text(render_email_html(digest, Settings()), encoding="utf-8")
    page, problems = open_page(browser, tmp_path / "email.html", width=375, height=812)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    shown = page.locator("td", has_text="版面").last.inner_text()
    page.close()
    assert widths[0] <= widths[1] == 375
    assert digest.sources[0].path.replace("\n", "") in shown.replace("\n", "")  # wrapped, not cut
    assert problems == []
