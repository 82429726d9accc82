"""Credit rules when the record leaves a fact out, nested minimums, and coursework a degree stands for.

Each case is one an analyst met encoding bulletins merit had not seen: a rule on
duties a record does not list hid a later rule on the class it gives; a nested
minimum's jobs showed the pattern's reason, and the pattern's line did not say
the minimum failed; graduate coursework asked about a bachelor's; a degree that
lists a few courses counted only those.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import job, person, reason, school
from merit.engine import screen_class
from merit.specs import bundled_specs_dir, load_spec_file, load_terms

AS_OF = dt.date(2026, 11, 1)

SPEC = """
series:
  id: order
  title: Rule order
  jurisdiction: Maryland
  organization: Test
  source: {document: test}
classes:
  - id: DUTIES-FIRST
    title: Duties rule first
    level: 1
    requirement:
      label: Requirement
      experience:
        years: 1
        credit:
          - certain: {duties_any: [civil-drafting]}
            because: civil drafting
          - certain: {class: [Engineering Aide III]}
            because: the class
  - id: NONE-BETWEEN
    title: A rule that excludes between them
    level: 2
    requirement:
      label: Requirement
      experience:
        years: 1
        credit:
          - certain: {duties_any: [civil-drafting]}
            because: civil drafting
          - none: {sector: private}
            because: private work does not count
          - certain: {class: [Engineering Aide III]}
            because: the class
  - id: NESTED
    title: Nested minimum
    level: 3
    requirement:
      label: Requirement
      experience:
        years: 3
        credit:
          - certain: {duties_any: [bookkeeping]}
            because: bookkeeping
        including:
          - label: At the level of Senior Account Clerk
            months: 24
            credit:
              - certain: {class: [Senior Account Clerk]}
                because: a Senior Account Clerk
  - id: GRADUATE
    title: Graduate study
    level: 4
    requirement:
      label: Graduate study
      coursework: {units: 36, quarter_units: 54, subjects: [planning], graduate: true}
  - id: CLOSEST
    title: Education of either kind, and experience
    level: 6
    requirement:
      label: Requirement
      all_of:
        - label: Education
          any_of:
            - label: Accounting units
              coursework: {units: 24, quarter_units: 36, subjects: [accounting]}
            - label: Degree
              education: {level: bachelor, fields: [accounting]}
        - label: Experience
          experience:
            years: 1
            credit:
              - certain: {duties_any: [bookkeeping]}
  - id: SIXTY
    title: Sixty units
    level: 5
    requirement:
      label: College
      coursework: {units: 60, quarter_units: 90}
"""


@pytest.fixture(scope="module")
def series():
    problems: list = []
    terms = load_terms(bundled_specs_dir(), problems)
    terms.update({"civil-drafting": "civil engineering drafting", "bookkeeping": "bookkeeping"})
    found = load_spec_file(Path("order.yaml"), terms, problems, text=SPEC)
    assert problems == [] and found is not None
    return found


def decide(series, class_id, applicant):
    cls = next(c for c in series.classes if c.id == class_id)
    [d] = screen_class(cls, series, applicant, AS_OF)
    return d


AIDE = dict(class_="Engineering Aide III")
ORDER = [
    # class id, job facts, status
    ("DUTIES-FIRST", dict(AIDE), "eligible"),  # the duties are not given, the class holds: certain either way
    ("DUTIES-FIRST", dict(AIDE, duties=["civil-drafting"]), "eligible"),
    ("DUTIES-FIRST", dict(class_="Engineering Aide II"), "review"),  # only the duties rule may hold
    ("DUTIES-FIRST", dict(class_="Engineering Aide II", duties=["clerical"]), "ineligible"),
    ("NONE-BETWEEN", dict(AIDE, sector="county"), "eligible"),
    ("NONE-BETWEEN", dict(AIDE, sector="private"), "review"),  # excluded unless the duties rule holds
]  # fmt: skip


@pytest.mark.parametrize("cls, facts, status", ORDER, ids=[f"{c}-{k}" for k, (c, _, _) in enumerate(ORDER)])
def test_a_rule_on_facts_the_record_leaves_out_does_not_hide_a_later_rule_that_holds(series, cls, facts, status):
    assert decide(series, cls, person(job("2024-01-01", "2025-12-31", **facts))).status == status


def test_a_nested_minimum_gives_its_own_reason_and_the_pattern_says_it_failed(series):
    clerk = job("2023-11-01", "2024-10-31", class_="Account Clerk", duties=["bookkeeping"])
    senior = job("2024-11-02", "2026-10-31", class_="Senior Account Clerk", duties=["bookkeeping"])
    d = decide(series, "NESTED", person(clerk, senior))
    assert d.status == "ineligible"
    pattern = reason(d, "Requirement")
    assert "not met: At the level of Senior Account Clerk (23.96 of 24 months)" in pattern.detail
    nested = reason(d, "At the level of Senior Account Clerk")
    assert nested.children[1].detail.endswith("(a Senior Account Clerk)")


@pytest.mark.parametrize(
    "education, status",
    [
        ([school("bachelor", field="history")], "ineligible"),  # a bachelor's is not graduate study: nothing to ask
        ([school("master", field="planning")], "review"),  # a master's that lists no courses: its units are asked
        ([school("bachelor", field="history"), school("master", field="planning", subjects={"planning": 36})], "eligible"),
    ],
)
def test_graduate_coursework_asks_only_about_graduate_study(series, education, status):
    assert decide(series, "GRADUATE", person(education=education)).status == status


@pytest.mark.parametrize(
    "courses, status",
    [
        ({}, "eligible"),  # a completed bachelor's stands for 120 semester units
        ({"accounting": 24}, "eligible"),  # listing a few of its courses does not shrink it
        ({"accounting": 130}, "eligible"),
    ],
)
def test_a_completed_degree_counts_its_usual_units_whatever_courses_it_lists(series, courses, status):
    d = decide(series, "SIXTY", person(education=[school("bachelor", field="economics", subjects=courses)]))
    assert d.status == status
    enrolled = school("bachelor", status="enrolled", units=24)  # still studying: only the units it has
    assert decide(series, "SIXTY", person(education=[enrolled])).status == "ineligible"


def test_the_one_line_reason_names_the_alternative_that_came_closest_with_its_figures(series):
    """It said "Education: no alternative is met" of 21 units of 24."""
    from merit.render.screen_text import headline

    books = job("2024-01-01", "2025-12-31", duties=["bookkeeping"])
    d = decide(series, "CLOSEST", person(books, education=[school("associate", subjects={"accounting": 21})]))
    assert d.status == "ineligible"
    assert headline(d).startswith("Accounting units: 21 semester units in accounting of 24")
