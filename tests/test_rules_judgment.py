"""Three-valued logic: certain credit meets → eligible; even possible credit fails → ineligible; else review.

Judgment clauses of the seeds always reach review, never a silent pass or fail.
"""

import pytest

from helpers import CA_STATE, TAX_TECHNICIAN, decide, job, person, reason, school
from merit.model.decisions import STATUSES

SIX_MONTHS = ("2023-01-01", "2023-06-30")


# Level-of-responsibility equivalence and "increasingly responsible" (FTB, JI60).
JI60 = [
    ("the named class and range: eligible", [job(*SIX_MONTHS, **dict(TAX_TECHNICIAN, range="B"))], "eligible"),
    ("another state class with the right duties: equivalence is review", [job(*SIX_MONTHS, **dict(CA_STATE, class_="Office Technician", duties=["customer-service"]))], "review"),
    ("the right duties outside state service: ineligible", [job(*SIX_MONTHS, sector="federal", duties=["tax-compliance"])], "ineligible"),
    ("four years of increasingly responsible bank work: review, never eligible", [job("2019-01-01", "2022-12-31", sector="private", duties=["customer-service"])], "review"),
    (
        "four years as Tax Technician Range A toward Pattern IV: equivalence to a named State class is review",
        [job("2019-01-01", "2022-12-31", duties=["customer-service"], **dict(TAX_TECHNICIAN, range="A"))],
        "review",
    ),
]


@pytest.mark.parametrize("name, jobs, status", JI60, ids=[c[0] for c in JI60])
def test_ji60_judgment(name, jobs, status):
    assert decide("JI60", person(*jobs)).status == status


def test_state_experience_toward_the_non_state_pattern_cites_all_levels():
    decision = decide("JI60", person(job("2019-01-01", "2022-12-31", duties=["customer-service"], **dict(TAX_TECHNICIAN, range="A"))))
    assert "(All Levels)" in reason(decision, "Pattern IV").detail


def test_review_says_what_the_analyst_must_decide():
    decision = decide("JI60", person(job(*SIX_MONTHS, **dict(CA_STATE, class_="Office Technician", duties=["customer-service"]))))
    top = decision.reasons[0]
    assert top.outcome == "review"
    assert "an analyst must decide" in top.detail
    assert "level of responsibility equivalent" in reason(decision, "Pattern I").detail


# Montana: "Other combinations of education and experience will be evaluated on an individual basis."
MT_COURSEWORK = school("some-college", field="business administration", subjects=["taxation"], units=15)
MT_HIGH_SCHOOL = school("twelfth-grade")
MT_CUSTOMER_SERVICE = job("2022-01-01", "2023-12-31", sector="state", jurisdiction="Montana", duties=["customer-service", "policy-interpretation"])
MT_COLLECTIONS = job("2021-01-01", "2021-12-31", sector="private", duties=["collections"])

MONTANA = [
    ("grade 11: the typical combination is eligible", "MT-CSR-11", [MT_HIGH_SCHOOL, MT_COURSEWORK], [MT_CUSTOMER_SERVICE, MT_COLLECTIONS], "eligible"),
    ("grade 11: no collection work goes to review, not ineligible", "MT-CSR-11", [MT_HIGH_SCHOOL, MT_COURSEWORK], [MT_CUSTOMER_SERVICE], "review"),
    ("grade 11: nothing at all still goes to review", "MT-CSR-11", [], [], "review"),
    ("grade 12: the typical combination is eligible", "MT-CSR-12", [MT_HIGH_SCHOOL, MT_COURSEWORK], [MT_CUSTOMER_SERVICE, MT_COLLECTIONS], "eligible"),
    (
        "grade 12: six months applying Montana rules is needed; Idaho work goes to review",
        "MT-CSR-12", [MT_HIGH_SCHOOL, MT_COURSEWORK],
        [job("2022-01-01", "2023-12-31", sector="state", jurisdiction="Idaho", duties=["customer-service", "policy-interpretation"]), MT_COLLECTIONS],
        "review",
    ),
    ("grade 12: 11 months of customer service goes to review", "MT-CSR-12", [MT_HIGH_SCHOOL, MT_COURSEWORK], [job("2023-02-01", "2023-12-31", jurisdiction="Montana", duties=["customer-service", "policy-interpretation"]), MT_COLLECTIONS], "review"),
    ("grade 12: nothing at all still goes to review", "MT-CSR-12", [], [], "review"),
    ("grade 13: no published education or experience, so review even for a strong record", "MT-CSR-13", [MT_HIGH_SCHOOL, MT_COURSEWORK], [MT_CUSTOMER_SERVICE, MT_COLLECTIONS], "review"),
    ("grade 13: review for an empty record too", "MT-CSR-13", [], [], "review"),
]


