"""Saved results read as an audit: duplicate and contradicting records, unknown statuses and classes,
a forged merit version, an answer dated in the future, and an output that would overwrite an input, each
said at its line by merit summary and merit report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit import __version__
from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"


def merit(*args: str):
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> list[dict]:
    """Three applicants against JI60: eligible (Maria Lopez), eligible (James Chen), ineligible (David Brown)."""
    out = tmp_path_factory.mktemp("audit") / "results.jsonl"
    files = [str(SAMPLES / n) for n in ("maria-lopez.yaml", "james-chen.yaml", "david-brown.yaml")]
    code, _, err = merit("screen", *files, "-c", "JI60", "--as-of", "2026-11-01", "-o", str(out), "--exit-zero")
    assert code == 0, err
    return [json.loads(line) for line in out.read_text().splitlines()]


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def summary(path: Path) -> tuple[int, dict, str]:
    code, out, err = merit("summary", str(path), "-f", "json")
    return code, json.loads(out) if out else {}, err


def test_a_record_given_twice_is_counted_once_and_named(tmp_path: Path, records: list[dict]):
    """summary and report counted a duplicate record twice."""
    path = write(tmp_path / "r.jsonl", [*records, records[0]])
    code, counted, err = summary(path)
    assert code == 0
    assert (counted["applicants"], counted["results"]) == (3, 3)
    assert counted["duplicates"] == 1
    assert err == f"merit summary: note: {path}:4:1: A-1001 × JI60 is a duplicate of line 1 (counted once)\n"


def test_records_that_contradict_each_other_are_an_error_at_the_second(tmp_path: Path, records: list[dict]):
    other = {**records[2], "status": "eligible"}
    path = write(tmp_path / "r.jsonl", [*records, other])
    code, counted, err = summary(path)
    assert code == 2
    assert counted["results"] == 3 and counted["contradictions"] == 1 and counted["totals"]["ineligible"] == 1
    assert err == (
        f"{path}:4:1: A-1006 × JI60 is eligible here but ineligible on line 3 (expected one decision per applicant and class;"
        " counted as line 3 says)\n"
    )


def test_an_unknown_status_is_an_error_at_its_line_not_skipped(tmp_path: Path, records: list[dict]):
    """summary skipped unknown statuses silently."""
    path = write(tmp_path / "r.jsonl", [*records, {**records[0], "applicant": "A-9", "status": "approved"}])
    code, counted, err = summary(path)
    assert code == 2 and counted["results"] == 3 and counted["unknown_statuses"] == 1
    assert err == (
        f"{path}:4:1: unknown status 'approved' for A-9 × JI60 (expected eligible, conditional, review, ineligible or error);"
        " not counted\n"
    )


def test_a_class_the_specs_do_not_have_is_noted_once(tmp_path: Path, records: list[dict]):
    strange = [{**r, "class": "ZZ-9"} for r in records[:2]]
    path = write(tmp_path / "r.jsonl", [*records, *strange])
    code, counted, err = summary(path)
    assert code == 0 and counted["results"] == 5
    assert counted["unknown_classes"] == 2  # records of a class the specs lack, each counted, the class noted once
    assert err == f"merit summary: note: {path}:4:1: class 'ZZ-9' is not in the class specs compared with (counted as written)\n"


def test_a_merit_version_that_is_not_this_one_is_shown_as_written_and_noted(tmp_path: Path, records: list[dict]):
    path = write(tmp_path / "r.jsonl", [records[0], {**records[1], "merit_version": "9.9.9\x1b[2J"}, records[2]])
    code, _, err = summary(path)
    assert code == 0
    assert err == (
        f"merit summary: note: {path}:2:1: written by merit '9.9.9\\x1b[2J', not by this merit ({__version__});"
        " check where these results came from\n"
    )


def test_an_answer_dated_after_today_is_noted_at_its_line(tmp_path: Path, records: list[dict]):
    point = {"id": "JI60/pattern-i/job-1", "kind": "specific", "requirement": "Pattern I", "question": "q", "if_accepted": "",
             "answer": "accept", "by": "A. Analyst", "date": "9999-12-31", "because": "b"}
    path = write(tmp_path / "r.jsonl", [records[0], {**records[1], "decision_points": [point]}, records[2]])
    code, _, err = summary(path)
    assert code == 0
    assert err == (
        f"merit summary: note: {path}:2:1: A-1002 × JI60: the answer to JI60/pattern-i/job-1 is dated 9999-12-31,"
        " a day that has not come (check the determinations file it came from)\n"
    )


@pytest.mark.parametrize("command", ["summary", "report"])
def test_the_output_never_names_an_input(tmp_path: Path, records: list[dict], command: str):
    """summary and report overwrote their own input when -o named it."""
    path = write(tmp_path / "r.jsonl", records)
    before = path.read_text()
    (tmp_path / "link.jsonl").symlink_to(path)
    for target in (path, tmp_path / "link.jsonl"):
        code, _, err = merit(command, str(path), "-o", str(target))
        assert code == 2
        assert f"--output {target} is one of the results read (expected another file)" in err
        assert path.read_text() == before


def test_the_report_lists_what_the_records_say_of_themselves(tmp_path: Path, records: list[dict]):
    from test_report import Page

    path = write(tmp_path / "r.jsonl", [*records, records[0], {**records[2], "status": "eligible"}])
    code, out, _ = merit("report", str(path))
    assert code == 2  # the contradiction
    page = Page(out)
    assert [t for _, t in page.find("h2", id="said")] == ["What the results files say of themselves"]
    assert [t for a, t in page.find("li") if t.startswith(("duplicate", "contradiction"))] == [
        f"duplicate: {path}:4:1: A-1001 × JI60 is a duplicate of line 1 (counted once)",
        f"contradiction: {path}:5:1: A-1006 × JI60 is eligible here but ineligible on line 3 (expected one decision per"
        " applicant and class; counted as line 3 says)",
    ]
    said = [t for _, t in page.find("p")]
    assert "1 duplicate record; 1 contradicting record. Each is at its line in the results file." in said
    assert not [t for t in said if "more not listed" in t]  # both are listed


def test_notes_of_one_kind_stop_after_200_lines_with_a_count_of_the_rest(tmp_path: Path, records: list[dict]):
    """A results file concatenated twice gave a note a record: 100,000 lines for a batch of 100,000."""
    many = [{**records[0], "applicant": f"A-{n}"} for n in range(205)]
    path = write(tmp_path / "r.jsonl", [*many, *many])
    code, counted, err = summary(path)
    assert code == 0 and counted["duplicates"] == 205
    lines = err.splitlines()
    assert len(lines) == 201
    assert lines[199] == f"merit summary: note: {path}:405:1: A-199 × JI60 is a duplicate of line 200 (counted once)"
    assert lines[200] == "merit summary: note: 5 more duplicates not shown (each counted once)"
