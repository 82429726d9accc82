"""``experience``: months (or any amount) of experience, credited job by job by the first credit rule whose
facts hold; nested minimums (``including``), ``after`` a credential, education for experience lacking.

The judging's arithmetic (tiers of credit, nested minimums, after, education for experience) lives in
merit.engine.experience, which this unit imports; the rule facts in merit.engine.credit.
"""

from __future__ import annotations

from merit.applicant_format import LEVEL_SYNONYMS
from merit.engine.experience import experience
from merit.engine.substitution import program_as_credential
from merit.engine.wording import fmt
from merit.kinds.format import (
    CREDENTIAL,
    CREDIT_RULE,
    MAX_MONTHS,
    MAX_UNITS,
    Words,
    clause,
    months_of,
    one_of,
)
from merit.model.applicants import EDUCATION_LEVELS
from merit.model.specs import CreditRule
from merit.requirements import CredentialMatch, Node
from merit.schema import Field, Record
from merit.schema_types import Boolean, Choice, Lazy, ListOf, Number, Text

KEY = "experience"
LABEL = "Experience"  # how an outline names the clause when the source gives no label


class After:
    """Only experience after a credential counts ("following the completion of a recognized apprenticeship"),
    after another clause is met ("after meeting the minimum requirements, two more years"), or only while a
    credential was held ("experience while certified as ...")."""

    __slots__ = ("credential", "level", "fields", "what", "accredited", "met", "clause", "while_held")

    def __init__(
        self,
        credential: CredentialMatch | None = None,
        level: str | None = None,
        fields: tuple[str, ...] = (),
        what: str = "",
        accredited: bool = False,
        met: str | None = None,
        while_held: bool = False,
    ) -> None:
        self.credential = credential  # a licence or certificate, dated by when it was issued
        self.level = level  # or an education level, dated by when it was conferred
        self.fields = fields  # in one of these fields of study, if given
        self.what = what  # how the source names it, for reasons
        self.accredited = accredited  # the degree from an accredited school
        self.met = met  # or the id of a clause, dated by the first day it was met
        self.clause: Node | None = None  # that clause, found when the class is loaded
        self.while_held = while_held  # the credential's experience ends when it expired


class EducationCredit:
    """Education substituted for experience: "a plumbing program … for each year of experience lacking"."""

    __slots__ = (
        "subjects",
        "accredited",
        "per_year",
        "per_course",
        "max_months",
        "summary",
        "year_units",
        "whole",
        "related_subjects",
        "per_degree",
        "level",
        "units_each_year",
    )

    def __init__(
        self,
        subjects: tuple[str, ...] = (),
        accredited: bool = False,
        per_year: float = 0.0,
        per_course: float = 0.0,
        max_months: float = 0.0,
        summary: str = "",
        year_units: float = 30.0,
        whole: bool = False,
        related_subjects: tuple[str, ...] = (),
        per_degree: float = 0.0,
        level: str | None = None,
        units_each_year: float = 0.0,
    ) -> None:
        self.per_degree = per_degree  # or months of experience a completed degree in the subjects stands for, flat
        self.level = level  # the degree's level, with per_degree
        self.units_each_year = units_each_year  # a year of any college counts if it includes this many units in the subjects
        self.related_subjects = related_subjects  # education in these counts only if an analyst accepts it
        self.year_units = year_units  # semester units that make a "year" of the education (12 in some bulletins)
        self.whole = whole  # "for each year": only whole years count, a part of one does not
        self.subjects = subjects  # the education's field, coursework or course titles name one of these
        self.accredited = accredited
        self.per_year = per_year  # months of experience per year of such education (30 semester units)
        self.per_course = per_course  # or per course of it
        self.max_months = max_months
        self.summary = summary


class Experience(Node):
    """Months (or any amount) of experience, credited job by job by the first credit rule whose facts hold."""

    __slots__ = (
        "months",
        "some",
        "hours",
        "credit",
        "paid",
        "including",
        "judgment",
        "after",
        "education_substitution",
        "calendar",
        "typical",
    )
    kind = KEY
    including: list[Experience]  # nested minimums are experience: "of which 1 year supervising"

    def __init__(
        self,
        months: float = 0.0,
        some: bool = False,
        credit: list[CreditRule] | None = None,
        paid: bool = False,
        including: list[Experience] | None = None,
        judgment: str | None = None,
        hours: float | None = None,
        after: After | None = None,
        education_substitution: EducationCredit | None = None,
        calendar: bool = False,
        typical: tuple[float, float] | None = None,
        **common,
    ) -> None:
        super().__init__(**common)
        self.typical = typical  # the source's typical range in years, low and high: "2-4 years"
        self.calendar = calendar  # part-time work counts as calendar time, not in proportion to its hours
        self.months = months
        self.some = some  # "experience in customer service", no length given
        self.hours = hours  # "4,160 cumulative work hours": months are set from the series' hours per month
        self.credit = [] if credit is None else credit
        self.paid = paid
        self.including = [] if including is None else including  # nested minimums
        self.judgment = judgment  # caps credit at "possible": "increasingly responsible"
        self.after = after
        self.education_substitution = education_substitution  # education for experience lacking


