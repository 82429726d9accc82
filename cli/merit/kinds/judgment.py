"""``judgment``: the source leaves it to an analyst ("any equivalent combination ..."), optionally provided
another clause holds."""

from __future__ import annotations

from merit.engine.evaluate import INF, Eval, evaluate
from merit.engine.points import carry, clause_point
from merit.engine.timeline import Run
from merit.engine.wording import cite, name
from merit.kinds.format import NODE, clause
from merit.model.decisions import ACCEPT, CATCH_ALL, MET, NOT_MET, REVIEW, Reason
from merit.requirements import Node, Parent
from merit.schema import Field
from merit.schema_types import Text

KEY = "judgment"
LABEL = "judgment"  # how an outline names the clause when the source gives no label


class Judgment(Parent):
    """The source leaves it to an analyst ("any equivalent combination …"), optionally provided another clause holds."""

    __slots__ = ()
    kind = KEY

    def __init__(self, provided: Node | None = None, **common) -> None:
        super().__init__(**common)
        self.children = [provided] if provided is not None else []


def build(values, common) -> Judgment:
    common["because"] = common["because"] or values["judgment"]
    common["summary"] = common["summary"] or values["judgment"]
    return Judgment(values.get("provided"), **common)


RECORD = clause(
    "judgment clause",
    {
        "judgment": Field(Text(), required=True, description="the source's words that leave it to an analyst"),
        "provided": Field(NODE, description="the clause applies only if this is met (or may be)"),
    },
    build,
)


def judge(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
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


def words(node, plain) -> str:
    return node.because or "an analyst's judgment"


def notes(node) -> list[str]:
    return ["an analyst's judgment: review"]
