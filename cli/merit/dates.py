"""Dates as files and résumés write them: a full ISO date, and a ``did you mean`` for a
date written another way (03/15/2021, March 2019, 20230101) or a word such as
``present`` where a job's end goes. Pure functions, no YAML.
"""

from __future__ import annotations

import datetime as dt
import re

DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?\Z")  # YYYY-MM-DD or YYYY-MM, as files write dates

# Words résumés put where a job's end date goes while the job goes on.
ONGOING = frozenset(("present", "current", "currently", "now", "today", "ongoing", "to date", "to present", "date"))
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Patterns of dates as résumés write them; compiled on first use (only a wrong date needs them)
_NUMERIC = r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z"  # 03/15/2021, 15.03.2021
_YEAR_FIRST = r"([0-9]{4})[/.]([0-9]{1,2})(?:[/.]([0-9]{1,2}))?\Z"  # 2021/03/15, 2021/03
_COMPACT = r"([0-9]{4})([0-9]{2})([0-9]{2})\Z"  # 20230101
_MONTH_YEAR = r"([0-9]{1,2})[/.-]([0-9]{4})\Z"  # 03/2019
_NAMED = (  # March 2019, Mar. 15, 2019, 15 March 2019
    r"(?:([0-9]{1,2})(?:st|nd|rd|th)?[ -])?([a-z]+)\.?(?:[ -]([0-9]{1,2})(?:st|nd|rd|th)?)?,?[ -]([0-9]{4})\Z"
)


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    """The ISO form of a real date (or month), or None."""
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def date_hint(text: str, months: bool = True) -> str:
    """A ``did you mean`` tail for a date written as résumés write them, or nothing.

    Only a reading the text allows is suggested: ``03/15/2021`` can only be
    month first, ``15/03/2021`` only day first; ``03/04/2021`` could be either,
    so both are named. ``months`` says whether a month alone (``2019-03``) is a
    valid answer.
    """
    word = " ".join(text.strip().lower().split())
    found: list[str] = []
    m = re.match(_NUMERIC, word)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        month_first, day_first = _iso(year, a, b), _iso(year, b, a)
        if month_first and day_first and month_first != day_first:
            return f"; did you mean {month_first} (month first) or {day_first} (day first)?"
        found = [month_first or day_first or ""]
    elif m := re.match(_COMPACT, word) or re.match(_YEAR_FIRST, word):
        found = [_iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None) or ""]
    elif m := re.match(_MONTH_YEAR, word):
        found = [_iso(int(m[2]), int(m[1])) or ""]
    elif (m := re.match(_NAMED, word)) and m[2] in _MONTH_NAMES and not (m[1] and m[3]):
        day = m[1] or m[3]
        found = [_iso(int(m[4]), _MONTH_NAMES[m[2]], int(day) if day else None) or ""]
    elif re.fullmatch(r"[0-9]{4}", word):
        return f"; give the month too ({word}-MM)" if months else "; give the month and day too"
    elif not months and (m := DATE.match(word)) and _iso(int(m[1]), int(m[2])):
        return "; give the day too"
    if not found or not found[0] or (not months and found[0].count("-") == 1):
        return ""
    return f"; did you mean {found[0]}?"


def parse_iso_date(text: str) -> dt.date | None:
    """A full date ``YYYY-MM-DD`` (as files write it), or None: ``20261101`` is not read as one."""
    m = DATE.match(text.strip())
    if not m or m[3] is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
