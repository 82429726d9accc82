"""Builders shared by the rule tests: applicants in a line, the bundled catalogue, and reason lookup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from merit.engine import screen_class
from merit.model.applicants import Applicant, Education, Job, License
from merit.model.decisions import Decision, Reason
from merit.model.specs import Series
from merit.problems import Problem
from merit.specs import Catalogue, bundled_specs_dir, load_catalogue, load_spec_file, load_terms

AS_OF = dt.date(2025, 1, 1)


def day(text: str | dt.date | None) -> dt.date | None:
    if text is None or isinstance(text, dt.date):
        return text
    return dt.date.fromisoformat(text)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The bundled specs, loaded once."""
    return load_catalogue(bundled_specs_dir())


def job(start: str, end: str | None = None, duties=(), **facts) -> Job:
    """A job from ISO dates; ``duties`` is a list of terms or a mapping of term -> percent."""
    if "class_" not in facts and "cls" in facts:
        facts["class_"] = facts.pop("cls")
    shares = dict(duties) if isinstance(duties, dict) else {d: None for d in duties}
    return Job(start=day(start), end=day(end), duties=shares, **facts)


def school(level: str, status: str = "completed", **facts) -> Education:
    return Education(level=level, status=status, **facts)


def person(*jobs: Job, education=(), licenses=(), competencies=None, id: str = "A-1") -> Applicant:
    return Applicant(
        id=id,
        education=list(education),
        experience=list(jobs),
        licenses=list(licenses),
        competencies=dict(competencies or {}),
    )


def licence(kind: str, expires: str | None = None, jurisdiction: str | None = None, issued: str | None = None, **facts) -> License:
    return License(kind=kind, expires=day(expires), jurisdiction=jurisdiction, issued=day(issued), **facts)


def screen(class_id: str, applicant: Applicant, as_of=AS_OF) -> list[Decision]:
    """Every decision for one class (one per specialty where it has specialties)."""
    cat = catalogue()
    cls = cat.find_class(class_id)
    assert cls is not None, f"no bundled class {class_id}"
    return screen_class(cls, cat.series_of(cls), applicant, day(as_of))


def decide(class_id: str, applicant: Applicant, as_of=AS_OF, specialty: str | None = None) -> Decision:
    """The one decision for a class, or for one specialty of it."""
    found = [d for d in screen(class_id, applicant, as_of) if d.specialty == specialty]
    assert len(found) == 1, f"{class_id} has no single decision for specialty {specialty!r}"
    return found[0]


def walk(reasons: list[Reason]) -> Iterator[Reason]:
    for r in reasons:
        yield r
        yield from walk(r.children)


def reason(decision: Decision, requirement: str) -> Reason:
    """The first reason (depth first) whose requirement is exactly this label."""
    for r in walk(decision.reasons):
        if r.requirement == requirement:
            return r
    names = sorted({r.requirement for r in walk(decision.reasons)})
    raise AssertionError(f"no reason {requirement!r}; there are: {names}")


# Facts of jobs the seeds name, so tables read like the source.
CA_STATE = dict(sector="state", jurisdiction="California")
TAX_TECHNICIAN = dict(CA_STATE, class_="Tax Technician, Franchise Tax Board")
TAX_PROGRAM_TECHNICIAN_I = dict(CA_STATE, class_="Tax Program Technician I, Franchise Tax Board")
TAX_PROGRAM_TECHNICIAN_II = dict(CA_STATE, class_="Tax Program Technician II, Franchise Tax Board")
LA_CITY = dict(sector="city", jurisdiction="Los Angeles")
PHL_CITY = dict(sector="city", jurisdiction="Philadelphia")


# An applicant file that meets JI60 Pattern I exactly (six months as Tax Technician, Range B).
SIX_MONTHS_TAX_TECHNICIAN_FILE = """\
id: T-1
experience:
  - title: Tax Technician
    sector: state
    jurisdiction: California
    class: Tax Technician, Franchise Tax Board
    range: B
    start: 2023-01-01
    end: 2023-06-30
    duties: [customer-service, call-center]
"""


def spec_series(text: str, terms: tuple[str, ...] = ()) -> Series:
    """A series from spec text, with the bundled duty terms and ``terms`` of its own."""
    problems: list[Problem] = []
    known = load_terms(bundled_specs_dir(), problems)
    known.update({t: t for t in terms})
    found = load_spec_file(Path("t.yaml"), known, problems, text=text)
    assert problems == [] and found is not None, problems
    return found


def decide_in(series: Series, class_id: str, applicant: Applicant, as_of: dt.date) -> Decision:
    """The one decision of a class of ``series`` (no specialties)."""
    cls = next(c for c in series.classes if c.id == class_id)
    found = screen_class(cls, series, applicant, day(as_of))
    assert len(found) == 1
    return found[0]
