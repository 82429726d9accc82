"""Options of merit screen."""

from __future__ import annotations

import datetime as dt
from typing import Optional

import typer

from merit.commands.options import specs_option

from merit.env import Environment, usable_cpus


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)", param_hint=option) from None


def parse_jobs(value: str) -> int:
    if value == "auto":
        return usable_cpus()
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise typer.BadParameter(
            f"{value!r} is not a number of processes (expected 1, 2, ... or auto)", param_hint="--jobs"
        )
    return jobs


def register(app: typer.Typer) -> None:
    @app.command(
        epilog="Exit codes: 0 all eligible or conditional; 1 some review or ineligible (0 with --exit-zero); 2 usage or input error; 130 interrupted.",
    )
    def screen(
        applicants: list[str] = typer.Argument(
            ..., metavar="APPLICANT...", help="Applicant files, directories of *.yaml/*.yml, or - for standard input."
        ),
        classes: Optional[list[str]] = typer.Option(
            None,
            "--class",
            "-c",
            metavar="ID",
            help="A class by id, code, alias or title (JI60, 1009, 6J27); repeat or comma-separate.",
        ),
        series: Optional[str] = typer.Option(
            None, "--series", "-s", metavar="ID", help="Every level of a series (or family) and the highest level met."
        ),
        all_classes: bool = typer.Option(
            False, "--all", help="Every class (the default when no class or series is given)."
        ),
        as_of: Optional[str] = typer.Option(
            None,
            "--as-of",
            metavar="DATE",
            help="Date on which qualifications are judged, YYYY-MM-DD (default: today).",
        ),
        fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table, json, jsonl or csv."),
        explain: bool = typer.Option(
            False,
            "--explain",
            "-e",
            help="Show every reason down to each job's months and why it counts (records otherwise stop at requirements).",
        ),
        exit_zero: bool = typer.Option(
            False, "--exit-zero", help="Exit 0 even when some results are review or ineligible."
        ),
        output: Optional[str] = typer.Option(
            None, "--output", "-o", metavar="FILE", help="Write results to this file (atomically)."
        ),
        jobs: str = typer.Option(
            "1", "--jobs", "-j", metavar="N", help="Processes for large batches: a number or auto."
        ),
        specs: Optional[str] = specs_option(),
    ) -> int:
        """Decide for each applicant and class whether the minimum qualifications are met."""
        from merit.commands.screen import ScreenOptions, run_screen

        env = Environment()
        opts = ScreenOptions(
            inputs=applicants,
            classes=classes or [],
            series=series,
            all_classes=all_classes,
            as_of=parse_date(as_of),
            format=fmt.lower(),
            explain=explain,
            exit_zero=exit_zero,
            output=output,
            jobs=parse_jobs(jobs),
            specs=specs,
        )
        return run_screen(opts, env)
