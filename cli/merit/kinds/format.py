"""The spec format's pieces that several clause kinds share: words, credit rules, the keys every clause
may carry (``COMMON``), licences, ``before_graduation``, and the record a kind's clause is read with.

A kind's own record lives in its module under merit.kinds; the whole requirement (``REQUIREMENT``) is
assembled from the registry in merit.kinds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from merit.engine.credit import FACTS
from merit.model.applicants import SECTORS
from merit.model.specs import Citation, Condition, CreditRule
from merit.requirements import BeforeGraduation, CredentialMatch, Lacking, Node
from merit.schema import INVALID, Field, Record, Type
from merit.schema_types import Boolean, Choice, Day, Lazy, Number, Term, Text, Words

# --- the rule syntax ----------------------------------------------------------


def _fact_type(kind: str) -> Type:
    """How the spec format reads a fact of merit.engine.credit.FACTS, by its kind."""
    if kind == "sectors":
        return Words(Choice(SECTORS))
    if kind == "words":
        return Words()
    if kind == "terms":
        return Words(Term())
    if kind == "percent":
        return Number(0, 100)
    if kind == "count":
        return Number(0, MAX_COUNT, integer=True)
    if kind == "flag":
        return Boolean()
    if kind == "grade":
        return Number(0, 99, integer=True)
    if kind == "date":
        return Day()
    return Text()


MAX_COUNT = 100_000  # people, courses: far above any real requirement, small enough to stay exact
MAX_MONTHS = 1200  # a hundred years of experience: any larger figure is a typing error
MAX_UNITS = 1000

CONDITION = Record(
    ref="condition",
    name="condition",
    description="Facts of a job that must all hold for the rule to apply.",
    fields={
        **{f.key: Field(_fact_type(f.kind), attr=f.attr, description=f.description) for f in FACTS},
        "order": Field(
            Text(), description="the level order (series orders:) that range_at_least, range_below and class_at_least compare by"
        ),
    },
    make=lambda line, **kw: Condition(**{k: v for k, v in kw.items() if v is not None}),
)


def _make_rule(line, certain=None, possible=None, none=None, because="", by_share=False):
    for credit, when in (("certain", certain), ("possible", possible), ("none", none)):
        if when is not None:
            return CreditRule(credit, when, because or "", bool(by_share), line)
    return INVALID


def _check_rule(values, nodes, ctx):
    given = [k for k in ("certain", "possible", "none") if k in nodes]
    if len(given) != 1:
        where = nodes[given[1]] if len(given) > 1 else ctx.here
        found = "both " + " and ".join(given) if given else "no outcome"
        ctx.error(where, f"credit rule has {found} (expected exactly one of certain, possible, none)")
    if values.get("by_share"):
        when = values.get("certain") or values.get("possible")
        if when is not None and not when.duties_any:
            ctx.error(nodes["by_share"], "by_share: the rule names no duties_any terms (expected the duties whose share of time counts)")


CREDIT_RULE = Record(
    ref="credit-rule",
    name="credit rule",
    description="How a job counts toward the requirement; the first rule whose facts hold decides.",
    fields={
        "certain": Field(CONDITION, description="jobs with these facts count for certain"),
        "possible": Field(CONDITION, description="jobs with these facts count only if an analyst accepts them"),
        "none": Field(CONDITION, description="jobs with these facts do not count"),
        "because": Field(Text(), description="why, in plain words (shown in the reasons)"),
        "by_share": Field(
            Boolean(),
            description="credit only the job's share of time in the rule's duties_any terms (duties given with percents)",
        ),
    },
    make=_make_rule,
    check=_check_rule,
)

class Keyed(Record):
    """A mapping people write as a bare value ("may_file_lacking: 6"): its wrong shape names its keys and an
    example of it, so that the line says how to write it."""

    __slots__ = ("example",)

    def __init__(self, example: str = "", **keywords) -> None:
        super().__init__(**keywords)
        self.example = example

    @property
    def expected(self) -> str:  # type: ignore[override]
        keys = [f"{k} (required)" if f.required else k for k, f in self.fields.items()]
        listed = ", ".join(keys[:-1]) + f" and {keys[-1]}" if len(keys) > 1 else "".join(keys)
        return f"a {self.name} mapping of {listed}" + (f", such as {self.name}: {self.example}" if self.example else "")


LACKING = Keyed(
    example="{months: 6}",
    ref="may-file-lacking",
    name="may_file_lacking",
    description='"Applicants who lack six months or less of the required experience may file": admitted on a condition.',
    fields={
        "months": Field(Number(0, MAX_MONTHS), required=True, example="6", description="at most this much experience lacking"),
        "condition": Field(
            Text(),
            default="cannot be appointed until the full experience requirement is met",
            description="the condition of admission, in the source's words",
        ),
        "section": Field(Text(), default="Process Notes", description="where the source says so"),
        "label": Field(Text(), description="the note's name or number in that section"),
    },
    make=lambda line, months, condition, section, label: Lacking(months, condition, Citation("", None, section, label)),
)

COMMON = {
    "id": Field(Text(), description="a name other nodes can refer to with ref"),
    "label": Field(Text(), description="how the source names this clause: Pattern I, General experience"),
    "summary": Field(Text(), description="the clause in short plain words"),
    "section": Field(Text(), description="the section of the source this clause sits in"),
    "otherwise": Field(Choice(("review",)), description="when not met, the source leaves it to an analyst"),
    "because": Field(Text(), description="the source's words that leave room for judgment"),
    "may_file_lacking": Field(LACKING, description="experience requirements under this clause admit applicants this short"),
}

NODE = Lazy(lambda: _requirement())  # a clause under a clause: any kind of the registry


def _requirement() -> Type:
    from merit.kinds import REQUIREMENT

    return REQUIREMENT


CREDENTIAL = Record(
    ref="credential",
    name="licence or certificate",
    description="Which licences or certificates of a record count.",
    fields={
        "kinds": Field(Words(), required=True, example="[registered nurse, RN]", description="any of these, as records name them"),
        "issuer": Field(Words(), description="words the issuer's name contains"),
        "jurisdiction": Field(Words(), description="the state or city that issued it"),
        "valid": Field(Boolean(), default=True, description="must not have expired on the as-of date (default true)"),
        "grades": Field(Words(), description="the order of its grades, lowest first: [T1, T2, T3]"),
        "grade_at_least": Field(Text(), description="the lowest grade that counts"),
        "by_examination": Field(Boolean(), default=False, description="only one obtained by written examination"),
        "years": Field(
            Number(0.25, 50),
            description="at least so many years long, as the record's kind states it ('a recognized five-year apprenticeship': 5)",
        ),
    },
    make=lambda line, kinds, issuer, jurisdiction, valid, grades, grade_at_least, by_examination, years: CredentialMatch(
        kinds, issuer or (), jurisdiction or (), valid, grades or (), grade_at_least, by_examination, years
    ),
    check=lambda values, nodes, ctx: check_grade(values, nodes, ctx),
)


def check_grade(values, nodes, ctx):
    grade = values.get("grade_at_least")
    if grade is None:
        return
    grades = [g.casefold() for g in values.get("grades") or ()]
    if grade.casefold() not in grades:
        known = ", ".join(values.get("grades") or ()) or "none: give grades: lowest first"
        ctx.error(nodes["grade_at_least"], f"grade_at_least: {grade!r} is not one of the grades (expected one of: {known})")


def one_of(values, nodes, ctx, keys: tuple[str, ...], name: str) -> None:
    given = [k for k in keys if k in nodes]
    if len(given) != 1:
        where = nodes[given[1]] if len(given) > 1 else ctx.here
        ctx.error(where, f"{name} has {' and '.join(given) or 'neither'} (expected exactly one of {', '.join(keys)})")


BEFORE_GRADUATION = Record(
    ref="before-graduation",
    name="before_graduation",
    description='Applicants close to the degree may file, admitted on a condition ("within six months of graduation").',
    fields={
        "condition": Field(Text(), required=True, description="the condition of admission, in the source's words"),
        "months": Field(Number(0, MAX_MONTHS), description="expected within this many months of the as-of date (default: any time)"),
        "senior": Field(Boolean(), default=False, description="only an applicant registered as a senior"),
        "section": Field(Text(), description="where the source says so, when not in the clause itself (Process Notes)"),
        "label": Field(Text(), description="the note's name or number in that section"),
    },
    make=lambda line, condition, months, senior, section, label: BeforeGraduation(
        condition, months, senior, Citation("", None, section, label) if section or label else None
    ),
)


def months_of(months: float | None, years: float | None) -> float:
    if months is not None:
        return float(months)
    if years is not None:
        return float(years) * 12
    return 0.0


def check_common(values, nodes, ctx):
    if "otherwise" in values and not values.get("because"):
        ctx.error(
            nodes["otherwise"],
            "otherwise: review gives no because (expected because: the source's words that leave room for judgment)",
        )


def clause(name: str, fields: dict[str, Field], build: Callable[[dict[str, Any], dict[str, Any]], Node]) -> Record:
    """The record of one kind's clause: the kind's own keys, then the keys every clause may carry.

    ``build(values, common)`` makes the node from the record's values; ``common`` holds the node's
    id, label, summary, citation, otherwise and because, ready to pass on as keywords.
    """

    def make(line, **kw):
        common = dict(
            id=kw.get("id"),
            label=kw.get("label"),
            summary=kw.get("summary") or "",
            citation=Citation("", None, kw.get("section"), None),
            short=kw.get("otherwise"),
            because=kw.get("because") or "",
            line=line,
        )
        node = build(kw, common)
        node.lacking = kw.get("may_file_lacking")
        return node

    return Record(name=name, fields={**fields, **COMMON}, make=make, check=check_common)
