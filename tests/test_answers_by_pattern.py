"""Answers an analyst gives for many points at once, and answers kept from one screening to the next:
several determinations files merge, the follow-up file keeps every answer given, and an answer by
pattern (``point: MO-CS-*/otherwise``) settles every point it matches unless the point has its own.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from helpers import job, person, school
from merit.determinations import load_determinations
from merit.model.decisions import Determination
from merit.render.determinations import entries
from test_determinations import BILLING, LEAD, SAMPLES, decide, merit, series  # noqa: F401 - a fixture

GRACE = str(SAMPLES / "grace-lee.yaml")
AS_OF = ["--as-of", "2026-11-01"]
OFFICE_TECHNICIAN = "job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"


def said(point: str, answer: str = "accept", applicant: str = "A-1", line: int = 3) -> Determination:
    return Determination(applicant, point, answer, "A. Analyst", dt.date(2026, 12, 1), "office practice", "d.yaml", line, 3)


def answer(applicant: str, point: str, verdict: str = "accept", because: str = "office practice") -> str:
    return f'- applicant: "{applicant}"\n  point: "{point}"\n  answer: {verdict}\n  by: A. Analyst\n  date: 2026-12-01\n  because: {because}\n'


# --- answers by pattern -------------------------------------------------------------------------

PATTERNS = [
    # name, class, applicant, answers, status, the point's answer
    ("a pattern answers the catch-all of every class it names", "TYPICAL", person(BILLING), [said("TYP*/otherwise")], "eligible", "TYP*/otherwise"),
    ("a pattern answers a job's question", "EQUIVALENT", person(LEAD), [said("EQUIVALENT/specific-experience/job-*")], "eligible",
     "EQUIVALENT/specific-experience/job-*"),
    ("an answer of its own wins over a pattern, whatever their order", "TYPICAL", person(BILLING),
     [said("*/otherwise"), said("TYPICAL/otherwise", "reject", line=9)], "ineligible", "TYPICAL/otherwise"),
    ("the first pattern that matches wins", "TYPICAL", person(BILLING),
     [said("TYPICAL/*", "reject"), said("*/otherwise", line=9)], "ineligible", "TYPICAL/*"),
    ("an applicant pattern names every applicant it matches", "TYPICAL", person(BILLING), [said("TYPICAL/otherwise", applicant="A-*")],
     "eligible", "TYPICAL/otherwise"),
    ("a pattern for another applicant changes nothing", "TYPICAL", person(BILLING), [said("TYPICAL/*", applicant="B-*")], "review", None),
    ("a pattern that matches no point changes nothing", "TYPICAL", person(BILLING), [said("TYPICAL/judgment*")], "review", None),
]  # fmt: skip


@pytest.mark.parametrize("name, cls, applicant, answers, status, by", PATTERNS, ids=[c[0] for c in PATTERNS])
def test_an_answer_by_pattern_settles_each_point_it_matches(series, name, cls, applicant, answers, status, by):  # noqa: F811
    d = decide(series, cls, applicant, answers)
    assert d.status == status
    assert d.stale == []  # an answer by pattern is never stale for one applicant
    assert [p.determination.point for p in d.points if p.determination] == ([by] if by else [])


def test_a_pattern_that_matches_nothing_in_the_batch_is_reported_at_its_line(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(answer("*", "MO-CS-*/otherwse", "reject") + answer("*", "MO-CS-*/otherwise", "reject"))
    code, out, err = merit("screen", GRACE, "-c", "MO-CS-G4", *AS_OF, "-d", str(f), "-f", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["status"] == "ineligible"  # the second pattern answered it
    assert code == 2
    assert err.splitlines()[0] == (
        f"{f}:1:3: determination for * MO-CS-*/otherwse matches no decision point of this run (a pattern of ids,"
        " * any run of characters); not applied"
    )


def test_a_pattern_for_a_class_not_screened_is_not_reported(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(answer("*", "MO-CS-*/otherwise", "reject"))
    code, _, err = merit("screen", GRACE, "-c", "JI60", *AS_OF, "-d", str(f), "-f", "jsonl")
    assert (code, err) == (1, "")


# --- several files, and the follow-up file --------------------------------------------------------


def test_several_files_merge_and_a_conflict_is_one_error_naming_both_places(tmp_path):
    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    a.write_text(answer("A-1013", f"JI60/pattern-i/{OFFICE_TECHNICIAN}"))
    b.write_text(answer("A-1013", "MO-CS-G4/otherwise", "reject") + answer("A-1013", f"JI60/pattern-i/{OFFICE_TECHNICIAN}"))
    code, out, err = merit("screen", GRACE, "-c", "JI60", "-c", "MO-CS-G4", *AS_OF, "-d", str(a), "-d", str(b), "-f", "jsonl")
    assert err == ""
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["eligible", "ineligible"]
    c.write_text(answer("A-1013", f"JI60/pattern-i/{OFFICE_TECHNICIAN}", "reject"))
    code, out, err = merit("screen", GRACE, "-c", "JI60", *AS_OF, "-d", str(a), "-d", str(c))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{c}:1:3: determination for A-1013 JI60/pattern-i/{OFFICE_TECHNICIAN} answers reject where {a}:1 answers accept"
        " (expected one answer per applicant and point: remove one)"
    ]


def test_the_follow_up_file_keeps_every_answer_given(tmp_path):
    """Answers for a class not screened, for an applicant not in the batch, by pattern, and for points a
    rejection took out of the result: each is in the follow-up file, and screening with it alone
    gives the same results."""
    given = tmp_path / "answers.yaml"
    given.write_text(
        answer("A-1013", f"JI60/pattern-i/{OFFICE_TECHNICIAN}", "reject")
        + answer("A-1013", f"JI60/pattern-ii/{OFFICE_TECHNICIAN}", "reject")
        + answer("A-1013", f"JI60/pattern-iv/{OFFICE_TECHNICIAN}", "reject")
        + answer("A-1013", "MT-CSR-13/judgment")
        + answer("A-9999", "JI60/pattern-i/job-from-2020-01-01")
        + answer("*", "MO-CS-*/otherwise", "reject")
    )
    follow_up = tmp_path / "answers-2.yaml"
    args = [GRACE, "-c", "JI60", "-c", "MO-CS-G4", *AS_OF]
    code, _, err = merit("screen", *args, "-d", str(given), "-o", str(follow_up))
    assert err == ""
    kept = load_determinations(str(follow_up))
    assert kept.problems == []
    assert sorted((d.applicant, d.point, d.answer) for d in kept.determinations) == sorted(
        (d.applicant, d.point, d.answer) for d in load_determinations(str(given)).determinations
    )
    assert f'#   answered by the pattern "MO-CS-*/otherwise" ({given}:' in follow_up.read_text()
    _, first, _ = merit("screen", *args, "-d", str(given), "-f", "jsonl")
    _, again, _ = merit("screen", *args, "-d", str(follow_up), "-f", "jsonl")
    assert [json.loads(x)["status"] for x in again.splitlines()] == [json.loads(x)["status"] for x in first.splitlines()] == [
        "ineligible", "ineligible"
    ]


def test_an_answer_a_rejection_took_out_of_the_result_is_kept(series):  # noqa: F811
    """Lead work rejected: the equivalent combination it opened is not asked any more, but its answer stays."""
    given = (said("EQUIVALENT/specific-experience/job-from-2024-01-01", "reject"), said("EQUIVALENT/any-equivalent-combination/judgment", line=9))
    d = decide(series, "EQUIVALENT", person(LEAD), given)
    assert d.status == "ineligible"
    assert [p.id for p in d.points] == ["EQUIVALENT/specific-experience/job-from-2024-01-01"]
    text = entries([d], None, given)
    assert 'point: "EQUIVALENT/any-equivalent-combination/judgment"' in text and text.count("answer: ") == 2


def test_a_job_is_named_by_what_it_is_and_twins_by_their_order(series):  # noqa: F811
    twin = job("2024-01-01", "2025-12-31", duties=["leadwork"], title="Lead", employer="Acme Inc.")
    d = decide(series, "EQUIVALENT", person(twin, twin, education=[school("bachelor", field="Fine Arts", school="UC Irvine")]))
    assert [p.id for p in d.points][:2] == [
        "EQUIVALENT/specific-experience/job-lead-at-acme-inc-from-2024-01-01",
        "EQUIVALENT/specific-experience/job-lead-at-acme-inc-from-2024-01-01-2",
    ]
    from merit.engine.points import entry_names

    assert entry_names(person(twin, education=[school("bachelor", field="Fine Arts", school="UC Irvine")]))[1] == [
        "education-bachelor-in-fine-arts-at-uc-irvine"
    ]


# --- the open questions of a batch -----------------------------------------------------------------

PATTERN_OF = [
    # point id, its pattern
    (f"JI60/pattern-i/{OFFICE_TECHNICIAN}", "JI60/pattern-i/job-*"),
    ("MT-CSR-11/post-secondary-coursework/education-some-college-in-accounting", "MT-CSR-11/post-secondary-coursework/education-*"),
    ("MO-CS-G4/otherwise", "MO-CS-G4/otherwise"),
    ("LA-1514/requirement-2-named-courses/coursework", "LA-1514/requirement-2-named-courses/coursework"),
]


@pytest.mark.parametrize("point, pattern", PATTERN_OF, ids=[c[1] for c in PATTERN_OF])
def test_a_point_pattern_makes_the_records_entry_general(point, pattern):
    from merit.render.questions import pattern_of

    assert pattern_of(point) == pattern


def test_summary_questions_counts_the_open_questions_per_class_and_point_pattern(tmp_path):
    saved = tmp_path / "results.jsonl"
    merit("screen", str(SAMPLES), "-c", "JI60", "-c", "MO-CS-G4", "-c", "MO-CS-G5", *AS_OF, "-f", "jsonl", "-o", str(saved))
    code, out, err = merit("summary", "--questions", str(saved), "-f", "json")
    assert (code, err) == (0, "")
    counted = json.loads(out)
    per_class = {c["class"]: {p["pattern"]: p["open_questions"] for p in c["points"]} for c in counted["classes"]}
    records = [json.loads(line) for line in saved.read_text().splitlines()]
    for cls in ("JI60", "MO-CS-G4"):
        asked = [p["id"] for r in records if r["class"] == cls and r["status"] == "review" for p in r["decision_points"]]
        assert sum(per_class[cls].values()) == len(asked) > 0
    (wide,) = [p for p in counted["across_classes"] if p["pattern"] == "*/otherwise"]
    assert wide["classes"] == ["MO-CS-G4", "MO-CS-G5"] and wide["open_questions"] == per_class["MO-CS-G4"]["MO-CS-G4/otherwise"] + per_class["MO-CS-G5"]["MO-CS-G5/otherwise"]
    code, out, _ = merit("summary", "--questions", str(saved))
    assert out.splitlines()[0] == f"Open questions: {counted['open_questions']} in {counted['results_in_review']} results under review"
    assert any(line.split()[:2] == ["*/otherwise", str(wide["open_questions"])] for line in out.splitlines())
