"""Judging a requirement tree: each clause three ways at once, and the tree's combinators.

Every requirement is judged on credit that is certain and on credit that an
analyst might accept. If the certain credit meets it, it is met; if even the
possible credit does not, it is not met; otherwise it is for review, and the
reason says what the analyst must decide. ``any_of``, ``all_of`` and
``judgment`` combine the outcomes of the clauses under them; the leaves live in
their own modules (experience, education).
"""

from __future__ import annotations

import math

from merit.engine.points import answered, carry, clause_point
from merit.engine.timeline import Run
from merit.engine.wording import cite, name
from merit.model import ACCEPT, CATCH_ALL, CONDITIONAL, MET, NOT_MET, REVIEW, DecisionPoint, Reason

INF = math.inf
ORDER = {NOT_MET: 0, REVIEW: 1, CONDITIONAL: 2, MET: 3}


class Eval:
    """The outcome of one requirement: status, reason, path met and months still to wait."""

    __slots__ = ("outcome", "reason", "path", "wait", "fraction", "points")

    def __init__(
        self,
        outcome: str,
        reason: Reason,
        path: str | None,
        wait: float,
        fraction: float = 0.0,
        points: list[DecisionPoint] | tuple = (),
    ) -> None:
        self.outcome = outcome
        self.reason = reason
        self.path = path
        self.wait = wait  # months until certainly met if current jobs go on; 0 when met, inf when it cannot be told
        self.fraction = fraction  # share of the requirement met for certain
        # the decision points that can still change this outcome, and those answered (built with reasons only)
        self.points = points


