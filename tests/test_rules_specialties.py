"""Philadelphia 6J27: one result per specialty; education AND general AND specific experience in distinct
periods; OR "any equivalent combination ... that has included the specific experience described above"."""

import pytest

from helpers import PHL_CITY, decide, job, person, reason, school, screen

HIGH_SCHOOL = [school("twelfth-grade")]
CALL_CENTER_AGENT = dict(PHL_CITY, duties=["customer-service", "call-center"], inbound_call_percent=95)
CALL_CENTER_SUPERVISOR = dict(PHL_CITY, duties=["supervision", "call-center", "customer-service"])
COUNTER_CLERK = dict(PHL_CITY, duties=["customer-service", "public-counter"])
FIELD_INVESTIGATOR = dict(PHL_CITY, duties=["investigation", "collections"])
COLLECTIONS_SUPERVISOR = dict(PHL_CITY, duties=["supervision", "collections", "billing"])

FIRST_TWO = ("2019-01-01", "2020-12-31")
NEXT_TWO = ("2021-01-01", "2022-12-31")


def test_a_class_with_specialties_gives_one_result_per_specialty():
    decisions = screen("PHL-6J27", person(education=HIGH_SCHOOL))
    assert [d.specialty for d in decisions] == ["call-center", "revenue-collections"]


# name, education, jobs, call-center status, revenue-collections status
CASES = [
    (
        "call center: general then specific experience meets the call center specialty only",
        HIGH_SCHOOL, [job(*FIRST_TWO, **CALL_CENTER_AGENT), job(*NEXT_TWO, **CALL_CENTER_SUPERVISOR)],
        "eligible", "ineligible",
    ),
    (
        "revenue collections: counter customer service then collections supervision",
        HIGH_SCHOOL, [job(*FIRST_TWO, **COUNTER_CLERK), job(*NEXT_TWO, **COLLECTIONS_SUPERVISOR)],
        "ineligible", "eligible",
    ),
    (
        "revenue collections: field investigation of delinquents then supervising collections",
        HIGH_SCHOOL, [job(*FIRST_TWO, **FIELD_INVESTIGATOR), job(*NEXT_TWO, **COLLECTIONS_SUPERVISOR)],
        "ineligible", "eligible",
    ),
    (
        "one period cannot be both general and specific: two years as a call center supervisor is review",
        HIGH_SCHOOL, [job(*NEXT_TWO, **dict(CALL_CENTER_SUPERVISOR, inbound_call_percent=95))],
        "review", "ineligible",
    ),
    (
        "one period cannot be both general and specific (revenue collections, general by alternatives)",
        HIGH_SCHOOL, [job(*NEXT_TWO, **dict(COLLECTIONS_SUPERVISOR, duties=["customer-service", "supervision", "collections"]))],
        "ineligible", "review",
    ),
    (
        "the specific experience alone: any equivalent combination that included it is review",
        HIGH_SCHOOL, [job(*NEXT_TWO, **CALL_CENTER_SUPERVISOR)],
        "review", "ineligible",
    ),
    (
        "general experience without the specific experience is ineligible (no equivalent combination without it)",
        HIGH_SCHOOL, [job(*FIRST_TWO, **CALL_CENTER_AGENT), job("2021-01-01", "2021-12-31", **CALL_CENTER_SUPERVISOR)],
        "ineligible", "ineligible",
    ),
    (
        "no education listed but the specific experience met: review",
        [], [job(*FIRST_TWO, **CALL_CENTER_AGENT), job(*NEXT_TWO, **CALL_CENTER_SUPERVISOR)],
        "review", "ineligible",
    ),
    (
        "call center lead work may be supervision: review",
        HIGH_SCHOOL, [job(*FIRST_TWO, **CALL_CENTER_AGENT), job(*NEXT_TWO, **dict(PHL_CITY, duties=["leadwork", "call-center"]))],
        "review", "ineligible",
    ),
    (
        "general call center work below 90% in-bound, specific met: review by equivalent combination",
        HIGH_SCHOOL, [job(*FIRST_TWO, **dict(CALL_CENTER_AGENT, inbound_call_percent=60)), job(*NEXT_TWO, **CALL_CENTER_SUPERVISOR)],
        "review", "ineligible",
    ),
    (
        "private utility billing supervision may be high-volume utility billing: review",
        HIGH_SCHOOL, [job(*FIRST_TWO, **COUNTER_CLERK), job(*NEXT_TWO, sector="private", employer="Water Co", duties=["supervision", "billing"])],
        "ineligible", "review",
    ),
]


@pytest.mark.parametrize("name, education, jobs, call_center, revenue", CASES, ids=[c[0] for c in CASES])
def test_philadelphia_specialties(name, education, jobs, call_center, revenue):
    applicant = person(*jobs, education=education)
    assert decide("PHL-6J27", applicant, specialty="call-center").status == call_center
    assert decide("PHL-6J27", applicant, specialty="revenue-collections").status == revenue


def test_the_eligible_path_names_the_all_of():
    applicant = person(job(*FIRST_TWO, **CALL_CENTER_AGENT), job(*NEXT_TWO, **CALL_CENTER_SUPERVISOR), education=HIGH_SCHOOL)
    decision = decide("PHL-6J27", applicant, specialty="call-center")
    assert decision.path == "Education, general and specific experience"


def test_distinct_periods_are_explained():
    applicant = person(job(*NEXT_TWO, **dict(CALL_CENTER_SUPERVISOR, inbound_call_percent=95)), education=HIGH_SCHOOL)
    decision = decide("PHL-6J27", applicant, specialty="call-center")
    main = reason(decision, "Education, general and specific experience")
    assert main.outcome == "not met"
    assert "a period of experience counts toward one part only" in main.detail
    equivalent = reason(decision, "Any equivalent combination")
    assert equivalent.outcome == "review"
    assert "acceptable by the Personnel Department" in equivalent.detail
    assert "Minimum Acceptable Training and Experience" in equivalent.citation


def test_equivalent_combination_without_the_specific_experience_says_so():
    decision = decide("PHL-6J27", person(job(*FIRST_TWO, **CALL_CENTER_AGENT), education=HIGH_SCHOOL), specialty="call-center")
    equivalent = reason(decision, "Any equivalent combination")
    assert equivalent.outcome == "not met"
    assert "Specific experience" in equivalent.detail
