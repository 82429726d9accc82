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

    from merit.schema import document_schema
    from merit.specs import load_terms, specs_dir

    terms = load_terms(specs_dir(specs), [])
    if kind == "applicant":
        from merit.applicants import APPLICANT

        schema = document_schema(APPLICANT, title="merit applicant file", terms=terms, many=True)
    elif kind == "determinations":
        from merit.determinations import DETERMINATION

        schema = document_schema(DETERMINATION, title="merit determinations file", many=True)
    elif kind == "policy":
        from merit.policy import POLICY

        schema = document_schema(POLICY, title="merit policy file")
    else:
        from merit.specs import SPEC_FILE

        schema = document_schema(SPEC_FILE, title="merit class spec file", terms=terms)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def register(app: typer.Typer) -> None:
    @app.command(epilog="Exit codes: 0 success; 2 usage error (unknown kind) or invalid spec files.")
    def schema(
        kind: str = typer.Argument(..., metavar="applicant|spec|determinations|policy", help="Which format."),
        specs: Optional[str] = specs_option("Take duty terms from this specs directory too."),
    ) -> int:
        """Print the JSON Schema of the applicant, spec, determinations or policy file format (for editors; see docs/editor.md)."""
        env = Environment()
        word = kind.strip().lower()
        if word not in KINDS:
            from merit.schema import suggest

            env.error(
                f"merit schema: error: unknown file kind {kind!r} (expected applicant, spec, determinations or policy){suggest(word, KINDS)}"
            )
            return Exit.ERROR
        env.stdout.write(schema_text(word, specs))
        return Exit.OK
