"""merit report: saved results as one self-contained HTML page, for people and for print."""

from __future__ import annotations

from pathlib import Path
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
        page_rows: int = typer.Option(
            2000,
            "--page-rows",
            metavar="N",
            min=1,
            help="Result rows a page holds; with -o, more go to FILE-2.html, FILE-3.html, ... (default 2000).",
        ),
        specs: Optional[str] = specs_option("The results' spec digests are compared with them."),
    ) -> int:
        """Write an HTML report of saved results: the stamp, the summary with a chart, the lists, and every reason."""
        from merit import Audit, __version__
        from merit.commands.options import catalogue_or_none
        from merit.output import open_output, refuse_overwriting, refuse_specs_directory
        from merit.render.html_report import Pages, write_page, write_report

        refuse_specs_directory(output, specs)
        refuse_overwriting(output, results)
        env = Environment()
        names = _page_names(output)

        def page(number: int, rows) -> None:
            with open_output(names(number), env) as out:
                write_page(out, title, Path(names(1)).name, number, rows, pages.ranges[-1])

        pages = Pages(page_rows, page if output not in (None, "-") else None)
        audit = Audit(env.error, lambda line: env.error(f"merit report: note: {line}"), catalogue_or_none(specs, env), __version__, on_record=pages.add)
        audit.read(results)
        pages.close()
        if audit.problems and not audit.tally.results and not audit.tally.errors:  # a page of nothing would pass for an empty batch
            env.error("merit report: no results to report; nothing written")
            return Exit.ERROR
        for line in audit.spec_changes():
            env.error(f"merit report: note: {line}")
        with open_output(output, env) as out:
            write_report(out, audit, pages, title, __version__, [Path(names(k + 1)).name for k in range(len(pages.ranges))])
        if len(pages.ranges) > 1:
            env.error(f"merit report: {pages.total:,} results on {len(pages.ranges)} pages: {output} and {names(2)} to {names(len(pages.ranges))}")
        _earlier_pages(names, len(pages.ranges), env)
        return Exit.ERROR if audit.problems else Exit.OK


def _earlier_pages(names, count: int, env) -> None:
    """A longer report written to the same file before left pages this one does not link: name them."""
    if names(2) == names(1):  # standard output: one page
        return
    last = count
    while Path(names(last + 1)).exists() or Path(names(last + 1)).is_symlink():
        last += 1
    if last > count:
        span = names(count + 1) if last == count + 1 else f"{names(count + 1)} to {names(last)}"
        one = last == count + 1
        env.error(f"merit report: note: {span} {'is a page' if one else 'are pages'} of an earlier report, not of this one (remove {'it' if one else 'them'})")


def _page_names(output: str | None):
    """report.html -> report-2.html, report-3.html, ... beside it (page 1 is the report itself)."""

    def name(number: int) -> str:
        if number == 1 or output in (None, "-"):
            return output or "-"
        path = Path(output)
        return str(path.with_name(f"{path.stem}-{number}{path.suffix or '.html'}"))

    return name
