"""The applicant file format: an applicant record and its education entries, courses, jobs and
licences, as schema records that check every problem with its position (``merit.applicants``
reads files with it; ``merit.importer`` builds records from a spreadsheet's rows with its parts)."""

from __future__ import annotations

import datetime as dt

from merit.answers import ANSWERS
from merit.model.applicants import (
    EDUCATION_LEVELS,
    EDUCATION_STATUSES,
    GRADES,
    SECTORS,
    Applicant,
    Course,
    Education,
    Job,
    License,
)
from merit.schema import INVALID, Field, Record, normal_word, suggest
from merit.schema_types import Boolean, Choice, Day, ListOf, ListOrMap, MapOf, Number, Term, Text

MAX_HOURS_PER_WEEK = 168
MAX_ENTRIES = 500  # jobs (or education entries, or licences) of one applicant: a record, not a database

# How people write an education level on a form or a résumé, by the level it means (the README lists
# them). Case, dots and apostrophes do not matter, and a space or _ is read as -: "B.A." is "ba",
# "Bachelor's Degree" is "bachelors-degree". A word that could mean two levels is left out.
LEVELS_AS_WRITTEN = {
    "twelfth-grade": (
        "high school", "highschool", "high school diploma", "HS", "HS diploma", "GED", "HSE", "HiSET",
        "12th grade", "grade 12", "twelfth",
    ),
    "some-college": ("college coursework", "some college coursework"),
    "associate": (
        "associates", "associate's", "associate degree", "associate's degree", "AA", "AS", "AAS",
        "Associate of Arts", "Associate of Science", "Associate of Applied Science",
    ),
    "bachelor": (
        "bachelors", "bachelor's", "bachelor degree", "bachelor's degree", "BA", "BS", "BSc", "BBA", "BSN", "BFA", "BSW",
        "Bachelor of Arts", "Bachelor of Science", "Bachelor of Business Administration", "Bachelor of Science in Nursing",
        "Bachelor of Fine Arts", "Bachelor of Social Work", "Bachelor of Applied Science",
    ),
    "master": (
        "masters", "master's", "master degree", "master's degree", "MA", "MS", "MSc", "MBA", "MPA", "MEd", "MSN", "MSW", "MPH", "MFA",
        "Master of Arts", "Master of Science", "Master of Business Administration", "Master of Public Administration",
        "Master of Public Health", "Master of Social Work", "Master of Education", "Master of Fine Arts",
    ),
    "doctorate": ("PhD", "doctoral", "doctoral degree", "doctorate degree", "EdD", "DBA", "Doctor of Philosophy", "Doctor of Education"),
}
LEVEL_SYNONYMS = {word: level for level, words in LEVELS_AS_WRITTEN.items() for word in words}


def _check_education(values, nodes, ctx):
    courses = values.get("courses") or []
    subjects = values.get("subjects") or {}
    if (
        values.get("unit_system") == "quarter"
        and "units" not in values
        and not any(u is not None for u in subjects.values())
        and not any(c.units is not None for c in courses)
    ):
        ctx.error(
            nodes["unit_system"],
            "unit_system: is given but no units are (expected units:, subjects with units, or courses with units)",
        )
    if any(c.units is not None for c in courses) and any(u is not None for u in subjects.values()):
        ctx.error(
            nodes["subjects"],
            "subjects: units are given by subject and by course (expected one or the other, so no unit counts twice)",
        )
    status = values.get("status", "completed")
    if "conferred" in values and status != "completed":
        ctx.error(nodes["conferred"], f"conferred: is given for status {status} (expected expected: while not completed)")
    if "expected" in values and status == "completed":
        ctx.error(nodes["expected"], "expected: is given for a completed entry (expected conferred: for the day it was completed)")


