"""Education requirements: level, field of study and coursework, registration as a senior, and substitution."""

from __future__ import annotations

import datetime as dt

from merit.engine.calendar import after_months, months_between
from merit.engine.credit import norm
from merit.engine.evaluate import INF, ORDER, Eval
from merit.engine.experience import asked, credit_of, decided, job_reasons, possible_questions, tiers, wait_for
from merit.engine.points import answered, education_entry, job_points
from merit.engine.policy import BY_POLICY
from merit.engine.timeline import JOBS, Run
from merit.engine.wording import EPS, cite, count, fmt, name
from merit.model import (
    ACCEPT,
    COLLEGE_YEARS,
    CONDITIONAL,
    EDUCATION_LEVELS,
    MET,
    NOT_MET,
    REVIEW,
    SPECIFIC,
    DecisionPoint,
    Determination,
    Education,
    Reason,
)

UNITS_PER_YEAR = 30.0  # semester units in a year of college
LEVEL = {level: i for i, level in enumerate(EDUCATION_LEVELS)}


def as_of(entry: Education, day: dt.date) -> tuple[str, dt.date | None]:
    """An entry's status on a day, and when it is expected if not completed: a degree conferred
    after the day is still in progress then."""
    if entry.status == "completed":
        if entry.conferred is not None and entry.conferred > day:
            return "enrolled", entry.conferred
        return "completed", None
    return entry.status, entry.expected


def _college_years(entry: Education, day: dt.date) -> float | None:
    units = entry.semester_units()
    if units is None and isinstance(entry.subjects, dict):
        given = [u for u in entry.subjects.values() if u is not None]
        if given and len(given) == len(entry.subjects):
            units = sum(given) * (2 / 3 if entry.unit_system == "quarter" else 1)
    if as_of(entry, day)[0] == "completed" and entry.level in COLLEGE_YEARS:
        years = COLLEGE_YEARS[entry.level]
        return max(years, units / UNITS_PER_YEAR) if units is not None else years
    if units is not None:
        return units / UNITS_PER_YEAR
    return None


def _level_outcome(node, entry: Education, day: dt.date) -> tuple[str, str, float]:
    """(outcome, why, months until met) of an entry's level and status on a day."""
    want = node.level or "twelfth-grade"
    have = LEVEL[entry.level]
    need = LEVEL[want]
    status, expected = as_of(entry, day)
    if have < need:
        return NOT_MET, f"{entry.level} is below {want}", INF
    if status == "completed":
        return MET, f"{entry.level} completed", 0.0
    # being enrolled in college already means twelfth grade, and some college
    if want in ("twelfth-grade", "some-college") and entry.level != "twelfth-grade":
        return MET, f"{entry.level} {status} (college coursework)", 0.0
    # a degree conferred later: met on that day
    wait = months_between(day, expected) if expected is not None and entry.status == "completed" else INF
    before = node.before
    when = f", expected {expected}" if expected else ""
    if before is not None:
        if before.months is None:
            if status == "senior":
                return CONDITIONAL, f"registered as a senior: {before.condition}", wait
            if not before.senior:
                return CONDITIONAL, f"{entry.level} {status}{when}: {before.condition}", wait
        elif expected is not None:
            if expected <= after_months(day, before.months):
                where = f" ({_where(before.citation)})" if before.citation is not None else ""
                return (
                    CONDITIONAL,
                    f"{entry.level} {status}{when}, within {fmt(before.months)} months{where}: {before.condition}",
                    wait,
                )
            return NOT_MET, f"{entry.level} {status}{when}, more than {fmt(before.months)} months away", wait
        elif status == "senior" or not before.senior:
            return (
                REVIEW,
                f"{entry.level} {status}: the record does not give when it is expected"
                f" (within {fmt(before.months)} months admits: {before.condition})",
                wait,
            )
    return NOT_MET, f"{entry.level} {status}{when}, not completed", wait


def admitted_before(before, entries: list[Education], day: dt.date) -> Education | None:
    """An entry still in progress that ``before`` admits: expected within its months (a registered senior where
    it asks for one), or any entry in progress when it names no months."""
    for entry in entries:
        status, expected = as_of(entry, day)
        if status == "completed" or entry.level == "twelfth-grade":
            continue
        if before.senior and status != "senior" and before.months is None:
            continue
        if before.months is None or (expected is not None and expected <= after_months(day, before.months)):
            return entry
    return None


