"""Class specifications: their YAML format, loading, and the catalogue that finds a class by any of its names."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from merit.applicants import LEVEL_SYNONYMS
from merit.engine.credit import FACTS, norm
from merit.model import (
    EDUCATION_LEVELS,
    GRADES,
    SECTORS,
    Citation,
    ClassSpec,
    Competency,
    Condition,
    Crediting,
    CreditRule,
    Note,
    Places,
    Selective,
    Series,
    Specialty,
)
from merit.problems import InputError, Problem, warn
from merit.requirements import (
    After,
    AllOf,
    AnyOf,
    BeforeGraduation,
    Coursework,
    CredentialMatch,
    Education,
    EducationCredit,
    Experience,
    Judgment,
    Lacking,
    License,
    Node,
    Ref,
    Substitution,
    walk,
)
from merit.schema import (
    INVALID,
    Boolean,
    Choice,
    Ctx,
    Field,
    Lazy,
    ListOf,
    MapOf,
    Number,
    OneKeyOf,
    Record,
    Term,
    Text,
    Type,
    suggest,
)
from merit.yamlsafe import compose_documents, read_text

DUTIES_FILE = "duties.yaml"
PLACES_FILE = "places.yaml"


class Words(Type):
    """One word or a list of words (``sector: state`` or ``sector: [state, county]``), built as a tuple."""

    expected = "a word or a list of words"

    def __init__(self, item: Type | None = None, description: str = ""):
        self.item = item or Text()
        self.description = description

    def build(self, node, ctx):
        import yaml

        if isinstance(node, yaml.SequenceNode):
            out = ListOf(self.item).build(node, ctx)
            return INVALID if out is INVALID else tuple(out)
        value = self.item.build(node, ctx)
        return INVALID if value is INVALID else (value,)

    def json_schema(self, defs):
        one = self.item.json_schema(defs)
        schema = {"oneOf": [one, {"type": "array", "items": one}]}
        if self.description:
            schema["description"] = self.description
        return schema


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
    return Text()


MAX_COUNT = 100_000  # people, courses: far above any real requirement, small enough to stay exact
MAX_MONTHS = 1200  # a hundred years of experience: any larger figure is a typing error
MAX_UNITS = 1000

CONDITION = Record(
    ref="condition",
    name="condition",
    description="Facts of a job that must all hold for the rule to apply.",
    fields={f.key: Field(_fact_type(f.kind), attr=f.attr, description=f.description) for f in FACTS},
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

LACKING = Record(
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

NODE = Lazy(lambda: REQUIREMENT)


def _check_months(values, nodes, ctx):
    given = [k for k in ("months", "years", "hours") if k in nodes]
    if len(given) > 1:
        ctx.error(nodes[given[1]], f"{given[1]}: given with {given[0]} (expected one of months, years or hours)")


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
    },
    make=lambda line, kinds, issuer, jurisdiction, valid, grades, grade_at_least, by_examination: CredentialMatch(
        kinds, issuer or (), jurisdiction or (), valid, grades or (), grade_at_least, by_examination
    ),
    check=lambda values, nodes, ctx: _check_grade(values, nodes, ctx),
)


def _check_grade(values, nodes, ctx):
    grade = values.get("grade_at_least")
    if grade is None:
        return
    grades = [g.casefold() for g in values.get("grades") or ()]
    if grade.casefold() not in grades:
        known = ", ".join(values.get("grades") or ()) or "none: give grades: lowest first"
        ctx.error(nodes["grade_at_least"], f"grade_at_least: {grade!r} is not one of the grades (expected one of: {known})")


AFTER = Record(
    ref="after",
    name="after",
    description="Only experience after obtaining this counts.",
    fields={
        "license": Field(CREDENTIAL, description="a licence or certificate (dated by when it was issued)"),
        "education": Field(Lazy(lambda: AFTER_EDUCATION), description="an education level (dated by when it was conferred)"),
        "summary": Field(Text(), description="how the source names it: the completion of a recognized apprenticeship"),
    },
    make=lambda line, license, education, summary: After(
        license,
        education["level"] if education else None,
        tuple(education.get("fields") or ()) if education else (),
        summary or "",
    ),
    check=lambda values, nodes, ctx: _one_of(values, nodes, ctx, ("license", "education"), "after"),
)

AFTER_EDUCATION = Record(
    name="education in after",
    fields={
        "level": Field(
            Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS), required=True, description="the level whose completion starts the count"
        ),
        "fields": Field(Words(), description="in one of these fields of study (the major)"),
    },
)


def _one_of(values, nodes, ctx, keys: tuple[str, ...], name: str) -> None:
    given = [k for k in keys if k in nodes]
    if len(given) != 1:
        where = nodes[given[1]] if len(given) > 1 else ctx.here
        ctx.error(where, f"{name} has {' and '.join(given) or 'neither'} (expected exactly one of {', '.join(keys)})")


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
        "summary": Field(Text()),
    },
    make=lambda line, subjects, related_subjects, accredited, per_year, per_course, max_months, year_units, whole, summary: EducationCredit(
        subjects, accredited, per_year or 0.0, per_course or 0.0, max_months, summary or "", year_units, whole, related_subjects or ()
    ),
    check=lambda values, nodes, ctx: _one_of(values, nodes, ctx, ("per_year", "per_course"), "substitution"),
)

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
    check=lambda values, nodes, ctx: (_check_months(values, nodes, ctx), _check_typical(values, nodes, ctx)),
)


def _check_typical(values, nodes, ctx):
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

INCLUDING = Record(
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
        months=_months(months, years),
        some=months is None and years is None,
        credit=credit,
    ),
)

SUBSTITUTION = Record(
    ref="experience-for-education",
    name="education substitution (experience for education)",
    description="Experience substituted for required education.",
    fields={
        "years_per_year": Field(Number(0, 100), default=1.0, description="years of education one year of experience stands for"),
        "max_years": Field(Number(0, 100), required=True, description="at most this many years of education"),
        "required_years": Field(Number(0, 100), default=4.0, description="years of education the requirement stands for"),
        "with_college": Field(
            Boolean(),
            default=True,
            description="false: the experience replaces the whole education or none of it (not added to years of college)",
        ),
        "paid": Field(Boolean(), description="only paid experience may be substituted"),
        "summary": Field(Text()),
        "credit": Field(ListOf(CREDIT_RULE), required=True, description="which experience may be substituted"),
    },
    make=lambda line, years_per_year, max_years, required_years, with_college, paid, summary, credit: Substitution(
        experience=Experience(label="Substitution", summary=summary or "", credit=credit, paid=bool(paid)),
        years_per_year=years_per_year,
        max_years=max_years,
        required_years=required_years,
        with_college=with_college,
    ),
)

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

EDUCATION_BODY = Record(
    ref="education",
    name="education",
    fields={
        "level": Field(Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS), required=True, description="the lowest level that meets"),
        "fields": Field(Words(), description="the major must be one of these fields of study"),
        "related_fields": Field(Words(), description="majors that count if an analyst accepts them as related"),
        "gpa_at_least": Field(Number(0, 5), description="a grade-point average of at least this (superior academic achievement)"),
        "except_fields": Field(
            Words(), description="majors that hold the words of fields but are not it (engineering technology); related_fields may take them"
        ),
        "concentrations": Field(Words(), description="a concentration or minor in one of these counts as the field too"),
        "coursework": Field(Words(), description="coursework in one of these: the major, minor, subjects or course titles"),
        "related_coursework": Field(Words(), description="coursework that counts if an analyst accepts it as related"),
        "subjects_all": Field(Words(), description="subjects the coursework must include"),
        "accredited": Field(Boolean(), default=False, description="only a degree from an accredited school"),
        "senior": Field(Text(), description="registration as a senior admits on this condition"),
        "before_graduation": Field(BEFORE_GRADUATION),
        "substitution": Field(SUBSTITUTION),
    },
)

COURSES_ANY = Record(
    name="courses_any",
    fields={
        "count": Field(Number(1, MAX_COUNT, integer=True), required=True, description="this many of them"),
        "of": Field(Words(), required=True, description="course titles"),
    },
)

COURSEWORK_BODY = Record(
    ref="coursework",
    name="coursework",
    fields={
        "units": Field(Number(0, MAX_UNITS), description="semester units required"),
        "quarter_units": Field(Number(0, MAX_UNITS), description="quarter units that meet it instead (default: units × 1.5)"),
        "subjects": Field(Words(), description="units in courses or subjects named so count (default: any)"),
        "related_subjects": Field(Words(), description="count only if an analyst accepts them as related"),
        "up_to": Field(MapOf(Text(), Number(0, MAX_UNITS)), description="other subjects that count, at most so many units each"),
        "courses_all": Field(Words(), description="each of these courses must be among them"),
        "courses_any": Field(COURSES_ANY, description="and so many of these"),
        "courses": Field(Number(1, MAX_COUNT, integer=True), description="at least this many courses"),
        "course_units": Field(Number(0, 100), description="each course of at least this many semester units"),
        "course_quarter_units": Field(Number(0, 100), description="or quarter units (default: course_units × 4/3)"),
        "beyond": Field(Number(0, MAX_UNITS), description="only units beyond the first so many count"),
        "majors": Field(Words(), description="a completed degree with one of these majors meets it outright"),
        "accredited": Field(Boolean(), default=False, description="only coursework from an accredited school"),
        "exclude": Field(Words(), description="courses that never count (general education)"),
        "judgment": Field(Text(), description="words that make every credit an analyst's call"),
        "before_graduation": Field(
            BEFORE_GRADUATION, description="an applicant still completing the coursework, expected so soon, is admitted on the condition"
        ),
        "graduate": Field(Boolean(), default=False, description="only units of graduate study (entries at master's level or above)"),
    },
)

LICENSE_BODY = Record(
    ref="license",
    name="license",
    fields={
        **CREDENTIAL.fields,
        "before_appointment": Field(
            Text(), description="not held yet: admitted on this condition (the source's words: must possess … prior to appointment)"
        ),
    },
)


def _months(months: float | None, years: float | None) -> float:
    if months is not None:
        return float(months)
    if years is not None:
        return float(years) * 12
    return 0.0


def _make_node(kind: str):
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
        if kind == "any_of":
            node = AnyOf(kw["any_of"], tuple(kw.get("proportional") or ()), **common)
        elif kind == "all_of":
            node = AllOf(kw["all_of"], bool(kw.get("distinct_periods")), **common)
        elif kind == "experience":
            body = kw["experience"]
            hours = body.get("hours")
            node = Experience(
                months=_months(body.get("months"), body.get("years")),
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
        elif kind == "education":
            body = kw["education"]
            before = body.get("before_graduation")
            if before is None and body.get("senior"):
                before = BeforeGraduation(body["senior"], None, True)
            node = Education(
                level=body["level"],
                fields_certain=tuple(body.get("fields") or ()),
                fields_possible=tuple(body.get("related_fields") or ()),
                fields_except=tuple(body.get("except_fields") or ()),
                gpa_at_least=body.get("gpa_at_least"),
                concentrations=tuple(body.get("concentrations") or ()),
                coursework_certain=tuple(body.get("coursework") or ()),
                coursework_possible=tuple(body.get("related_coursework") or ()),
                subjects_all=tuple(body.get("subjects_all") or ()),
                accredited=bool(body.get("accredited")),
                before=before,
                substitution=body.get("substitution"),
                **common,
            )
        elif kind == "coursework":
            body = kw["coursework"]
            anyof = body.get("courses_any") or {}
            node = Coursework(
                units=body.get("units") or 0.0,
                quarter_units=body.get("quarter_units"),
                subjects=tuple(body.get("subjects") or ()),
                related_subjects=tuple(body.get("related_subjects") or ()),
                up_to=body.get("up_to") or {},
                courses_all=tuple(body.get("courses_all") or ()),
                courses_any=tuple(anyof.get("of") or ()),
                courses_any_count=int(anyof.get("count") or 0),
                courses=int(body.get("courses") or 0),
                course_units=body.get("course_units") or 0.0,
                course_quarter_units=body.get("course_quarter_units"),
                beyond=body.get("beyond") or 0.0,
                majors=tuple(body.get("majors") or ()),
                accredited=bool(body.get("accredited")),
                exclude=tuple(body.get("exclude") or ()),
                judgment=body.get("judgment"),
                before=body.get("before_graduation"),
                graduate=bool(body.get("graduate")),
                **common,
            )
        elif kind == "license":
            body = dict(kw["license"])
            before = body.pop("before_appointment", None)
            match = CredentialMatch(
                body["kinds"],
                body.get("issuer") or (),
                body.get("jurisdiction") or (),
                body.get("valid", True),
                body.get("grades") or (),
                body.get("grade_at_least"),
                bool(body.get("by_examination")),
            )
            node = License(match, before, **common)
        elif kind == "judgment":
            common["because"] = common["because"] or kw["judgment"]
            common["summary"] = common["summary"] or kw["judgment"]
            node = Judgment(kw.get("provided"), **common)
        else:
            node = Ref(kw["ref"], months=_override_months(kw), **common)
        node.lacking = kw.get("may_file_lacking")
        return node

    return make


def _override_months(kw) -> float | None:
    if kw.get("months") is None and kw.get("years") is None:
        return None
    return _months(kw.get("months"), kw.get("years"))


def _check_license(values, nodes, ctx):
    _check_grade(values, nodes, ctx)


def _check_common(values, nodes, ctx):
    if "otherwise" in values and not values.get("because"):
        ctx.error(
            nodes["otherwise"],
            "otherwise: review gives no because (expected because: the source's words that leave room for judgment)",
        )


REQUIREMENT = OneKeyOf(
    name="requirement",
    ref="requirement",
    description="A node of a minimum-qualification tree.",
    kinds={
        "any_of": Record(
            name="any_of requirement",
            fields={
                "any_of": Field(ListOf(NODE), required=True, description="alternatives: any one meets"),
                "proportional": Field(
                    Words(), description="ids of the alternatives whose experience (or units) may be combined proportionally"
                ),
                **COMMON,
            },
            make=_make_node("any_of"),
            check=_check_common,
        ),
        "all_of": Record(
            name="all_of requirement",
            fields={
                "all_of": Field(ListOf(NODE), required=True, description="every one must be met"),
                "distinct_periods": Field(Boolean(), description="a period of experience counts toward one part only"),
                **COMMON,
            },
            make=_make_node("all_of"),
            check=_check_common,
        ),
        "experience": Record(
            name="experience requirement",
            fields={"experience": Field(EXPERIENCE_BODY, required=True), **COMMON},
            make=_make_node("experience"),
            check=_check_common,
        ),
        "education": Record(
            name="education requirement",
            fields={"education": Field(EDUCATION_BODY, required=True), **COMMON},
            make=_make_node("education"),
            check=_check_common,
        ),
        "coursework": Record(
            name="coursework requirement",
            fields={"coursework": Field(COURSEWORK_BODY, required=True), **COMMON},
            make=_make_node("coursework"),
            check=_check_common,
        ),
        "license": Record(
            name="licence requirement",
            fields={"license": Field(LICENSE_BODY, required=True), **COMMON},
            make=_make_node("license"),
            check=_check_common,
        ),
        "judgment": Record(
            name="judgment clause",
            fields={
                "judgment": Field(Text(), required=True, description="the source's words that leave it to an analyst"),
                "provided": Field(NODE, description="the clause applies only if this is met (or may be)"),
                **COMMON,
            },
            make=_make_node("judgment"),
            check=_check_common,
        ),
        "ref": Record(
            name="reference",
            fields={
                "ref": Field(Text(), required=True, description="the id of another clause of the class, or of the series' clauses"),
                "months": Field(Number(0, MAX_MONTHS), description="the referred experience, with this many months instead"),
                "years": Field(Number(0, MAX_MONTHS / 12), description="the referred experience, with this many years instead"),
                **COMMON,
            },
            make=_make_node("ref"),
            check=_check_common,
        ),
    },
)

NOTE = Record(
    ref="note",
    name="note",
    fields={
        "kind": Field(Choice(("license", "physical", "other")), required=True),
        "text": Field(Text(), required=True),
        "license": Field(Text(), attr="requirement", description="the licence kind the note is about"),
    },
    make=lambda line, **kw: Note(**kw),
)

SPECIALTY = Record(
    ref="specialty",
    name="specialty",
    fields={
        "id": Field(Text(), required=True),
        "title": Field(Text(), required=True),
        "requirement": Field(REQUIREMENT, required=True),
    },
    make=lambda line, **kw: Specialty(**kw),
)

SELECTIVE = Record(
    ref="selective",
    name="selective certification",
    description="Positions that also need a licence, certificate or skill: screened as a result of their own.",
    fields={
        "id": Field(Text(), required=True, description="a short name: epa-608"),
        "title": Field(Text(), required=True, description="the certification in the source's words"),
        "requirement": Field(REQUIREMENT, required=True, description="what those positions need besides the class's requirement"),
    },
    make=lambda line, **kw: Selective(**kw),
)

CLASS = Record(
    ref="class",
    name="class",
    make=lambda line, **kw: {**{k: v for k, v in kw.items() if v is not None}, "line": line},
    fields={
        "id": Field(Text(), required=True, description="the class id used by --class"),
        "title": Field(Text(), required=True),
        "level": Field(Number(0, integer=True), required=True, description="order within the series, lowest first"),
        "codes": Field(MapOf(Text(), Text()), description="codes by kind: class, schematic, grade"),
        "aliases": Field(Words(), description="other names --class accepts"),
        "pay": Field(Text(), description="pay grade or range"),
        "guidance": Field(Text(), description="the guidance or supervision received, in the source's words"),
        "summary": Field(Text(), description="what the class does, in a few plain words"),
        "knowledge": Field(ListOf(Text())),
        "skills": Field(ListOf(Text())),
        "abilities": Field(ListOf(Text())),
        "duties": Field(ListOf(Text()), description="essential duties in the source's words, where it grades levels by them"),
        "cumulative": Field(Boolean(), description="its knowledge, skills and abilities add to the levels below"),
        "section": Field(Text(), description="the section of the source that holds the minimum qualifications"),
        "requirement": Field(REQUIREMENT, description="the minimum qualifications"),
        "specialties": Field(ListOf(SPECIALTY), description="screened one by one"),
        "notes": Field(ListOf(NOTE), description="notes that are not requirements (licence, physical)"),
        "grades": Field(
            MapOf(Text(), Choice(tuple(g.lower() for g in GRADES), shown=GRADES)), description="competency -> degree"
        ),
        "typical": Field(Text(), description="the source's words for typical qualifications"),
        "desirable": Field(ListOf(Text()), description="desirable qualifications, not required"),
        "may_file_lacking": Field(LACKING, description="every experience requirement of the class admits applicants this short"),
        "selective": Field(ListOf(SELECTIVE), description="selective certification: positions that also need these, screened on their own"),
    },
)

SOURCE = Record(
    name="source",
    fields={
        "document": Field(Text(), required=True),
        "file": Field(Text()),
        "url": Field(Text()),
    },
)

CREDITING = Record(
    name="crediting",
    fields={
        "full_time_hours": Field(Number(1, 168), default=40.0),
        "hours_per_month": Field(Number(1), default=173.33),
        "rule": Field(Text(), default="40 hours a week is full time; part-time is credited in proportion to hours"),
    },
    make=lambda line, **kw: Crediting(**kw),
)

SERIES = Record(
    ref="series",
    name="series",
    fields={
        "id": Field(Text(), required=True),
        "title": Field(Text(), required=True),
        "jurisdiction": Field(Text(), required=True),
        "organization": Field(Text(), required=True),
        "families": Field(Words(), description="families this series belongs to (--series takes them)"),
        "source": Field(SOURCE, required=True),
        "dates": Field(MapOf(Text(), Text()), description="established, revised, updated ..."),
        "crediting": Field(CREDITING),
        "scope": Field(Text()),
        "competencies": Field(MapOf(Text(), Text()), description="competency id -> the source's wording"),
        "degrees": Field(
            MapOf(Choice(tuple(g.lower() for g in GRADES), shown=GRADES), Text()), description="degree -> meaning"
        ),
        "core_competencies": Field(MapOf(Text(), Text()), description="name -> the source's wording"),
        "notes": Field(ListOf(Text())),
        "abbreviations": Field(
            MapOf(Text(), Text()),
            description="short forms records may use in class and employer names -> the words they stand for (FTB: Franchise Tax Board)",
        ),
        "clauses": Field(
            ListOf(REQUIREMENT), description="clauses that classes of the series share: each has an id that ref names"
        ),
    },
)

def _value(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _scalars(node: yaml.Node | None) -> list[yaml.ScalarNode]:
    """The scalar or the scalars of a list (``proportional: [I, II]``)."""
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [n for n in node.value if isinstance(n, yaml.ScalarNode)]
    return []


def _walk_requirements(node: yaml.Node | None, ids: dict[str, yaml.Node], refs: list[yaml.Node], anys: list[yaml.Node]):
    """The ids, refs and any_of nodes of one requirement tree, by their YAML nodes (for positions)."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                if k.value == "id" and isinstance(v, yaml.ScalarNode):
                    ids.setdefault(v.value.strip(), v)
                elif k.value == "ref" and isinstance(v, yaml.ScalarNode):
                    refs.append(v)
                elif k.value == "any_of":
                    anys.append(n)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _check_requirement_tree(requirement: yaml.Node | None, ctx: Ctx, scope: dict[str, yaml.Node] | None = None) -> None:
    """Refs name a clause (of the tree, then of the class, then of the series); proportional names alternatives."""
    ids: dict[str, yaml.Node] = {}
    refs: list[yaml.Node] = []
    anys: list[yaml.Node] = []
    _walk_requirements(requirement, ids, refs, anys)
    known = {**(scope or {}), **ids}
    for ref in refs:
        name = ref.value.strip()
        if name not in known:
            ctx.error(ref, f"ref: {name!r} names no clause of this class or series{_known(known)}{suggest(name, known)}")
    for node in anys:
        children = _value(node, "any_of")
        # an alternative is named by its id, or by the id it refers to ({ref: billing-supervision})
        named = [
            _value(c, "id") or _value(c, "ref") for c in (children.value if isinstance(children, yaml.SequenceNode) else [])
        ]
        names = [k.value.strip() for k in named if isinstance(k, yaml.ScalarNode)]
        for item in _scalars(_value(node, "proportional")):
            if item.value.strip() not in names:
                ctx.error(
                    item,
                    f"proportional: {item.value!r} is not the id of an alternative of this any_of"
                    f" (expected one of: {', '.join(names) or 'none; give the alternatives ids'})"
                    f"{suggest(item.value, names)}",
                )


