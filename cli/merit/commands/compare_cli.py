"""Options of merit compare."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import (
    as_of_option,
    class_option,
    classes_alias,
    format_option,
    parse_date,
    series_option,
    specs_option,
)
from merit.env import Environment

FORMATS = ("table", "markdown", "json", "csv")


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 success; 2 usage or input error (unknown class or series, bad applicant file).")
    def compare(
        series: Optional[str] = series_option(),
        classes: Optional[list[str]] = class_option(),
        classes_alias: Optional[list[str]] = classes_alias(),
        applicant: Optional[str] = typer.Option(
            None,
            "--applicant",
            "-a",
            metavar="FILE",
            help="Overlay one applicant: status per level, assessed grades beside required ones.",
        ),
        as_of: Optional[str] = as_of_option(),
        fmt: str = format_option(FORMATS, "table"),
        specs: Optional[str] = specs_option(),
    ) -> int:
        """Compare the levels of a series: minimum qualifications, guidance, what each level adds, competency grades."""
        from merit.commands.catalogue import CompareOptions, run_compare

        env = Environment()
        chosen = [*(classes or []), *(classes_alias or [])] if classes or classes_alias else None
        opts = CompareOptions(
            series=series, classes=chosen, applicant=applicant, as_of=parse_date(as_of), format=fmt, specs=specs
        )
        return run_compare(opts, env)
