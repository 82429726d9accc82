"""Education constructs of real bulletins, one table of cases each, on a small spec in the spec format.

- Experience for education added to years of college (``with_college``) counts only college the clause
  takes: "a bachelor's degree with a major in fine arts from an accredited school ... experience may be
  substituted for up to two years of the required education" does not take a business degree, nor one from
  a school that is not accredited, as two of the four years.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import decide_in, job, person, school, spec_series

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
