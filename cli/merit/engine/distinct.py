"""Parts that may not share a period ("general AND specific experience"): each job credited to one part.

A job that several parts would take goes whole to the part where it helps
most; when no such sharing meets every part, the job is divided: one part takes
its first stretch, as little as that part needs, and another the rest. Jobs
held at the same time and given to different parts count no more than full
time together, as within one part.
"""

from __future__ import annotations

import datetime as dt
import itertools

from merit.engine.credit import CERTAIN, NONE
from merit.engine.evaluate import INF, ORDER, Eval, evaluate
from merit.engine.timeline import OUTCOMES, Run
from merit.engine.wording import EPS, fmt, name
from merit.model.decisions import CONDITIONAL, MET, NOT_MET, Reason


def experience_leaves(node) -> list:
    """The experience requirements in a part, through its alternatives and all-ofs, and experience
    substituted for its education ("may be substituted for the required degree only")."""
    if node.kind == "experience":
        return [node]
    if node.kind in ("any_of", "all_of"):
        return [leaf for child in node.children for leaf in experience_leaves(child)]
    if node.kind == "education" and node.substitution is not None:
        return [node.substitution.experience]
    return []


def distinct(node, run: Run, exclude: frozenset = frozenset()) -> list[Eval]:
    """Evaluate parts whose periods may not overlap, giving each shared job to the part where it helps most.

    A job goes whole to one part, or, when no such sharing meets every part, is
    divided: one part takes the first stretch of it, as little as that part
    needs, and another takes the rest.
    """
    # a part may itself be alternatives of experience ("two years of customer service ... or two years
    # of field work"), so a job is shared when any experience under two parts would take it
    leaves = {k: experience_leaves(c) for k, c in enumerate(node.children)}
    parts = [k for k, found in leaves.items() if found]
    shared: list[tuple[object, list[int]]] = []
    columns = {k: [run.credits(leaf.credit, leaf.paid) for leaf in leaves[k]] for k in parts}
    for span in run.spans:
        if span.key in exclude:
            continue
        takers = [k for k in parts if any(column[span.index][0] != NONE for column in columns[k])]
        if len(takers) > 1:
            shared.append((span.key, takers))
    at_once = _at_once(run, columns, exclude)

    def together(view: Run, exclusions: list[frozenset], evals: list[Eval]) -> list[Eval]:
        return _together(node, view, exclusions, evals) if at_once else evals

    if not shared:
        return together(run, [exclude] * len(node.children), [evaluate(child, run, exclude) for child in node.children])

    def excluded(owners: dict) -> list[frozenset]:
        """For each part, the spans these owners give to other parts."""
        return [exclude | frozenset(key for key, owner in owners.items() if owner != k) for k in range(len(node.children))]

    # The choices are scored on outcomes alone (reasons do not change a score);
    # only the best one is evaluated again with its reasons.
    level, run.explain = run.explain, OUTCOMES
    try:
        choices = 1
        for _, takers in shared:
            choices *= len(takers)
        if choices <= EXACT and len(run.spans) <= MANY:
            # few shared jobs: every way of giving them whole
            candidates = [dict(zip((key for key, _ in shared), choice)) for choice in itertools.product(*[t for _, t in shared])]
            boundary = [key for key, _ in shared]
        else:
            # many: a few sensible ways, each a pass in time order (the cost stays linear in the jobs)
            candidates, boundary = _greedy(run, shared, leaves, exclude)
        best = None  # (score, where a job is cut or None, owners, evals)
        for owners in candidates:
            exclusions = excluded(owners)
            evals = together(run, exclusions, [evaluate(child, run, ex) for child, ex in zip(node.children, exclusions)])
            if best is None or _score(evals) > best[0]:
                best = (_score(evals), None, owners, evals)
        if best is not None and best[0][0] < ORDER[MET]:
            takers_of = dict(shared)
            whole = best[2]  # each cut is tried from the best way of giving jobs whole: one job is cut, never two
            for key in boundary:
                for first, rest in itertools.permutations(takers_of[key], 2):
                    found = _divide(node, run, key, first, rest, whole, excluded, together)
                    if found is not None and found[0] > best[0]:
                        best = found
    finally:
        run.explain = level
    if best is None:
        return []
    _, cut, owners, evals = best
    if level == OUTCOMES:
        return evals
    view = run if cut is None else run.split(cut[0], cut[1], level)
    exclusions = excluded(owners)
    return together(view, exclusions, [evaluate(child, view, ex) for child, ex in zip(node.children, exclusions)])


