"""A summary record is the full record without its tree: `--reasons summary` decides only what a summary
shows (the one-line reason, the decision points, the statuses, paths and dates), and what it shows is the
full run's, field for field.

The summary is decided at its own detail level (``Detail.SUMMARY``: no notes, and each clause's words
written only when the one-line reason reads them), so these cases compare it with full records on a varied
set: every sample applicant and the benchmark's generated applicants against every class, with an office's
policy, with an analyst's answers to every open decision point (and one that matches none, which is
stale), and a user's own specs with supplemental questions and selective certification.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = str(ROOT / "sample_applicants")
POLICY = str(ROOT / "examples" / "policy.yaml")
AS_OF = "2026-11-01"


def screen(*args: str) -> str:
    result = CliRunner().invoke(build_app(), ["screen", *args, "--exit-zero"])
    # the stale answer makes a run end 2, and says so; the records are written all the same
    assert result.exit_code == 0 or (result.exit_code == 2 and "not applied" in result.stderr), result.stderr
    return result.stdout


def answered(open_points: str) -> str:
    """A determinations file answering every open point, accept and reject by turns, and one answer that no
    result asks for."""
    turn, lines = 0, []
    for line in open_points.splitlines(keepends=True):
        key = line.strip()
        if key == "answer:":
            turn += 1
            line = line.replace("answer:", "answer: " + ("accept" if turn % 2 else "reject"))
        elif key in ("by:", "date:", "because:"):
            line = line.replace(key, key + {"by:": " J. Analyst", "date:": " 2026-10-15", "because:": " checked"}[key])
        lines.append(line)
    lines.append(
        '- applicant: "A-1001"\n  point: "JI60/pattern-i/job-nothing-at-nowhere-from-2020-01-01"\n'
        "  answer: accept\n  by: J. Analyst\n  date: 2026-10-15\n  because: a point no result asks\n"
    )
    assert turn > 10  # the batch has open points to answer
    return "".join(lines)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    """120 applicants of the benchmark's mix (bench/gen.py, its seed), one file each."""
    spec = importlib.util.spec_from_file_location("merit_bench_gen", ROOT / "bench" / "gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    where = tmp_path_factory.mktemp("generated")
    gen.write_applicants(where, 120)
    return str(where)


@pytest.fixture(scope="module")
def answers(tmp_path_factory, generated) -> str:
    """Answers to every open decision point of the sample and generated applicants."""
    path = tmp_path_factory.mktemp("answers") / "answers.yaml"
    path.write_text(answered(screen(SAMPLES, generated, "--as-of", AS_OF, "-f", "determinations")), encoding="utf-8")
    return str(path)


CASES = {
    "sample applicants, every class": [SAMPLES, "--as-of", AS_OF],
    "under an office's policy": [SAMPLES, "--as-of", AS_OF, "--policy", POLICY],
    "with an analyst's answers": [SAMPLES, "--as-of", AS_OF, "-d", "ANSWERS"],
    "with answers, under a policy, selective": [SAMPLES, "--as-of", AS_OF, "-d", "ANSWERS", "--policy", POLICY, "--selective"],
    "generated applicants, every class": ["GENERATED", "--as-of", AS_OF],
    "generated, with answers and a policy": ["GENERATED", "--as-of", AS_OF, "-d", "ANSWERS", "--policy", POLICY],
    "generated, a series and its highest level": ["GENERATED", "--as-of", AS_OF, "--series", "customer-service"],
    "a user's specs": [SAMPLES, "--as-of", AS_OF, "--specs", str(ROOT / "examples" / "specs")],
    "supplemental questions, selective certification": [
        str(ROOT / "examples" / "promotional-applicants.yaml"),
        *("--specs", str(ROOT / "examples" / "promotional"), "--as-of", "2019-08-15", "--selective"),
    ],
}


def args_of(case: str, generated: str, answers: str) -> list[str]:
    return [{"GENERATED": generated, "ANSWERS": answers}.get(a, a) for a in CASES[case]]


@pytest.mark.parametrize("case", CASES)
def test_a_summary_record_is_the_full_record_without_its_tree(case, generated, answers):
    args = args_of(case, generated, answers)
    full = [json.loads(line) for line in screen(*args, "-f", "jsonl").splitlines()]
    summary = [json.loads(line) for line in screen(*args, "-f", "jsonl", "--reasons", "summary").splitlines()]
    assert len(summary) == len(full) > 5
    for lean, whole in zip(summary, full):
        assert lean["reasons"] == []
        assert lean == {**whole, "reasons": []}, (whole["applicant"], whole["class"], whole["specialty"])


@pytest.mark.parametrize("case", ["with answers, under a policy, selective", "generated, with answers and a policy"])
def test_a_summary_row_is_the_full_row_without_its_reasons_cell(case, generated, answers):
    args = args_of(case, generated, answers)
    full = list(csv.DictReader(io.StringIO(screen(*args, "-f", "csv"))))
    summary = list(csv.DictReader(io.StringIO(screen(*args, "-f", "csv", "--reasons", "summary"))))
    assert len(summary) == len(full) > 10
    assert any(row["reasons"] for row in full)
    assert summary == [{**row, "reasons": ""} for row in full]


def test_the_cases_reach_every_kind_of_result(generated, answers):
    """The set is varied enough to mean something: every status, projections, points open and answered,
    stale answers, presumptions of a policy and a condition."""
    seen = []
    for case in CASES:
        seen += [json.loads(line) for line in screen(*args_of(case, generated, answers), "-f", "jsonl", "--reasons", "summary").splitlines()]
    assert {r["status"] for r in seen} >= {"eligible", "conditional", "review", "ineligible"}
    assert any(r["eligible_from"] for r in seen)
    assert any(p["answer"] is None for r in seen for p in r["decision_points"])
    assert any(p["answer"] == "accept" for r in seen for p in r["decision_points"])
    assert any(p["answer"] == "reject" for r in seen for p in r["decision_points"])
    assert any(r["stale_determinations"] for r in seen)
    assert any("policy" in r["reason"] for r in seen)
    assert any(r["selective"] for r in seen)


def test_a_lazy_reason_reads_as_the_plain_one():
    """The words of a clause a summary holds for later are written once, when first read; written to, or
    pickled, it is an ordinary reason."""
    import pickle

    from merit.engine.wording import LazyReason
    from merit.model.decisions import Reason

    made = []

    def words() -> str:
        made.append(1)
        return "6 of 12 months credited (50%)"

    lazy = LazyReason("Pattern I", "not met", words, "JI60, Pattern I")
    assert made == []
    assert lazy.detail == lazy.detail == "6 of 12 months credited (50%)" and made == [1]
    later = LazyReason("Pattern II", "review", words)
    later.detail += "; not met as stated"
    assert later.detail == "6 of 12 months credited (50%); not met as stated" and made == [1, 1]
    never = LazyReason("Pattern III", "not met", words)
    never.detail = "replaced"
    assert never.detail == "replaced" and made == [1, 1]
    copy = pickle.loads(pickle.dumps(lazy))
    assert type(copy) is Reason and repr(copy) == repr(lazy)
