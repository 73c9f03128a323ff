"""The local Prefect API server on 127.0.0.1: started by this process (and dying with it), or found
already answering. Used by ``flows.runners`` (a run's API) and ``flows.serve`` (``digest serve``)."""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

HOST = "127.0.0.1"


def api_url(port: int) -> str:
    """The Prefect API URL of the local server on ``127.0.0.1:port``."""
    return f"http://{HOST}:{port}/api"


def server_answers(url: str, timeout: float = 2.0) -> bool:
    """True when a Prefect API at ``url`` answers its health check within ``timeout`` seconds."""
    try:
        return httpx.get(f"{url}/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def _die_with_this_process() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child get SIGKILL when this process ends, however it ends (kill -9
    included): Linux's ``prctl(PR_SET_PDEATHSIG)``. None elsewhere. Linux sends the signal when the
    *thread* that started the child ends, so start such children from the main thread."""
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up here: the child only calls it
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # this process died before the call: nothing would signal the child
            os._exit(1)

    return preexec


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _start(command: list[str], **popen: Any) -> subprocess.Popen:
    # Its own session: Ctrl-C reaches us only, and we stop the server after the runner.
    return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_this_process(), **popen)


def _wait_until_answering(process: subprocess.Popen, url: str, start_timeout: float) -> None:
    deadline = time.monotonic() + start_timeout
    while not server_answers(url, timeout=1.0):
        if process.poll() is not None:
            raise RuntimeError(f"prefect server at {url} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"prefect server at {url} did not answer within {start_timeout:.0f} s")
        time.sleep(0.5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def ephemeral_server(*, start_timeout: float | None = None, stop_timeout: float = 15.0) -> Iterator[str]:
    """Yield the API URL of a Prefect API server of this process only, on a free port of 127.0.0.1.

    It is Prefect's ephemeral server (the uvicorn command of ``prefect.server.api.server.
    SubprocessASGIServer``, database in ``PREFECT_HOME``), started here rather than by Prefect so that it
    cannot outlive this process: on Linux it gets SIGKILL when this process dies, even by kill -9 (see
    ``_die_with_this_process``); on leaving the block it is stopped (SIGTERM, then SIGKILL after
    ``stop_timeout`` seconds). Waits ``start_timeout`` seconds for it to answer (default: Prefect's
    ``server.ephemeral.startup_timeout_seconds``, 300 as ``flows`` sets it). Raises ``RuntimeError`` when it
    exits or does not answer in time.
    """
    import prefect
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, get_current_settings

    port = _free_port()
    url = api_url(port)
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           **get_current_settings().to_environment_variables(exclude_unset=True)}
    process = _start([sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
                      "prefect.server.api.server:create_app", "--host", HOST, "--port", str(port),
                      "--log-level", "error", "--lifespan", "on"], env=env)
    try:
        _wait_until_answering(process, url, start_timeout or PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
        yield url
    finally:
        _stop(process, stop_timeout)


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
    block, stops it (SIGTERM, then SIGKILL after ``stop_timeout`` seconds); on Linux a server started here
    also dies with this process, even by kill -9 (``_die_with_this_process``). Raises ``RuntimeError``
    when the started server exits or does not answer within ``start_timeout`` seconds.
    """
    url = api_url(port)
    if server_answers(url):
        yield url
        return
    # Its banner (stdout) would bury what `digest serve` prints; its errors go to stderr.
    process = _start([sys.executable, "-m", "prefect", "server", "start", "--host", HOST, "--port", str(port)],
                     stdout=subprocess.DEVNULL)
    try:
        _wait_until_answering(process, url, start_timeout)
        yield url
    finally:
        _stop(process, stop_timeout)
