"""Office policy: presumptions where a record is silent and standing answers by point pattern, written
once, applied visibly (the record's assumed facts, the reasons, the stamp) and never without a policy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import merit as library
from helpers import catalogue, job, person, school
from merit.engine import screen_class
from merit.engine.policy import Policy, presume
from merit.model.applicants import Job
from merit.policy import parse_policy
from merit.specs import bundled_specs_dir

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 1)
OFFICE = "Example County Personnel Department"


def _flat(reasons):
    for r in reasons:
        yield r
        yield from _flat(r.children)


def decide(class_id: str, applicant, policy: Policy | None):
    cat = catalogue()
    cls = cat.find_class(class_id)
    (decision,) = screen_class(cls, cat.series_of(cls), presume(applicant, policy), AS_OF)
    return decision


UCI = school("bachelor", field="computer science", school="University of California, Irvine")
ABROAD = school("bachelor", field="computer science", school="Universidad de Buenos Aires", accredited=True, foreign=True)
EVALUATED = school("bachelor", field="computer science", school="Universidad de Buenos Aires", accredited=True, foreign=True, evaluated=True)
UNACCREDITED = school("bachelor", field="computer science", school="Diploma Mill", accredited=False)
SILENT_JOB = Job(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31), title="Office Assistant", employer="Westside Clinic",
                 sector="private", duties={"clerical": None})
EMPTY_DUTIES = job("2022-01-01", "2024-12-31", title="Clerk", employer="City of Los Angeles", sector="city",
                   jurisdiction="Los Angeles", hours_per_week=40, paid=True)

# presumption, class, record, status without a policy, status with it, what the record's assumed facts say, a reason's words
PRESUMPTIONS = [
    pytest.param(Policy(OFFICE, AS_OF, accredited=True), "LA-1596", person(education=[UCI]), "review", "eligible",
                 ["education 1 (University of California, Irvine): accredited, presumed by office policy"],
                 "University of California, Irvine accredited, presumed by office policy", id="a named school is accredited"),
    pytest.param(Policy(OFFICE, AS_OF, accredited=True), "LA-1596", person(education=[UNACCREDITED]), "ineligible", "ineligible",
                 [], "Diploma Mill is not accredited", id="unless the record says otherwise"),
    pytest.param(Policy(OFFICE, AS_OF, paid=False), "LA-1368", person(SILENT_JOB), "eligible", "ineligible",
                 ["job 1: 40 hours a week", "job 1: unpaid, presumed by office policy"],
                 "unpaid, presumed by office policy (the source asks for paid experience)", id="a job not marked paid counts as unpaid"),
    pytest.param(Policy(OFFICE, AS_OF, hours_per_week=20), "LA-1368", person(SILENT_JOB), "eligible", "eligible",
                 ["job 1: paid", "job 1: 20 hours a week, presumed by office policy"],
                 "24 months × 20/40 h a week (assumed: paid, as the record does not say) (presumed by office policy: 20 hours a week) = 12 months", id="a job without hours works the office's week"),
    pytest.param(Policy(OFFICE, AS_OF, empty_duties=True), "LA-1229", person(EMPTY_DUTIES), "review", "ineligible",
                 ["job 1: none of the duties, presumed by office policy"],
                 "no duties, presumed by office policy (needs call-center or public-counter)", id="duties: [] means none"),
    pytest.param(Policy(OFFICE, AS_OF, foreign_accept=True), "LA-1596", person(education=[ABROAD]), "review", "eligible",
                 ["education 1 (Universidad de Buenos Aires): equivalent to a US degree without a credential evaluation, presumed by office policy"],
                 "a credential from outside the United States with no evaluation in the record, equivalent to a US bachelor (presumed by office policy)",
                 id="an office may accept a foreign credential without evaluation"),
    pytest.param(Policy(OFFICE, AS_OF, foreign_accept=True), "LA-1596", person(education=[EVALUATED]), "eligible", "eligible",
                 [], "field computer science", id="unless the record says it was evaluated"),
]


@pytest.mark.parametrize(("policy", "cls", "applicant", "without", "with_", "assumed", "words"), PRESUMPTIONS)
def test_a_presumption_fills_what_the_record_leaves_unsaid_and_says_so(policy, cls, applicant, without, with_, assumed, words):
    plain = decide(cls, applicant, None)
    presumed = decide(cls, applicant, policy)
    assert (plain.status, presumed.status) == (without, with_)
    assert list(presumed.assumed) == assumed
    assert any(words in r.detail for r in _flat(presumed.reasons)), [r.detail for r in _flat(presumed.reasons)]
    assert not any("office policy" in r.detail for r in _flat(plain.reasons))
    if presumed.status == "review":  # a question the policy raised is a decision point an analyst answers
        (point,) = presumed.points
        assert point.entry.startswith("education-bachelor")


def test_a_policy_that_presumes_nothing_leaves_the_record_as_it_is():
    applicant = person(SILENT_JOB, education=[UCI])
    assert presume(applicant, None) is applicant
    assert presume(applicant, Policy(OFFICE, AS_OF)) is applicant
    assert presume(applicant, Policy(OFFICE, AS_OF, empty_duties=True)) is applicant  # no job says duties: []


# --- the policy file --------------------------------------------------------------------------------

POLICY = f"""\
policy: {OFFICE}
date: 2026-01-15
presume:
  accredited: true
