"""Education constructs of real bulletins, one table of cases each, on a small spec in the spec format.

- Experience for education added to years of college (``with_college``) counts only college the clause
  takes: "a bachelor's degree with a major in fine arts from an accredited school ... experience may be
  substituted for up to two years of the required education" does not take a business degree, nor one from
  a school that is not accredited, as two of the four years.
- "A bachelor's degree in accounting may be substituted for two years of the experience": a flat
  substitution by the degree (``per_degree`` with ``level``), not by its units.
- "A year of college which includes three units in real estate may be substituted for each year of the
  experience lacking": a year of any college counts if it includes the units (``units_each_year``).
- "Graduation from a high school or an accredited college": accreditation is asked of colleges only.
- "One course in geometry": a course counts whatever its units, high-school courses too where the clause
  says so (``high_school``); none listed is an analyst's question, not none taken.
- "Graduation from a vocational high school in auto mechanics may be substituted for one year of the
  experience" (``per_degree`` with ``level: twelfth-grade``), and "completion of a trade school program" as a
  certificate held beside three years (``any_of`` / ``all_of``, no new key).
- A foreign degree meets a US degree clause only once a credential evaluation found it equivalent
  (``foreign``, ``evaluated`` on the education entry); without one it is an analyst's question.
- "4,160 cumulative work hours": a job whose record gives the hours actually worked (``hours_worked``)
  counts those hours, not its calendar months at full time.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import decide_in, job, licence, person, school, spec_series
from merit.model.applicants import Course

AS_OF = dt.date(2026, 11, 1)

SPEC = """
series:
  id: t
  title: Test series
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: test}
classes:
  - id: FINE-ARTS
    title: Art Curator
    level: 1
    requirement:
      label: Requirement
      education:
        level: bachelor
        fields: [fine arts]
        accredited: true
        substitution:
          max_years: 2
          credit:
            - certain: {duties_any: [curation]}
  - id: DEGREE
    title: Analyst
    level: 2
    requirement:
      label: Requirement
      education: {level: bachelor, accredited: true}
  - id: FLAT
    title: Auditor
    level: 4
    requirement:
      label: Requirement
      experience:
        years: 4
        substitution: {subjects: [accounting], per_degree: 24, level: bachelor, max_months: 24}
        credit:
          - certain: {duties_any: [curation]}
  - id: REAL-ESTATE
    title: Property Agent
    level: 5
    requirement:
      label: Requirement
      experience:
        years: 4
        substitution: {subjects: [real estate], per_year: 12, units_each_year: 3, max_months: 24}
        credit:
          - certain: {duties_any: [curation]}
  - id: HS-OR-COLLEGE
    title: Clerk
    level: 6
    requirement:
      label: Requirement
      education: {level: twelfth-grade, accredited: true}
  - id: GEOMETRY
    title: Surveyor Aide
    level: 7
    requirement:
      label: Requirement
      coursework: {courses: 1, subjects: [geometry], high_school: true}
  - id: MECHANIC
    title: Mechanic
    level: 8
    requirement:
      any_of:
        - label: Experience
          experience:
            years: 4
            substitution: {subjects: [auto mechanics], per_degree: 12, level: twelfth-grade, max_months: 12}
            credit:
              - certain: {duties_any: [curation]}
        - label: Trade school
          all_of:
            - license: {kinds: [auto mechanics trade school certificate]}
            - experience:
                years: 3
                credit:
                  - certain: {duties_any: [curation]}
  - id: HOURS
    title: Apprentice
    level: 3
    requirement:
      label: Requirement
      experience:
        hours: 4160
        credit:
          - certain: {duties_any: [curation]}