def _check_ref_cycles(trees: list[yaml.Node], shared: list[yaml.Node], ctx: Ctx) -> None:
    """A clause may not contain a ref that leads back to itself: it would never finish being judged."""
    inside: dict[str, list[yaml.Node]] = {}  # id -> the refs anywhere inside that clause
    stack = [*trees, *shared]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            name = _value(n, "id")
            if isinstance(name, yaml.ScalarNode) and name.value.strip() not in inside:
                found: list[yaml.Node] = []
                _walk_requirements(n, {}, found, [])
                inside[name.value.strip()] = found
            stack.extend(v for _, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in done:
            return
        for ref in inside.get(name, ()):
            target = ref.value.strip()
            if target in path or target == name:
                loop = path[path.index(target) :] if target in path else [name]
                cycle = " -> ".join([*loop, target])
                ctx.error(ref, f"ref: {target!r} makes a cycle ({cycle}) (expected a clause that does not contain itself)")
            elif target in inside:
                visit(target, [*path, target])
        done.add(name)

    for name in list(inside):
        visit(name, [name])


def _known(ids: dict[str, yaml.Node]) -> str:
    return f" (expected one of: {', '.join(sorted(ids))})" if ids else " (expected the id of a node; none has an id)"


def _check_spec_file(values, nodes, ctx: Ctx) -> None:
    """Rules that join parts of a spec file (grades name competencies, refs name nodes), at their positions."""
    series = nodes.get("series")
    competencies = _value(series, "competencies") if series is not None else None
    known = [k.value for k, _ in competencies.value] if isinstance(competencies, yaml.MappingNode) else []
    clauses = _value(series, "clauses") if series is not None else None
    shared = list(clauses.value) if isinstance(clauses, yaml.SequenceNode) else []
    shared_ids: dict[str, yaml.Node] = {}
    for clause in shared:
        name = _value(clause, "id")
        if isinstance(name, yaml.ScalarNode):
            shared_ids.setdefault(name.value.strip(), name)
        elif isinstance(clause, yaml.MappingNode):
            ctx.error(clause, "clauses: a shared clause has no id (expected id: so that a class can ref it)")
    for clause in shared:
        _check_requirement_tree(clause, ctx, shared_ids)
    classes = nodes.get("classes")
    seen: dict[str, int] = {}
    for cls in classes.value if isinstance(classes, yaml.SequenceNode) else []:
        if not isinstance(cls, yaml.MappingNode):
            continue
        name = _value(cls, "id")
        if isinstance(name, yaml.ScalarNode):
            if name.value in seen:
                ctx.error(name, f"class id {name.value!r} is used twice in this file (first at line {seen[name.value]}; expected each id once)")
            seen.setdefault(name.value, name.start_mark.line + 1)
        grades = _value(cls, "grades")
        if isinstance(grades, yaml.MappingNode):
            for key, _ in grades.value:
                if isinstance(key, yaml.ScalarNode) and key.value not in known:
                    where = f"one of: {', '.join(known)}" if known else "a competency listed under series: competencies:"
                    ctx.error(key, f"grades: unknown competency {key.value!r} (expected {where}){suggest(key.value, known)}")
        requirement = _value(cls, "requirement")
        specialties = _value(cls, "specialties")
        if requirement is None and not (isinstance(specialties, yaml.SequenceNode) and specialties.value):
            ctx.error(cls, "class has no requirement and no specialties (expected requirement: or specialties:)")
        trees = [requirement] if requirement is not None else []
        for key in ("specialties", "selective"):
            items = _value(cls, key)
            trees += [_value(i, "requirement") for i in (items.value if isinstance(items, yaml.SequenceNode) else [])]
        trees = [t for t in trees if t is not None]
        scope = dict(shared_ids)
        for tree in trees:
            _walk_requirements(tree, scope, [], [])
        for tree in trees:
            _check_requirement_tree(tree, ctx, scope)
        _check_ref_cycles(trees, shared, ctx)


SPEC_FILE = Record(
    name="spec file",
    description="One class series from one source document.",
    fields={"series": Field(SERIES, required=True), "classes": Field(ListOf(CLASS), required=True)},
    check=_check_spec_file,
)

DUTIES_FORMAT = Record(
    name="duty vocabulary",
    fields={"duties": Field(MapOf(Text(), Text()), required=True, description="term -> one-line definition")},
)


PLACES_FORMAT = Record(
    name="places",
    fields={
        "states": Field(MapOf(Text(), ListOf(Text())), description="a state -> the short forms records use for it"),
        "names": Field(MapOf(Text(), Text()), description="another way records write a place -> the place"),
        "ambiguous": Field(MapOf(Text(), Text()), description="a short form that may be several places -> which ones"),
    },
)


# --- loading --------------------------------------------------------------------


def bundled_specs_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled", here.parent.parent / "specs"):
        if (candidate / DUTIES_FILE).is_file():
            return candidate
    raise FileNotFoundError("the bundled class specs are missing from this installation")


def specs_dir(option: str | None) -> Path:
    """The specs directory: --specs, else $MERIT_SPECS, else the bundled one."""
    chosen = option or os.environ.get("MERIT_SPECS")
    return Path(chosen) if chosen else bundled_specs_dir()


def load_terms(directory: Path, problems: list[Problem]) -> dict[str, str]:
    """The duty vocabulary: the bundled terms plus any the directory adds."""
    terms: dict[str, str] = {}
    bundled = bundled_specs_dir()
    for d in dict.fromkeys((bundled, directory)):
        f = d / DUTIES_FILE
        if f.is_file():
            value = _load_one(f, DUTIES_FORMAT, Ctx(str(f)), problems)
            if value is not INVALID:
                for term, text in value["duties"].items():
                    terms[term.lower()] = text
    return terms


def load_places(directory: Path, problems: list[Problem]) -> Places:
    """How records write places: the bundled places.yaml plus any the directory adds."""
    places = Places()
    for d in dict.fromkeys((bundled_specs_dir(), directory)):
        f = d / PLACES_FILE
        if f.is_file():
            value = _load_one(f, PLACES_FORMAT, Ctx(str(f)), problems)
            if value is not INVALID:
                for state, shorts in (value.get("states") or {}).items():
                    places.of.update((norm(name), norm(state)) for name in (state, *shorts))
                places.of.update((norm(k), norm(v)) for k, v in (value.get("names") or {}).items())
                places.ambiguous.update((norm(k), v) for k, v in (value.get("ambiguous") or {}).items())
    return places


def _with_places(series: list[Series], places: Places) -> None:
    """Hand every condition and licence clause of the catalogue the places records may write."""
    for s in series:
        for c in s.classes:
            trees = [c.requirement, *(x.requirement for x in c.specialties), *(x.requirement for x in c.selective)]
            for node in (n for tree in trees if tree is not None for n in walk(tree)):
                for rule in node.credit:
                    rule.when.places = places
                match = getattr(node, "match", None)
                after = getattr(node, "after", None)
                for m in (match, after.credential if after is not None else None):
                    if m is not None:
                        m.places = places


def _load_one(path: Path, fmt: Type, ctx: Ctx, problems: list[Problem]) -> Any:
    text, read_problems = read_text(path)
    if text is None:
        problems.extend(read_problems)
        return INVALID
    nodes, yaml_problems = compose_documents(text, str(path))
    if yaml_problems:
        problems.extend(yaml_problems)
        return INVALID
    if len(nodes) != 1:
        problems.append(Problem(str(path), 1, 1, f"{len(nodes)} YAML documents (expected one)"))
        return INVALID
    value = fmt.build(nodes[0], ctx)
    problems.extend(ctx.problems)
    return value


class UnknownClass(LookupError):
    """A class name that names no class of the catalogue; the message has a suggestion."""


class Catalogue:
    """Every series and class of a specs directory, and the duty vocabulary they share."""

    def __init__(self, series: list[Series], terms: dict[str, str], directory: Path) -> None:
        self.series = series
        self.terms = terms
        self.directory = directory
        self.by_id: dict[str, ClassSpec] = {}
        self._names: dict[str, str] = {}
        self._series_of: dict[str, Series] = {}
        for s in self.series:
            for c in s.classes:
                self.by_id[c.id] = c
                self._series_of[c.id] = s
                for name in (c.id, c.title, *c.codes.values(), *c.aliases):
                    self._names.setdefault(_norm(name), c.id)

    @property
    def competency_ids(self) -> frozenset[str]:
        """Every competency id a series of the catalogue grades (applicant files may assess them)."""
        return frozenset(c.id for s in self.series for c in s.competencies)

    @property
    def classes(self) -> list[ClassSpec]:
        return [c for s in self.series for c in s.classes]

    def series_of(self, cls: ClassSpec) -> Series:
        return self._series_of[cls.id]

    def find_class(self, name: str) -> ClassSpec | None:
        key = self._names.get(_norm(name))
        return self.by_id[key] if key else None

    def classes_named(self, items: list[str]) -> list[ClassSpec]:
        """The classes --class or --classes name: ids, codes, aliases or titles, repeated or comma-separated.

        A value that names a class whole is taken whole, since a title may hold commas.
        """
        names: list[str] = []
        for item in items:
            if not item.strip(" ,"):
                raise UnknownClass(f"empty class name {item!r} (expected a class id, code, alias or title; see merit classes)")
            names.extend([item] if self.find_class(item) else [n.strip() for n in item.split(",") if n.strip()])
        out: list[ClassSpec] = []
        for name in names:
            cls = self.find_class(name)
            if cls is None:
                raise UnknownClass(self.unknown_class(name))
            if cls not in out:
                out.append(cls)
        return out

    def class_suggestion(self, name: str) -> str:
        """A ``did you mean`` for a name that is no class, or nothing.

        A number is compared with the numeric class codes only (1230 is near 1229, nothing
        like MT-CSR-13); words with the words of ids, codes, aliases and titles
        ("Customer Service Rep" finds the Customer Service Representatives); anything
        else with ids, codes and aliases as a misspelling (JI6O is JI60).
        """
        key = _norm(name)
        if not key:
            return ""
        if key.isdigit():
            near = self._near_codes(key)
            return self._did_you_mean([f"{code!r} ({cid})" for code, cid in near])
        found = self.search(name)
        if found:
            # found by its id or codes (ji6, mt-csr): the ids say it; found by words of titles: the titles
            short = self._short_words(found[0])
            by_id = all(any(w.startswith(q) for w in short) for q in self._words(key))
            shown = [repr(c.id) if by_id else f"{c.id!r} ({c.title})" for c in found[:3]]
            return self._did_you_mean(shown)
        import difflib

        short = {k: v for k, v in self._names.items() if k != _norm(self.by_id[v].title)}
        close = difflib.get_close_matches(key, list(short), n=1, cutoff=0.6)
        if close:
            return f"; did you mean {short[close[0]]!r}?"
        titles = {_norm(c.title): c for c in self.by_id.values()}
        close = difflib.get_close_matches(key, list(titles), n=1, cutoff=0.8)
        return f"; did you mean {titles[close[0]].id!r} ({titles[close[0]].title})?" if close else ""

    def search(self, text: str) -> list[ClassSpec]:
        """Classes whose id, codes, aliases or title have a word starting with each word of ``text`` (any case).

        Best first: classes found by their ids, codes or aliases alone, in catalogue order;
        then a title that starts with the words given, then the fewest other words.
        """
        wanted = self._words(_norm(text))
        if not wanted:
            return []
        ranked = []
        for order, cls in enumerate(self.classes):
            short, title = self._short_words(cls), self._words(_norm(cls.title))
            found = [any(w.startswith(q) for w in short) for q in wanted]
            if all(found):
                ranked.append((0, False, 0, order, cls))
            elif all(f or any(w.startswith(q) for w in title) for f, q in zip(found, wanted)):
                starts = len(title) >= len(wanted) and all(t.startswith(q) for t, q in zip(title, wanted))
                ranked.append((1, not starts, max(0, len(title) - len(wanted)), order, cls))
        return [cls for *_, cls in sorted(ranked, key=lambda r: r[:4])]

    def _short_words(self, cls: ClassSpec) -> list[str]:
        """The words of a class's id, codes and aliases (``MT-CSR-11``: mt, csr, 11, and mt-csr-11 whole)."""
        names = [_norm(n) for n in (cls.id, *cls.codes.values(), *cls.aliases)]
        return names + [w for n in names for w in self._words(n)]

    def _near_codes(self, number: str) -> list[tuple[str, str]]:
        """Numeric codes and aliases of the same length one digit or a few numbers away, nearest first."""
        near = []
        for key, cid in self._names.items():
            if key.isdigit() and len(key) == len(number) and key != number:
                apart = abs(int(key) - int(number))
                if apart <= 5 or sum(a != b for a, b in zip(key, number)) == 1:
                    near.append((apart, key, cid))
        return [(key, cid) for _, key, cid in sorted(near)[:3]]

    def unknown_class(self, name: str) -> str:
        """The message for a name that is no class: a suggestion, and where to look next."""
        see = "see merit classes"
        if not _norm(name).isdigit():
            found = len(self.search(name))
            if found > 3:
                import shlex

                see = f"see merit classes --grep {shlex.quote(name)} for all {found}"
        return f"unknown class {name!r}{self.class_suggestion(name)} ({see})"

    @staticmethod
    def _words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+", text)

    @staticmethod
    def _did_you_mean(names: list[str]) -> str:
        """'; did you mean a?', '... a or b?', '... a, b or c?', or nothing."""
        if not names:
            return ""
        return "; did you mean " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]) + "?"

    def series_named(self, name: str) -> list[Series]:
        """A series by id, or every series of a family."""
        key = _norm(name)
        exact = [s for s in self.series if _norm(s.id) == key]
        return exact or [s for s in self.series if key in {_norm(f) for f in s.families}]

    def series_names(self) -> list[str]:
        names = [s.id for s in self.series]
        for s in self.series:
            names.extend(f for f in s.families if f not in names)
        return names


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().casefold())



