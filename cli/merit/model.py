"""The domain: applicants, class specifications and decisions, as plain typed data."""

from __future__ import annotations

import datetime as dt
# eq is left out: nothing compares these by value, and each generated method costs start-up time
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

# Education levels in order; a higher level includes the lower ones.
EDUCATION_LEVELS = ("twelfth-grade", "some-college", "associate", "bachelor", "master", "doctorate")
EDUCATION_STATUSES = ("completed", "senior", "enrolled")
SECTORS = ("state", "county", "city", "federal", "private", "nonprofit")
GRADES = ("A", "B", "C", "D", "E")

# Years of college that a completed level stands for, when units are not given.
COLLEGE_YEARS = {"twelfth-grade": 0.0, "associate": 2.0, "bachelor": 4.0, "master": 4.0, "doctorate": 4.0}


# --- applicants -------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Education:
    """One school level an applicant reached, with its field and coursework."""

    level: str
    status: str = "completed"
    field: str | None = None
    subjects: dict[str, float | None] = default(default_factory=dict)
    units: float | None = None
    unit_system: str = "semester"
    school: str | None = None
    line: int = 0

    def semester_units(self) -> float | None:
        if self.units is None:
            return None
        return self.units * 2 / 3 if self.unit_system == "quarter" else self.units


@dataclass(slots=True, eq=False)
class Job:
    """One job of an applicant: employer, class, dates, hours and duties."""

    start: dt.date
    end: dt.date | None = None
    title: str | None = None
    employer: str | None = None
    sector: str | None = None
    jurisdiction: str | None = None
    class_: str | None = None
    range: str | None = None
    hours_per_week: float = 40.0
    paid: bool = True
    duties: dict[str, float | None] = default(default_factory=dict)
    inbound_call_percent: float | None = None
    supervised_staff: int | None = None
    line: int = 0

    def label(self) -> str:
        who = self.title or self.class_ or "job"
        at = f" at {self.employer}" if self.employer else ""
        return f"{who}{at} (line {self.line})" if self.line else f"{who}{at}"


@dataclass(slots=True, eq=False)
class License:
    """A licence or certificate an applicant holds."""

    kind: str
    jurisdiction: str | None = None
    expires: dt.date | None = None
    issuer: str | None = None
    issued: dt.date | None = None
    by_examination: bool = False
    line: int = 0


@dataclass(slots=True, eq=False)
class Applicant:
    """One applicant record, as read from an applicant file."""

    id: str
    name: str | None = None
    education: list[Education] = default(default_factory=list)
    experience: list[Job] = default(default_factory=list)
    licenses: list[License] = default(default_factory=list)
    competencies: dict[str, str] = default(default_factory=dict)
    file: str = ""
    line: int = 0


# --- class specifications ---------------------------------------------------


@dataclass(slots=True, eq=False, repr=False)
class Citation:
    """Where a requirement comes from: series, class, section and pattern of the source."""

    series: str
    cls: str | None = None
    section: str | None = None
    pattern: str | None = None

    def __str__(self) -> str:
        parts = [self.series]
        if self.cls:
            parts.append(self.cls)
        if self.section:
            parts.append(self.section)
        if self.pattern and self.pattern != self.section:
            parts.append(self.pattern)
        return ", ".join(parts)


@dataclass(slots=True, eq=False, repr=False)
class Condition:
    """Facts of a job that a credit rule asks for; every stated fact must hold."""

    sector: tuple[str, ...] = ()
    jurisdiction: tuple[str, ...] = ()
    employer: tuple[str, ...] = ()
    class_: tuple[str, ...] = ()
    range_at_least: str | None = None
    range_below: str | None = None
    duties_any: tuple[str, ...] = ()
    duties_all: tuple[str, ...] = ()
    duties_share: float | None = None  # percent of time in the duties_any terms, where shares are given
    inbound_call_percent: float | None = None
    supervised_staff: int | None = None


@dataclass(slots=True, eq=False, repr=False)
class CreditRule:
    """First matching rule decides how a job counts: certain, possible (an analyst's call) or none."""

    credit: str  # certain | possible | none
    when: Condition
    because: str = ""


