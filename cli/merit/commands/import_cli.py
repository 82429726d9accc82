"""merit import: a spreadsheet's CSV export into checked applicant files."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import load_specs, output_option, specs_option
from merit.env import Environment, Exit, UsageError


def register(app: typer.Typer) -> None:
    @app.command(
        "import",
        epilog="Exit codes: 0 every row imported; 2 a problem in the CSV or the mapping (the good applicants are still written), or a usage error.",
    )
    def import_(
        source: str = typer.Argument(..., metavar="FILE.csv", help="A CSV export: one row per job, or one row per applicant."),
        mapping: str = typer.Option(..., "--map", "-m", metavar="MAPPING.yaml", help="Which columns hold what (docs/reports.md)."),
        output: str = output_option("DIR", "one applicant file each", required=True),
        specs: Optional[str] = specs_option("Applicants use their duty vocabulary."),
    ) -> int:
        """Turn a CSV export into applicant files, one per applicant, checked as merit reads them."""
        import os
        from pathlib import Path

        from merit import (
            InputError,
            KnownPlaces,
            applicant_yaml,
            bundled_specs_dir,
            import_csv,
            import_mapping,
            safe_name,
            specs_dir,
        )
        from merit.output import OutputError, open_output

        env = Environment()
        target = Path(output)
        if target.exists() and not target.is_dir():
            raise UsageError(f"--output {output} is not a directory (expected a directory for the applicant files)")
        real = Path(os.path.realpath(target))
        for directory in {Path(os.path.realpath(d)) for d in (specs_dir(specs), bundled_specs_dir())}:
            if real == directory or directory in real.parents:  # the next run would read them as specs or examples
                raise UsageError(f"--output {output} is inside the specs directory in use (expected a directory outside the specs directory)")
        try:
            catalogue = load_specs(specs_dir(specs), env)
        except InputError as err:
            for p in err.problems:
                env.error(str(p))
            return Exit.ERROR
        checked, problems = import_mapping(mapping, catalogue.terms, catalogue.questions)
        for p in problems:
            env.error(str(p))
        if checked is None:
            return Exit.ERROR
        done = import_csv(source, checked, mapping, catalogue.terms, catalogue.competency_ids, catalogue.questions, KnownPlaces(catalogue))
        for p in sorted(done.problems + done.warnings, key=lambda p: (p.line, p.column)):
            env.error(str(p))
        if done.applicants:
            try:
                target.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise OutputError(f"cannot make the directory {output}: {err.strerror or err} (expected a directory you may write)") from None
        taken: set[str] = set()
        for applicant_id, data, rows in done.applicants:
            name = safe_name([applicant_id], ".yaml", taken)  # never begins with -: *.yaml would read it as an option
            with open_output(str(target / name), env, in_directory=True) as out:
                out.write(applicant_yaml(data, source, rows))
        # every row is accounted for: imported, rejected with its problems above, or blank
        env.error(
            f"{source}: {_count(done.rows, 'row')}: {done.imported_rows:,} imported as {_count(len(done.applicants), 'applicant file')}"
            f" in {output}, {done.rejected_rows:,} not imported" + (f"; {_count(done.blank, 'blank row')} skipped" if done.blank else "")
        )
        return Exit.ERROR if done.problems else Exit.OK


def _count(n: int, noun: str) -> str:
    """1 row, 2 rows, 0 rows."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
