"""How long the digest page of a big day takes to load in headless Chromium, and where its first top
story starts on a 375 px phone.

The day is ``bench/scale.py``'s synthetic day (page i a copy of seed page i mod 5) of ``--pages`` pages,
its stories those of the seed pages summarised once (so no ranking is timed). It is written twice: as the
digest shows it (each seed story printed on many pages folds into one, with its other printings listed)
and as if every page were different (no story folded: thousands of stories on one page). Each is opened
``--runs`` times in Debian's chromium through Playwright; the time is ``page.goto`` to the load event.
Prints one line per load; the last line is ``BENCH {json}``.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import prominence  # noqa: E402
from summarize.assemble import assemble_digest  # noqa: E402
from summarize.summary import summarize_story  # noqa: E402
from in_memory import read_folder  # noqa: E402
from summarize.models import Source  # noqa: E402
from summarize.publish import write_day  # noqa: E402
from summarize.render import digest_files  # noqa: E402
from summarize.segment import segment_page  # noqa: E402
from summarize.settings import Settings  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DAY = dt.date(2026, 11, 21)
NOW = dt.datetime(2026, 11, 21, 7, tzinfo=ZoneInfo("Asia/Shanghai"))


def synthetic_digest(folder: Path, pages: int, by_seed: dict[str, list]):
    """The synthetic day's digest: ``pages`` page files in ``folder`` and each copy's stories."""
    folder.mkdir()
    sources, stories = [], []
    for i in range(pages):
        seed = SEEDS[i % len(SEEDS)]
        name = f"{i:04d}_{seed.name}"
        shutil.copyfile(seed, folder / name)
        sources.append(Source(str(folder / name), "ok"))
        for item in by_seed[seed.name]:
            story_id = hashlib.sha1(f"{name}\n{item.story.text}".encode()).hexdigest()[:12]
            stories.append(dataclasses.replace(item, story=dataclasses.replace(item.story, source=str(folder / name),
                                                                               id=story_id)))
    return assemble_digest(DAY, NOW, sources, stories)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages, _ = read_folder(ROOT / "seeds")
    by_seed = {Path(p.path).name: [summarize_story(s) for s in segment_page(p)] for p in pages}
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp, sync_playwright() as playwright:
        tmp = Path(tmp)
        folded = synthetic_digest(tmp / "in", args.pages, by_seed)
        with mock.patch.object(prominence, "reprint_pairs", lambda texts, **kw: []):
            distinct = synthetic_digest(tmp / "in-distinct", args.pages, by_seed)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for label, digest in (("folded", folded), ("distinct", distinct)):
            html = write_day(digest_files(digest, Settings()), tmp / f"out-{label}", DAY) / "digest.html"
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 375, "height": 812})
                start = time.perf_counter()
                page.goto(html.as_uri(), wait_until="load")
                seconds = time.perf_counter() - start
                offset = page.locator(".top li").first.evaluate("e => e.getBoundingClientRect().top + window.scrollY")
                stories = page.locator("article").count()
                page.close()
                print(f"{label:9} {args.pages} pages, {stories} stories shown, {html.stat().st_size / 2**20:.1f} MiB: "
                      f"load {seconds:.2f} s, first top story at {offset:.0f} px", flush=True)
                results.setdefault(label, []).append(round(seconds, 2))
        browser.close()
    print("BENCH " + json.dumps({"pages": args.pages, "load_s": results}))


if __name__ == "__main__":
    main()