def _at_once(run: Run, columns: dict, exclude: frozenset) -> bool:
    """Whether two jobs that parts take were held at the same time (only then may parts count one period twice)."""
    taken = sorted(
        (s.start, s.end)
        for s in run.spans
        if s.key not in exclude and any(c[s.index][0] != NONE for found in columns.values() for c in found)
    )
    last = None
    for start, end in taken:
        if last is not None and start <= last:
            return True
        last = end if last is None else max(last, end)
    return False


def _together(node, run: Run, exclusions: list[frozenset], evals: list[Eval]) -> list[Eval]:
    """The parts' evaluations, with the last of the parts met made not met where jobs held at the same
    time, given to different parts, count one period twice.

    Jobs held at once add their hours, never past full time, within one part as
    across parts: a buyer's job and a supervisor's job, full time in the same year,
    are one year of experience, not a year for each part. Checked on the parts that
    are one experience clause counted in proportion to full time, each taking what it
    needs of its certain credit: together they may take no more than their jobs
    give together.
    """
    met = [
        k
        for k, (child, e) in enumerate(zip(node.children, evals))
        if ORDER[e.outcome] >= ORDER[CONDITIONAL]
        and child.kind == "experience"
        and not (child.some or child.calendar or child.after or child.education_substitution or child.judgment)
    ]
    if len(met) < 2:
        return evals
    members: list[int] = []
    shares: list[float] = []
    used = []  # what each part takes of its certain credit: no more than it needs
    for k in met:
        child = node.children[k]
        column = run.credits(child.credit, child.paid)
        mine = [
            (i, credit[2])
            for i, span in enumerate(run.spans)
            if span.key not in exclusions[k] and (credit := column[span.index]) is not None and credit[0] == CERTAIN
        ]
        used.append(min(run.union(tuple(i for i, _ in mine), tuple(x for _, x in mine)), child.months))
        members += [i for i, _ in mine]
        shares += [x for _, x in mine]
    given = run.union(tuple(members), tuple(shares))
    if sum(used) <= given + EPS:
        return evals
    last = node.children[met[-1]]
    e = evals[met[-1]]
    left = max(0.0, given - sum(used[:-1]))  # what the jobs leave the last part once the others take theirs
    others = " and ".join(name(node.children[k], "experience") for k in met[:-1])
    why = (
        f"not met together: {others} takes {fmt(sum(used[:-1]))} months of the time the jobs give together, leaving {fmt(left)} of"
        f" {fmt(last.months)} (a period counts toward one part only; jobs held at the same time add their hours,"
        " never past full time)"
    )
    reason = Reason(e.reason.requirement, NOT_MET, "; ".join(x for x in (e.reason.detail, why) if x), e.reason.citation, e.reason.children)
    out = list(evals)
    out[met[-1]] = Eval(NOT_MET, reason, None, INF, min(e.fraction, left / last.months if last.months else 0.0), e.points)
    return out


def wait_estimate(node, run: Run, exclude: frozenset = frozenset()) -> float:
    """Months until parts that may not share a period could all be met, if current jobs go on: each
    part's own shortfall at the rate its current jobs add, and what they need together less what
    their jobs give together. Infinite when a part has no current job to grow by. Only an estimate
    for projection, which confirms the day by judging on it."""
    from merit.engine.experience import wait_for

    waits = []
    together: set[int] = set()
    needed = 0.0
    for found in (experience_leaves(child) for child in node.children):
        if not found:
            continue
        columns = [run.credits(leaf.credit, leaf.paid) for leaf in found]
        taken = tuple(
            k
            for k, span in enumerate(run.spans)
            if span.key not in exclude and any(column[span.index][0] == CERTAIN for column in columns)
        )
        need = max(leaf.months for leaf in found)
        needed += need
        together.update(taken)
        waits.append(wait_for(need - run.union(taken), run.growth(taken)))
    every = tuple(sorted(together))
    waits.append(wait_for(needed - run.union(every), run.growth(every)))
    return max(waits)


EXACT = 256  # ways of giving shared jobs whole that are all tried
MANY = 64  # jobs beyond which only a few ways are tried, so the cost stays linear in the jobs


