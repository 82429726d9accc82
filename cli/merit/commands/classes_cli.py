"""Options of merit classes."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import format_option, series_option, specs_option
from merit.env import Environment

FORMATS = ("table", "markdown", "json", "csv")


def register(app: typer.Typer) -> None:
    @app.command(
        epilog="Exit codes: 0 success; 1 no class matches --grep; 2 usage or input error (unknown series, invalid spec files)."
    )
    def classes(
        series: Optional[str] = series_option("Only those classes are listed."),
        grep: Optional[str] = typer.Option(
            None,
            "--grep",
            "-g",
            metavar="WORDS",
            help="Only classes with a word of their id, codes, aliases or title starting with each of these words (any case).",
        ),
        fmt: str = format_option(FORMATS, "table"),
        specs: Optional[str] = specs_option(),
    ) -> int:
        """List every series and class: id, codes, title, jurisdiction, pay grade, specialties."""
        from merit.commands.catalogue import run_classes

        env = Environment()
        return run_classes(series, fmt, specs, env, grep)
