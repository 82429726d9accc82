"""Options several commands share, defined once."""

from __future__ import annotations

import typer


def specs_option(help: str = "A directory of class specs to use instead of the bundled ones."):
    """--specs DIR, also from $MERIT_SPECS."""
    return typer.Option(None, "--specs", metavar="DIR", envvar="MERIT_SPECS", help=help)
