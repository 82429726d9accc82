"""The policy file: an office's presumptions and standing answers, written once, checked with positions.

``policy.yaml`` in the specs directory, or the file ``--policy`` names. Its
presumptions fill what a record leaves unsaid (merit.engine.policy applies them);
its standing answers answer decision points by pattern for every applicant, after
the analyst's own answers. docs/policy.md documents the format.
"""

from __future__ import annotations

import yaml

from merit.determinations import read_with_digest
from merit.engine.policy import Policy, StandingAnswer
from merit.model.decisions import ANSWERS
from merit.problems import Problem
from merit.schema import INVALID, Ctx, Field, Record, is_null
from merit.schema_types import Boolean, Choice, Day, ListOf, Number, Text
from merit.specs import POLICY_FILE
from merit.yamlsafe import compose_documents

__all__ = ["POLICY", "POLICY_FILE", "load_policy", "parse_policy"]


def _answer(line, point, answer, because):
    return line, point, answer, because  # a StandingAnswer once the policy's office and date are read


STANDING_ANSWER = Record(
    name="standing answer",
    ref="standing_answer",
    description="An answer the office gives to every decision point whose id matches a pattern.",
    fields={
        "point": Field(
            Text(),
            required=True,
            example='"MO-CS-*/otherwise"',
            description="a decision point's id, or a pattern of ids (* stands for any run of characters)",
        ),
        "answer": Field(
            Choice(ANSWERS, synonyms={"accepted": "accept", "rejected": "reject"}),
            required=True,
            example="reject",
            description="accept (the possible credit or the judgment counts) or reject",
        ),
        "because": Field(
            Text(),
            required=True,
            example="considered only on the applicant's request",
            description="why, in words an applicant could read; quoted in the reasons and the notice",
        ),
    },
    make=_answer,
    synonyms={"why": "because", "reason": "because", "decision": "answer"},
)

PRESUMPTIONS = Record(
    name="presume",
    description="What the office presumes where a record is silent; each presumption is named where it is used.",
    fields={
        "accredited": Field(
            Boolean(),
            description="true: a school the record names (school:) is accredited unless the record says accredited: false",
        ),
        "paid": Field(
            Boolean(),
            description="a job the record does not mark paid or unpaid counts as paid (true) or unpaid (false)",
        ),
        "hours_per_week": Field(
            Number(1, 168, too_high="the 168 hours in a week"),
            description="the week of a job whose record gives no hours_per_week (the office's full time)",
        ),
        "empty_duties": Field(
            Choice(("none", "unknown")),
            description="none: a job written with duties: [] did none of the duties; unknown (the default): the record does not say",
        ),
        "foreign_credential": Field(
            Choice(("review", "accept")),
            description="accept: an education entry marked foreign: true and not evaluated: true counts as equivalent to"
            " the US level it names; review (the default): it is a question for an analyst where it would meet an education clause",
        ),
    },
)

POLICY = Record(
    name="policy",
    description="An office's policy: its presumptions and standing answers.",
    fields={
        "policy": Field(Text(), required=True, example="Example County Personnel Department", description="the office whose policy it is"),
        "date": Field(Day(expected="a date YYYY-MM-DD"), required=True, example="2026-01-15", description="the day it took effect"),
        "presume": Field(PRESUMPTIONS, description="presumptions where a record is silent"),
        "answers": Field(ListOf(STANDING_ANSWER, expected="a list of standing answers"), description="standing answers by point pattern"),
    },
    synonyms={"office": "policy", "name": "policy", "presumptions": "presume", "standing_answers": "answers"},
)


class LoadedPolicy:
    """What a policy file gave: the policy (None when it has problems) and its problems."""

    __slots__ = ("path", "policy", "problems")

    def __init__(self, path: str, policy: Policy | None, problems: list[Problem]) -> None:
        self.path = path
        self.policy = policy
        self.problems = problems


def load_policy(path: str) -> LoadedPolicy:
    """The policy of a file; any problem is reported with its position, and then no policy is used."""
    text, problems, digest = read_with_digest(path)
    if text is None:
        return LoadedPolicy(path, None, problems)
    return parse_policy(text, path, digest)


def parse_policy(text: str, label: str, digest: str = "") -> LoadedPolicy:
    """The policy of a file's text (see load_policy)."""
    nodes, problems = compose_documents(text, label)
    if problems:
        return LoadedPolicy(label, None, problems)
    documents = [n for n in nodes if not is_null(n)]
    if len(documents) != 1:
        what = "an empty file" if not documents else f"{len(documents)} YAML documents"
        return LoadedPolicy(label, None, [Problem(label, 1, 1, f"{what} (expected one policy: a mapping with policy:, date:, presume: and answers:)")])
    ctx = Ctx(label)
    values = POLICY.build(documents[0], ctx)
    problems = sorted(ctx.problems, key=lambda p: (p.line, p.column))
    if problems or values is INVALID:
        return LoadedPolicy(label, None, problems)
    presume = values.get("presume") or {}
    answers = []
    for item, (line, point, answer, because) in zip(_items(documents[0]), values.get("answers") or ()):
        by, date, column = values["policy"], values["date"], item.start_mark.column + 1
        answers.append(StandingAnswer("*", point, answer, by, date, because, file=label, line=line, column=column))
    policy = Policy(
        values["policy"],
        values["date"],
        accredited=presume.get("accredited"),
        paid=presume.get("paid"),
        hours_per_week=presume.get("hours_per_week"),
        empty_duties=presume.get("empty_duties") == "none",
        foreign_accept=presume.get("foreign_credential") == "accept",
        answers=tuple(answers),
        file=label,
        digest=digest,
    )
    return LoadedPolicy(label, policy, [])


def _items(root) -> list:
    """The nodes of the answers list, for their columns."""
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "answers" and isinstance(value, yaml.SequenceNode):
            return value.value
    return []
