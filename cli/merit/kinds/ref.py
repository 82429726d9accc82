"""``ref``: stands for another clause of the class (or of the series' shared clauses), by its id.

The loader (merit.specs) replaces a ref by the clause it names when it builds the series; a ref still in a
tree is one whose clause is missing, which the spec check reports with its position.
"""

from __future__ import annotations

from merit.engine.evaluate import INF, Eval
from merit.engine.timeline import Run
from merit.engine.wording import name
from merit.kinds.format import MAX_MONTHS, clause, months_of
from merit.model.decisions import REVIEW, Reason
from merit.requirements import Node
from merit.schema import Field
from merit.schema_types import Number, Text

KEY = "ref"
LABEL = "ref"  # how an outline names the clause when the source gives no label


class Ref(Node):
    """Stands for another clause of the class (or of the series' shared clauses), by its id.

    Replaced by that clause when the spec is loaded; a label, summary or length
    given beside ``ref`` makes a copy of the clause with them.
    """

    __slots__ = ("ref", "months")
    kind = KEY

    def __init__(self, ref: str, months: float | None = None, **common) -> None:
        super().__init__(**common)
        self.ref = ref
        self.months = months


def build(values, common) -> Ref:
    months = None
    if values.get("months") is not None or values.get("years") is not None:
        months = months_of(values.get("months"), values.get("years"))
    return Ref(values["ref"], months=months, **common)


RECORD = clause(
    "reference",
    {
        "ref": Field(Text(), required=True, description="the id of another clause of the class, or of the series' clauses"),
        "months": Field(Number(0, MAX_MONTHS), description="the referred experience, with this many months instead"),
        "years": Field(Number(0, MAX_MONTHS / 12), description="the referred experience, with this many years instead"),
    },
    build,
)


def judge(node, run: Run, exclude: frozenset = frozenset()) -> Eval:
    """A ref the loader could not replace: the loader reports it, so this is only reached on a broken spec."""
    return Eval(REVIEW, Reason(name(node, "reference"), REVIEW, "the spec refers to a missing clause"), None, INF)


def words(node, plain=None) -> str:
    return node.label or node.kind


def notes(node) -> list[str]:
    return []
