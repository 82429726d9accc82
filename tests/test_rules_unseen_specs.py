"""Decisions analysts found wrong when they encoded classes merit had not seen.

Each table is one rule as the source states it, with the cases that showed it
wrong: months given to the wrong part of a requirement whose parts may not share
a period, coursework whose school or judgment is unsettled inside a combination,
courses counted from subjects, the one-line reason naming the wrong alternative,
an overlap note without an overlap, a list of duties that all qualify, and the
words of reasons.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import job, person, school, walk
from merit.engine import screen_class
from merit.engine.timeline import JOBS, Run
from merit.model.applicants import Course
from merit.model.decisions import Determination
from merit.render.screen_text import headline
from merit.specs import bundled_specs_dir, load_spec_file, load_terms

AS_OF = dt.date(2026, 11, 1)

SPEC = """
series:
  id: unseen
  title: Classes merit had not seen
  jurisdiction: Maryland
  organization: Test
  source: {document: test}
  clauses:
    - id: accounting-year
      experience:
        years: 1
        credit:
          - certain: {duties_any: [accounting]}
            because: accounting work
classes:
  - id: PROCUREMENT
    title: Procurement Supervisor
    level: 1
    requirement:
      # "two years of procurement experience, one of which supervisory": the parts may not share months
      distinct_periods: true
      all_of:
        - label: General procurement
          experience:
            years: 1
            credit:
              - certain: {duties_any: [procurement]}
                because: procurement work
        - label: Supervisory procurement
          experience:
            years: 1
            credit:
              - certain: {duties_all: [procurement, supervision]}
                because: supervising procurement work
  - id: TWO-KINDS
    title: Accountant-Auditor
    level: 11
    requirement:
      # "one year of accounting and one year of auditing experience": no job is both, and no period counts twice
      distinct_periods: true
      all_of:
        - label: Accounting
          experience: {years: 1, credit: [{certain: {duties_any: [accounting]}, because: accounting work}]}
        - label: Auditing
          experience: {years: 1, credit: [{certain: {duties_any: [auditing]}, because: auditing work}]}
  - id: GS-5
    title: Accounting Technician (federal GS-5 style)
    level: 2
    requirement:
      label: Qualifications
      proportional: [experience, education]
      any_of:
        - {id: experience, label: Specialized experience, ref: accounting-year}
        - id: education
          label: Education
          coursework: {units: 60, beyond: 60, accredited: true}
  - id: JUDGED
    title: Coursework an analyst judges, combined with experience
    level: 3
    requirement:
      label: Qualifications
      proportional: [experience, education]
      any_of:
        - {id: experience, label: Specialized experience, ref: accounting-year}
        - id: education
          label: Education
          coursework:
            units: 24
            subjects: [accounting]
            judgment: whether the courses were directly related to the work of the position
  - id: UNITS
    title: Units from an accredited school
    level: 4
    requirement:
      label: Accounting units
      coursework: {units: 24, subjects: [accounting], accredited: true}
  - id: COURSES
    title: Courses for experience lacking
    level: 5
    requirement:
      label: Requirement
      experience:
        years: 2
        credit:
          - certain: {duties_any: [accounting]}
            because: accounting work
        substitution:
          subjects: [accounting, business administration]
          per_course: 6
          max_months: 24
  - id: CLOSEST
    title: A degree and experience, or more experience
    level: 6
    requirement:
      label: Minimum Qualifications
      any_of:
        - label: Requirement 1
          all_of:
            - {label: Degree, education: {level: bachelor}}
            - label: Two years of accounting
              experience:
                years: 2
                credit:
                  - certain: {duties_any: [accounting]}
                    because: accounting work
        - label: Requirement 2
          experience:
            years: 3
            credit:
              - certain: {duties_any: [accounting]}
                because: accounting work
  - id: SHARE
    title: Credit by share of time
    level: 7
    requirement:
      label: Accounting experience
      experience:
        years: 1
        credit:
          - certain: {duties_any: [accounting]}
            by_share: true
            because: accounting work, prorated by its share of time
  - id: EQUIVALENT
    title: Experience, or an equivalent combination
    level: 8
    requirement:
      label: Minimum Qualifications
      any_of:
        - label: Requirement 1
          experience:
            years: 2
            credit:
              - certain: {duties_any: [accounting]}
                because: accounting work
        - label: Any equivalent combination
          judgment: any equivalent combination of education and experience acceptable to the Personnel Department
  - id: ONE-CLAUSE
    title: One experience clause
    level: 9
    requirement:
      label: Requirement
      experience:
        years: 1
        credit:
          - certain: {class: [Senior Account Clerk]}
            because: a Senior Account Clerk
          - possible: {duties_any: [accounting]}
            because: whether the work was at the level of a Senior Account Clerk is an analyst's call
  - id: REF-REVIEW
    title: A shared clause that leaves room for judgment here
    level: 10
    requirement:
      label: Requirement
      ref: accounting-year
      otherwise: review
      because: experience in related fiscal work may be accepted
