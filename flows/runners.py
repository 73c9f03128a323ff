"""Where the per-page tasks run: Prefect's thread pool in the flow's process, or a Dask cluster through
prefect-dask (a local cluster of worker processes, or an existing one by scheduler address).

Dask task runs report to the Prefect API from the worker processes, so they need a real Prefect server,
not the in-process ephemeral API: ``prefect_api`` starts or reuses the loopback one as ``digest serve`` does.
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from prefect import Task
from prefect.context import FlowRunContext
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from summarize.settings import Settings

T = TypeVar("T")

#: Pages submitted ahead per worker thread: enough that a worker never waits for the flow to hand it the
#: next page (a Dask task costs about 100 ms to ship), few enough that results do not pile up on workers.
PAGES_PER_SLOT = 4


def task_runner(settings: Settings) -> TaskRunner:
    """The task runner ``settings`` ask for: ``ThreadPoolTaskRunner`` for ``task_runner="thread"``; for
    ``"dask"`` a ``prefect_dask.DaskTaskRunner`` on the cluster at ``dask_address`` when set, else on a
    local cluster of ``dask_workers`` worker processes with one thread each (CPU-bound Python work gains
    nothing from more threads in a process), started with the flow run and closed after it."""
    if settings.task_runner == "thread":
        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1,
                                          "processes": True, "dashboard_address": None})


@contextlib.contextmanager
def prefect_api(settings: Settings) -> Iterator[str | None]:
    """Make sure a Dask run has a real Prefect API for the length of the block; yield its URL.

    With ``task_runner="thread"``, or when ``PREFECT_API_URL`` is already set (a server or Prefect Cloud
    of the user's), nothing changes. Otherwise the local server on ``127.0.0.1:settings.server_port`` is
    started or reused (``flows.serve.local_server``; a server started here stops on leaving the block).
    Raises ``RuntimeError`` when that server cannot be started.
    """
    url = PREFECT_API_URL.value()
    if settings.task_runner == "thread" or url:
        yield url
        return
    from flows.serve import local_server

    with local_server(settings.server_port) as url, temporary_settings(updates={PREFECT_API_URL: url}):
        try:
            yield url
        finally:
            APILogWorker.drain_all(timeout=5)  # the runs' last log lines reach the server before it stops


def slots() -> int:
    """How many tasks the current flow run's task runner runs at once: the worker threads of its Dask
    cluster, else the CPUs of this machine (threads share one interpreter, so more would only queue)."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    dask = sys.modules.get("prefect_dask")  # imported by task_runner() when a Dask runner was chosen
    if dask and isinstance(runner, dask.DaskTaskRunner):
        workers = runner.client.scheduler_info(n_workers=-1)["workers"].values()
        return max(1, sum(w.get("nthreads", 1) for w in workers))
    return os.cpu_count() or 1


def stream(task: Task[..., T], items: Iterable[Any], **options: Any) -> Iterator[tuple[Any, T | BaseException]]:
    """Run ``task(item, **options)`` for each of ``items`` on the current flow's task runner and yield
    ``(item, result)`` in the order of ``items``, or ``(item, exception)`` for a task that failed or was
    lost with its worker.

    At most ``PAGES_PER_SLOT * slots()`` tasks are in flight: each result is handed over and its future
    dropped (so Dask forgets it on the worker) before more are submitted, so memory holds a window of
    results, not the whole day twice.
    """
    window = PAGES_PER_SLOT * slots()
    pending: deque[tuple[Any, Any]] = deque()
    for item in items:
        pending.append((item, task.submit(item, **options)))
        if len(pending) >= window:
            yield _outcome(*pending.popleft())
    while pending:
        yield _outcome(*pending.popleft())


def _outcome(item: Any, future: Any) -> tuple[Any, Any]:
    try:
        return item, future.result(raise_on_failure=False)
    except Exception as exc:  # noqa: BLE001 - a lost worker (distributed's KilledWorker) fails its page only
        return item, exc


@contextlib.contextmanager
def dask_cluster(settings: Settings) -> Iterator[Settings]:
    """For the length of the block, ``settings`` with a Dask scheduler to use: unchanged unless they ask
    for a local Dask cluster (``task_runner="dask"``, no ``dask_address``); then one is started here —
    ``dask_workers`` worker processes, one thread each, no dashboard — its address put in ``dask_address``
    and the cluster closed on leaving. Several flow runs in the block (a backfill) share its warm workers
    instead of starting a cluster each."""
    if settings.task_runner != "dask" or settings.dask_address:
        yield settings
        return
    from distributed import LocalCluster

    with LocalCluster(n_workers=settings.dask_workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield settings.model_copy(update={"dask_address": cluster.scheduler_address})