def _greedy(run: Run, shared, leaves, exclude: frozenset) -> tuple[list[dict], list]:
    """A few ways of giving many shared jobs whole, and the jobs where cutting one may help.

    The main way walks the jobs in time order and gives each to the part that most
    needs it: the one that takes the fewest jobs (the most specific: supervisory
    experience before the general experience it is also part of), while it is short
    of its months counting the jobs no other part takes; then to the others. Each
    part whole is also tried.
    """
    spans = {s.key: (i, s) for i, s in enumerate(run.spans)}
    columns = {k: [run.credits(leaf.credit, leaf.paid) for leaf in found] for k, found in leaves.items()}
    takes = {k: 0 for k in leaves}
    have = dict.fromkeys(leaves, 0.0)
    held: dict = {k: [] for k in leaves}  # the spans each part counts so far, by place in the run
    shared_keys = {key for key, _ in shared}
    for i, s in enumerate(run.spans):
        if s.key in exclude:
            continue
        for k, column in columns.items():
            if any(c[s.index][0] != NONE for c in column):
                takes[k] += 1
                if s.key not in shared_keys:  # its own job: no other part wants it
                    have[k] += s.months * s.rate
                    held[k].append(i)
    wanted = {k: max((leaf.months for leaf in found), default=0.0) for k, found in leaves.items()}
    owners: dict = {}
    boundary: list = []
    for key, takers in sorted(shared, key=lambda item: spans[item[0]][1].start):
        ranked = sorted(takers, key=lambda k: takes[k])
        short = [k for k in ranked if have[k] < wanted[k]]
        owner = short[0] if short else ranked[-1]
        i, s = spans[key]
        before = have[owner]
        have[owner] += s.months * s.rate
        held[owner].append(i)
        if before < wanted[owner] <= have[owner]:
            # jobs held at the same time add no more than full time: the part is full only if their union says so
            have[owner] = run.union(tuple(sorted(held[owner])))
            if have[owner] >= wanted[owner] and len(boundary) < 4:
                boundary.append(key)  # the job that fills a part: cutting it may serve the next part too
        owners[key] = owner
    candidates = [owners]
    parts = sorted({k for _, takers in shared for k in takers})
    for k in parts:
        candidates.append({key: (k if k in takers else takers[0]) for key, takers in shared})
    return candidates, boundary


def _score(evals: list[Eval]) -> tuple[int, int, float]:
    """Every part met first, then as many met as can be, then the most credit."""
    return (
        min(ORDER[e.outcome] for e in evals),
        sum(ORDER[e.outcome] for e in evals),
        sum(min(e.fraction, 1.0) for e in evals),
    )


def _divide(node, run: Run, key: object, first: int, rest: int, owners: dict, excluded, together):
    """Cut the span ``key`` where part ``first`` is just met by its first stretch; part ``rest`` takes the rest.

    Credit only grows with the stretch, so the first day that meets the part is
    found by halving. None when even all but the last day of the job does not.
    """
    span = next(s for s in run.spans if s.key == key)
    days = (span.end - span.start).days  # the first stretch ends on one of days 0 .. days-1 of the span
    whole = {**owners, key: rest}
    if ORDER[evaluate(node.children[first], run, excluded(whole)[first]).outcome] >= ORDER[CONDITIONAL]:
        return None  # the part needs none of the job: giving the job whole to the other was tried
    whole[key] = first
    if ORDER[evaluate(node.children[rest], run, excluded(whole)[rest]).outcome] >= ORDER[CONDITIONAL]:
        return None  # the other part needs none of it: giving it whole to this one was tried
    divided = {k: v for k, v in owners.items() if k != key}
    divided[(key, 0)], divided[(key, 1)] = first, rest
    exclusions = excluded(divided)
    target = node.children[first]

    def met(day: int) -> bool:
        view = run.split(key, span.start + dt.timedelta(days=day), OUTCOMES)
        return ORDER[evaluate(target, view, exclusions[first]).outcome] >= ORDER[CONDITIONAL]

    if days < 1 or not met(days - 1):
        return None
    lo, hi = -1, days - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if met(mid):
            hi = mid
        else:
            lo = mid
    last = span.start + dt.timedelta(days=hi)
    view = run.split(key, last, OUTCOMES)
    evals = together(view, exclusions, [evaluate(child, view, ex) for child, ex in zip(node.children, exclusions)])
    return _score(evals), (key, last), divided, evals


