"""Options several commands share, defined once: one spelling, one help and one completion each
(--class, --series, --as-of, --format, --output, --specs), and the parsing of their values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from merit import Catalogue
    from merit.env import Environment

CLASS_HELP = "A class by id, code, alias or title (JI60, 1009, 6J27); repeat or comma-separate."
SERIES_HELP = "Every level of a series, or of every series of a family such as customer-service."
AS_OF_HELP = "The date on which qualifications are judged, YYYY-MM-DD (default: today)."
SPECS_HELP = "A directory of class specs to use instead of the bundled ones."


def specs_option(what_for: str = ""):
    """--specs DIR, also from $MERIT_SPECS; ``what_for`` says what the command reads from them."""
    return typer.Option(None, "--specs", metavar="DIR", envvar="MERIT_SPECS", help=SPECS_HELP + (f" {what_for}" if what_for else ""))


def class_option():
    """--class ID (-c), repeated or comma-separated."""
    return typer.Option(None, "--class", "-c", metavar="ID", help=CLASS_HELP, autocompletion=complete_class)


def classes_alias():
    """--classes: the spelling merit compare had before --class, kept and hidden."""
    return typer.Option(None, "--classes", metavar="ID", hidden=True, autocompletion=complete_class)


def series_option(what_for: str = ""):
    """--series ID (-s); ``what_for`` says what the command does with it beyond choosing the classes."""
    return typer.Option(
        None, "--series", "-s", metavar="ID", help=SERIES_HELP + (f" {what_for}" if what_for else ""), autocompletion=complete_series
    )


def as_of_option():
    """--as-of DATE, read with parse_date."""
    return typer.Option(None, "--as-of", metavar="DATE", help=AS_OF_HELP)


def format_option(formats: tuple[str, ...], default: str | None = None, note: str = ""):
    """--format FORMAT (-f): one of ``formats``, listed in the help (the help shows a ``default``), with ``note``."""
    listed = f"{', '.join(formats[:-1])} or {formats[-1]}" if len(formats) > 1 else formats[0]
    return typer.Option(
        default, "--format", "-f", metavar="FORMAT", help=f"{listed}{f' ({note})' if note else ''}.", autocompletion=choices(*formats)
    )


def output_option(what: str = "FILE", note: str = "", required: bool = False):
    """--output FILE or DIR (-o), written atomically; ``note`` says what goes there or the default."""
    said = "Write to this file (atomically)" if what == "FILE" else "Write the files into this directory (made if missing)"
    return typer.Option(... if required else None, "--output", "-o", metavar=what, help=f"{said}{f'; {note}' if note else ''}.")


def parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    """A date as applicant files write one (YYYY-MM-DD); other ways of writing it get a suggestion."""
    if value is None:
        return None
    import merit

    try:
        return merit.parse_date(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from None


def choices(*words: str):
    """Shell completion of an option that takes one of these words (--format, --reasons)."""

    def complete(incomplete: str) -> list[str]:
        return [w for w in words if w.startswith(incomplete)]

    return complete


def complete_class(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --class: the ids and codes of the classes ($MERIT_SPECS, else the bundled ones), with their titles."""
    catalogue = _catalogue()
    if catalogue is None:
        return []
    out: dict[str, str] = {}
    low = incomplete.lower()
    for c in catalogue.classes:
        for name in (c.id, *c.codes.values(), *c.aliases):
            if name.lower().startswith(low):
                out.setdefault(name, c.title)
    return sorted(out.items())


def complete_series(incomplete: str) -> list[str]:
    """Shell completion of --series: series ids and the families they belong to."""
    catalogue = _catalogue()
    if catalogue is None:
        return []
    return [name for name in catalogue.series_names() if name.lower().startswith(incomplete.lower())]


def _catalogue():
    import os

    from merit import InputError, load_catalogue, specs_dir

    try:
        return load_catalogue(specs_dir(os.environ.get("MERIT_SPECS")))
    except (InputError, OSError):  # completion offers nothing rather than an error in the middle of a line
        return None


def load_specs(directory: Path, env: Environment) -> Catalogue:
    """merit.load_catalogue, with what loading skipped said as one warning line each, whether the specs
    load or not (then the InputError, with its problems, is the caller's to report)."""
    from merit import InputError, load_catalogue

    try:
        catalogue = load_catalogue(directory)
    except InputError as err:
        _warn(err.warnings, env)
        raise
    _warn(catalogue.warnings, env)
    return catalogue


def _warn(warnings: list[str], env: Environment) -> None:
    for warning in warnings:
        env.error(f"merit: warning: {warning}")


def catalogue_or_none(specs: str | None, env: Environment) -> Catalogue | None:
    """The specs to compare results with (--specs, $MERIT_SPECS, else the bundled ones); None when they
    cannot be read, since these commands only read results."""
    from merit import InputError, specs_dir

    try:
        return load_specs(specs_dir(specs), env)
    except (InputError, OSError):
        return None
