"""eligible_from: the first day a path is met for certain if the current jobs go on at their current hours."""

import datetime as dt

import pytest

from helpers import LA_CITY, TAX_PROGRAM_TECHNICIAN_I, TAX_TECHNICIAN, day, decide, job, person, school

RANGE_B = dict(TAX_TECHNICIAN, range="B")
TPT_I = dict(TAX_PROGRAM_TECHNICIAN_I, duties=["tax-compliance"])
AS_OF = "2025-01-01"

# name, class, applicant, specialty, eligible_from
PROJECTIONS = [
    ("JI60: a current Range B job since 2024-10-01 reaches six months on 2025-03-31", "JI60", person(job("2024-10-01", **RANGE_B)), None, "2025-03-31"),
    ("JI60: a mid-month start 2024-10-15 reaches six months on 2025-04-14", "JI60", person(job("2024-10-15", **RANGE_B)), None, "2025-04-14"),
    ("JI60: part-time 20 h since 2024-10-01 needs twelve calendar months", "JI60", person(job("2024-10-01", hours_per_week=20, **RANGE_B)), None, "2025-09-30"),
    (
        "JI60: 3 months of Pattern I done, a current Pattern II job closes the combination",
        "JI60", person(job("2020-01-01", "2020-03-31", **RANGE_B), job("2024-10-01", **TPT_I)), None, "2025-03-31",
    ),
    ("LA 1229: a current City call center job since 2024-06-01 reaches a year on 2025-05-31", "LA-1229", person(job("2024-06-01", **dict(LA_CITY, duties=["call-center"]))), None, "2025-05-31"),
    ("Missouri G4: a review today becomes eligible at two years", "MO-CS-G4", person(job("2024-01-01", duties=["customer-service"])), None, "2025-12-31"),
    (
        "Philadelphia call center: a current supervisor job closes the specific experience",
        "PHL-6J27",
        person(
            job("2021-01-01", "2022-12-31", duties=["customer-service", "call-center"], inbound_call_percent=95),
            job("2023-06-01", duties=["supervision", "call-center"]),
            education=[school("twelfth-grade")],
        ),
        "call-center", "2025-05-31",
    ),
    (
        # degree part (four years of the work for the degree) and experience part (two years) may not
        # share a period: one current job since 2020-01-01 serves both once it reaches six years
        "LA 1596 Requirement 2: one current job must serve the degree substitution and the experience",
        "LA-1596",
        person(
            job("2020-01-01", cls="Management Assistant", duties=["systems-development"], paid=True, **LA_CITY),
            education=[school("twelfth-grade")],
        ),
        None, "2025-12-31",
    ),
]


@pytest.mark.parametrize("name, cls, applicant, specialty, expected", PROJECTIONS, ids=[c[0] for c in PROJECTIONS])
def test_eligible_from_is_the_exact_first_day(name, cls, applicant, specialty, expected):
    decision = decide(cls, applicant, AS_OF, specialty)
    assert decision.status != "eligible"
    assert decision.eligible_from == day(expected)
    # exact: eligible that day, not the day before
    assert decide(cls, applicant, expected, specialty).status == "eligible"
    assert decide(cls, applicant, day(expected) - dt.timedelta(days=1), specialty).status != "eligible"


NO_PROJECTION = [
    ("no current job: nothing to project", "JI60", person(job("2024-01-01", "2024-03-31", **RANGE_B))),
    ("a current job that does not qualify", "JI60", person(job("2024-10-01", sector="private", duties=["clerical"]))),
    ("already eligible: nothing to project", "JI60", person(job("2023-01-01", "2023-12-31", **RANGE_B))),
    ("a missing degree is not closed by time", "PHL-6J27", person(job("2020-01-01", duties=["supervision", "call-center"]))),
    ("LA Requirement 1 with unpaid current work", "LA-1229", person(job("2024-06-01", paid=False, **dict(LA_CITY, duties=["call-center"])))),
    ("Montana grade 13 has nothing to count toward", "MT-CSR-13", person(job("2024-06-01", duties=["customer-service"]))),
]


@pytest.mark.parametrize("name, cls, applicant", NO_PROJECTION, ids=[c[0] for c in NO_PROJECTION])
def test_no_projection(name, cls, applicant):
    for decision in [d for d in [decide(cls, applicant, AS_OF, sp) for sp in _specialties(cls)]]:
        assert decision.eligible_from is None


def _specialties(cls):
    return ["call-center", "revenue-collections"] if cls == "PHL-6J27" else [None]


def test_a_current_job_ending_before_the_gap_closes_projects_nothing():
    applicant = person(job("2024-10-01", "2025-02-28", **RANGE_B))
    assert decide("JI60", applicant, AS_OF).eligible_from is None
