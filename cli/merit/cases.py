"""Spec examples: an applicant and the statuses a class spec must give, beside the spec they test.

A cases file (``*.cases.yaml``) is a list of cases::

    - name: exactly two years as a Senior Clerk Typist meets it
      as_of: 2026-11-01
      applicant: {id: T-1, experience: [...]}      # an applicant record, as in an applicant file
      expect: {LA-1173: eligible}                    # class (or class/specialty, class/selective) -> status
      path: {LA-1173: Requirement}                   # optional: the path that met
      eligible_from: {LA-1173: 2027-04-30}           # optional; null: none is projected
      determinations:                                # optional: answers the case assumes
        - {point: LA-1173/requirement/job-account-clerk-from-2024-11-01, answer: accept}

``merit test`` runs them, and so does the test suite; an analyst adds a case
without writing Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from merit.model.decisions import ANSWERS, STATUSES, Decision, Determination
from merit.problems import Problem
from merit.schema import INVALID, Ctx, Field, Record, Type, is_null
from merit.schema_types import Choice, Day, ListOf, MapOf, Text
from merit.specs import Catalogue
from merit.yamlsafe import compose_documents, read_text

SUFFIX = ".cases.yaml"


class Case:
    """One example: an applicant on a day, and what the specs must decide."""

    __slots__ = ("name", "as_of", "applicant", "expect", "path", "eligible_from", "file", "line", "answers")

    def __init__(self, name, as_of, applicant, expect, path, eligible_from, file: str = "", line: int = 0, answers=None):
        self.name = name
        self.as_of = as_of
        self.applicant = applicant
        self.expect = expect
        self.path = path or {}
        self.eligible_from = eligible_from or {}
        self.file = file
        self.line = line
        self.answers = answers or []  # (point, answer, because, line): the determinations the case assumes

    def determinations(self) -> tuple[Determination, ...]:
        return tuple(
            Determination(self.applicant.id, point, answer, "the case", self.as_of, because or self.name, self.file, line)
            for point, answer, because, line in self.answers
        )


class OptionalDay(Type):
    """A date, or null for "none is projected"."""

    expected = "a date YYYY-MM-DD or null"

    def build(self, node, ctx):
        if is_null(node):
            return None
        return Day().build(node, ctx)

    def json_schema(self, defs):
        return {"oneOf": [Day().json_schema(defs), {"type": "null"}]}


def _applicant():
    from merit.applicant_format import APPLICANT

    return APPLICANT


class _Lazy(Type):
    def __init__(self, target):
        self.target = target

    def build(self, node, ctx):
        return self.target().build(node, ctx)

    def json_schema(self, defs):
        return self.target().json_schema(defs)


# An analyst's answer a case assumes ("if the judgment is accepted, eligible"): the point's id and
# the answer; who and when are the case's own.
ANSWER = Record(
    name="case determination",
    fields={
        "point": Field(Text(), required=True, example="JI60/pattern-iv/judgment", description="a decision point's id, as merit screen gives it"),
        "answer": Field(Choice(ANSWERS, synonyms={"accepted": "accept", "rejected": "reject"}), required=True),
        "because": Field(Text(), description="why, as the reasons quote it (default: the case's name)"),
    },
    make=lambda line, point, answer, because: (point, answer, because, line),
)


CASE = Record(
    name="case",
    fields={
        "name": Field(Text(), required=True, example="exactly six months meets Pattern I"),
        "as_of": Field(Day(), required=True, example="2026-11-01", description="the day the case is judged on"),
        "applicant": Field(_Lazy(_applicant), required=True, description="an applicant record"),
        "expect": Field(MapOf(Text(), Choice(STATUSES)), required=True, description="class id -> status"),
        "path": Field(MapOf(Text(), Text()), description="class id -> the path that met"),
        "eligible_from": Field(
            MapOf(Text(), OptionalDay(), allow_empty=True), description="class id -> the projected day, or null"
        ),
        "determinations": Field(ListOf(ANSWER, expected="a list of {point, answer}"), description="an analyst's answers the case assumes"),
        "note": Field(Text(), description="why the case expects what it does"),
    },
    make=lambda line, name, as_of, applicant, expect, path, eligible_from, determinations, note: Case(
        name, as_of, applicant, expect, path, eligible_from, line=line, answers=determinations
    ),
)
CASES = ListOf(CASE, expected="a list of cases")


def load_cases(path: Path, catalogue: Catalogue) -> tuple[list[Case], list[Problem]]:
    """The cases of one file, checked like any file merit reads (positioned problems, nothing half-read)."""
    label = str(path)
    text, problems = read_text(path)
    if text is None:
        return [], problems
    nodes, problems = compose_documents(text, label)
    if problems:
        return [], problems
    if len(nodes) != 1:
        return [], [Problem(label, 1, 1, f"{len(nodes)} YAML documents (expected one list of cases)")]
    ctx = Ctx(label, catalogue.terms, catalogue.competency_ids, catalogue.questions)
    cases: list[Case] = []
    if isinstance(nodes[0], yaml.SequenceNode):
        for item in nodes[0].value:  # a bad case is reported; the others still run
            case = CASE.build(item, ctx)
            if case is not INVALID:
                case.file = case.applicant.file = label
                case.applicant.competencies = {k: v.upper() for k, v in case.applicant.competencies.items()}
                cases.append(case)
    else:
        CASES.build(nodes[0], ctx)
    good = []
    for case in cases:  # a case naming no class of the specs is reported, not run
        unknown = [k.split("/")[0] for k in (*case.expect, *case.path, *case.eligible_from)]
        unknown = [k for k in dict.fromkeys(unknown) if catalogue.find_class(k) is None]
        for name in unknown:
            ctx.problems.append(
                Problem(label, case.line, 1, f"case {case.name!r}: unknown class {name!r}{catalogue.class_suggestion(name)}")
            )
        if not unknown:
            good.append(case)
    return good, sorted(ctx.problems, key=lambda p: (p.line, p.column))


def key_of(decision: Decision) -> str:
    """How a case names a result: class, class/specialty or class/selective certification."""
    return "/".join(x for x in (decision.cls, decision.specialty, decision.selective) if x)


def check(case: Case, catalogue: Catalogue) -> list[str]:
    """What the specs decide differently from the case expects; empty when the case passes."""
    from merit.api import screen_targets

    wanted = {*case.expect, *case.path, *case.eligible_from}
    classes = []
    for key in wanted:
        cls = catalogue.find_class(key.split("/")[0])
        if cls is not None and cls not in classes:
            classes.append(cls)
    targets = [(c, catalogue.series_of(c)) for c in classes]
    results = screen_targets(case.applicant, targets, case.as_of, determinations=case.determinations(), selective=True)
    decided = {key_of(d): d for d in results}
    wrong = []
    for point in dict.fromkeys(det.point for d in results for det in d.stale):
        wrong.append(f"determination for {point}: no such decision point in these results (a stale answer)")
    for key, status in case.expect.items():
        d = decided.get(key)
        if d is None:
            wrong.append(f"{key}: no such result (results: {', '.join(decided)})")
        elif d.status != status:
            wrong.append(f"{key}: expected {status}, got {d.status} ({_why(d)})")
    for key, path in case.path.items():
        d = decided.get(key)
        if d is not None and d.path != path:
            wrong.append(f"{key}: expected path {path!r}, got {d.path!r}")
    for key, day in case.eligible_from.items():
        d = decided.get(key)
        if d is not None and d.eligible_from != day:
            wrong.append(f"{key}: expected eligible_from {day}, got {d.eligible_from}")
    return wrong


def _why(decision: Decision) -> str:
    root = decision.reasons[0] if decision.reasons else None
    return root.detail if root else ""


def case_files(directory: Path) -> Iterator[Path]:
    """The cases files of a specs directory: ``cases/*.cases.yaml`` and any beside the specs."""
    seen = set()
    for folder in (directory / "cases", directory):
        if folder.is_dir():
            for p in sorted(folder.glob("*" + SUFFIX)):
                if p.is_file() and p not in seen:
                    seen.add(p)
                    yield p

