"""`make bench-scale`: throughput and peak memory of `digest run` on a synthetic day of many pages, with
the thread runner and with Dask at 1 and 2 worker processes.

The synthetic day reuses the five seed pages: page i is a copy of seed i mod 5, named ``NNNN_<seed name>``,
in a temporary folder (1,000 pages = 200 copies of each). Repeated pages make the run somewhat faster than a
day of 1,000 different pages would be: each worker process remembers jieba's HMM results and line joins
(``lexicon._MemoPOSTokenizer``, ``continuity.continues``) after it has seen a page once.

Each run is ``digest run --no-cache`` (every page processed: the runs share one PREFECT_HOME and so one
page cache) in a child process against one Prefect server on loopback (temporary PREFECT_HOME, free port)
started here first, so the server's start is not timed; a Dask run starts its
local cluster inside the timed run. Peak RSS is the largest sum of resident memory over the run's whole
process tree (the flow's process, the Dask scheduler in it, nannies and workers), sampled every 0.2 s;
the Prefect server's own memory is printed apart. Prints a table; the last line is ``BENCH {json}``.

``--cache`` and ``--cli`` measure other things instead (see ``cache_bench`` and ``cli_bench``): a re-run
of the same day against the first, and what ``digest run`` costs beside a trivial Prefect flow.
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
_STAMP = re.compile(r"^(\d\d):(\d\d):(\d\d\.\d+) \|.*? - (Reading|Found|Wrote) ")
#: A trivial Prefect flow, timed beside ``digest run`` to show what Prefect itself costs.
TRIVIAL_FLOW = "from prefect import flow\n@flow(name='trivial')\ndef trivial():\n    return 1\ntrivial()\n"


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


def _stamps(log: str) -> dict[str, float]:
    stamps = {}
    for line in log.splitlines():
        if m := _STAMP.match(line):
            stamps[m.group(4)] = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    return stamps


def _render_seconds(log: str) -> float | None:
    stamps = _stamps(log)
    return stamps["Wrote"] - stamps["Found"] if {"Found", "Wrote"} <= stamps.keys() else None


def page_seconds(log: str) -> float | None:
    """Seconds from the run's "Reading N pages" line to its "Found … stories" line: the pages' time."""
    stamps = _stamps(log)
    return stamps["Found"] - stamps["Reading"] if {"Reading", "Found"} <= stamps.keys() else None


def progress_lines_before_found(log: str) -> int:
    """The run's "Pages: …" progress lines before its "Found … stories" line."""
    lines = log.split(" - Found ", 1)[0].splitlines()
    return sum(" - Pages: " in line for line in lines)


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
                        help="reference ranking mode (default: --ranking-mode fast, see the README's Scaling out)")
    parser.add_argument("--cache", action="store_true",
                        help="instead: page-processing time of a first and a second run of the same synthetic day "
                             "(--pages, default here 300), then of a run after one page changed, thread runner")
    parser.add_argument("--cli", action="store_true",
                        help="instead: wall time of `digest run` on the seed day beside a trivial Prefect flow, "
                             "median of --repeat, with Prefect's ephemeral API and against a running server")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each command for --cli (3)")
    args = parser.parse_args()
    if args.cache or args.cli:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            (cache_bench if args.cache else cli_bench)(args, Path(tmp))
        return

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp = Path(tmp)
        home, port = tmp / "prefect-home", _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_", "DASK_"))}
        env.update(PREFECT_HOME=str(home), PREFECT_SERVER_UI_ENABLED="false")
        os.environ.update(env)  # before Prefect is imported: the server below reads them too
        from flows.server import local_server

        big = synthetic_day(tmp / "day-big", args.pages)
        small = synthetic_day(tmp / "day-small", args.small)
        # every run processes every page: the runs share one PREFECT_HOME, whose page cache would otherwise
        # hand the second run the first one's results
        mode = ["--no-cache"] + ([] if args.reference else ["--ranking-mode", "fast"])
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


def _environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_", "DASK_"))}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_UI_ENABLED="false", **extra)
    return env


