"""`make bench-scale`: throughput and peak memory of `digest run` on a synthetic day of many pages, with
the thread runner and with Dask at 1 and 2 worker processes.

The synthetic day reuses the five seed pages: page i is a copy of seed i mod 5, named ``NNNN_<seed name>``,
in a temporary folder (1,000 pages = 200 copies of each). Repeated pages make the run somewhat faster than a
day of 1,000 different pages would be: each worker process remembers jieba's HMM results and line joins
(``lexicon._MemoPOSTokenizer``, ``segment.continues``) after it has seen a page once.

Each run is ``digest run`` in a child process against one Prefect server on loopback (temporary
PREFECT_HOME, free port) started here first, so the server's start is not timed; a Dask run starts its
local cluster inside the timed run. Peak RSS is the largest sum of resident memory over the run's whole
process tree (the flow's process, the Dask scheduler in it, nannies and workers), sampled every 0.2 s;
the Prefect server's own memory is printed apart. Prints a table; the last line is ``BENCH {json}``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DIGEST = Path(sys.executable).parent / "digest"
DAY = "2026-11-21"
_STAMP = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d+) \|.*? - (Found|Wrote) ")


@dataclass
class Run:
    """One timed ``digest run``: wall seconds, peak RSS of its process tree (MiB), stories in the digest,
    seconds from the last page's stories to the files written (render + write, from the run's log), and
    the sizes of the written files (bytes)."""

    label: str
    pages: int
    seconds: float
    peak_rss_mb: float
    stories: int
    render_seconds: float | None
    sizes: dict[str, int]

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


def synthetic_day(folder: Path, pages: int) -> Path:
    """Fill ``folder`` with ``pages`` page files, page i a copy of seed page i mod 5; returns ``folder``."""
    folder.mkdir(parents=True)
    for i in range(pages):
        seed = SEEDS[i % len(SEEDS)]
        shutil.copyfile(seed, folder / f"{i:04d}_{seed.name}")
    return folder


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of ``process`` and all its descendants (processes that end meanwhile count 0)."""
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def _render_seconds(log: str) -> float | None:
    stamps = {}
    for line in log.splitlines():
        if m := _STAMP.match(line):
            stamps[m.group(4)] = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return stamps["Wrote"] - stamps["Found"] if {"Found", "Wrote"} <= stamps.keys() else None


def timed_run(label: str, folder: Path, out: Path, env: dict[str, str], runner_args: list[str]) -> Run:
    """Run ``digest run`` on ``folder`` with ``runner_args``, sampling the RSS of its process tree.
    Raises ``RuntimeError`` with the run's log when it fails or a page is missing from the digest."""
    pages = len(list(folder.glob("*.txt")))
    command = [str(DIGEST), "run", "--date", DAY, "--input", str(folder), "--output", str(out), *runner_args]
    log_path = out.with_suffix(".log")
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        process, peak = psutil.Process(child.pid), 0
        while child.poll() is None:
            peak = max(peak, tree_rss(process))
            time.sleep(0.2)
        seconds = time.perf_counter() - start
    text = log_path.read_text(encoding="utf-8", errors="replace")
    if child.returncode != 0:
        raise RuntimeError(f"{label}: digest run exited with {child.returncode}:\n{text[-3000:]}")
    record = json.loads((out / DAY / "digest.json").read_text(encoding="utf-8"))
    ok = sum(s["status"] == "ok" for s in record["sources"])
    if ok != pages:
        raise RuntimeError(f"{label}: {ok} of {pages} pages in the digest")
    sizes = {p.name: p.stat().st_size for p in sorted((out / DAY).iterdir())}
    return Run(label, pages, seconds, peak / 2**20, len(record["stories"]), _render_seconds(text), sizes)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages in the synthetic day (default 1000)")
    parser.add_argument("--small", type=int, default=100, help="pages of the small day for the time ratio (100)")
    parser.add_argument("--reference", action="store_true",
                        help="reference ranking mode (default: --fast, see the README's Scaling out)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        home, port = tmp / "prefect-home", _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_", "DASK_"))}
        env.update(PREFECT_HOME=str(home), PREFECT_SERVER_UI_ENABLED="false")
        os.environ.update(env)  # before Prefect is imported: the server below reads them too
        from flows.serve import local_server

        big = synthetic_day(tmp / "day-big", args.pages)
        small = synthetic_day(tmp / "day-small", args.small)
        mode = [] if args.reference else ["--fast"]
        print(f"synthetic day: {args.pages} pages (seed pages reused) in {big}; "
              f"{'reference' if args.reference else 'fast'} ranking; {os.cpu_count()} CPUs", flush=True)
        with local_server(port) as url:
            env["PREFECT_API_URL"] = url
            server = next(p for p in psutil.Process().children(recursive=True)
                          if any("server" in a for a in p.cmdline()))
            plan = [("thread", big, ["--task-runner", "thread"]),
                    ("dask 1 worker", big, ["--task-runner", "dask", "--dask-workers", "1"]),
                    ("dask 2 workers", small, ["--task-runner", "dask", "--dask-workers", "2"]),
                    ("dask 2 workers", big, ["--task-runner", "dask", "--dask-workers", "2"])]
            runs, server_peak = [], 0.0
            for n, (label, folder, runner_args) in enumerate(plan):
                run = timed_run(label, folder, tmp / f"out-{n}", env, runner_args + mode)
                runs.append(run)
                server_peak = max(server_peak, tree_rss(server) / 2**20)
                print(f"  {label:15} {run.pages:5} pages  {run.seconds:7.1f} s  {run.pages_per_s:6.2f} pages/s  "
                      f"peak RSS {run.peak_rss_mb:6.0f} MiB  {run.stories} stories  "
                      f"render+write {run.render_seconds or float('nan'):.1f} s", flush=True)
    thread, dask1, dask2_small, dask2 = runs
    print()
    print(f"{'runner':16}{'pages':>6}{'seconds':>9}{'pages/s':>9}{'peak RSS MiB':>14}")
    for run in runs:
        print(f"{run.label:16}{run.pages:6}{run.seconds:9.1f}{run.pages_per_s:9.2f}{run.peak_rss_mb:14.0f}")
    speedup = dask2.pages_per_s / dask1.pages_per_s
    ratio = dask2.seconds / dask2_small.seconds
    peak = max(r.peak_rss_mb for r in runs if r.pages == args.pages)
    print(f"\nDask 2 workers / 1 worker throughput: {speedup:.2f}x (target >= 1.7)")
    print(f"peak RSS at {args.pages} pages: {peak:.0f} MiB (target <= 1024); Prefect server apart: "
          f"{server_peak:.0f} MiB")
    print(f"time {args.pages} / {args.small} pages (dask 2 workers): {ratio:.2f} (target <= 11)")
    print(f"files of the {args.pages}-page digest: "
          + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in dask2.sizes.items()))
    print("BENCH " + json.dumps({
        "pages": args.pages, "pages_per_s_thread": round(thread.pages_per_s, 3),
        "pages_per_s_dask1": round(dask1.pages_per_s, 3), "pages_per_s_dask2": round(dask2.pages_per_s, 3),
        "peak_rss_mb": round(peak, 1), "time_ratio_1000_vs_100": round(ratio, 3),
    }))


if __name__ == "__main__":
    main()
