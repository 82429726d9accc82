"""Experience requirements: how each job counts, how jobs add up, and nested minimums.

Each span (a job as of the run's day) gets a tier under the requirement's credit
rules: certain, possible (an analyst's call) or none. The certain spans'
union is the credit that meets; the possible spans' union is what an analyst
might accept.
"""

from __future__ import annotations

from merit.engine.credit import CERTAIN, NONE, POSSIBLE, RANK
from merit.engine.evaluate import INF, Eval
from merit.engine.timeline import JOBS, Run
from merit.engine.wording import EPS, cite, fmt, hours, name, pct, questions
from merit.model import MET, NOT_MET, REVIEW, Reason


def tiers(node, run: Run, exclude: frozenset) -> list[tuple[str, str, float]]:
    """How each span counts toward an experience requirement: (tier, why, share of its time that counts).

    A pattern and its proportional combination share these.
    """
    key = (id(node), exclude, run.explain >= JOBS)  # job lines need the why of each tier
    out = run._tiers.get(key)
    if out is not None:
        return out
    out = []
    capped = f"{node.judgment} (an analyst must confirm)" if node.judgment else None
    for span in run.spans:
        if span.key in exclude:
            out.append((NONE, "credited to another part of this requirement", 0.0))
        else:
            found = run.credit(node.credit, node.paid, span)
            out.append((POSSIBLE, capped, found[2]) if capped and found[0] == CERTAIN else found)
    run._tiers[key] = out
    return out


def members(found, least: str) -> tuple[int, ...]:
    """The spans credited at least ``least`` (certain, or possible, which includes certain)."""
    if least == CERTAIN:
        return tuple(k for k, t in enumerate(found) if t[0] == CERTAIN)
    return tuple(k for k, t in enumerate(found) if t[0] != NONE)


def split(found) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The spans credited for certain, and those credited at least possibly, in one pass."""
    certain, possible = [], []
    for k, (tier, _, _) in enumerate(found):
        if tier != NONE:
            possible.append(k)
            if tier == CERTAIN:
                certain.append(k)
    return tuple(certain), tuple(possible)


def weakest(outer, inner):
    """Span by span, the lower of two tiers: a nested minimum counts only what its pattern counts."""
    out = []
    for a, b in zip(outer, inner):
        out.append(a if RANK[a[0]] <= RANK[b[0]] else b)
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


def credited(run: Run, found, ids: tuple[int, ...]) -> float:
    """Months these spans credit together, each at its share of time where a rule prorates it."""
    if not ids:
        return 0.0
    shares = tuple(found[k][2] for k in ids)
    if all(x == 1.0 for x in shares):
        return run.union(ids)
    return run.union(ids, shares)


def experience(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    found = tiers(node, run, exclude)
    certain_ids, possible_ids = split(found)
    certain = credited(run, found, certain_ids)
    possible = credited(run, found, possible_ids)
    needed = need(node)
    met_c = enough(certain, node)
    met_p = enough(possible, node)
    inner_reasons = []
    wait = 0.0 if met_c else wait_for(needed - certain if not node.some else 1 / 30, run.growth(certain_ids))
    for inner in node.including:
        inner_tiers = weakest(found, [run.credit(inner.credit, node.paid, s) for s in run.spans])
        ic_ids, ip_ids = split(inner_tiers)
        ic, ip = credited(run, inner_tiers, ic_ids), credited(run, inner_tiers, ip_ids)
        ok_c, ok_p = enough(ic, inner), enough(ip, inner)
        met_c = met_c and ok_c
        met_p = met_p and ok_p
        if not ok_c:
            wait = max(wait, wait_for(inner.months - ic, run.growth(ic_ids)))
        if run.explain:
            inner_reasons.append(
                Reason(
                    name(inner, "of which"),
                    MET if ok_c else REVIEW if ok_p else NOT_MET,
                    months_detail(ic, ip, inner, inner.summary or "of which qualifying"),
                    cite(node),
                    job_reasons(run, inner_tiers) if run.explain >= JOBS else [],
                )
            )
    outcome = MET if met_c else REVIEW if met_p else NOT_MET
    if not run.explain:
        return Eval(outcome, Reason(name(node, "Experience"), outcome), node.label, wait, fraction(certain, needed))
    detail = months_detail(certain, possible, node, node.summary or "qualifying experience")
    overlap = sum(run.spans[k].months * run.spans[k].rate * found[k][2] for k in certain_ids) - certain
    if overlap > 0.005:
        detail += f"; overlapping periods counted once, at most full time (-{fmt(overlap)} months)"
    if outcome == REVIEW:
        detail += possible_questions(found)
    children = job_reasons(run, found) + inner_reasons if run.explain >= JOBS else inner_reasons
    reason = Reason(name(node, "Experience"), outcome, detail, cite(node), children)
    return Eval(outcome, reason, node.label, wait, fraction(certain, needed))


def months_detail(certain: float, possible: float, node, what: str) -> str:
    if node.some:
        text = f"{what}: {fmt(certain)} months credited (any amount meets)"
    elif node.months <= 0:
        text = f"{what}: no experience required ({fmt(certain)} months credited)"
    else:
        text = f"{what}: {fmt(certain)} of {fmt(node.months)} months credited ({pct(certain, node.months)})"
    if possible > certain + 0.005:
        text += f"; {fmt(possible)} months if an analyst accepts the possible credit"
    return text


def job_reasons(run: Run, found) -> list[Reason]:
    """A line for every job: its dates, months and share of full time, and why it counts or not."""
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
        if span.rate < 1:
            part_time = f" × {hours(job.hours_per_week)}/{hours(full)} h a week"
        if share < 1:
            part_time += f" × {hours(round(share * 100, 2))}% of the time in qualifying duties"
        detail = f"{when}: {fmt(span.months)} months{part_time} = {fmt(months)} months"
        if tier == CERTAIN:
            out.append(Reason(job.label(), MET, detail + (f" ({why})" if why else "")))
        else:
            out.append(Reason(job.label(), REVIEW, f"{detail}, possible credit: {why}"))
    for job in run.later:
        out.append(Reason(job.label(), NOT_MET, f"starts {job.start}, after the as-of date {run.as_of}"))
    return out
