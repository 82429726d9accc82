"""merit notice: a letter to each applicant for each class screened, from a template the agency edits."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import (
    as_of_option,
    class_option,
    format_option,
    output_option,
    parse_date,
    series_option,
    specs_option,
)
from merit.env import Environment, UsageError

KINDS = {"markdown": ("markdown",), "md": ("markdown",), "html": ("html",), "both": ("markdown", "html")}


def register(app: typer.Typer) -> None:
    @app.command(
        epilog="Exit codes: 0 every notice written; 2 a result still review (no letter without --allow-review), an invalid"
        " applicant file, results file or template, an answer no decision point asks for, or a usage error."
    )
    def notice(
        applicants: Optional[list[str]] = typer.Argument(
            None, metavar="[APPLICANT]...", help="Applicant files, directories of *.yaml/*.yml, or - for standard input."
        ),
        results: Optional[list[str]] = typer.Option(
            None,
            "--results",
            "-r",
            metavar="FILE",
            help="Saved results (merit screen -f jsonl or -f json) instead of applicant files; repeat for several.",
        ),
        determinations: Optional[str] = typer.Option(
            None,
            "--determinations",
            "-d",
            metavar="FILE",
            help="An analyst's answers to decision points, applied as merit screen -d applies them.",
        ),
        allow_review: bool = typer.Option(
            False, "--allow-review", help="Write an interim letter for a result still review (with a warning) instead of refusing."
        ),
        classes: Optional[list[str]] = class_option(),
        series: Optional[str] = series_option(),
        as_of: Optional[str] = as_of_option(),
        output: Optional[str] = output_option("DIR", "one file per notice (default: Markdown on standard output)"),
        fmt: Optional[str] = format_option(("markdown", "html", "both"), note="default: both with -o, else markdown"),
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
        from merit.notice_run import Sources, write_notices

        sources = Sources(applicants or [], results or [], determinations, allow_review)
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
            Environment(), sources, classes or [], series, judged, dated, output, kinds, templates or [], values, specs, policy
        )
