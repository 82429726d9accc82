"""Licences and certificates: which of a record's a clause asks for, and whether it is held on a day.

A kind is matched by its words, so that a record's "California Driver License"
is the "drivers license" a spec names, and "RN" or "Registered Nurse License"
the "registered nurse" one: every word of one of the spec's kinds must be in
the record's kind. Facts the record does not give (issuer, grade, whether it
was obtained by examination) leave the question to an analyst.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from merit.engine.credit import norm, place, written_out
from merit.engine.evaluate import INF, Eval
from merit.engine.points import clause_point
from merit.engine.timeline import Run
from merit.engine.wording import cite, fmt, name
from merit.model.applicants import License
from merit.model.decisions import ACCEPT, CONDITIONAL, MET, NOT_MET, REVIEW, SPECIFIC, Reason

HELD, MAYBE, NOT_HELD = "held", "maybe", "not held"
NONE_HELD = "the record lists no such licence or certificate"
NEAR = 0.01  # the share of a licence clause a licence of its kind meets when it fails a fact: closer than none

_SPLIT = re.compile(r"[^\w]+")
_SAME = {"licence": "license", "licenses": "license", "licences": "license", "driver": "drivers", "driving": "drivers"}


@lru_cache(maxsize=1024)
def kind_words(text: str) -> frozenset[str]:
    """The words of a licence kind: case, punctuation, possessives and licence/license ignored."""
    words = _SPLIT.split(text.casefold().replace("'s", "s").replace("’s", "s"))
    return frozenset(_SAME.get(w, w) for w in words if w)


def kind_matches(record_kind: str, kinds) -> bool:
    """Whether a record's licence kind is one of these: every word of one of them is in it."""
    have = kind_words(record_kind)
    return any(kind_words(k) <= have for k in kinds)


def issued_by(issuer: str, match) -> bool | None:
    """Whether a record's issuer is one the clause names: every word of one of them is in it, short forms
    written out by the series' abbreviations ("LADBS", "Dept."). None where the record's issuer holds a
    short form nobody wrote out: merit cannot read it, so it is an analyst's call, never a rejection."""
    have = kind_words(written_out(norm(issuer), match.abbreviations))
    if any(kind_words(written_out(norm(i), match.abbreviations)) <= have for i in match.issuer):
        return True
    known = dict(match.abbreviations)
    words = [w for w in _SPLIT.split(issuer) if w]
    if len(words) > 1 and issuer.isupper():  # "STATE OF CALIFORNIA ...": written in capitals, not short forms
        return False
    short = [w for w in words if len(w) > 1 and w.isupper() and norm(w) not in known]
    return None if short else False


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_YEARS = re.compile(r"\b(\d+(?:\.\d+)?|" + "|".join(_NUMBERS) + r")[\s-]*(?:years?|yrs?)\b")


def stated_years(kind: str) -> float | None:
    """How long a credential's kind says it was ("Plumber Apprenticeship (5-year)", "Five-Year ..."), if it says."""
    found = _YEARS.search(kind.casefold())
    if found is None:
        return None
    n = found.group(1)
    return float(_NUMBERS[n]) if n in _NUMBERS else float(n)