"""


@pytest.fixture(scope="module")
def series():
    return spec_series(SPEC, ("curation",))


def decide(series, class_id, applicant, as_of=AS_OF):
    return decide_in(series, class_id, applicant, as_of)


CURATION = job("2024-11-01", "2026-10-31", duties=["curation"])  # two years

WITH_COLLEGE = [
    # name, education, status
    ("two years of accredited fine-arts college and two years of experience meet it",
     [school("some-college", field="fine arts", units=60, accredited=True)], "eligible"),
    ("a non-accredited business bachelor's is not two of the four years",
     [school("bachelor", field="business administration", accredited=False)], "ineligible"),
    ("an accredited business bachelor's is not college in fine arts",
     [school("bachelor", field="business administration", accredited=True)], "ineligible"),
    ("a fine-arts bachelor's from a school that is not accredited does not count",
     [school("bachelor", field="fine arts", accredited=False)], "ineligible"),
    ("fine-arts college from a school the record does not say is accredited is an analyst's question",
     [school("some-college", field="fine arts", units=60)], "review"),
]


@pytest.mark.parametrize("name, education, status", WITH_COLLEGE, ids=[c[0] for c in WITH_COLLEGE])
def test_experience_for_education_counts_only_college_the_clause_takes(series, name, education, status):
    assert decide(series, "FINE-ARTS", person(CURATION, education=education)).status == status


FOREIGN = [
    # name, education entry facts, status
    ("a US bachelor's from an accredited school meets it", dict(accredited=True), "eligible"),
    ("a foreign bachelor's with no evaluation is an analyst's question", dict(foreign=True, school="Universidad de Guadalajara"), "review"),
    ("a foreign bachelor's found equivalent by an evaluation meets it", dict(foreign=True, evaluated=True), "eligible"),
    ("a foreign bachelor's the record says was not found equivalent is still a question", dict(foreign=True, evaluated=False), "review"),
]


@pytest.mark.parametrize("name, facts, status", FOREIGN, ids=[c[0] for c in FOREIGN])
def test_a_foreign_degree_needs_an_evaluation(series, name, facts, status):
    assert decide(series, "DEGREE", person(education=[school("bachelor", **facts)])).status == status


def test_the_foreign_degree_question_names_the_school():
    decision = decide(spec_series(SPEC, ("curation",)), "DEGREE", person(education=[school("bachelor", foreign=True, school="UNAM")]))
    assert "the bachelor from UNAM is foreign, and the record does not show a credential evaluation" in decision.reasons[0].detail


HOURS = [
    # name, job, status
    ("4,160 hours worked part time over 30 months meet 4,160 hours", job("2024-05-01", "2026-10-31", duties=["curation"], hours_worked=4160), "eligible"),
    ("the hours worked count, not the hours a week the record gives", job("2024-05-01", "2026-10-31", duties=["curation"], hours_per_week=20, hours_worked=4160), "eligible"),
    ("4,160 hours in 18 months count only 18 months of full time", job("2025-05-01", "2026-10-31", duties=["curation"], hours_worked=4160), "ineligible"),
    ("4,000 hours worked in two years do not, though two years at full time would", job("2024-11-01", "2026-10-31", duties=["curation"], hours_worked=4000), "ineligible"),
    ("no hours given: two years at full time are 4,160 hours", job("2024-11-01", "2026-10-31", duties=["curation"]), "eligible"),
]


@pytest.mark.parametrize("name, held, status", HOURS, ids=[c[0] for c in HOURS])
def test_hours_actually_worked_count(series, name, held, status):
    assert decide(series, "HOURS", person(held)).status == status


FLAT = [
    # name, education, status
    ("an accounting bachelor's stands for two years: two more meet four", [school("bachelor", field="accounting")], "eligible"),
    ("a master's in accounting is a bachelor's or higher", [school("master", field="accounting")], "eligible"),
    ("an accounting associate degree is not the bachelor's", [school("associate", field="accounting")], "ineligible"),
    ("three years of accounting college, no degree, stand for nothing", [school("some-college", field="accounting", units=90)], "ineligible"),
    ("a history bachelor's is not a degree in accounting", [school("bachelor", field="history")], "ineligible"),
    ("a bachelor's whose major the record does not give is an analyst's question", [school("bachelor")], "review"),
]


@pytest.mark.parametrize("name, education, status", FLAT, ids=[c[0] for c in FLAT])
def test_a_degree_stands_for_years_of_experience_flat(series, name, education, status):
    assert decide(series, "FLAT", person(CURATION, education=education)).status == status


REAL_ESTATE = [
    ("two years of college with three units of real estate each make up two years",
     [school("some-college", units=60, subjects={"real estate": 6, "history": 54})], "eligible"),
    ("two years of college with three units of real estate in all make up one year",
     [school("some-college", units=60, subjects={"real estate": 3, "history": 57})], "ineligible"),
    ("a year of college all in real estate makes up one year, not more",
     [school("some-college", units=30, subjects={"real estate": 30})], "ineligible"),
    ("a real-estate major: every year of it includes the units", [school("bachelor", field="real estate")], "eligible"),
    ("college whose real-estate units the record does not give is an analyst's question",
     [school("some-college", units=60, subjects={"real estate": None})], "review"),
]


@pytest.mark.parametrize("name, education, status", REAL_ESTATE, ids=[c[0] for c in REAL_ESTATE])
def test_a_year_of_college_that_includes_units_in_a_subject(series, name, education, status):
    assert decide(series, "REAL-ESTATE", person(CURATION, education=education)).status == status


HS_OR_COLLEGE = [
    ("a high-school diploma meets it, whatever the school", [school("twelfth-grade")], "eligible"),
    ("a bachelor's from an accredited college meets it", [school("bachelor", accredited=True)], "eligible"),
    ("a bachelor's the record does not say is accredited is an analyst's question", [school("bachelor")], "review"),
    ("a bachelor's that is not accredited still leaves the high school to an analyst", [school("bachelor", accredited=False)], "review"),
    ("a high-school diploma beside an unaccredited bachelor's meets it", [school("bachelor", accredited=False), school("twelfth-grade")], "eligible"),
]


@pytest.mark.parametrize("name, education, status", HS_OR_COLLEGE, ids=[c[0] for c in HS_OR_COLLEGE])
def test_a_high_school_or_an_accredited_college(series, name, education, status):
    assert decide(series, "HS-OR-COLLEGE", person(education=education)).status == status


GEOMETRY = [
    ("a high-school course titled Geometry, no units given", [school("twelfth-grade", courses=[Course("Geometry")])], "eligible"),
    ("a college course in analytic geometry", [school("some-college", courses=[Course("Analytic Geometry", 3)])], "eligible"),
    ("courses listed, none in geometry", [school("twelfth-grade", courses=[Course("Algebra II")])], "ineligible"),
    ("a diploma with no courses listed is an analyst's question", [school("twelfth-grade")], "review"),
    ("no education at all", [], "ineligible"),
]


@pytest.mark.parametrize("name, education, status", GEOMETRY, ids=[c[0] for c in GEOMETRY])
def test_one_course_in_a_subject_without_units(series, name, education, status):
    assert decide(series, "GEOMETRY", person(education=education)).status == status


THREE_YEARS = job("2023-11-01", "2026-10-31", duties=["curation"])
MECHANIC = [
    ("a vocational high school in auto mechanics and three years", dict(education=[school("twelfth-grade", field="auto mechanics")]), "eligible"),
    ("a general high-school diploma and three years", dict(education=[school("twelfth-grade", field="general studies")]), "ineligible"),
    ("a trade school certificate and three years", dict(licenses=[licence("Auto Mechanics Trade School Certificate")]), "eligible"),
    ("three years alone", dict(), "ineligible"),
]


@pytest.mark.parametrize("name, facts, status", MECHANIC, ids=[c[0] for c in MECHANIC])
def test_vocational_high_school_or_trade_training_for_a_year(series, name, facts, status):
    assert decide(series, "MECHANIC", person(THREE_YEARS, **facts)).status == status


WORDS = [
    # the clause as a spec gives it, what show says of it
    ("education: {level: twelfth-grade, accredited: true}", "high school (twelfth grade), or college from an accredited school"),
    ("coursework: {courses: 1, subjects: [geometry], high_school: true}", "1 course (high school or college) in geometry"),
]


@pytest.mark.parametrize("text, words", WORDS, ids=[w for _, w in WORDS])
def test_show_says_the_clause_as_the_source_does(text, words):
    import yaml

    from merit.class_view import plain_words
    from merit.kinds import REQUIREMENT
    from merit.schema import Ctx

    ctx = Ctx("clause.yaml")
    node = REQUIREMENT.build(yaml.compose(text), ctx)
    assert not ctx.problems and plain_words(node) == words


def test_show_notes_a_degree_standing_for_experience(series):
    from merit.kinds.experience import notes

    node = next(c for c in series.classes if c.id == "FLAT").requirement
    assert notes(node) == [
        "education in accounting may make up experience lacking: 24 months for college graduation (bachelor's degree) or higher, at most 24 months"
    ]