answers:
  - point: "MO-CS-*/otherwise"
    answer: reject
    because: considered only on the applicant's request
"""


def merit(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "merit", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    return done.returncode, done.stdout, done.stderr


APPLICANT = """\
id: P-1
education:
  - level: bachelor
    field: computer science
    school: University of California, Irvine
experience:
  - title: Office Assistant
    employer: Westside Clinic
    sector: private
    start: 2024-01-01
    end: 2024-12-31
    duties: [customer-service]
"""


def records(out: str) -> dict[str, dict]:
    return {r["class"]: r for r in map(json.loads, out.splitlines())}


def test_a_standing_answer_settles_every_point_its_pattern_names_and_the_stamp_names_the_policy(tmp_path):
    applicant, policy = tmp_path / "p.yaml", tmp_path / "policy.yaml"
    applicant.write_text(APPLICANT)
    policy.write_text(POLICY)
    args = ["screen", str(applicant), "-c", "MO-CS-G4", "-c", "LA-1596", "--as-of", "2026-11-01", "-f", "jsonl"]
    _, out, _ = merit(*args)
    plain = records(out)
    code, out, err = merit(*args, "--policy", str(policy))
    got = records(out)
    assert err == ""
    assert [plain[c]["status"] for c in ("MO-CS-G4", "LA-1596")] == ["review", "review"]
    assert [got[c]["status"] for c in ("MO-CS-G4", "LA-1596")] == ["ineligible", "eligible"]
    assert got["LA-1596"]["reason"] == "met by Requirement 1 (University of California, Irvine accredited, presumed by office policy)"
    (point,) = got["MO-CS-G4"]["decision_points"]
    assert (point["id"], point["answer"], point["by"], point["date"]) == ("MO-CS-G4/otherwise", "reject", OFFICE, "2026-01-15")
    assert f"rejected by office policy ({OFFICE}, 2026-01-15): considered only on the applicant's request" in got["MO-CS-G4"]["reason"]
    digest = hashlib.sha256(policy.read_bytes()).hexdigest()
    assert {r["policy_digest"] for r in got.values()} == {digest}
    assert all("policy_digest" not in r for r in plain.values())
    assert got["LA-1596"]["assumed"] == ["job 1: 40 hours a week and paid", "education 1 (University of California, Irvine): accredited, presumed by office policy"]
    code, out, _ = merit(*args[:-1], "json", "--policy", str(policy))
    assert json.loads(out)["run"]["policy"] == {"file": str(policy), "office": OFFICE, "date": "2026-01-15", "sha256": digest}


def test_an_analysts_own_answer_wins_over_a_standing_answer(tmp_path):
    applicant, policy, answers = tmp_path / "p.yaml", tmp_path / "policy.yaml", tmp_path / "d.yaml"
    applicant.write_text(APPLICANT)
    policy.write_text(POLICY)
    answers.write_text(
        '- applicant: P-1\n  point: MO-CS-G4/otherwise\n  answer: accept\n  by: A. Analyst\n  date: 2026-12-01\n'
        "  because: asked for a substitution\n"
    )
    code, out, err = merit("screen", str(applicant), "-c", "MO-CS-G4", "--as-of", "2026-11-01", "-f", "jsonl", "--policy", str(policy), "-d", str(answers))
    (record,) = map(json.loads, out.splitlines())
    assert (err, record["status"]) == ("", "eligible")
    assert [p["by"] for p in record["decision_points"]] == ["A. Analyst"]


def test_the_specs_directorys_policy_is_used_and_is_no_spec(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(bundled_specs_dir(), specs, ignore=shutil.ignore_patterns("cases"))
    (specs / "policy.yaml").write_text(POLICY)
    applicant = tmp_path / "p.yaml"
    applicant.write_text(APPLICANT)
    code, out, err = merit("screen", str(applicant), "-c", "MO-CS-G4", "--as-of", "2026-11-01", "-f", "jsonl", "--specs", str(specs))
    (record,) = map(json.loads, out.splitlines())
    assert (err, record["status"]) == ("", "ineligible")
    assert record["policy_digest"] == hashlib.sha256((specs / "policy.yaml").read_bytes()).hexdigest()


def test_adopting_a_policy_leaves_earlier_answers_standing(tmp_path):
    """An entry's digest is of the record as written: a presumption changes no question already answered."""
    applicant, answers, policy = tmp_path / "p.yaml", tmp_path / "d.yaml", tmp_path / "policy.yaml"
    applicant.write_text(APPLICANT)
    policy.write_text(f"policy: {OFFICE}\ndate: 2026-01-15\npresume:\n  paid: true\n  hours_per_week: 40\n")
    merit("screen", str(applicant), "-c", "MO-CS-G4", "--as-of", "2026-11-01", "-f", "determinations", "-o", str(answers))
    text = answers.read_text().replace("  answer:\n  by:\n  date:\n  because:\n", "  answer: accept\n  by: A. Analyst\n  date: 2026-12-01\n  because: relevant\n", 1)
    answers.write_text(text)
    code, out, err = merit("screen", str(applicant), "-c", "MO-CS-G4", "--as-of", "2026-11-01", "-f", "jsonl", "-d", str(answers), "--policy", str(policy))
    (record,) = map(json.loads, out.splitlines())
    assert err == "" and [p["by"] for p in record["decision_points"] if p["answer"]] == ["A. Analyst"]


