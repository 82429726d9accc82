"""merit import: a spreadsheet's CSV export into checked applicant files."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment, Exit, UsageError


def register(app: typer.Typer) -> None:
    @app.command(
        "import",
        epilog="Exit codes: 0 every row imported; 2 a problem in the CSV or the mapping (the good applicants are still written), or a usage error.",
    )
    def import_(
        source: str = typer.Argument(..., metavar="FILE.csv", help="A CSV export: one row per job, or one row per applicant."),
        mapping: str = typer.Option(..., "--map", "-m", metavar="MAPPING.yaml", help="Which columns hold what (docs/reports.md)."),
        output: str = typer.Option(..., "--output", "-o", metavar="DIR", help="The directory for the applicant files (made if missing)."),
        specs: Optional[str] = specs_option("Class specs whose duty vocabulary the applicants use."),
    ) -> int:
        """Turn a CSV export into applicant files, one per applicant, checked as merit reads them."""
        from pathlib import Path

        from merit.importer import applicant_yaml, import_csv, load_mapping
        from merit.output import open_output
        from merit.problems import InputError
        from merit.specs import load_catalogue, specs_dir

        env = Environment()
        target = Path(output)
        if target.exists() and not target.is_dir():
            raise UsageError(f"--output {output} is not a directory (expected a directory for the applicant files)")
        try:
            catalogue = load_catalogue(specs_dir(specs))
        except InputError as err:
            for p in err.problems:
                env.error(str(p))
            return Exit.ERROR
        checked, problems = load_mapping(mapping, catalogue.terms, catalogue.questions)
        for p in problems:
            env.error(str(p))
        if checked is None:
            return Exit.ERROR
        done = import_csv(source, checked, mapping, catalogue.terms, catalogue.competency_ids, catalogue.questions)
        for p in done.problems:
            env.error(str(p))
        if done.applicants:
            target.mkdir(parents=True, exist_ok=True)
        from merit.names import safe_name

        taken: set[str] = set()
        for applicant_id, data, rows in done.applicants:
            with open_output(str(target / safe_name([applicant_id], ".yaml", taken)), env) as out:
                out.write(applicant_yaml(data, source, rows))
        # every row is accounted for: imported, rejected with its problems above, or blank
        env.error(
            f"{source}: {done.rows:,} rows: {done.imported_rows:,} imported as {len(done.applicants):,} applicant files in {output}, "
            f"{done.rejected_rows:,} not imported" + (f"; {done.blank:,} blank rows skipped" if done.blank else "")
        )
        return Exit.ERROR if done.problems else Exit.OK
