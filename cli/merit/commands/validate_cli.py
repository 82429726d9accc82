"""merit validate: check applicant and spec files, report every problem with its position."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option

from merit.env import Environment, Exit


def register(app: typer.Typer) -> None:
    @app.command(
        epilog="Exit codes: 0 no problems; 2 at least one problem (or a usage error).",
    )
    def validate(
        files: list[str] = typer.Argument(
            ...,
            metavar="FILE|DIR...",
            help="Applicant or spec files, directories of *.yaml/*.yml, or - for standard input.",
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the problems, not the summary."),
        specs: Optional[str] = specs_option("Class specs whose duty vocabulary applicants use."),
    ) -> int:
        """Check applicant and spec files (told apart by their keys) and report every problem, one line each."""
        from merit.specs import specs_dir
        from merit.validate import Report, validate

        env = Environment()
        report = Report()
        for checked in validate(files, specs_dir(specs)):
            report.files.append(checked)
            for p in checked.problems + checked.warnings:
                env.error(str(p))
        if not quiet:
            print(report.summary(), file=env.stdout)
        return Exit.ERROR if report.problems else Exit.OK
