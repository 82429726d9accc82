"""merit notice: a letter to each applicant for each class screened, from a template the agency edits."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment, UsageError

KINDS = {"markdown": ("markdown",), "md": ("markdown",), "html": ("html",), "both": ("markdown", "html")}


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 every notice written; 2 an invalid applicant file or template, or a usage error.")
    def notice(
        applicants: list[str] = typer.Argument(
            ..., metavar="APPLICANT...", help="Applicant files, directories of *.yaml/*.yml, or - for standard input."
        ),
        classes: Optional[list[str]] = typer.Option(
            None, "--class", "-c", metavar="ID", help="The class of the examination (id, code, alias or title); repeat or comma-separate."
        ),
        series: Optional[str] = typer.Option(None, "--series", "-s", metavar="ID", help="Every level of a series."),
        as_of: Optional[str] = typer.Option(
            None, "--as-of", metavar="DATE", help="Date on which qualifications are judged, YYYY-MM-DD (default: today)."
        ),
        output: Optional[str] = typer.Option(
            None,
            "--output",
            "-o",
            metavar="DIR",
            help="Write one file per notice into this directory (default: Markdown on standard output).",
        ),
        fmt: Optional[str] = typer.Option(
            None, "--format", "-f", metavar="FORMAT", help="markdown, html or both (default: both with -o, else markdown)."
        ),
        templates: Optional[list[str]] = typer.Option(
            None,
            "--template",
            "-t",
            metavar="FILE",
            help="Your own Jinja2 template instead of the bundled one (*.html* for HTML); repeat for several.",
        ),
        variables: Optional[list[str]] = typer.Option(
            None, "--var", metavar="NAME=VALUE", help="A value for the template: agency, contact, appeal_days, or your own."
        ),
        notice_date: Optional[str] = typer.Option(
            None, "--date", metavar="DATE", help="The date the notice bears, YYYY-MM-DD (default: today)."
        ),
        specs: Optional[str] = specs_option(),
        policy: Optional[str] = typer.Option(
            None,
            "--policy",
            metavar="FILE",
            help="The office's policy (see docs/policy.md); default: policy.yaml in the specs directory, if there is one.",
        ),
    ) -> int:
        """Write a notice of results per applicant and class: the decision, what decided it, citations, appeal rights."""
        from merit.commands.screen_cli import parse_date
        from merit.notice_run import write_notices

        if not classes and not series:
            raise UsageError("name the examination's class with --class ID (or its series with --series ID)")
        kinds = KINDS.get((fmt or ("both" if output else "markdown")).lower())
        if kinds is None:
            raise UsageError(f"unknown format {fmt!r} (expected one of: markdown, html, both)")
        values = {}
        for item in variables or []:
            name, sep, value = item.partition("=")
            if not sep or not name.strip().isidentifier():
                raise UsageError(f"--var {item!r} is not NAME=VALUE (expected a name such as agency=City Personnel)")
            values[name.strip()] = value
        judged = parse_date(as_of)
        dated = parse_date(notice_date, "--date")
        return write_notices(
            Environment(), applicants, classes or [], series, judged, dated, output, kinds, templates or [], values, specs, policy
        )
