"""Time order, one table of cases each, on a small spec in the spec format:

- "After meeting the minimum requirements, two more years of ...": the later years count only from the day
  after the earlier clause was first met (``after: {met: ID}``).
- "Employed in the title of ... on June 2, 2008" (a grandfather clause): a job that covers the day
  (``held_on``).
- "Experience while certified as ...": only the part of each job while the certificate was held, up to its
  expiry (``after: {license: ..., while_held: true}``).
- "Experience after a degree from an accredited college" (``after: {education: {accredited: true}}``).
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import day, decide_in, job, licence, person, school, spec_series
from merit.problems import Problem
from merit.specs import load_spec_file

AS_OF = dt.date(2026, 11, 1)

SPEC = """
series:
  id: t
  title: Test series
  jurisdiction: New York
  organization: Example
  source: {document: test}
classes:
  - id: MORE
    title: Senior Inspector
    level: 1
    requirement:
      all_of:
        - id: minimum
          label: Minimum requirements
          experience:
            years: 2
            credit:
              - certain: {duties_any: [inspection]}
        - label: Additional experience
          experience:
            years: 2
            after: {met: minimum, summary: meeting the minimum requirements}
            credit:
              - certain: {duties_any: [inspection]}
  - id: GRANDFATHER
    title: Grandfathered Aide
    level: 2
    requirement:
      label: Grandfather clause
      experience:
        credit:
          - certain: {title: Aide, held_on: 2008-06-02}
  - id: CERTIFIED
    title: Certified Operator
    level: 3
    requirement:
      label: Certified experience
      experience:
        years: 1
        after:
          summary: certification as a water treatment operator
          license: {kinds: [water treatment operator], valid: false}
          while_held: true
        credit:
          - certain: {duties_any: [inspection]}
  - id: AFTER-DEGREE
    title: Analyst
    level: 4
    requirement:
      label: Experience after the degree
      experience:
        years: 1
        after: {education: {level: bachelor, accredited: true}, summary: a degree from an accredited college}
        credit:
          - certain: {duties_any: [inspection]}
"""


@pytest.fixture(scope="module")
def series():
    return spec_series(SPEC, ("inspection",))


def decide(series, class_id, applicant, as_of=AS_OF):
    return decide_in(series, class_id, applicant, as_of)


def inspecting(start, end=None):
    return job(start, end, duties=["inspection"])


MORE = [
    # name, jobs, status
    ("four years in a row: two meet the minimum, two more follow it", [inspecting("2022-11-01", "2026-10-31")], "eligible"),
    ("three years: two meet the minimum, and only one follows it", [inspecting("2023-11-01", "2026-10-31")], "ineligible"),
    ("two concurrent two-year jobs are not four years in order", [inspecting("2024-11-01", "2026-10-31"), inspecting("2024-11-01", "2026-10-31")], "ineligible"),
    ("two years, then a gap, then two more", [inspecting("2018-01-01", "2019-12-31"), inspecting("2024-11-01", "2026-10-31")], "eligible"),
    ("four years whose duties the record does not give leave both parts to an analyst", [job("2022-11-01", "2026-10-31")], "review"),
    ("no experience: the later years have nothing to follow", [], "ineligible"),
]


@pytest.mark.parametrize("name, jobs, status", MORE, ids=[c[0] for c in MORE])
def test_later_years_count_only_after_the_minimum_is_met(series, name, jobs, status):
    assert decide(series, "MORE", person(*jobs)).status == status


def test_the_reason_names_the_day_the_minimum_was_met(series):
    decision = decide(series, "MORE", person(inspecting("2023-11-01", "2026-10-31")))
    text = " ".join(r.detail for r in decision.reasons[0].children)
    assert "only experience after meeting the minimum requirements (2025-10-31) counts" in text


GRANDFATHER = [
    ("an Aide on June 2, 2008 is grandfathered", [job("2005-01-01", "2010-12-31", title="Aide")], "eligible"),
    ("an Aide still in the title who started before the day", [job("2008-06-02", title="Aide")], "eligible"),
    ("an Aide who left the day before is not", [job("2005-01-01", "2008-06-01", title="Aide")], "ineligible"),
    ("an Aide who started the day after is not", [job("2008-06-03", title="Aide")], "ineligible"),
]


@pytest.mark.parametrize("name, jobs, status", GRANDFATHER, ids=[c[0] for c in GRANDFATHER])
def test_a_job_held_on_a_day(series, name, jobs, status):
    assert decide(series, "GRANDFATHER", person(*jobs)).status == status


WATER = "water treatment operator"
CERTIFIED = [
    ("a year while certified", [licence(WATER, issued="2020-01-01", expires="2030-01-01")], [inspecting("2020-01-01", "2021-06-30")], "eligible"),
    ("two years, only eight months of them before the certificate expired",
     [licence(WATER, issued="2018-01-01", expires="2020-08-31")], [inspecting("2020-01-01", "2021-12-31")], "ineligible"),
    ("a year before the certificate was issued does not count", [licence(WATER, issued="2022-01-01")], [inspecting("2020-01-01", "2021-12-31")], "ineligible"),
    ("no certificate: no credit", [], [inspecting("2020-01-01", "2021-12-31")], "ineligible"),
]


@pytest.mark.parametrize("name, licences, jobs, status", CERTIFIED, ids=[c[0] for c in CERTIFIED])
def test_experience_while_certified(series, name, licences, jobs, status):
    assert decide(series, "CERTIFIED", person(*jobs, licenses=licences)).status == status


AFTER_DEGREE = [
    ("a year after an accredited degree", dict(accredited=True), "eligible"),
    ("a degree from a school that is not accredited does not start the count", dict(accredited=False), "ineligible"),
    ("a school the record does not say is accredited is an analyst's call", dict(), "review"),
]


@pytest.mark.parametrize("name, facts, status", AFTER_DEGREE, ids=[c[0] for c in AFTER_DEGREE])
def test_experience_after_a_degree_from_an_accredited_college(series, name, facts, status):
    degree = school("bachelor", conferred=day("2020-06-01"), **facts)
    assert decide(series, "AFTER-DEGREE", person(inspecting("2020-07-01", "2021-12-31"), education=[degree])).status == status


BAD_MET = [
    ("a clause no id names", "met: minimun", ":13:26: met: 'minimun' names no clause of this class or series (expected one of: later, minimum); did you mean 'minimum'?"),
    ("the clause that holds it", "met: later", ":13:26: met: 'later' makes a cycle (later -> later) (expected a clause that does not contain itself)"),
    ("while_held without a licence", "met: minimum, while_held: true", ":13:47: while_held: only a licence or certificate is held for a time (expected license: with it)"),
]

BAD_SPEC = """\
series: {id: t, title: T, jurisdiction: X, organization: X, source: {document: x}}
classes:
  - id: T-1
    title: T
    level: 1
    requirement:
      all_of:
        - id: minimum
          experience: {years: 2, credit: [{certain: {}}]}
        - id: later
          experience:
            years: 2
            after: {AFTER}
            credit: [{certain: {}}]
"""


@pytest.mark.parametrize("name, after, message", BAD_MET, ids=[c[0] for c in BAD_MET])
def test_a_met_that_names_no_clause_before_it_is_a_positioned_error(tmp_path, name, after, message):
    problems: list[Problem] = []
    load_spec_file(tmp_path / "t.yaml", {}, problems, text=BAD_SPEC.replace("AFTER", after))
    assert [f"{p.path}:{p.line}:{p.column}: {p.message}" for p in problems] == [f"{tmp_path / 't.yaml'}{message}"]
