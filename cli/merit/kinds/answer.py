"""``answer``: the applicant's answer to a supplemental question of the series ("Do you speak, read and
write Spanish?", "Have you received a regular appointment to a City position?") meets a test: equal
(``is``), ``at_least`` / ``at_most`` a number, ``any_of`` / ``all_of`` values of a list, ``before`` /
``after`` a date.

Needed at filing (``at: filing``, the default), an answer that fails the test is not met; needed only by
appointment (``at: appointment``), it admits on the condition the spec states. A question left
unanswered is for an analyst (``review``, a decision point an analyst may answer with a determination),
or not met where the spec says so (``unanswered: not_met``: the application makes the question
mandatory). The questions are the series' (merit.answers); the spec check makes sure a clause names one
and tests it as its type allows.
"""

from __future__ import annotations

from typing import Any

import yaml

from merit.answers import LISTED, Loose, reading, shown, typed
from merit.engine.evaluate import INF, Eval
from merit.engine.points import clause_point
from merit.engine.timeline import Run
from merit.engine.wording import cite, name
from merit.kinds.format import clause, one_of
from merit.model import ACCEPT, CONDITIONAL, MET, NOT_MET, REVIEW, SPECIFIC, Question, Reason
from merit.requirements import Node
from merit.schema import Choice, Day, Field, ListOf, Number, Record, Text, suggest

KEY = "answer"
LABEL = "supplemental question"  # how an outline names the clause when the source gives no label

# each test: the question types it fits, and how it reads in a reason ("needs at least 3")
TESTS = {
    "is": (("yes-no", "number", "date", "text", "one-of", "several-of"), ""),
    "at_least": (("number",), "at least "),
    "at_most": (("number",), "at most "),
    "any_of": (("text", "one-of", "several-of"), "any of "),
    "all_of": (("several-of",), "all of "),
    "before": (("date",), "before "),
    "after": (("date",), "after "),
}
FILING, APPOINTMENT = "filing", "appointment"
UNANSWERED = ("review", "not-met")


class Answer(Node):
    """An answer to a supplemental question of the series that must meet a test."""

    __slots__ = ("question_id", "question", "test", "value", "at", "condition", "unanswered")
    kind = KEY

    def __init__(
        self,
        question_id: str,
        test: str,
        value: Any,
        at: str = FILING,
        condition: str | None = None,
        unanswered: str = "review",
        **common,
    ) -> None:
        super().__init__(**common)
        self.question_id = question_id
        self.question: Question | None = None  # the series' question, set on loading (finish)
        self.test = test  # a key of TESTS
        self.value = value  # what the answer is tested against, typed by the question once loaded
        self.at = at  # filing | appointment
        self.condition = condition  # the condition of admission when needed by appointment, in the source's words
        self.unanswered = unanswered  # review | not-met


def _check_body(values, nodes, ctx):
    one_of(values, nodes, ctx, tuple(TESTS), "answer")
    if "condition" in values and values.get("at") != APPOINTMENT:
        ctx.error(nodes["condition"], "condition: is given for an answer needed at filing (expected at: appointment with it)")


ANSWER_BODY = Record(
    ref="answer",
    name="answer",
    fields={
        "question": Field(Text(), required=True, example="spanish", description="the id of a question of the series (series: questions:)"),
        "is": Field(Loose(), description="the answer must be this (a several-of answer: exactly these)"),
        "at_least": Field(Number(), description="a number answer at least this"),
        "at_most": Field(Number(), description="a number answer at most this"),
        "any_of": Field(ListOf(Text()), description="the answer is (or, several-of, includes) one of these"),
        "all_of": Field(ListOf(Text()), description="a several-of answer includes all of these"),
        "before": Field(Day(), description="a date answer before this day"),
        "after": Field(Day(), description="a date answer after this day"),
        "at": Field(
            Choice((FILING, APPOINTMENT)),
            default=FILING,
            description="filing (default): needed when filing; appointment: needed only by appointment, admitted on a condition",
        ),
        "condition": Field(Text(), description="at: appointment: the condition of admission, in the source's words"),
        "unanswered": Field(
            Choice(UNANSWERED, shown=("review", "not_met")),
            default="review",
            description="a question left unanswered: review (default), or not_met where the application makes it mandatory",
        ),
    },
    check=_check_body,
)


def build(values, common) -> Answer:
    body = values["answer"]
    test = next(k for k in TESTS if k in body)
    value = body[test]
    if isinstance(value, list):
        value = tuple(value)
    return Answer(body["question"], test, value, body.get("at", FILING), body.get("condition"), body.get("unanswered", "review"), **common)


RECORD = clause("supplemental question requirement", {"answer": Field(ANSWER_BODY, required=True)}, build)


def finish(node: Answer, questions: dict[str, Question]) -> None:
    """Give a clause its series' question, and its test's values in the question's type (the spec check has
    made sure they fit)."""
    question = questions.get(node.question_id)
    if question is None:
        return
    node.question = question
    if node.test in ("any_of", "all_of") and question.type in LISTED:
        node.value = tuple(typed(_one(question), v) for v in node.value)
    elif node.test == "is":
        node.value = typed(question, node.value)


def _one(question: Question) -> Question:
    """The question of one value of a several-of question."""
    if question.type != "several-of":
        return question
    return Question(question.id, question.text, "one-of", question.values, question.series, question.line)


# --- the spec check ---------------------------------------------------------------------------------


