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


@pytest.mark.parametrize(
    "class_id, state_job, all_levels",
    [
        ("JI60", "Office Technician", True),  # a State class the State patterns do not name
        ("JI55", "Office Technician", True),
        ("JI60", "Tax Program Technician I, Franchise Tax Board", False),  # one they name
        ("JI55", "Tax Program Supervisor, Franchise Tax Board", False),
    ],
)
def test_state_experience_under_the_non_state_pattern_names_the_all_levels_rule(class_id, state_job, all_levels):
    """All Levels: State experience used for Pattern IV must be in a class at least equivalent to one the
    State patterns name; the analyst is told so whenever the class is not one of them."""
    dmv = job("2018-01-01", "2024-12-31", sector="state", jurisdiction="California", cls=state_job,
              employer="Department of Motor Vehicles", duties=["customer-service", "supervision"], supervised_staff=8)
    pattern = reason(decide(class_id, person(dmv)), "Pattern IV")
    assert pattern.outcome == "review"  # "increasingly responsible" is always an analyst's call
    assert ("All Levels" in pattern.detail) is all_levels


def test_public_agency_customer_service_is_not_asked_about_banks():
    """Pattern III substitution: a Tax Technician's customer service is public-agency work; what the
    analyst must decide is whether it explained policies, not whether the agency was a bank."""
    ftb = job("2021-01-01", "2022-12-31", sector="state", jurisdiction="California",
              cls="Tax Technician, Franchise Tax Board", range="A", duties=["customer-service", "call-center"])
    detail = reason(decide("JI60", person(ftb, education=[school("associate")])), "Substitution").detail
    assert "an analyst must decide: whether customer service for a public agency" in detail
    assert "bank" not in detail


def test_coursework_a_record_does_not_list_is_asked_about_by_the_study_it_has():
    """A nursing degree and no courses listed: the question was "the units of some coursework"."""
    nurse = person(education=[school("bachelor", field="nursing", accredited=True)])
    decision = decide("LA-1513", nurse)
    assert decision.status == "review"
    [point] = decision.points
    assert point.question == "whether the bachelor in nursing included the units in accounting (the record lists no courses)"


def test_a_degree_in_the_major_from_a_school_of_unknown_accreditation_is_asked_about_the_school():
    """A bachelor in accounting, accreditation not given: the units question was about courses
    the record does not list, when the degree meets the units if its school is accredited."""
    accountant = person(education=[school("bachelor", field="Accounting")])
    decision = decide("LA-1513", accountant)
    assert decision.status == "review"
    units = next(p for p in decision.points if p.id.endswith("/coursework"))
    assert units.question == "whether the school of the bachelor in Accounting is accredited (a bachelor with that major meets it)"
    assert decide("LA-1513", person(education=[school("bachelor", field="Accounting", accredited=False)])).status == "ineligible"