@dataclass(slots=True, eq=False, repr=False)
class Requirement:
    """A node of a minimum-qualification tree.

    kind is one of: any_of, all_of, experience, education, judgment, ref.
    """

    kind: str
    id: str | None = None
    label: str | None = None  # "Pattern I", "General experience"
    summary: str = ""  # our plain-words summary of the clause
    citation: Citation | None = None
    children: list[Requirement] = default(default_factory=list)
    # any_of
    proportional: tuple[str, ...] = ()  # ids of children combined on a proportional basis
    # all_of
    distinct_periods: bool = False
    # experience
    months: float = 0.0
    some: bool = False  # "experience in customer service", no length given
    credit: list[CreditRule] = default(default_factory=list)
    paid: bool = False
    full_time: bool = False
    including: list[Requirement] = default(default_factory=list)  # nested minimums
    # education
    level: str | None = None
    fields_certain: tuple[str, ...] = ()
    fields_possible: tuple[str, ...] = ()
    subjects_all: tuple[str, ...] = ()
    senior: str | None = None  # condition text when registration as a senior admits
    substitution: Substitution | None = None
    # exceptions stated by the source
    judgment: str | None = None  # caps credit at "possible": "increasingly responsible"
    short: str | None = None  # when not met: "review" (with because)
    because: str = ""  # why the source leaves it to judgment
    ref: str | None = None
    line: int = 0


@dataclass(slots=True, eq=False, repr=False)
class Substitution:
    """Experience substituted for required education, e.g. year-for-year up to two years."""

    experience: Requirement
    years_per_year: float = 1.0
    max_years: float = 2.0
    required_years: float = 4.0  # years of education the requirement stands for


@dataclass(slots=True, eq=False, repr=False)
class Note:
    """A note of a class that is not a requirement (licence, physical)."""

    kind: str  # license | physical | other
    text: str
    requirement: str | None = None  # a licence kind the note is about


@dataclass(slots=True, eq=False, repr=False)
class Specialty:
    """A specialty of a class, screened on its own requirement."""

    id: str
    title: str
    requirement: Requirement | None = None


@dataclass(slots=True, eq=False, repr=False)
class ClassSpec:
    """One class (a level of a series) and its minimum qualifications."""

    id: str
    title: str
    series: str
    level: int
    codes: dict[str, str] = default(default_factory=dict)
    aliases: tuple[str, ...] = ()
    pay: str | None = None
    guidance: str | None = None
    summary: str = ""
    knowledge: list[str] = default(default_factory=list)
    skills: list[str] = default(default_factory=list)
    abilities: list[str] = default(default_factory=list)
    duties: list[str] = default(default_factory=list)  # essential duties, where the source distinguishes levels by them
    cumulative: bool = False  # its KSAs add to those of the levels below
    requirement: Requirement | None = None
    specialties: list[Specialty] = default(default_factory=list)
    notes: list[Note] = default(default_factory=list)
    grades: dict[str, str] = default(default_factory=dict)  # competency id -> degree
    typical: str | None = None  # the source's wording of typical qualifications
    desirable: list[str] = default(default_factory=list)
    line: int = 0


@dataclass(slots=True, eq=False, repr=False)
class Competency:
    """A competency a series grades, in the source's words."""

    id: str
    text: str


@dataclass(slots=True, eq=False, repr=False)
class Crediting:
    """How a series turns hours of work into months of experience."""

    full_time_hours: float = 40.0
    hours_per_month: float = 173.33
    rule: str = "40 hours a week is full time; part-time is credited in proportion to hours"


@dataclass(slots=True, eq=False, repr=False)
class Series:
    """One class series from one source document."""

    id: str
    title: str
    jurisdiction: str
    organization: str
    families: tuple[str, ...]
    source: dict[str, str]
    dates: dict[str, str]
    crediting: Crediting
    classes: list[ClassSpec]
    scope: str = ""
    competencies: list[Competency] = default(default_factory=list)
    degrees: dict[str, str] = default(default_factory=dict)
    core_competencies: list[dict[str, str]] = default(default_factory=list)
    notes: list[str] = default(default_factory=list)
    file: str = ""


# --- decisions --------------------------------------------------------------

MET, CONDITIONAL, REVIEW, NOT_MET, NOTE = "met", "conditional", "review", "not met", "note"
STATUS_OF = {MET: "eligible", CONDITIONAL: "conditional", REVIEW: "review", NOT_MET: "ineligible"}
STATUSES = ("eligible", "conditional", "review", "ineligible")


@dataclass(slots=True, eq=False)
class Reason:
    """One requirement considered: its outcome, the arithmetic, the citation, and the reasons under it."""

    requirement: str
    outcome: str
    detail: str = ""
    citation: str = ""
    children: list[Reason] = default(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "requirement": self.requirement,
            "outcome": self.outcome,
            "detail": self.detail,
            "citation": self.citation,
        }
        if self.children:
            out["reasons"] = [c.as_dict() for c in self.children]
        return out


@dataclass(slots=True, eq=False)
class Decision:
    """The status of one applicant for one class (and specialty), with its reasons."""

    applicant: str
    file: str
    cls: str
    specialty: str | None
    status: str
    path: str | None
    eligible_from: dt.date | None
    reasons: list[Reason]
    as_of: dt.date
    series: str = ""
    title: str = ""
