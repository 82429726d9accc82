"""A results file is input like any other: a record whose fields are not what merit screen writes is one
line at its place for summary, report and notice --results, never an internal error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_results_audit import SAMPLES, merit


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("forged") / "r.jsonl"
    code, _, err = merit("screen", str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "--as-of", "2026-11-01", "-o", str(out))
    assert code == 0, err
    return json.loads(out.read_text())


def _deep(n: int) -> dict:
    node: dict = {"requirement": "R", "outcome": "met", "detail": "d", "reasons": []}
    for _ in range(n):
        node = {"requirement": "R", "outcome": "met", "detail": "d", "reasons": [node]}
    return node


FORGED = [
    # (field, value, what the line says)
    ("specialty", ["x"], "'specialty' is a list (expected text or null)"),
    ("class", {"a": 1}, "'class' is an object (expected text or null)"),
    ("applicant", 7, "'applicant' is a number (expected text or null)"),
    ("decision_points", "abc", "'decision_points' is text (expected a list of objects)"),
    ("stale_determinations", [1], "'stale_determinations' holds a number (expected a list of objects)"),
    ("reasons", "zz", "'reasons' is text (expected a list of objects)"),
    ("reasons", [1, 2], "'reasons' holds a number (expected a list of objects)"),
    ("reasons", [{"requirement": "R", "outcome": "met", "detail": "d", "reasons": [{"detail": ["x"]}]}], "'reasons' holds a 'detail' that is a list (expected text or null)"),
    ("assumed", [{}], "'assumed' holds an object (expected a list of text)"),
    ("reasons", [_deep(150)], "'reasons' nested more than 100 deep (expected the tree of a spec)"),
]


@pytest.mark.parametrize("field, value, said", FORGED, ids=[f"{f}-{type(v).__name__}" for f, v, _ in FORGED])
@pytest.mark.parametrize("command", ["summary", "report", "notice"])
def test_a_field_of_another_shape_is_one_line_at_its_record(tmp_path: Path, record: dict, field: str, value, said: str, command: str):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({**record, "applicant": "A-2", field: value}) + "\n")
    args = {"summary": ["summary", str(path)], "report": ["report", str(path)], "notice": ["notice", "--results", str(path), "-o", str(tmp_path / "n")]}
    code, _, err = merit(*args[command])
    assert code == 2
    assert "internal error" not in err
    assert f"{path}:2:1: {said}, as merit screen writes it" in err.splitlines()


def test_reasons_nested_past_any_spec_are_one_line_not_a_recursion_error(tmp_path: Path, record: dict):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    code, _, err = merit("summary", str(path))
    assert code == 2
    assert err == f"{path}:1:1: nested more deeply than any result (expected a result record as merit screen --format jsonl writes: an object with applicant, class and status)\n"
