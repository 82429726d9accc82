"""The requirement tree of a class: one type per kind of clause, named as the spec format's keys.

A class's minimum qualifications are a tree: alternatives (``any_of``), parts
that must all hold (``all_of``), and leaves that ask for experience,
education, coursework or a licence, or that leave the question to an analyst
(``judgment``). Each node carries how the source names it (``label``), a
plain-words ``summary`` and, once loaded, the citation of the clause.

Code that walks any node may read ``children``, ``including``, ``credit`` and
``substitution`` on every kind: kinds without them answer empty.
"""

from __future__ import annotations

from merit.model import Citation, CreditRule


class Node:
    """What every clause has: its name in the source, a summary, the citation, and the source's exceptions."""

    __slots__ = ("id", "label", "summary", "citation", "short", "because", "line")

    kind = ""
    children: list[Node] | tuple = ()
    including: list[Experience] | tuple = ()
    credit: list[CreditRule] | tuple = ()
    substitution: object = None

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
        self.line = line

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label or self.id or ''!r})"


class AnyOf(Node):
    """Alternatives: any one meets ("Either I … Or II …"); some may combine on a proportional basis."""

    __slots__ = ("children", "proportional")
    kind = "any_of"

    def __init__(self, children: list[Node], proportional: tuple[str, ...] = (), **common) -> None:
        super().__init__(**common)
        self.children = children
        self.proportional = proportional  # ids of children combined on a proportional basis


class AllOf(Node):
    """Every part must be met ("education AND general experience AND specific experience")."""

    __slots__ = ("children", "distinct_periods")
    kind = "all_of"

    def __init__(self, children: list[Node], distinct_periods: bool = False, **common) -> None:
        super().__init__(**common)
        self.children = children
        self.distinct_periods = distinct_periods  # a period of experience counts toward one part only


class Experience(Node):
    """Months (or any amount) of experience, credited job by job by the first credit rule whose facts hold."""

    __slots__ = ("months", "some", "credit", "paid", "including", "judgment")
    kind = "experience"

    def __init__(
        self,
        months: float = 0.0,
        some: bool = False,
        credit: list[CreditRule] | None = None,
        paid: bool = False,
        including: list[Experience] | None = None,
        judgment: str | None = None,
        **common,
    ) -> None:
        super().__init__(**common)
        self.months = months
        self.some = some  # "experience in customer service", no length given
        self.credit = [] if credit is None else credit
        self.paid = paid
        self.including = [] if including is None else including  # nested minimums
        self.judgment = judgment  # caps credit at "possible": "increasingly responsible"


class Substitution:
    """Experience substituted for required education, e.g. year-for-year up to two years."""

    __slots__ = ("experience", "years_per_year", "max_years", "required_years")

    def __init__(
        self,
        experience: Experience,
        years_per_year: float = 1.0,
        max_years: float = 2.0,
        required_years: float = 4.0,
    ) -> None:
        self.experience = experience
        self.years_per_year = years_per_year
        self.max_years = max_years
        self.required_years = required_years  # years of education the requirement stands for


class Education(Node):
    """A level of education, in a field, with coursework; registration as a senior may admit on a condition."""

    __slots__ = ("level", "fields_certain", "fields_possible", "subjects_all", "senior", "substitution")
    kind = "education"

    def __init__(
        self,
        level: str = "twelfth-grade",
        fields_certain: tuple[str, ...] = (),
        fields_possible: tuple[str, ...] = (),
        subjects_all: tuple[str, ...] = (),
        senior: str | None = None,
        substitution: Substitution | None = None,
        **common,
    ) -> None:
        super().__init__(**common)
        self.level = level
        self.fields_certain = fields_certain
        self.fields_possible = fields_possible
        self.subjects_all = subjects_all
        self.senior = senior  # condition text when registration as a senior admits
        self.substitution = substitution


class Judgment(Node):
    """The source leaves it to an analyst ("any equivalent combination …"), optionally provided another clause holds."""

    __slots__ = ("children",)
    kind = "judgment"

    def __init__(self, provided: Node | None = None, **common) -> None:
        super().__init__(**common)
        self.children = [provided] if provided is not None else []


class Ref(Node):
    """Stands for another clause of the class, by its id; replaced by that clause when the spec is loaded."""

    __slots__ = ("ref",)
    kind = "ref"

    def __init__(self, ref: str, **common) -> None:
        super().__init__(**common)
        self.ref = ref


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
