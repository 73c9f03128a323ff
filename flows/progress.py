"""Progress of a day's pages, reported as pages finish: a rich progress bar on a terminal, a log line every
``every_seconds`` or ``every_fraction`` of the pages otherwise (and in Prefect's API always), and a Prefect
progress artifact of the flow run."""
from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from prefect.artifacts import create_progress_artifact, update_progress_artifact

from flows.logs import API_ONLY


class PageProgress:
    """Pages done out of ``total`` for ``label`` (e.g. ``2026-11-21``); use as a context manager and call
    ``advance()`` as each page finishes.

    ``logger`` receives a line (pages done / total, percent, pages per second, estimated seconds left)
    each time another ``every_fraction`` of the pages is done, when the last one is, and otherwise at
    least every ``every_seconds`` seconds, from a thread of its own when no page finishes meanwhile (a
    slow page, a Dask batch). With ``tty`` (default: standard error is a terminal) a rich bar shows
    pages done / total, pages per second and time left on standard error, and the lines go to Prefect's
    API only. With ``artifact`` (default True; needs a flow run) a progress artifact is created at 0 % and
    updated, at most once per whole percent, to 100 %. ``clock`` gives seconds (tests pass their own).
    """

    def __init__(self, total: int, label: str, logger: logging.Logger | logging.LoggerAdapter, *,
                 tty: bool | None = None, artifact: bool = True, every_seconds: float = 10.0,
                 every_fraction: float = 0.1, clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.label, self.logger, self.clock = total, label, logger, clock
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.every_seconds, self.step = every_seconds, max(1, round(total * every_fraction))
        self.done = 0
        self._artifact_id: Any = None
        self._artifact_percent = -1
        self._wants_artifact = artifact
        self._bar: Any = None
        self._lock = threading.Lock()
        self._closed = threading.Event()

    def __enter__(self) -> PageProgress:
        self.start = self._last_time = self.clock()
        self._last_done = 0
        if self._wants_artifact:
            self._artifact_id = create_progress_artifact(progress=0.0, key="digest-pages",
                                                         description=self._description())
            self._artifact_percent = 0
        if self.tty:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                                       TimeRemainingColumn)

            # On standard error, like the log lines: standard output carries the paths of the files written.
            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(f"pages of {self.label}", total=self.total, rate="")
        threading.Thread(target=self._tick, name="page-progress", daemon=True).start()
        return self

    def _tick(self) -> None:
        while not self._closed.wait(self.every_seconds / 4):
            with self._lock:
                now = self.clock()
                if now - self._last_time >= self.every_seconds and self.done < self.total:
                    self._log(now)

    def advance(self, pages: int = 1) -> None:
        """Count ``pages`` more pages done and report as described in the class."""
        with self._lock:
            self.done += pages
            now = self.clock()
            if (self.done // self.step > self._last_done // self.step or now - self._last_time >= self.every_seconds
                    or self.done == self.total):  # a tenth of the pages crossed, ten seconds gone, or the end
                self._log(now)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, rate=f"{self._rate(now):.2f} pages/s")
        percent = int(100 * self.done / self.total) if self.total else 100
        if self._artifact_id is not None and percent > self._artifact_percent:
            self._artifact_percent = percent
            try:
                update_progress_artifact(self._artifact_id, progress=float(percent), description=self._description())
            except Exception as exc:  # noqa: BLE001 - progress is a courtesy: a hiccup of the API must not fail the run
                self.logger.warning("Progress artifact not updated (%s: %s); no more updates this run",
                                    type(exc).__name__, exc)
                self._artifact_id = None

    def _log(self, now: float) -> None:
        self._last_done, self._last_time = self.done, now
        self.logger.info("%s", self.line(now), extra=API_ONLY if self.tty else None)

    def line(self, now: float) -> str:
        """The progress line at time ``now``: ``Pages: 40 of 300 (13%), 2.10 pages/s, about 124 s left``."""
        rate = self._rate(now)
        left = f", about {(self.total - self.done) / rate:.0f} s left" if rate and self.done < self.total else ""
        return (f"Pages: {self.done} of {self.total} ({100 * self.done / max(self.total, 1):.0f}%), "
                f"{rate:.2f} pages/s{left}")

    def _rate(self, now: float) -> float:
        return self.done / (now - self.start) if now > self.start else 0.0

    def _description(self) -> str:
        return f"Pages of {self.label}: {self.done} of {self.total} done"

    def __exit__(self, *exc: object) -> None:
        self._closed.set()
        if self._bar is not None:
            self._bar.stop()
