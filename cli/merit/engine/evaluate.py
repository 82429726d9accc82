"""Judging a requirement tree: each clause three ways at once, and the tree's combinators.

Every requirement is judged on credit that is certain and on credit that an
analyst might accept. If the certain credit meets it, it is met; if even the
possible credit does not, it is not met; otherwise it is for review, and the
reason says what the analyst must decide. Each kind of clause is
judged by its own module under merit.kinds (``any_of``, ``all_of`` and
``judgment`` combine the outcomes of the clauses under them); this module holds
what they share: the outcome (``Eval``), the memo and ``otherwise: review``.
"""

from __future__ import annotations

import math

from merit.engine.points import answered, clause_point
from merit.engine.timeline import Run
from merit.engine.wording import name
from merit.model.decisions import ACCEPT, CATCH_ALL, CONDITIONAL, MET, NOT_MET, REVIEW, DecisionPoint, Reason

INF = math.inf
ORDER: dict[str, int] = {NOT_MET: 0, REVIEW: 1, CONDITIONAL: 2, MET: 3}  # outcomes worst first; a word read back from a file finds its rank too


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
    judge = KINDS.get(node.kind) or _registered(node.kind)
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


# How each kind of clause is judged, by the spec format's key: filled by the registry of kinds
# (merit.kinds) when it is imported, which it is wherever a node exists (each node type lives in its
# kind's module). The engine does not import the registry, whose modules import the spec format.
KINDS: dict = {}


def _registered(kind: str):
    from merit.kinds import REGISTRY

    return REGISTRY[kind].judge
