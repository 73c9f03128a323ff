"""What a flow run logs, and where: the flow's INFO lines always reach Prefect's API (whoever started the
run: a worker, ``digest serve``, ``digest run``), while the terminal shows only the flow's own lines and
anything at WARNING or above — not the INFO lines of Prefect's engine, runner or client."""
from __future__ import annotations

import logging
from pathlib import Path

import prefect
from prefect.logging.handlers import PrefectConsoleHandler

_PREFECT_DIR = str(Path(prefect.__file__).parent)
#: ``extra`` of a log line meant for Prefect's API only (a progress line while a bar shows on the terminal).
API_ONLY = {"digest_console": False}


class OwnLinesOnly(logging.Filter):
    """Lets a record through to the terminal when it is at WARNING or above, or comes from code outside
    the ``prefect`` package (the flow's own lines), and was not marked ``API_ONLY``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "digest_console", True) is False:
            return False
        return record.levelno >= logging.WARNING or not record.pathname.startswith(_PREFECT_DIR)


def configure() -> None:
    """Make this process log as described above; safe to call more than once.

    Sets the ``prefect.flow_runs`` logger to INFO when it is set higher (a run started by a worker reads
    the level before the flow is imported) and ``prefect.task_runs``
    to WARNING (one engine line per page is noise), and puts ``OwnLinesOnly`` on Prefect's console
    handlers.
    """
    flow_runs = logging.getLogger("prefect.flow_runs")
    if flow_runs.getEffectiveLevel() > logging.INFO:
        flow_runs.setLevel(logging.INFO)
    logging.getLogger("prefect.task_runs").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(isinstance(f, OwnLinesOnly) for f in handler.filters):
            handler.addFilter(OwnLinesOnly())
