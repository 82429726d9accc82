"""merit summary: counts per class and status of saved results, for people and for scripts."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import format_option, output_option, specs_option
from merit.env import Environment, Exit, UsageError

FORMATS = ("table", "csv", "tsv", "json")


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 summarised; 2 a line that is not a result, an unreadable file, or a usage error.")
    def summary(
        results: list[str] = typer.Argument(
            ..., metavar="RESULTS...", help="Files written by merit screen -f jsonl (or -f json), or - for standard input."
        ),
        fmt: str = format_option(FORMATS, "table"),
        output: Optional[str] = output_option(),
        specs: Optional[str] = specs_option("The results' spec digests are compared with them."),
    ) -> int:
        """Count saved results per class and status, with the inputs that could not be screened."""
        from merit import read_results, spec_changes
        from merit.output import open_output, refuse_specs_directory
        from merit.render import summary as render

        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        refuse_specs_directory(output, specs)
        env = Environment()
        records, problems = read_results(results, env.error)
        for line in spec_changes(records, specs):
            env.error(f"merit summary: note: {line}")
        if problems and not records:  # nothing was a result: the lines above say why, no table of zeros
            return Exit.ERROR
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

