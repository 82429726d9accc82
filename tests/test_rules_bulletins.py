"""Constructs of real bulletins, one table of cases each, on small specs written in the spec format.

The clauses are the City of Los Angeles bulletins' own (../shared/sources/la-bulletins):
"may file if lacking six months or less", licences held or required before
appointment, accredited degrees and majors, units in a subject, filing before
graduation, experience after an apprenticeship, education for experience,
experience for a degree, selective certification; and federal grades, shares
of time, cumulative hours and current employment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import day, job, licence, person, reason, school
from merit.engine import screen_class
from merit.model.applicants import Course
from merit.problems import Problem
from merit.specs import bundled_specs_dir, load_spec_file, load_terms

AS_OF = dt.date(2026, 11, 1)

SPEC = """
series:
  id: t
  title: Test series
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: test}
  clauses:
    - id: graduate-year
      label: Graduate education
      coursework: {units: 18, quarter_units: 27, graduate: true}
    - id: city-clerk
      label: Requirement 1
      experience:
        years: 2
        paid: true
        credit:
          - certain: {sector: city, jurisdiction: Los Angeles, class: Senior Clerk Typist}
            because: Senior Clerk Typist with the City
          - possible: {sector: city, jurisdiction: Los Angeles, duties_any: [billing, collections]}
            because: whether the class was at the level of a Senior Clerk Typist is an analyst's call
