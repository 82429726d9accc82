"""How the arithmetic reads in reasons: figures cut, never rounded up, so a reason never overstates."""

from __future__ import annotations

import math

from merit.model.specs import Citation

EPS = 1e-9


def cut(x: float) -> float:
    """A number as it is shown: whole numbers as such (a float's last digit is no figure), else two decimals
    cut (5.999 is 5.99, not 6)."""
    whole = round(x)  # an int
    if abs(x - whole) < 1e-6:
        return float(whole)
    return math.floor(x * 100 + 1e-6) / 100


def fmt(x: float) -> str:
    """A number of months, years or units as every output shows it (reasons, show, compare): see cut."""
    shown = cut(x)
    return str(int(shown)) if shown.is_integer() else f"{shown:.2f}".rstrip("0").rstrip(".")


def count(x: float, unit: str) -> str:
    """A figure with its unit, singular for exactly one: "1 year", "1.5 years", "0 years"."""
    text = fmt(x)
    return f"{text} {unit}" if text == "1" else f"{text} {unit}s"


def pct(part: float, whole: float) -> str:
    """A share as a whole percent, cut: 99.9% is 99%, so 100% always means met."""
    if whole <= 0:
        return "100%"
    return f"{math.floor(part / whole * 100 + 1e-6)}%"


def name(node, fallback: str) -> str:
    """How the source names a clause, or what kind of clause it is."""
    return node.label or fallback


# The text of each citation, built once: every reason of a batch cites one of a few
# hundred clauses. The entry holds the citation, so its id is not reused meanwhile.
_CITES: dict[int, tuple[Citation, str]] = {}


def cite(node) -> str:
    """The citation of a clause as text: series, class, section and pattern."""
    citation = node.citation
    if citation is None:
        return ""
    hit = _CITES.get(id(citation))
    if hit is None or hit[0] is not citation:
        hit = _CITES[id(citation)] = (citation, str(citation))
    return hit[1]


def questions(whys) -> str:
    """What an analyst must decide, as a clause to append to a reason's detail."""
    found = sorted({why for why in whys if why})
    return "; an analyst must decide: " + "; ".join(found) if found else ""