def check_months(values, nodes, ctx):
    given = [k for k in ("months", "years", "hours") if k in nodes]
    if len(given) > 1:
        ctx.error(nodes[given[1]], f"{given[1]}: given with {given[0]} (expected one of months, years or hours)")


def _make_after(line, license, education, met, while_held, summary):
    education = education or {}
    return After(
        license,
        education.get("level"),
        tuple(education.get("fields") or ()),
        summary or "",
        bool(education.get("accredited")),
        met,
        bool(while_held),
    )


def _check_after(values, nodes, ctx):
    one_of(values, nodes, ctx, ("license", "education", "met"), "after")
    if values.get("while_held") and "license" not in values:
        ctx.error(nodes["while_held"], "while_held: only a licence or certificate is held for a time (expected license: with it)")


AFTER = Record(
    ref="after",
    name="after",
    description="Only experience after obtaining this, or after another clause is met, counts.",
    fields={
        "license": Field(CREDENTIAL, description="a licence or certificate (dated by when it was issued)"),
        "education": Field(Lazy(lambda: AFTER_EDUCATION), description="an education level (dated by when it was conferred)"),
        "met": Field(
            Text(),
            description='the id of another clause, dated by the first day it was met ("after meeting the minimum requirements")',
        ),
        "while_held": Field(
            Boolean(),
            default=False,
            description='with license: only experience while it was held, up to its expiry ("while certified as ...")',
        ),
        "summary": Field(Text(), description="how the source names it: the completion of a recognized apprenticeship"),
    },
    make=_make_after,
    check=_check_after,
)

AFTER_EDUCATION: Record = Record(
    name="education in after",
    fields={
        "level": Field(
            Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS), required=True, description="the level whose completion starts the count"
        ),
        "fields": Field(Words(), description="in one of these fields of study (the major)"),
        "accredited": Field(Boolean(), default=False, description="only a degree from an accredited school"),
    },
)


EDUCATION_CREDIT = Record(
    ref="education-for-experience",
    name="experience substitution (education for experience)",
    description="Education substituted for experience lacking.",
    fields={
        "subjects": Field(Words(), required=True, description="the education's field, coursework or course titles name one of these"),
        "related_subjects": Field(Words(), description='education in these counts only if an analyst accepts it ("or a related field")'),
        "accredited": Field(Boolean(), default=False, description="only education from an accredited school"),
        "per_year": Field(Number(0, MAX_MONTHS), description="months of experience per year of such education (30 semester units)"),
        "per_course": Field(Number(0, MAX_MONTHS), description="months of experience per course of it"),
        "max_months": Field(Number(0, MAX_MONTHS), required=True, description="at most this many months"),
        "year_units": Field(
            Number(1, MAX_UNITS), default=30.0, description='semester units that make a year of it ("12 semester units ... for each year"; default 30)'
        ),
        "whole": Field(Boolean(), default=False, description="only whole years (or courses) count, a part of one does not"),
        "per_degree": Field(
            Number(0, MAX_MONTHS),
            description='or months of experience a completed degree (level) with a major in the subjects stands for, flat ("a degree in accounting may substitute for two years")',
        ),
        "level": Field(
            Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS), description="with per_degree: the degree, or a higher one"
        ),
        "units_each_year": Field(
            Number(0, MAX_UNITS),
            description='with per_year: a year of any college counts if it includes this many semester units in the subjects ("a year of college which includes three units in real estate")',
        ),
        "summary": Field(Text()),
    },
    make=lambda line, subjects, related_subjects, accredited, per_year, per_course, max_months, year_units, whole, per_degree, level, units_each_year, summary: EducationCredit(
        subjects, accredited, per_year or 0.0, per_course or 0.0, max_months, summary or "", year_units, whole, related_subjects or (),
        per_degree or 0.0, level, units_each_year or 0.0,
    ),
    check=lambda values, nodes, ctx: _check_education_credit(values, nodes, ctx),
)


def _check_education_credit(values, nodes, ctx):
    one_of(values, nodes, ctx, ("per_year", "per_course", "per_degree"), "substitution")
    if ("per_degree" in values) != ("level" in values):
        given, missing = ("per_degree", "level") if "per_degree" in values else ("level", "per_degree")
        ctx.error(nodes[given], f"{given}: given without {missing} (expected per_degree: months with level: the degree)")
    if "units_each_year" in values and "per_year" not in values:
        ctx.error(nodes["units_each_year"], "units_each_year: only a year of college includes units (expected per_year: with it)")

