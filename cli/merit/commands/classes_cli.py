"""Options of merit classes."""

from __future__ import annotations

from typing import Optional

import typer

from merit.env import Environment, Exit


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 success; 2 usage or input error (unknown series, invalid spec files).")
    def classes(
        series: Optional[str] = typer.Option(
            None, "--series", "-s", metavar="ID", help="Only this series, or every series of this family."
        ),
        fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table, markdown, json or csv."),
        specs: Optional[str] = typer.Option(
            None, "--specs", metavar="DIR", envvar="MERIT_SPECS", help="A directory of class specs to use instead of the bundled ones."
        ),
    ) -> int:
        """List every series and class: id, codes, title, jurisdiction, pay grade, specialties."""
        from merit.commands.catalogue import run_classes
        from merit.commands.screen import UsageError

        env = Environment()
        try:
            code = run_classes(series, fmt, specs, env)
        except UsageError as err:
            env.error(f"merit classes: error: {err}")
            code = Exit.ERROR
        if code:
            raise typer.Exit(int(code))
        return int(code)