def load_catalogue(directory: Path) -> Catalogue:
    """Load every spec file of a directory; any problem makes the whole load fail (InputError).

    A good catalogue is kept in the user's cache (merit.catalogue_cache), keyed by every byte of
    the spec files and of the code that builds it: loading it back takes about 1 ms instead of
    parsing and checking every spec (about 12 ms), which matters when a script runs merit once per
    applicant.
    """
    if not directory.is_dir():
        return _build_catalogue(directory, [])
    from merit.catalogue_cache import cached

    files = _spec_files(directory)
    dirs = dict.fromkeys((bundled_specs_dir(), directory))
    shared = [d / name for name in (DUTIES_FILE, PLACES_FILE) for d in dirs if (d / name).is_file()]
    built: list[Catalogue] = []

    def build() -> tuple[list[Series], dict[str, str]]:
        built.append(_build_catalogue(directory, files))
        return built[0].series, built[0].terms

    series, terms = cached(directory, [*shared, *files], build)
    return built[0] if built else Catalogue(series, terms, directory)


def _spec_files(directory: Path) -> list[Path]:
    """The spec files of a directory, sorted. Hidden files (an editor's lock or backup) are left
    out, and anything else named *.yaml that is not a regular file (a FIFO, a device, a
    directory) is skipped with a warning: reading it could wait forever or never end."""
    files = []
    for p in sorted(directory.glob("*.y*ml")):
        if p.name in (DUTIES_FILE, PLACES_FILE) or p.suffix not in (".yaml", ".yml") or p.name.startswith("."):
            continue
        if p.is_file():
            files.append(p)
        else:
            warn(f"skipped {p}: {_what_is(p)} (expected a spec file: a regular YAML file)")
    return files


