"""`digest serve` against a real Prefect server on loopback: the deployment, a triggered run, a clean stop."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterType, FlowRunFilter,
                                            FlowRunFilterName, LogFilter)
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows import server as server_module
from flows.serve import DEPLOYMENT
from flows.server import api_url, local_server, server_answers

from .conftest import ROOT, free_port, seed

DIGEST = Path(sys.executable).parent / "digest"


def _deployment(url: str):
    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        try:
            return client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            return None


@pytest.fixture
def served(tmp_path):
    """`digest serve` started in a fresh PREFECT_HOME on a free port; yields (process, port, env, out)."""
    yield from _serve(tmp_path)


def _serve(tmp_path, *flags: str, **settings: str):
    """Start `digest serve` with ``flags`` and ``DIGEST_*`` ``settings``; yield (process, port, env, out)
    once its deployment exists, and kill what is left of it afterwards."""
    port = free_port()
    (tmp_path / "in").mkdir()
    shutil.copy(seed("001"), tmp_path / "in")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_UI_ENABLED="false",
               PREFECT_RUNNER_POLL_FREQUENCY="2", DIGEST_SERVER_PORT=str(port),
               DIGEST_INPUT_DIR=str(tmp_path / "in"), DIGEST_OUTPUT_DIR=str(tmp_path / "out"),
               **{f"DIGEST_{name.upper()}": value for name, value in settings.items()})
    log = open(tmp_path / "serve.log", "wb")
    # Started in a folder of its own: the deployment must not depend on the working directory.
    process = subprocess.Popen([str(DIGEST), "serve", *flags], cwd=tmp_path, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = api_url(port)
    try:
        deadline = time.monotonic() + 120
        while not (server_answers(url) and _deployment(url) is not None):
            assert process.poll() is None, (tmp_path / "serve.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "no deployment after 120 s:\n" + (tmp_path / "serve.log").read_text()
            time.sleep(1)
        yield process, port, env, tmp_path / "out"
    finally:
        for child in psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []:
            child.kill()
        process.kill()
        process.wait()
        log.close()


@pytest.mark.system
def test_serve_schedules_triggers_and_stops_cleanly(served, monkeypatch):
    process, port, env, out = served
    url = api_url(port)
    deployment = _deployment(url)
    (schedule,) = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 7 * * *", "Asia/Shanghai")
    assert schedule.active and not deployment.paused
    for _ in range(60):  # printed just after the deployment is made
        shown = (out.parent / "serve.log").read_text(encoding="utf-8")
        if "UI:" in shown:
            break
        time.sleep(1)
    assert f"digests:   {out}" in shown and "UI:        http://127.0.0.1:" in shown, shown
    assert re.search(r"next run:  20\d\d-\d\d-\d\d 07:00 CST \(0 7 \* \* \* in Asia/Shanghai\)", shown), shown
    assert deployment.parameters["output_dir"] == str(out)

    # A second `digest serve` would reuse the running server rather than start one.
    with monkeypatch.context() as patch:
        patch.setattr(server_module.subprocess, "Popen", None)
        with local_server(port) as reused:
            assert reused == url

    done = subprocess.run([str(DIGEST), "trigger", "--date", "2026-11-21"], env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Completed" in done.stdout
    record = json.loads((out / "2026-11-21" / "digest.json").read_text(encoding="utf-8"))
    assert record["date"] == "2026-11-21" and record["stories"]
    assert [s["status"] for s in record["sources"]] == ["ok"]
    assert "2026-11-21/digest.html" in (out / "index.html").read_text(encoding="utf-8")
    _check_the_run_in_prefect(url, deployment, f"Found {len(record['stories'])} stories on 1 of 1 pages")

    # `digest run` finds the served server on its port and uses it instead of starting one.
    done = subprocess.run([str(DIGEST), "run", "--date", "2026-11-23", "--input", str(out.parent / "in"), "--output",
                           str(out.parent / "out-run")], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"digest: using the Prefect API at {url} (a Prefect server already answers there)\n" in done.stderr
    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=["digest-2026-11-23"])))
        assert run.state.is_completed() and run.deployment_id is None
        for _ in range(30):  # its INFO lines reach the server too
            info = [log.message for log in client.read_logs(LogFilter(flow_run_id={"any_": [run.id]}))
                    if log.level == logging.INFO]
            if any(m.startswith("Wrote ") for m in info):
                break
            time.sleep(1)
        assert any(m.startswith("Found ") for m in info) and any(m.startswith("Wrote ") for m in info), info

    # `prefect deployment run` reaches the same deployment.
    cli_env = {**env, "PREFECT_API_URL": url}
    done = subprocess.run([sys.executable, "-m", "prefect", "deployment", "run", DEPLOYMENT, "--param",
                           "date=2026-11-22", "--watch", "--watch-interval", "1", "--watch-timeout", "150"],
                          env=cli_env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "2026-11-22" / "digest.json").is_file()

    started = psutil.Process(process.pid).children(recursive=True)
    assert any("server" in " ".join(p.cmdline()) for p in started)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    gone, alive = psutil.wait_procs(started, timeout=30)
    assert not alive, [p.cmdline() for p in alive]
    assert not server_answers(url)


def _check_the_run_in_prefect(url: str, deployment, found: str) -> None:
    """What Prefect's client reads back of the served run of 2026-11-21: its name, tags, INFO lines and
    progress artifact; and what the deployment promises: one run at a time, a described, typed date."""
    assert deployment.global_concurrency_limit.limit == 1 and "news-digest" in deployment.tags
    schema = deployment.parameter_openapi_schema["properties"]
    assert all(p.get("description") for p in schema.values()), schema
    assert {"format": "date", "type": "string"} in schema["date"]["anyOf"]
    with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:
        (run,) = client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=["digest-2026-11-21"])))
        assert run.state.is_completed() and "news-digest" in run.tags
        lines = []
        for _ in range(60):  # log lines arrive in batches; the run's last ones may still be on their way
            lines = [(log.level, log.message) for log in client.read_logs(LogFilter(flow_run_id={"any_": [run.id]}))]
            if any(found in message for _, message in lines) and any(m.startswith("Wrote ") for _, m in lines):
                break  # the run's last INFO line is the one naming what it wrote
            time.sleep(1)
        info = [message for level, message in lines if level == logging.INFO]
        assert any(m.startswith("Reading 1 pages for 2026-11-21") for m in info), lines
        assert "Pages: 1 of 1 (100%)" in "\n".join(info) and found in "\n".join(info), lines
        assert any(m.startswith("Wrote ") for m in info), lines
        (progress,) = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]), type=ArtifactFilterType(any_=["progress"])))
        assert progress.key == "digest-pages" and float(progress.data) == 100.0
        assert progress.description == "Pages of 2026-11-21: 1 of 1 done"
        # Prefect's server does not check a string's format (its jsonschema.validate is given no format
        # checker), so a date that is none is refused by the flow's typed parameter, before any work.
        bad = client.create_flow_run_from_deployment(deployment.id, parameters={"date": "2026-13-40"})
        for _ in range(180):
            bad = client.read_flow_run(bad.id)
            if bad.state.is_final():
                break
            time.sleep(1)
        assert bad.state.is_failed() and "date" in bad.state.message, bad.state


def _flow_run_states(prefect_home: Path) -> dict[str, str]:
    """``{flow run id: state type}`` read from the SQLite database in ``prefect_home`` (the server is gone)."""
    with contextlib.closing(sqlite3.connect(prefect_home / "prefect.db")) as db:
        return {str(run_id): state for run_id, state in db.execute("SELECT id, state_type FROM flow_run")}


@pytest.mark.system
def test_sigterm_during_a_run_ends_the_run_and_every_process(tmp_path):
    # An SMTP server that never answers: the run waits in its send until something ends it.
    with socket.socket() as tarpit:
        tarpit.bind(("127.0.0.1", 0))
        tarpit.listen(8)
        serving = _serve(tmp_path, "--send", smtp_host="127.0.0.1", smtp_port=str(tarpit.getsockname()[1]),
                         smtp_security="none", smtp_timeout="900", send_retries="0")
        process, port, env, out = next(serving)
        try:
            done = subprocess.run([str(DIGEST), "trigger", "--date", "2026-11-21", "--no-wait"], env=env,
                                  capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, done.stdout + done.stderr
            deadline = time.monotonic() + 240
            while not (out / "2026-11-21" / "digest.eml").is_file():  # written: the run is in its send
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text(errors="replace")
                time.sleep(1)
            family = psutil.Process(process.pid).children(recursive=True)
            assert len(family) >= 2  # the Prefect server and the flow run's process
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=120)
            gone, alive = psutil.wait_procs(family, timeout=60)
            assert not alive, [p.cmdline() for p in alive]
        finally:
            next(serving, None)
    states = _flow_run_states(tmp_path / "prefect-home")
    assert list(states.values()) in (["CRASHED"], ["CANCELLED"]), states


def test_prefect_yaml_has_the_settings_schedule_and_serves_one_run_at_a_time():
    from summarize.settings import Settings

    from flows.daily import TAGS, daily_digest

    (deployment,) = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    settings = Settings(_env_file=None)
    assert deployment["schedules"] == [{"cron": settings.schedule_cron, "timezone": settings.timezone}]
    assert deployment["concurrency_limit"] == 1 and deployment["tags"] == TAGS
    assert daily_digest.timeout_seconds == settings.flow_timeout == 7200
    path, name = deployment["entrypoint"].split(":")
    assert (ROOT / path).is_file() and f"def {name}(" in (ROOT / path).read_text(encoding="utf-8")


@pytest.mark.system
def test_a_run_started_by_a_process_worker_logs_the_flows_info_lines(tmp_path, monkeypatch):
    # prefect.yaml as a Prefect user deploys it: `prefect deploy --all` from the project folder and a process
    # worker spawning the run.
    port = free_port()
    url = api_url(port)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_UI_ENABLED="false")
    monkeypatch.setenv("PREFECT_HOME", env["PREFECT_HOME"])  # for local_server's `prefect server start` below
    with local_server(port):
        env["PREFECT_API_URL"] = url
        prefect = [sys.executable, "-m", "prefect", "--no-prompt"]
        for command in (["work-pool", "create", "digest", "--type", "process"], ["deploy", "--all"]):
            done = subprocess.run(prefect + command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr
        worker_log = open(tmp_path / "worker.log", "wb")
        worker = subprocess.Popen(prefect + ["worker", "start", "--pool", "digest"], cwd=tmp_path, env=env,
                                  stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            done = subprocess.run(prefect + ["deployment", "run", DEPLOYMENT, "--param", "date=2026-11-21",
                                             "--param", f"output_dir={tmp_path / 'out'}", "--watch",
                                             "--watch-timeout", "280"],
                                  cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stdout + done.stderr + (tmp_path / "worker.log").read_text()
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
            worker_log.close()
        with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:
            (run,) = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=["digest-2026-11-21"])))
            for _ in range(30):
                info = [log.message for log in client.read_logs(LogFilter(flow_run_id={"any_": [run.id]}))
                        if log.level == logging.INFO]
                if any(m.startswith("Wrote ") for m in info):
                    break
                time.sleep(1)
        assert any(re.match(r"Found \d+ stories on 5 of 5 pages", m) for m in info), info
        assert "Pages: 5 of 5 (100%)" in "\n".join(info) and any(m.startswith("Wrote ") for m in info), info
        shown = (tmp_path / "worker.log").read_text(encoding="utf-8")
        assert " - Found " in shown and "Beginning flow run" not in shown, shown
