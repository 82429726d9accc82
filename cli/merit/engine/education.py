"""Education requirements: level, field of study and coursework, registration as a senior, and substitution."""

from __future__ import annotations

from merit.engine.credit import norm
from merit.engine.evaluate import INF, ORDER, Eval
from merit.engine.experience import credited, job_reasons, possible_questions, split, tiers, wait_for
from merit.engine.timeline import JOBS, Run
from merit.engine.wording import EPS, cite, fmt, name
from merit.model import COLLEGE_YEARS, CONDITIONAL, EDUCATION_LEVELS, MET, NOT_MET, REVIEW, Education, Reason

UNITS_PER_YEAR = 30.0  # semester units in a year of college
LEVEL = {level: i for i, level in enumerate(EDUCATION_LEVELS)}


def _college_years(entry: Education) -> float | None:
    units = entry.semester_units()
    if units is None and isinstance(entry.subjects, dict):
        given = [u for u in entry.subjects.values() if u is not None]
        if given and len(given) == len(entry.subjects):
            units = sum(given) * (2 / 3 if entry.unit_system == "quarter" else 1)
    if entry.status == "completed" and entry.level in COLLEGE_YEARS:
        years = COLLEGE_YEARS[entry.level]
        return max(years, units / UNITS_PER_YEAR) if units is not None else years
    if units is not None:
        return units / UNITS_PER_YEAR
    return None


def _level_outcome(node, entry: Education) -> tuple[str, str]:
    want = node.level or "twelfth-grade"
    have = LEVEL[entry.level]
    need = LEVEL[want]
    status = entry.status
    if have < need:
        return NOT_MET, f"{entry.level} is below {want}"
    if status == "completed":
        return MET, f"{entry.level} completed"
    # being enrolled in college already means twelfth grade, and some college
    if want in ("twelfth-grade", "some-college") and entry.level != "twelfth-grade":
        return MET, f"{entry.level} {status} (college coursework)"
    if status == "senior" and node.senior and have >= need:
        return CONDITIONAL, f"registered as a senior: {node.senior}"
    return NOT_MET, f"{entry.level} {status}, not completed"


def _contains(words: tuple[str, ...], entry: Education) -> bool | None:
    haystack = [norm(h) for h in (entry.field, *entry.subjects) if h]
    if not haystack:
        return None
    return any(norm(w) in h for w in words for h in haystack)


def _field_outcome(node, entry: Education) -> tuple[str, str]:
    if not node.fields_certain and not node.subjects_all:
        return MET, ""
    outcome, detail = MET, ""
    if node.fields_certain:
        hit = _contains(node.fields_certain, entry)
        if hit is True:
            detail = f"field {entry.field or ', '.join(entry.subjects)}"
        elif hit is None:
            outcome, detail = REVIEW, "the record does not give the field of study"
        elif node.fields_possible and _contains(node.fields_possible, entry):
            outcome, detail = REVIEW, f"field {entry.field or ', '.join(entry.subjects)} may be a related field"
        else:
            return (
                NOT_MET,
                f"field {entry.field or ', '.join(entry.subjects)} (needs {' or '.join(node.fields_certain)})",
            )
    for subject in node.subjects_all:
        hit = _contains((subject,), entry)
        if hit is None or (hit is False and not entry.subjects):
            outcome = REVIEW if outcome == MET else outcome
            detail += f"; the record does not say whether the coursework included {subject}"
        elif hit is False:
            outcome = REVIEW if node.fields_possible else NOT_MET
            detail += f"; coursework does not include {subject}"
    return outcome, detail.lstrip("; ")


def education(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    label = name(node, "Education")
    entries = run.applicant.education
    best, best_detail, best_entry = NOT_MET, "no education is listed", None
    for entry in entries:
        lvl, lvl_detail = _level_outcome(node, entry)
        if lvl == NOT_MET:
            outcome, detail = NOT_MET, lvl_detail
        else:
            fld, fld_detail = _field_outcome(node, entry)
            outcome = min(lvl, fld, key=ORDER.__getitem__)
            detail = "; ".join(x for x in (lvl_detail, fld_detail) if x)
        # the best outcome; among equals, the highest level, so the reason names what the applicant has
        if (
            best_entry is None
            or ORDER[outcome] > ORDER[best]
            or (ORDER[outcome] == ORDER[best] and LEVEL[entry.level] > LEVEL[best_entry.level])
        ):
            best, best_detail, best_entry = outcome, detail, entry
    wait = 0.0 if best == MET else INF
    children: list[Reason] = []
    substituted = False
    if node.substitution is not None and best != MET:
        substituted = True
        sub_outcome, sub_detail, sub_wait, sub_children = _substitution(node, run)
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
    if not run.explain:
        return Eval(best, Reason(label, best), path, wait)
    want = node.level or "twelfth-grade"
    detail = f"needs {want}" + (f" in {' or '.join(node.fields_certain)}" if node.fields_certain else "")
    detail += f": {best_detail}"
    return Eval(best, Reason(label, best, detail, cite(node), children), path, wait)


def _substitution(node, run: Run) -> tuple[str, str, float, list[Reason]]:
    sub = node.substitution
    assert sub is not None
    years_known: list[float] = []
    unknown = False
    for entry in run.applicant.education:
        y = _college_years(entry)
        if y is None:
            unknown = unknown or entry.level != "twelfth-grade"
        else:
            years_known.append(y)
    have = max(years_known, default=0.0)
    found = tiers(sub.experience, run, frozenset())
    c_ids, p_ids = split(found)
    c, p = credited(run, found, c_ids), credited(run, found, p_ids)
    sub_c = min(sub.max_years, c / 12 * sub.years_per_year)
    sub_p = min(sub.max_years, p / 12 * sub.years_per_year)
    need = sub.required_years
    if have + sub_c >= need - EPS:
        outcome = MET
    # college of unknown length might make up the rest, but only together with experience to substitute
    elif have + sub_p >= need - EPS or (unknown and sub_p > EPS):
        outcome = REVIEW
    else:
        outcome = NOT_MET
    wait = INF
    short_years = need - have
    if outcome != MET and 0 < short_years <= sub.max_years + EPS:
        wait = wait_for(short_years * 12 / sub.years_per_year - c, run.growth(c_ids))
    college = f"{fmt(have)} years of college" if not unknown or have > 0 else "years of college unknown"
    detail = (
        f"{college} + {fmt(sub_c)} years of experience substituted "
        f"(year for year, at most {fmt(sub.max_years)}) = {fmt(have + sub_c)} of {fmt(need)} years"
    )
    if sub_p > sub_c + EPS:
        detail += f"; {fmt(have + sub_p)} years if an analyst accepts the possible credit"
        if outcome == REVIEW:
            detail += possible_questions(found)
    if unknown:
        detail += "; the record does not give the units of some college coursework"
    children = job_reasons(run, found) if run.explain >= JOBS else []
    return outcome, detail, wait, children


