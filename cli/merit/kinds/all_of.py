"""``all_of``: every part must be met ("education AND general experience AND specific experience").

Parts that may not share a period of experience (``distinct_periods``) are merit.engine.distinct's arithmetic.
"""

from __future__ import annotations

from merit.engine import distinct as _distinct
from merit.engine.evaluate import INF, ORDER, Eval, evaluate
from merit.engine.points import carry
from merit.engine.timeline import Run
from merit.engine.wording import cite, name
from merit.kinds.any_of import grouped
from merit.kinds.format import NODE, clause
from merit.model.decisions import CONDITIONAL, MET, NOT_MET, REVIEW, Reason
from merit.requirements import Node, Parent
from merit.schema import Field
from merit.schema_types import Boolean, ListOf

KEY = "all_of"
DISTINCT = "a period of experience counts toward one part only"  # said wherever a part's credit is short for it
LABEL = "All of these"  # how an outline and the reasons name the clause when the source gives no label


class AllOf(Parent):
    """Every part must be met ("education AND general experience AND specific experience")."""

    __slots__ = ("distinct_periods",)
    kind = KEY

    def __init__(self, children: list[Node], distinct_periods: bool = False, **common) -> None:
        super().__init__(**common)
        self.children = children
        self.distinct_periods = distinct_periods  # a period of experience counts toward one part only


def build(values, common) -> AllOf:
    return AllOf(values["all_of"], bool(values.get("distinct_periods")), **common)


RECORD = clause(
    "all_of requirement",
    {
        "all_of": Field(ListOf(NODE), required=True, description="every one must be met"),
        "distinct_periods": Field(Boolean(), description="a period of experience counts toward one part only"),
    },
    build,
)


def judge(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
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
        return Eval(outcome, Reason(name(node, LABEL), outcome), path, wait, fraction)
    short = [e.reason.requirement for e in evals if e.outcome == NOT_MET]
    unsure = [e.reason.requirement for e in evals if e.outcome == REVIEW]
    if outcome == MET:
        detail = "every part is met"
    elif outcome == CONDITIONAL:
        on = [e.reason.requirement for e in evals if e.outcome == CONDITIONAL]
        detail = f"every part is met, {'one' if len(on) == 1 else len(on)} on a condition: {', '.join(on)}"
    elif short:
        detail = "not met: " + ", ".join(short)
    else:
        detail = "an analyst must decide: " + ", ".join(unsure)
    if node.distinct_periods:
        detail += f"; {DISTINCT}"
    reason = Reason(name(node, LABEL), outcome, detail, cite(node), [e.reason for e in evals])
    return Eval(outcome, reason, path, wait, fraction, carry(outcome, evals, run))


def words(node, plain) -> str:
    """The parts, each in plain words (``plain`` words a clause under this one)."""
    return "; and ".join(grouped(c, plain) for c in node.children)


def notes(node) -> list[str]:
    out = ["every part must be met"]
    if node.distinct_periods:
        out.append("a period of experience counts toward one part only")
    return out
