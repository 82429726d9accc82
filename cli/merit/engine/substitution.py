"""Education substituted for experience lacking: "a plumbing program ... for each year of experience
lacking", by the year of education, the course or the degree, with what the record leaves to an
analyst (accreditation, units not given, a related field) asked as one question; and a program the
record lists with its licences, which only an analyst can weigh."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from merit.engine.timeline import Run
from merit.engine.wording import EPS, fmt
from merit.model.applicants import COLLEGE_YEARS
from merit.model.decisions import ACCEPT

if TYPE_CHECKING:
    from merit.engine.evaluate import Eval


def _degree_in(sub, entry, run: Run) -> bool | None:
    """Whether an entry is a completed degree at the substitution's level with a major in its subjects: True,
    None when it is not, False when it may be (the record does not give the major)."""
    from merit.engine.coursework import mentions
    from merit.engine.education import as_of
    from merit.model.applicants import LEVEL_RANK

    if LEVEL_RANK[entry.level] < LEVEL_RANK[sub.level] or as_of(entry, run.as_of)[0] != "completed":
        return None
    if entry.field is None:
        return False
    return True if mentions(entry.field, sub.subjects) else None


def substituted(node, run: Run, short_c: float, short_p: float) -> tuple[float, float, str, tuple | None]:
    """Months of experience that education makes up ("for each year of experience lacking"), certain and
    possible, a note for the reason, and the question for an analyst (with their answer), if there is one."""
    from merit.engine.coursework import mentions
    from merit.engine.education import as_of

    sub = node.education_substitution
    years_c = years_p = 0.0
    courses_c = courses_p = 0
    unknown = unsure = unrelated = False
    doubts: list[str] = []  # why a degree that may stand for experience is an analyst's call
    year = sub.year_units or 30.0  # semester units that make a year of such education
    for entry in run.applicant.education:
        if entry.level == "twelfth-grade" and sub.level != "twelfth-grade":  # a vocational high school, where asked
            continue
        if sub.per_degree:  # "a degree in accounting may substitute for two years": the degree, not its units
            found = _degree_in(sub, entry, run)
            if found is None or (sub.accredited and entry.accredited is False):
                continue
            accredited = not sub.accredited or entry.accredited is True or bool(entry.foreign and entry.evaluated)
            sure = found and accredited and not (entry.foreign and not entry.evaluated)
            years_p, years_c = 1.0, max(years_c, 1.0 if sure else 0.0)
            if not sure:
                doubts += ([] if found else ["the record does not give the major"]) + (
                    [] if accredited else ["the record does not say whether the school is accredited"]
                ) + (["the degree is foreign and the record shows no evaluation"] if entry.foreign and not entry.evaluated else [])
            continue
        related = False
        words = sub.subjects
        program = any(mentions(t, words) for t in (entry.field, entry.minor, entry.concentration) if t)
        subjects = {k: v for k, v in entry.subjects.items() if mentions(k, words)}
        courses = [c for c in entry.courses if mentions(f"{c.title} {c.subject or ''}", words)]
        if not program and not subjects and not courses and sub.related_subjects:
            related, words = True, sub.related_subjects  # "or a related field": an analyst's call
            program = any(mentions(t, words) for t in (entry.field, entry.minor, entry.concentration) if t)
            subjects = {k: v for k, v in entry.subjects.items() if mentions(k, words)}
            courses = [c for c in entry.courses if mentions(f"{c.title} {c.subject or ''}", words)]
        if not program and not subjects and not courses:
            continue
        sure = (not sub.accredited or entry.accredited is True) and not related
        unrelated = unrelated or related
        if sub.accredited and entry.accredited is False:
            continue
        if sub.per_course:
            n, more = courses_of(entry, program, subjects, courses, run.as_of)
            courses_p += n
            courses_c += n if sure else 0
            unknown = unknown or more
            continue
        quarter = 2 / 3 if entry.unit_system == "quarter" else 1.0
        units = None
        if program:  # the program itself is in the subject: all of its units
            units = entry.semester_units()
        if units is None and (subjects or courses):  # else the units of its subjects and courses in it
            given = [u * quarter for u in subjects.values() if u is not None]
            given += [c.units * (2 / 3 if (c.unit_system or entry.unit_system) == "quarter" else 1) for c in courses if c.units is not None]
            if len(given) == len(subjects) + len(courses):
                units = sum(given)
        if sub.units_each_year:  # "a year of college which includes three units in real estate"
            from merit.engine.education import _college_years

            college = _college_years(entry, run.as_of)
            if college is None or (units is None and not program):
                unknown = True
                continue
            years = college if program else min(college, units / sub.units_each_year)  # the major: every year of it
        elif units is not None:
            years = units / year
        elif program and as_of(entry, run.as_of)[0] == "completed" and entry.level in COLLEGE_YEARS:
            years = COLLEGE_YEARS[entry.level]
        else:
            unknown = True
            continue
        years_p += years
        years_c += years if sure else 0.0
        unsure = unsure or (not sure and not related)
    if sub.whole:  # "for each year": only whole years count
        years_c, years_p = float(int(years_c + EPS)), float(int(years_p + EPS))
    if sub.per_degree:
        months_c, months_p = years_c * sub.per_degree, years_p * sub.per_degree
    elif sub.per_course:
        months_c, months_p = courses_c * sub.per_course, courses_p * sub.per_course
    else:
        months_c, months_p = years_c * sub.per_year, years_p * sub.per_year
    if unknown:
        months_p = sub.max_months
    c = min(sub.max_months, months_c, max(0.0, short_c))
    p = min(sub.max_months, months_p, max(0.0, short_p))
    if c <= 0 and p <= 0:
        return 0.0, 0.0, "", None
    what = sub.summary or f"education in {' or '.join(sub.subjects)}"
    if p <= c + EPS:
        return c, p, f"; {fmt(c)} months made up by {what} (at most {fmt(sub.max_months)})", None
    # whether the education counts (accreditation, units the record does not give) is an analyst's call
    whys = (["the record does not give how much of it there is"] if unknown else []) + (
        ["the record does not say whether the school is accredited"] if unsure else []
    ) + ([f"whether {' or '.join(sub.related_subjects)} is a related field"] if unrelated else []) + list(dict.fromkeys(doubts))
    question = f"whether the education counts as {what}" + (f" ({'; '.join(whys)})" if whys else "")
    det = run.answer(node, "education")
    more = p - c
    if det is not None:
        c, p = (p, p) if det.answer == ACCEPT else (c, c)
    note = f"; {fmt(c)} months made up by {what} (at most {fmt(sub.max_months)})"
    if det is None:
        note += f"; {fmt(p)} months if an analyst accepts the education" + (f" ({'; '.join(whys)})" if whys else "")
    else:
        note += f"; the education: {det.words()}"
    return c, p, note, (question, det, more)


COURSE_UNITS = 3.0  # semester units of one college course, where a record gives units rather than courses


def courses_of(entry, program: bool, subjects: dict, courses: list, day: dt.date) -> tuple[int, bool]:
    """How many whole courses in the subject an education entry stands for, and whether it may be more than
    the record shows: each course listed; a subject's units at three semester units a course (a subject
    listed without units, at least one); a program in the subject, all of its units, or a completed
    degree's usual years of them."""
    from merit.engine.education import UNITS_PER_YEAR, as_of

    quarter = 2 / 3 if entry.unit_system == "quarter" else 1.0
    more = any(u is None for u in subjects.values())
    units = sum(u for u in subjects.values() if u is not None) * quarter
    n = max(len(courses), int(units / COURSE_UNITS + EPS) + sum(1 for u in subjects.values() if u is None))
    if program:
        total = entry.semester_units()
        if total is None and as_of(entry, day)[0] == "completed" and entry.level in COLLEGE_YEARS:
            total = COLLEGE_YEARS[entry.level] * UNITS_PER_YEAR
        if total is not None:
            n = max(n, int(total / COURSE_UNITS + EPS))
        elif not courses and not subjects:
            more = True  # a program in the subject, its courses not given
    return n, more