def check_file(values, nodes, ctx) -> None:
    """Each ``answer`` clause of a spec file names a question of its series and tests it as its type allows,
    with values the question takes; problems at their positions."""
    series = values.get("series")
    if series is None:
        return  # the series itself has problems, already reported
    questions: dict[str, Question] = series.get("questions") or {}
    bodies: list[yaml.MappingNode] = []
    stack: list[yaml.Node] = [n for n in (nodes.get("series"), nodes.get("classes")) if n is not None]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode) and k.value == KEY and isinstance(v, yaml.MappingNode):
                    bodies.append(v)
                else:
                    stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    for body in sorted(bodies, key=lambda b: (b.start_mark.line, b.start_mark.column)):
        _check_clause(body, questions, ctx)


def _check_clause(body: yaml.MappingNode, questions: dict[str, Question], ctx) -> None:
    given = {k.value: v for k, v in body.value if isinstance(k, yaml.ScalarNode)}
    asked = given.get("question")
    if not isinstance(asked, yaml.ScalarNode):
        return
    ident = asked.value.strip()
    question = questions.get(ident)
    if question is None:
        known = ", ".join(sorted(questions))
        where = f"one of: {known}" if known else "a question declared under series: questions:; this series declares none"
        ctx.error(asked, f"question: {asked.value!r} is no question of this series (expected {where}){suggest(asked.value, questions)}")
        return
    for test, (types, _) in TESTS.items():
        node = given.get(test)
        if node is None:
            continue
        if question.type not in types:
            fits = ", ".join(t for t, (ts, _) in TESTS.items() if question.type in ts)
            ctx.error(node, f"{test}: question {ident!r} takes {question.type} answers (expected one of: {fits})")
            continue
        outer, ctx.key = ctx.key, test
        if test == "is":
            reading(question).build(node, ctx)
        elif test in ("any_of", "all_of") and question.type in LISTED and isinstance(node, yaml.SequenceNode):
            for item in node.value:
                reading(question, one=True).build(item, ctx)
        ctx.key = outer


# --- judging ------------------------------------------------------------------------------------------


def _meets(node: Answer, value: Any) -> bool:
    want, test = node.value, node.test
    if test == "is":
        if isinstance(value, tuple):
            return set(value) == set(want)
        if isinstance(value, str) and isinstance(want, str):
            return value.casefold() == want.casefold()
        return value == want
    if test == "at_least":
        return value >= want
    if test == "at_most":
        return value <= want
    if test == "before":
        return value < want
    if test == "after":
        return value > want
    have = set(value) if isinstance(value, tuple) else {value.casefold() if isinstance(value, str) else value}
    wanted = {w.casefold() if isinstance(w, str) else w for w in want}
    return bool(have & wanted) if test == "any_of" else wanted <= have


def needs(node: Answer) -> str:
    """What the clause asks of the answer, in words: yes, at least 3, any of Spanish or Korean."""
    question = node.question
    value = node.value
    if isinstance(value, tuple) and node.test in ("any_of", "all_of"):
        words = [shown(_one(question) if question else None, v) for v in value]
        joined = ", ".join(words[:-1]) + (" or " if node.test == "any_of" else " and ") + words[-1] if len(words) > 1 else "".join(words)
        return (TESTS[node.test][1] if len(words) > 1 or node.test == "all_of" else "") + joined
    return TESTS[node.test][1] + shown(question, value)


def _asked(node: Answer) -> str:
    return f'"{node.question.text}"' if node.question is not None else f"question {node.question_id}"


def condition(node: Answer) -> str:
    return node.condition or f"must answer {needs(node)} to {_asked(node)} by appointment"


def judge(node: Answer, run: Run, exclude: frozenset = frozenset()) -> Eval:
    """Whether the record's answer meets the clause's test, or what an analyst must decide."""
    label = name(node, "Supplemental question")
    given = run.applicant.answers.get(node.question_id)
    value = None if given is None or node.question is None else typed(node.question, given)
    det = None
    if value is None:
        why = "not answered" if given is None else f"answered {given!r}, which is not a {node.question.type if node.question else ''} answer"
        if node.unanswered == "not-met":
            outcome, detail = NOT_MET, f"{why} (the spec counts an unanswered question as not met)"
        else:
            det = run.answer(node, KEY)
            if det is None:
                outcome, detail = REVIEW, f"{why}; an analyst must decide"
            else:
                outcome, detail = (MET if det.answer == ACCEPT else NOT_MET), f"{why}: {det.words()}"
    elif _meets(node, value):
        outcome, detail = MET, f"answered {shown(node.question, value)}"
    elif node.at == APPOINTMENT:
        outcome, detail = CONDITIONAL, f"answered {shown(node.question, value)}; may file: {condition(node)}"
    else:
        outcome, detail = NOT_MET, f"answered {shown(node.question, value)}"
    wait = 0.0 if outcome == MET else INF
    if not run.explain:
        return Eval(outcome, Reason(label, outcome), node.label, wait)
    points = []
    if outcome == REVIEW or det is not None:
        points = [clause_point(node, KEY, SPECIFIC, label, f"{_asked(node)} is not answered (needs {needs(node)})", det)]
    reason = Reason(label, outcome, f"{_asked(node)}: {detail} (needs {needs(node)})", cite(node))
    return Eval(outcome, reason, node.label, wait, 1.0 if outcome == MET else 0.0, points)


def words(node: Answer, plain=None) -> str:
    said = f"answers {needs(node)} to {_asked(node)}"
    return said + ("; admitted on condition if not by filing" if node.at == APPOINTMENT else "")


def notes(node: Answer) -> list[str]:
    out = [f"asks {_asked(node)}: needs {needs(node)}"] if node.summary else []
    if node.at == APPOINTMENT:
        out.append(f"if not met at filing: admitted on condition ({condition(node)})")
    out.append("if unanswered: not met" if node.unanswered == "not-met" else "if unanswered: review")
    return out
