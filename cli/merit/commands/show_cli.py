"""Options of merit show."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import format_option, specs_option
from merit.env import Environment

FORMATS = ("table", "markdown", "json")


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 success; 2 usage or input error (unknown class, invalid spec files).")
    def show(
        class_id: Optional[str] = typer.Argument(
            None, metavar="ID", help="A class by id, code, alias or title (JI60, 1009, 6J27)."
        ),
        duties: bool = typer.Option(
            False, "--duties", help="List the duty vocabulary that applicant files use, with definitions."
        ),
        fmt: str = format_option(FORMATS, "table"),
        specs: Optional[str] = specs_option(),
    ) -> int:
        """Show one class in full: source, levels, every MQ pattern in plain words with its citation, KSAs, competencies, notes."""
        from merit.commands.catalogue import run_show

        env = Environment()
        return run_show(class_id, duties, fmt, specs, env)
