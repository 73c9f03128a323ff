"""Time and memory of one oversized page (issue 13, row 3): ``.venv/bin/python bench/big_page.py``.

Builds, in a temporary folder, pages from the seed text repeated: a 4.9 MB page (under the 5 MiB size
limit) as one punctuated line, the same unpunctuated (Chinese characters and digits only), the seed
pages one after another with their lines (the segmenter's hardest case: its time grows faster than the
page), and each cut to ``--chars`` characters (default: the ``max_page_chars`` setting). For each it times, in this process,
``pages.summarize_page`` (read, decode, segment, summarise; the page over the work limit is refused) and
rendering that page's digest (``in_memory.render_files``: HTML, text, email, JSON). With ``--run`` it also
times a whole ``digest run`` (Prefect server start included) over the five seed pages plus both 4.9 MB
pages. Prints one line per page; the last line is ``BENCH {json}``. Timings depend on the machine's load.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarize import pages
from in_memory import render_files
from summarize.assemble import assemble_digest
from summarize.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SIZE = 4_900_000


def _pages(folder: Path, chars: int) -> dict[str, Path]:
    lines = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    text = re.sub(r"\s+", "", lines)
    bare = re.sub(r"[^\u4e00-\u9fff0-9]", "", text)
    made = {}
    for name, line in (("punctuated", text), ("unpunctuated", bare), ("seed lines", lines + "\n")):
        whole = (line * (SIZE // len(line.encode()) + 1)).encode()[:SIZE].decode("utf-8", "ignore")
        for label, content in ((f"{name} 4.9 MB", whole), (f"{name} {chars:,} chars", whole[:chars])):
            path = folder / f"{len(made):03d}_{label.replace(' ', '_')}.txt"
            path.write_text(content, encoding="utf-8")
            made[label] = path
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=Settings().max_page_chars, help="characters of the cut pages")
    parser.add_argument("--run", action="store_true", help="also time a whole `digest run` with the 4.9 MB pages")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        made = _pages(folder, args.chars)
        now = dt.datetime.now(dt.timezone.utc)
        for label, path in made.items():
            start = time.perf_counter()
            source, summaries = pages.summarize_page(path, Settings().page_options())
            digested = time.perf_counter() - start
            start = time.perf_counter()
            files = render_files(assemble_digest(now.date(), now, [source], summaries), Settings())
            rendered = time.perf_counter() - start
            results[label] = {"bytes": path.stat().st_size, "status": source.status, "digest_s": round(digested, 2),
                              "render_s": round(rendered, 2), "html_bytes": len(files["digest.html"])}
            print(f"{label:32} {source.status:5} summarize_page {digested:6.2f} s  render {rendered:6.2f} s  "
                  f"{source.error or f'{len(summaries)} stories'}", flush=True)
        if args.run:
            day = Path(tmp) / "in"
            day.mkdir()
            for p in SEEDS:
                shutil.copy(p, day)
            for label in ("punctuated 4.9 MB", "unpunctuated 4.9 MB"):
                shutil.copy(made[label], day / made[label].name)
            start = time.perf_counter()
            done = subprocess.run([str(Path(sys.executable).parent / "digest"), "run", "--date", "2026-11-21",
                                   "--input", str(day), "--output", str(Path(tmp) / "out")], capture_output=True)
            results["digest run"] = {"seconds": round(time.perf_counter() - start, 1), "exit": done.returncode}
            print(f"digest run, 5 seed pages + both 4.9 MB pages: exit {done.returncode}, "
                  f"{results['digest run']['seconds']} s", flush=True)
    results["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print("BENCH " + json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