def _where(citation) -> str:
    return ", ".join(x for x in (citation.section, citation.pattern) if x)


def _haystack(entry: Education, major_only: bool) -> list[str]:
    if major_only:
        return [norm(entry.field)] if entry.field else []
    texts = (entry.field, entry.minor, entry.concentration, *entry.subjects, *(c.title for c in entry.courses))
    texts += tuple(c.subject for c in entry.courses if c.subject)
    return [norm(t) for t in texts if t]


def _contains(words: tuple[str, ...], entry: Education, major_only: bool = False) -> bool | None:
    haystack = _haystack(entry, major_only)
    if not haystack:
        return None
    return any(norm(w) in h for w in words for h in haystack)


def _field_outcome(node, entry: Education) -> tuple[str, str]:
    outcome, detail = MET, ""
    if node.fields_certain:
        hit = _contains(node.fields_certain, entry, major_only=True)
        if hit is True and node.fields_except and _contains(node.fields_except, entry, major_only=True):
            hit = False  # "engineering technology" holds "engineering" but is another field
        if hit is True:
            detail = f"field {entry.field}"
        elif node.concentrations and any(
            x and norm(w) in norm(x) for w in node.concentrations for x in (entry.concentration, entry.minor)
        ):
            detail = f"{'concentration ' + entry.concentration if entry.concentration else 'minor ' + str(entry.minor)}"
        elif hit is None:
            outcome, detail = REVIEW, "the record does not give the major (field of study)"
        elif node.fields_possible and _contains(node.fields_possible, entry, major_only=True):
            outcome, detail = REVIEW, f"field {entry.field} may be a related field"
        else:
            return NOT_MET, f"major {entry.field} (needs {' or '.join(node.fields_certain)})"
    if node.coursework_certain:
        hit = _contains(node.coursework_certain, entry)
        if hit is True:
            detail = f"field {entry.field or ', '.join(entry.subjects) or ', '.join(c.title for c in entry.courses)}"
        elif hit is None:
            outcome, detail = REVIEW, "the record does not give the field of study"
        elif node.coursework_possible and _contains(node.coursework_possible, entry):
            outcome, detail = REVIEW, f"field {entry.field or ', '.join(entry.subjects)} may be a related field"
        else:
            return (
                NOT_MET,
                f"field {entry.field or ', '.join(entry.subjects)} (needs {' or '.join(node.coursework_certain)})",
            )
    for subject in node.subjects_all:
        hit = _contains((subject,), entry)
        if hit is None or (hit is False and not entry.subjects and not entry.courses):
            outcome = REVIEW if outcome == MET else outcome
            detail += f"; the record does not say whether the coursework included {subject}"
        elif hit is False:
            outcome = REVIEW if node.coursework_possible or node.fields_possible else NOT_MET
            detail += f"; coursework does not include {subject}"
    if node.gpa_at_least is not None:
        if entry.gpa is None:
            outcome = REVIEW if outcome == MET else outcome
            detail += "; the record does not give the grade-point average"
        elif entry.gpa < node.gpa_at_least:
            return NOT_MET, f"grade-point average {fmt(entry.gpa)} (needs {fmt(node.gpa_at_least)})"
        else:
            detail += f"; grade-point average {fmt(entry.gpa)}"
    if entry.foreign and not entry.evaluated:  # a US degree clause: a foreign degree is equivalent only once evaluated
        outcome = REVIEW if outcome == MET else outcome
        detail += f"; {foreign_question(entry)}"
    if node.accredited and entry.level != "twelfth-grade" and not (entry.foreign and entry.evaluated):
        school = entry.school or "the school"
        if entry.accredited is False:
            if (node.level or "twelfth-grade") == "twelfth-grade":  # "from a high school or an accredited college"
                return REVIEW, f"{school} is not accredited; whether the applicant graduated from high school (the record lists none)"
            return NOT_MET, f"{school} is not accredited"
        if entry.accredited is None:
            outcome = REVIEW if outcome == MET else outcome
            detail += f"; the record does not say whether {school} is accredited"
        elif "accredited" in entry.presumed:
            detail += f"; {school} accredited, {BY_POLICY}"
    if "evaluated" in entry.presumed:  # a foreign credential the record does not show evaluated, accepted by policy
        detail += f"; a credential from outside the United States with no evaluation in the record, equivalent to a US {entry.level} ({BY_POLICY})"
    return outcome, detail.lstrip("; ")