def _what_is(path: Path) -> str:
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as err:
        return "a broken link" if path.is_symlink() else (err.strerror or str(err)).lower()
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def _build_catalogue(directory: Path, files: list[Path]) -> Catalogue:
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "no such directory"
        raise InputError([Problem(str(directory), 1, 1, f"{what} (expected a directory of class specs)")])
    problems: list[Problem] = []
    terms = load_terms(directory, problems)
    series: list[Series] = []
    if not files and not problems:
        problems.append(Problem(str(directory), 1, 1, "no class spec files (*.yaml) in this directory"))
    for f in files:
        s = load_spec_file(f, terms, problems)
        if s is not None:
            series.append(s)
    _check_unique(series, problems)
    places = load_places(directory, problems)
    if problems:
        raise InputError(problems)
    _with_places(series, places)
    return Catalogue(series, terms, directory)


def load_spec_file(path: Path, terms: dict[str, str], problems: list[Problem], text: str | None = None) -> Series | None:
    """One spec file as a series, or None with its problems added; ``text`` is the file's text when
    already read. The series keeps the sha256 of the file's bytes (of ``text`` when given), so that
    every result can say which text of the spec decided it."""
    ctx = Ctx(str(path), terms)
    if text is None:
        text, read_problems = read_text(path)
        if text is None:
            problems.extend(read_problems)
            return None
        digest = spec_digest(path, text)
    else:
        digest = spec_digest(None, text)
    nodes, yaml_problems = compose_documents(text, str(path))
    problems.extend(yaml_problems)
    if yaml_problems or len(nodes) != 1:
        if not yaml_problems:
            problems.append(Problem(str(path), 1, 1, f"{len(nodes)} YAML documents (expected one)"))
        return None
    if _looks_like_applicants(nodes[0]):
        # one line, not a line for every key an applicant has and a spec does not
        line = nodes[0].start_mark.line + 1
        problems.append(Problem(str(path), line, 1, f"this is an applicant file, not a class spec {NOT_A_SPEC}"))
        return None
    value = SPEC_FILE.build(nodes[0], ctx)
    problems.extend(ctx.problems)
    if value is INVALID:
        return None
    series = _make_series(value, str(path), terms, problems)
    series.digest = digest
    return series


