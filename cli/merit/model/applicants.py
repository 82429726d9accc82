"""Applicants as plain typed data: an applicant record and its education, courses, jobs and licences,
with the words the format allows for them (education levels in order, sectors, grades)."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Any

from merit.model.plain import Plain

# Education levels in order; a higher level includes the lower ones.
EDUCATION_LEVELS = ("twelfth-grade", "some-college", "associate", "bachelor", "master", "doctorate")
LEVEL_RANK = {level: i for i, level in enumerate(EDUCATION_LEVELS)}  # a level's place in that order
EDUCATION_STATUSES = ("completed", "senior", "enrolled")
SECTORS = ("state", "county", "city", "federal", "private", "nonprofit")
GRADES = ("A", "B", "C", "D", "E")

# The week a job is assumed to have when its record gives no hours.
FULL_TIME_HOURS = 40.0

# What an entry has presumed by an office's policy when nothing is: {attribute: (value before, words)}.
NOTHING_PRESUMED: Any = MappingProxyType({})

# Years of college that a completed level stands for, when units are not given.
COLLEGE_YEARS = {"twelfth-grade": 0.0, "associate": 2.0, "bachelor": 4.0, "master": 4.0, "doctorate": 4.0}


class Course(Plain):
    """One course taken: its title, units and subject, and when it was completed."""

    __slots__ = ("title", "units", "unit_system", "subject", "completed", "line")

    def __init__(
        self,
        title: str,
        units: float | None = None,
        unit_system: str | None = None,
        subject: str | None = None,
        completed: dt.date | None = None,
        line: int = 0,
    ) -> None:
        self.title = title
        self.units = units
        self.unit_system = unit_system  # None: the education entry's
        self.subject = subject
        self.completed = completed
        self.line = line


class Education(Plain):
    """One school level an applicant reached, with its field, coursework, school and dates."""

    __slots__ = (
        "level",
        "status",
        "field",
        "subjects",
        "units",
        "unit_system",
        "school",
        "accredited",
        "minor",
        "concentration",
        "conferred",
        "expected",
        "courses",
        "gpa",
        "foreign",
        "evaluated",
        "line",
        "presumed",
    )

    def __init__(
        self,
        level: str,
        status: str = "completed",
        field: str | None = None,
        subjects: dict[str, float | None] | None = None,
        units: float | None = None,
        unit_system: str = "semester",
        school: str | None = None,
        accredited: bool | None = None,
        minor: str | None = None,
        concentration: str | None = None,
        conferred: dt.date | None = None,
        expected: dt.date | None = None,
        courses: list[Course] | None = None,
        gpa: float | None = None,
        foreign: bool | None = None,
        evaluated: bool | None = None,
        line: int = 0,
    ) -> None:
        self.gpa = gpa  # grade-point average on a 4-point scale
        self.foreign = foreign  # from a school outside the United States
        self.evaluated = evaluated  # a foreign degree found equivalent to a US degree by a credential evaluation
        self.level = level
        self.status = status
        self.field = field  # the major
        self.subjects = {} if subjects is None else subjects
        self.units = units
        self.unit_system = unit_system
        self.school = school
        self.accredited = accredited  # None: the record does not say
        self.minor = minor
        self.concentration = concentration
        self.conferred = conferred  # the day the degree or diploma was conferred
        self.expected = expected  # when it is expected, while not yet completed
        self.courses = [] if courses is None else courses
        self.line = line
        self.presumed = NOTHING_PRESUMED  # facts an office's policy presumed (merit.engine.policy)

    def semester_units(self) -> float | None:
        if self.units is None:
            return None
        return self.units * 2 / 3 if self.unit_system == "quarter" else self.units


class Job(Plain):
    """One job of an applicant: employer, class, dates, hours and duties."""

    __slots__ = (
        "start",
        "end",
        "title",
        "employer",
        "sector",
        "jurisdiction",
        "class_",
        "range",
        "hours_per_week",
        "paid",
        "duties",
        "duties_text",
        "inbound_call_percent",
        "supervised_staff",
        "pay_plan",
        "occupational_series",
        "grade",
        "hours_worked",
        "line",
        "assumed",
        "duties_stated",
        "presumed",
    )

    def __init__(
        self,
        start: dt.date,
        end: dt.date | None = None,
        title: str | None = None,
        employer: str | None = None,
        sector: str | None = None,
        jurisdiction: str | None = None,
        class_: str | None = None,
        range: str | None = None,
        hours_per_week: float | None = None,
        paid: bool | None = None,
        duties: dict[str, float | None] | None = None,
        inbound_call_percent: float | None = None,
        supervised_staff: int | None = None,
        pay_plan: str | None = None,
        occupational_series: str | None = None,
        grade: str | None = None,
        hours_worked: float | None = None,
        line: int = 0,
        duties_text: str | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.title = title
        self.employer = employer
        self.sector = sector
        self.jurisdiction = jurisdiction
        self.class_ = class_
        self.range = range
        # a fact the record does not give is assumed (full time, paid), and the assumption is shown
        assumed = []
        if hours_per_week is None:
            hours_per_week = FULL_TIME_HOURS
            if hours_worked is None:  # the hours worked in all, where given, are what count
                assumed.append(f"{FULL_TIME_HOURS:g} hours a week")
        if paid is None:
            paid = True
            assumed.append("paid")
        self.hours_per_week = hours_per_week
        self.paid = paid
        self.assumed: tuple[str, ...] = tuple(assumed)  # the facts assumed, in words
        self.duties = {} if duties is None else duties
        self.duties_stated = duties is not None  # duties: [] says something an absent key does not
        self.presumed = NOTHING_PRESUMED  # facts an office's policy presumed (merit.engine.policy)
        self.duties_text = duties_text  # the duties in the applicant's own words: an analyst reads them
        self.inbound_call_percent = inbound_call_percent
        self.supervised_staff = supervised_staff
        self.pay_plan = pay_plan  # a federal pay plan (GS, WG), or one a grade such as GS-0592-04 names
        self.occupational_series = occupational_series  # "0592"
        self.grade = grade  # the grade of the pay plan, as written
        self.hours_worked = hours_worked  # the hours actually worked in all: "4,160 cumulative work hours"
        self.line = line

    def label(self) -> str:
        """How reasons name the job: title, employer and the line of the record it starts on."""
        return f"{self.named()} (line {self.line})" if self.line else self.named()

    def named(self) -> str:
        """The job's title and employer, as the record gives them however it was read."""
        who = self.title or self.class_ or "job"
        return f"{who} at {self.employer}" if self.employer else who


