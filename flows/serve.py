"""Deployments of the daily digest flow: serve it on a cron schedule from a local Prefect server on
127.0.0.1, and trigger a run of the served deployment now. Flow code lives in ``flows.daily``."""
from __future__ import annotations

import asyncio
import datetime as dt
import signal
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment
from prefect.runner import Runner
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.types.entrypoint import EntrypointType

from summarize.settings import Settings

from flows.server import api_url, local_server, server_answers

DEPLOYMENT_NAME = "daily"
DEPLOYMENT = f"daily-digest/{DEPLOYMENT_NAME}"


def _exit_on_sigterm(signum, frame) -> None:
    # SystemExit unwinds the `with` blocks, so the server we started is stopped too.
    sys.exit(128 + signum)


class _Runner(Runner):
    """Prefect's runner, with a SIGTERM (and Ctrl-C, SIGINT) that works: Prefect 3.8's ``Runner.handle_sigterm`` calls
    ``stop()`` from inside the runner's own event loop, where it only makes an un-awaited coroutine, then
    exits; the run's process (and so ``digest serve``) lives on and the run stays RUNNING."""

    async def start(self, *args: Any, **kwargs: Any) -> None:
        # Ctrl-C stops as SIGTERM does (Prefect's runner would let KeyboardInterrupt tear through its loops).
        signal.signal(signal.SIGINT, self.handle_sigterm)
        await super().start(*args, **kwargs)

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        self._logger.warning("%s received: cancelling the run in flight, then stopping",
                             signal.Signals(args[0]).name if args else "SIGTERM")
        loop = asyncio.get_running_loop()  # the handler runs in the main thread, inside runner.start()
        loop.call_soon_threadsafe(lambda: loop.create_task(self._shutdown()))

    async def _shutdown(self) -> None:
        # cancel_all: each run's process gets SIGTERM (Prefect's engine in it ends the run as cancelled)
        # and SIGKILL after a grace period, and the run is marked Cancelled; then the loops stop.
        await self.astop()


def serve(settings: Settings, *, send: bool | None = None) -> None:
    """Serve the flow as deployment ``daily-digest/daily`` until Ctrl-C or SIGTERM.

    Runs on ``settings.schedule_cron`` in ``settings.timezone`` against the local server on
    ``settings.server_port`` (started or reused, see ``local_server``), with the input and output folders
    fixed as absolute paths and ``send`` (None: each run reads the ``send`` setting) as parameters; one
    run at a time (the runner's limit and the deployment's ``concurrency_limit``). Prints the next run
    time in the schedule's time zone, the folders and the UI's address. On SIGTERM, a run in flight is cancelled (its process ended, the run marked Cancelled
    in Prefect) before the runner stops; on stop, a server started here is stopped too.
    """
    from flows.daily import TAGS, daily_digest

    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # until the runner installs its own handler
    input_dir, output_dir = Path(settings.input_dir).resolve(), Path(settings.output_dir).resolve()
    with local_server(settings.server_port) as url, temporary_settings(updates={PREFECT_API_URL: url}):
        # What Flow.serve does, with the runner above.
        runner = _Runner(name=DEPLOYMENT_NAME, pause_on_shutdown=True,
                         limit=1)  # one run at a time, so a scheduled and a triggered run cannot both send
        runner.add_flow(
            daily_digest,
            name=DEPLOYMENT_NAME,
            schedules=[Cron(settings.schedule_cron, timezone=settings.timezone)],
            concurrency_limit=1,  # the same for Prefect: a second run waits instead of starting
            tags=TAGS,
            parameters={"input_dir": str(input_dir), "output_dir": str(output_dir), "send": send},
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        print(f"Serving deployment {DEPLOYMENT} from {url} (Ctrl-C or SIGTERM stops it)\n"
              f"  next run:  {next_run(settings):%Y-%m-%d %H:%M %Z} ({settings.schedule_cron} in {settings.timezone})\n"
              f"  pages:     {input_dir}\n"
              f"  digests:   {output_dir}\n"
              f"  UI:        {url.removesuffix('/api')}", flush=True)
        asyncio.run(runner.start())


def next_run(settings: Settings, after: dt.datetime | None = None) -> dt.datetime:
    """When the schedule (``settings.schedule_cron`` in ``settings.timezone``) next fires after ``after``
    (default now), as an aware datetime in that time zone; computed by Prefect's own cron schedule."""
    from prefect.server.schemas.schedules import CronSchedule

    (when,) = asyncio.run(CronSchedule(cron=settings.schedule_cron, timezone=settings.timezone)
                          .get_dates(n=1, start=after or dt.datetime.now(ZoneInfo(settings.timezone))))
    return when.astimezone(ZoneInfo(settings.timezone))


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
