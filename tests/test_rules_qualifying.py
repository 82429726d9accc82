"""Qualifying experience is decided by facts of the job: sector, jurisdiction, class, range, employer, duties, shares."""

import pytest

from helpers import (
    CA_STATE,
    LA_CITY,
    TAX_PROGRAM_TECHNICIAN_II,
    TAX_TECHNICIAN,
    decide,
    job,
    person,
    reason,
)

SIX_MONTHS = ("2023-01-01", "2023-06-30")
TWO_YEARS = ("2022-01-01", "2023-12-31")

# JI60 Pattern I: "Six months ... in the California state service ... equivalent to that of either a
# Tax Technician, Franchise Tax Board, Range B, or performing tax compliance duties at a level of
# responsibility equivalent to a Tax Program Technician II, Franchise Tax Board."
PATTERN_I = [
    ("Tax Technician Range A is below the Range B named", dict(TAX_TECHNICIAN, range="A", duties=["customer-service", "call-center"]), "not met"),
    ("Range A in tax compliance: equivalence to a Tax Program Technician II is review", dict(TAX_TECHNICIAN, range="A", duties=["tax-compliance"]), "review"),
    ("Tax Technician Range B is the class named", dict(TAX_TECHNICIAN, range="B"), "met"),
    ("Tax Technician Range C is above Range B", dict(TAX_TECHNICIAN, range="C"), "met"),
    ("Tax Technician with no range given goes to review", dict(TAX_TECHNICIAN), "review"),
    ("Tax Program Technician II in tax compliance", dict(TAX_PROGRAM_TECHNICIAN_II, duties=["tax-compliance"]), "met"),
    ("Tax Program Technician II with no duties given goes to review", dict(TAX_PROGRAM_TECHNICIAN_II), "review"),
    ("another California state class in customer service: equivalence is review", dict(CA_STATE, class_="Office Technician (Typing)", duties=["customer-service"]), "review"),
    ("another California state class in tax compliance: equivalence is review", dict(CA_STATE, class_="Tax Auditor", duties=["tax-compliance"]), "review"),
    ("another state's Tax Technician is not California state service", dict(TAX_TECHNICIAN, jurisdiction="Nevada", range="B"), "not met"),
    ("county tax work is not state service", dict(sector="county", jurisdiction="California", duties=["tax-compliance"]), "not met"),
    ("private tax preparation is not state service", dict(sector="private", duties=["tax-compliance", "customer-service"]), "not met"),
    ("California state service in unrelated duties is not met", dict(CA_STATE, class_="Groundskeeper", duties=["clerical"]), "not met"),
]


@pytest.mark.parametrize("name, facts, outcome", PATTERN_I, ids=[c[0] for c in PATTERN_I])
def test_ji60_pattern_i_facts(name, facts, outcome):
    decision = decide("JI60", person(job(*SIX_MONTHS, **facts)))
    assert reason(decision, "Pattern I").outcome == outcome


# JI55 Pattern I: "One year ... equivalent to that of a Customer Service Specialist, Franchise Tax Board, Range C."
CSS = dict(CA_STATE, class_="Customer Service Specialist, Franchise Tax Board")
JI55_PATTERN_I = [
    ("Customer Service Specialist Range C", dict(CSS, range="C"), "met"),
    ("Customer Service Specialist Range B is below Range C", dict(CSS, range="B"), "not met"),
    ("state lead work in a call center: equivalence is review", dict(CA_STATE, class_="Tax Technician, Franchise Tax Board", range="C", duties=["call-center", "leadwork"]), "review"),
]


@pytest.mark.parametrize("name, facts, outcome", JI55_PATTERN_I, ids=[c[0] for c in JI55_PATTERN_I])
def test_ji55_pattern_i_facts(name, facts, outcome):
    decision = decide("JI55", person(job("2023-01-01", "2023-12-31", **facts)))
    assert reason(decision, "Pattern I").outcome == outcome