def evaluate(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    """The outcome of one requirement for the run's applicant and day, with reasons to the run's level.

    ``exclude`` names spans given to another part of a requirement whose parts may
    not share a period.
    """
    # One run may meet a clause again: under a judgment clause that names it, and
    # for each way of sharing jobs between parts that may not overlap.
    key = (id(node), exclude, run.explain)
    hit = run._evals.get(key)
    if hit is not None:
        return hit
    judge = KINDS.get(node.kind)
    if judge is None:  # an unresolved ref; the loader reports it, so this is only reached on a broken spec
        ev = Eval(REVIEW, Reason(name(node, "reference"), REVIEW, "the spec refers to a missing clause"), None, INF)
    else:
        ev = judge(node, run, exclude)
    if ev.outcome == NOT_MET and node.short == "review":
        _otherwise(node, ev, run)
    ev.reason.share = ev.fraction
    run._evals[key] = ev
    return ev


def _otherwise(node, ev: Eval, run: Run) -> None:
    """``otherwise: review``: a clause not met as stated is for an analyst, whose answer settles it."""
    det = run.answer(node, "otherwise")
    room = f"not met as stated, but the source leaves room for judgment: {node.because}"
    if det is not None and det.answer == ACCEPT:
        ev.outcome = ev.reason.outcome = MET
        ev.path = node.label or ev.path or name(node, "the clause")
        ev.wait, ev.fraction = 0.0, 1.0
    elif det is None:
        ev.outcome = ev.reason.outcome = REVIEW
    if run.explain:
        ev.reason.detail += f"; {room}" + (f"; {det.words()}" if det is not None else "")
        label = name(node, "the requirement")
        ev.points = [clause_point(node, "otherwise", CATCH_ALL, label, room, det), *answered(ev.points, run)]


def any_of(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    evals = [evaluate(child, run, exclude) for child in node.children]
    # In one pass (this runs for every alternative of every class): the alternative that goes
    # furthest (met, then conditional, then review; the first among equals), the least wait
    # and the largest share met, each as min() and max() would find it.
    best, wait, fraction = None, INF, 0.0
    for ev in evals:
        if best is None:
            best, wait, fraction = ev, ev.wait, ev.fraction
            continue
        if ORDER[ev.outcome] > ORDER[best.outcome]:
            best = ev
        if ev.wait < wait:
            wait = ev.wait
        if ev.fraction > fraction:
            fraction = ev.fraction
    if node.proportional and (best is None or best.outcome != MET):
        combined = _proportional.proportional(node, run, exclude)
        evals.append(combined)
        wait = min(wait, combined.wait)
        if best is None or ORDER[combined.outcome] > ORDER[best.outcome]:
            best = combined
        fraction = max(fraction, combined.fraction) if len(evals) > 1 else combined.fraction
    outcome = best.outcome if best else NOT_MET
    path = None
    if best is not None and outcome in (MET, CONDITIONAL):
        path = best.path
    if not run.explain:
        return Eval(outcome, Reason(name(node, "Any of"), outcome), path, wait, fraction)
    points = carry(outcome, evals, run)
    if outcome in (MET, CONDITIONAL):
        detail = f"met by {path}" if outcome == MET else f"met on a condition by {path}"
    elif outcome == REVIEW:
        which = [e.reason.requirement for e in evals if e.outcome == REVIEW]
        detail = "no alternative is met for certain; an analyst must decide " + " or ".join(which)
    else:
        detail = "no alternative is met"
    reason = Reason(name(node, "Any of"), outcome, detail, cite(node), [e.reason for e in evals])
    return Eval(outcome, reason, path, wait, fraction, points)


def all_of(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    if node.distinct_periods:
        evals = _distinct.distinct(node, run, exclude)
    else:
        evals = [evaluate(child, run, exclude) for child in node.children]
    outcome = min([e.outcome for e in evals], key=ORDER.__getitem__, default=MET)
    wait = max([e.wait for e in evals], default=0.0)
    if wait == INF and node.distinct_periods and outcome != MET and not run.probe and all(
        e.outcome == MET or e.wait < INF or _distinct.experience_leaves(child) for child, e in zip(node.children, evals)
    ):
        # a part short because a current job went to another part: the job goes on, and may serve both
        # (unless a part that experience cannot make up, a degree, is short: then time does not help)
        wait = _distinct.wait_estimate(node, run, exclude)
    # how far the parts go together, so a reader can tell which alternative came closest
    fraction = sum([min(e.fraction, 1.0) for e in evals]) / len(evals) if evals else 1.0
    path = node.label
    if path is None:
        parts = [e.path for e in evals if e.path]
        path = " + ".join(parts) if parts else None
    if not run.explain:
        return Eval(outcome, Reason(name(node, "All of"), outcome), path, wait, fraction)
    short = [e.reason.requirement for e in evals if e.outcome == NOT_MET]
    unsure = [e.reason.requirement for e in evals if e.outcome == REVIEW]
    if outcome == MET:
        detail = "every part is met"
    elif outcome == CONDITIONAL:
        detail = "every part is met, one on a condition"
    elif short:
        detail = "not met: " + ", ".join(short)
    else:
        detail = "an analyst must decide: " + ", ".join(unsure)
    if node.distinct_periods:
        detail += "; a period of experience counts toward one part only"
    reason = Reason(name(node, "All of"), outcome, detail, cite(node), [e.reason for e in evals])
    return Eval(outcome, reason, path, wait, fraction, carry(outcome, evals, run))


def judgment(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    label = name(node, "Judgment")
    subs = []
    if node.children:
        sub = evaluate(node.children[0], run)
        if sub.outcome == NOT_MET:
            detail = f"does not apply: it needs {sub.reason.requirement}, which is not met"
            return Eval(NOT_MET, Reason(label, NOT_MET, detail, cite(node), [sub.reason]), None, INF)
        subs.append(sub)
    det = run.answer(node, "judgment")
    if det is None:
        outcome, detail, path, wait = REVIEW, f"an analyst must decide: {node.because}", None, INF
    else:
        outcome = MET if det.answer == ACCEPT else NOT_MET
        detail = f"{det.words()} (the source leaves it to an analyst: {node.because})"
        path, wait = (node.label or label, 0.0) if outcome == MET else (None, INF)
    points: list = []
    if run.explain:
        question = f"an analyst must decide: {node.because}"
        points = [clause_point(node, "judgment", CATCH_ALL, label, question, det), *carry(outcome, subs, run)]
    reason = Reason(label, outcome, detail, cite(node), [e.reason for e in subs])
    return Eval(outcome, reason, path, wait, 1.0 if outcome == MET else 0.0, points)


# The leaves and the two combinations live in modules of their own, which use Eval
# and evaluate from here: imported last, once both exist.
from merit.engine import distinct as _distinct  # noqa: E402
from merit.engine import proportional as _proportional  # noqa: E402
from merit.engine.coursework import coursework  # noqa: E402
from merit.engine.credentials import license_clause  # noqa: E402
from merit.engine.education import education  # noqa: E402
from merit.engine.experience import experience  # noqa: E402

# How each kind of clause is judged, by the spec format's key.
KINDS = {
    "any_of": any_of,
    "all_of": all_of,
    "judgment": judgment,
    "experience": experience,
    "education": education,
    "coursework": coursework,
    "license": license_clause,
}
