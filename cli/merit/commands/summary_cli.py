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
        questions: bool = typer.Option(
            False,
            "--questions",
            help="Count the open questions of the results under review, per class and per point pattern (what an answer by pattern would settle).",
        ),
    ) -> int:
        """Count saved results per class and status, with the inputs that could not be screened."""
        from merit import Audit, __version__
        from merit.commands.options import catalogue_or_none
        from merit.output import open_output, refuse_overwriting, refuse_specs_directory
        from merit.render import summary as render

        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        refuse_specs_directory(output, specs)
        refuse_overwriting(output, results)
        env = Environment()
        # read once, a record at a time: memory holds the counts, never the records
        from merit.render.questions import Questions

        asked = Questions() if questions else None  # --questions: the open questions, counted as the records pass
        audit = Audit(
            env.error,
            lambda line: env.error(f"merit summary: note: {line}"),
            catalogue_or_none(specs, env),
            __version__,
            on_record=None if asked is None else asked.add,
        )
        audit.read(results)
        for line in audit.spec_changes():
            env.error(f"merit summary: note: {line}")
        if audit.stale_count:
            n = audit.stale_count
            env.error(
                f"merit summary: note: {n:,} answer{'s' if n != 1 else ''} of a determinations file {'were' if n != 1 else 'was'} not applied"
                f" when these results were screened ({'they' if n != 1 else 'it'} matched no decision point: the spec or the record"
                f" changed since it was made); merit report lists {'them' if n != 1 else 'it'}"
            )
        tally = audit.tally
        if audit.problems and not tally.results and not tally.errors:  # nothing was a result: no table of zeros
            return Exit.ERROR
        problems = audit.problems
        if asked is not None:
            return _questions(asked, fmt, output, env, problems)
        with open_output(output, env) as out:
            if fmt == "json":
                import json

                out.write(json.dumps(audit.as_dict(), indent=2, ensure_ascii=False) + "\n")
            elif fmt in ("csv", "tsv"):
                from merit.render.records import Dialect

                dialect = Dialect(tsv=fmt == "tsv")
                out.writelines(dialect.line(row) for row in render.table_rows(tally))
            elif out is env.stdout and env.stdout_isatty:
                render.rich_summary(tally, env.console())
            else:
                out.write(render.plain_summary(tally))
        return Exit.ERROR if problems else Exit.OK


def _questions(tally, fmt: str, output: str | None, env: Environment, problems) -> int:
    from merit.output import open_output
    from merit.render import questions as render

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
