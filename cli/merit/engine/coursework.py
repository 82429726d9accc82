"""Coursework: units or courses in a subject, added up over every education entry of a record.

"24 semester or 36 quarter units in accounting": semester and quarter units
each count as a fraction of their own figure, and the fractions add. A subject
or course listed without units, or from a school whose accreditation the
record does not give, can only be counted by an analyst.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from merit.engine.credit import norm
from merit.engine.evaluate import INF, Eval
from merit.engine.points import clause_point
from merit.engine.timeline import Run
from merit.engine.wording import EPS, cite, fmt, name, pct
from merit.model.applicants import Education
from merit.model.decisions import ACCEPT, CONDITIONAL, MET, NOT_MET, REVIEW, SPECIFIC, Determination, Reason

_STOP = frozenset(("of", "and", "the", "in", "to", "for", "a", "an", "&"))
_SPLIT = re.compile(r"[^\w]+")


@lru_cache(maxsize=2048)
def title_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _SPLIT.split(text.casefold()) if w and w not in _STOP)


def names_course(title: str, wanted: str) -> bool:
    """Whether a course title is the course a spec names: every word of the name is in the title, in any order."""
    return title_words(wanted) <= title_words(title)


def mentions(text: str, words) -> bool:
    """Whether a subject or title holds one of these subjects ("Intermediate Accounting I" holds accounting)."""
    t = norm(text)
    return any(norm(w) in t for w in words)


class Item:
    """A course, or a subject with its units, of one education entry."""

    __slots__ = ("name", "units", "quarter", "course", "entry", "sure")

    def __init__(self, name: str, units: float | None, quarter: bool, course: bool, entry: Education, sure: bool):
        self.name = name  # the title (and subject) or the subject
        self.units = units  # in its own system; None: not given
        self.quarter = quarter
        self.course = course
        self.entry = entry
        self.sure = sure  # False: the school's accreditation is for an analyst

    def semester(self) -> float:
        return (self.units or 0.0) * (2 / 3 if self.quarter else 1.0)


def items(entries: list[Education], day: dt.date, accredited: bool, high_school: bool = False) -> list[Item]:
    """Every course and subject with units of a record as of ``day``; entries not accredited left out where asked;
    high-school courses only where asked."""
    out = []
    for entry in entries:
        if entry.level == "twelfth-grade" and not high_school:
            continue
        sure = True
        if accredited and entry.level != "twelfth-grade":
            if entry.accredited is False:
                continue
            sure = entry.accredited is True
        quarter = entry.unit_system == "quarter"
        for course in entry.courses:
            if course.completed is not None and course.completed > day:
                continue
            text = f"{course.title} {course.subject}" if course.subject else course.title
            system = course.unit_system or entry.unit_system
            out.append(Item(text, course.units, system == "quarter", True, entry, sure))
        for subject, units in entry.subjects.items():
            out.append(Item(subject, units, quarter, False, entry, sure))
    return out


def totals(entries: list[Education], day: dt.date, accredited: bool, graduate: bool = False) -> list[Item]:
    """The units of each education entry in all: its ``units``, else those of its courses and subjects,
    else what a completed degree stands for (30 semester units a year); unknown where none is given."""
    from merit.engine.education import as_of
    from merit.model.applicants import COLLEGE_YEARS

    out = []
    for entry in entries:
        if entry.level == "twelfth-grade":
            continue
        if accredited and entry.accredited is False:
            continue
        sure = not accredited or entry.accredited is True
        name = entry.field or entry.level
        if entry.units is not None:
            out.append(Item(name, entry.units, entry.unit_system == "quarter", False, entry, sure))
            continue
        parts = items([entry], day, accredited)
        years = (GRADUATE_YEARS if graduate else COLLEGE_YEARS).get(entry.level)
        degree = years * 30 if years and as_of(entry, day)[0] == "completed" else None
        # a completed degree stands for its usual units; the courses a record lists may be only some of them
        if parts and (degree is None or any(i.units is None for i in parts) or sum(i.semester() for i in parts) >= degree):
            out.extend(parts)
        elif degree is not None:
            out.append(Item(f"{entry.level} completed", degree, False, False, entry, sure))
        else:
            out.append(Item(name, None, False, False, entry, sure))
    return out


GRADUATE_YEARS = {"master": 2.0, "doctorate": 3.0}  # what a completed graduate degree stands for, without units


def coursework(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    outcome, frac_c, _, detail, unknown = _count(node, run)
    if outcome != REVIEW:
        return _eval(node, run, outcome, frac_c, detail)
    question = _question(node, unknown)
    det = run.answer(node, "coursework")
    if det is None:
        detail += "; an analyst must decide: " + question
    else:
        outcome, frac_c = (MET, 1.0) if det.answer == ACCEPT else (NOT_MET, frac_c)
        detail += f"; {question}: {det.words()}"
    return _eval(node, run, outcome, frac_c, detail, (question, det))


def shares(node, run: Run) -> tuple[float, float, str, Determination | None]:
    """Coursework as a part of a proportional combination: the share of its figure that counts for
    certain, the share an analyst might accept, what they must decide, and their answer.

    Units whose school's accreditation the record does not give, or coursework the
    spec leaves to a judgment, count only possibly, however far they go: the
    combination is then for review, never met or failed without the question.
    """
    outcome, frac_c, frac_p, _, unknown = _count(node, run)
    if outcome == MET and not node.judgment:
        return 1.0, 1.0, "", None
    certain = 0.0 if node.judgment else min(1.0, frac_c)  # "every credit is an analyst's call"
    possible = 1.0 if outcome == REVIEW else min(1.0, max(frac_c, frac_p))
    if node.judgment and node.judgment not in unknown:
        unknown.append(node.judgment)
    if possible <= certain + EPS:
        return certain, certain, "", None
    question = _question(node, unknown)
    det = run.answer(node, "coursework")
    if det is not None:
        certain = possible = possible if det.answer == ACCEPT else certain
    return certain, possible, question, det


def _question(node, unknown: list[str]) -> str:
    """What an analyst must decide about coursework, in one line."""
    if not unknown:
        related = " or ".join(node.related_subjects)
        unknown = [f"whether coursework in {related} counts" if related else "whether the coursework counts"]
    return "; ".join(dict.fromkeys(unknown))


def _count(node, run: Run) -> tuple[str, float, float, str, list[str]]:
    """Coursework counted before any answer: the outcome, the shares of its figure met for certain and
    possibly, the detail, and what the record leaves to an analyst."""
    day = run.as_of
    entries = run.applicant.education
    if node.graduate:  # graduate study: entries at master's level or above
        entries = [e for e in entries if e.level in GRADUATE_YEARS]
    found = items(entries, day, node.accredited, node.high_school)
    lines: list[str] = []
    # "a degree in accounting" meets "24 units in accounting" outright
    major = None  # a completed degree in the major from a school the record does not call accredited or not
    if node.majors:
        for entry in run.applicant.education:
            done = entry.status == "completed" and (entry.conferred is None or entry.conferred <= day)
            if done and entry.field and mentions(entry.field, node.majors):
                if not node.accredited or entry.accredited is True:
                    return MET, 1.0, 1.0, f"{entry.level} with a major in {entry.field}", []
                if entry.accredited is None and major is None:
                    major = entry
    counted = [i for i in found if not any(mentions(i.name, (x,)) for x in node.exclude)]
    outcome_c, outcome_p = True, True
    unknown: list[str] = []
    # which items count: in the subjects, in the named courses, or any
    named = node.courses_all or node.courses_any
    if node.subjects:
        certain = [i for i in counted if mentions(i.name, node.subjects)]
        possible = [i for i in counted if i not in certain and mentions(i.name, node.related_subjects)]
    elif named:
        certain = [i for i in counted if i.course and any(names_course(i.name, c) for c in (*node.courses_all, *node.courses_any))]
        possible = []
    else:  # units of any kind: each entry's total, else its courses and subjects, else what its degree stands for
        certain, possible = totals(entries, day, node.accredited, node.graduate), []
    what = f"in {' or '.join(node.subjects)}" if node.subjects else "in the courses named" if named else ""
    frac_c = frac_p = 1.0
    if node.units:
        s_c, q_c = _units([i for i in certain if i.sure and i.units is not None])
        s_p, q_p = _units([i for i in (*certain, *possible) if i.units is not None])
        extra_c, extra_p = _up_to(node, counted, certain + possible)
        s_c, s_p = s_c + extra_c, s_p + extra_p
        frac_c = _fraction(node, s_c, q_c)
        frac_p = _fraction(node, s_p, q_p)
        listed = not (node.subjects or named) or found  # with no subjects asked, totals say what is unknown
        no_units = list(dict.fromkeys(i.name for i in (*certain, *possible) if i.units is None))
        if no_units:
            unknown.append(f"the units of {', '.join(no_units)} (the record does not give them)")
            frac_p = max(frac_p, 1.0)
        elif not listed and _studied(entries) and major is None:
            unknown.append(f"whether {_study(entries)} included the units {what} (the record lists no courses)".replace("  ", " "))
            frac_p = max(frac_p, 1.0)
        lines.append(_units_line(node, s_c, q_c, what, frac_c) + _waiting(node, certain, possible))
    if node.courses:
        good_c = [i for i in certain if i.course and i.sure and _long_enough(node, i)]
        good_p = [i for i in (*certain, *possible) if i.course and (i.units is None or _long_enough(node, i))]
        if node.course_units and any(i.course and i.units is None for i in (*certain, *possible)):
            unknown.append("the units of some courses")
        frac_c = min(frac_c, len(good_c) / node.courses)
        frac_p = min(frac_p, len(good_p) / node.courses)
        if not node.course_units and not good_p and not any(i.course for i in found) and _studied(entries, node.high_school):
            unknown.append("the courses taken (none are listed)")  # "one course in geometry": none listed is not none taken
            frac_p = 1.0
        size = f" of at least {fmt(node.course_units)} semester or {fmt(node.course_quarter_units)} quarter units" if node.course_units else ""
        lines.append(f"{len(good_c)} of {node.courses} courses{size} {what}".rstrip())
    if named:
        titles = [i for i in counted if i.course]
        missing_c = [c for c in node.courses_all if not any(i.sure and names_course(i.name, c) for i in titles)]
        missing_p = [c for c in node.courses_all if not any(names_course(i.name, c) for i in titles)]
        have_any_c = sum(1 for c in node.courses_any if any(i.sure and names_course(i.name, c) for i in titles))
        have_any_p = sum(1 for c in node.courses_any if any(names_course(i.name, c) for i in titles))
        if missing_c or have_any_c < node.courses_any_count:
            outcome_c = False
        if missing_p or have_any_p < node.courses_any_count:
            if titles or not _studied(entries):
                outcome_p = False
            else:
                unknown.append("the courses taken (none are listed)")
        if missing_c:
            lines.append("missing " + ", ".join(missing_c))
        if node.courses_any_count:
            lines.append(f"{have_any_c} of the {node.courses_any_count} needed from: {', '.join(node.courses_any)}")
    if node.accredited and any(not i.sure for i in (*certain, *possible)):
        unknown.append("whether the school is accredited")
    met_c = outcome_c and frac_c >= 1 - EPS
    met_p = outcome_p and frac_p >= 1 - EPS
    if major is not None and not met_c:
        # the major meets it if its school is accredited: that is the question, not the courses
        met_p = True
        unknown.insert(0, f"whether the school of the {major.level} in {major.field} is accredited (a {major.level} with that major meets it)")
    if node.judgment and met_c:
        met_c = False
        unknown.append(node.judgment)
    outcome = MET if met_c else REVIEW if met_p else NOT_MET
    detail = "; ".join(lines) or "no coursework counts"
    if outcome != MET and node.before is not None:
        from merit.engine.education import admitted_before

        admitted = admitted_before(node.before, run.applicant.education, day)
        if admitted is not None:  # still completing it, expected soon enough: admitted on the condition
            when = f", expected {admitted.expected}" if admitted.expected else ""
            outcome = CONDITIONAL
            detail += f"; {admitted.level} in progress{when}: {node.before.condition}"
    return outcome, frac_c, frac_p, detail, unknown


def _study(entries: list[Education]) -> str:
    """The college study of a record in a few words: "the bachelor in nursing"."""
    names = [f"the {e.level}" + (f" in {e.field}" if e.field else "") for e in entries if e.level != "twelfth-grade"]
    return " or ".join(dict.fromkeys(names))


def _studied(entries: list[Education], high_school: bool = False) -> bool:
    """Whether these entries (a record's education, or its graduate study where only that counts) go
    beyond high school (or reach it, where high-school courses count); their coursework is then what the
    record does not detail."""
    return any(high_school or e.level != "twelfth-grade" for e in entries)


def _units(chosen: list[Item]) -> tuple[float, float]:
    semester = sum(i.units for i in chosen if not i.quarter)  # type: ignore[misc]
    quarter = sum(i.units for i in chosen if i.quarter)  # type: ignore[misc]
    return semester, quarter


def _up_to(node, counted: list[Item], taken: list[Item]) -> tuple[float, float]:
    """Semester units that other subjects add, each at most its cap ("of which up to 6 may be business law")."""
    extra_c = extra_p = 0.0
    for subject, cap in node.up_to.items():
        more = [i for i in counted if i not in taken and i.units is not None and mentions(i.name, (subject,))]
        extra_c += min(cap, sum(i.semester() for i in more if i.sure))
        extra_p += min(cap, sum(i.semester() for i in more))
    return extra_c, extra_p


def _waiting(node, certain: list[Item], possible: list[Item]) -> str:
    """The units that count only if an analyst accepts them, and the question they wait on."""
    school = sum(i.semester() for i in certain if not i.sure and i.units is not None)
    related = sum(i.semester() for i in possible if i.units is not None)
    out = f"; {fmt(school)} semester units wait on whether the school is accredited" if school > EPS else ""
    if related > EPS:
        out += f"; {fmt(related)} semester units wait on whether {' or '.join(node.related_subjects)} counts"
    return out


def _fraction(node, semester: float, quarter: float) -> float:
    if node.beyond:  # only what goes past the first so many units counts
        return max(0.0, semester + quarter * 2 / 3 - node.beyond) / node.units
    return semester / node.units + quarter / node.quarter_units


def _long_enough(node, item: Item) -> bool:
    if not node.course_units:  # "one course in geometry": a course, whatever its units
        return True
    if item.units is None:
        return False
    return item.units >= (node.course_quarter_units if item.quarter else node.course_units) - EPS


def _units_line(node, semester: float, quarter: float, what: str, fraction: float) -> str:
    if node.beyond:
        total = semester + quarter * 2 / 3
        return (
            f"{fmt(total)} semester units, {fmt(max(0.0, total - node.beyond))} beyond the first {fmt(node.beyond)}"
            f" of {fmt(node.units)} needed ({pct(fraction, 1)})"
        )
    have = f"{fmt(semester)} semester" + (f" + {fmt(quarter)} quarter" if quarter else "")
    return (
        f"{have} units {what} of {fmt(node.units)} semester or {fmt(node.quarter_units)} quarter units ({pct(fraction, 1)})"
    ).replace("  ", " ")


def _eval(node, run: Run, outcome: str, fraction: float, detail: str, asked: tuple | None = None) -> Eval:
    label = name(node, "Coursework")
    wait = 0.0 if outcome == MET else INF
    fraction = min(fraction, 1.0)
    if not run.explain:
        return Eval(outcome, Reason(label, outcome), node.label, wait, fraction)
    text = f"{node.summary}: {detail}" if node.summary else detail
    points = [clause_point(node, "coursework", SPECIFIC, label, *asked)] if asked else []
    return Eval(outcome, Reason(label, outcome, text, cite(node)), node.label, wait, fraction, points)