COURSE = Record(
    name="course",
    description="One course: its title, units and subject, and when it was completed.",
    fields={
        "title": Field(Text(), required=True, example="Intermediate Accounting I", description="the course's title"),
        "units": Field(Number(0, 100), description="units earned"),
        "unit_system": Field(Choice(("semester", "quarter")), description="default: the education entry's"),
        "subject": Field(Text(), description="the subject it counts in, when the title does not say (accounting)"),
        "completed": Field(Day(month_end=True), description="when it was completed (YYYY-MM means the month's end)"),
    },
    make=lambda line, **kw: Course(line=line, **kw),
)


EDUCATION = Record(
    name="education entry",
    description="A school level reached, with its field and coursework.",
    fields={
        "level": Field(
            Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS),
            required=True,
            example="bachelor",
            description="highest level of this entry",
        ),
        "status": Field(Choice(EDUCATION_STATUSES), default="completed", description="completed, senior or enrolled"),
        "field": Field(Text(), description="major or field of study"),
        "subjects": Field(
            ListOrMap(Text(), Number(0)),
            default={},
            description="subject tags, or subject -> semester units",
        ),
        "units": Field(Number(0, 1000), description="units completed"),
        "unit_system": Field(
            Choice(("semester", "quarter")), default="semester", description="quarter units count 2/3"
        ),
        "school": Field(Text(), description="name of the school"),
        "accredited": Field(Boolean(), description="whether the school is accredited (by an agency the employer recognizes)"),
        "minor": Field(Text(), description="minor field of study"),
        "concentration": Field(Text(), description="concentration or specialization within the major"),
        "conferred": Field(Day(), description="when the degree or diploma was conferred (YYYY-MM means the 1st)"),
        "expected": Field(Day(), description="when it is expected, while not completed (YYYY-MM means the 1st)"),
        "courses": Field(ListOf(COURSE), default=[], description="courses taken, with units"),
        "gpa": Field(Number(0, 5), description="grade-point average on a 4-point scale"),
        "foreign": Field(Boolean(), description="true: from a school outside the United States"),
        "evaluated": Field(
            Boolean(), description="a foreign degree: true when a credential evaluation found it equivalent to a US degree"
        ),
    },
    make=lambda line, **kw: Education(line=line, **kw),
    check=_check_education,
)


def _check_job(values, nodes, ctx):
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        ctx.error(nodes["end"], f"end: {end} is before start {start} (expected an end on or after the start)")
    elif end and end > getattr(ctx, "latest", dt.date.max) and end.year < dt.MAXYEAR:
        # a job planned to end within the year is a projection, 2202 for 2022 a slip of the keys;
        # 9999-12-31 is how personnel systems write a job with no end
        ctx.error(
            nodes["end"],
            f"end: {end} is more than a year after the as-of date (expected the day the job ended or will end;"
            " leave end out while the job is current)",
        )
    hours = values.get("hours_per_week")
    if hours is not None and hours == 0:
        ctx.error(
            nodes["hours_per_week"],
            "hours_per_week: 0 hours a week (expected more than 0; leave the job out if no hours were worked)",
        )
    shares = values.get("duties") or {}
    given = [v for v in shares.values() if v is not None]
    if given and sum(given) > 100.0001:
        ctx.error(nodes["duties"], f"duties: the shares add to {sum(given):g}% (expected at most 100%)")


