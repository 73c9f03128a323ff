"""Where the per-page tasks run: Prefect's thread pool in the flow's process, or a Dask cluster through
prefect-dask (a local cluster of worker processes, or an existing one by scheduler address).

Dask task runs report to the Prefect API from the worker processes, so they need a real Prefect server:
``prefect_api`` starts or reuses the loopback one as ``digest serve`` does (for threads, an ephemeral one).
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from prefect import Task
from prefect.context import FlowRunContext
from prefect.logging.handlers import APILogWorker
from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from summarize.settings import Settings

from flows.server import api_url, ephemeral_server, local_server, server_answers

T = TypeVar("T")

#: Tasks in flight per worker thread: one running, one queued behind it, so a worker never waits for the
#: flow to hand it work (a Dask task costs about 100 ms to ship), and results do not pile up on workers.
TASKS_PER_SLOT = 2
#: Most pages per task: enough to spread a task's cost (Prefect API calls and client, shipping: about 8%
#: of a worker's time at 10 pages a task, sampled with py-spy) over many pages, few enough that a day
#: splits into several tasks per worker and a lost worker costs few pages (about 5 s of work each).
MAX_PAGES_PER_TASK = 20


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
def prefect_api(settings: Settings) -> Iterator[tuple[str | None, str | None]]:
    """Give the runs of the block a Prefect API; yield ``(url, how)``, ``how`` saying why that API when it
    is one that was already there (None for one started here).

    In order: the API at ``PREFECT_API_URL`` when set (a server or Prefect Cloud of the user's); a Prefect
    server that already answers on ``127.0.0.1:settings.server_port`` (``digest serve``'s, say), which
    saves the start of one; otherwise, with ``task_runner="thread"``, Prefect's ephemeral API server
    started here (``flows.server.ephemeral_server``: Prefect's own would outlive a killed process), and
    with Dask, whose task runs report from the worker processes, ``prefect server start`` on that port
    (``flows.server.local_server``). A server started here stops on leaving the block, and on Linux dies
    with this process however it ends. Yields ``(None, None)``, changing nothing, when Prefect's ephemeral
    mode is turned off and no server answers. Raises ``RuntimeError`` when a server cannot be started.
    """
    url = PREFECT_API_URL.value()
    if url:
        yield url, "PREFECT_API_URL"
        return
    running = api_url(settings.server_port)
    if server_answers(running, timeout=1.0):
        with temporary_settings(updates={PREFECT_API_URL: running}):
            try:
                yield running, "a Prefect server already answers there"
            finally:
                APILogWorker.drain_all(timeout=5)
        return
    if settings.task_runner == "thread" and not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield None, None
        return
    server = ephemeral_server() if settings.task_runner == "thread" else local_server(settings.server_port)
    with server as url, temporary_settings(updates={PREFECT_API_URL: url}):
        try:
            yield url, None
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


def stream(task: Task[..., list[T]], items: Sequence[Any], **options: Any) -> Iterator[tuple[Any, T | BaseException]]:
    """Run ``task(batch, **options)`` over ``items`` cut into batches on the current flow's task runner
    (``batch_size`` on Dask; one item a task on threads, which ship nothing, so each page is reported
    as it finishes), where ``task`` returns one result per item of its batch in order; yield
    ``(item, result)`` in the order of ``items``, or ``(item, exception)`` for every item of a task that
    failed or was lost with its worker.

    At most ``TASKS_PER_SLOT * slots()`` tasks are in flight: each result is handed over and its future
    dropped (so Dask forgets it on the worker) before more are submitted, so memory holds a window of
    results, not the whole day twice.
    """
    workers = slots()
    context = FlowRunContext.get()
    threads = context is None or isinstance(context.task_runner, ThreadPoolTaskRunner)
    size = 1 if threads else batch_size(len(items), workers)
    pending: deque[tuple[Sequence[Any], Any]] = deque()
    for start in range(0, len(items), size):
        batch = items[start:start + size]
        pending.append((batch, task.submit(batch, **options)))
        if len(pending) >= TASKS_PER_SLOT * workers:
            yield from _outcomes(*pending.popleft())
    while pending:
        yield from _outcomes(*pending.popleft())


def batch_size(items: int, slots: int) -> int:
    """Items per task: at least four tasks per slot when there are enough items, at most
    ``MAX_PAGES_PER_TASK``, at least 1."""
    return max(1, min(MAX_PAGES_PER_TASK, items // (4 * slots)))


def _outcomes(batch: Sequence[Any], future: Any) -> Iterator[tuple[Any, Any]]:
    try:
        results = future.result(raise_on_failure=False)
    except Exception as exc:  # noqa: BLE001 - a lost worker (distributed's KilledWorker) fails its pages only
        results = exc
    if isinstance(results, BaseException):
        results = [results] * len(batch)
    yield from zip(batch, results, strict=True)


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