def spec_digest(path: Path | None, text: str) -> str:
    """The sha256 of a spec file's bytes in hex (of its text in UTF-8 when it cannot be read again)."""
    import hashlib

    data = None
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
    return hashlib.sha256(data if data is not None else text.encode()).hexdigest()


NOT_A_SPEC = "(expected series: and classes:; applicants are given as arguments, specs with --specs DIR)"


def _looks_like_applicants(node: yaml.Node) -> bool:
    """A mapping with an id and no series or classes, or a list of them."""
    if isinstance(node, yaml.SequenceNode) and node.value:
        node = node.value[0]
    if not isinstance(node, yaml.MappingNode):
        return False
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return "id" in keys and not keys & {"series", "classes"}


def _make_series(value: dict[str, Any], path: str, terms: dict[str, str], problems: list[Problem]) -> Series:
    s = value["series"]
    series = Series(
        id=s["id"],
        title=s["title"],
        jurisdiction=s["jurisdiction"],
        organization=s["organization"],
        families=tuple(s.get("families") or ()),
        source=s["source"],
        dates=s.get("dates") or {},
        crediting=s.get("crediting") or Crediting(),
        classes=[],
        scope=s.get("scope") or "",
        competencies=[Competency(k, v) for k, v in (s.get("competencies") or {}).items()],
        degrees={k.upper(): v for k, v in (s.get("degrees") or {}).items()},
        core_competencies=[{"name": k, "text": v} for k, v in (s.get("core_competencies") or {}).items()],
        notes=s.get("notes") or [],
        file=path,
    )
    abbreviations = tuple((norm(k), norm(v)) for k, v in (s.get("abbreviations") or {}).items())
    shared = {n.id: n for n in s.get("clauses") or () if n.id}
    for c in value["classes"]:
        cls = ClassSpec(
            id=c["id"],
            title=c["title"],
            series=series.id,
            level=c["level"],
            codes=c.get("codes") or {},
            aliases=tuple(c.get("aliases") or ()),
            pay=c.get("pay"),
            guidance=c.get("guidance"),
            summary=c.get("summary") or "",
            knowledge=c.get("knowledge") or [],
            skills=c.get("skills") or [],
            abilities=c.get("abilities") or [],
            duties=c.get("duties") or [],
            cumulative=bool(c.get("cumulative")),
            requirement=c.get("requirement"),
            specialties=c.get("specialties") or [],
            notes=c.get("notes") or [],
            grades={k: v.upper() for k, v in (c.get("grades") or {}).items()},
            typical=c.get("typical"),
            desirable=c.get("desirable") or [],
            selective=c.get("selective") or [],
            line=c["line"],
        )
        section = c.get("section") or "Minimum Qualifications"
        lacking = c.get("may_file_lacking")
        if lacking is not None and lacking.citation is not None:
            lacking.citation = Citation(series.title, cls.title, lacking.citation.section, lacking.citation.pattern)
        trees = [(None, cls.requirement)] if cls.requirement is not None else []
        trees += [(f"{cls.title}, {sp.title} specialty", sp.requirement) for sp in cls.specialties]
        trees += [(f"{cls.title}, selective certification: {sel.title}", sel.requirement) for sel in cls.selective]
        scopes = [_ids_of(root) for _, root in trees]
        finished = []
        for k, (label, root) in enumerate(trees):
            # a ref names a clause of its own tree first, then of the class's other trees, then of the series
            ids = {**shared, **{i: n for scope in reversed(scopes) for i, n in scope.items()}, **scopes[k]}
            finish = _Finish(series.title, label or cls.title, section, abbreviations, ids, series.crediting, lacking)
            finished.append(finish.node(root, section, lacking))
        if cls.requirement is not None:
            cls.requirement = finished.pop(0)
        for sp in cls.specialties:
            sp.requirement = finished.pop(0)
        for sel in cls.selective:
            sel.requirement = finished.pop(0)
        series.classes.append(cls)
    series.classes.sort(key=lambda c: c.level)
    return series