"""


@pytest.fixture(scope="module")
def series():
    problems: list = []
    terms = load_terms(bundled_specs_dir(), problems)
    terms.update({t: t for t in ("procurement", "accounting")})
    found = load_spec_file(Path("unseen.yaml"), terms, problems, text=SPEC)
    assert problems == [] and found is not None
    return found


def decide(series, class_id, applicant, determinations=()):
    cls = next(c for c in series.classes if c.id == class_id)
    run = Run(applicant, AS_OF, series.crediting, JOBS, tuple(determinations))
    (found,) = screen_class(cls, series, applicant, AS_OF, run)
    return found


def answer(point: str, answer: str = "accept") -> Determination:
    return Determination("A-1", point, answer, "A. Analyst", dt.date(2026, 12, 1), "equivalent work")


def details(decision) -> str:
    return "\n".join(f"{r.requirement}: {r.detail}" for r in walk(decision.reasons))


# --- 1. parts that may not share a period ----------------------------------------------------------

BUYER = dict(duties=["procurement"])
SUPERVISOR = dict(duties=["procurement", "supervision"])


def short_supervisory_jobs(count: int) -> list:
    """A career of two-month supervisory postings, one a year from 2012."""
    return [job(f"{2012 + i}-01-01", f"{2012 + i}-02-28", **SUPERVISOR) for i in range(count)]


def overlapping_supervisory_jobs(count: int) -> list:
    """Three-month supervisory postings from 2012, one every two months: each overlaps the next by a month."""

    def first_of(month: int) -> dt.date:  # month 0 is January 2012
        return dt.date(2012 + month // 12, month % 12 + 1, 1)

    return [job(first_of(2 * i).isoformat(), (first_of(2 * i + 3) - dt.timedelta(days=1)).isoformat(), **SUPERVISOR) for i in range(count)]


PROCUREMENT = [
    (
        "ten short supervisory postings and six months as a buyer: four postings go to the general part",
        [job("2010-01-01", "2010-06-30", **BUYER), *short_supervisory_jobs(10)],
        "eligible",
    ),
    (
        "ten three-month postings, each overlapping the next by a month, and six months as a buyer: 21 + 6 months",
        [job("2010-01-01", "2010-06-30", **BUYER), *overlapping_supervisory_jobs(10)],
        "eligible",
    ),
    (
        "eight such postings are 17 months, and six as a buyer: 23, short of 24, whatever part each goes to",
        [job("2010-01-01", "2010-06-30", **BUYER), *overlapping_supervisory_jobs(8)],
        "ineligible",
    ),
    (
        "nine postings and the buyer's six months are 23.9 months: short of the 24 the parts need together",
        [job("2010-01-01", "2010-06-30", **BUYER), *short_supervisory_jobs(9)],
        "ineligible",
    ),
    (
        "two years as a supervisor, one job: divided, a year to each part",
        [job("2020-01-01", "2021-12-31", **SUPERVISOR)],
        "eligible",
    ),
    (
        "seventeen months of supervision in two jobs are not the 24 months both parts need: never counted twice",
        [job("2000-01-01", "2000-10-31", **SUPERVISOR), job("2000-12-01", "2001-06-30", **SUPERVISOR)],
        "ineligible",
    ),
    (
        "a year as a buyer and a year as a supervisor: each part its own",
        [job("2019-01-01", "2019-12-31", **BUYER), job("2020-01-01", "2020-12-31", **SUPERVISOR)],
        "eligible",
    ),
    (
        "a buyer and a supervisor full time in the same year: one year of time, not the two the parts need",
        [job("2020-01-01", "2020-12-31", **BUYER), job("2020-01-01", "2020-12-31", **SUPERVISOR)],
        "ineligible",
    ),
    (
        "a buyer and a supervisor half time each for two years: two years of full-time experience, a year to each",
        [job("2019-01-01", "2020-12-31", hours_per_week=20, **BUYER), job("2019-01-01", "2020-12-31", hours_per_week=20, **SUPERVISOR)],
        "eligible",
    ),
]


@pytest.mark.parametrize("name, jobs, status", PROCUREMENT, ids=[c[0] for c in PROCUREMENT])
def test_parts_that_may_not_share_a_period_get_the_months_that_meet_every_part(series, name, jobs, status):
    d = decide(series, "PROCUREMENT", person(*jobs))
    assert d.status == status, details(d)


TWO_KINDS = [
    ("an accountant in 2019 and an auditor in 2020", [job("2019-01-01", "2019-12-31", duties=["accounting"]), job("2020-01-01", "2020-12-31", duties=["auditing"])], "eligible"),
    ("an accountant and an auditor full time through 2020: one year, not two", [job("2020-01-01", "2020-12-31", duties=["accounting"]), job("2020-01-01", "2020-12-31", duties=["auditing"])], "ineligible"),
    ("both half time through 2019 and 2020: two years of full-time experience", [job("2019-01-01", "2020-12-31", duties=["accounting"], hours_per_week=20), job("2019-01-01", "2020-12-31", duties=["auditing"], hours_per_week=20)], "eligible"),
]


@pytest.mark.parametrize("name, jobs, status", TWO_KINDS, ids=[c[0] for c in TWO_KINDS])
def test_parts_no_job_shares_still_count_a_period_once(series, name, jobs, status):
    d = decide(series, "TWO-KINDS", person(*jobs))
    assert d.status == status, details(d)


def test_a_job_divided_between_parts_is_never_counted_in_both(series):
    d = decide(series, "PROCUREMENT", person(*PROCUREMENT[3][1]))
    lines = [r for r in walk(d.reasons) if r.citation is None and r.outcome == "met"]
    stretches = [line.detail.split(":")[0] for line in lines]
    assert len(stretches) == len(set(stretches)), stretches


# --- 2, 3, 8. coursework whose school or judgment is unsettled, inside a combination ---------------

SIX_MONTHS_ACCOUNTING = job("2026-05-01", "2026-10-31", duties=["accounting"])
NINETY_UNITS = dict(level="bachelor", status="enrolled", units=90)  # 30 beyond the first 60: half of GS-5's education

COMBINED = [
    ("accredited: 30 units beyond 60 (50%) and six months (50%) meet it", dict(NINETY_UNITS, accredited=True), "eligible"),
    ("not accredited: the units do not count", dict(NINETY_UNITS, accredited=False), "ineligible"),
    ("accreditation not given: whether the school is accredited is the question", NINETY_UNITS, "review"),
]


@pytest.mark.parametrize("name, entry, status", COMBINED, ids=[c[0] for c in COMBINED])
def test_units_whose_accreditation_is_unknown_make_a_combination_review(series, name, entry, status):
    d = decide(series, "GS-5", person(SIX_MONTHS_ACCOUNTING, education=[school(**entry)]))
    assert d.status == status, details(d)


def test_the_combination_asks_whether_the_school_is_accredited_and_the_answer_settles_it(series):
    applicant = person(SIX_MONTHS_ACCOUNTING, education=[school(**NINETY_UNITS)])
    d = decide(series, "GS-5", applicant)
    (point,) = [p for p in d.points if p.id == "GS-5/education/coursework"]
    assert "whether the school is accredited" in point.question
    assert decide(series, "GS-5", applicant, [answer("GS-5/education/coursework")]).status == "eligible"
    assert decide(series, "GS-5", applicant, [answer("GS-5/education/coursework", "reject")]).status == "ineligible"


JUDGED = [
    ("24 units in accounting alone: the judgment is the analyst's", [], "review"),
    ("12 units and six months combined: still the analyst's judgment, never eligible without it", [SIX_MONTHS_ACCOUNTING], "review"),
]


@pytest.mark.parametrize("name, jobs, status", JUDGED, ids=[c[0] for c in JUDGED])
def test_a_coursework_judgment_holds_inside_a_combination(series, name, jobs, status):
    units = 24 if not jobs else 12
    d = decide(series, "JUDGED", person(*jobs, education=[school("bachelor", subjects={"accounting": units})]))
    assert d.status == status, details(d)
    assert any("directly related to the work of the position" in p.question for p in d.points)


def test_units_waiting_on_accreditation_are_said(series):
    d = decide(series, "UNITS", person(education=[school("associate", subjects={"accounting": 3})]))
    line = next(r for r in walk(d.reasons) if r.requirement == "Accounting units").detail
    assert line.startswith("0 semester units in accounting of 24 semester or 36 quarter units (0%)")
    assert "; 3 semester units wait on whether the school is accredited" in line


# --- 4. courses counted from subjects and degrees ---------------------------------------------------

COURSES = [
    (
        "12 units of business administration are four courses of three units: 24 months",
        school("some-college", status="enrolled", subjects={"business administration": 12}),
        "eligible",
    ),
    (
        "a completed bachelor's in accounting that lists subject tags is at least its usual courses",
        school("bachelor", field="accounting", subjects={"accounting": None, "auditing": None}),
        "eligible",
    ),
    (
        "the same degree listing no subjects",
        school("bachelor", field="accounting"),
        "eligible",
    ),
    (
        "6 units of accounting are two courses: 12 of the 24 months",
        school("some-college", status="enrolled", subjects={"accounting": 6}),
        "ineligible",
    ),
    (
        "a subject listed without units is at least one course; how many is the analyst's",
        school("some-college", status="enrolled", subjects={"accounting": None}),
        "review",
    ),
]


@pytest.mark.parametrize("name, entry, status", COURSES, ids=[c[0] for c in COURSES])
def test_courses_for_experience_lacking_count_units_and_degrees(series, name, entry, status):
    d = decide(series, "COURSES", person(education=[entry]))
    assert d.status == status, details(d)


def test_listed_courses_count_one_each(series):
    courses = [Course(title=f"Accounting {n}", units=3) for n in range(1, 5)]
    d = decide(series, "COURSES", person(education=[school("some-college", status="enrolled", courses=courses)]))
    assert d.status == "eligible", details(d)


# --- 5. the one-line reason names the alternative that came closest --------------------------------

def test_the_one_line_reason_names_the_alternative_that_came_closest(series):
    # Requirement 1: the degree and 23.9 of 24 months (99%); Requirement 2: 23.9 of 36 months (66%)
    applicant = person(job("2024-11-01", "2026-10-28", duties=["accounting"]), education=[school("bachelor")])
    d = decide(series, "CLOSEST", applicant)
    assert d.status == "ineligible"
    assert headline(d).startswith("Requirement 1 > Two years of accounting: "), headline(d)


# --- 6. overlapping periods, only where they overlap -------------------------------------------------

OVERLAP = [
    ("two jobs end to end, months apart in their days: no overlap note", "2020-03-10", "2020-03-11", False),
    ("two jobs sharing a month: counted once, and said", "2020-03-10", "2020-02-11", True),
]


@pytest.mark.parametrize("name, first_end, second_start, said", OVERLAP, ids=[c[0] for c in OVERLAP])
def test_the_overlap_note_only_where_periods_overlap(series, name, first_end, second_start, said):
    jobs = [job("2020-01-15", first_end, duties=["accounting"]), job(second_start, "2020-09-20", duties=["accounting"])]
    d = decide(series, "SHARE", person(*jobs))
    text = next(r for r in walk(d.reasons) if r.requirement == "Accounting experience").detail
    assert ("overlapping periods counted once" in text) is said, text
    assert "--" not in text


# --- 7. a list of duties that all qualify ------------------------------------------------------------

SHARES = [
    ("a list of only qualifying duties is all of the job's time", ["accounting"], "eligible"),
    ("a list with other duties leaves the share to an analyst", ["accounting", "clerical"], "review"),
    ("shares given: 75% of a year is nine months", {"accounting": 75, "clerical": 25}, "ineligible"),
    ("shares given, all qualifying: the whole year", {"accounting": 100}, "eligible"),
]


@pytest.mark.parametrize("name, duties, status", SHARES, ids=[c[0] for c in SHARES])
def test_credit_by_share_when_every_duty_listed_qualifies(series, name, duties, status):
    d = decide(series, "SHARE", person(job("2025-01-01", "2025-12-31", duties=duties)))
    assert d.status == status, details(d)


# --- 6. an end date far after the as-of date is a mistake in the record ------------------------------

ENDS = [
    ("an end within a year of the as-of date is a job planned to end: read", "2025-12-31", None),
    ("an end more than a year after it is a mistake", "2026-01-02", "4:10"),
    ("2202 for 2022 is a mistake, never a projection of 53 months", "2202-06-30", "4:10"),
]


@pytest.mark.parametrize("name, end, problem_at", ENDS, ids=[c[0] for c in ENDS])
def test_an_end_date_more_than_a_year_after_the_as_of_date_is_a_problem(name, end, problem_at):
    from merit.applicants import Reading, stream_applicants

    text = f"id: A-1\nexperience:\n  - start: 2021-03-01\n    end: {end}\n"
    (loaded,) = stream_applicants(text, "a.yaml", Reading(as_of=dt.date(2025, 1, 1)))
    where = [f"{p.line}:{p.column}" for p in loaded.problems]
    assert where == ([problem_at] if problem_at else []), [p.message for p in loaded.problems]
    if problem_at:
        assert "is more than a year after the as-of date" in loaded.problems[0].message


# --- 9. the words of reasons ----------------------------------------------------------------------

WORDS = """
series:
  id: words
  title: Words
  jurisdiction: Maryland
  organization: Test
  source: {document: test}
