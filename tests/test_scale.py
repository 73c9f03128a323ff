"""`digest run --task-runner dask` against the thread runner on seed pages: the same digest, a broken page
reported in both, and the loopback Prefect server the Dask run started is gone afterwards (slow: it starts
a Prefect server and a Dask cluster)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.runners import MAX_PAGES_PER_TASK, batch_size
from flows.server import api_url, server_answers

from .conftest import free_port, seed

DIGEST = Path(sys.executable).parent / "digest"
DAY = "2026-11-21"


def _start(tmp_path: Path, name: str, pages: Path, port: int, *runner_args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_"))}
    env.update(PREFECT_HOME=str(tmp_path / f"prefect-{name}"), PREFECT_SERVER_UI_ENABLED="false",
               DIGEST_SERVER_PORT=str(port))
    return subprocess.Popen([str(DIGEST), "run", "--date", DAY, "--input", str(pages), "--output",
                             str(tmp_path / name), *runner_args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def _record(tmp_path: Path, name: str) -> dict:
    record = json.loads((tmp_path / name / DAY / "digest.json").read_text(encoding="utf-8"))
    del record["generated_at"]
    return record


@pytest.mark.system
def test_dask_runner_writes_the_same_digest_as_the_thread_runner(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    for prefix in ("000", "002", "004"):
        shutil.copy(seed(prefix), pages)
    (pages / "003_broken.txt").write_bytes(b"\x00\x00PK\x03\x04")
    port = free_port()
    runs = {"thread": _start(tmp_path, "thread", pages, port, "--task-runner", "thread"),
            "dask": _start(tmp_path, "dask", pages, port, "--task-runner", "dask", "--dask-workers", "1")}
    for name, process in runs.items():
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name} run failed:\n{output.decode(errors='replace')[-3000:]}"

    thread, dask = _record(tmp_path, "thread"), _record(tmp_path, "dask")
    assert [(s["path"].rsplit("/", 1)[1], s["status"]) for s in dask["sources"]] == \
        [("000_a29ede8d21290cff.txt", "ok"), ("002_6f541f42685eb922.txt", "ok"), ("003_broken.txt", "error"),
         ("004_e84c97175d4ef161.txt", "ok")]
    assert "binary" in dask["sources"][2]["error"]
    assert all(s["stories"] > 0 for s in dask["sources"] if s["status"] == "ok")
    assert dask["stories"] and dask == thread  # same stories, summaries, keywords and order
    assert (tmp_path / "dask" / DAY / "digest.eml").stat().st_size > 0
    assert not server_answers(api_url(port)), "the Dask run left its Prefect server running"


def test_pages_are_batched_so_every_worker_gets_several_tasks():
    assert batch_size(5, 2) == 1  # a small day: one page a task, both workers busy
    assert batch_size(80, 2) == 10
    assert batch_size(1000, 2) == MAX_PAGES_PER_TASK == 20
    assert batch_size(1000, 64) == 3
    assert batch_size(0, 2) == 1


@pytest.mark.system  # the flow's modules in a process of their own
def test_the_flows_process_loads_no_ranker_until_it_summarises_a_page():
    # With Dask workers the flow's process only assembles, renders and writes: jieba's dictionaries,
    # networkx and textrank4zh (about 80 MiB) stay in the workers.
    probe = ("import sys, flows.cli, flows.daily; "
             "print(sorted(m for m in ('jieba', 'networkx', 'scipy', 'textrank4zh') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