BAD = [
    ("presume:\n  acredited: true\n", "t.yaml:4:3: unknown key 'acredited' in presume; did you mean 'accredited'?"),
    ("presume:\n  hours_per_week: 0\n", "t.yaml:4:19: hours_per_week: 0 is less than 1 (expected a number from 1 to 168)"),
    ("answers:\n  - point: x/*\n    answer: maybe\n    because: b\n", "t.yaml:5:13: answer: unknown value 'maybe' (expected one of accept, reject)"),
]


@pytest.mark.parametrize(("body", "line"), BAD)
def test_a_bad_policy_is_one_positioned_line_and_no_policy(body, line):
    loaded = parse_policy(f"policy: {OFFICE}\ndate: 2026-01-15\n{body}", "t.yaml")
    assert loaded.policy is None and [str(p) for p in loaded.problems] == [line]


def test_a_bad_policy_stops_the_run_and_validate_checks_it(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"policy: {OFFICE}\ndate: 2026-01-15\npresume:\n  paid: sometimes\n")
    line = f"{policy}:4:9: paid: 'sometimes' is not true or false (expected true or false)"
    code, out, err = merit("screen", str(ROOT / "sample_applicants" / "grace-lee.yaml"), "--policy", str(policy))
    assert (code, out, err.splitlines()) == (2, "", [line])
    code, out, err = merit("validate", str(policy))
    assert code == 2 and err.splitlines()[0] == line


