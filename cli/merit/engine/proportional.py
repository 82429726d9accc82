"""Alternatives combined on a proportional basis: each pattern's experience as a fraction of its own requirement.

"Experience applicable to either of the following patterns may be combined on
a proportional basis": the fractions add, and 100% meets. A period of
experience is credited to one pattern only, the one where it counts most.
"""

from __future__ import annotations

from merit.engine.calendar import ONE_DAY, months_between
from merit.engine.coursework import shares
from merit.engine.credit import CERTAIN, POSSIBLE
from merit.engine.evaluate import Eval, evaluate
from merit.engine.experience import _open, asked, decided, fraction, inner_tiers, members, tiers, wait_for
from merit.engine.points import carry, clause_point, job_points
from merit.engine.timeline import Run
from merit.engine.wording import EPS, cite, fmt, name, pct
from merit.model.decisions import MET, NOT_MET, REVIEW, SPECIFIC, DecisionPoint, Reason


def proportional(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    """Alternatives combined on a proportional basis: each period counts once, where it counts most."""
    patterns = [c for c in node.children if c.id in node.proportional and c.kind == "experience"]
    # coursework counts as its share of the units asked ("education beyond the first 60 semester hours")
    study_nodes = [c for c in node.children if c.id in node.proportional and c.kind == "coursework"]
    studies = [evaluate(c, run, exclude) for c in study_nodes]
    # (certain share, possible share, question, answer): units an analyst has yet to accept count only possibly
    study_shares = [shares(c, run) for c in study_nodes]
    names = " + ".join(name(p, p.id or "?") for p in [c for c in node.children if c.id in node.proportional])
    label = f"{names} combined"
    found = [tiers(p, run, exclude) for p in patterns]
    nested = [[inner_tiers(p, i, run, t) for i in p.including] for p, t in zip(patterns, found)]
    inner_found = [[it for it, _ in its] for its in nested]
    result = {}
    # the days a job starts or ends, and the spans that start (+1) or stop (-1) on each: the same for both passes
    change: dict = {}
    for i, s in enumerate(run.spans):
        change.setdefault(s.start, []).append((i, 1.0))
        change.setdefault(s.end + ONE_DAY, []).append((i, -1.0))
    days = sorted(change)
    for least in (CERTAIN, POSSIBLE):
        # span -> what it adds to each pattern's share of full time (and each nested minimum's) while it runs:
        # its rate times the share of its time that counts, for the patterns that credit it
        adds: list[list[tuple[int, float]]] = [[] for _ in run.spans]
        inner_adds: list[list[tuple[int, int, float]]] = [[] for _ in run.spans]
        for k, t in enumerate(found):
            for i in members(t, least):
                adds[i].append((k, run.spans[i].rate * t[i][2]))
            for j, it in enumerate(inner_found[k]):
                for i in members(it, least):
                    inner_adds[i].append((k, j, run.spans[i].rate * it[i][2]))
        months = [0.0] * len(patterns)
        inner_months = [[0.0] * len(p.including) for p in patterns]
        runs: list[list] = []  # [pattern, rate, inner rates, first, last]
        # one sweep over the days a job starts or ends, keeping each pattern's share of full time
        # (and each nested minimum's) as jobs come and go: linear in the jobs, however they overlap
        level = [0.0] * len(patterns)
        inner_level = [[0.0] * len(p.including) for p in patterns]
        for a, nxt in zip(days, days[1:]):
            for i, sign in change[a]:
                for k, add in adds[i]:
                    level[k] += add if sign > 0 else -add
                for k, j, add in inner_adds[i]:
                    inner_level[k][j] += add if sign > 0 else -add
            best_inner: tuple[float, ...]
            best_k, best_value, best_rate, best_inner = -1, 0.0, 0.0, ()
            for k, p in enumerate(patterns):
                if not level[k]:
                    continue  # no credit here: the pattern cannot be the best
                rate = min(1.0, round(level[k], 9))
                value = rate / p.months if p.months else rate
                if value > best_value + EPS:
                    inner = tuple(min(1.0, round(x, 9)) for x in inner_level[k])
                    best_k, best_value, best_rate, best_inner = k, value, rate, inner
            if best_k < 0:
                continue
            b = nxt - ONE_DAY
            last = runs[-1] if runs else None
            if last and last[0] == best_k and last[1] == best_rate and last[2] == best_inner and last[4] + ONE_DAY == a:
                last[4] = b
            else:
                runs.append([best_k, best_rate, best_inner, a, b])
        for k, rate, inner, a, b in runs:
            m = months_between(a, b)
            months[k] += m * rate
            for j, r in enumerate(inner):
                inner_months[k][j] += m * r
        fractions = []
        for k, p in enumerate(patterns):
            f = fraction(months[k], p.months)
            for j, inc in enumerate(p.including):
                f = min(f, fraction(inner_months[k][j], inc.months))
            fractions.append(f)
        result[least] = (months, fractions, sum(fractions) + sum(x[0] if least == CERTAIN else x[1] for x in study_shares))
    c_months, c_fracs, c_total = result[CERTAIN]
    p_months, p_fracs, p_total = result[POSSIBLE]
    outcome = MET if c_total >= 1 - EPS else REVIEW if p_total >= 1 - EPS else NOT_MET
    growth = max(
        (run.growth(members(t, CERTAIN)) / p.months for p, t in zip(patterns, found) if p.months), default=0.0
    )
    wait = 0.0 if outcome == MET else wait_for(1 - c_total, growth)
    if outcome == MET:  # name the path by the patterns that gave credit
        gave = [name(p, p.id or "?") for p, m in zip(patterns, c_months) if m > 0]
        gave += [e.reason.requirement for e, x in zip(studies, study_shares) if x[0] > 0]
        label = " + ".join(gave) + " combined"
    if not run.explain:
        return Eval(outcome, Reason(label, outcome), label, wait, c_total)
    parts = [
        f"{name(p, p.id or '?')} {fmt(m)}/{fmt(p.months)} months = {pct(f, 1)}"
        for p, m, f in zip(patterns, c_months, c_fracs)
        if m > 0
    ]
    parts += [f"{e.reason.requirement} {pct(x[0], 1)}" for e, x in zip(studies, study_shares) if x[0] > 0]
    detail = (" + ".join(parts) or "no certain credit") + f" → {pct(c_total, 1)} of 100%"
    if p_total > c_total + EPS:
        more = [f"{name(p, p.id or '?')} {fmt(m)}/{fmt(p.months)}" for p, m in zip(patterns, p_months) if m > 0]
        more += [f"{e.reason.requirement} {pct(x[1], 1)}" for e, x in zip(studies, study_shares) if x[1] > x[0] + EPS]
        detail += f"; with the possible credit ({' + '.join(more)}) {pct(p_total, 1)}"
    if outcome == REVIEW:
        whys = sorted({x[1] for t in found for x in t if x[0] == POSSIBLE and x[1]})
        whys += [f"{e.reason.requirement}: {x[2]}" for e, x in zip(studies, study_shares) if x[2] and x[3] is None]
        if whys:
            detail += "; an analyst must decide: " + "; ".join(whys)
    detail += "; each period is credited to one pattern only, the one where it counts most"
    # the questions are the patterns' own (a job's possible credit toward Pattern I is one question,
    # whether Pattern I is met alone or combined)
    points: list[DecisionPoint] = []
    review = outcome == REVIEW
    if review or run.answers:
        for p, t, its in zip(patterns, found, nested):
            questions = _open(asked(p, run, exclude), review)
            detail += decided(run, questions)
            alone = evaluate(p, run, exclude)  # judged already, as an alternative of its own
            if review and alone.outcome == REVIEW:
                points += alone.points  # the same questions, already asked
                continue
            points += job_points(p, run, t, questions, name(p, p.id or "?"), p.months, False)
            for inner, (it, inner_questions) in zip(p.including, its):
                points += job_points(inner, run, it, _open(inner_questions, review), name(inner, "of which"), inner.months, False)
    asked_here, answers = _study_points(study_nodes, studies, study_shares, review)
    detail += answers
    points += asked_here + list(carry(outcome, studies, run))
    return Eval(outcome, Reason(label, outcome, detail, cite(node)), label, wait, c_total, points)


def _study_points(nodes, studies: list[Eval], found: list[tuple], review: bool) -> tuple[list, str]:
    """The questions of coursework whose units count only if an analyst accepts them (the coursework's own
    point, asked here where its clause alone would not be met either way), and the answers given."""
    points, words = [], ""
    for node, e, (_, _, question, det) in zip(nodes, studies, found):
        if question and (det is not None or (review and not any(p.entry == "coursework" for p in e.points))):
            points.append(clause_point(node, "coursework", SPECIFIC, e.reason.requirement, question, det))
        if det is not None:
            words += f"; {e.reason.requirement}: {question}: {det.words()}"
    return points, words