def cache_bench(args: argparse.Namespace, tmp: Path) -> None:
    """``--cache``: the same day run twice, then once more after one page changed (thread runner, one
    loopback server started first). Pages recomputed are counted as results newly written to Prefect's
    result storage ($PREFECT_HOME/storage): a page taken from the cache writes none."""
    pages = args.pages if args.pages != 1000 else 300
    home = tmp / "prefect-home"
    env = _environment(home)
    os.environ.update(env)
    from flows.server import local_server

    day = synthetic_day(tmp / "day", pages)
    mode = [] if args.reference else ["--ranking-mode", "fast"]
    storage = home / "storage"
    print(f"synthetic day: {pages} pages (seed pages reused); {'reference' if args.reference else 'fast'} ranking; "
          f"thread runner; {os.cpu_count()} CPUs", flush=True)
    rows = []
    with local_server(_free_port()) as url:
        env["PREFECT_API_URL"] = url
        for n, label in enumerate(("first run", "second run", "one page changed")):
            if n == 2:
                changed = sorted(day.glob("*.txt"))[7]
                changed.write_text(changed.read_text(encoding="utf-8") + "\n本报讯 记者补充的一段新闻。\n", encoding="utf-8")
            before = len(list(storage.glob("*"))) if storage.is_dir() else 0
            run = timed_run(label, day, tmp / f"out-{n}", env, ["--task-runner", "thread", *mode])
            log = (tmp / f"out-{n}").with_suffix(".log").read_text(encoding="utf-8", errors="replace")
            recomputed = len(list(storage.glob("*"))) - before
            rows.append((label, run, page_seconds(log), recomputed, progress_lines_before_found(log)))
            print(f"  {label:17} wall {run.seconds:6.1f} s  pages {page_seconds(log):6.1f} s  "
                  f"recomputed {recomputed:4} pages  progress lines before 'Found': {rows[-1][4]}", flush=True)
    print(f"\n{'run':18}{'wall s':>8}{'pages s':>9}{'recomputed':>12}{'progress lines':>16}")
    for label, run, seconds, recomputed, lines in rows:
        print(f"{label:18}{run.seconds:8.1f}{seconds:9.1f}{recomputed:12}{lines:16}")
    first, second, changed = (r[2] for r in rows)
    print(f"\nsecond / first run, page-processing time: {second / first:.3f} (target <= 0.25)")
    print(f"after one page changed: {rows[2][3]} page(s) recomputed (target 1)")
    print("BENCH " + json.dumps({"pages": pages, "first_page_seconds": round(first, 2),
                                 "second_page_seconds": round(second, 2), "ratio": round(second / first, 4),
                                 "changed_recomputed": rows[2][3], "progress_lines_first": rows[0][4]}))


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command} exited with {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds, done.stderr


def cli_bench(args: argparse.Namespace, tmp: Path) -> None:
    """``--cli``: ``digest run`` on the seed day (its pages cached by an untimed first run, and with
    ``--no-cache``) beside a trivial Prefect flow, each ``--repeat`` times: with Prefect's ephemeral API
    (each process starts its own) and against a Prefect server already running on loopback (``digest
    run`` finds it on the serve port; the trivial flow is given PREFECT_API_URL)."""
    import statistics

    home = tmp / "prefect-home"
    os.environ.update(_environment(home))
    from flows.server import local_server

    port = _free_port()
    digest = [str(DIGEST), "run", "--date", DAY, "--input", str(ROOT / "seeds"), "--output", str(tmp / "out")]
    trivial = [sys.executable, "-c", TRIVIAL_FLOW]
    ephemeral = _environment(home, DIGEST_SERVER_PORT=str(_free_port()))  # nothing answers there
    print(f"seed day ({len(SEEDS)} pages), {os.cpu_count()} CPUs, median of {args.repeat}", flush=True)
    _timed(digest, ephemeral)  # untimed: fills the page cache and Prefect's database
    medians = {}
    with local_server(port) as url:
        served = _environment(home, DIGEST_SERVER_PORT=str(port))
        plan = [("digest run", "ephemeral", digest, ephemeral),
                ("trivial flow", "ephemeral", trivial, ephemeral),
                ("digest run", "server", digest, served),
                ("trivial flow", "server", trivial, {**served, "PREFECT_API_URL": url}),
                ("digest run --no-cache", "ephemeral", digest + ["--no-cache"], ephemeral),
                ("digest run --no-cache", "server", digest + ["--no-cache"], served)]
        for label, api, command, env in plan:
            times = []
            for _ in range(args.repeat):
                seconds, stderr = _timed(command, env)
                if label.startswith("digest") and (api == "server") != ("already answers" in stderr):
                    raise RuntimeError(f"{label} on {api}: wrong API; stderr:\n{stderr[-2000:]}")
                times.append(seconds)
            medians[label, api] = statistics.median(times)
            print(f"  {label:23} {api:10} " + "  ".join(f"{t:6.1f}" for t in times)
                  + f"   median {medians[label, api]:6.1f} s", flush=True)
    print(f"\n{'median wall s':24}{'ephemeral':>10}{'server':>10}")
    for label in ("digest run", "trivial flow", "digest run --no-cache"):
        print(f"{label:24}{medians[label, 'ephemeral']:10.1f}{medians[label, 'server']:10.1f}")
    extra_e = medians["digest run", "ephemeral"] - medians["trivial flow", "ephemeral"]
    extra_s = medians["digest run", "server"] - medians["trivial flow", "server"]
    saved = medians["digest run", "ephemeral"] - medians["digest run", "server"]
    print(f"\ndigest run - trivial flow: {extra_e:+.1f} s ephemeral, {extra_s:+.1f} s server (target <= 1)")
    print(f"digest run, ephemeral - server: {saved:.1f} s (target >= 3)")
    print("BENCH " + json.dumps({f"{label}|{api}": round(v, 2) for (label, api), v in medians.items()}))


if __name__ == "__main__":
    main()
