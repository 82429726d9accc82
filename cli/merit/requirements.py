"""The requirement tree of a class: what every clause has, and the parts several kinds carry.

A class's minimum qualifications are a tree: alternatives (``any_of``), parts
that must all hold (``all_of``), and leaves that ask for experience,
education, coursework or a licence, or that leave the question to an analyst
(``judgment``). Each kind's node type lives in its own module under
merit.kinds (``merit.kinds.experience.Experience``, ...); this module holds
their common base (``Node``): how the source names a clause (``label``), a
plain-words ``summary`` and, once loaded, the citation of the clause.

Code that walks any node may read ``children``, ``including``, ``credit`` and
``substitution`` on every kind: kinds without them answer empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from merit.model.specs import Citation, CreditRule, Places

if TYPE_CHECKING:
    from merit.kinds.education import Substitution


class Node:
    """What every clause has: its name in the source, a summary, the citation, and the source's exceptions."""

    __slots__ = ("id", "label", "summary", "citation", "short", "because", "lacking", "line")

    kind = ""
    children: list[Node] | tuple = ()
    including: Sequence[Node] = ()  # nested minimums (experience)
    credit: list[CreditRule] | tuple = ()
    substitution: Substitution | None = None

    def __init__(
        self,
        id: str | None = None,
        label: str | None = None,
        summary: str = "",
        citation: Citation | None = None,
        short: str | None = None,
        because: str = "",
        line: int = 0,
    ) -> None:
        self.id = id
        self.label = label  # "Pattern I", "General experience"
        self.summary = summary  # our plain-words summary of the clause
        self.citation = citation
        self.short = short  # when not met: "review" (with because)
        self.because = because  # why the source leaves it to judgment
        # may file if lacking at most so much experience: stated here, or (on experience) passed down
        self.lacking: Lacking | None = None
        self.line = line

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label or self.id or ''!r})"


class Parent(Node):
    """A clause made of other clauses (alternatives, parts, the clause a judgment is provided on): the one
    kind of node whose ``children`` may be replaced, as loading does when it finishes them."""

    __slots__ = ("children",)

    children: list[Node]


class Lacking:
    """"Applicants who lack six months or less of the required experience may file …": admitted on a condition."""

    __slots__ = ("months", "condition", "citation")

    def __init__(self, months: float, condition: str, citation: Citation | None = None) -> None:
        self.months = months
        self.condition = condition  # "cannot be appointed until the full experience requirement is met"
        self.citation = citation  # where the source says so (a process note)


class CredentialMatch:
    """Which licences or certificates of a record a clause asks for, and in what state."""

    __slots__ = (
        "kinds",
        "issuer",
        "jurisdiction",
        "valid",
        "grades",
        "grade_at_least",
        "by_examination",
        "years",
        "places",
        "abbreviations",
    )

    def __init__(
        self,
        kinds: tuple[str, ...],
        issuer: tuple[str, ...] = (),
        jurisdiction: tuple[str, ...] = (),
        valid: bool = True,
        grades: tuple[str, ...] = (),
        grade_at_least: str | None = None,
        by_examination: bool = False,
        years: float | None = None,
    ) -> None:
        self.kinds = kinds  # any of these, as records name them ("registered nurse", "RN")
        self.issuer = issuer  # words the issuer's name contains
        self.jurisdiction = jurisdiction
        self.valid = valid  # not expired on the as-of date
        self.grades = grades  # the order of grades, lowest first
        self.grade_at_least = grade_at_least
        self.by_examination = by_examination
        self.years = years  # "a recognized five-year apprenticeship": at least so long, as the record's kind states it
        self.places: Places | None = None  # how records write places, set on loading
        # the series' short forms (normalized short word -> normalized long form), set on loading: "LADBS" is
        # the Department of Building and Safety in an issuer as in a class name
        self.abbreviations: tuple[tuple[str, str], ...] = ()


class BeforeGraduation:
    """Applicants close to a degree may file and are admitted on a condition ("within six months of graduation")."""

    __slots__ = ("months", "senior", "condition", "citation")

    def __init__(
        self, condition: str, months: float | None = None, senior: bool = False, citation: Citation | None = None
    ) -> None:
        self.condition = condition
        self.months = months  # expected within this many months of the as-of date; None: any time
        self.senior = senior  # only an applicant registered as a senior
        self.citation = citation  # where the source says so (a process note), if not the clause itself


def walk(node: Node):
    """The node and every clause under it (parts, alternatives, nested minimums, substitutions), depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        sub = n.substitution
        if sub is not None:
            stack.append(sub.experience)
        stack.extend(reversed(n.including))
        stack.extend(reversed(n.children))
