"""``license``: a licence or certificate the applicant must hold ("a valid Registered Nurse license issued
by ..."); one not held yet may admit on a condition (``before_appointment``).

Whether a record holds a licence on a day, and since when, is merit.engine.credentials' work, which this
unit imports.
"""

from __future__ import annotations

from merit.engine.credentials import license_clause
from merit.kinds.format import CREDENTIAL, clause
from merit.requirements import CredentialMatch, Node
from merit.schema import Field, Record
from merit.schema_types import Text

KEY = "license"
LABEL = "license"  # how an outline names the clause when the source gives no label


class License(Node):
    """A licence or certificate the applicant must hold ("a valid Registered Nurse license issued by …")."""

    __slots__ = ("match", "before_appointment")
    kind = KEY

    def __init__(self, match: CredentialMatch, before_appointment: str | None = None, **common) -> None:
        super().__init__(**common)
        self.match = match
        self.before_appointment = before_appointment  # not held yet: admitted on this condition


_YES_NO = frozenset(("true", "false", "yes", "no", "on", "off", "y", "n"))


def _check_condition(values, nodes, ctx) -> None:
    """``before_appointment: true`` is no condition: a notice would say "may file: true"."""
    node = nodes.get("before_appointment")
    if node is not None and not getattr(node, "style", None) and str(node.value).lower() in _YES_NO:
        ctx.error(
            node,
            f"before_appointment: found {node.value} (expected the condition in the source's words, such as"
            " before_appointment: must possess a valid license prior to appointment)",
        )


LICENSE_BODY = Record(
    ref="license",
    name="license",
    check=_check_condition,
    fields={
        **CREDENTIAL.fields,
        "before_appointment": Field(
            Text(), description="not held yet: admitted on this condition (the source's words: must possess … prior to appointment)"
        ),
    },
)


def build(values, common) -> License:
    body = dict(values["license"])
    before = body.pop("before_appointment", None)
    match = CredentialMatch(
        body["kinds"],
        body.get("issuer") or (),
        body.get("jurisdiction") or (),
        body.get("valid", True),
        body.get("grades") or (),
        body.get("grade_at_least"),
        bool(body.get("by_examination")),
        body.get("years"),
    )
    return License(match, before, **common)


judge = license_clause  # the three-valued judging, in merit.engine.credentials

RECORD = clause("licence requirement", {"license": Field(LICENSE_BODY, required=True)}, build)


def words(node, plain=None) -> str:
    held = " or ".join(node.match.kinds)
    return held + ("; admitted on condition if not yet held" if node.before_appointment else "")


def notes(node) -> list[str]:
    return [f"if not held: admitted on condition ({node.before_appointment})"] if node.before_appointment else []
