"""Synthetic applicants in the real applicant format, reproducible from a seed.

Each applicant is written as one YAML file, the way a batch arrives from an
application system. The mix is chosen so that every bundled series has work
to do: California state tax jobs with classes and ranges, City of Los Angeles
call-center and counter work, Philadelphia billing and collections, Montana
and Missouri jobs, private and nonprofit jobs, part-time, overlapping and
current jobs, month-only dates, duty shares, education from twelfth grade to
a master's, licences and assessed competency grades.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

FIRST = ("Maria", "James", "Aiyana", "Chen", "Fatima", "Olu", "Priya", "Sam", "Dana", "Luis", "Mei", "Noah", "Ines", "Tariq")
LAST = ("Lopez", "Smith", "Nguyen", "Okafor", "Kowalski", "Haddad", "Garcia", "Brown", "Yamamoto", "Silva", "Cohen", "Ali")

# (weight, sector, jurisdiction, employer, classes with ranges, duty pools)
EMPLOYERS = (
    (
        6,
        "state",
        "California",
        "Franchise Tax Board",
        (
            ("Tax Technician, Franchise Tax Board", ("A", "B", "C")),
            ("Tax Program Technician I, Franchise Tax Board", (None,)),
            ("Tax Program Technician II, Franchise Tax Board", (None,)),
            ("Customer Service Specialist, Franchise Tax Board", ("A", "B", "C", "D")),
            ("Tax Program Supervisor, Franchise Tax Board", (None,)),
        ),
        ("customer-service", "call-center", "tax-compliance", "leadwork", "supervision", "training", "policy-interpretation"),
    ),
    (
        2,
        "state",
        "California",
        "Employment Development Department",
        (("Program Technician II", (None,)), (None, (None,))),
        ("customer-service", "call-center", "data-entry", "clerical", "policy-interpretation"),
    ),
    (
        4,
        "city",
        "Los Angeles",
        "Office of Finance",
        (("Tax Renewal Assistant", (None,)), ("Senior Tax Renewal Assistant", (None,)), (None, (None,))),
        ("call-center", "public-counter", "customer-service", "tax-compliance", "billing", "licensing"),
    ),
    (
        2,
        "city",
        "City of Los Angeles",
        "Department of Water and Power",
        (("Customer Service Representative", (None,)), (None, (None,))),
        ("call-center", "public-counter", "customer-service", "billing", "collections"),
    ),
    (
        4,
        "city",
        "Philadelphia",
        "Department of Revenue",
        (("Revenue Collector", (None,)), ("Customer Service Representative", (None,)), (None, (None,))),
        ("customer-service", "call-center", "billing", "collections", "investigation", "supervision", "leadwork"),
    ),
    (
        1,
        "county",
        "Philadelphia",
        "Register of Wills",
        ((None, (None,)),),
        ("public-counter", "customer-service", "clerical", "collections"),
    ),
    (
        3,
        "state",
        "Montana",
        "Department of Revenue",
        (("Customer Service Representative", ("11", "12", "13")), (None, (None,))),
        ("customer-service", "policy-interpretation", "tax-compliance", "auditing", "investigation", "collections"),
    ),
    (
        3,
        "state",
        "Missouri",
        "Department of Revenue",
        (("Customer Service Representative I", (None,)), ("Customer Service Representative II", (None,)), (None, (None,))),
        ("customer-service", "call-center", "licensing", "supervision", "management", "data-entry", "training"),
    ),
    (
        1,
        "federal",
        "United States",
        "Internal Revenue Service",
        (("Contact Representative", ("GS-5", "GS-7", "GS-8")),),
        ("customer-service", "call-center", "tax-compliance", "collections"),
    ),
    (
        5,
        "private",
        None,
        "Pacific Bell",
        ((None, (None,)),),
        ("customer-service", "call-center", "billing", "collections", "data-entry"),
    ),
    (
        2,
        "private",
        None,
        "H&R Block",
        ((None, (None,)),),
        ("tax-compliance", "customer-service", "clerical", "auditing"),
    ),
    (
        2,
        "nonprofit",
        "California",
        "United Way",
        ((None, (None,)),),
        ("customer-service", "public-counter", "training", "clerical"),
    ),
)
WEIGHTS = [e[0] for e in EMPLOYERS]
TITLES = ("Customer Service Agent", "Tax Technician", "Clerk", "Account Representative", "Call Center Agent", "Lead Agent")
FIELDS = ("business administration", "accounting", "economics", "public administration", "english", "psychology", None)
SUBJECTS = ("taxation", "accounting", "business-law", "statistics", "marketing", "finance")
COMPETENCIES = ("multitasking", "business-processes", "software", "communication", "conflict-resolution", "research")


def _q(text: str) -> str:
    """A YAML scalar that stays the string written (quoted when it could read as something else)."""
    if text and (text[0].isdigit() or any(c in text for c in ":#,&[]{}") or text.lower() in ("yes", "no", "on", "off", "true", "false", "null")):
        return '"' + text.replace('"', '\\"') + '"'
    return text


def _day(d: dt.date, month_only: bool) -> str:
    return f"{d.year:04d}-{d.month:02d}" if month_only else d.isoformat()


def applicant(rng: random.Random, number: int, as_of: dt.date) -> str:
    """One applicant as YAML text."""
    out = [f"id: A-{number:06d}", f"name: {rng.choice(FIRST)} {rng.choice(LAST)}"]
    # education: most have high school, many some college or a degree
    level = rng.choices(
        ("twelfth-grade", "some-college", "associate", "bachelor", "master", None), (30, 20, 15, 25, 5, 5)
    )[0]
    if level:
        out.append("education:")
        out.append("  - level: twelfth-grade")
        if level != "twelfth-grade":
            status = rng.choices(("completed", "senior", "enrolled"), (80, 10, 10))[0] if level == "bachelor" else "completed"
            out.append(f"  - level: {level}")
            if status != "completed":
                out.append(f"    status: {status}")
            fld = rng.choice(FIELDS)
            if fld:
                out.append(f"    field: {fld}")
            picks = rng.sample(SUBJECTS, rng.randint(0, 3))
            if picks and rng.random() < 0.5:
                out.append("    subjects: {" + ", ".join(f"{s}: {rng.choice((3, 6, 9, 12))}" for s in picks) + "}")
            elif picks:
                out.append("    subjects: [" + ", ".join(picks) + "]")
            if rng.random() < 0.4:
                out.append(f"    units: {rng.choice((15, 30, 45, 60, 90, 120))}")
                if rng.random() < 0.2:
                    out.append("    unit_system: quarter")
    # experience: 0-5 jobs, going back up to 12 years; some overlap, some current
    jobs = rng.choices((0, 1, 2, 3, 4, 5), (5, 20, 30, 25, 12, 8))[0]
    if jobs:
        out.append("experience:")
    cursor = as_of - dt.timedelta(days=rng.randint(365, 12 * 365))
    for k in range(jobs):
        _, sector, jurisdiction, employer, classes, duties = rng.choices(EMPLOYERS, WEIGHTS)[0]
        cls, ranges = rng.choice(classes)
        start = cursor + dt.timedelta(days=rng.randint(-120, 60))  # negative: overlaps the previous job
        length = rng.randint(60, 5 * 365)
        end = start + dt.timedelta(days=length)
        current = k == jobs - 1 and rng.random() < 0.6
        if start > as_of:
            start = as_of - dt.timedelta(days=rng.randint(30, 400))
        month_only = rng.random() < 0.25
        out.append(f"  - title: {rng.choice(TITLES)}")
        out.append(f"    employer: {_q(employer)}")
        out.append(f"    sector: {sector}")
        if jurisdiction:
            out.append(f"    jurisdiction: {jurisdiction}")
        if cls:
            out.append(f"    class: {_q(cls)}")
            rng_value = rng.choice(ranges)
            if rng_value:
                out.append(f"    range: {_q(rng_value)}")
        out.append(f"    start: {_day(start, month_only)}")
        if not current:
            out.append(f"    end: {_day(min(end, as_of + dt.timedelta(days=200)), month_only)}")
        if rng.random() < 0.2:
            out.append(f"    hours_per_week: {rng.choice((16, 20, 24, 30, 32))}")
        if rng.random() < 0.03:
            out.append("    paid: false")
        picks = rng.sample(duties, rng.randint(1, min(4, len(duties))))
        if rng.random() < 0.25:
            shares = [rng.randint(10, 60) for _ in picks]
            scale = 100 / max(100, sum(shares))
            out.append("    duties: {" + ", ".join(f"{d}: {int(s * scale)}" for d, s in zip(picks, shares)) + "}")
        else:
            out.append("    duties: [" + ", ".join(picks) + "]")
        if "call-center" in picks and rng.random() < 0.7:
            out.append(f"    inbound_call_percent: {rng.choice((50, 75, 90, 95, 100))}")
        if ("supervision" in picks or "leadwork" in picks) and rng.random() < 0.7:
            out.append(f"    supervised_staff: {rng.randint(1, 15)}")
        cursor = end + dt.timedelta(days=rng.randint(0, 90))
    if rng.random() < 0.4:
        out.append("licenses:")
        expires = as_of + dt.timedelta(days=rng.randint(-400, 1500))
        out.append(f"  - kind: drivers-license\n    jurisdiction: {rng.choice(('California', 'Montana', 'Missouri', 'Pennsylvania'))}\n    expires: {expires}")
    if rng.random() < 0.15:
        out.append("competencies:")
        for c in rng.sample(COMPETENCIES, rng.randint(1, 4)):
            out.append(f"  {c}: {rng.choice('ABCDE')}")
    return "\n".join(out) + "\n"


def write_applicants(
    directory: Path, count: int, seed: int = 2026, first: int = 1, as_of: dt.date = dt.date(2026, 11, 1)
) -> list[Path]:
    """Write ``count`` applicant files (one applicant each, ids from ``first``); the same seed gives the same files."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        path = directory / f"applicant-{number:06d}.yaml"
        path.write_text(applicant(rng, number, as_of), encoding="utf-8")
        paths.append(path)
    return paths