def check(lic: License, match, day: dt.date) -> tuple[str, str]:
    """Whether one licence of a record is the one asked for, held on ``day``: (held|maybe|not held, why)."""
    if not kind_matches(lic.kind, match.kinds):
        return NOT_HELD, f"{lic.kind} is not {' or '.join(match.kinds)}"
    if lic.issued is not None and lic.issued > day:
        return NOT_HELD, f"{lic.kind} issued {lic.issued}, after {day}"
    if match.valid and lic.expires is not None and lic.expires < day:
        return NOT_HELD, f"{lic.kind} expired {lic.expires}"
    unknown = []
    if match.jurisdiction:
        where = lic.jurisdiction
        if where is None:
            # "California Driver License": the place may be in the kind itself
            if not any(kind_words(j) <= kind_words(lic.kind) for j in match.jurisdiction):
                unknown.append("where it was issued")
        elif place(written_out(norm(where), match.abbreviations), match.places) not in {place(j, match.places) for j in match.jurisdiction}:
            return NOT_HELD, f"{lic.kind} of {where} (needs {' or '.join(match.jurisdiction)})"
    if match.issuer:
        if lic.issuer is None:
            unknown.append("who issued it")
        else:
            by = issued_by(lic.issuer, match)
            if by is False:
                return NOT_HELD, f"{lic.kind} issued by {lic.issuer} (needs {' or '.join(match.issuer)})"
            if by is None:
                unknown.append(f"whether {lic.issuer} is the {' or '.join(match.issuer)}")
    if match.years:
        length = stated_years(lic.kind)
        if length is None:
            unknown.append(f"how long it was (needs {fmt(match.years)} years)")
        elif length < match.years:
            return NOT_HELD, f"{lic.kind}: {fmt(length)} years (needs {fmt(match.years)})"
    if match.grade_at_least:
        order = [g.casefold() for g in match.grades]
        if lic.grade is None:
            unknown.append("its grade")
        elif lic.grade.casefold() not in order:
            unknown.append(f"how grade {lic.grade} compares with {match.grade_at_least}")
        elif order.index(lic.grade.casefold()) < order.index(match.grade_at_least.casefold()):
            return NOT_HELD, f"{lic.kind} grade {lic.grade} (needs {match.grade_at_least} or higher)"
    if match.by_examination:
        if lic.by_examination is None:
            unknown.append("whether it was obtained by examination")
        elif not lic.by_examination:
            return NOT_HELD, f"{lic.kind} not obtained by examination"
    if unknown:
        return MAYBE, f"{lic.kind}: the record does not give {', '.join(unknown)}"
    until = f", valid to {lic.expires}" if lic.expires else ""
    return HELD, f"{lic.kind}{until}"


def best_held(licences: list[License], match, day: dt.date) -> tuple[str, str, License | None]:
    """The record's licence that comes closest to the one asked for: held, then maybe, then the first reason why not."""
    found: tuple[str, str, License | None] = (NOT_HELD, NONE_HELD, None)
    for lic in licences:
        state, why = check(lic, match, day)
        if state == HELD:
            return state, why, lic
        if state == MAYBE and found[0] != MAYBE:
            found = (state, why, lic)
        elif found[2] is None and state == NOT_HELD and kind_matches(lic.kind, match.kinds):
            found = (state, why, lic)
    return found


def earliest(licences: list[License], match, day: dt.date) -> tuple[str, dt.date | None]:
    """When the applicant first held the credential, for "experience following …": (held|maybe|not held, day).

    A credential held (or maybe held) without an issued date is (maybe, None): its
    date is for an analyst to find.
    """
    best: tuple[str, dt.date | None] = (NOT_HELD, None)
    for lic in licences:
        state, _ = check(lic, match, day)
        if state == NOT_HELD:
            continue
        if lic.issued is None or state == MAYBE:
            if best[0] == NOT_HELD:
                best = (MAYBE, lic.issued)
            continue
        if best[0] != HELD or (best[1] is not None and lic.issued < best[1]):
            best = (HELD, lic.issued)
    return best


def license_clause(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    """A licence or certificate the applicant must hold on the as-of date."""
    label = name(node, "License")
    state, why, held = best_held(run.applicant.licenses, node.match, run.as_of)
    det = None
    if state == HELD:
        outcome, detail = MET, f"holds {why}"
    elif node.before_appointment:
        # not held (or not certainly): admitted on the condition the source states
        outcome = CONDITIONAL
        detail = f"{why}; may file: {node.before_appointment}"
    elif state == MAYBE:
        det = run.answer(node, "license")
        if det is None:
            outcome, detail = REVIEW, f"an analyst must decide: {why}"
        else:
            outcome, detail = MET if det.answer == ACCEPT else NOT_MET, f"{why}: {det.words()}"
    else:
        outcome, detail = NOT_MET, why
    path = node.label
    # a licence of the kind that fails a fact (lapsed, another issuer) came closer than none: the reasons
    # name it first among alternatives with no credit
    share = 1.0 if outcome == MET else NEAR if outcome == NOT_MET and held is not None else 0.0
    if not run.explain:
        return Eval(outcome, Reason(label, outcome), path, 0.0 if outcome == MET else INF, share)
    wanted = node.summary or " or ".join(node.match.kinds)
    points = [clause_point(node, "license", SPECIFIC, label, why, det)] if outcome == REVIEW or det else []
    reason = Reason(label, outcome, f"{wanted}: {detail}", cite(node))
    return Eval(outcome, reason, path, 0.0 if outcome == MET else INF, share, points)
