"""File names made from what people wrote (ids, class ids): safe in any directory and unique within a run."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(parts: list[str], suffix: str, taken: set[str]) -> str:
    """``A-1001-JI60.md``: each part with anything but letters, digits, ``._-`` made ``_`` (so no ``/`` or
    ``..`` leads out of the directory, and none begins with ``-``), a number added where two would otherwise meet."""
    stem = "-".join(_UNSAFE.sub("_", p).strip("._") or "_" for p in parts)[:150]
    if stem.startswith("-"):  # `merit screen *.yaml` would read -rf.yaml as an option
        stem = "_" + stem[1:]
    name, k = stem + suffix, 1
    while name in taken:
        k += 1
        name = f"{stem}-{k}{suffix}"
    taken.add(name)
    return name
