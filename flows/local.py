"""``digest run``: the flow for one day or a range, in this process, against a Prefect API that answers —
the user's (``PREFECT_API_URL``), a server already on the serve port of loopback (``digest serve``'s), or
one started for the run (``runners.prefect_api``)."""
from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

from prefect import tags

from summarize.settings import Settings

from flows.daily import TAGS, daily_digest
from flows.runners import dask_cluster, prefect_api, task_runner


def run_days(settings: Settings, days: Iterable[dt.date], *, input_dir: Path, output_dir: Path,
             send: bool | None, resend: bool, ranking_mode: str | None, position_prior: bool | None,
             cache: bool) -> int:
    """Run the flow once per date of ``days`` (a failed day is reported on stderr and the others go on),
    printing the paths of the files written; returns the exit code: 0, or 1 when a day failed. The other
    arguments are the flow's parameters (see ``flows.daily.daily_digest``). Raises ``RuntimeError`` when
    no Prefect API can be had."""
    failed = 0
    with prefect_api(settings) as (url, how), dask_cluster(settings) as settings, tags(*TAGS):
        if how:
            print(f"digest: using the Prefect API at {url} ({how})", file=sys.stderr, flush=True)
        flow = daily_digest.with_options(task_runner=task_runner(settings))
        for day in days:
            try:
                folder = Path(flow(date=day, input_dir=str(input_dir), output_dir=str(output_dir), send=send,
                                   resend=resend, ranking_mode=ranking_mode, position_prior=position_prior,
                                   cache=cache))
            except Exception as exc:
                print(f"digest: {day}: {type(exc).__name__}: {exc}", file=sys.stderr)
                failed += 1
                continue
            for name in sorted(p.name for p in folder.iterdir()):
                print(folder / name)
    return 1 if failed else 0
