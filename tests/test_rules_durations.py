"""Durations from dates: end inclusive, open jobs run to the as-of date, part-time in proportion, overlaps capped.

Measured against JI60 Pattern I ("Six months of experience in the California
state service performing duties at a level of responsibility equivalent to
that of ... a Tax Technician, Franchise Tax Board, Range B"), LA 1229
("One year of full-time paid call center operation or public counter
experience with the City of Los Angeles") and Missouri G4 ("2-4 years of
relevant experience").
"""

import pytest

from helpers import LA_CITY, TAX_TECHNICIAN, catalogue, decide, job, person, reason
from merit.applicants import Reading, parse_applicants

RANGE_B = dict(TAX_TECHNICIAN, range="B")

# name, jobs, as-of, status, Pattern I arithmetic
PATTERN_I = [
    ("2023-01-01 to 2023-06-30 is exactly six months", [job("2023-01-01", "2023-06-30", **RANGE_B)], "2025-01-01", "eligible", "6 of 6 months credited (100%)"),
    ("a day less is not six months", [job("2023-01-01", "2023-06-29", **RANGE_B)], "2025-01-01", "ineligible", "5.96 of 6 months credited (99%)"),
    ("mid-month anniversary 2023-01-15 to 2023-07-14 is six months", [job("2023-01-15", "2023-07-14", **RANGE_B)], "2025-01-01", "eligible", "6 of 6 months credited"),
    ("mid-month a day short 2023-01-15 to 2023-07-13 is not", [job("2023-01-15", "2023-07-13", **RANGE_B)], "2025-01-01", "ineligible", "5.96 of 6 months"),
    ("the end day counts: 2023-01-01 to 2023-07-01 is a day over six months", [job("2023-01-01", "2023-07-01", **RANGE_B)], "2025-01-01", "eligible", "6.03 of 6 months"),
    ("a job with no end runs to the as-of date (six months on 2024-12-31)", [job("2024-07-01", **RANGE_B)], "2024-12-31", "eligible", "6 of 6 months"),
    ("a job with no end, a day before six months", [job("2024-07-01", **RANGE_B)], "2024-12-30", "ineligible", "5.96 of 6 months"),
    ("nothing after the as-of date counts", [job("2024-07-01", "2025-06-30", **RANGE_B)], "2024-12-30", "ineligible", "5.96 of 6 months"),
    ("a job starting after the as-of date does not count", [job("2025-02-01", "2026-12-31", **RANGE_B)], "2025-01-01", "ineligible", "0 of 6 months"),
    ("a job starting on the as-of date counts its one day", [job("2025-01-01", **RANGE_B)], "2025-01-01", "ineligible", "0.03 of 6 months"),
    ("part-time 20 h for 12 months credits 6 months", [job("2023-01-01", "2023-12-31", hours_per_week=20, **RANGE_B)], "2025-01-01", "eligible", "6 of 6 months"),
    ("part-time 20 h for 11 months credits 5.5 months", [job("2023-01-01", "2023-11-30", hours_per_week=20, **RANGE_B)], "2025-01-01", "ineligible", "5.5 of 6 months"),
    ("60 h a week for 3 months is still 3 months (never above full time)", [job("2023-01-01", "2023-03-31", hours_per_week=60, **RANGE_B)], "2025-01-01", "ineligible", "3 of 6 months"),
    (
        "two concurrent 20 h jobs for 6 months add to full time",
        [job("2023-01-01", "2023-06-30", hours_per_week=20, **RANGE_B), job("2023-01-01", "2023-06-30", hours_per_week=20, **RANGE_B)],
        "2025-01-01", "eligible", "6 of 6 months",
    ),
    (
        "two concurrent full-time jobs for 3 months credit 3 months, not 6",
        [job("2023-01-01", "2023-03-31", **RANGE_B), job("2023-01-01", "2023-03-31", **RANGE_B)],
        "2025-01-01", "ineligible", "3 of 6 months",
    ),
    (
        "30 h + 30 h for 6 months is capped at full time",
        [job("2023-01-01", "2023-06-30", hours_per_week=30, **RANGE_B), job("2023-01-01", "2023-06-30", hours_per_week=30, **RANGE_B)],
        "2025-01-01", "eligible", "6 of 6 months",
    ),
    (
        "overlapping jobs count the overlap once",
        [job("2023-01-01", "2023-04-30", **RANGE_B), job("2023-03-01", "2023-06-30", **RANGE_B)],
        "2025-01-01", "eligible", "6 of 6 months",
    ),
    (
        "separate periods add up",
        [job("2021-01-01", "2021-03-31", **RANGE_B), job("2023-04-01", "2023-06-30", **RANGE_B)],
        "2025-01-01", "eligible", "6 of 6 months",
    ),
]


