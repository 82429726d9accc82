"""merit test: run the spec examples (cases) of a specs directory, without pytest."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment


def register(app: typer.Typer) -> None:
    @app.command(
        name="test",
        epilog="Exit codes: 0 every case passes; 1 some case fails; 2 a spec or case file is invalid (or a usage error).",
    )
    def test(
        directory: Optional[str] = typer.Argument(
            None,
            metavar="[DIR]",
            help="A specs directory whose cases (DIR/cases/*.cases.yaml) to run; default: --specs, else the bundled specs.",
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures and problems, not each file's count."),
        specs: Optional[str] = specs_option(),
    ) -> int:
        """Check that the specs decide what their cases expect: each case an applicant, a day and the statuses."""
        from merit.commands.test_run import run_tests

        return run_tests(directory or specs, quiet, Environment())
