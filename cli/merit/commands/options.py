"""Options several commands share, defined once."""

from __future__ import annotations

import typer


def specs_option(help: str = "A directory of class specs to use instead of the bundled ones."):
    """--specs DIR, also from $MERIT_SPECS."""
    return typer.Option(None, "--specs", metavar="DIR", envvar="MERIT_SPECS", help=help)


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
