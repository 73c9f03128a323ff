"""Prefect flows over the ``summarize`` library: thin tasks, the daily digest flow, deployments.

The one home of the Prefect settings this project sets, as environment defaults (a user's environment
wins), so they hold wherever ``digest`` runs, not only in this folder: log levels that keep a run's output
to what a user needs (the flow's own lines and warnings), no analytics or telemetry, and the ephemeral API
server's start-up wait. They take effect when Prefect is imported after this package (``digest``, the
tests); a run started by Prefect's own process (a worker's) gets the flow's INFO lines from
``flows.logs.configure`` instead.
"""
import os

for _name, _level in {
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "WARNING",
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "DO_NOT_TRACK": "1",  # Prefect's client telemetry and its first-run notice on a terminal
    "DASK_LOGGING__DISTRIBUTED": "warning",  # Dask's scheduler and workers log every connection at INFO
    # Prefect's default, 20 s, was exceeded on a 2-core machine at load 13 plus three busy loops (make
    # test-under-load: the tests' server once took longer than 120 s); prefect_test_harness reads it too.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
}.items():
    os.environ.setdefault(_name, _level)
