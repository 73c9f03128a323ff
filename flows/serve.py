"""Deployments of the daily digest flow: serve it on a cron schedule from a local Prefect server on
127.0.0.1, and trigger a run of the served deployment now. Flow code lives in ``flows.daily``."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.types.entrypoint import EntrypointType

from summarize.settings import Settings

HOST = "127.0.0.1"
DEPLOYMENT_NAME = "daily"
DEPLOYMENT = f"daily-digest/{DEPLOYMENT_NAME}"


def api_url(port: int) -> str:
    """The Prefect API URL of the local server on ``127.0.0.1:port``."""
    return f"http://{HOST}:{port}/api"


def server_answers(url: str, timeout: float = 2.0) -> bool:
    """True when a Prefect API at ``url`` answers its health check within ``timeout`` seconds."""
    try:
        return httpx.get(f"{url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _stop(process: subprocess.Popen, grace: float) -> None:
    # The server runs in its own session, so its whole process group is ours to stop.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def local_server(port: int, *, start_timeout: float = 90.0, stop_timeout: float = 15.0) -> Iterator[str]:
    """Yield the API URL of a Prefect server on ``127.0.0.1:port``.

    Reuses a server that already answers there (and leaves it running); otherwise starts
    ``prefect server start`` (SQLite database in ``PREFECT_HOME``) as a subprocess and, on leaving the
    block, stops it (SIGTERM, then SIGKILL after ``stop_timeout`` seconds). Raises ``RuntimeError`` when
    the started server exits or does not answer within ``start_timeout`` seconds.
    """
    url = api_url(port)
    if server_answers(url):
        yield url
        return
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)],
        start_new_session=True,  # Ctrl-C reaches us only; we stop the server after the runner
    )
    try:
        deadline = time.monotonic() + start_timeout
        while not server_answers(url, timeout=1.0):
            if process.poll() is not None:
                raise RuntimeError(f"prefect server on {HOST}:{port} exited with code {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"prefect server on {HOST}:{port} did not answer within {start_timeout:.0f} s")
            time.sleep(0.5)
        yield url
    finally:
        _stop(process, stop_timeout)


def _exit_on_sigterm(signum, frame) -> None:
    # SystemExit unwinds the `with` blocks, so the server we started is stopped too.
    sys.exit(128 + signum)


def serve(settings: Settings, *, send: bool | None = None) -> None:
    """Serve the flow as deployment ``daily-digest/daily`` until Ctrl-C or SIGTERM.

    Runs on ``settings.schedule_cron`` in ``settings.timezone`` against the local server on
    ``settings.server_port`` (started or reused, see ``local_server``), with the input and output folders
    fixed as absolute paths and ``send`` (None: each run reads the ``send`` setting) as parameters; one
    run at a time. On stop, a server started here is stopped too.
    """
    from flows.daily import daily_digest

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with local_server(settings.server_port) as url, temporary_settings(updates={PREFECT_API_URL: url}):
        daily_digest.serve(
            name=DEPLOYMENT_NAME,
            schedules=[Cron(settings.schedule_cron, timezone=settings.timezone)],
            parameters={"input_dir": str(Path(settings.input_dir).resolve()),
                        "output_dir": str(Path(settings.output_dir).resolve()), "send": send},
            entrypoint_type=EntrypointType.MODULE_PATH,
            limit=1,  # one run at a time, so a scheduled and a triggered run cannot both send
        )


def trigger(settings: Settings, *, date: str | None = None, wait: bool = True) -> FlowRun:
    """Ask the served deployment ``daily-digest/daily`` for a run now, for ``date`` (``YYYY-MM-DD``;
    default today), through the local server on ``settings.server_port``.

    With ``wait``, blocks until the run finishes; returns the flow run (its ``state`` says how it ended).
    Raises ``RuntimeError`` when no server answers (``digest serve`` is not running).
    """
    url = api_url(settings.server_port)
    if not server_answers(url):
        raise RuntimeError(f"no Prefect server answers at {url}; start `digest serve` first")
    with temporary_settings(updates={PREFECT_API_URL: url}):
        return run_deployment(DEPLOYMENT, parameters={"date": date} if date else {}, timeout=None if wait else 0,
                              poll_interval=2, as_subflow=False)


if __name__ == "__main__":
    serve(Settings())
