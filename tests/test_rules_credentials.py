"""Licences and certificates as real bulletins ask for them and as applicants write them.

The clauses are the City of Los Angeles Plumber bulletin's (class 3443): "a valid journey-level plumber
license issued by the City of Los Angeles Department of Building and Safety", "completion of a recognized
five-year apprenticeship as a plumber". Records write issuers their own way ("LADBS") and state a
certificate's length in its name ("Plumber Apprenticeship Completion Certificate (4-year)"). A wrong
ineligible costs a person a job: a fact merit cannot read is an analyst's call, never a flat rejection.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import decide_in, job, licence, person, reason, school, spec_series

AS_OF = dt.date(2026, 11, 1)

PLUMBER = """
series:
  id: t
  title: Plumber
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: Plumber bulletin}
  ABBREVIATIONS
classes:
  - id: P
    title: Plumber
    level: 1
    requirement:
      any_of:
        - label: Requirement 1
          summary: completion of a recognized five-year apprenticeship as a plumber
          license: {kinds: [plumber apprenticeship], valid: false, years: 5}
        - label: Requirement 2
          summary: a valid journey-level plumber license issued by the City of Los Angeles Department of Building and Safety
          license:
            kinds: [journey level plumber, journeyman plumber]
            issuer: [Department of Building and Safety]
"""

WITH_ABBREVIATIONS = spec_series(PLUMBER.replace("ABBREVIATIONS", "abbreviations: {LADBS: Department of Building and Safety, Dept: Department}"))
WITHOUT = spec_series(PLUMBER.replace("ABBREVIATIONS", ""))

JOURNEY = "Journey Level Plumber License"

ISSUERS = [
    # name, series, issuer as the record writes it, outcome of Requirement 2
    ("the issuer written out in full", WITH_ABBREVIATIONS, "City of Los Angeles Department of Building and Safety", "met"),
    ("a short form the series writes out", WITH_ABBREVIATIONS, "LADBS", "met"),
    ("short words the series writes out, in another order", WITH_ABBREVIATIONS, "Dept. of Building and Safety, City of Los Angeles", "met"),
    ("a short form nobody wrote out is an analyst's call, not a rejection", WITHOUT, "LADBS", "review"),
    ("an issuer written out in other words is another issuer", WITHOUT, "State of California Department of Industrial Relations", "not met"),
    ("an issuer written all in capitals is words, not short forms", WITHOUT, "STATE OF CALIFORNIA DEPARTMENT OF INDUSTRIAL RELATIONS", "not met"),
    ("a short form among words in capitals is still one", WITHOUT, "LADBS", "review"),
    ("no issuer in the record is an analyst's call", WITHOUT, None, "review"),
]  # fmt: skip


@pytest.mark.parametrize("name, series, issuer, outcome", ISSUERS, ids=[c[0] for c in ISSUERS])
def test_an_issuer_as_records_write_it(name, series, issuer, outcome):
    held = licence(JOURNEY, expires="2027-01-15", issued="2019-01-15", issuer=issuer)
    assert reason(decide_in(series, "P", person(licenses=[held]), AS_OF), "Requirement 2").outcome == outcome


def test_an_issuer_merit_cannot_read_is_named_in_the_question():
    held = licence(JOURNEY, expires="2027-01-15", issuer="LADBS")
    decision = decide_in(WITHOUT, "P", person(licenses=[held]), AS_OF)
    assert decision.status == "review"
    assert "LADBS" in reason(decision, "Requirement 2").detail
    assert any("LADBS" in p.question for p in decision.points)


LENGTHS = [
    # name, the certificate as the record names it, outcome of Requirement 1
    ("a five-year apprenticeship", "Plumber Apprenticeship Completion Certificate (5-year)", "met"),
    ("five years in words", "Five-Year Plumber Apprenticeship", "met"),
    ("a longer one", "Plumber Apprenticeship, 6 years", "met"),
    ("a four-year apprenticeship is not the five-year one", "Plumber Apprenticeship Completion Certificate (4-year)", "not met"),
    ("a certificate that does not state its length is an analyst's call", "Plumber Apprenticeship Completion Certificate", "review"),
]  # fmt: skip


@pytest.mark.parametrize("name, kind, outcome", LENGTHS, ids=[c[0] for c in LENGTHS])
def test_a_credential_of_a_stated_length(name, kind, outcome):
    done = licence(kind, issued="2019-06-30")
    assert reason(decide_in(WITHOUT, "P", person(licenses=[done]), AS_OF), "Requirement 1").outcome == outcome


def test_a_credential_too_short_says_how_long_it_was_and_what_is_asked():
    done = licence("Plumber Apprenticeship Completion Certificate (4-year)", issued="2019-06-30")
    detail = reason(decide_in(WITHOUT, "P", person(licenses=[done]), AS_OF), "Requirement 1").detail
    assert "4 years" in detail and "5" in detail


HELPER = """
series:
  id: h
  title: Plumber
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: Plumber bulletin}
classes:
  - id: H
    title: Plumber
    level: 1
    requirement:
      label: Requirement 3
      summary: six years as a helper to a Plumber with the City of Los Angeles
      experience:
        years: 6
        substitution:
          summary: completion of a plumbing program at an accredited institution
          subjects: [plumbing]
          accredited: true
          per_year: 12
          max_months: 24
        credit:
          - certain: {sector: city, jurisdiction: Los Angeles, duties_all: [trades-helper, plumbing]}
"""
HELPER_SERIES = spec_series(HELPER, terms=("trades-helper", "plumbing"))
FIVE_YEARS_HELPER = dict(sector="city", jurisdiction="Los Angeles", duties=["trades-helper", "plumbing"])

PROGRAMS = [
    # name, education entries, licences, status
    ("a plumbing program written as education counts toward the experience lacking",
     [school("some-college", field="Plumbing", accredited=True, units=30)], [], "eligible"),
    ("a plumbing certificate listed with the licences is an analyst's call, not a rejection",
     [], [licence("Certificate of Achievement in Plumbing", issued="2021-06-15", issuer="Los Angeles Trade-Technical College")], "review"),
    ("a certificate in another subject is no plumbing program",
     [], [licence("Certificate of Achievement in Welding", issued="2021-06-15")], "ineligible"),
    ("nothing in place of the year lacking", [], [], "ineligible"),
]  # fmt: skip


@pytest.mark.parametrize("name, education, licences, status", PROGRAMS, ids=[c[0] for c in PROGRAMS])
def test_a_program_that_stands_for_experience_lacking(name, education, licences, status):
    helper = person(job("2021-11-01", "2026-10-31", **FIVE_YEARS_HELPER), education=education, licenses=licences)
    assert decide_in(HELPER_SERIES, "H", helper, AS_OF).status == status


def test_a_program_listed_as_a_credential_is_named_in_the_question():
    certificate = licence("Certificate of Achievement in Plumbing", issued="2021-06-15")
    helper = person(job("2021-11-01", "2026-10-31", **FIVE_YEARS_HELPER), licenses=[certificate])
    decision = decide_in(HELPER_SERIES, "H", helper, AS_OF)
    assert any("Certificate of Achievement in Plumbing" in p.question for p in decision.points)
