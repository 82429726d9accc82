"""How the arithmetic reads in reasons: figures cut, never rounded up, so a reason never overstates."""

from __future__ import annotations

import math
from collections.abc import Callable

from merit.model.decisions import Reason
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


def shortfall(x: float) -> str:
    """What is lacking as shown: rounded up to hundredths, where a credit is cut down, so that the two add
    to what is needed (66.03 of 72 months lacks 5.97, not 5.96) and a shortfall is never understated."""
    return fmt(math.ceil(x * 100 - 1e-6) / 100 if abs(x - round(x)) >= 1e-6 else x)


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


_DETAIL = Reason.__dict__["detail"]  # the slot a Reason keeps its detail in


class LazyReason(Reason):
    """A reason whose detail is written when first read: what a summary record decides (``Detail.SUMMARY``).

    A summary shows the words of a few clauses (the one that met, or the one that came closest);
    the arithmetic of the others is never read, so it is never written. ``words`` makes the same
    text the clause's judging would have written at once, from values fixed when it was judged.
    Read, or written to (``detail += ...``), it is an ordinary reason.
    """

    __slots__ = ("_words",)

    def __init__(
        self,
        requirement: str,
        outcome: str,
        words: Callable[[], str],
        citation: str = "",
        children: list[Reason] | None = None,
    ) -> None:
        # Reason.__init__, but the detail left to be written (through the property, it would cost a call)
        self.requirement = requirement
        self.outcome = outcome
        self._words: Callable[[], str] | None = words
        self.citation = citation
        self.children = [] if children is None else children
        self.share = 0.0

    @property
    def detail(self) -> str:
        words = self._words
        if words is not None:
            self._words = None
            _DETAIL.__set__(self, words())
        return _DETAIL.__get__(self, Reason)

    @detail.setter
    def detail(self, text: str) -> None:
        self._words = None
        _DETAIL.__set__(self, text)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in Reason.__slots__)
        return f"Reason({fields})"

    def __reduce__(self):  # pickled (or copied) as the plain reason it reads as
        return _plain, (self.requirement, self.outcome, self.detail, self.citation, self.children, self.share)


def _plain(requirement: str, outcome: str, detail: str, citation: str, children: list[Reason], share: float) -> Reason:
    reason = Reason(requirement, outcome, detail, citation, children)
    reason.share = share
    return reason
