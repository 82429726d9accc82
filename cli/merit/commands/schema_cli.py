"""merit schema: the JSON Schema of the applicant or the spec format, for editors."""

from __future__ import annotations

from typing import Optional

import typer

from merit.commands.options import specs_option
from merit.env import Environment, Exit

KINDS = ("applicant", "spec", "determinations", "policy")


def schema_text(kind: str, specs: str | None = None) -> str:
    """The schema as merit prints it (and as docs/schema/ holds it): indented JSON."""
    import json

    import merit

    return json.dumps(merit.json_schema(kind, merit.specs_dir(specs)), indent=2, ensure_ascii=False) + "\n"


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 success; 2 usage error (unknown kind) or invalid spec files.")
    def schema(
        kind: str = typer.Argument(..., metavar="applicant|spec|determinations|policy", help="Which format."),
        specs: Optional[str] = specs_option("Their duty terms are in the schema."),
    ) -> int:
        """Print the JSON Schema of the applicant, spec, determinations or policy file format (for editors; see docs/editor.md)."""
        env = Environment()
        word = kind.strip().lower()
        if word not in KINDS:
            from merit import suggest

            env.error(
                f"merit schema: error: unknown file kind {kind!r} (expected applicant, spec, determinations or policy){suggest(word, KINDS)}"
            )
            return Exit.ERROR
        env.stdout.write(schema_text(word, specs))
        return Exit.OK