def foreign_question(entry: Education) -> str:
    """What an analyst must decide about a foreign degree the record does not show evaluated."""
    school = f" from {entry.school}" if entry.school else ""
    return f"the {entry.level}{school} is foreign, and the record does not show a credential evaluation finding it equivalent to a US {entry.level}"


def education(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    label = name(node, "Education")
    entries = run.applicant.education
    best, best_detail, best_entry = NOT_MET, "no education is listed", None
    wait = INF
    questions = []  # (entry number, entry, what is open, the analyst's answer)
    for number, entry in enumerate(entries, 1):
        lvl, lvl_detail, lvl_wait = _level_outcome(node, entry, run.as_of)
        fld, fld_detail = _field_outcome(node, entry) if lvl != NOT_MET or lvl_wait < INF else (NOT_MET, "")
        if lvl == NOT_MET:
            outcome, detail = NOT_MET, lvl_detail
            if fld != NOT_MET:  # a degree conferred later, in the right field: met then
                wait = min(wait, lvl_wait)
        else:
            outcome = min(lvl, fld, key=ORDER.__getitem__)
            detail = "; ".join(x for x in (lvl_detail, fld_detail) if x)
            if outcome == REVIEW:  # a fact the record does not settle: the field, a date, accreditation
                det = run.answer(node, education_entry(run.applicant, number - 1))
                questions.append((number, entry, detail, det))
                if det is not None:
                    settled = [x if x != REVIEW else MET for x in (lvl, fld)]
                    outcome = min(settled, key=ORDER.__getitem__) if det.answer == ACCEPT else NOT_MET
                    detail += f"; {det.words()}"
        # the best outcome; among equals, the highest level, so the reason names what the applicant has
        if (
            best_entry is None
            or ORDER[outcome] > ORDER[best]
            or (ORDER[outcome] == ORDER[best] and LEVEL[entry.level] > LEVEL[best_entry.level])
        ):
            best, best_detail, best_entry = outcome, detail, entry
    wait = 0.0 if best == MET else wait
    children: list[Reason] = []
    substituted = False
    replaced: list[DecisionPoint] = []  # the questions of experience in place of the education
    if node.substitution is not None and best != MET:
        substituted = True
        sub_outcome, sub_detail, sub_wait, sub_children, replaced = _substitution(node, run, exclude)
        if run.explain:
            children.append(
                Reason("Substitution", sub_outcome, sub_detail, cite(node.substitution.experience), sub_children)
            )
        wait = min(wait, sub_wait)
        if ORDER[sub_outcome] > ORDER[best]:
            best = sub_outcome
            has = f"{best_entry.level} ({best_entry.status})" if best_entry else "no education listed"
            best_detail = f"{has}; the rest by experience substituted for education (see Substitution)"
    path = f"{label} (substitution)" if best == MET and substituted else label
    share = 1.0 if best == MET else 0.0  # a met degree is all of its clause: alternatives are ranked by how far they go
    if not run.explain:
        return Eval(best, Reason(label, best), path, wait, share)
    points: list[DecisionPoint] = []
    for number, entry, what, det in questions:
        school = f" at {entry.school}" if entry.school else ""
        question = f"education {number} ({entry.level}, {entry.status}{school}): {what}"
        points.append(DecisionPoint(id(node), education_entry(run.applicant, number - 1), SPECIFIC, label, question, f"{label} is met", cite(node), det))
    points += replaced
    if best != REVIEW:
        points = answered(points, run)
    want = node.level or "twelfth-grade"
    detail = f"needs {want}"
    if node.fields_certain:
        detail += f" with a major in {' or '.join(node.fields_certain)}"
    if node.coursework_certain:
        detail += f" in {' or '.join(node.coursework_certain)}"
    if node.accredited:
        detail += " from an accredited school"
    detail += f": {best_detail}"
    return Eval(best, Reason(label, best, detail, cite(node), children), path, wait, share, points)


def _substitution(node, run: Run, exclude: frozenset = frozenset()) -> tuple[str, str, float, list[Reason], list[DecisionPoint]]:
    sub = node.substitution
    assert sub is not None
    years_known: list[float] = []
    years_possible: list[float] = []  # college the clause may take: its field or school is an analyst's call
    unknown = False
    not_taken: list[str] = []  # why college the clause does not take (another field, a school not accredited) is left out
    open_fit: list[tuple[int, str, Determination | None]] = []  # (entry number, why, the analyst's answer) of college the clause may take
    if sub.with_college:
        for number, entry in enumerate(run.applicant.education, 1):
            fit, why = _field_outcome(node, entry) if entry.level != "twelfth-grade" else (MET, "")
            if fit == NOT_MET:  # "a major in fine arts from an accredited school": other college is not part of it
                not_taken.append(why)
                continue
            if fit == REVIEW:
                det = run.answer(node, f"college-{number}")
                open_fit.append((number, why, det))
                if det is not None and det.answer != ACCEPT:
                    not_taken.append(f"{why}: {det.words()}")
                    continue
                fit = MET if det is not None else REVIEW
            y = _college_years(entry, run.as_of)
            if y is None:
                unknown = unknown or entry.level != "twelfth-grade"
            else:
                (years_known if fit == MET else years_possible).append(y)
    have = max(years_known, default=0.0)
    have_p = max(years_known + years_possible, default=0.0)
    found = tiers(sub.experience, run, exclude)
    c_ids, p_ids, c, p = credit_of(run, found)
    sub_c = min(sub.max_years, c / 12 * sub.years_per_year)
    sub_p = min(sub.max_years, p / 12 * sub.years_per_year)
    need = sub.required_years
    units = None  # the analyst's answer on college of unknown length
    if unknown and have + sub_c < need - EPS and sub_p > EPS:
        units = run.answer(node, "college-units")
    if have + sub_c >= need - EPS or (units is not None and units.answer == ACCEPT and sub_c > EPS):
        outcome = MET
    # college of unknown length might make up the rest, but only together with experience to substitute
    elif have_p + sub_p >= need - EPS or (unknown and sub_p > EPS and units is None):
        outcome = REVIEW
    elif units is not None and units.answer == ACCEPT:
        outcome = REVIEW  # the college makes up the rest with experience that is itself for an analyst
    else:
        outcome = NOT_MET
    wait = INF
    short_years = need - have
    if outcome != MET and 0 < short_years <= sub.max_years + EPS:
        wait = wait_for(short_years * 12 / sub.years_per_year - c, run.growth(c_ids))
    college = f"{count(have, 'year')} of college" if not unknown or have > 0 else "years of college unknown"
    rate = "year for year" if sub.years_per_year == 1 else f"{fmt(sub.years_per_year)} years for each year"
    if sub.with_college:
        detail = (
            f"{college} + {count(sub_c, 'year')} of experience substituted "
            f"({rate}, at most {fmt(sub.max_years)}) = {fmt(have + sub_c)} of {fmt(need)} years"
        )
    else:
        detail = f"{fmt(sub_c)} of {count(need, 'year')} of experience in place of the education ({rate})"
    if sub_p > sub_c + EPS or have_p > have + EPS:
        detail += f"; {count(have_p + sub_p, 'year')} if an analyst accepts the possible credit"
        if outcome == REVIEW:
            detail += possible_questions(found)
    for why in not_taken:
        detail += f"; not counted as college toward it: {why}"
    for _, why, det in open_fit:
        if det is None:
            detail += f"; college that counts only if an analyst accepts it: {why}"
    if unknown:
        detail += "; the record does not give the units of some college coursework"
        if units is not None:
            detail += f"; whether it makes up the rest of the education: {units.words()}"
    children = job_reasons(run, found) if run.explain >= JOBS else []
    points: list[DecisionPoint] = []
    if run.explain:
        questions = asked(sub.experience, run, exclude)
        detail += decided(run, questions)
        most = min(sub.max_years, max(0.0, need - have)) * 12 / sub.years_per_year
        points = job_points(sub.experience, run, found, questions, "Substitution", most, False)
        for number, why, det in open_fit:
            if det is not None or (outcome == REVIEW and have_p > have + EPS):
                question = f"education {number}: {why}: whether it counts as college toward the education"
                points.append(DecisionPoint(id(node), f"college-{number}", SPECIFIC, "Substitution", question,
                                            f"{name(node, 'Education')} is met with the experience substituted", cite(node), det, 0.5, False))
        if units is not None or (unknown and outcome == REVIEW and sub_p > EPS):
            question = "the record does not give the units of some college coursework: whether they make up the rest of the education"
            points.append(DecisionPoint(id(node), "college-units", SPECIFIC, "Substitution", question,
                                        f"{name(node, 'Education')} is met with the experience substituted", cite(node), units, 0.5, False))
        if outcome != REVIEW:
            points = answered(points, run)
    return outcome, detail, wait, children, points