def program_as_credential(node, run: Run, ev: Eval) -> Eval:
    """Education for experience lacking ("completion of a plumbing program ... may be substituted for each
    year of experience lacking") that the record lists with its licences: a certificate whose kind names the
    substitution's subjects. Its length and accreditation are not in a licence entry, so an experience
    clause it could complete is an analyst's call, never a rejection; accepted, the clause is met."""
    from merit.engine.coursework import mentions
    from merit.engine.points import clause_point
    from merit.engine.wording import name, shortfall
    from merit.model.decisions import MET, NOT_MET, REVIEW, SPECIFIC

    sub = node.education_substitution
    if ev.outcome != NOT_MET or sub is None or node.some:
        return ev
    lacking = node.months * (1.0 - ev.fraction)
    room = sub.max_months + (node.lacking.months if node.lacking is not None else 0.0)
    held = [lic for lic in run.applicant.licenses if mentions(lic.kind, sub.subjects) and not (lic.issued and lic.issued > run.as_of)]
    if not held or lacking > room + 1e-9:
        return ev
    what = sub.summary or f"education in {' or '.join(sub.subjects)}"
    kinds = " and ".join(lic.kind for lic in held)
    question = (
        f"whether {kinds}, listed with the licences, is {what} that makes up the {shortfall(lacking)} months lacking"
        f" (at most {fmt(sub.max_months)}); an education entry with its units would say so"
    )
    det = run.answer(node, "program")
    outcome = REVIEW if det is None else MET if det.answer == ACCEPT else NOT_MET
    ev.outcome = ev.reason.outcome = outcome  # rejected, the clause stays not met, with the answer it rests on
    if outcome == MET:
        ev.path = node.label or ev.path
        ev.wait, ev.fraction = 0.0, 1.0
    if run.explain:
        label = name(node, "Experience")
        ev.reason.detail += f"; an analyst must decide {question}" if det is None else f"; {kinds}: {det.words()}"
        ev.points = [*ev.points, clause_point(node, "program", SPECIFIC, label, question, det)]
    return ev
