"""How one job counts toward one requirement: the facts of the job against the spec's credit rules.

Matching is three-valued: a fact can hold, fail, or be missing from the record.
A missing fact never fails a job silently; it makes the credit ``possible``
so that an analyst looks at it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from merit.model import Condition, CreditRule, Job

CERTAIN, POSSIBLE, NONE = "certain", "possible", "none"
RANK = {CERTAIN: 2, POSSIBLE: 1, NONE: 0}

_PREFIX = re.compile(r"^(?:the\s+)?(?:state|city|county|commonwealth)\s+of\s+")
_SPACE = re.compile(r"[\s,.]+")


# Employers, classes and places repeat across a batch's jobs: remember the few
# thousand seen last rather than run the regular expressions on every match.
@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


# The states as people abbreviate them (postal codes and the usual short forms), so
# that a record's "CA" or "Calif." is the California a spec names. Louisiana's "LA"
# is left out: it is also the way many write Los Angeles (see _AMBIGUOUS).
_STATES = {
    "alabama": "al ala", "alaska": "ak", "arizona": "az ariz", "arkansas": "ar ark",
    "california": "ca cal calif", "colorado": "co colo", "connecticut": "ct conn", "delaware": "de del",
    "district of columbia": "dc", "florida": "fl fla", "georgia": "ga", "hawaii": "hi", "idaho": "id",
    "illinois": "il ill", "indiana": "in ind", "iowa": "ia", "kansas": "ks kan kans", "kentucky": "ky",
    "maine": "me", "maryland": "md", "massachusetts": "ma mass", "michigan": "mi mich",
    "minnesota": "mn minn", "mississippi": "ms miss", "missouri": "mo", "montana": "mt mont",
    "nebraska": "ne neb nebr", "nevada": "nv nev", "new hampshire": "nh", "new jersey": "nj",
    "new mexico": "nm", "new york": "ny", "north carolina": "nc", "north dakota": "nd",
    "louisiana": "", "ohio": "oh", "oklahoma": "ok okla", "oregon": "or ore", "pennsylvania": "pa penn penna",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn tenn",
    "texas": "tx tex", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa wash",
    "west virginia": "wv", "wisconsin": "wi wis", "wyoming": "wy wyo",
}  # fmt: skip
_STATE_OF = {short: state for state, shorts in _STATES.items() for short in shorts.split()}
_STATE_OF.update({state: state for state in _STATES})
_AMBIGUOUS = {"la": "Los Angeles or Louisiana"}


@lru_cache(maxsize=4096)
def place(text: str) -> str:
    """A place as the specs name it: 'State of California', 'CA' and 'Calif.' are 'california';
    a city followed by its state ('Philadelphia, PA') is the city."""
    name = _PREFIX.sub("", norm(text))
    if name in _STATE_OF:
        return _STATE_OF[name]
    if name == "l a":
        return "los angeles"
    for words in (1, 2, 3):  # the state may take several words: "Trenton, New Jersey"
        parts = name.rsplit(" ", words)
        if len(parts) == words + 1 and " ".join(parts[1:]) in _STATE_OF:
            return parts[0]
    return name


@lru_cache(maxsize=4096)
def written_out(name: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    """A normalized name with its abbreviations written out: 'tax technician ftb' -> 'tax technician franchise tax board'."""
    if not abbreviations:
        return name
    words = dict(abbreviations)
    return " ".join(words.get(w, w) for w in name.split(" "))


# A condition's names, normalized once: (places, employers, classes). Keyed by id;
# the entry holds the condition itself, so the id cannot be reused while cached.
_NORMALIZED: dict[int, tuple[Condition, frozenset[str], tuple[str, ...], frozenset[str]]] = {}


def _normalized(cond: Condition) -> tuple[Condition, frozenset[str], tuple[str, ...], frozenset[str]]:
    hit = _NORMALIZED.get(id(cond))
    if hit is None or hit[0] is not cond:
        hit = _NORMALIZED[id(cond)] = (
            cond,
            frozenset(place(j) for j in cond.jurisdiction),
            tuple(norm(e) for e in cond.employer),
            frozenset(norm(c) for c in cond.class_),
        )
    return hit


def _may_name(title: str, classes: frozenset[str]) -> bool:
    """Whether a working title may be one of these classes: the class itself, or its name without
    the department ('Customer Service Specialist' for 'Customer Service Specialist, Franchise Tax Board')."""
    return title in classes or any(c.startswith(title + " ") for c in classes)


def _words(values: tuple[str, ...]) -> str:
    return " or ".join(values)


def range_order(value: str, other: str) -> int | None:
    """-1, 0, 1 comparing two ranges (letters or numbers), or None when they do not compare."""
    a, b = value.strip().upper(), other.strip().upper()
    if a.isdigit() and b.isdigit():
        x, y = int(a), int(b)
    elif len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha():
        x, y = ord(a), ord(b)
    else:
        return None
    return (x > y) - (x < y)


def match(cond: Condition, job: Job, words: bool = True) -> tuple[bool | None, str]:
    """(True, ''), (False, why not) or (None, what the record does not say).

    Without ``words`` a failed match says no why: most jobs fail most rules, and
    only --explain shows why a job does not count.
    """
    failed, unknown = _test(cond, job)
    if failed:
        return False, _why_not(failed, cond, job) if words else ""
    if unknown:
        return None, "the record does not give " + ", ".join(unknown)
    return True, ""


def _test(cond: Condition, job: Job) -> tuple[str | None, list[str]]:
    """The first fact of the condition that the job fails, and the facts the record does not give."""
    unknown: list[str] = []
    if cond.sector:
        if job.sector is None:
            unknown.append("the sector")
        elif job.sector not in cond.sector:
            return "sector", unknown
    if cond.jurisdiction:
        if job.jurisdiction is None:
            unknown.append("the jurisdiction")
        else:
            where = place(job.jurisdiction)
            if where in _AMBIGUOUS:  # "LA": the record does not say which
                unknown.append(f"which place {job.jurisdiction} is ({_AMBIGUOUS[where]})")
            elif where not in _normalized(cond)[1]:
                return "jurisdiction", unknown
    if cond.employer:
        if job.employer is None:
            unknown.append("the employer")
        else:
            employer = written_out(norm(job.employer), cond.abbreviations)
            if not any(e in employer for e in _normalized(cond)[2]):
                return "employer", unknown
    if cond.class_:
        if job.class_ is not None:
            if written_out(norm(job.class_), cond.abbreviations) not in _normalized(cond)[3]:
                return "class", unknown
        elif job.title is not None and not _may_name(written_out(norm(job.title), cond.abbreviations), _normalized(cond)[3]):
            # no class given: the working title is the record's word for the job, and it is another one
            return "title", unknown
        else:
            unknown.append("the civil-service class held")
    if cond.range_at_least:
        if job.range is None:
            unknown.append("the range")
        else:
            order = range_order(job.range, cond.range_at_least)
            if order is None:
                unknown.append(f"how range {job.range} compares with {cond.range_at_least}")
            elif order < 0:
                return "range_at_least", unknown
    if cond.range_below:
        order = None if job.range is None else range_order(job.range, cond.range_below)
        if order is None:
            unknown.append("the range")
        elif order >= 0:
            return "range_below", unknown
    if cond.duties_any or cond.duties_all:
        if not job.duties:
            unknown.append("the duties")
        else:
            if cond.duties_any and not any(d in job.duties for d in cond.duties_any):
                return "duties_any", unknown
            if any(d not in job.duties for d in cond.duties_all):
                return "duties_all", unknown
    if cond.duties_share is not None and job.duties:
        shares = [job.duties.get(d) for d in cond.duties_any if d in job.duties]
        if not shares or any(s is None for s in shares):
            unknown.append("the share of time in those duties")
        elif sum(shares) < cond.duties_share:  # type: ignore[arg-type]
            return "duties_share", unknown
    if cond.inbound_call_percent is not None:
        if job.inbound_call_percent is None:
            unknown.append("the share of time on in-bound calls")
        elif job.inbound_call_percent < cond.inbound_call_percent:
            return "inbound_call_percent", unknown
    if cond.supervised_staff is not None:
        if job.supervised_staff is None:
            unknown.append("how many people were supervised")
        elif job.supervised_staff < cond.supervised_staff:
            return "supervised_staff", unknown
    return None, unknown


def _why_not(failed: str, cond: Condition, job: Job) -> str:
    """Why a job fails the fact ``failed`` of a condition, in words."""
    if failed == "sector":
        return f"sector {job.sector} (needs {_words(cond.sector)})"
    if failed == "jurisdiction":
        return f"jurisdiction {job.jurisdiction} (needs {_words(cond.jurisdiction)})"
    if failed == "employer":
        return f"employer {job.employer} (needs {_words(cond.employer)})"
    if failed == "class":
        return f"class {job.class_} (needs {_words(cond.class_)})"
    if failed == "title":
        return f"title {job.title}, no civil-service class given (needs {_words(cond.class_)})"
    if failed == "range_at_least":
        return f"range {job.range} (needs {cond.range_at_least} or higher)"
    if failed == "range_below":
        return f"range {job.range} (not below {cond.range_below})"
    if failed == "duties_any":
        return f"duties {', '.join(job.duties)} (needs {_words(cond.duties_any)})"
    if failed == "duties_all":
        return f"duties {', '.join(job.duties)} (needs {' and '.join(cond.duties_all)})"
    if failed == "duties_share":
        shares = sum(job.duties[d] for d in cond.duties_any if d in job.duties)  # type: ignore[misc]
        return f"{shares:g}% of time in {_words(cond.duties_any)} (needs {cond.duties_share:g}%)"
    if failed == "inbound_call_percent":
        return f"in-bound calls {job.inbound_call_percent:g}% of the time (needs {cond.inbound_call_percent:g}%)"
    return f"supervised {job.supervised_staff} (needs at least {cond.supervised_staff})"


def job_credit(rules: list[CreditRule], job: Job, paid_only: bool, words: bool = True) -> tuple[str, str]:
    """How a job counts under a list of credit rules: (certain|possible|none, why).

    Without ``words``, a job that does not count says no why (see match).
    """
    if paid_only and not job.paid:
        return NONE, "unpaid (the source asks for paid experience)"
    first_miss = None
    for rule in rules:
        ok, why = match(rule.when, job, False)
        if ok is True:
            # a job that does not count must always say why in the reasons
            return rule.credit, rule.because or ("a credit rule of the spec excludes it" if rule.credit == NONE else "")
        if ok is None and rule.credit != NONE:
            extra = f"; {rule.because}" if rule.credit == POSSIBLE and rule.because else ""
            return POSSIBLE, why + extra
        if first_miss is None and ok is False and rule.credit != NONE:
            first_miss = rule.when
    if first_miss is None:
        return NONE, "no credit rule applies"
    return NONE, match(first_miss, job)[1] if words else ""
