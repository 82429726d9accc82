"""The one-line reason, and the words of --explain and `merit show`, name what decided, as an appeal needs.

Found when an analyst encoded real bulletins from the docs alone: a selective certification's reason named a
clause of the class that did not matter, a decision met on two conditions named one, and an unlabelled
"every part" clause showed as its spec key.
"""

from __future__ import annotations

import datetime as dt

from helpers import decide_in, job, licence, person, school, spec_series
from merit.engine import screen_class
from merit.render.screen_text import headline

AS_OF = dt.date(2026, 11, 1)
HEAD = """
series:
  id: t
  title: Trial
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: bulletin}
"""

SYSTEMS = spec_series(HEAD + """
classes:
  - id: S
    title: Systems Analyst
    level: 1
    requirement:
      any_of:
        - {label: Requirement 1, education: {level: bachelor, fields: [accounting]}}
        - {label: Requirement 2, education: {level: bachelor}}
    selective:
      - id: cert
        title: CompTIA A+
        requirement: {label: Selective Certification, license: {kinds: [comptia]}}
""")


def test_a_selective_certification_not_met_names_its_own_clause_not_one_of_the_class():
    history = person(education=[school("bachelor", field="history")])
    cls = SYSTEMS.classes[0]
    (cert,) = [d for d in screen_class(cls, SYSTEMS, history, AS_OF, selective=True) if d.selective == "cert"]
    assert cert.status == "ineligible"
    assert headline(cert).startswith("Selective Certification: ")
    assert "accounting" not in headline(cert)


PLUMBER = spec_series(HEAD + """
classes:
  - id: P
    title: Plumber
    level: 1
    may_file_lacking: {months: 6, condition: cannot be appointed until the full experience requirement is met}
    requirement:
      all_of:
        - label: Helper experience
          experience:
            years: 6
            credit: [{certain: {sector: city, duties_all: [plumbing]}}]
        - label: Process Note 5
          license:
            kinds: [journeyman plumber]
            before_appointment: must possess a journeyman plumber's license prior to appointment
""", terms=("plumbing",))

SHORT_AND_UNLICENSED = person(job("2021-05-01", "2026-10-31", sector="city", duties=["plumbing"]))


def test_two_parts_met_on_conditions_are_both_named():
    decision = decide_in(PLUMBER, "P", SHORT_AND_UNLICENSED, AS_OF)
    assert decision.status == "conditional"
    top = decision.reasons[0]
    assert top.detail == "every part is met, 2 on a condition: Helper experience, Process Note 5"
    line = headline(decision)
    assert "cannot be appointed until the full experience requirement is met" in line
    assert "must possess a journeyman plumber's license prior to appointment" in line


def test_one_part_met_on_a_condition_is_named():
    licensed = person(job("2021-05-01", "2026-10-31", sector="city", duties=["plumbing"]), licenses=[licence("Journeyman Plumber")])
    assert decide_in(PLUMBER, "P", licensed, AS_OF).reasons[0].detail == "every part is met, one on a condition: Helper experience"


def test_an_unlabelled_every_part_clause_is_said_in_words():
    decision = decide_in(PLUMBER, "P", person(), AS_OF)
    assert decision.reasons[0].requirement == "All of these"


INSPECTOR = spec_series(HEAD + """
  questions:
    proof:
      text: If you are filing under Requirement 3, have you attached proof of completion of the apprenticeship?
      type: yes-no
classes:
  - id: B
    title: Building Inspector
    level: 1
    requirement:
      any_of:
        - label: Requirement 1
          license: {kinds: [plumber apprenticeship]}
        - label: Requirement 2
          license: {kinds: [journeyman plumber], issuer: [Department of Building and Safety]}
        - label: Requirement 3
          all_of:
            - label: Experience after apprenticeship
              experience: {years: 2, credit: [{certain: {duties_any: [carpentry]}}]}
            - label: Process Note 2
              answer: {question: proof, is: true}
        - label: Requirement 4
          experience: {years: 8, credit: [{certain: {duties_any: [carpentry]}}]}
""", terms=("carpentry",))

CARPENTER = job("2022-01-01", "2026-10-31", sector="private", duties=["carpentry"])


def test_an_alternative_that_failed_on_one_fact_is_named_before_partial_credit_elsewhere():
    """Two years of carpentry after the apprenticeship met, but no proof attached: that is what failed, not
    the eight years of Requirement 4 that nobody claimed."""
    no_proof = person(CARPENTER)
    no_proof.answers = {"proof": False}
    decision = decide_in(INSPECTOR, "B", no_proof, AS_OF)
    assert decision.status == "ineligible"
    assert headline(decision).startswith("Requirement 3 > Process Note 2: ")


def test_a_licence_held_but_lapsed_is_named_before_alternatives_the_record_has_nothing_for():
    lapsed = person(licenses=[licence("Journeyman Plumber License", expires="2026-09-30", issuer="Department of Building and Safety")])
    decision = decide_in(INSPECTOR, "B", lapsed, AS_OF)
    assert headline(decision).startswith("Requirement 2: ")
    assert "expired 2026-09-30" in headline(decision)


def test_a_selective_certification_met_on_a_condition_names_the_class_s_condition_and_its_own():
    series = spec_series(HEAD + """
classes:
  - id: P
    title: Plumber
    level: 1
    requirement:
      label: Requirement 1
      license: {kinds: [journeyman plumber], before_appointment: must possess a journeyman plumber's license prior to appointment}
    selective:
      - id: drivers
        title: Positions that need a driver's license
        requirement:
          label: Process Note 2
          license: {kinds: [drivers license], before_appointment: a valid California driver's license is required prior to appointment}
""")
    (sel,) = [d for d in screen_class(series.classes[0], series, person(), AS_OF, selective=True) if d.selective]
    assert sel.status == "conditional"
    line = headline(sel)
    assert "journeyman plumber's license prior to appointment" in line
    assert "driver's license is required prior to appointment" in line


def test_of_two_alternatives_met_on_conditions_only_the_one_that_admitted_is_named():
    series = spec_series(HEAD + """
classes:
  - id: A
    title: Plumber
    level: 1
    requirement:
      any_of:
        - label: Requirement 1
          license: {kinds: [journeyman plumber], before_appointment: must possess a journeyman plumber's license prior to appointment}
        - label: Requirement 2
          license: {kinds: [crane operator], before_appointment: must possess a crane operator certificate prior to appointment}
""")
    decision = decide_in(series, "A", person(), AS_OF)
    assert decision.path == "Requirement 1"
    line = headline(decision)
    assert "journeyman plumber's license" in line and "crane operator" not in line


NURSE = spec_series(HEAD + """
classes:
  - id: N
    title: Evaluator Nurse
    level: 1
    requirement:
      distinct_periods: true
      all_of:
        - label: Pattern I
          experience: {years: 2, credit: [{certain: {duties_any: [auditing]}}]}
        - label: Substitution
          experience: {years: 2, credit: [{certain: {duties_any: [auditing]}}]}
""")


def test_a_part_short_because_its_periods_went_to_another_says_a_period_counts_once():
    """Three years of one kind of work for two parts of two years each, which may not share a period: the
    reason named "Pattern I: 12 of 24 months" and left the reader to wonder where the other two years went."""
    three_years = person(job("2023-11-01", "2026-10-31", ["auditing"]))
    d = decide_in(NURSE, "N", three_years, AS_OF)
    assert d.status == "ineligible"
    line = headline(d)
    assert "12 of 24 months" in line and line.endswith("; a period of experience counts toward one part only"), line
