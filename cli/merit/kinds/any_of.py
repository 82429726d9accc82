"""``any_of``: alternatives, any one meets ("Either I ... Or II ..."); some may combine on a proportional basis.

Combining alternatives on a proportional basis is merit.engine.proportional's arithmetic.
"""

from __future__ import annotations

from merit.engine import proportional as _proportional
from merit.engine.evaluate import INF, ORDER, Eval, evaluate
from merit.engine.points import carry
from merit.engine.timeline import Run
from merit.engine.wording import cite, name
from merit.kinds.format import NODE, Words, clause
from merit.model.decisions import CONDITIONAL, MET, NOT_MET, REVIEW, Reason
from merit.requirements import Node, Parent
from merit.schema import Field
from merit.schema_types import ListOf

KEY = "any_of"
LABEL = "any_of"  # how an outline names the clause when the source gives no label


class AnyOf(Parent):
    """Alternatives: any one meets ("Either I … Or II …"); some may combine on a proportional basis."""

    __slots__ = ("proportional",)
    kind = KEY

    def __init__(self, children: list[Node], proportional: tuple[str, ...] = (), **common) -> None:
        super().__init__(**common)
        self.children = children
        self.proportional = proportional  # ids of children combined on a proportional basis


def build(values, common) -> AnyOf:
    return AnyOf(values["any_of"], tuple(values.get("proportional") or ()), **common)


RECORD = clause(
    "any_of requirement",
    {
        "any_of": Field(ListOf(NODE), required=True, description="alternatives: any one meets"),
        "proportional": Field(
            Words(), description="ids of the alternatives whose experience (or units) may be combined proportionally"
        ),
    },
    build,
)


def judge(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
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


def grouped(child, plain) -> str:
    """A clause under another in plain words, in parentheses when it is itself alternatives or parts that
    its words run together ("a; or (b; and c)"), so that the grouping of the source survives."""
    text = plain(child)
    if child.kind in ("any_of", "all_of") and not child.summary.strip() and len(child.children) > 1:
        return f"({text})"
    return text


def words(node, plain) -> str:
    """The alternatives, each in plain words (``plain`` words a clause under this one)."""
    return "; or ".join(grouped(c, plain) for c in node.children)


def notes(node) -> list[str]:
    out = ["any one of these meets"]
    if node.proportional:
        named = ", ".join(node.proportional)
        out.append(f"experience under {named} may be combined on a proportional basis")
    return out
