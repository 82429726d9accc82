"""Supplemental questions and their answers: the questions a series asks applicants (NEOGOV and USA
Staffing's supplemental questionnaire: "Do you speak, read and write Spanish?"), and reading an
applicant's answers against them.

A series declares its questions (``series: questions:``): each has an id, its wording and the type of
answer it takes (``TYPES``), with the allowed values of a ``one-of`` or ``several-of`` question. An
applicant record answers them by id (``answers: {spanish: yes}``). Read with the specs, an answer to a
question no series declares, or one of the wrong type, or a value not in the list, is a problem at its
position, as for any key; read without them (``merit validate`` with no specs at hand) only its shape
is checked, and it is checked against the questions when it is screened. The ``answer`` clause
(merit.kinds.answer) tests them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from merit.model.specs import Question
from merit.schema import INVALID, Ctx, Field, Record, Type, normal_word, suggest
from merit.schema_types import Boolean, Choice, Day, ListOf, MapOf, Number, Text, Words

TYPES = ("yes-no", "number", "date", "text", "one-of", "several-of")
LISTED = ("one-of", "several-of")  # the types whose answers are values of a list
YES = frozenset(("yes", "y", "true"))
NO = frozenset(("no", "n", "false"))


# A value of a list as answers and clauses compare it: case, spaces and _ do not matter.
key = normal_word


class YesNo(Boolean):
    """yes or no (true, false, y and n too, any case): built as True or False."""

    words = (YES, NO)

    def __init__(self) -> None:
        super().__init__(expected="yes or no")

    def word(self, raw: str) -> str:
        return raw.strip().lower()

    def json_schema(self, defs):
        return {"type": ["string", "boolean"], "description": "yes or no"}


class Loose(Type):
    """An answer read without its question: a scalar as the text written, or a list of them (a tuple)."""

    expected = "an answer: yes or no, a number, a date, text, or a list of values"

    def build(self, node, ctx):
        if isinstance(node, yaml.SequenceNode):
            out = ListOf(Text()).build(node, ctx)
            return INVALID if out is INVALID else tuple(out)
        if isinstance(node, yaml.MappingNode):
            return ctx.value_error(node, f"found a mapping (expected {self.expected})")
        return Text().build(node, ctx)

    def json_schema(self, defs):
        one = {"type": ["string", "number", "boolean"]}
        return {"oneOf": [one, {"type": "array", "items": one}], "description": self.expected}


_READINGS: dict[tuple[str, tuple[str, ...]], Type] = {}


def reading(question: Question, one: bool = False) -> Type:
    """How an answer to ``question`` is read (``one``: a single value of a several-of question)."""
    found = _READINGS.get((question.type + ("/one" if one else ""), question.values))
    if found is not None:
        return found
    kind = question.type
    if kind == "yes-no":
        found = YesNo()
    elif kind == "number":
        found = Number()
    elif kind == "date":
        found = Day(expected="a date YYYY-MM-DD or YYYY-MM")
    elif kind in LISTED:
        choice = Choice(tuple(key(v) for v in question.values), shown=question.values)
        found = choice if kind == "one-of" or one else Words(choice)
    else:
        found = Text()
    _READINGS[(question.type + ("/one" if one else ""), question.values)] = found
    return found


def typed(question: Question, value: Any) -> Any:
    """An answer as its question's type holds it (yes: True; a value of a list by its key), or None when it
    does not fit: an answer read without the specs is text until it meets its question."""
    if question.type == "text":
        return value if isinstance(value, str) else None
    texts = value if isinstance(value, tuple) else (value,)
    if not all(isinstance(t, str) for t in texts):
        return value  # read with the specs: typed already
    if isinstance(value, tuple) and question.type != "several-of":
        return None
    ctx = Ctx("")
    if isinstance(value, tuple):
        node: yaml.Node = yaml.SequenceNode("tag:yaml.org,2002:seq", [_scalar(t) for t in value])
    else:
        node = _scalar(value)
    out = reading(question).build(node, ctx)
    return None if out is INVALID else out


def _scalar(text: str) -> yaml.ScalarNode:
    mark = yaml.Mark("", 0, 0, 0, None, 0)
    return yaml.ScalarNode("tag:yaml.org,2002:str", text, mark, mark)


def shown(question: Question | None, value: Any) -> str:
    """An answer (or a clause's value) in words: yes, 3, 2020-06-30, Spanish, Spanish and Korean."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return " and ".join(shown(question, v) for v in value) if value else "none"
    if question is not None and question.type in LISTED:
        written = {key(v): v for v in question.values}
        return written.get(value, str(value))
    return str(value)


class QuestionId(Text):
    """The id of a question the specs ask (``ctx.questions``, when known): an answer to another is an error."""

    def __init__(self) -> None:
        super().__init__(expected="a question id")

    def build(self, node, ctx):
        ident = super().build(node, ctx)
        questions = ctx.questions
        if ident is INVALID or questions is None or ident in questions:
            return ident
        known = ", ".join(sorted(questions))
        expected = f"one of: {known}" if known else "a question of the specs' series: questions:, and these specs ask none"
        return ctx.error(node, f"answers: unknown question {ident!r} (expected {expected}){suggest(ident, questions)}")


class AnswerValue(Type):
    """One answer, read as its question's type when the specs are known (the question is the key being
    read, ``ctx.key``), else as written (``Loose``)."""

    expected = Loose.expected

    def build(self, node, ctx):
        question = ctx.questions.get(ctx.key) if ctx.questions is not None else None
        return (Loose() if question is None else reading(question)).build(node, ctx)

    def json_schema(self, defs):
        return Loose().json_schema(defs)


# An applicant's answers, by question id: checked against the questions of the specs when they are
# known, else only for their shape (see the module's docstring). A blank answer is no answer.
ANSWERS = MapOf(QuestionId(), AnswerValue(), expected="a mapping of question id -> answer", allow_empty=True)


def _check_question(values, nodes, ctx):
    listed = values.get("type") in LISTED
    given = values.get("values")
    if listed and not given:
        ctx.error(nodes.get("type", ctx.here), f"type: {values['type']} gives no values (expected values: the allowed answers)")
    elif given and not listed and "type" in values:
        ctx.error(nodes["values"], f"values: are given for a {values['type']} question (expected type: one-of or several-of)")
    seen: dict[str, str] = {}
    for item, word in zip(nodes["values"].value if given else (), given or ()):
        if key(word) in seen:
            ctx.error(item, f"values: {word!r} is given twice (first as {seen[key(word)]!r}; expected each value once)")
        seen.setdefault(key(word), word)


QUESTION = Record(
    ref="question",
    name="question",
    description="A supplemental question the application asks, by id (answers: {id: ...} answers it).",
    fields={
        "text": Field(Text(), required=True, example='"Do you speak, read and write Spanish?"', description="the wording, as the application asks it"),
        "type": Field(Choice(TYPES), required=True, example="yes-no", description="the answer it takes: " + ", ".join(TYPES)),
        "values": Field(ListOf(Text()), description="the allowed answers of a one-of or several-of question"),
    },
    make=lambda line, text, type, values: Question("", text, type, tuple(values or ()), line=line),
    check=_check_question,
)


def as_written(question: Question | None, value: Any) -> Any:
    """An answer as an applicant file writes it (yes: true, a number, a date, a list's values as the spec
    writes them), for files merit writes (merit import)."""
    if isinstance(value, tuple):
        return [as_written(question, v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and question is not None and question.type in LISTED:
        return shown(question, value)
    return value
