"""merit screen --reasons: records with the tree of reasons, without it, or with statuses alone.

Leaving reasons out must never change a decision: the same statuses, paths and dates as
the full records, for every sample applicant and every class.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import merit
from merit.app import build_app

AS_OF = "2026-11-01"
SAMPLES = str(Path(__file__).resolve().parent.parent / "sample_applicants")
DECIDED = ("applicant", "class", "specialty", "status", "path", "eligible_from", "highest_level", "selective")


def screen(*args: str):
    result = CliRunner().invoke(build_app(), ["screen", *args, "--as-of", AS_OF, "--exit-zero"])
    return result.exit_code, result.stdout, result.stderr


def records(reasons: str) -> list[dict]:
    code, out, err = screen(SAMPLES, "-f", "jsonl", "--series", "customer-service", "--reasons", reasons)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="module")
def full() -> list[dict]:
    return records("full")


def test_summary_is_the_full_record_without_the_tree(full):
    summary = records("summary")
    assert len(summary) == len(full) > 100
    for lean, whole in zip(summary, full):
        assert lean["reasons"] == [] and whole["reasons"]
        assert {k: v for k, v in lean.items() if k != "reasons"} == {k: v for k, v in whole.items() if k != "reasons"}


def test_none_decides_the_same_without_reasons(full):
    """The engine decides with the least detail: statuses, paths, dates and highest levels are the full run's."""
    none = records("none")
    assert [{k: r[k] for k in DECIDED} for r in none] == [{k: r[k] for k in DECIDED} for r in full]
    assert all(r["reason"] is None and r["reasons"] == [] and r["decision_points"] == [] for r in none)
    assert any(r["decision_points"] for r in full)  # what none leaves out was there
    assert list(none[0]) == list(full[0])  # one shape of record: every key, in the same order


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_rows_leave_the_reasons_cells_empty(fmt):
    rows = {}
    for reasons in ("full", "summary", "none"):
        code, out, err = screen(SAMPLES, "-f", fmt, "--reasons", reasons)
        assert code == 0, err
        rows[reasons] = list(csv.DictReader(io.StringIO(out), delimiter="\t" if fmt == "tsv" else ","))
    assert any(r["reasons"] for r in rows["full"])
    assert all(r["reasons"] == "" for r in rows["summary"] + rows["none"])
    assert [r["reason"] for r in rows["summary"]] == [r["reason"] for r in rows["full"]]
    assert all(r["reason"] == "" for r in rows["none"])
    assert [r["status"] for r in rows["none"]] == [r["status"] for r in rows["full"]]


def test_json_says_which_reasons_its_records_carry():
    code, out, err = screen(f"{SAMPLES}/grace-lee.yaml", "-f", "json", "--reasons", "summary")
    assert code == 0, err
    assert json.loads(out)["run"]["reasons"] == "summary"


@pytest.mark.parametrize(
    "args, words",
    [
        (["--reasons", "some"], "--reasons 'some' is not a choice (expected full, summary or none)"),
        (["--reasons", "none"], "--reasons none is for records (-f jsonl, json, csv or tsv)"),
        (["-f", "determinations", "--reasons", "summary"], "the determinations format has no reasons tree"),
        (["-f", "jsonl", "--explain", "--reasons", "summary"], "--explain adds to the reasons that --reasons summary leaves out"),
    ],
)
def test_reasons_where_they_cannot_apply_are_refused(args, words):
    code, out, err = screen(f"{SAMPLES}/grace-lee.yaml", *args)
    assert code == 2 and out == ""
    assert words in err and err.count("\n") == 1


def test_the_library_gives_the_same_lines():
    catalogue = merit.load_catalogue()
    applicants = merit.read_applicants(f"{SAMPLES}/grace-lee.yaml", catalogue).applicants
    code, out, err = screen(f"{SAMPLES}/grace-lee.yaml", "-f", "jsonl", "--reasons", "none")
    as_of = merit.api.dt.date.fromisoformat(AS_OF)
    lines = list(merit.screen_lines(applicants, catalogue, as_of=as_of, reasons="none"))
    assert [json.loads(x)["status"] for x in lines] == [json.loads(x)["status"] for x in out.splitlines()]
    assert lines == [x for x in out.splitlines()]
    with pytest.raises(ValueError, match="reasons='all' is not one of full, summary, none"):
        next(merit.screen_lines(applicants, catalogue, reasons="all"))