EXPERIENCE_BODY = Record(
    ref="experience",
    name="experience",
    fields={
        "months": Field(Number(0, MAX_MONTHS), description="months of full-time experience required"),
        "years": Field(Number(0, MAX_MONTHS / 12), description="years of full-time experience required (12 months each)"),
        "hours": Field(
            Number(0, MAX_MONTHS * 200), description="cumulative hours of work required (months from the series' hours_per_month)"
        ),
        "credit": Field(ListOf(CREDIT_RULE), required=True, description="rules for which jobs count"),
        "paid": Field(Boolean(), description="only paid work counts"),
        "prorate": Field(
            Boolean(),
            default=True,
            description='false: part-time work counts as calendar time ("six months of experience as a police explorer", not full-time)',
        ),
        "including": Field(
            ListOf(Lazy(lambda: INCLUDING)),
            description='nested minimums: "at least one year of which shall include ..."',
        ),
        "judgment": Field(
            Text(), description='words that make every credit an analyst\'s call ("increasingly responsible")'
        ),
        "after": Field(AFTER, description="only experience after obtaining a licence, certificate or degree counts"),
        "substitution": Field(EDUCATION_CREDIT, description="education that may make up experience lacking"),
        "typical_years": Field(
            ListOf(Number(0, MAX_MONTHS / 12), most=2, items="years"),
            example="[2, 4]",
            description='the source\'s typical range, low and high ("2-4 years"); the clause requires the low end',
        ),
    },
    check=lambda values, nodes, ctx: (check_months(values, nodes, ctx), check_typical(values, nodes, ctx)),
)


def check_typical(values, nodes, ctx):
    typical = values.get("typical_years")
    if typical is None:
        return
    if len(typical) != 2 or typical[0] > typical[1]:
        ctx.error(nodes["typical_years"], "typical_years: give the low and the high end (expected [low, high], as [2, 4])")
        return
    if "years" in values or "months" in values:
        required = values.get("years", (values.get("months") or 0) / 12)
        if required != typical[0]:
            ctx.error(
                nodes["typical_years"],
                f"typical_years: the low end {typical[0]:g} is not the {required:g} year{'' if required == 1 else 's'} this clause requires"
                " (expected the range's low end as the requirement)",
            )


INCLUDING: Record = Record(
    ref="nested-minimum",
    name="nested minimum",
    fields={
        "label": Field(Text()),
        "summary": Field(Text()),
        "months": Field(Number(0, MAX_MONTHS)),
        "years": Field(Number(0, MAX_MONTHS / 12)),
        "credit": Field(ListOf(CREDIT_RULE), required=True),
    },
    make=lambda line, label, summary, months, years, credit: Experience(
        label=label,
        summary=summary or "",
        months=months_of(months, years),
        some=months is None and years is None,
        credit=credit,
    ),
)


def build(values, common) -> Experience:
    body = values["experience"]
    hours = body.get("hours")
    return Experience(
        months=months_of(body.get("months"), body.get("years")),
        some=body.get("months") is None and body.get("years") is None and hours is None,
        credit=body["credit"],
        paid=bool(body.get("paid")),
        including=body.get("including") or [],
        judgment=body.get("judgment"),
        hours=hours,
        after=body.get("after"),
        education_substitution=body.get("substitution"),
        calendar=body.get("prorate") is False,
        typical=tuple(body["typical_years"]) if body.get("typical_years") else None,
        **common,
    )


def judge(node, run, exclude=frozenset()):
    """The three-valued judging, in merit.engine.experience; a program of education for experience lacking
    that the record lists with its licences leaves the clause to an analyst (merit.engine.credentials)."""
    return program_as_credential(node, run, experience(node, run, exclude))

RECORD = clause("experience requirement", {"experience": Field(EXPERIENCE_BODY, required=True)}, build)


def words(node, plain) -> str:
    return node.label or "experience"


def notes(node) -> list[str]:
    out = []
    if node.paid:
        out.append("paid work only")
    if node.judgment:
        out.append(f"an analyst decides {node.judgment}")
    if node.after is not None:
        what = node.after.what or "the credential"
        out.append(f"only experience while {what} was held counts" if node.after.while_held else f"only experience after {what} counts")
    sub = node.education_substitution
    if sub is not None:
        if sub.per_degree:
            from merit.kinds.education import EDUCATION_WORDS  # that module builds on this one

            rate = f"{fmt(sub.per_degree)} months for {EDUCATION_WORDS.get(sub.level or '', sub.level)} or higher"
        elif sub.per_year:
            rate = f"{fmt(sub.per_year)} months per year"
            if sub.units_each_year:
                rate += f" of college including {fmt(sub.units_each_year)} units in them"
        else:
            rate = f"{fmt(sub.per_course)} months per course"
        out.append(
            f"education in {' or '.join(sub.subjects)}{' (accredited)' if sub.accredited else ''} may make up"
            f" experience lacking: {rate}, at most {fmt(sub.max_months)} months"
        )
    if node.lacking is not None:
        out.append(f"may file if lacking at most {fmt(node.lacking.months)} months: {node.lacking.condition}")
    return out
