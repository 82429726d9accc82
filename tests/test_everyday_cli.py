"""The small things a new user or a script author meets first: completion, quiet runs, formats from file
names, finding a class by words, and output that shows what the files hold, whatever they hold."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SIX_MONTHS_TAX_TECHNICIAN_FILE

from merit.app import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = "2026-11-01"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """merit as a user runs it: main() turns every failure into a line and an exit code."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


@pytest.fixture
def eligible_file(tmp_path: Path) -> Path:
    path = tmp_path / "t1.yaml"
    path.write_text(SIX_MONTHS_TAX_TECHNICIAN_FILE)
    return path


# --- shell habits: completion and --quiet ---------------------------------------------------------


def _merit(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "merit", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_for_each_shell(shell):
    done = _merit({}, "--show-completion", shell)
    assert done.returncode == 0, done.stderr
    assert "_MERIT_COMPLETE" in done.stdout


def test_help_offers_completion():
    done = _merit({}, "--help")
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout


@pytest.mark.parametrize(
    "words, cword, expected",
    [("merit scr", "1", "screen"), ("merit screen --cl", "2", "--class")],
)
def test_completion_completes_commands_and_options(words, cword, expected):
    done = _merit({"_MERIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout.split()


@pytest.mark.parametrize("status, args", [(0, ["-c", "JI60"]), (1, ["-c", "LA-1229"])])
def test_quiet_prints_nothing_and_exits_with_the_status(eligible_file, capsys, status, args):
    code, out, err = run(["screen", str(eligible_file), *args, "--as-of", "2024-01-01", "--quiet"], capsys)
    assert (code, out, err) == (status, "", "")


def test_quiet_still_reports_problems_on_stderr(eligible_file, capsys):
    code, out, err = run(["screen", str(eligible_file), "missing.yaml", "-c", "JI60", "-q"], capsys)
    assert (code, out) == (2, "")
    assert err == "missing.yaml:1:1: no such file\n"
