"""merit review: the decision points of saved results as a page an analyst answers offline, exporting the
determinations file that merit screen --determinations reads."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import output_option, specs_option
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
        output: Optional[str] = output_option(note="default: standard output"),
        title: str = typer.Option("Decision points to review", "--title", metavar="TEXT", help="The page's heading."),
        specs: Optional[str] = specs_option(
            "The class specs of the applicants' duty words and of citations (default: the bundled ones)."
        ),
    ) -> int:
        """Write a page to answer the open questions of saved results in a browser, offline; it exports the answers
        as a determinations file."""
        from merit.commands.options import catalogue_or_none
        from merit.output import open_output, output_target, refuse_overwriting, refuse_specs_directory
        from merit.render.review_page import build, render

        refuse_specs_directory(output, specs)
        refuse_overwriting(output, results)
        if output not in (None, "-") and any(output_target(d)[0] == output_target(output)[0] for d in determinations):
            raise UsageError(f"--output {output} is one of the determinations files read (expected another file)")
        env = Environment()
        page, problems = build(results, determinations, catalogue_or_none(specs, env), env.error)
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
