"""Calendar arithmetic for experience: months between dates, end inclusive.

A month is counted from a date to the same day of the next month
(2023-01-15 to 2023-02-14 is one month; 2023-01-01 to 2023-06-30 is six), and
the days left over count as a share of the month they start in.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

ONE_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def months_between(first: dt.date, last: dt.date) -> float:
    """Months from ``first`` through ``last``, both days included."""
    stop = last + ONE_DAY
    if stop <= first:
        return 0.0
    whole = (stop.year - first.year) * 12 + stop.month - first.month
    anchor = add_months(first, whole)
    if anchor > stop:
        whole -= 1
        anchor = add_months(first, whole)
    left = (stop - anchor).days
    if not left:
        return float(whole)
    following = add_months(first, whole + 1)
    return whole + left / (following - anchor).days


def after_months(day: dt.date, months: float) -> dt.date:
    """The day reached ``months`` (possibly fractional) after ``day``."""
    whole = int(months)
    anchor = add_months(day, whole)
    following = add_months(day, whole + 1)
    return anchor + dt.timedelta(days=round((months - whole) * (following - anchor).days))