@pytest.mark.parametrize("name, cls, education, jobs, status", MONTANA, ids=[c[0] for c in MONTANA])
def test_montana_individual_evaluation(name, cls, education, jobs, status):
    assert decide(cls, person(*jobs, education=education)).status == status


def test_montana_review_quotes_the_source():
    detail = decide("MT-CSR-11", person()).reasons[0].detail
    assert "Other combinations of education and experience will be evaluated on an individual basis." in detail


def test_montana_grade_13_says_there_is_no_published_requirement():
    top = decide("MT-CSR-13", person()).reasons[0]
    assert top.outcome == "review"
    assert "publishes no education or experience for grade 13" in top.detail


# Missouri typical qualifications, "(Substitutions may be allowed.)": low end met → eligible, below → review.
CUSTOMER_SERVICE = dict(sector="state", jurisdiction="Missouri", duties=["customer-service"])
SUPERVISING = dict(sector="state", jurisdiction="Missouri", duties=["customer-service", "supervision"])
MISSOURI = [
    ("G2 0-1 year: no experience meets the low end", "MO-CS-G2", [], "eligible"),
    ("G4 2-4 years: exactly 2 years is eligible", "MO-CS-G4", [job("2023-01-01", "2024-12-31", **CUSTOMER_SERVICE)], "eligible"),
    ("G4 2-4 years: a day short of 2 years is review", "MO-CS-G4", [job("2023-01-01", "2024-12-30", **CUSTOMER_SERVICE)], "review"),
    ("G4 2-4 years: no experience at all is review (substitutions may be allowed)", "MO-CS-G4", [], "review"),
    ("G5 4-6 years: 4 years is eligible", "MO-CS-G5", [job("2021-01-01", "2024-12-31", **CUSTOMER_SERVICE)], "eligible"),
    ("G5 4-6 years: 3 years is review", "MO-CS-G5", [job("2022-01-01", "2024-12-31", **CUSTOMER_SERVICE)], "review"),
    ("G6 5-7 years: 5 years is eligible", "MO-CS-G6", [job("2020-01-01", "2024-12-31", **CUSTOMER_SERVICE)], "eligible"),
    ("G8: 5 years relevant and 2 of them supervising is eligible", "MO-CS-G8", [job("2020-01-01", "2022-12-31", **CUSTOMER_SERVICE), job("2023-01-01", "2024-12-31", **SUPERVISING)], "eligible"),
    ("G8: 5 years relevant, no supervision is review", "MO-CS-G8", [job("2020-01-01", "2024-12-31", **CUSTOMER_SERVICE)], "review"),
]


@pytest.mark.parametrize("name, cls, jobs, status", MISSOURI, ids=[c[0] for c in MISSOURI])
def test_missouri_typical_ranges(name, cls, jobs, status):
    assert decide(cls, person(*jobs), as_of="2025-01-01").status == status


def test_missouri_below_the_low_end_quotes_substitutions():
    detail = decide("MO-CS-G4", person()).reasons[0].detail
    assert "not met as stated" in detail and "Substitutions may be allowed." in detail


# Every status is reachable, each for the reason the product brief gives.
EVERY_STATUS = [
    ("eligible: meets a path", "JI60", person(job(*SIX_MONTHS, **dict(TAX_TECHNICIAN, range="B"))), "eligible"),
    ("conditional: registered as a college senior", "JI60", person(education=[school("bachelor", "senior")]), "conditional"),
    ("review: a judgment clause", "MT-CSR-13", person(), "review"),
    ("ineligible: no path, no room for judgment", "LA-1229", person(job(*SIX_MONTHS, sector="private", duties=["call-center"])), "ineligible"),
]


@pytest.mark.parametrize("name, cls, applicant, status", EVERY_STATUS, ids=[c[0] for c in EVERY_STATUS])
def test_every_status_is_reached(name, cls, applicant, status):
    assert decide(cls, applicant).status == status


def test_the_statuses_are_the_four_of_the_brief():
    assert STATUSES == ("eligible", "conditional", "review", "ineligible")
    assert {c[3] for c in EVERY_STATUS} == set(STATUSES)
