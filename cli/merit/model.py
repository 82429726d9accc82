"""The domain: applicants, class specifications and decisions, as plain typed data."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from merit.requirements import Node

# Education levels in order; a higher level includes the lower ones.
EDUCATION_LEVELS = ("twelfth-grade", "some-college", "associate", "bachelor", "master", "doctorate")
EDUCATION_STATUSES = ("completed", "senior", "enrolled")
SECTORS = ("state", "county", "city", "federal", "private", "nonprofit")
GRADES = ("A", "B", "C", "D", "E")

# The week a job is assumed to have when its record gives no hours.
FULL_TIME_HOURS = 40.0

# What an entry has presumed by an office's policy when nothing is: {attribute: (value before, words)}.
NOTHING_PRESUMED: Any = MappingProxyType({})

# Years of college that a completed level stands for, when units are not given.
COLLEGE_YEARS = {"twelfth-grade": 0.0, "associate": 2.0, "bachelor": 4.0, "master": 4.0, "doctorate": 4.0}


class Detail(IntEnum):
    """How much of the reason tree a decision carries. Building reasons is most of the cost of
    deciding, so each caller asks only for what it shows: the outcome of each requirement
    (``outcomes``: no one-line reason, no decision points, the least work); what a summary record
    shows (``summary``: the one-line reason and the decision points, the tree of requirements with
    each clause's words written only when read, no notes); requirements with their arithmetic and
    citations (``requirements``, what full records carry); or down to a line for every job, its
    months and why it counts or not (``jobs``, as --explain and the table)."""

    OUTCOMES = 0
    SUMMARY = 1
    REQUIREMENTS = 2
    JOBS = 3

    @classmethod
    def named(cls, detail: str | int) -> Detail:
        """A Detail from its name (``"jobs"``) or itself; a ValueError that names the choices otherwise."""
        if isinstance(detail, cls):
            return detail
        if isinstance(detail, str) and detail.upper() in cls.__members__:
            return cls[detail.upper()]
        raise ValueError(f"detail={detail!r} is not one of {', '.join(d.name.lower() for d in cls)}")


class _Plain:
    """Plain typed data with a readable repr.

    The model is written out by hand rather than with dataclasses: defining
    forty dataclasses costs more start-up time than a whole screening run.
    Nothing compares these by value.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


# --- applicants -------------------------------------------------------------


class Course(_Plain):
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


class Education(_Plain):
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


class Job(_Plain):
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


class License(_Plain):
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


class Applicant(_Plain):
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


# --- class specifications ---------------------------------------------------


class Citation:
    """Where a requirement comes from: series, class, section and pattern of the source."""

    __slots__ = ("series", "cls", "section", "pattern")

    def __init__(
        self,
        series: str,
        cls: str | None = None,
        section: str | None = None,
        pattern: str | None = None,
    ) -> None:
        self.series = series
        self.cls = cls
        self.section = section
        self.pattern = pattern

    def __str__(self) -> str:
        parts = [self.series]
        if self.cls:
            parts.append(self.cls)
        if self.section:
            parts.append(self.section)
        if self.pattern and self.pattern != self.section:
            parts.append(self.pattern)
        return ", ".join(parts)


class Condition:
    """Facts of a job that a credit rule asks for; every stated fact must hold.

    The facts a rule may state, how each is checked and how a failure reads,
    are one table: ``merit.engine.credit.FACTS``.
    """

    __slots__ = (
        "sector",
        "jurisdiction",
        "employer",
        "class_",
        "title",
        "range_at_least",
        "range_below",
        "duties_any",
        "duties_all",
        "duties_share",
        "inbound_call_percent",
        "supervised_staff",
        "current",
        "pay_plan",
        "occupational_series",
        "grade_at_least",
        "grade_below",
        "class_at_least",
        "held_on",
        "order",
        "abbreviations",
        "places",
        "orders",
        "stated",
    )

    def __init__(
        self,
        sector: tuple[str, ...] = (),
        jurisdiction: tuple[str, ...] = (),
        employer: tuple[str, ...] = (),
        class_: tuple[str, ...] = (),
        title: tuple[str, ...] = (),
        range_at_least: str | None = None,
        range_below: str | None = None,
        duties_any: tuple[str, ...] = (),
        duties_all: tuple[str, ...] = (),
        duties_share: float | None = None,
        inbound_call_percent: float | None = None,
        supervised_staff: int | None = None,
        current: bool | None = None,
        pay_plan: tuple[str, ...] = (),
        occupational_series: tuple[str, ...] = (),
        grade_at_least: int | None = None,
        grade_below: int | None = None,
        class_at_least: str | None = None,
        held_on: dt.date | None = None,
        order: str | None = None,
    ) -> None:
        self.sector = sector
        self.jurisdiction = jurisdiction
        self.employer = employer
        self.class_ = class_
        self.title = title  # words of the working title
        self.range_at_least = range_at_least
        self.range_below = range_below
        self.duties_any = duties_any
        self.duties_all = duties_all
        self.duties_share = duties_share  # percent of time in the duties_any terms, where shares are given
        self.inbound_call_percent = inbound_call_percent
        self.supervised_staff = supervised_staff
        self.current = current  # the applicant still holds the job (no end date)
        self.pay_plan = pay_plan  # federal pay plans: GS, WG
        self.occupational_series = occupational_series  # federal occupational series: "0592"
        self.grade_at_least = grade_at_least
        self.grade_below = grade_below
        # short forms records may use in class and employer names, written out before comparing
        # (normalized short word -> normalized long form); the series' abbreviations, set on loading
        self.abbreviations: tuple[tuple[str, str], ...] = ()
        self.places: Places | None = None  # how records write places, set on loading
        self.class_at_least = class_at_least  # "at the level of Management Assistant or higher", by a level order
        self.held_on = held_on  # the job covers this day: "in a title on June 2, 2008" (grandfather clauses)
        self.order = order  # the name of the level order range_at_least, range_below and class_at_least compare by
        # the level orders the series and its directory declare, by name; set on loading
        self.orders: dict[str, LevelOrder] = {}
        self.stated: tuple | None = None  # the facts this condition states, found once by the engine


class LevelOrder:
    """An order of levels, lowest first, that a credit rule compares against: Range I < II < III, the named
    levels of a class, or the classes of a series by their level. Each level may have several names."""

    __slots__ = ("name", "levels", "series", "line", "file")

    def __init__(self, name: str, levels: tuple[tuple[str, ...], ...] = (), series: str | None = None, line: int = 0) -> None:
        self.name = name
        self.levels = levels  # lowest first; each level's names as the source writes them
        self.series = series  # or the classes of this series, by level (filled in when the catalogue is built)
        self.line = line
        self.file = ""  # the file that declares it

    def rank(self, value: str, normal) -> int | None:
        """The place of a value in the order (0 the lowest), or None when it is not one of its levels."""
        wanted = normal(value)
        for i, names in enumerate(self.levels):
            if any(normal(n) == wanted for n in names):
                return i
        return None

    def shown(self) -> str:
        """The order in words: I < II < III."""
        return " < ".join(" / ".join(names) for names in self.levels)


class Places:
    """How records may write the places specs name (places.yaml): a state by its postal code or a
    usual short form, other names of a place, and short forms that may be several places."""

    __slots__ = ("of", "ambiguous")

    def __init__(self, of: dict[str, str] | None = None, ambiguous: dict[str, str] | None = None) -> None:
        self.of = of or {}  # a place as records write it -> as specs name it (both as merit compares them)
        self.ambiguous = ambiguous or {}  # a short form that may be several places -> which ones, in words


class CreditRule:
    """First matching rule decides how a job counts: certain, possible (an analyst's call) or none."""

    __slots__ = ("credit", "when", "because", "by_share", "line")

    def __init__(self, credit: str, when: Condition, because: str = "", by_share: bool = False, line: int = 0) -> None:
        self.credit = credit  # certain | possible | none
        self.when = when
        self.because = because
        self.by_share = by_share  # credit only the job's share of time in the rule's duties_any terms
        self.line = line


class Note:
    """A note of a class that is not a requirement (licence, physical)."""

    __slots__ = ("kind", "text", "requirement")

    def __init__(self, kind: str, text: str, requirement: str | None = None) -> None:
        self.kind = kind  # license | physical | other
        self.text = text
        self.requirement = requirement  # a licence kind the note is about


class Selective:
    """Selective certification: positions of a class that also need a licence, certificate or skill."""

    __slots__ = ("id", "title", "requirement")

    def __init__(self, id: str, title: str, requirement: Node | None = None) -> None:
        self.id = id
        self.title = title
        self.requirement = requirement


class Specialty:
    """A specialty of a class, screened on its own requirement."""

    __slots__ = ("id", "title", "requirement")

    def __init__(self, id: str, title: str, requirement: Node | None = None) -> None:
        self.id = id
        self.title = title
        self.requirement = requirement


class ClassSpec:
    """One class (a level of a series) and its minimum qualifications."""

    __slots__ = (
        "id",
        "title",
        "series",
        "level",
        "codes",
        "aliases",
        "pay",
        "guidance",
        "summary",
        "knowledge",
        "skills",
        "abilities",
        "duties",
        "cumulative",
        "requirement",
        "specialties",
        "notes",
        "grades",
        "typical",
        "desirable",
        "selective",
        "line",
    )

    def __init__(
        self,
        id: str,
        title: str,
        series: str,
        level: int,
        codes: dict[str, str] | None = None,
        aliases: tuple[str, ...] = (),
        pay: str | None = None,
        guidance: str | None = None,
        summary: str = "",
        knowledge: list[str] | None = None,
        skills: list[str] | None = None,
        abilities: list[str] | None = None,
        duties: list[str] | None = None,
        cumulative: bool = False,
        requirement: Node | None = None,
        specialties: list[Specialty] | None = None,
        notes: list[Note] | None = None,
        grades: dict[str, str] | None = None,
        typical: str | None = None,
        desirable: list[str] | None = None,
        selective: list[Selective] | None = None,
        line: int = 0,
    ) -> None:
        self.id = id
        self.title = title
        self.series = series
        self.level = level
        self.codes = {} if codes is None else codes
        self.aliases = aliases
        self.pay = pay
        self.guidance = guidance
        self.summary = summary
        self.knowledge = [] if knowledge is None else knowledge
        self.skills = [] if skills is None else skills
        self.abilities = [] if abilities is None else abilities
        self.duties = (
            [] if duties is None else duties
        )  # essential duties, where the source distinguishes levels by them
        self.cumulative = cumulative  # its KSAs add to those of the levels below
        self.requirement = requirement
        self.specialties = [] if specialties is None else specialties
        self.notes = [] if notes is None else notes
        self.grades = {} if grades is None else grades  # competency id -> degree
        self.typical = typical  # the source's wording of typical qualifications
        self.desirable = [] if desirable is None else desirable
        self.selective = [] if selective is None else selective
        self.line = line


class Question:
    """A supplemental question a series asks applicants ("Do you speak, read and write Spanish?"), and the
    answers it takes: ``type`` is one of merit.answers.TYPES; ``values`` the allowed answers of a
    ``one-of`` or ``several-of`` question, as the spec writes them."""

    __slots__ = ("id", "text", "type", "values", "series", "line")

    def __init__(self, id: str, text: str, type: str, values: tuple[str, ...] = (), series: str = "", line: int = 0) -> None:
        self.id = id
        self.text = text  # the wording, as the application form asks it
        self.type = type
        self.values = values
        self.series = series  # the series that declares it, set on loading
        self.line = line


class Competency:
    """A competency a series grades, in the source's words."""

    __slots__ = ("id", "text")

    def __init__(self, id: str, text: str) -> None:
        self.id = id
        self.text = text


class Crediting:
    """How a series turns hours of work into months of experience."""

    __slots__ = ("full_time_hours", "hours_per_month", "rule")

    def __init__(
        self,
        full_time_hours: float = 40.0,
        hours_per_month: float = 173.33,
        rule: str = "40 hours a week is full time; part-time is credited in proportion to hours",
    ) -> None:
        self.full_time_hours = full_time_hours
        self.hours_per_month = hours_per_month
        self.rule = rule


class Series:
    """One class series from one source document."""

    __slots__ = (
        "id",
        "title",
        "jurisdiction",
        "organization",
        "families",
        "source",
        "dates",
        "crediting",
        "classes",
        "scope",
        "competencies",
        "degrees",
        "core_competencies",
        "notes",
        "questions",
        "file",
        "digest",
        "date",
    )

    def __init__(
        self,
        id: str,
        title: str,
        jurisdiction: str,
        organization: str,
        families: tuple[str, ...],
        source: dict[str, str],
        dates: dict[str, str],
        crediting: Crediting,
        classes: list[ClassSpec],
        scope: str = "",
        competencies: list[Competency] | None = None,
        degrees: dict[str, str] | None = None,
        core_competencies: list[dict[str, str]] | None = None,
        notes: list[str] | None = None,
        file: str = "",
        digest: str = "",
        questions: dict[str, Question] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.jurisdiction = jurisdiction
        self.organization = organization
        self.families = families
        self.source = source
        self.dates = dates
        self.crediting = crediting
        self.classes = classes
        self.scope = scope
        self.competencies = [] if competencies is None else competencies
        self.degrees = {} if degrees is None else degrees
        self.core_competencies = [] if core_competencies is None else core_competencies
        self.notes = [] if notes is None else notes
        self.questions = {} if questions is None else questions  # supplemental questions by id, shared by its classes
        self.file = file
        self.digest = digest  # sha256 of the spec file's bytes, in hex: which text of the spec decided
        self.date = document_date(self.dates)


def document_date(dates: dict[str, str]) -> str | None:
    """A source document's date: the latest of its dates (established, revised, ...), as written.

    Dates written as ISO dates (2012-06-03, 2004-05) compare as text; where none is, the last one given.
    """
    iso = [d for d in dates.values() if d[:4].isdigit()]
    if iso:
        return max(iso)
    return list(dates.values())[-1] if dates else None


# --- decisions --------------------------------------------------------------

MET, CONDITIONAL, REVIEW, NOT_MET, NOTE = "met", "conditional", "review", "not met", "note"
STATUS_OF = {MET: "eligible", CONDITIONAL: "conditional", REVIEW: "review", NOT_MET: "ineligible"}
STATUSES = ("eligible", "conditional", "review", "ineligible")


class Reason(_Plain):
    """One requirement considered: its outcome, the arithmetic, the citation, and the reasons under it."""

    __slots__ = ("requirement", "outcome", "detail", "citation", "children", "share")

    def __init__(
        self,
        requirement: str,
        outcome: str,
        detail: str = "",
        citation: str = "",
        children: list[Reason] | None = None,
    ) -> None:
        self.requirement = requirement
        self.outcome = outcome
        self.detail = detail
        self.citation = citation
        self.children = [] if children is None else children
        self.share = 0.0  # share of the requirement met for certain, so a reader can tell which came closest

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


ACCEPT, REJECT = "accept", "reject"
# Why a determination is not applied when no decision point of its result asks for it.
STALE = "matches no decision point of this result (the spec or the record changed since it was made); not applied"
# Why an answer to a question that is still asked is not applied: the question is not the one answered.
CHANGED = (
    "answered another text of the question (the spec's clause or the record's entry changed since it was made,"
    " its digest differs); not applied"
)
# Why an answer naming a job or an education entry by its place in the record is not applied.
POSITIONAL = (
    "names a job or an education entry by its place in the record, which inserting or reordering entries"
    " changes (expected an id that names the entry, such as job-office-technician-at-...-from-2025-06-01); not applied"
)
ANSWERS = (ACCEPT, REJECT)
CATCH_ALL, SPECIFIC = "catch-all", "specific"


class Determination(_Plain):
    """An analyst's answer to one decision point of one applicant: accept or reject, who, when and why.

    ``file``, ``line`` and ``column`` say where it was written (a determinations file), for reports.
    ``digest`` is the digest of the question answered (see ``merit.engine.points.question_digest``;
    empty: not recorded, the answer applies to the question of its id as it is now); ``why`` says
    why a determination was not applied, on the copies a decision lists as stale.
    """

    __slots__ = ("applicant", "point", "answer", "by", "date", "because", "file", "line", "column", "digest", "why")

    def __init__(
        self,
        applicant: str,
        point: str,
        answer: str,
        by: str,
        date: dt.date,
        because: str = "",
        file: str = "",
        line: int = 0,
        column: int = 0,
        digest: str = "",
    ) -> None:
        self.applicant = applicant
        self.point = point  # the decision point's id, or a pattern of ids (``*`` any run of characters)
        self.answer = answer  # accept | reject
        self.by = by
        self.date = date  # the day it was decided
        self.because = because
        self.file = file
        self.line = line
        self.column = column
        self.digest = digest
        self.why = ""

    def not_applied(self, why: str) -> Determination:
        """A copy that says why it was not applied (``STALE``, ``CHANGED`` ...)."""
        copy = Determination(
            self.applicant, self.point, self.answer, self.by, self.date, self.because, self.file, self.line, self.column, self.digest
        )
        copy.why = why
        return copy

    def words(self) -> str:
        """How a reason cites it: "accepted by A. Analyst on 2026-12-01: the work was equivalent"."""
        done = "accepted" if self.answer == ACCEPT else "rejected"
        return f"{done} by {self.by} on {self.date}" + (f": {self.because}" if self.because else "")


class DecisionPoint(_Plain):
    """An open question behind a ``review``: what an analyst must decide, and what the answer would change.

    ``id`` is stable across runs of the same record and spec (see docs/determinations.md);
    ``kind`` is ``catch-all`` for a clause that leaves everything to judgment ("other
    combinations will be evaluated") and ``specific`` for one question about one fact;
    ``determination`` is the analyst's answer once there is one. ``clause`` and
    ``entry`` name it inside the engine (the clause's node, by id, and the record's entry)
    until the decision gives it its id; ``gain`` (the share of its clause it would
    add, 1.0 for a whole clause) and ``meets`` (whether accepting it alone meets its
    clause) rank the questions for the one-line reason.
    """

    __slots__ = (
        "id",
        "kind",
        "requirement",
        "question",
        "if_accepted",
        "citation",
        "determination",
        "clause",
        "entry",
        "gain",
        "meets",
        "digest",
    )

    def __init__(
        self,
        clause: int,
        entry: str,
        kind: str,
        requirement: str,
        question: str,
        if_accepted: str,
        citation: str = "",
        determination: Determination | None = None,
        gain: float = 1.0,
        meets: bool = True,
    ) -> None:
        self.id = ""
        self.clause = clause
        self.entry = entry
        self.kind = kind
        self.requirement = requirement
        self.question = question
        self.if_accepted = if_accepted  # what accepting it would change: months toward a clause, or the clause met
        self.citation = citation
        self.determination = determination
        self.gain = gain
        self.meets = meets
        self.digest = ""  # the question's digest, once named (see merit.engine.points.question_digest)


class Decision(_Plain):
    """The status of one applicant for one class (and specialty), with its reasons."""

    __slots__ = (
        "applicant",
        "file",
        "cls",
        "specialty",
        "status",
        "path",
        "eligible_from",
        "reasons",
        "as_of",
        "series",
        "title",
        "selective",
        "points",
        "stale",
        "spec_digest",
        "spec_date",
        "assumed",
        "policy_digest",
    )

    def __init__(
        self,
        applicant: str,
        file: str,
        cls: str,
        specialty: str | None,
        status: str,
        path: str | None,
        eligible_from: dt.date | None,
        reasons: list[Reason],
        as_of: dt.date,
        series: str = "",
        title: str = "",
        selective: str | None = None,
        points: list[DecisionPoint] | None = None,
        spec_digest: str = "",
        spec_date: str | None = None,
        assumed: tuple[str, ...] = (),
    ) -> None:
        self.applicant = applicant
        self.file = file
        self.cls = cls
        self.specialty = specialty
        self.status = status
        self.path = path
        self.eligible_from = eligible_from
        self.reasons = reasons
        self.as_of = as_of
        self.series = series
        self.title = title
        self.selective = selective  # the selective certification this result is for, if any
        self.points = [] if points is None else points  # open questions (for review) and answered ones
        self.stale: list[Determination] = []  # determinations for this class that match no decision point
        self.spec_digest = spec_digest
        self.spec_date = spec_date
        self.assumed = assumed  # facts of the record assumed for want of them ("line 8: 40 hours a week")
        self.policy_digest = ""  # the sha256 of the office's policy file it was decided under, if any