classes:
  - id: CLERK
    title: Clerk
    level: 1
    requirement:
      label: Education
      education:
        level: bachelor
        substitution:
          years_per_year: 1
          max_years: 2
          required_years: 4
          with_college: true
          credit:
            - certain: {duties_any: [clerical]}
  - id: SENIOR
    title: Senior Clerk
    level: 3
    requirement: {label: Education, education: {level: bachelor}}
"""


@pytest.fixture(scope="module")
def words():
    problems: list = []
    found = load_spec_file(Path("words.yaml"), load_terms(bundled_specs_dir(), problems), problems, text=WORDS)
    assert problems == [] and found is not None
    return found


def test_one_year_is_said_in_the_singular(words):
    applicant = person(job("2025-01-01", "2025-12-31", duties=["clerical"]), education=[school("some-college", units=30)])
    d = decide(words, "CLERK", applicant)
    text = details(d)
    assert "1 year of college + 1 year of experience substituted" in text, text
    assert "1 years" not in text


LEVELS = [("CLERK", "1 (the 1st of 2 levels, lowest first)"), ("SENIOR", "3 (the 2nd of 2 levels, lowest first)")]


@pytest.mark.parametrize("class_id, text", LEVELS)
def test_a_level_numbered_past_the_number_of_levels_says_its_place(words, class_id, text):
    from merit.class_view import level_text

    cls = next(c for c in words.classes if c.id == class_id)
    assert level_text(cls, words) == text


def test_a_series_numbered_one_to_n_reads_as_before():
    from helpers import catalogue
    from merit.class_view import level_text

    cls = catalogue().find_class("JI55")
    assert level_text(cls, catalogue().series_of(cls)) == "2 of 2"


def test_no_word_is_written_twice_in_a_row_in_the_bundled_specs():
    import re

    doubled = re.compile(r"\b(is|the|a|of|to|an|and|or|in)\s+\1\b", re.IGNORECASE)
    for path in sorted(bundled_specs_dir().glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not doubled.search(line), f"{path.name}:{number}: {line.strip()}"


def test_an_accepted_answer_is_quoted_once_in_the_one_line_reason(series):
    applicant = person(job("2025-01-01", "2025-12-31", duties=["accounting"]))
    (point,) = decide(series, "ONE-CLAUSE", applicant).points  # a job's id names the job (job-from-2025-01-01)
    d = decide(series, "ONE-CLAUSE", applicant, [answer(point.id)])
    assert d.status == "eligible"
    assert headline(d).count("accepted by A. Analyst on 2026-12-01: equivalent work") == 1, headline(d)


def test_a_rejected_catch_all_answer_is_in_the_one_line_reason(series):
    applicant = person(job("2025-01-01", "2025-12-31", duties=["accounting"]))
    assert decide(series, "EQUIVALENT", applicant).status == "review"
    d = decide(series, "EQUIVALENT", applicant, [answer("EQUIVALENT/any-equivalent-combination/judgment", "reject")])
    assert d.status == "ineligible"
    assert "Any equivalent combination: rejected by A. Analyst on 2026-12-01: equivalent work" in headline(d), headline(d)


# --- keys beside a ref ------------------------------------------------------------------------------


def test_otherwise_review_beside_a_ref_holds_where_the_ref_stands(series):
    d = decide(series, "REF-REVIEW", person(job("2026-05-01", "2026-10-31", duties=["clerical"])))
    assert d.status == "review", details(d)
    assert "experience in related fiscal work may be accepted" in details(d)
