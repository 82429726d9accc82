"""Options of merit compare."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 success; 2 usage or input error (unknown class or series, bad applicant file).")
    def compare(
        series: Optional[str] = typer.Option(
            None, "--series", "-s", metavar="ID", help="A series id, or a family such as customer-service."
        ),
        classes: Optional[list[str]] = typer.Option(
            None,
            "--classes",
            "-c",
            metavar="ID,ID,...",
            help="Any classes, across jurisdictions, by id, code or alias.",
        ),
        applicant: Optional[str] = typer.Option(
            None,
            "--applicant",
            "-a",
            metavar="FILE",
            help="Overlay one applicant: status per level, assessed grades beside required ones.",
        ),
        as_of: Optional[str] = typer.Option(
            None,
            "--as-of",
            metavar="DATE",
            help="Date on which the applicant's qualifications are judged, YYYY-MM-DD (default: today).",
        ),
        fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table, markdown, json or csv."),
        specs: Optional[str] = specs_option(),
    ) -> int:
        """Compare the levels of a series: minimum qualifications, guidance, what each level adds, competency grades."""
        from merit.commands.catalogue import CompareOptions, run_compare
        from merit.commands.screen_cli import parse_date

        env = Environment()
        opts = CompareOptions(
            series=series, classes=classes, applicant=applicant, as_of=parse_date(as_of), format=fmt, specs=specs
        )
        return run_compare(opts, env)
