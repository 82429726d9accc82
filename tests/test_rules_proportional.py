"""Proportional combination of patterns, and nested minimums ("at least one year of which ...").

FTB, All Levels: "Experience applicable to either of the following patterns may be
combined on a proportional basis to meet the total experience requirements."
"""

import pytest

from helpers import (
    TAX_PROGRAM_TECHNICIAN_I,
    TAX_PROGRAM_TECHNICIAN_II,
    TAX_TECHNICIAN,
    decide,
    job,
    person,
    reason,
    walk,
)

RANGE_B = dict(TAX_TECHNICIAN, range="B")
TPT_I = dict(TAX_PROGRAM_TECHNICIAN_I, duties=["tax-compliance"])
TPT_II = dict(TAX_PROGRAM_TECHNICIAN_II, duties=["tax-compliance"])
# a met combination is named by the patterns that gave credit
COMBINED = "Pattern I + Pattern II combined"


def combined(decision):
    """The reason for the proportional combination, whatever patterns it names."""
    return next(r for r in walk(decision.reasons) if r.requirement.endswith(" combined"))

# name, jobs, status, path
JI60 = [
    (
        "3 months of Pattern I + 6 months of Pattern II = 100%: eligible",
        [job("2020-01-01", "2020-03-31", **RANGE_B), job("2021-01-01", "2021-06-30", **TPT_I)],
        "eligible", COMBINED,
    ),
    (
        "the same, one day short of Pattern I's 3 months: not eligible",
        [job("2020-01-01", "2020-03-30", **RANGE_B), job("2021-01-01", "2021-06-30", **TPT_I)],
        "ineligible", None,
    ),
    (
        "the same, one day short of Pattern II's 6 months: not eligible",
        [job("2020-01-01", "2020-03-31", **RANGE_B), job("2021-01-01", "2021-06-29", **TPT_I)],
        "ineligible", None,
    ),
    (
        "a period is credited once: 3 months of Technician II count 50% to Pattern I, not also 25% to Pattern II",
        [job("2020-01-01", "2020-03-31", **TPT_II), job("2021-01-01", "2021-05-31", **TPT_I)],
        "ineligible", None,
    ),
    (
        "a period goes where it counts most: Technician II months go to Pattern I (6 months), not Pattern II (12)",
        [job("2020-01-01", "2020-03-31", **TPT_II), job("2021-01-01", "2021-06-30", **TPT_I)],
        "eligible", COMBINED,
    ),
    (
        "one pattern met alone needs no combination",
        [job("2020-01-01", "2020-12-31", **TPT_I)],
        "eligible", "Pattern II",
    ),
    (
        "part-time counts in the combination: 20 h for 6 months of Pattern I is 50%",
        [job("2020-01-01", "2020-06-30", hours_per_week=20, **RANGE_B), job("2021-01-01", "2021-06-30", **TPT_I)],
        "eligible", COMBINED,
    ),
    (
        "combining with Pattern IV experience (increasingly responsible) is an analyst's call",
        [
            job("2020-01-01", "2020-03-31", **RANGE_B),
            job("2016-01-01", "2017-12-31", sector="private", employer="First Bank", duties=["customer-service"]),
        ],
        "review", None,
    ),
]


@pytest.mark.parametrize("name, jobs, status, path", JI60, ids=[c[0] for c in JI60])
def test_ji60_proportional(name, jobs, status, path):
    decision = decide("JI60", person(*jobs))
    assert decision.status == status
    assert decision.path == path


def test_proportional_arithmetic_is_shown_with_its_citation():
    decision = decide("JI60", person(job("2020-01-01", "2020-03-31", **RANGE_B), job("2021-01-01", "2021-06-30", **TPT_I)))
    got = combined(decision)
    assert got.requirement == COMBINED and got.outcome == "met"
    assert "Pattern I 3/6 months = 50% + Pattern II 6/12 months = 50% → 100% of 100%" in got.detail
    assert "credited to one pattern only" in got.detail
    assert "Customer Service Specialist, Franchise Tax Board" in got.citation
    assert "Minimum Qualifications" in got.citation


def test_a_period_credited_once_shows_the_sum_below_100():
    decision = decide("JI60", person(job("2020-01-01", "2020-03-31", **TPT_II), job("2021-01-01", "2021-05-31", **TPT_I)))
    detail = combined(decision).detail
    assert "Pattern I 3/6 months = 50% + Pattern II 5/12 months = 41% → 91% of 100%" in detail


PRIVATE = dict(sector="private", employer="First Bank")

# "Four years of increasingly responsible experience in a financial, commercial, or governmental
# enterprise, at least one year of which shall include client-customer service contact ..."
# Every Pattern IV credit is possible ("increasingly responsible" is an analyst's call), so met means review.
PATTERN_IV = [
    ("4 years of bank customer service: review (increasingly responsible)", [job("2019-01-01", "2022-12-31", duties=["customer-service"], **PRIVATE)], "review", "review"),
    (
        "4 years, exactly 1 of them in customer service: review",
        [job("2019-01-01", "2021-12-31", duties=["auditing"], **PRIVATE), job("2022-01-01", "2022-12-31", duties=["customer-service"], **PRIVATE)],
        "review", "review",
    ),
    (
        "4 years, only 11 months of them in customer service: the nested minimum is not met",
        [job("2019-01-01", "2022-01-31", duties=["auditing"], **PRIVATE), job("2022-02-01", "2022-12-31", duties=["customer-service"], **PRIVATE)],
        "ineligible", "not met",
    ),
    ("a day short of 4 years of customer service is not met", [job("2019-01-01", "2022-12-30", duties=["customer-service"], **PRIVATE)], "ineligible", "met"),
    ("a nonprofit employer may or may not be an enterprise: review", [job("2019-01-01", "2022-12-31", sector="nonprofit", duties=["customer-service"])], "review", "review"),
]


@pytest.mark.parametrize("name, jobs, status, nested", PATTERN_IV, ids=[c[0] for c in PATTERN_IV])
def test_ji60_pattern_iv_nested_minimum(name, jobs, status, nested):
    decision = decide("JI60", person(*jobs))
    assert decision.status == status
    of_which = reason(decision, "of which client-customer service")
    # the nested minimum is judged on its own months; its credit is capped like the pattern's
    assert of_which.outcome == {"review": "review", "not met": "not met", "met": "review"}[nested]
    assert "of 12 months credited" in of_which.detail


def test_increasingly_responsible_is_named_for_the_analyst():
    decision = decide("JI60", person(job("2019-01-01", "2022-12-31", duties=["customer-service"], **PRIVATE)))
    assert "increasingly responsible" in reason(decision, "Pattern IV").detail


# JI55 Pattern IV: "... at least two years of which shall include supervision of a client-customer service function"
JI55_IV = [
    ("2 of 4 years supervising customer service: review", [job("2019-01-01", "2020-12-31", duties=["customer-service"], **PRIVATE), job("2021-01-01", "2022-12-31", duties=["customer-service", "supervision"], **PRIVATE)], "review"),
    ("1 of 4 years supervising customer service: not met", [job("2019-01-01", "2021-12-31", duties=["customer-service"], **PRIVATE), job("2022-01-01", "2022-12-31", duties=["customer-service", "supervision"], **PRIVATE)], "ineligible"),
]


@pytest.mark.parametrize("name, jobs, status", JI55_IV, ids=[c[0] for c in JI55_IV])
def test_ji55_pattern_iv_nested_minimum(name, jobs, status):
    assert decide("JI55", person(*jobs)).status == status