classes:
  - id: SHORT
    title: May file if short
    level: 1
    may_file_lacking: {months: 6, label: Note 4}
    requirement: {ref: city-clerk}
  - id: SHORT-EITHER
    title: May file if short, one of two requirements
    level: 1
    may_file_lacking: {months: 6, label: Note 4}
    requirement:
      any_of:
        - {ref: city-clerk}
        - label: Requirement 2
          education: {level: bachelor}
  - id: SHORT-3
    title: Three years, by reference
    level: 2
    requirement: {ref: city-clerk, years: 3, label: Requirement 3, may_file_lacking: {months: 6}}
  - id: NURSE
    title: Correctional Nurse
    level: 3
    requirement:
      all_of:
        - label: Requirement 1
          license: {kinds: [registered nurse, RN], issuer: California Board of Registered Nursing}
        - label: Requirement 2
          experience:
            years: 1
            paid: true
            credit:
              - certain: {duties_all: [professional-nursing], duties_any: [critical-care, emergency-care]}
  - id: LICENSED-LATER
    title: Licence before appointment
    level: 4
    requirement:
      label: Requirement
      license:
        kinds: [journey-level plumber]
        before_appointment: must possess a valid journey-level plumber license prior to appointment
  - id: GRADED
    title: Graded licence
    level: 5
    requirement:
      label: Requirement
      license: {kinds: [water treatment operator], grades: [T1, T2, T3, T4, T5], grade_at_least: T2}
  - id: DEGREE
    title: Accounting degree
    level: 6
    requirement:
      label: Requirement 1
      education: {level: bachelor, fields: [accounting], accredited: true}
  - id: UNITS
    title: Accountant
    level: 7
    requirement:
      all_of:
        - label: Degree
          education:
            level: bachelor
            accredited: true
            before_graduation: {months: 6, condition: cannot be appointed until the degree is received}
        - label: Units
          coursework: {units: 24, quarter_units: 36, subjects: [accounting], up_to: {business law: 6}, accredited: true}
  - id: NAMED-COURSES
    title: Tax Auditor, Requirement 2
    level: 8
    requirement:
      label: Requirement 2
      coursework:
        units: 24
        quarter_units: 32
        courses_all: [Principles of Accounting I, Principles of Accounting II, Cost Accounting]
        courses_any: {count: 1, of: [Tax Accounting, Managerial Accounting]}
  - id: FOUR-COURSES
    title: Systems Analyst, Requirement 3
    level: 9
    requirement:
      label: Requirement 3
      coursework: {courses: 4, course_units: 3, course_quarter_units: 4, subjects: [information systems, systems analysis]}
  - id: APPRENTICE
    title: Building Inspector, Requirement 3
    level: 10
    requirement:
      label: Requirement 3
      experience:
        years: 2
        paid: true
        after: {summary: the completion of a recognized apprenticeship, license: {kinds: [apprenticeship]}}
        credit:
          - certain: {duties_any: [carpentry, masonry]}
  - id: HELPER
    title: Plumber, Requirement 3
    level: 11
    requirement:
      label: Requirement 3
      experience:
        years: 6
        paid: true
        substitution: {subjects: [plumbing], accredited: true, per_year: 12, max_months: 24}
        credit:
          - certain: {sector: city, class: Plumber Helper}
  - id: DEGREE-OR-EXPERIENCE
    title: Systems Analyst, Requirement 2
    level: 12
    requirement:
      label: Requirement 2
      distinct_periods: true
      all_of:
        - label: Degree
          education:
            level: bachelor
            substitution:
              max_years: 4
              required_years: 4
              with_college: false
              paid: true
              credit:
                - certain: {duties_any: [systems-analysis]}
        - label: Experience
          experience:
            years: 2
            paid: true
            credit:
              - certain: {duties_any: [systems-analysis]}
    selective:
      - id: ccna
        title: Cisco Certified Network Associate (CCNA)
        requirement: {label: CCNA, license: {kinds: [CCNA, Cisco Certified Network Associate]}}
  - id: FEDERAL
    title: GS-5 by specialized experience
    level: 13
    requirement:
      label: Specialized experience
      experience:
        years: 1
        credit:
          - certain: {pay_plan: GS, grade_at_least: 4, duties_any: [tax-compliance]}
          - none: {pay_plan: GS, grade_below: 4}
            because: below the GS-4 level the standard names
  - id: SHARE
    title: Credit by share of time
    level: 14
    requirement:
      label: Requirement
      experience:
        years: 1
        credit:
          - certain: {duties_any: [tax-compliance]}
            by_share: true
  - id: HOURS
    title: Cumulative hours
    level: 15
    requirement:
      label: Requirement
      experience:
        hours: 4160
        credit:
          - certain: {duties_any: [clerical]}
  - id: GUARD
    title: Detention Officer, Requirements 2 and 3
    level: 17
    requirement:
      any_of:
        - label: Requirement 2
          experience:
            months: 6
            paid: true
            credit:
              - certain: {title: [security guard, security officer], duties_any: [safeguarding]}
        - label: Requirement 3
          experience:
            months: 6
            prorate: false
            credit:
              - certain: {title: [police explorer]}
  - id: ENGINEER
    title: Civil Engineering Associate, Requirement 1
    level: 18
    requirement:
      all_of:
        - label: Degree
          education:
            level: bachelor
            fields: [engineering]
            except_fields: [engineering technology]
            related_fields: [engineering technology]
            before_graduation: {months: 6, condition: cannot be appointed until the degree is received}
        - label: Units
          coursework:
            units: 24
            subjects: [civil engineering]
            before_graduation: {months: 6, condition: cannot be appointed until the coursework is completed}
  - id: UNITS-ANY
    title: Twelve units of anything
    level: 19
    requirement:
      label: Requirement 5
      coursework: {units: 12, quarter_units: 18, accredited: true}
  - id: AC-MECHANIC
    title: Air Conditioning Mechanic, Requirement 2
    level: 20
    requirement:
      label: Requirement 2
      experience:
        years: 6
        credit:
          - certain: {duties_any: [hvac]}
        substitution: {subjects: [air conditioning], year_units: 12, per_year: 12, max_months: 24, whole: true}
  - id: GS-7
    title: GS-7, graduate education or specialized experience, combined
    level: 21
    requirement:
      label: GS-7
      proportional: [specialized, graduate]
      any_of:
        - {id: graduate, ref: graduate-year}
        - label: Superior academic achievement
          education: {level: bachelor, gpa_at_least: 3.0}
        - id: specialized
          label: Specialized experience
          experience:
            months: 12
            credit:
              - certain: {pay_plan: GS, grade_at_least: 5}
              - possible: {pay_plan: GS}
                because: whether the work was equivalent to GS-5 is an analyst's call
  - id: CURRENT
    title: Current employment
    level: 16
    requirement:
      label: Requirement
      experience:
        credit:
          - certain: {current: true, class: Systems Aide}