JOB = Record(
    name="experience entry",
    description="One job: who, where, when, how many hours, and which duties.",
    fields={
        "title": Field(Text(), description="the working title"),
        "employer": Field(Text()),
        "sector": Field(Choice(SECTORS), description="sector of the employer"),
        "jurisdiction": Field(Text(), description="the state or city whose service this is"),
        "class": Field(Text(), attr="class_", description="the civil-service class held, if any"),
        "range": Field(Text(), description="the class's range or grade, if any"),
        "start": Field(Day(), required=True, example="2023-01-01", description="first day (YYYY-MM means the 1st)"),
        "end": Field(
            Day(month_end=True, ongoing="leave end out while the job is current"),
            description="last day, omitted while current (YYYY-MM means the last day)",
        ),
        "hours_per_week": Field(
            Number(0, MAX_HOURS_PER_WEEK, too_high=f"the {MAX_HOURS_PER_WEEK} hours in a week"),
            description="default 40 (full time), shown as assumed",
        ),
        "paid": Field(Boolean(), description="default true, shown as assumed"),
        "hours_worked": Field(
            Number(0, MAX_HOURS_PER_WEEK * 53 * 100),
            description="the hours actually worked in the job in all, where the record gives them (4,160): they count, not its weeks",
        ),
        "duties": Field(
            ListOrMap(Term(), Number(0, 100)),
            description="duty terms, or term -> percent of time",
        ),
        "duties_text": Field(
            Text(),
            description="the duties in the applicant's own words, where they are not given as terms: an analyst reads them",
        ),
        "inbound_call_percent": Field(Number(0, 100), description="share of time handling in-bound calls"),
        "supervised_staff": Field(Number(0, integer=True), description="people supervised or led"),
        "pay_plan": Field(Text(), description="federal pay plan: GS, WG, ..."),
        "occupational_series": Field(Text(), description='federal occupational series: "0592"'),
        "grade": Field(Text(), description="grade of the pay plan: 7, or in full GS-0592-07"),
    },
    make=lambda line, **kw: Job(line=line, **kw),
    check=_check_job,
)

LICENSE = Record(
    name="licence entry",
    fields={
        "kind": Field(Text(), required=True, example="drivers-license", description="drivers-license, cpa, ..."),
        "jurisdiction": Field(Text()),
        "expires": Field(Day(month_end=True)),
        "issuer": Field(Text()),
        "issued": Field(Day()),
        "by_examination": Field(Boolean(), description="obtained by passing a written examination"),
        "grade": Field(Text(), description="the licence's grade or class (T2, Class A)"),
    },
    make=lambda line, **kw: License(line=line, **kw),
)


class CompetencyId(Text):
    """A competency id of the specs (``research``); a misspelt one is an error, not a grade that is lost."""

    def build(self, node, ctx):
        word = super().build(node, ctx)
        if word is INVALID or not ctx.competencies or word in ctx.competencies:
            return word
        lowered = normal_word(word)
        if lowered in ctx.competencies:
            return lowered
        known = ", ".join(sorted(ctx.competencies))
        return ctx.error(
            node, f"unknown competency {word!r} (expected one of: {known}){suggest(lowered, ctx.competencies)}"
        )


class ApplicantId(Text):
    """An applicant's id, as people see it: in NFC, so that an accented letter typed either way is
    one id, and never empty or holding an invisible character (a control, a zero-width space, a
    direction mark), with which two ids that look the same would differ."""

    def build(self, node, ctx):
        word = super().build(node, ctx)
        if word is INVALID:
            return word
        if not word:
            return ctx.value_error(node, "is empty (expected text)")
        if word.isascii() and word.isprintable():
            return word
        import unicodedata

        word = unicodedata.normalize("NFC", word)
        for char in word:
            if not char.isprintable():
                name = unicodedata.name(char, "").lower()
                what = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
                return ctx.value_error(node, f"holds an invisible character, {what} (expected letters, digits, punctuation and spaces)")
        return word


APPLICANT = Record(
    name="applicant",
    ref="applicant",
    description="One applicant: education, experience, licences and assessed competency grades.",
    fields={
        "id": Field(ApplicantId(), required=True, example="A-1001", description="unique within a batch"),
        "name": Field(Text()),
        "education": Field(ListOf(EDUCATION, most=MAX_ENTRIES, items="education entries"), default=[]),
        "experience": Field(ListOf(JOB, most=MAX_ENTRIES, items="jobs"), default=[]),
        "licenses": Field(ListOf(LICENSE, most=MAX_ENTRIES, items="licences"), default=[]),
        "competencies": Field(
            MapOf(CompetencyId(), Choice(tuple(g.lower() for g in GRADES), shown=GRADES)),
            default={},
            description="assessed grades A-E by competency id",
        ),
        "answers": Field(ANSWERS, default={}, description="answers to the specs' supplemental questions, by question id"),
    },
    make=lambda line, **kw: Applicant(line=line, **kw),
)
