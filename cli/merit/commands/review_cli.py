"""merit review: the decision points of saved results as a page an analyst answers offline, exporting the
determinations file that merit screen --determinations reads."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment, Exit, UsageError


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 written; 2 a line that is not a result, an unreadable or invalid file, or a usage error.")
    def review(
        results: list[str] = typer.Argument(
            ..., metavar="RESULTS...", help="Files written by merit screen -f jsonl (or -f json), or - for standard input."
        ),
        determinations: list[str] = typer.Option(
            [],
            "--determinations",
            "-d",
            metavar="FILE",
            help="Answers given already (a determinations file); repeat for several.",
        ),
        output: Optional[str] = typer.Option(
            None, "--output", "-o", metavar="FILE", help="Write the page to this file (atomically); default standard output."
        ),
        title: str = typer.Option("Decision points to review", "--title", metavar="TEXT", help="The page's heading."),
        specs: Optional[str] = specs_option(
            "The class specs of the applicants' duty words and of citations (default: the bundled ones)."
        ),
    ) -> int:
        """Write a page to answer the open questions of saved results in a browser, offline; it exports the answers
        as a determinations file."""
        from merit.output import open_output, output_target
        from merit.render.review_page import build, render

        env = Environment()
        if output not in (None, "-"):
            target = output_target(output)[0]
            for given in [*results, *determinations]:
                if given != "-" and output_target(given)[0] == target:
                    raise UsageError(
                        f"--output {output} names an input of this run (expected a new file; merit never writes what it reads)"
                    )
        page, problems = build(results, determinations, specs, env.error)
        if page is None:
            return Exit.ERROR
        with open_output(output, env) as out:
            out.write(render(page, title))
        if output not in (None, "-") and env.stderr_isatty:  # a person at a terminal is told what to open
            answered = sum(1 for p in page["points"] if p[10])
            env.error(
                f"merit review: wrote {output}: {len(page['points']):,} questions, {answered:,} answered; open it in a browser"
            )
        return Exit.ERROR if problems else Exit.OK