# LA 1229: "1. One year of full-time paid call center operation or public counter experience with the
# City of Los Angeles, or 2. Two years of full-time paid experience with the Office of Finance as a Tax
# Renewal Assistant or Senior Tax Renewal Assistant."
OFFICE_OF_FINANCE = dict(LA_CITY, employer="Office of Finance")
LA = [
    ("City of Los Angeles call center meets Requirement 1", "Requirement 1", dict(LA_CITY, duties=["call-center"]), "met"),
    ("City of Los Angeles public counter meets Requirement 1", "Requirement 1", dict(LA_CITY, duties=["public-counter", "billing"]), "met"),
    ("City of Los Angeles billing only is not call center or counter work", "Requirement 1", dict(LA_CITY, duties=["billing"]), "not met"),
    ("Los Angeles County is not the City", "Requirement 1", dict(sector="county", jurisdiction="Los Angeles", duties=["call-center"]), "not met"),
    ("City of Long Beach is not the City of Los Angeles", "Requirement 1", dict(sector="city", jurisdiction="Long Beach", duties=["call-center"]), "not met"),
    ("a private call center is not the City", "Requirement 1", dict(sector="private", duties=["call-center"]), "not met"),
    ("Office of Finance Tax Renewal Assistant meets Requirement 2", "Requirement 2", dict(OFFICE_OF_FINANCE, class_="Tax Renewal Assistant"), "met"),
    ("Office of Finance Senior Tax Renewal Assistant meets Requirement 2", "Requirement 2", dict(OFFICE_OF_FINANCE, class_="Senior Tax Renewal Assistant"), "met"),
    ("Office of Finance in another class does not", "Requirement 2", dict(OFFICE_OF_FINANCE, class_="Senior Clerk Typist"), "not met"),
    ("Tax Renewal Assistant in another department does not", "Requirement 2", dict(LA_CITY, employer="Department of Water and Power", class_="Tax Renewal Assistant"), "not met"),
    ("Office of Finance with no class given goes to review", "Requirement 2", dict(OFFICE_OF_FINANCE), "review"),
]


@pytest.mark.parametrize("name, clause, facts, outcome", LA, ids=[c[0] for c in LA])
def test_la_1229_facts(name, clause, facts, outcome):
    decision = decide("LA-1229", person(job(*TWO_YEARS, **facts)))
    assert reason(decision, clause).outcome == outcome


# Philadelphia Call Center general experience: "customer service experience working in a centralized call
# center handling in-bound call volume at least 90% of the time".
CALL_CENTER_JOB = dict(duties=["customer-service", "call-center"])
INBOUND = [
    ("in-bound calls 95% of the time qualifies", dict(CALL_CENTER_JOB, inbound_call_percent=95), "met"),
    ("in-bound calls exactly 90% qualifies", dict(CALL_CENTER_JOB, inbound_call_percent=90), "met"),
    ("in-bound calls 89% does not", dict(CALL_CENTER_JOB, inbound_call_percent=89), "not met"),
    ("no in-bound share in the record goes to review", dict(CALL_CENTER_JOB), "review"),
    ("customer service outside a call center does not", dict(duties=["customer-service", "public-counter"], inbound_call_percent=0), "not met"),
]


@pytest.mark.parametrize("name, facts, outcome", INBOUND, ids=[c[0] for c in INBOUND])
def test_philadelphia_inbound_share(name, facts, outcome):
    decision = decide("PHL-6J27", person(job(*TWO_YEARS, **facts)), specialty="call-center")
    assert reason(decision, "General experience").outcome == outcome


def test_missing_inbound_share_says_what_the_record_lacks():
    decision = decide("PHL-6J27", person(job(*TWO_YEARS, **CALL_CENTER_JOB)), specialty="call-center")
    assert "the share of time on in-bound calls" in reason(decision, "General experience").detail


# Duty terms decide relevance (Missouri G4, 2 years): customer service is certain, related work possible.
DUTIES = [
    ("customer service duties are relevant experience", ["customer-service"], "eligible"),
    ("public counter duties are relevant experience", ["public-counter"], "eligible"),
    ("billing alone may be relevant: review", ["billing"], "review"),
    ("no duties in the record: review", [], "review"),
]


@pytest.mark.parametrize("name, duties, status", DUTIES, ids=[c[0] for c in DUTIES])
def test_duty_terms(name, duties, status):
    assert decide("MO-CS-G4", person(job(*TWO_YEARS, duties=duties))).status == status


def test_duty_shares_given_as_a_mapping_still_name_the_duties():
    decision = decide("MO-CS-G4", person(job(*TWO_YEARS, duties={"customer-service": 60, "clerical": 40})))
    assert decision.status == "eligible"
