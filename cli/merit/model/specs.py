"""Class specifications as plain typed data: series, classes, specialties, selective certification,
credit rules and their conditions, level orders, places, questions, competencies and citations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from merit.requirements import Node


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