def _ids_of(node: Node) -> dict[str, Node]:
    """The clauses of a tree that have an id, by id (the first of two with one id)."""
    ids: dict[str, Node] = {}
    for n in walk(node):
        if n.id and n.id not in ids:
            ids[n.id] = n
    return ids


class _Finish:
    """Completes a class's requirement tree once it is built: citations, the series' abbreviations and
    crediting, refs replaced by the clauses they name, and may_file_lacking passed down to experience."""

    def __init__(self, series_title, class_title, section, abbreviations, ids, crediting: Crediting, lacking):
        self.series_title = series_title
        self.class_title = class_title
        self.abbreviations = abbreviations
        self.ids = ids
        self.crediting = crediting
        self.resolving: list[str] = []  # refs being followed, against cycles the spec check missed

    def node(self, node: Node, section: str, lacking: Lacking | None, outer: Node | None = None) -> Node:
        if node.kind == "ref":
            return self._ref(node, section, lacking, outer)
        section = node.citation.section if node.citation and node.citation.section else section
        node.citation = Citation(self.series_title, self.class_title, section, node.label)
        if outer is not None:
            _nest(outer, node)
        lacking = node.lacking or lacking
        for note in (node.lacking, getattr(node, "before", None)):
            if note is not None and note.citation is not None and not note.citation.series:
                note.citation = Citation(self.series_title, self.class_title, note.citation.section, note.citation.pattern)
        for rule in node.credit:
            rule.when.abbreviations = self.abbreviations
        if node.kind == "experience":
            node.lacking = lacking
            if node.hours is not None:  # "4,160 cumulative hours" in months of this series' crediting
                node.months = round(node.hours / self.crediting.hours_per_month, 2)
            for inner in node.including:
                self.node(inner, section, None, node)
        if node.substitution is not None:
            self.node(node.substitution.experience, section, None, node)
        if node.children:
            node.children = [self.node(c, section, lacking) for c in node.children]
        return node

    def _ref(self, ref: Node, section: str, lacking: Lacking | None, outer: Node | None) -> Node:
        target = self.ids.get(ref.ref or "")
        if target is None or ref.ref in self.resolving:  # the spec check reports both, with positions
            return ref
        self.resolving.append(ref.ref)
        try:
            overrides = ref.label or ref.summary or ref.months is not None or ref.lacking is not None or ref.short
            overrides = overrides or (ref.id is not None and ref.id != target.id)
            if not overrides and target.citation is not None and target.citation.cls == self.class_title:
                return target  # a clause of this tree, finished where it stands
            copy = _copy_tree(target)
            if ref.id:  # {id: graduate, ref: grad-year}: the alternative is named graduate (proportional: [graduate])
                copy.id = ref.id
            if ref.label:
                copy.label = ref.label
            if ref.summary:
                copy.summary = ref.summary
            if ref.months is not None and copy.kind == "experience":
                copy.months, copy.hours = ref.months, None
            if ref.lacking is not None:
                copy.lacking = ref.lacking
            if ref.short:  # "otherwise: review" where this copy stands, with its own because
                copy.short, copy.because = ref.short, ref.because
            # the ref's own section, else the clause's (a shared clause may name the source's Process Notes)
            own = ref.citation.section if ref.citation is not None else None
            theirs = target.citation.section if target.citation is not None else None
            copy.citation = Citation("", None, own or theirs, None) if own or theirs else None
            return self.node(copy, section, lacking, outer)
        finally:
            self.resolving.pop()


def _copy_tree(node: Node) -> Node:
    """A copy of a clause with its own nodes (so it gets its own citation) and the same credit rules."""
    import copy

    rules = {id(r): r for n in walk(node) for r in n.credit}
    return copy.deepcopy(node, memo=dict(rules))


def _nest(outer: Node, inner: Node) -> None:
    """A nested clause is cited under the clause it belongs to (Pattern IV, of which ...)."""
    if inner.citation is not None and outer.label:
        inner.citation.pattern = ", ".join(x for x in (outer.label, inner.label) if x)


def _check_unique(series: list[Series], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for s in series:
        for c in s.classes:
            if c.id in seen:
                problems.append(Problem(s.file, c.line or 1, 1, f"class id {c.id!r} is also used in {seen[c.id]}"))
            seen[c.id] = s.file



