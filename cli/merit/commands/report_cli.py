"""merit report: saved results as one self-contained HTML page, for people and for print."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import output_option, specs_option
from merit.env import Environment, Exit


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 written; 2 a line that is not a result, an unreadable file, or a usage error.")
    def report(
        results: list[str] = typer.Argument(
            ..., metavar="RESULTS...", help="Files written by merit screen -f jsonl (or -f json), or - for standard input."
        ),
        output: Optional[str] = output_option(note="default: standard output"),
        title: str = typer.Option("Screening report", "--title", metavar="TEXT", help="The page's heading."),
        specs: Optional[str] = specs_option("The results' spec digests are compared with them."),
    ) -> int:
        """Write an HTML report of saved results: the stamp, the summary with a chart, and every reason."""
        from merit import __version__, read_results, spec_changes
        from merit.output import open_output, refuse_specs_directory
        from merit.render.html_report import Report, render

        refuse_specs_directory(output, specs)
        env = Environment()
        records, problems = read_results(results, env.error)
        if problems and not records:  # a page of nothing would pass for a report of an empty batch
            env.error("merit report: no results to report; nothing written")
            return Exit.ERROR
        changed = spec_changes(records, specs)
        for line in changed:
            env.error(f"merit report: note: {line}")
        report = Report(records, ["<stdin>" if r == "-" else r for r in results], __version__, changed)
        page = render(report, title)
        with open_output(output, env) as out:
            out.write(page)
        return Exit.ERROR if problems else Exit.OK
