"""Options of merit screen."""

from __future__ import annotations

from typing import Optional

import typer

import merit
from merit.commands.options import (
    as_of_option,
    choices,
    class_option,
    format_option,
    output_option,
    parse_date,
    series_option,
    specs_option,
)
from merit.env import Environment, usable_cpus


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
        epilog="Exit codes: 0 all eligible or conditional; 1 some review or ineligible (0 with --exit-zero); 2 usage or input error, or a determination no decision point asks for; 130 interrupted.",
    )
    def screen(
        applicants: list[str] = typer.Argument(
            ..., metavar="APPLICANT...", help="Applicant files, directories of *.yaml/*.yml, or - for standard input."
        ),
        classes: Optional[list[str]] = class_option(),
        series: Optional[str] = series_option("Also the highest level met."),
        all_classes: bool = typer.Option(
            False, "--all", help="Every class (the default when no class or series is given)."
        ),
        as_of: Optional[str] = as_of_option(),
        fmt: Optional[str] = format_option(
            merit.FORMATS,
            note="default: from the --output file's extension .csv, .tsv, .json, .jsonl or .yaml, else table;"
            " determinations is a file of the open decision points to answer",
        ),
        explain: bool = typer.Option(
            False,
            "--explain",
            "-e",
            help="Show every reason down to each job's months and why it counts (records otherwise stop at requirements).",
        ),
        exit_zero: bool = typer.Option(
            False, "--exit-zero", help="Exit 0 even when some results are review or ineligible."
        ),
        output: Optional[str] = output_option(note="its extension names the format when --format is not given"),
        jobs: str = typer.Option(
            "1", "--jobs", "-j", metavar="N", help="Processes for large batches: a number or auto."
        ),
        quiet: bool = typer.Option(
            False,
            "--quiet",
            "-q",
            help="Print no results, only problems (on standard error): for scripts that want the exit code. An --output file is still written.",
        ),
        specs: Optional[str] = specs_option(),
        selective: bool = typer.Option(
            False,
            "--selective",
            help="Also a result for each selective certification of a class (the certificate some positions need).",
        ),
        summary: bool = typer.Option(
            False,
            "--summary",
            help="Also print counts per class and status (on standard error when records go to standard output).",
        ),
        determinations: Optional[list[str]] = typer.Option(
            None,
            "--determinations",
            "-d",
            metavar="FILE",
            help="An analyst's answers to decision points (YAML; see docs/determinations.md), applied as results are decided;"
            " several files merge.",
        ),
        policy: Optional[str] = typer.Option(
            None,
            "--policy",
            metavar="FILE",
            help="The office's policy: presumptions and standing answers (YAML; see docs/policy.md)."
            " Default: policy.yaml in the specs directory, if there is one.",
        ),
        reasons: str = typer.Option(
            "full",
            "--reasons",
            metavar="WHAT",
            help="Records: full (the tree of reasons), summary (the one-line reason and decision points, no tree)"
            " or none (statuses only: the fastest).",
            autocompletion=choices(*merit.REASONS),
        ),
        store: Optional[str] = typer.Option(
            None,
            "--store",
            metavar="FILE",
            envvar="MERIT_STORE",
            show_envvar=False,
            help="A results store (SQLite; see docs/store.md): results whose inputs have not changed since a run"
            " before are taken from it, the rest decided and kept. Default: $MERIT_STORE, else none.",
        ),
        no_store: bool = typer.Option(False, "--no-store", help="Use no results store, even if $MERIT_STORE names one."),
        header: bool = typer.Option(True, "--header/--no-header", help="csv and tsv: write the header line."),
        csv_escape: bool = typer.Option(
            True,
            "--csv-escape/--no-csv-escape",
            help="csv and tsv: prefix ' to cells starting with = + - @ (a spreadsheet would run them as formulas).",
        ),
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
            format=fmt.lower() if fmt is not None else None,
            explain=explain,
            exit_zero=exit_zero,
            output=output,
            jobs=parse_jobs(jobs),
            specs=specs,
            header=header,
            csv_escape=csv_escape,
            summary=summary,
            quiet=quiet,
            selective=selective,
            determinations=determinations,
            reasons=reasons.lower(),
            policy=policy,
            store=None if no_store or not store else store,
        )
        return run_screen(opts, env)
