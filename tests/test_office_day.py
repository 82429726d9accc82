"""An examination office's day, from the command line and without a workaround: a spreadsheet export is
imported, the applicants are screened, an analyst answers the questions, the results are screened again
with the answers, a class spec is edited midway, and the report and the notices follow the final
decisions. Each step is a command an analyst types; each check is what the office relies on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from merit.specs import bundled_specs_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = "2026-11-01"
SERIES = ["--series", "ca-ftb-customer-service", "--as-of", AS_OF]


def merit(*args: str, cwd: Path) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "MERIT_NO_CACHE": "1"}
    env.pop("MERIT_SPECS", None)
    done = subprocess.run(
        [sys.executable, "-m", "merit", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120, stdin=subprocess.DEVNULL
    )
    return done.returncode, done.stdout, done.stderr


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def answer_all(skeleton: str, answer: str, by: str, because: str) -> str:
    """Every blank answer of a determinations skeleton filled in, as an analyst would in an editor."""
    return skeleton.replace(
        "  answer:\n  by:\n  date:\n  because:\n",
        f"  answer: {answer}\n  by: {by}\n  date: 2026-12-01\n  because: {because}\n",
    )


@pytest.mark.slow
def test_an_office_day_from_the_export_to_the_notices(tmp_path: Path):
    # 1. the export becomes applicant files, checked as merit reads them
    code, _, err = merit("import", str(EXAMPLES / "applicants.csv"), "-m", str(EXAMPLES / "mapping.yaml"), "-o", "applicants", cwd=tmp_path)
    assert code == 0, err
    imported = sorted(p.name for p in (tmp_path / "applicants").glob("*.yaml"))
    assert imported, err
    # 2. screened: results saved, some of them waiting on an analyst
    specs = tmp_path / "specs"
    shutil.copytree(bundled_specs_dir(), specs, ignore=shutil.ignore_patterns("cases"))
    code, _, err = merit("screen", "applicants", *SERIES, "--specs", "specs", "-f", "jsonl", "-o", "first.jsonl", cwd=tmp_path)
    assert code in (0, 1), err
    first = records(tmp_path / "first.jsonl")
    assert {r["applicant"] for r in first} and any(r["status"] == "review" for r in first)
    # 3. the questions, as a file to answer: one entry per open decision point
    code, _, err = merit(
        "screen", "applicants", *SERIES, "--specs", "specs", "-f", "determinations", "-o", "answers.yaml", cwd=tmp_path
    )
    skeleton = (tmp_path / "answers.yaml").read_text(encoding="utf-8")
    asked = skeleton.count("  answer:\n")
    assert asked == sum(len([p for p in r["decision_points"] if not p.get("answer")]) for r in first if r["status"] == "review")
    # 4. the analyst rejects every open question with one reason, and the batch is screened again
    (tmp_path / "answers.yaml").write_text(answer_all(skeleton, "reject", "A. Analyst", "not shown in the record"), encoding="utf-8")
    code, _, err = merit(
        "screen", "applicants", *SERIES, "--specs", "specs", "-d", "answers.yaml", "-f", "jsonl", "-o", "final.jsonl", cwd=tmp_path
    )
    assert code in (0, 1), err
    final = records(tmp_path / "final.jsonl")
    assert [r["status"] for r in final if r["status"] == "review"] == []  # every question answered
    rejected = [r for r in final if any(p.get("answer") == "reject" for p in r["decision_points"])]
    assert rejected and all("rejected by A. Analyst on 2026-12-01" in json.dumps(r["reasons"]) for r in rejected)
    # 5. the spec is edited midway (a clause's question rewritten): the answers to it are stale, said at their
    # line, never applied, and those results are for an analyst again
    spec = specs / "ca-ftb-customer-service.yaml"
    old = "because: whether the work was at a level of responsibility equivalent to a Tax Technician, FTB, Range B"
    assert old in spec.read_text(encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8").replace(old, old.replace("Range B", "Range A")), encoding="utf-8")
    code, _, err = merit(
        "screen", "applicants", *SERIES, "--specs", "specs", "-d", "answers.yaml", "-f", "jsonl", "-o", "edited.jsonl", cwd=tmp_path
    )
    edited = records(tmp_path / "edited.jsonl")
    stale = [r for r in edited if r["stale_determinations"]]
    assert code == 2 and stale and all(r["status"] == "review" for r in stale)
    assert "answers.yaml:" in err and "not applied" in err
    # 6. the summary and the report read the final results and say where they came from
    code, out, err = merit("summary", "final.jsonl", "--specs", "specs", cwd=tmp_path)
    assert code == 0, err
    assert f"{len(final):,}" in out or str(len(final)) in out
    code, _, err = merit("report", "final.jsonl", "--specs", "specs", "-o", "report.html", cwd=tmp_path)
    assert code == 0, err
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert all(r["applicant"] in page for r in final)
    # 7. the notices follow the final decisions: one letter per result, its decision the result's status
    code, _, err = merit("notice", "--results", "final.jsonl", "--specs", "specs", "-o", "letters", "-f", "markdown", cwd=tmp_path)
    assert code == 0, err
    letters = sorted((tmp_path / "letters").glob("*.md"))
    assert len(letters) == len(final)
    for r in final:
        (letter,) = [p for p in letters if p.name.startswith(f"{r['applicant']}-{r['class']}")]
        text = letter.read_text(encoding="utf-8").lower()
        other = {"eligible": "ineligible", "ineligible": "you meet the minimum", "conditional": "ineligible"}[r["status"]]
        assert other not in text, (letter.name, r["status"])
    # 8. a result still for review gets no final letter: the edited run's are refused, each at its place
    code, _, err = merit("notice", "--results", "edited.jsonl", "--specs", "specs", "-o", "interim", "-f", "markdown", cwd=tmp_path)
    assert code == 2 and "review" in err
    written = [p.name for p in (tmp_path / "interim").glob("*.md")] if (tmp_path / "interim").exists() else []
    for r in stale:
        assert not [name for name in written if name.startswith(f"{r['applicant']}-{r['class']}")]
        assert f"{r['applicant']}" in err
    assert len(written) == len([r for r in edited if r["status"] != "review"])