def test_a_standing_answer_for_no_class_of_the_specs_is_reported(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.replace("MO-CS-*", "XX-*"))
    code, _, err = merit("screen", str(ROOT / "sample_applicants" / "grace-lee.yaml"), "-c", "JI60", "--as-of", "2026-11-01", "--policy", str(policy))
    assert err.splitlines()[0].startswith(f"{policy}:6:5: standing answer XX-*/otherwise names no class of the specs")


def test_the_notice_names_what_the_policy_presumed_and_quotes_its_standing_answer(tmp_path):
    applicant, policy = tmp_path / "p.yaml", tmp_path / "policy.yaml"
    applicant.write_text(APPLICANT)
    policy.write_text(POLICY)
    args = ["notice", str(applicant), "-c", "LA-1596", "-c", "MO-CS-G4", "--as-of", "2026-11-01", "--date", "2026-12-01"]
    code, plain, _ = merit(*args)
    code, out, err = merit(*args, "--policy", str(policy))
    assert (code, err) == (0, "")
    eligible, ineligible = out.split("\n---\n")
    assert "## What this decision presumes" in eligible
    assert "- education 1 (University of California, Irvine): accredited, presumed by office policy" in eligible
    assert f"rejected by office policy ({OFFICE}, 2026-01-15): considered only on the applicant's request" in ineligible
    assert "presumes" not in plain and "office policy" not in plain


def test_the_example_policy_shrinks_the_sample_pile_and_names_every_presumption():
    """The README's claim: examples/policy.yaml takes results under review down, and says why each changed."""
    args = ["screen", "sample_applicants", "--as-of", "2026-11-01", "-f", "jsonl", "-c", "MO-CS-G4", "-c", "MO-CS-G5"]
    _, out, _ = merit(*args)
    plain = [json.loads(line) for line in out.splitlines()]
    _, out, err = merit(*args, "--policy", "examples/policy.yaml")
    ruled = [json.loads(line) for line in out.splitlines()]
    assert err == ""
    before, after = (sum(r["status"] == "review" for r in rs) for rs in (plain, ruled))
    assert after < before
    for was, now in zip(plain, ruled):
        if was["status"] != now["status"]:
            assert "rejected by office policy (Example County Personnel Department, 2026-01-15)" in now["reason"]


def test_validate_knows_a_policy_in_a_specs_directory(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(bundled_specs_dir(), specs, ignore=shutil.ignore_patterns("cases"))
    (specs / "policy.yaml").write_text(POLICY)
    code, out, err = merit("validate", str(specs))
    assert code == 0, err
    assert "1 policy file" in err + out


def test_a_standing_answer_to_one_point_is_never_stale_for_an_applicant_it_does_not_concern(tmp_path):
    """A policy serves every applicant: one whose result asks no such question is no stale answer."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.replace('"MO-CS-*/otherwise"', "MO-CS-G2/otherwise"))
    code, out, err = merit("screen", str(ROOT / "sample_applicants" / "james-chen.yaml"), "-c", "MO-CS-G2", "--as-of", "2026-11-01", "-f", "jsonl", "--policy", str(policy))
    (record,) = map(json.loads, out.splitlines())
    assert (code, err, record["status"], record["stale_determinations"]) == (0, "", "eligible", [])


def test_a_policy_file_that_is_not_a_regular_file_is_refused_not_skipped(tmp_path):
    """A socket named policy.yaml in the specs directory was skipped without a word, and the run went on
    without the office's policy; a policy is read once, and its digest is of the bytes whose text is used."""
    import socket

    from merit.determinations import read_with_digest

    specs = tmp_path / "specs"
    shutil.copytree(bundled_specs_dir(), specs, ignore=shutil.ignore_patterns("cases"))
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(specs / "policy.yaml"))
        with pytest.raises(library.InputError) as err:
            library.office_policy(specs)
        assert str(err.value).startswith(f"{specs / 'policy.yaml'}:1:1: ")
    finally:
        server.close()
    plain = tmp_path / "p.yaml"
    plain.write_bytes(b"\xef\xbb\xbfpolicy: X\n")
    text, problems, digest = read_with_digest(str(plain))
    assert (text, problems, digest) == ("policy: X\n", [], hashlib.sha256(plain.read_bytes()).hexdigest())
