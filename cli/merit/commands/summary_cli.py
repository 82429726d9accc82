"""merit summary: counts per class and status of saved results, for people and for scripts."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment, Exit, UsageError

FORMATS = ("table", "csv", "tsv", "json")


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 summarised; 2 a line that is not a result, an unreadable file, or a usage error.")
    def summary(
        results: list[str] = typer.Argument(
            ..., metavar="RESULTS...", help="Files written by merit screen -f jsonl (or -f json), or - for standard input."
        ),
        fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="table, csv, tsv or json."),
        output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file (atomically)."),
        specs: Optional[str] = specs_option("The class specs to compare the results' spec digests with (default: the bundled ones)."),
        questions: bool = typer.Option(
            False,
            "--questions",
            help="Count the open questions of the results under review, per class and per point pattern (what an answer by pattern would settle).",
        ),
    ) -> int:
        """Count saved results per class and status, with the inputs that could not be screened."""
        from merit.output import open_output
        from merit.render import summary as render
        from merit.results import gather, spec_changes

        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        env = Environment()
        records, problems = gather(results, env.error)
        for line in spec_changes(records, specs):
            env.error(f"merit summary: note: {line}")
        if problems and not records:  # nothing was a result: the lines above say why, no table of zeros
            return Exit.ERROR
        if questions:
            return _questions(records, fmt, output, env, problems)
        tally = render.tally_records(records)
        with open_output(output, env) as out:
            if fmt == "json":
                import json

                out.write(json.dumps(tally.as_dict(), indent=2, ensure_ascii=False) + "\n")
            elif fmt in ("csv", "tsv"):
                from merit.render.records import Dialect

                dialect = Dialect(tsv=fmt == "tsv")
                out.writelines(dialect.line(row) for row in render.table_rows(tally))
            elif out is env.stdout and env.stdout_isatty:
                render.rich_summary(tally, env.console())
            else:
                out.write(render.plain_summary(tally))
        return Exit.ERROR if problems else Exit.OK



def _questions(records: list[dict], fmt: str, output: str | None, env: Environment, problems) -> int:
    from merit.output import open_output
    from merit.render import questions as render

    tally = render.Questions()
    for record in records:
        tally.add(record)
    with open_output(output, env) as out:
        if fmt == "json":
            out.write(render.json_questions(tally))
        elif fmt in ("csv", "tsv"):
            from merit.render.records import Dialect

            dialect = Dialect(tsv=fmt == "tsv")
            out.writelines(dialect.line(row) for row in [render.HEADER, *tally.rows()])
        else:
            out.write(render.plain_questions(tally))
    return Exit.ERROR if problems else Exit.OK