@pytest.mark.parametrize("name, jobs, as_of, status, arithmetic", PATTERN_I, ids=[c[0] for c in PATTERN_I])
def test_pattern_i_durations(name, jobs, as_of, status, arithmetic):
    decision = decide("JI60", person(*jobs), as_of=as_of)
    assert decision.status == status
    assert arithmetic in reason(decision, "Pattern I").detail


def test_a_later_job_is_named_as_not_counting():
    decision = decide("JI60", person(job("2025-02-01", **RANGE_B)), as_of="2025-01-01")
    lines = [r.detail for r in reason(decision, "Pattern I").children]
    assert any("after the as-of date 2025-01-01" in line for line in lines)


def test_overlap_is_explained():
    jobs = [job("2023-01-01", "2023-03-31", **RANGE_B), job("2023-01-01", "2023-03-31", **RANGE_B)]
    detail = reason(decide("JI60", person(*jobs)), "Pattern I").detail
    assert "overlapping periods counted once" in detail


def test_part_time_arithmetic_is_shown():
    decision = decide("JI60", person(job("2023-01-01", "2023-12-31", hours_per_week=20, **RANGE_B)))
    lines = [r.detail for r in reason(decision, "Pattern I").children]
    assert any("12 months × 20/40 h a week = 6 months" in line for line in lines)


CALL_CENTER = dict(LA_CITY, duties=["call-center"])

# LA 1229 asks for *paid* experience; Missouri's typical qualifications do not.
PAID = [
    ("LA 1229: a year of paid call center work meets Requirement 1", "LA-1229", [job("2023-01-01", "2023-12-31", **CALL_CENTER)], "eligible"),
    ("LA 1229: a year of unpaid call center work does not count", "LA-1229", [job("2023-01-01", "2023-12-31", paid=False, **CALL_CENTER)], "ineligible"),
    ("LA 1229: part-time paid 20 h for two years is one year", "LA-1229", [job("2022-01-01", "2023-12-31", hours_per_week=20, **CALL_CENTER)], "eligible"),
    ("LA 1229: part-time paid 20 h for one year is half a year", "LA-1229", [job("2023-01-01", "2023-12-31", hours_per_week=20, **CALL_CENTER)], "ineligible"),
    ("Missouri G4: unpaid customer service counts (the source does not say paid)", "MO-CS-G4", [job("2022-01-01", "2023-12-31", paid=False, duties=["customer-service"])], "eligible"),
]


@pytest.mark.parametrize("name, cls, jobs, status", PAID, ids=[c[0] for c in PAID])
def test_paid_experience(name, cls, jobs, status):
    assert decide(cls, person(*jobs)).status == status


def test_unpaid_work_says_why_it_does_not_count():
    decision = decide("LA-1229", person(job("2023-01-01", "2023-12-31", paid=False, **CALL_CENTER)))
    lines = [r.detail for r in reason(decision, "Requirement 1").children]
    assert any("unpaid (the source asks for paid experience)" in line for line in lines)


# Dates to the month, as application forms give them: start 2023-01 is the 1st, end 2023-06 the 30th.
MONTH_DATES = [
    ("start 2023-01, end 2023-06 is six months", "2023-01", "2023-06", "eligible"),
    ("start 2023-01-02, end 2023-06 is a day short", "2023-01-02", "2023-06", "ineligible"),
    ("start 2023-01, end 2023-06-29 is a day short", "2023-01", "2023-06-29", "ineligible"),
]


@pytest.mark.parametrize("name, start, end, status", MONTH_DATES, ids=[c[0] for c in MONTH_DATES])
def test_dates_to_the_month_from_an_applicant_file(name, start, end, status):
    text = f"""
id: M-1
experience:
  - title: Tax Technician
    sector: state
    jurisdiction: California
    class: Tax Technician, Franchise Tax Board
    range: B
    start: {start}
    end: {end}
"""
    loaded = parse_applicants(text, "m-1.yaml", Reading(catalogue().terms))
    assert not loaded.problems
    assert decide("JI60", loaded.applicants[0]).status == status
