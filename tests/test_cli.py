"""The `digest` command answers bad arguments, dates and folders at once: one line, exit code 2, no
traceback, and without importing Prefect (whose start-up is what takes seconds)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.checks import check_input
from flows.cli import _parser

from .conftest import ROOT, seed

DIGEST = Path(sys.executable).parent / "digest"
#: Runs `digest` in-process, then prints which Prefect modules it imported.
_PROBE = """
import sys
from flows.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("exit", code, "prefect modules:", sorted(m for m in sys.modules if m.split(".")[0] == "prefect"))
"""


def _digest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_"))}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    return subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(("args", "says"), [
    (["run", "--date", "2026-13-01"], "argument --date: '2026-13-01' is not a date YYYY-MM-DD"),
    (["run", "--from", "2026-11-21", "--to", "2026-11-01"], "backfill needs --from D1 --to D2 with D1 <= D2"),
    (["run", "--from", "0001-01-01", "--to", "9999-12-31"], "is 3,652,059 days, more than 366; add --yes"),
    (["run", "--date", "2026-11-21", "--input", "no-such-folder"], "input folder no-such-folder not found"),
    (["run", "--date", "2026-11-21", "--input", "templates"], "no pages for 2026-11-21"),
    (["run", "--date", "2026-11-21", "--output", "README.md/out"], "output folder README.md/out cannot be written"),
    (["run", "--send", "--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    (["trigger", "--date", "21/11/2026"], "argument --date: '21/11/2026' is not a date"),
    (["serve", "--input", "no-such-folder"], "input folder no-such-folder not found"),
])
def test_a_mistake_is_one_line_and_exit_code_2_before_prefect_is_imported(tmp_path, args, says):
    done = _digest(tmp_path, *args)
    assert done.stdout == "exit 2 prefect modules: []\n", done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and says in done.stderr, done.stderr
    assert done.stderr.startswith("digest") and "Traceback" not in done.stderr


def test_a_long_range_with_yes_goes_on_to_the_next_check(tmp_path):
    done = _digest(tmp_path, "run", "--from", "0001-01-01", "--to", "9999-12-31", "--yes", "--input", "templates")
    assert done.stdout.startswith("exit 2 prefect modules: []"), done.stderr
    assert done.stderr == ("digest: no pages for 0001-01-01 .. 9999-12-31: no *.txt in templates/ nor in its "
                           "dated folders (YYYY-MM-DD/) of that range\n")


def test_the_command_line_itself_answers_version_and_bad_dates(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_"))}
    done = subprocess.run([str(DIGEST), "--version"], env=env, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "digest 0.1.0\n"), done.stderr
    done = subprocess.run([str(DIGEST), "run", "--date", "2026-02-30"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("digest run: argument --date: '2026-02-30' is not a date YYYY-MM-DD (day is out of range "
                           "for month) (see digest run --help)\n")


def test_every_boolean_flag_has_its_no_form():
    run = _parser().parse_args(["run", "--no-send", "--no-position-prior", "--no-cache", "--no-resend"])
    assert (run.send, run.ranking_mode, run.position_prior, run.cache, run.resend) == (False, None, False, False, False)
    run = _parser().parse_args(["run", "--send", "--ranking-mode", "fast", "--resend"])
    assert (run.send, run.ranking_mode, run.position_prior, run.cache, run.resend) == (True, "fast", None, True, True)
    assert _parser().parse_args(["serve", "--no-send"]).send is False
    assert _parser().parse_args(["trigger", "--no-wait"]).wait is False
    assert _parser().parse_args(["trigger"]).wait is True


def test_a_folder_of_dated_folders_is_accepted_for_a_range_with_some_days(tmp_path):
    (tmp_path / "in" / "2026-11-20").mkdir(parents=True)
    shutil.copy(seed("000"), tmp_path / "in" / "2026-11-20")
    check_input(tmp_path / "in", dt.date(2026, 11, 19), dt.date(2026, 11, 21))
    with pytest.raises(ValueError, match="no pages for 2026-11-21 .. 2026-11-22"):
        check_input(tmp_path / "in", dt.date(2026, 11, 21), dt.date(2026, 11, 22))


@pytest.mark.system  # digest in a terminal of its own
@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux's script for a terminal")
def test_prefects_telemetry_notice_does_not_show_on_a_terminal(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DIGEST_")) and k != "DO_NOT_TRACK"}

    def on_a_terminal(code: str, home: str) -> str:
        # A first run for Prefect: a new HOME and PREFECT_HOME, where it would show its notice once.
        run_env = {**env, "HOME": str(tmp_path / home), "PREFECT_HOME": str(tmp_path / home / ".prefect")}
        return subprocess.run(["script", "-qec", f"{sys.executable} -c '{code}'", "/dev/null"], cwd=ROOT, env=run_env,
                              capture_output=True, text=True, timeout=120).stdout

    if "anonymous usage data" not in on_a_terminal("import prefect", "plain"):
        pytest.skip("Prefect shows no notice here (a CI environment?)")
    assert "anonymous usage data" not in on_a_terminal("import flows.daily", "digest")