class License(Plain):
    """A licence or certificate an applicant holds (or a completed apprenticeship, a registration)."""

    __slots__ = ("kind", "jurisdiction", "expires", "issuer", "issued", "by_examination", "grade", "line")

    def __init__(
        self,
        kind: str,
        jurisdiction: str | None = None,
        expires: dt.date | None = None,
        issuer: str | None = None,
        issued: dt.date | None = None,
        by_examination: bool | None = None,
        grade: str | None = None,
        line: int = 0,
    ) -> None:
        self.kind = kind
        self.jurisdiction = jurisdiction
        self.expires = expires
        self.issuer = issuer
        self.issued = issued
        self.by_examination = by_examination  # None: the record does not say
        self.grade = grade  # a licence's grade or class (T2, Class A), as written
        self.line = line


class Applicant(Plain):
    """One applicant record, as read from an applicant file."""

    __slots__ = ("id", "name", "education", "experience", "licenses", "competencies", "answers", "file", "line")

    def __init__(
        self,
        id: str,
        name: str | None = None,
        education: list[Education] | None = None,
        experience: list[Job] | None = None,
        licenses: list[License] | None = None,
        competencies: dict[str, str] | None = None,
        answers: dict[str, Any] | None = None,
        file: str = "",
        line: int = 0,
    ) -> None:
        self.id = id
        self.name = name
        self.education = [] if education is None else education
        self.experience = [] if experience is None else experience
        self.licenses = [] if licenses is None else licenses
        self.competencies = {} if competencies is None else competencies
        # answers to the specs' supplemental questions, by question id (see merit.answers): typed by the
        # question when read with the specs, as written (text, or a tuple of texts) when read without
        self.answers = {} if answers is None else answers
        self.file = file
        self.line = line

