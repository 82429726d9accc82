"""Reasons say what the applicant has, in words an applicant reading a notice can check."""

import pytest
from helpers import decide, job, licence, person, reason, school


def test_the_education_reason_names_the_highest_level_listed():
    applicant = person(education=[school("twelfth-grade"), school("associate", field="culinary arts")])
    assert "associate is below bachelor" in reason(decide("JI60", applicant), "Pattern III").detail


def test_a_senior_met_by_substitution_is_not_told_to_prove_graduation():
    bank = job("2021-01-01", "2022-12-31", sector="private", employer="First Bank", duties=["policy-interpretation"])
    decision = decide("JI60", person(bank, education=[school("bachelor", status="senior", units=100)]))
    assert decision.status == "eligible"
    detail = reason(decision, "Pattern III").detail
    assert "experience substituted" in detail
    assert "evidence of graduation" not in detail


def test_unknown_units_are_not_shown_as_zero_years():
    bank = job("2022-01-01", "2022-12-31", sector="private", employer="First Bank", duties=["policy-interpretation"])
    decision = decide("JI60", person(bank, education=[school("bachelor", status="enrolled")]))
    assert reason(decision, "Substitution").detail.startswith("years of college unknown")


@pytest.mark.parametrize("kind", ["drivers-license", "drivers license", "Driver's License", "driver licence"])
def test_a_drivers_licence_is_recognised_however_it_is_written(kind):
    decision = decide("LA-1229", person(licenses=[licence(kind, "2030-01-01", "California")]))
    assert "The applicant lists a California" in reason(decision, "License").detail


def test_a_level_that_needs_no_experience_says_so():
    detail = reason(decide("MO-CS-G2", person()), "Typical qualifications").detail
    assert "no experience required (0 months credited)" in detail
