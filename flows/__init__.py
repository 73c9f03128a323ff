"""Prefect flows over the ``summarize`` library: thin tasks, the daily digest flow, deployments.

Prefect's log levels have no setting of their own, only environment variables; the defaults below keep
a run's output to what a user needs (the flow's own lines and warnings), and a user's environment wins.
They take effect when Prefect is imported after this package (``digest``); a run started by Prefect's
own process (a worker's) gets the flow's INFO lines from ``flows.logs.configure`` instead.
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
}.items():
    os.environ.setdefault(_name, _level)
