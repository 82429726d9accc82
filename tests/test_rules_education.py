"""Education: levels, field and coursework, status (senior), and year-for-year substitution.

JI60 Pattern III: "Education: Equivalent to graduation from college. (Registration as a senior in a
recognized institution will admit applicants to the examination, but they must produce evidence of
graduation ...) (Additional experience performing professional duties involving client-customer service
contact ... may be substituted for the required education on a year-for-year basis for up to two years of
the required education.)"
"""

import pytest

from helpers import decide, job, person, reason, school

# "professional duties involving client-customer service contact, interpretation, or explanation of policies
# ... for a public agency or private institution such as a bank": explaining a bank's policies counts for certain.
CUSTOMER_SERVICE = dict(sector="private", employer="First Bank", duties=["customer-service", "policy-interpretation"])
TWO_YEARS_CS = job("2021-01-01", "2022-12-31", **CUSTOMER_SERVICE)

# name, education, jobs, Pattern III outcome, status
PATTERN_III = [
    ("a completed bachelor's degree meets Pattern III", [school("bachelor", field="history")], [], "met", "eligible"),
    ("a master's degree includes the bachelor's", [school("master")], [], "met", "eligible"),
    ("registered as a senior is admitted on condition", [school("bachelor", "senior")], [], "conditional", "conditional"),
    ("enrolled but not a senior is not admitted", [school("bachelor", "enrolled")], [], "not met", "ineligible"),
    ("high school alone does not meet Pattern III", [school("twelfth-grade")], [], "not met", "ineligible"),
    ("2 years of college (associate) + 2 years of qualifying experience", [school("associate")], [TWO_YEARS_CS], "met", "eligible"),
    ("60 semester units + 2 years of qualifying experience", [school("some-college", units=60)], [TWO_YEARS_CS], "met", "eligible"),
    ("90 semester units + 1 year of qualifying experience", [school("some-college", units=90)], [job("2022-01-01", "2022-12-31", **CUSTOMER_SERVICE)], "met", "eligible"),
    ("60 quarter units are 40 semester units: short with 2 years", [school("some-college", units=60, unit_system="quarter")], [TWO_YEARS_CS], "not met", "ineligible"),
    ("associate + 1 year of experience is 3 of 4 years", [school("associate")], [job("2022-01-01", "2022-12-31", **CUSTOMER_SERVICE)], "not met", "ineligible"),
    ("associate + a day short of 2 years is short", [school("associate")], [job("2021-01-01", "2022-12-30", **CUSTOMER_SERVICE)], "not met", "ineligible"),
    ("associate with no experience is short", [school("associate")], [], "not met", "ineligible"),
    ("counter service at a coffee shop is an analyst's call, not certain credit", [school("associate")], [job("2021-01-01", "2022-12-31", sector="private", employer="Corner Coffee", duties=["customer-service"])], "review", "review"),
    ("explaining policies for a public agency counts for certain", [school("associate")], [job("2021-01-01", "2022-12-31", sector="county", duties=["policy-interpretation"])], "met", "eligible"),
    ("experience without the qualifying duties does not substitute", [school("associate")], [job("2021-01-01", "2022-12-31", sector="private", duties=["data-entry"])], "not met", "ineligible"),
    ("some college of unknown length + 2 years of experience goes to review", [school("some-college")], [TWO_YEARS_CS], "review", "review"),
    ("some college of unknown length and no experience to substitute is short", [school("some-college")], [], "not met", "ineligible"),
]


@pytest.mark.parametrize("name, education, jobs, outcome, status", PATTERN_III, ids=[c[0] for c in PATTERN_III])
def test_ji60_pattern_iii(name, education, jobs, outcome, status):
    decision = decide("JI60", person(*jobs, education=education))
    assert reason(decision, "Pattern III").outcome == outcome
    assert decision.status == status


def test_substitution_is_capped_at_two_years():
    """High school + 4 years of experience: only 2 years substitute, so Pattern III is not met."""
    decision = decide("JI60", person(job("2019-01-01", "2022-12-31", **CUSTOMER_SERVICE), education=[school("twelfth-grade")]))
    assert reason(decision, "Pattern III").outcome == "not met"
    substitution = reason(decision, "Substitution")
    assert substitution.detail.startswith(
        "0 years of college + 2 years of experience substituted (year for year, at most 2) = 2 of 4 years"
    )
    assert "Pattern III" in substitution.citation or "Minimum Qualifications" in substitution.citation
    # the same 4 years may still go to Pattern IV, which is an analyst's call
    assert decision.status == "review" and decision.path is None


def test_the_senior_condition_is_stated():
    decision = decide("JI60", person(education=[school("bachelor", "senior")]))
    assert decision.path == "Pattern III"
    assert "evidence of graduation" in reason(decision, "Pattern III").detail


def test_a_path_met_for_certain_beats_a_conditional_one():
    decision = decide("JI60", person(job("2023-01-01", "2023-06-30", sector="state", jurisdiction="California", class_="Tax Technician, Franchise Tax Board", range="B"), education=[school("bachelor", "senior")]))
    assert decision.status == "eligible" and decision.path == "Pattern I"


# Philadelphia: "Education equivalent to the completion of the twelfth school grade."
TWELFTH_GRADE = [
    ("high school completed", [school("twelfth-grade")], "met"),
    ("a bachelor's degree includes the twelfth grade", [school("bachelor")], "met"),
    ("enrolled in college implies the twelfth grade", [school("some-college", "enrolled")], "met"),
    ("enrolled in high school is not completion", [school("twelfth-grade", "enrolled")], "not met"),
    ("no education listed", [], "not met"),
]


@pytest.mark.parametrize("name, education, outcome", TWELFTH_GRADE, ids=[c[0] for c in TWELFTH_GRADE])
def test_philadelphia_twelfth_grade(name, education, outcome):
    decision = decide("PHL-6J27", person(education=education), specialty="call-center")
    assert reason(decision, "Education").outcome == outcome


# Montana grade 11: "post-secondary coursework in business administration including taxation or related field"
COURSEWORK = [
    ("business administration including taxation", school("some-college", field="business administration", subjects={"taxation": 6}), "met"),
    ("a bachelor's in business administration with a taxation course", school("bachelor", field="business administration", subjects=["taxation"]), "met"),
    ("business administration without taxation may count as a related field: review", school("associate", field="business administration", subjects=["marketing"]), "review"),
    ("accounting may be a related field: review", school("associate", field="accounting", subjects=["taxation"]), "review"),
    ("no field given: review", school("associate"), "review"),
    ("history is not a related field", school("bachelor", field="history", subjects=["european history"]), "not met"),
    ("high school alone is not post-secondary coursework", school("twelfth-grade"), "not met"),
]


@pytest.mark.parametrize("name, entry, outcome", COURSEWORK, ids=[c[0] for c in COURSEWORK])
def test_montana_coursework(name, entry, outcome):
    decision = decide("MT-CSR-11", person(education=[entry]))
    assert reason(decision, "Post-secondary coursework").outcome == outcome