"""


@pytest.fixture(scope="module")
def series():
    problems: list[Problem] = []
    terms = load_terms(bundled_specs_dir(), problems)
    terms.update({t: t for t in ("professional-nursing", "critical-care", "emergency-care", "carpentry", "masonry", "systems-analysis", "safeguarding", "hvac")})
    found = load_spec_file(Path("t.yaml"), terms, problems, text=SPEC)
    assert problems == [] and found is not None
    return found


def decide(series, class_id, applicant, as_of=AS_OF, selective=None):
    cls = next(c for c in series.classes if c.id == class_id)
    found = [d for d in screen_class(cls, series, applicant, day(as_of), selective=True) if d.selective == selective]
    assert len(found) == 1
    return found[0]


CLERK = dict(sector="city", jurisdiction="Los Angeles", class_="Senior Clerk Typist")
BILLING = dict(sector="city", jurisdiction="Los Angeles", class_="Clerk", duties=["billing"])

SHORT = [
    # name, jobs, status, eligible_from
    ("exactly two years meets it", [job("2024-11-01", "2026-10-31", **CLERK)], "eligible", None),
    ("six months short may file", [job("2025-05-01", "2026-10-31", **CLERK)], "conditional", None),
    ("six months short in a current job: eligible when the two years are reached",
     [job("2025-05-01", None, **CLERK)], "conditional", "2027-04-30"),
    ("six months and a day short may not", [job("2025-05-02", "2026-10-31", **CLERK)], "ineligible", None),
    ("half time for three years is eighteen months: may file", [job("2023-11-01", "2026-10-31", hours_per_week=20, **CLERK)], "conditional", None),
    ("other City billing work is the analyst's call", [job("2024-11-01", "2026-10-31", sector="city", jurisdiction="Los Angeles", class_="Clerk", duties=["billing"])], "review", None),
    # possible credit within the months that may be lacking: the analyst's call, never ineligible
    ("eighteen months of work an analyst may accept: review", [job("2025-05-01", "2026-10-31", **BILLING)], "review", None),
    ("a day under eighteen months an analyst may accept: ineligible", [job("2025-05-02", "2026-10-31", **BILLING)], "ineligible", None),
    ("twelve certain and six an analyst may accept: review",
     [job("2024-05-01", "2024-10-31", **BILLING), job("2025-11-01", "2026-10-31", **CLERK)], "review", None),
]  # fmt: skip


@pytest.mark.parametrize("name, jobs, status, eligible_from", SHORT, ids=[c[0] for c in SHORT])
def test_may_file_if_lacking_six_months_or_less(series, name, jobs, status, eligible_from):
    d = decide(series, "SHORT", person(*jobs))
    assert d.status == status
    assert d.eligible_from == day(eligible_from)
    if status == "conditional":
        r = reason(d, "Requirement 1")
        assert "at most 6 may be lacking (Process Notes, Note 4): cannot be appointed until the full experience requirement is met" in r.detail
        assert r.citation == "Test series, May file if short, Minimum Qualifications, Requirement 1"
        # the one-line reason (the table's, the CSV's) says how short and on what condition, as --explain does
        from merit.render.screen_text import headline

        line = headline(d)
        assert "months credited" in line and ", at most 6 may be lacking (Process Notes, Note 4)" in line, line
        assert line.endswith("cannot be appointed until the full experience requirement is met"), line
    if name.startswith("eighteen months"):
        assert "lacks 24 months, 6 if an analyst accepts the possible credit, at most 6 may be lacking" in reason(d, "Requirement 1").detail


def test_the_one_line_reason_of_one_alternative_met_on_a_condition_says_how_short_and_the_condition(series):
    """It said only "met on a condition by Requirement 1": neither how short nor the condition."""
    from merit.render.screen_text import headline

    d = decide(series, "SHORT-EITHER", person(job("2025-05-01", "2026-10-31", **CLERK)))
    assert d.status == "conditional"
    assert headline(d) == (
        "met on a condition by Requirement 1: qualifying experience: 18 of 24 months credited (75%); lacks 6 months,"
        " at most 6 may be lacking (Process Notes, Note 4): cannot be appointed until the full experience requirement is met"
    )


def test_what_is_lacking_and_what_is_credited_add_to_what_is_needed(series):
    """18.383 months credited (cut: 18.38) of 24 lack 5.617: shown "lacks 5.62", so that an appeal's
    arithmetic adds up (it read 18.38 and 5.61, which make 23.99)."""
    d = decide(series, "SHORT", person(job("2025-04-20", "2026-10-31", **CLERK)))
    assert d.status == "conditional"
    detail = reason(d, "Requirement 1").detail
    assert "18.38 of 24 months" in detail and "lacks 5.62 months" in detail, detail


def test_a_ref_with_years_is_a_copy_with_its_own_length_label_and_condition(series):
    d = decide(series, "SHORT-3", person(job("2024-05-01", "2026-10-31", **CLERK)))
    assert d.status == "conditional"  # 30 of 36 months
    assert "30 of 36 months" in reason(d, "Requirement 3").detail
    assert decide(series, "SHORT", person(job("2024-05-01", "2026-10-31", **CLERK))).status == "eligible"


RN = dict(kind="Registered Nurse License", issuer="California Board of Registered Nursing")
NURSING = ["professional-nursing", "critical-care"]

NURSE = [
    ("a valid RN licence and a year of critical care", [licence(**RN, expires="2027-06-30")], "eligible"),
    ("an RN licence expired the day before", [licence(**RN, expires="2026-10-31")], "ineligible"),
    ("an RN licence valid on the as-of day itself", [licence(**RN, expires="2026-11-01")], "eligible"),
    ("an RN licence issued after the as-of date", [licence(**RN, issued="2026-11-02")], "ineligible"),
    ("no issuer given: an analyst checks it", [licence(kind="RN")], "review"),
    ("a vocational nurse licence is not an RN licence", [licence(kind="Licensed Vocational Nurse")], "ineligible"),
]


@pytest.mark.parametrize("name, licences, status", NURSE, ids=[c[0] for c in NURSE])
def test_a_licence_held_at_filing(series, name, licences, status):
    applicant = person(job("2025-11-01", "2026-10-31", duties=NURSING), licenses=licences)
    assert decide(series, "NURSE", applicant).status == status


LICENSED_LATER = [
    ("held: eligible", [licence(kind="Journey-Level Plumber License", jurisdiction="Los Angeles")], "eligible"),
    ("not yet held: admitted on the condition", [], "conditional"),
]


@pytest.mark.parametrize("name, licences, status", LICENSED_LATER, ids=[c[0] for c in LICENSED_LATER])
def test_a_licence_before_appointment(series, name, licences, status):
    d = decide(series, "LICENSED-LATER", person(licenses=licences))
    assert d.status == status
    if status == "conditional":
        assert "must possess a valid journey-level plumber license prior to appointment" in reason(d, "Requirement").detail


def graded(grade):
    from merit.model.applicants import License

    return person(licenses=[License(kind="Water Treatment Operator", grade=grade)])


@pytest.mark.parametrize("grade, status", [("T2", "eligible"), ("T5", "eligible"), ("T1", "ineligible"), (None, "review"), ("Grade 2", "review")])
def test_a_licence_grade_or_higher(series, grade, status):
    assert decide(series, "GRADED", graded(grade)).status == status


DEGREE = [
    ("a bachelor's in accounting from an accredited school", dict(field="Accounting", accredited=True), "eligible"),
    ("business administration with accounting courses is not a degree in accounting",
     dict(field="Business Administration", subjects={"accounting": 12}, accredited=True), "ineligible"),
    ("a minor in accounting is not the major", dict(field="Economics", minor="Accounting", accredited=True), "ineligible"),
    ("an unaccredited school does not count", dict(field="Accounting", accredited=False), "ineligible"),
    ("a school whose accreditation is not given: an analyst checks it", dict(field="Accounting"), "review"),
    ("no major given: an analyst checks it", dict(accredited=True), "review"),
    ("conferred after the as-of date: not yet", dict(field="Accounting", accredited=True, conferred=day("2026-12-15")), "ineligible"),
    ("conferred on the as-of date", dict(field="Accounting", accredited=True, conferred=day("2026-11-01")), "eligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, facts, status", DEGREE, ids=[c[0] for c in DEGREE])
def test_a_degree_in_a_field_from_an_accredited_school(series, name, facts, status):
    assert decide(series, "DEGREE", person(education=[school("bachelor", **facts)])).status == status


def test_a_degree_conferred_later_projects_the_day_it_counts(series):
    applicant = person(education=[school("bachelor", field="Accounting", accredited=True, conferred=day("2026-12-15"))])
    assert decide(series, "DEGREE", applicant).eligible_from == dt.date(2026, 12, 15)


def c(title, units, system=None, **kw):
    return Course(title=title, units=units, unit_system=system, **kw)


UNITS = [
    ("24 semester units of accounting courses", dict(courses=[c("Intermediate Accounting I", 12), c("Cost Accounting", 12)]), "eligible"),
    ("23 semester units: one short", dict(courses=[c("Intermediate Accounting I", 12), c("Cost Accounting", 11)]), "ineligible"),
    ("36 quarter units", dict(unit_system="quarter", subjects={"accounting": 36}), "eligible"),
    ("35 quarter units: one short", dict(unit_system="quarter", subjects={"accounting": 35}), "ineligible"),
    ("24 quarter units are not 24 semester units", dict(unit_system="quarter", subjects={"accounting": 24}), "ineligible"),
    ("18 semester and 9 quarter units make 100%", dict(courses=[c("Accounting I", 18), c("Auditing and Accounting", 9, "quarter")]), "eligible"),
    ("18 of accounting and 6 of business law", dict(subjects={"accounting": 18, "business law": 6}), "eligible"),
    ("business law counts up to 6 only", dict(subjects={"accounting": 15, "business law": 9}), "ineligible"),
    ("accounting listed without units: an analyst counts them", dict(subjects={"accounting": None}), "review"),
    ("a course completed after the as-of date does not count yet",
     dict(courses=[c("Intermediate Accounting I", 12), c("Cost Accounting", 12, completed=day("2026-12-01"))]), "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, facts, status", UNITS, ids=[x[0] for x in UNITS])
def test_units_in_a_subject(series, name, facts, status):
    applicant = person(education=[school("bachelor", field="Economics", accredited=True, **facts)])
    assert decide(series, "UNITS", applicant).status == status


def test_units_add_up_over_several_education_entries(series):
    applicant = person(
        education=[
            school("bachelor", field="Economics", accredited=True, subjects={"accounting": 12}),
            school("some-college", accredited=True, subjects={"accounting": 12}),
        ]
    )
    assert decide(series, "UNITS", applicant).status == "eligible"


GRADUATION = [
    ("a senior expected within six months may file", dict(status="senior", expected=day("2027-05-01")), "conditional"),
    ("expected in exactly six months", dict(status="enrolled", expected=day("2027-05-01")), "conditional"),
    ("expected a day later than six months", dict(status="enrolled", expected=day("2027-05-02")), "ineligible"),
    ("a senior who does not say when: an analyst asks", dict(status="senior"), "review"),
]


@pytest.mark.parametrize("name, facts, status", GRADUATION, ids=[x[0] for x in GRADUATION])
def test_may_apply_within_six_months_of_the_degree(series, name, facts, status):
    entry = school("bachelor", field="Economics", accredited=True, subjects={"accounting": 24}, **facts)
    assert decide(series, "UNITS", person(education=[entry])).status == status


PRINCIPLES = [c("Principles of Accounting I", 6), c("Principles of Accounting II", 6), c("Cost Accounting", 6)]
NAMED = [
    ("every named course and one of the others, 24 units", PRINCIPLES + [c("Tax Accounting", 6)], "eligible"),
    ("the named courses but none of the others", PRINCIPLES + [c("Business Law", 6)], "ineligible"),
    ("one named course missing", PRINCIPLES[:2] + [c("Tax Accounting", 12)], "ineligible"),
    ("the courses in other words of the same title", [c("Accounting, Principles of, I", 6), *PRINCIPLES[1:], c("Managerial Accounting", 6)], "eligible"),
    ("enough courses, 23 units", PRINCIPLES + [c("Tax Accounting", 5)], "ineligible"),
    ("32 quarter units meet it", [c(x.title, 8, "quarter") for x in PRINCIPLES] + [c("Tax Accounting", 8, "quarter")], "eligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, courses, status", NAMED, ids=[x[0] for x in NAMED])
def test_named_courses(series, name, courses, status):
    applicant = person(education=[school("bachelor", field="Business", courses=courses)])
    assert decide(series, "NAMED-COURSES", applicant).status == status


def test_named_courses_not_listed_leave_it_to_an_analyst(series):
    assert decide(series, "NAMED-COURSES", person(education=[school("bachelor", field="Business")])).status == "review"


FOUR = [
    ("four courses of three semester units", [c(f"Information Systems {i}", 3) for i in range(4)], "eligible"),
    ("three are not four", [c(f"Information Systems {i}", 3) for i in range(3)], "ineligible"),
    ("one of two units does not count", [c(f"Information Systems {i}", 3) for i in range(3)] + [c("Systems Analysis", 2)], "ineligible"),
    ("four quarter units each", [c(f"Systems Analysis {i}", 4, "quarter") for i in range(4)], "eligible"),
    ("three quarter units is too few", [c(f"Systems Analysis {i}", 3, "quarter") for i in range(4)], "ineligible"),
    ("a course without units: an analyst counts it", [c(f"Information Systems {i}", 3) for i in range(3)] + [c("Systems Analysis", None)], "review"),
]  # fmt: skip


@pytest.mark.parametrize("name, courses, status", FOUR, ids=[x[0] for x in FOUR])
def test_a_number_of_courses_of_so_many_units(series, name, courses, status):
    assert decide(series, "FOUR-COURSES", person(education=[school("some-college", courses=courses)])).status == status


APPRENTICED = [
    ("two years after the apprenticeship", "2023-06-30", [job("2023-07-01", "2025-06-30", duties=["carpentry"])], "eligible"),
    ("the years before it do not count", "2025-06-30", [job("2021-07-01", "2025-06-30", duties=["carpentry"])], "ineligible"),
    ("only the part after it counts", "2023-06-30", [job("2022-07-01", "2025-06-29", duties=["carpentry"])], "ineligible"),
    ("the part after it is enough", "2023-06-30", [job("2022-07-01", "2025-06-30", duties=["masonry"])], "eligible"),
    ("no date for the apprenticeship: an analyst's call", None, [job("2020-01-01", "2025-06-30", duties=["carpentry"])], "review"),
]  # fmt: skip


@pytest.mark.parametrize("name, done, jobs, status", APPRENTICED, ids=[x[0] for x in APPRENTICED])
def test_experience_following_an_apprenticeship(series, name, done, jobs, status):
    from merit.model.applicants import License

    applicant = person(*jobs, licenses=[License(kind="Carpentry Apprenticeship", issued=day(done))])
    assert decide(series, "APPRENTICE", applicant).status == status


def test_no_apprenticeship_no_credit(series):
    assert decide(series, "APPRENTICE", person(job("2020-01-01", "2025-06-30", duties=["carpentry"]))).status == "ineligible"


HELPER = dict(sector="city", class_="Plumber Helper")
PROGRAM = [
    ("six years as a helper", [job("2020-11-01", "2026-10-31", **HELPER)], [], "eligible"),
    ("four years and a two-year accredited program", [job("2022-11-01", "2026-10-31", **HELPER)],
     [school("associate", field="Plumbing Technology", accredited=True)], "eligible"),
    ("four years and a one-year program (30 units)", [job("2022-11-01", "2026-10-31", **HELPER)],
     [school("some-college", field="Plumbing", units=30, accredited=True)], "ineligible"),
    ("three years and a four-year program: at most two years substitute", [job("2023-11-01", "2026-10-31", **HELPER)],
     [school("bachelor", field="Plumbing", accredited=True)], "ineligible"),
    ("an unaccredited program does not count", [job("2022-11-01", "2026-10-31", **HELPER)],
     [school("associate", field="Plumbing", accredited=False)], "ineligible"),
    ("accreditation not given: an analyst's call", [job("2022-11-01", "2026-10-31", **HELPER)],
     [school("associate", field="Plumbing")], "review"),
]  # fmt: skip


@pytest.mark.parametrize("name, jobs, education, status", PROGRAM, ids=[x[0] for x in PROGRAM])
def test_education_for_experience_lacking(series, name, jobs, education, status):
    assert decide(series, "HELPER", person(*jobs, education=education)).status == status


ANALYST = [
    ("a degree and two years", [job("2024-11-01", "2026-10-31", duties=["systems-analysis"])], [school("bachelor")], "eligible"),
    ("six years: four for the degree, two for the experience", [job("2020-11-01", "2026-10-31", duties=["systems-analysis"])], [], "eligible"),
    ("five years are not enough for both", [job("2021-11-01", "2026-10-31", duties=["systems-analysis"])], [], "ineligible"),
    ("three years of college do not add to the experience", [job("2021-11-01", "2026-10-31", duties=["systems-analysis"])],
     [school("some-college", units=90)], "ineligible"),
    ("unpaid years do not substitute", [job("2020-11-01", "2024-10-31", paid=False, duties=["systems-analysis"]),
                                        job("2024-11-01", "2026-10-31", duties=["systems-analysis"])], [], "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, jobs, education, status", ANALYST, ids=[x[0] for x in ANALYST])
def test_experience_for_the_degree_only_never_counted_twice(series, name, jobs, education, status):
    assert decide(series, "DEGREE-OR-EXPERIENCE", person(*jobs, education=education)).status == status


def test_selective_certification_is_a_result_of_its_own(series):
    from merit.model.applicants import License

    plain = screen_class(next(c for c in series.classes if c.id == "DEGREE-OR-EXPERIENCE"), series, person(), day(AS_OF))
    assert [d.selective for d in plain] == [None]  # only when asked for

    eligible = person(job("2024-11-01", "2026-10-31", duties=["systems-analysis"]), education=[school("bachelor")])
    assert decide(series, "DEGREE-OR-EXPERIENCE", eligible).status == "eligible"
    assert decide(series, "DEGREE-OR-EXPERIENCE", eligible, selective="ccna").status == "ineligible"
    eligible.licenses.append(License(kind="Cisco Certified Network Associate (CCNA)"))
    d = decide(series, "DEGREE-OR-EXPERIENCE", eligible, selective="ccna")
    assert (d.status, d.path) == ("eligible", "Requirement 2 + CCNA")


FEDERAL = [
    ("a year at GS-4", dict(grade="GS-0592-04"), "eligible"),
    ("a year at GS-7 given as plan and grade", dict(pay_plan="GS", grade="7"), "eligible"),
    ("a year at GS-3", dict(grade="GS-0592-03"), "ineligible"),
    ("no grade given: an analyst checks it", dict(pay_plan="GS"), "review"),
]


@pytest.mark.parametrize("name, facts, status", FEDERAL, ids=[x[0] for x in FEDERAL])
def test_federal_grades(series, name, facts, status):
    applicant = person(job("2025-11-01", "2026-10-31", sector="federal", duties=["tax-compliance"], **facts))
    assert decide(series, "FEDERAL", applicant).status == status


SHARES = [
    ("75% of 16 months is 12 months", "2025-07-01", {"tax-compliance": 75, "clerical": 25}, "eligible"),
    ("75% of 15 months is 11.25 months", "2025-08-01", {"tax-compliance": 75, "clerical": 25}, "ineligible"),
    ("duties without shares: an analyst decides the share", "2025-11-01", ["tax-compliance", "clerical"], "review"),
]


@pytest.mark.parametrize("name, start, duties, status", SHARES, ids=[x[0] for x in SHARES])
def test_credit_by_share_of_time(series, name, start, duties, status):
    assert decide(series, "SHARE", person(job(start, "2026-10-31", duties=duties))).status == status


def test_share_of_time_in_the_job_line(series):
    d = decide(series, "SHARE", person(job("2025-07-01", "2026-10-31", duties={"tax-compliance": 75, "clerical": 25})))
    job_line = reason(d, "Requirement").children[0]
    assert "16 months × 75% of the time in qualifying duties (assumed: 40 hours a week, as the record does not say) = 12 months" in job_line.detail


HOURS = [
    ("24 months full time are 4,160 hours", "2024-11-01", 40, "eligible"),
    ("a day short", "2024-11-02", 40, "ineligible"),
    ("48 months at 20 hours", "2022-11-01", 20, "eligible"),
]


@pytest.mark.parametrize("name, start, hours, status", HOURS, ids=[x[0] for x in HOURS])
def test_cumulative_hours(series, name, start, hours, status):
    d = decide(series, "HOURS", person(job(start, "2026-10-31", duties=["clerical"], hours_per_week=hours)))
    assert d.status == status


def test_cumulative_hours_read_in_hours(series):
    d = decide(series, "HOURS", person(job("2025-11-01", "2026-10-31", duties=["clerical"])))
    assert "2080 of 4160 hours credited (50%)" in reason(d, "Requirement").detail


@pytest.mark.parametrize("end, status", [(None, "eligible"), ("2026-10-31", "ineligible")])
def test_current_employment(series, end, status):
    assert decide(series, "CURRENT", person(job("2026-01-01", end, class_="Systems Aide"))).status == status


GUARD = [
    ("six months as a private security guard, by the working title", [job("2026-05-01", "2026-10-31", title="Security Guard", sector="private", duties=["safeguarding"])], "eligible"),
    ("a day short", [job("2026-05-02", "2026-10-31", title="Security Guard", sector="private", duties=["safeguarding"])], "ineligible"),
    ("a cashier's title is not a guard's", [job("2025-01-01", "2026-10-31", title="Cashier", sector="private", duties=["safeguarding"])], "ineligible"),
    ("a police explorer four hours a week for six months: calendar time", [job("2026-05-01", "2026-10-31", title="Police Explorer", hours_per_week=4, paid=False)], "eligible"),
    ("a guard four hours a week for six months: in proportion to hours", [job("2026-05-01", "2026-10-31", title="Security Guard", hours_per_week=4, duties=["safeguarding"])], "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, jobs, status", GUARD, ids=[x[0] for x in GUARD])
def test_working_titles_and_calendar_time(series, name, jobs, status):
    assert decide(series, "GUARD", person(*jobs)).status == status


def test_calendar_time_is_said_in_the_job_line(series):
    d = decide(series, "GUARD", person(job("2026-05-01", "2026-10-31", title="Police Explorer", hours_per_week=4)))
    assert "6 months (4 h a week, counted as calendar time) = 6 months" in reason(d, "Requirement 3").children[0].detail


ENGINEER = [
    ("a civil engineering degree", dict(field="Civil Engineering", subjects={"civil engineering": 30}), "eligible"),
    ("engineering technology is not engineering: an analyst's call", dict(field="Civil Engineering Technology", subjects={"civil engineering": 30}), "review"),
    ("a senior still completing the units, expected within six months", dict(field="Civil Engineering", status="senior", expected=day("2027-04-01"), subjects={"civil engineering": 18}), "conditional"),
    ("expected in seven months", dict(field="Civil Engineering", status="senior", expected=day("2027-06-01"), subjects={"civil engineering": 18}), "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, facts, status", ENGINEER, ids=[x[0] for x in ENGINEER])
def test_excluded_majors_and_coursework_before_graduation(series, name, facts, status):
    assert decide(series, "ENGINEER", person(education=[school("bachelor", **facts)])).status == status


UNITS_ANY = [
    ("a completed accredited degree stands for its units", [school("bachelor", accredited=True)], "eligible"),
    ("an entry's total of 30 units", [school("some-college", accredited=True, units=30)], "eligible"),
    ("an entry's total of 11 units", [school("some-college", accredited=True, units=11)], "ineligible"),
    ("18 quarter units in all", [school("some-college", accredited=True, units=18, unit_system="quarter")], "eligible"),
    ("college without units given: an analyst counts them", [school("some-college", status="enrolled", accredited=True)], "review"),
]


@pytest.mark.parametrize("name, education, status", UNITS_ANY, ids=[x[0] for x in UNITS_ANY])
def test_so_many_units_of_anything(series, name, education, status):
    assert decide(series, "UNITS-ANY", person(education=education)).status == status


HVAC = dict(duties=["hvac"])
AC = [
    ("five years and 12 units by subject make six", "2021-11-01", [school("some-college", subjects={"air conditioning technology": 12})], "eligible"),
    ("five years and 12 units by course", "2021-11-01", [school("some-college", courses=[c("Air Conditioning I", 6), c("Air Conditioning II", 6)])], "eligible"),
    ("five years and 11 units: no whole year", "2021-11-01", [school("some-college", subjects={"air conditioning technology": 11})], "ineligible"),
    ("four years and 24 units make six", "2022-11-01", [school("some-college", subjects={"air conditioning": 24})], "eligible"),
    ("three years and 36 units: at most two years", "2023-11-01", [school("some-college", subjects={"air conditioning": 36})], "ineligible"),
]


@pytest.mark.parametrize("name, start, education, status", AC, ids=[x[0] for x in AC])
def test_education_for_experience_by_a_bulletin_year_of_units(series, name, start, education, status):
    assert decide(series, "AC-MECHANIC", person(job(start, "2026-10-31", **HVAC), education=education)).status == status


GS7 = [
    ("18 graduate units", [school("bachelor"), school("master", status="enrolled", units=18)], [], "eligible"),
    ("a 128-unit bachelor's is no graduate study", [school("bachelor", units=128)], [], "review"),
    ("9 graduate units (50%) and six months at GS-5 (50%), the graduate alternative by reference",
     [school("bachelor", gpa=2.5), school("master", status="enrolled", units=9)], [job("2026-05-01", "2026-10-31", sector="federal", grade="GS-0343-05")], "eligible"),
    ("8 graduate units and six months", [school("bachelor", gpa=2.5), school("master", status="enrolled", units=8)],
     [job("2026-05-01", "2026-10-31", sector="federal", grade="GS-0343-05")], "ineligible"),
    ("a grade-point average of 3.0", [school("bachelor", gpa=3.0)], [], "eligible"),
    ("2.9 is below it", [school("bachelor", gpa=2.9)], [], "ineligible"),
    ("a private job has no federal grade: not possible GS-5 credit", [school("bachelor", gpa=2.0)],
     [job("2020-01-01", "2026-10-31", sector="private")], "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, education, jobs, status", GS7, ids=[x[0] for x in GS7])
def test_graduate_study_grade_point_average_and_federal_grades(series, name, education, jobs, status):
    assert decide(series, "GS-7", person(*jobs, education=education)).status == status


def test_an_ineligible_result_names_the_part_not_met_that_came_closest():
    from merit.model.decisions import Decision, Reason
    from merit.render.screen_text import headline

    met = Reason("Experience", "met", "24 of 24 months credited (100%)", "c")
    short = Reason("Education", "not met", "needs twelfth-grade: no education is listed", "c")
    closer = Reason("Supervision", "not met", "17 of 18 months credited (94%)", "c")
    short.share, closer.share, met.share = 0.0, 0.94, 1.0
    root = Reason("Training and Experience", "not met", "not met: Education, Supervision", "c", [met, short, closer])
    d = Decision("A", "f", "C", None, "ineligible", None, None, [root], AS_OF)
    assert headline(d) == "Supervision: 17 of 18 months credited (94%)"
