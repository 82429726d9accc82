"""How one job counts toward one requirement: the facts of the job against the spec's credit rules.

Matching is three-valued: a fact can hold, fail, or be missing from the record.
A missing fact never fails a job silently; it makes the credit ``possible``
so that an analyst looks at it.
"""

from __future__ import annotations

import re

from merit.model import Condition, CreditRule, Job

CERTAIN, POSSIBLE, NONE = "certain", "possible", "none"
RANK = {CERTAIN: 2, POSSIBLE: 1, NONE: 0}

_PREFIX = re.compile(r"^(?:the\s+)?(?:state|city|county|commonwealth)\s+of\s+")
_SPACE = re.compile(r"[\s,.]+")


def norm(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


def place(text: str) -> str:
    return _PREFIX.sub("", norm(text))


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


def match(cond: Condition, job: Job) -> tuple[bool | None, str]:
    """(True, ''), (False, why not) or (None, what the record does not say)."""
    unknown: list[str] = []
    if cond.sector:
        if job.sector is None:
            unknown.append("the sector")
        elif job.sector not in cond.sector:
            return False, f"sector {job.sector} (needs {_words(cond.sector)})"
    if cond.jurisdiction:
        if job.jurisdiction is None:
            unknown.append("the jurisdiction")
        elif place(job.jurisdiction) not in {place(j) for j in cond.jurisdiction}:
            return False, f"jurisdiction {job.jurisdiction} (needs {_words(cond.jurisdiction)})"
    if cond.employer:
        if job.employer is None:
            unknown.append("the employer")
        elif not any(norm(e) in norm(job.employer) for e in cond.employer):
            return False, f"employer {job.employer} (needs {_words(cond.employer)})"
    if cond.class_:
        if job.class_ is None:
            unknown.append("the civil-service class held")
        elif norm(job.class_) not in {norm(c) for c in cond.class_}:
            return False, f"class {job.class_} (needs {_words(cond.class_)})"
    if cond.range_at_least:
        if job.range is None:
            unknown.append("the range")
        else:
            order = range_order(job.range, cond.range_at_least)
            if order is None:
                unknown.append(f"how range {job.range} compares with {cond.range_at_least}")
            elif order < 0:
                return False, f"range {job.range} (needs {cond.range_at_least} or higher)"
    if cond.range_below:
        order = None if job.range is None else range_order(job.range, cond.range_below)
        if order is None:
            unknown.append("the range")
        elif order >= 0:
            return False, f"range {job.range} (not below {cond.range_below})"
    if cond.duties_any or cond.duties_all:
        if not job.duties:
            unknown.append("the duties")
        else:
            if cond.duties_any and not any(d in job.duties for d in cond.duties_any):
                return False, f"duties {', '.join(job.duties)} (needs {_words(cond.duties_any)})"
            missing = [d for d in cond.duties_all if d not in job.duties]
            if missing:
                return False, f"duties {', '.join(job.duties)} (needs {' and '.join(cond.duties_all)})"
    if cond.duties_share is not None and job.duties:
        shares = [job.duties.get(d) for d in cond.duties_any if d in job.duties]
        if not shares or any(s is None for s in shares):
            unknown.append("the share of time in those duties")
        elif sum(shares) < cond.duties_share:  # type: ignore[arg-type]
            return False, f"{sum(shares):g}% of time in {_words(cond.duties_any)} (needs {cond.duties_share:g}%)"  # type: ignore[arg-type]
    if cond.inbound_call_percent is not None:
        if job.inbound_call_percent is None:
            unknown.append("the share of time on in-bound calls")
        elif job.inbound_call_percent < cond.inbound_call_percent:
            return False, f"in-bound calls {job.inbound_call_percent:g}% of the time (needs {cond.inbound_call_percent:g}%)"
    if cond.supervised_staff is not None:
        if job.supervised_staff is None:
            unknown.append("how many people were supervised")
        elif job.supervised_staff < cond.supervised_staff:
            return False, f"supervised {job.supervised_staff} (needs at least {cond.supervised_staff})"
    if unknown:
        return None, "the record does not give " + ", ".join(unknown)
    return True, ""


def job_credit(rules: list[CreditRule], job: Job, paid_only: bool) -> tuple[str, str]:
    """How a job counts under a list of credit rules: (certain|possible|none, why)."""
    if paid_only and not job.paid:
        return NONE, "unpaid (the source asks for paid experience)"
    first_miss = ""
    for rule in rules:
        ok, why = match(rule.when, job)
        if ok is True:
            # a job that does not count must always say why in the reasons
            return rule.credit, rule.because or ("a credit rule of the spec excludes it" if rule.credit == NONE else "")
        if ok is None and rule.credit != NONE:
            extra = f"; {rule.because}" if rule.credit == POSSIBLE and rule.because else ""
            return POSSIBLE, why + extra
        if not first_miss and ok is False and rule.credit != NONE:
            first_miss = why
    return NONE, first_miss or "no credit rule applies"
