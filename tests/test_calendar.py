"""Month arithmetic: a month runs from a day to the day before the same day of the next month, end inclusive."""

import datetime as dt

import pytest

from merit.engine.calendar import add_months, after_months, months_between

D = dt.date.fromisoformat

MONTHS_BETWEEN = [
    ("2023-01-01 to 2023-06-30 is exactly six months", "2023-01-01", "2023-06-30", 6.0),
    ("2023-01-15 to 2023-07-14 (mid-month anniversary) is six months", "2023-01-15", "2023-07-14", 6.0),
    ("2023-01-01 to 2023-12-31 is a year", "2023-01-01", "2023-12-31", 12.0),
    ("a single day counts (end inclusive)", "2023-03-01", "2023-03-01", 1 / 31),
    ("a whole February is one month", "2023-02-01", "2023-02-28", 1.0),
    ("a whole leap February is one month", "2024-02-01", "2024-02-29", 1.0),
    ("2023-01-01 to 2023-01-31 is one month, not 30/31", "2023-01-01", "2023-01-31", 1.0),
    ("2023-01-01 to 2023-01-15 is 15/31 of a month", "2023-01-01", "2023-01-15", 15 / 31),
    ("two years across a leap day", "2023-03-01", "2025-02-28", 24.0),
    ("end before start counts nothing", "2023-03-02", "2023-03-01", 0.0),
]


@pytest.mark.parametrize("name, first, last, months", MONTHS_BETWEEN, ids=[c[0] for c in MONTHS_BETWEEN])
def test_months_between(name, first, last, months):
    assert months_between(D(first), D(last)) == pytest.approx(months)


ONE_DAY_SHORT = [
    ("2023-01-01 to 2023-06-29 is less than six months", "2023-01-01", "2023-06-29", 6),
    ("2023-01-15 to 2023-07-13 is less than six months", "2023-01-15", "2023-07-13", 6),
    ("2022-01-01 to 2023-12-30 is less than two years", "2022-01-01", "2023-12-30", 24),
]


@pytest.mark.parametrize("name, first, last, months", ONE_DAY_SHORT, ids=[c[0] for c in ONE_DAY_SHORT])
def test_one_day_short_is_short(name, first, last, months):
    got = months_between(D(first), D(last))
    assert months - 0.05 < got < months


def test_months_between_never_decreases_as_the_end_moves_on():
    start = D("2023-01-31")
    last = 0.0
    for offset in range(0, 800):
        got = months_between(start, start + dt.timedelta(days=offset))
        assert got >= last
        last = got


ADD_MONTHS = [
    ("same day next month", "2023-01-15", 1, "2023-02-15"),
    ("clamped to the end of a shorter month", "2023-01-31", 1, "2023-02-28"),
    ("across a year", "2023-11-30", 3, "2024-02-29"),
    ("backwards", "2023-03-31", -1, "2023-02-28"),
]


@pytest.mark.parametrize("name, start, months, expected", ADD_MONTHS, ids=[c[0] for c in ADD_MONTHS])
def test_add_months(name, start, months, expected):
    assert add_months(D(start), months) == D(expected)


AFTER_MONTHS = [
    ("six whole months", "2023-01-01", 6.0, "2023-07-01"),
    ("half of a 30-day month", "2023-06-01", 0.5, "2023-06-16"),
]


@pytest.mark.parametrize("name, start, months, expected", AFTER_MONTHS, ids=[c[0] for c in AFTER_MONTHS])
def test_after_months(name, start, months, expected):
    assert after_months(D(start), months) == D(expected)
