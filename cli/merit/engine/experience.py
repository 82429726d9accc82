"""Experience requirements: how each job counts, how jobs add up, and nested minimums.

Each span (a job as of the run's day) gets a tier under the requirement's credit
rules: certain, possible (an analyst's call) or none. The certain spans'
union is the credit that meets; the possible spans' union is what an analyst
might accept.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from merit.engine.calendar import ONE_DAY, months_between
from merit.engine.credentials import HELD, MAYBE, NOT_HELD, earliest
from merit.engine.credit import CERTAIN, NONE, POSSIBLE, RANK, norm
from merit.engine.evaluate import INF, Eval
from merit.engine.points import answer_tier, job_entry, job_points
from merit.engine.policy import BY_POLICY
from merit.engine.substitution import substituted
from merit.engine.timeline import JOBS, SUMMARY, Run
from merit.engine.wording import EPS, LazyReason, cite, fmt, name, pct, questions, shortfall
from merit.model.decisions import CONDITIONAL, MET, NOT_MET, REVIEW, SPECIFIC, DecisionPoint, Reason


def tiers(node, run: Run, exclude: frozenset) -> list[tuple[str, str, float]]:
    """How each span counts toward an experience requirement: (tier, why, share of its time that counts).

    A job whose credit is possible and which an analyst has answered counts as the
    answer says (see asked). A pattern and its proportional combination share these.
    """
    return _tiers(node, run, exclude)[0]


def asked(node, run: Run, exclude: frozenset) -> list[tuple[int, tuple[str, str, float], object]]:
    """The spans whose credit toward this requirement is for an analyst: (span, credit before
    any answer, the analyst's answer or None)."""
    return _tiers(node, run, exclude)[1]


def _tiers(node, run: Run, exclude: frozenset):
    key = (id(node), exclude, run.explain >= JOBS)  # job lines need the why of each tier
    hit = run._tiers.get(key)
    if hit is not None:
        return hit
    spans = run.spans
    column = run.credits(node.credit, node.paid)
    out = [column[span.index] for span in spans]
    capped = f"{node.judgment} (an analyst must confirm)" if node.judgment else None
    if exclude or capped or node.calendar or node.after is not None:  # the few clauses that change a job's credit
        after = start_after(node, run) if node.after is not None else None
        out = [_as_stated(node, span, found, exclude, after, capped) for span, found in zip(spans, out)]
    questions: list = []
    for k, found in enumerate(out):
        if found[0] == POSSIBLE:
            if run.answers:
                out[k] = _answer(node, run, k, found, questions)
            else:
                questions.append((k, found, None))
    hit = run._tiers[key] = (out, questions)
    return hit


def _as_stated(node, span, found, exclude: frozenset, after, capped: str | None) -> tuple[str, str, float]:
    """A job's credit under the clause's own terms: given to another part, only after a credential,
    as calendar time, or capped at possible by a judgment."""
    if span.key in exclude:
        return (NONE, "credited to another part of this requirement", 0.0)
    if after is not None and found[0] != NONE:
        found = _after(found, span, after, node.after)
    if node.calendar and found[0] != NONE and span.rate < 1:  # calendar time: as if full time
        found = (found[0], found[1], found[2] / span.rate)
    if capped and found[0] == CERTAIN:
        found = (POSSIBLE, capped, found[2])
    return found


def _answer(node, run: Run, k: int, found, questions: list):
    """A possible credit as the analyst answered it (if they did), noted among the questions asked."""
    det = run.answer(node, job_entry(run.applicant, run.spans[k].index))
    questions.append((k, found, det))
    return found if det is None else answer_tier(found, det)


def inner_tiers(node, inner, run: Run, found) -> tuple[list, list]:
    """How each span counts toward a nested minimum: at most as it counts toward its pattern, and the
    spans whose credit toward the minimum itself is for an analyst."""
    own = []
    questions: list = []
    column = run.credits(inner.credit, node.paid)
    for k, span in enumerate(run.spans):
        credit = column[span.index]
        if credit[0] == POSSIBLE and found[k][0] != NONE:
            if run.answers:
                credit = _answer(inner, run, k, credit, questions)
            else:
                questions.append((k, credit, None))
        own.append(credit)
    return weakest(found, own), questions


def start_after(node, run: Run) -> tuple[str, dt.date | None]:
    """Whether the applicant holds the credential experience must follow, and since when: (held|maybe|not held, day)."""
    key = ("after", id(node))
    hit = run._tiers.get(key)
    if hit is None:
        after = node.after
        if after.credential is not None:
            hit = earliest(run.applicant.licenses, after.credential, run.as_of)
            if after.while_held and hit[1] is not None:  # "while certified": the day of issue is a day certified
                hit = (hit[0], hit[1] - ONE_DAY)
        elif after.clause is not None:
            hit = _met_since(after.clause, run)
        else:
            hit = _degree_since(after, run)
        run._tiers[key] = hit
    return hit


def _degree_since(after, run: Run) -> tuple[str, dt.date | None]:
    from merit.engine.education import as_of
    from merit.model.applicants import LEVEL_RANK

    best: tuple[str, dt.date | None] = (NOT_HELD, None)
    for entry in run.applicant.education:
        if LEVEL_RANK[entry.level] < LEVEL_RANK[after.level] or as_of(entry, run.as_of)[0] != "completed":
            continue
        if after.accredited and entry.accredited is False:  # "after a degree from an accredited college"
            continue
        if after.fields and not (entry.field and any(norm(f) in norm(entry.field) for f in after.fields)):
            if entry.field is not None:
                continue
            state = MAYBE
        else:
            state = HELD if entry.conferred is not None else MAYBE
        if (after.accredited and entry.accredited is None) or (entry.foreign and not entry.evaluated):
            state = MAYBE  # whether the school is accredited, or a foreign degree equivalent, is for an analyst
        # held is set with a conferral date, in best as in entry
        if state == HELD and (best[0] != HELD or entry.conferred < best[1]):  # type: ignore[operator]
            best = (HELD, entry.conferred)
        elif state == MAYBE and best[0] == NOT_HELD:
            best = (MAYBE, None)
    return best


def _met_since(clause, run: Run) -> tuple[str, dt.date | None]:
    """The first day another clause was met for certain ("after meeting the minimum requirements"): (held, day);
    (maybe, None) when it may be met but not for certain, (not held, None) when it is not met."""
    from merit.engine.evaluate import evaluate

    if not run.met_on(clause, run.as_of):
        outcome = evaluate(clause, run.on(run.as_of)).outcome
        return (MAYBE, None) if outcome in (REVIEW, CONDITIONAL) else (NOT_HELD, None)
    lo, hi = EARLIEST, run.as_of  # not met on lo (nothing counts before it), met on hi
    if run.met_on(clause, lo):
        return HELD, lo
    while (hi - lo).days > 1:  # met stays met as time goes on: the first day is found by halving
        mid = lo + (hi - lo) // 2
        if run.met_on(clause, mid):
            hi = mid
        else:
            lo = mid
    return HELD, hi


EARLIEST = dt.date(1900, 1, 1)


def held_until(node, run: Run) -> dt.date | None:
    """The last day a credential was held, where experience counts only while it was ("while certified as ..."):
    the latest expiry of the records that match it; None when one never expires or the record gives none."""
    from merit.engine.credentials import check

    last = None
    for lic in run.applicant.licenses:
        if check(lic, node.after.credential, run.as_of)[0] == NOT_HELD:
            continue
        if lic.expires is None:
            return None
        last = lic.expires if last is None else max(last, lic.expires)
    return last


def _after(found, span, after: tuple[str, dt.date | None], spec) -> tuple[str, str, float]:
    """A job's credit when only experience after a credential counts: the part after it, or an analyst's call."""
    what = spec.what or "the credential the source names"
    state, day = after
    if state == NOT_HELD:
        return (NONE, f"the experience must follow {what}; the record does not show it", 0.0)
    if state == MAYBE or day is None:
        why = "it is met only if an analyst accepts it" if spec.clause is not None else "the record does not date it"
        return (POSSIBLE, f"whether this work followed {what} is an analyst's call ({why})", found[2])
    if span.end <= day:
        return (NONE, f"before {what} ({day})", 0.0)
    if span.start <= day:  # the part after it: the run's view of spans cut there gives the exact months
        part = months_between(day + ONE_DAY, span.end) / span.months if span.months else 0.0
        return (found[0], found[1], found[2] * part)
    return found


def members(found, least: str) -> tuple[int, ...]:
    """The spans credited at least ``least`` (certain, or possible, which includes certain)."""
    if least == CERTAIN:
        return tuple(k for k, t in enumerate(found) if t[0] == CERTAIN)
    return tuple(k for k, t in enumerate(found) if t[0] != NONE)


def weakest(outer, inner):
    """Span by span, the lower of two tiers: a nested minimum counts only what its pattern counts.
    At the same tier the minimum's own reason is given, at the smaller share of time."""
    out = []
    for a, b in zip(outer, inner):
        if RANK[a[0]] < RANK[b[0]]:
            out.append(a)
        elif RANK[a[0]] == RANK[b[0]] and a[2] < b[2]:
            out.append((b[0], b[1], a[2]))
        else:
            out.append(b)
    return out


def need(node) -> float:
    return node.months if not node.some else 0.0


def enough(credit: float, node) -> bool:
    if node.some:
        return credit > EPS
    return credit >= node.months - EPS


def fraction(credit: float, needed: float) -> float:
    return 1.0 if needed <= 0 else credit / needed


def wait_for(short: float, growth: float) -> float:
    """Months until ``short`` months are added at ``growth`` (share of full time still being added)."""
    if short <= EPS:
        return 0.0
    return short / growth if growth > 0 else INF


def possible_questions(found) -> str:
    """What an analyst must decide about the jobs credited only possibly, as a clause to append."""
    return questions(t[1] for t in found if t[0] == POSSIBLE)


def credit_of(run: Run, found) -> tuple[tuple[int, ...], tuple[int, ...], float, float]:
    """The spans credited for certain, those credited at least possibly (which include them), and the
    months each set credits together (see credited), in one pass over the spans."""
    certain, possible = [], []
    whole = True  # every span credited counts all of its time: no shares to weigh
    for k, (tier, _, share) in enumerate(found):
        if tier != NONE:
            possible.append(k)
            if tier == CERTAIN:
                certain.append(k)
            if share != 1.0:
                whole = False
    c_ids, p_ids = tuple(certain), tuple(possible)
    if not whole:
        return c_ids, p_ids, credited(run, found, c_ids), credited(run, found, p_ids)
    c = run.union(c_ids)
    return c_ids, p_ids, c, c if len(p_ids) == len(c_ids) else run.union(p_ids)


def credited(run: Run, found, ids: tuple[int, ...]) -> float:
    """Months these spans credit together, each at its share of time where a rule prorates it."""
    if not ids:
        return 0.0
    shares = tuple(found[k][2] for k in ids)
    if all(x == 1.0 for x in shares):
        return run.union(ids)
    return run.union(ids, shares)


def experience(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    note = ""
    if node.after is not None:
        state, day = start_after(node, run)
        if state == HELD and day is not None:
            # only the part of each job after the credential counts: judge on the spans cut there
            until = held_until(node, run) if node.after.while_held else None
            run = run.after(day, until)
            what = node.after.what or ("the clause it follows" if node.after.clause is not None else "the credential")
            if node.after.while_held:
                held = f"{day + ONE_DAY} to {until}" if until is not None else f"from {day + ONE_DAY}, still held"
                note = f"; only experience while {what} was held ({held}) counts"
            else:
                note = f"; only experience after {what} ({day}) counts"
    found, questions = _tiers(node, run, exclude)
    certain_ids, possible_ids, certain, possible = credit_of(run, found)
    needed = need(node)
    sub_c = sub_p = 0.0
    made_up = None
    if node.education_substitution is not None and not enough(certain, node):
        sub_c, sub_p, sub_note, made_up = substituted(node, run, needed - certain, needed - possible)
        certain, possible = certain + sub_c, possible + sub_p
        note += sub_note
    met_c = enough(certain, node)
    met_p = enough(possible, node)
    inner_reasons = []
    inner_found = []
    lacking = needed - certain if not node.some else 0.0
    lacking_p = needed - possible if not node.some else 0.0  # what it lacks if an analyst accepts the possible credit
    wait = 0.0 if met_c else wait_for(needed - certain if not node.some else 1 / 30, run.growth(certain_ids))
    short_of: list[str] = []  # nested minimums not met for certain, for the clause's own line
    for inner in node.including:
        nested, inner_questions = inner_tiers(node, inner, run, found)
        ic_ids, ip_ids, ic, ip = credit_of(run, nested)
        ok_c, ok_p = enough(ic, inner), enough(ip, inner)
        met_c = met_c and ok_c
        met_p = met_p and ok_p
        lacking_p = max(lacking_p, inner.months - ip)
        if not ok_c:
            wait = max(wait, wait_for(inner.months - ic, run.growth(ic_ids)))
            lacking = max(lacking, inner.months - ic)
            short_of.append(f"{name(inner, 'of which')} ({fmt(ic)} of {fmt(inner.months)} months)")
        if run.explain:
            inner_found.append((inner, nested, inner_questions))
            inner_reasons.append(
                Reason(
                    name(inner, "of which"),
                    MET if ok_c else REVIEW if ok_p else NOT_MET,
                    months_detail(ic, ip, inner, inner.summary or "of which qualifying")
                    + (decided(run, inner_questions) if run.answers else ""),
                    cite(node),
                    job_reasons(run, nested, node.paid) if run.explain >= JOBS else [],
                )
            )
    outcome = MET if met_c else REVIEW if met_p else NOT_MET
    short = node.lacking
    lacking_if_accepted = False
    if not met_c and short is not None and not node.some:
        if lacking <= short.months + EPS:
            outcome = CONDITIONAL  # "may file if lacking six months or less": admitted, appointed once met
        elif outcome == NOT_MET and lacking_p <= short.months + EPS:
            outcome = REVIEW  # with the possible credit an analyst may accept, it lacks no more than that
            lacking_if_accepted = True
    if not run.explain:
        return Eval(outcome, Reason(name(node, "Experience"), outcome), node.label, wait, fraction(certain, needed))
    label = name(node, "Experience")
    detail = ""  # what follows the arithmetic, which a summary writes only if it is read (see _words)
    if len(certain_ids) > 1:  # one span overlaps nothing: its months are the credit, to the bit
        overlap = sum(run.spans[k].months * run.spans[k].rate * found[k][2] for k in certain_ids) + sub_c - certain
        # only where periods do overlap, and never "(-0 months)": the figure is cut to hundredths (jobs
        # end to end may add to a hair more than their union, whose days fall in other months)
        if overlap > EPS and fmt(overlap) != "0" and overlapping(run, certain_ids):
            detail += f"; overlapping periods counted once, at most full time (-{fmt(overlap)} months)"
    detail += note
    if short_of:
        detail += "; not met: " + ", ".join(short_of)
    if outcome == CONDITIONAL or lacking_if_accepted:
        where = f" ({cite_lacking(short)})" if short.citation is not None else ""
        lacks = f"lacks {shortfall(lacking)} months" if outcome == CONDITIONAL else (
            f"lacks {shortfall(lacking)} months, {shortfall(lacking_p)} if an analyst accepts the possible credit"
        )
        detail += f"; {lacks}, at most {fmt(short.months)} may be lacking{where}: {short.condition}"
    if run.answers:
        detail += decided(run, questions)
    asks = found if outcome in (REVIEW, CONDITIONAL) and possible > certain + EPS else None
    # the questions that can still change the outcome (only for review), and those answered
    review = outcome == REVIEW
    points = []
    if questions:
        have = certain - sub_c  # the certain credit of the jobs, which an open question adds to
        points = job_points(node, run, found, _open(questions, review), label, needed, node.some, sub_c, have)
    for inner, nested, inner_questions in inner_found:
        if inner_questions:
            points += job_points(inner, run, nested, _open(inner_questions, review), name(inner, "of which"), inner.months, False)
    if made_up is not None and (review or made_up[1]):
        question, det, more = made_up
        effect = f"+{fmt(more)} months toward {label}"
        points.append(DecisionPoint(id(node), "education", SPECIFIC, label, question, effect, cite(node), det, 0.0, False))
    children = job_reasons(run, found, node.paid) + inner_reasons if run.explain >= JOBS else inner_reasons
    if run.explain == SUMMARY:
        reason: Reason = LazyReason(label, outcome, partial(_words, certain, possible, node, detail, asks), cite(node), children)
    else:
        reason = Reason(label, outcome, _words(certain, possible, node, detail, asks), cite(node), children)
    return Eval(outcome, reason, node.label, wait, fraction(certain, needed), points)


def _words(certain: float, possible: float, node, rest: str, asks) -> str:
    """An experience clause's detail: its arithmetic, ``rest`` (overlaps, notes, what it lacks, the
    answers), then what an analyst must decide of the jobs ``asks`` (None: nothing). Only values, no
    run: words held for later (LazyReason) would keep the run and every reason it made alive."""
    detail = months_detail(certain, possible, node, node.summary or "qualifying experience") + rest
    return detail + possible_questions(asks) if asks is not None else detail


def overlapping(run: Run, ids: tuple[int, ...]) -> bool:
    """Whether any two of these spans share a day."""
    last = None  # the latest end so far, in order of start
    for s in sorted((run.spans[k] for k in ids), key=lambda s: s.start):
        if last is not None and s.start <= last:
            return True
        last = s.end if last is None else max(last, s.end)
    return False


def _open(questions: list, review: bool) -> list:
    """The questions a result shows: all of them for review, else the answered ones."""
    return questions if review else [q for q in questions if q[2] is not None]


def decided(run: Run, questions) -> str:
    """The analyst's answers a requirement's credit rests on, as a clause to append to its reason."""
    words = [f"{run.spans[k].job.label()}: {det.words()}" for k, _, det in questions if det is not None]
    return "; " + "; ".join(words) if words else ""


def cite_lacking(short) -> str:
    citation = short.citation
    return ", ".join(x for x in (citation.section, citation.pattern) if x)


def months_detail(certain: float, possible: float, node, what: str) -> str:
    if getattr(node, "hours", None) and node.months:
        per = node.hours / node.months  # the series' hours per month
        text = f"{what}: {fmt(round(certain * per))} of {fmt(node.hours)} hours credited ({pct(certain, node.months)})"
        if possible > certain + 0.005:
            text += f"; {fmt(round(possible * per))} hours if an analyst accepts the possible credit"
        return text
    if node.some:
        text = f"{what}: {fmt(certain)} months credited (any amount meets)"
    elif node.months <= 0:
        text = f"{what}: no experience required ({fmt(certain)} months credited)"
    else:
        text = f"{what}: {fmt(certain)} of {fmt(node.months)} months credited ({pct(certain, node.months)})"
    if possible > certain + 0.005:
        text += f"; {fmt(possible)} months if an analyst accepts the possible credit"
    return text


def worked(job, run: Run) -> str:
    """The hours a record says were worked in a job, against full time over the job's months, in words."""
    whole = months_between(job.start, job.end if job.end is not None else run.as_of)
    per_month = run.crediting.hours_per_month
    return f"{fmt(job.hours_worked)} hours worked; full time over its {fmt(whole)} months is {fmt(round(whole * per_month, 2))}"


def job_reasons(run: Run, found, paid: bool = False) -> list[Reason]:
    """A line for every job: its dates, months and share of full time, and why it counts or not.

    A job that counts says which of its facts are assumed for want of them in the record
    (its hours, and whether it was paid where the clause asks for paid work).
    """
    out = []
    full = run.crediting.full_time_hours
    for span, (tier, why, share) in zip(run.spans, found):
        job = span.job
        when = f"{span.start} to {span.end}" + (" (to the as-of date)" if span.ongoing else "")
        if tier == NONE:
            out.append(Reason(job.label(), NOT_MET, f"{when}: does not count: {why}"))
            continue
        months = span.months * span.rate * share
        part_time = ""
        if job.hours_worked is not None:  # the hours the record gives, not the job's weeks
            part_time = f" × {fmt(span.rate * 100)}% ({worked(job, run)})" if span.rate < 1 else f" ({worked(job, run)})"
        elif span.rate * share == 1 and span.rate < 1:
            part_time = f" ({fmt(job.hours_per_week)} h a week, counted as calendar time)"
        elif span.rate < 1:
            part_time = f" × {fmt(job.hours_per_week)}/{fmt(full)} h a week"
        if share < 1:
            part_time += f" × {fmt(round(share * 100, 2))}% of the time in qualifying duties"
        facts = [f for f in job.assumed if paid or f != "paid"]
        if facts:
            part_time += f" (assumed: {' and '.join(facts)}, as the record does not say)"
        policy = [w for k, (_, w) in job.presumed.items() if paid or k != "paid"]
        if policy:
            part_time += f" ({BY_POLICY}: {' and '.join(policy)})"
        detail = f"{when}: {fmt(span.months)} months{part_time} = {fmt(months)} months"
        if tier == CERTAIN:
            out.append(Reason(job.label(), MET, detail + (f" ({why})" if why else "")))
        else:
            out.append(Reason(job.label(), REVIEW, f"{detail}, possible credit: {why}"))
    for job in run.later:
        out.append(Reason(job.label(), NOT_MET, f"starts {job.start}, after the as-of date {run.as_of}"))
    return out
