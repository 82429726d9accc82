"""merit validate: check applicant and spec files, report every problem with its position."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import format_option, specs_option
from merit.env import Environment, Exit


def register(app: typer.Typer) -> None:
    @app.command(
        epilog="Exit codes: 0 no problems; 2 at least one problem (or a usage error).",
    )
    def validate(
        files: list[str] = typer.Argument(
            ...,
            metavar="FILE|DIR...",
            help="Applicant, spec or determinations files, directories of *.yaml/*.yml, or - for standard input.",
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the problems, not the summary."),
        fmt: str = format_option(
            FORMATS,
            "text",
            note="text: file:line:column: message on standard error; json: one object a line on standard output,"
            " with a stable code; github: annotations for GitHub Actions",
        ),
        specs: Optional[str] = specs_option("Applicants use their duty vocabulary."),
    ) -> int:
        """Check applicant, spec and determinations files (told apart by their keys) and report every problem, one line each."""
        from merit import ValidationReport, specs_dir, validate_files
        from merit.env import UsageError

        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        env = Environment()
        report = ValidationReport()
        for checked in validate_files(files, specs_dir(specs)):
            report.files.append(checked)
            for warning in checked.spec_warnings:
                env.error(f"merit: warning: {warning}")
            for p in checked.problems + checked.warnings:
                if fmt == "text":
                    env.error(str(p))
                else:
                    print(_line(p, fmt), file=env.stdout)
        if not quiet and fmt == "text":
            print(report.summary(), file=env.stdout)
        return Exit.ERROR if report.problems else Exit.OK


FORMATS = ("text", "json", "github")


def _line(problem, fmt: str) -> str:
    """One problem for a program: a JSON object with its stable code, or a GitHub Actions annotation."""
    severity = "warning" if problem.warning else "error"
    message = problem.message.removeprefix("warning: ")
    if fmt == "json":
        import json

        return json.dumps(
            {
                "file": problem.path,
                "line": problem.line,
                "column": problem.column,
                "severity": severity,
                "code": problem.code,
                "message": message,
            },
            ensure_ascii=False,
        )

    def escape(text: str, properties: bool = False) -> str:  # GitHub's escaping of workflow commands
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if properties else text

    where = f"file={escape(problem.path, True)},line={problem.line},col={problem.column}"
    return f"::{severity} {where},title={escape('merit ' + problem.code, True)}::{escape(message)}"
