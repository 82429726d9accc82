"""merit report: saved results as one self-contained HTML page, for people and for print."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment, Exit


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 written; 2 a line that is not a result, an unreadable file, or a usage error.")
    def report(
        results: list[str] = typer.Argument(
            ..., metavar="RESULTS...", help="Files written by merit screen -f jsonl (or -f json), or - for standard input."
        ),
        output: Optional[str] = typer.Option(
            None, "--output", "-o", metavar="FILE", help="Write the page to this file (atomically); default standard output."
        ),
        title: str = typer.Option("Screening report", "--title", metavar="TEXT", help="The page's heading."),
        specs: Optional[str] = specs_option("The class specs to compare the results' spec digests with (default: the bundled ones)."),
    ) -> int:
        """Write an HTML report of saved results: the stamp, the summary with a chart, and every reason."""
        from merit import __version__
        from merit.output import open_output, refuse_specs_directory
        from merit.render.html_report import Report, render
        from merit.results import gather, spec_changes

        refuse_specs_directory(output, specs)
        env = Environment()
        records, problems = gather(results, env.error)
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
