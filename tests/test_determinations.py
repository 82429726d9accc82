"""Decision points and determinations: every open question behind a review has a stable id, and an
analyst's answer to it settles the result, is quoted in the reasons, and is reported when no question
asks for it any more.

One table of cases per rule, on the bundled specs and on a small spec written for the rules.
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

from helpers import job, licence, person, school
from merit.determinations import load_determinations
from merit.engine import screen_applicant, screen_class
from merit.model.decisions import Determination
from merit.problems import Problem
from merit.specs import bundled_specs_dir, load_catalogue, load_spec_file, load_terms

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = dt.date(2026, 11, 1)

SPEC = """
series:
  id: d
  title: Determinations series
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: test}
  dates: {established: "2001-02-03", revised: "2019-07"}
classes:
  - id: NURSE
    title: Nurse
    level: 1
    requirement:
      label: Requirement 1
      license: {kinds: [registered nurse], issuer: California Board of Registered Nursing}
  - id: DEGREE
    title: Degree
    level: 2
    requirement:
      label: Requirement 1
      education: {level: bachelor, fields: [accounting], accredited: true}
  - id: SENIOR
    title: Within six months of the degree
    level: 3
    requirement:
      label: Degree
      education: {level: bachelor, before_graduation: {months: 6, condition: cannot be appointed until the degree is received}}
  - id: UNITS
    title: Units
    level: 4
    requirement:
      label: Units
      coursework: {units: 24, subjects: [accounting]}
  - id: NESTED
    title: Nested minimum
    level: 5
    requirement:
      label: Pattern I
      experience:
        years: 2
        credit:
          - certain: {duties_any: [billing, leadwork, supervision]}
        including:
          - label: of which supervision
            months: 6
            credit:
              - certain: {duties_any: [supervision]}
              - possible: {duties_any: [leadwork]}
                because: whether lead work was supervision is an analyst's call
  - id: EQUIVALENT
    title: Equivalent combination
    level: 6
    requirement:
      label: Minimum
      any_of:
        - id: specific
          label: Specific experience
          experience:
            years: 1
            credit:
              - certain: {duties_any: [supervision]}
              - possible: {duties_any: [leadwork]}
                because: whether lead work was supervision is an analyst's call
        - label: Any equivalent combination
          judgment: '"Any equivalent combination acceptable to the Personnel Department."'
          provided: {ref: specific}
  - id: TYPICAL
    title: Typical
    level: 7
    requirement:
      label: Typical qualifications
      otherwise: review
      because: '"(Substitutions may be allowed.)"'
      experience:
        years: 2
        credit:
          - certain: {duties_any: [billing]}
  - id: SUBSTITUTE
    title: Degree or experience
    level: 8
    requirement:
      label: Degree
      education:
        level: bachelor
        fields: [accounting]
        substitution:
          max_years: 4
          required_years: 4
          with_college: false
          credit:
            - certain: {duties_any: [billing]}
            - possible: {duties_any: [leadwork]}
              because: whether lead work was accounting work is an analyst's call
  - id: TWO-PATTERNS
    title: Two patterns with the same nested minimum
    level: 9
    requirement:
      any_of:
        - label: Pattern A
          experience:
            years: 2
            credit: [{certain: {duties_any: [billing, leadwork]}}]
            including:
              - {label: of which supervision, months: 6, credit: [{possible: {duties_any: [leadwork]}, because: lead work}]}
        - label: Pattern B
          experience:
            years: 3
            credit: [{certain: {duties_any: [billing, leadwork]}}]
            including:
              - {label: of which supervision, months: 6, credit: [{possible: {duties_any: [leadwork]}, because: lead work}]}
"""


@pytest.fixture(scope="module")
def series():
    problems: list[Problem] = []
    terms = load_terms(bundled_specs_dir(), problems)
    found = load_spec_file(Path("d.yaml"), terms, problems, text=SPEC)
    assert problems == [] and found is not None
    return found


def decide(series, class_id, applicant, determinations=()):
    cls = next(c for c in series.classes if c.id == class_id)
    (decision,) = screen_applicant(applicant, [(cls, series)], AS_OF, 1, tuple(determinations))
    return decision


def accept(point: str, applicant: str = "A-1", answer: str = "accept") -> Determination:
    return Determination(applicant, point, answer, "A. Analyst", dt.date(2026, 12, 1), "equivalent work", "d.yaml", 3, 3)


LEAD = job("2024-01-01", "2025-12-31", duties=["leadwork"])
BILLING = job("2025-01-01", "2025-06-30", duties=["billing"])
LONG_LEAD = job("2020-01-01", "2025-12-31", duties=["leadwork"])

# --- every kind of open question is a point, with its id and kind ------------------------------

POINTS = [
    # name, class, applicant, ids, kinds
    ("a licence whose issuer the record does not give", "NURSE",
     person(licenses=[licence("registered nurse")]), ["NURSE/license"], ["specific"]),
    ("a school whose accreditation the record does not give", "DEGREE",
     person(education=[school("bachelor", field="accounting")]), ["DEGREE/education-bachelor-in-accounting"], ["specific"]),
    ("a degree expected on a day the record does not give", "SENIOR",
     person(education=[school("bachelor", status="senior")]), ["SENIOR/education-bachelor"], ["specific"]),
    ("coursework whose units the record does not give", "UNITS",
     person(education=[school("bachelor", subjects={"accounting": None})]), ["UNITS/coursework"], ["specific"]),
    ("a nested minimum met only by possible credit", "NESTED",
     person(LEAD), ["NESTED/of-which-supervision/job-from-2024-01-01"], ["specific"]),
    ("possible credit and the judgment clause it opens", "EQUIVALENT",
     person(LEAD), ["EQUIVALENT/specific-experience/job-from-2024-01-01", "EQUIVALENT/any-equivalent-combination/judgment"],
     ["specific", "catch-all"]),
    ("a clause not met that the source leaves to judgment", "TYPICAL",
     person(BILLING), ["TYPICAL/otherwise"], ["catch-all"]),
    ("two clauses of one name: each named by its path", "TWO-PATTERNS",
     person(job("2022-01-01", "2025-12-31", duties=["leadwork"])),
     ["TWO-PATTERNS/pattern-a/of-which-supervision/job-from-2022-01-01", "TWO-PATTERNS/pattern-b/of-which-supervision/job-from-2022-01-01"],
     ["specific", "specific"]),
    ("an education entry and experience in its place", "SUBSTITUTE",
     person(LONG_LEAD, education=[school("bachelor")]), ["SUBSTITUTE/education-bachelor", "SUBSTITUTE/substitution/job-from-2020-01-01"],
     ["specific", "specific"]),
    ("a job after another: named by its start, not its place", "EQUIVALENT",
     person(BILLING, LEAD), ["EQUIVALENT/specific-experience/job-from-2024-01-01", "EQUIVALENT/any-equivalent-combination/judgment"],
     ["specific", "catch-all"]),
]  # fmt: skip


@pytest.mark.parametrize("name, cls, applicant, ids, kinds", POINTS, ids=[c[0] for c in POINTS])
def test_every_open_question_is_a_point(series, name, cls, applicant, ids, kinds):
    d = decide(series, cls, applicant)
    assert d.status == "review"
    assert [p.id for p in d.points] == ids
    assert [p.kind for p in d.points] == kinds
    assert all(p.question and p.if_accepted and p.determination is None for p in d.points)


SAMPLE_POINTS = [
    # sample applicant, class, specialty, point ids
    ("grace-lee.yaml", "JI60", None, ["JI60/pattern-i/job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01", "JI60/pattern-ii/job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01", "JI60/pattern-iv/job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"]),
    ("grace-lee.yaml", "MT-CSR-13", None, ["MT-CSR-13/judgment"]),
    ("grace-lee.yaml", "MO-CS-G4", None, ["MO-CS-G4/otherwise"]),
    ("james-chen.yaml", "MT-CSR-11", None, ["MT-CSR-11/post-secondary-coursework/education-some-college-in-accounting"]),
    ("maria-lopez.yaml", "JI60", None, []),  # eligible: nothing to decide
]


def test_a_clause_deep_in_a_tree_is_named_alone_when_its_name_is_unique():
    catalogue, _ = _sample("grace-lee.yaml")
    lead = job("2022-01-01", "2025-12-31", duties=["leadwork", "call-center", "customer-service"], inbound_call_percent=95)
    cls = catalogue.find_class("6J27")
    decisions = screen_applicant(person(lead, education=[school("twelfth-grade")]), [(cls, catalogue.series_of(cls))], AS_OF, 1)
    (d,) = [x for x in decisions if x.specialty == "call-center"]
    assert [p.id for p in d.points] == ["PHL-6J27/call-center/specific-experience/job-from-2022-01-01", "PHL-6J27/call-center/any-equivalent-combination/judgment"]


def _sample(file: str):
    catalogue = load_catalogue(bundled_specs_dir())
    from merit.applicants import Reading, load_file

    (applicant,) = load_file(SAMPLES / file, Reading(catalogue.terms, catalogue.competency_ids), f"sample_applicants/{file}").applicants
    return catalogue, applicant


@pytest.mark.parametrize("file, cls, specialty, ids", SAMPLE_POINTS, ids=[f"{c[0]} {c[1]}" for c in SAMPLE_POINTS])
def test_the_sample_applicants_points_and_their_ids_are_stable(file, cls, specialty, ids):
    catalogue, applicant = _sample(file)
    target = catalogue.find_class(cls)
    runs = [screen_applicant(applicant, [(target, catalogue.series_of(target))], AS_OF, level) for level in (1, 2, 1)]
    for decisions in runs:  # the same ids on every run, and at every depth of reasons
        (d,) = [x for x in decisions if x.specialty == specialty]
        assert [p.id for p in d.points] == ids


def test_an_id_names_the_same_job_when_the_record_gains_a_job_at_its_end(series):
    before = decide(series, "EQUIVALENT", person(BILLING, LEAD))
    after = decide(series, "EQUIVALENT", person(BILLING, LEAD, job("2026-01-01", "2026-03-31", duties=["clerical"])))
    assert [p.id for p in after.points] == [p.id for p in before.points]


def test_the_one_line_reason_names_the_deciding_question_not_the_first_job():
    """A first job that adds little, a second that alone would meet the pattern: the reason names the second."""
    catalogue, _ = _sample("grace-lee.yaml")
    state = dict(sector="state", jurisdiction="California", class_="Office Technician", duties=["customer-service"])
    applicant = person(job("2026-09-01", "2026-09-30", title="Seasonal Aide", **state), job("2024-01-01", "2025-12-31", title="Office Technician", **state))
    cls = catalogue.find_class("JI60")
    (d,) = screen_applicant(applicant, [(cls, catalogue.series_of(cls))], AS_OF, 1)
    from merit.render.screen_text import headline

    assert d.status == "review"
    assert headline(d).startswith("Pattern I: job 2 (Office Technician): ")
    assert "(if accepted: +24 months toward Pattern I (needs 6, 0 certain): enough to meet it)" in headline(d)


# --- an answer settles the question, and the reasons say who, when and why ---------------------

ANSWERS = [
    # name, class, applicant, determinations, status
    ("the licence accepted", "NURSE", person(licenses=[licence("registered nurse")]), [accept("NURSE/license")], "eligible"),
    ("the licence rejected", "NURSE", person(licenses=[licence("registered nurse")]), [accept("NURSE/license", answer="reject")], "ineligible"),
    ("accreditation accepted", "DEGREE", person(education=[school("bachelor", field="accounting")]), [accept("DEGREE/education-bachelor-in-accounting")], "eligible"),
    ("a degree expected in time, accepted: admitted on the condition", "SENIOR",
     person(education=[school("bachelor", status="senior")]), [accept("SENIOR/education-bachelor")], "eligible"),
    ("units accepted", "UNITS", person(education=[school("bachelor", subjects={"accounting": None})]), [accept("UNITS/coursework")], "eligible"),
    ("units rejected", "UNITS", person(education=[school("bachelor", subjects={"accounting": None})]),
     [accept("UNITS/coursework", answer="reject")], "ineligible"),
    ("the nested minimum's lead work accepted", "NESTED", person(LEAD), [accept("NESTED/of-which-supervision/job-from-2024-01-01")], "eligible"),
    ("lead work accepted as supervision", "EQUIVALENT", person(LEAD), [accept("EQUIVALENT/specific-experience/job-from-2024-01-01")], "eligible"),
    ("lead work rejected: the judgment it opened goes too", "EQUIVALENT", person(LEAD),
     [accept("EQUIVALENT/specific-experience/job-from-2024-01-01", answer="reject")], "ineligible"),
    ("lead work left open, the equivalent combination accepted", "EQUIVALENT", person(LEAD),
     [accept("EQUIVALENT/any-equivalent-combination/judgment")], "eligible"),
    ("the equivalent combination rejected: the specific question remains", "EQUIVALENT", person(LEAD),
     [accept("EQUIVALENT/any-equivalent-combination/judgment", answer="reject")], "review"),
    ("substitution allowed", "TYPICAL", person(BILLING), [accept("TYPICAL/otherwise")], "eligible"),
    ("substitution refused", "TYPICAL", person(BILLING), [accept("TYPICAL/otherwise", answer="reject")], "ineligible"),
    ("another applicant's answer changes nothing", "TYPICAL", person(BILLING), [accept("TYPICAL/otherwise", "A-2")], "review"),
]  # fmt: skip


@pytest.mark.parametrize("name, cls, applicant, answers, status", ANSWERS, ids=[c[0] for c in ANSWERS])
def test_an_answer_settles_its_question(series, name, cls, applicant, answers, status):
    d = decide(series, cls, applicant, answers)
    assert d.status == status
    assert d.stale == []
    mine = [a for a in answers if a.applicant == applicant.id]
    if mine:
        from merit.render.records import flat_reasons

        answered = [p for p in d.points if p.determination is not None]
        assert [p.id for p in answered] == [a.point for a in mine]  # the result shows what it rests on
        done = "accepted" if mine[0].answer == "accept" else "rejected"
        said = f"{done} by A. Analyst on 2026-12-01: equivalent work"
        assert any(said in line for line in flat_reasons(d.reasons, depth=9))


def test_accepted_credit_counts_in_the_months_and_in_the_projection(series):
    half = job("2026-05-01", None, duties=["leadwork"])  # six months so far, still going
    open_ = decide(series, "EQUIVALENT", person(half))
    assert (open_.status, open_.eligible_from) == ("ineligible", None)  # six possible months of twelve
    settled = decide(series, "EQUIVALENT", person(half), [accept("EQUIVALENT/specific-experience/job-from-2026-05-01")])
    assert settled.status == "ineligible"  # six of twelve months, now certain, and growing
    assert settled.eligible_from == dt.date(2027, 4, 30)
    assert [p.id for p in settled.points] == ["EQUIVALENT/specific-experience/job-from-2026-05-01"]


# --- a determination no question asks for is reported, never silently dropped ---------------

STALE = [
    # name, class, applicant, point
    ("the job the point names is gone", "EQUIVALENT", person(LEAD), "EQUIVALENT/specific-experience/job-from-2023-01-01"),
    ("no such clause", "EQUIVALENT", person(LEAD), "EQUIVALENT/pattern-ii/job-from-2024-01-01"),
    ("the question is settled by the record now", "TYPICAL", person(job("2024-01-01", "2025-12-31", duties=["billing"])), "TYPICAL/otherwise"),
]  # fmt: skip


@pytest.mark.parametrize("name, cls, applicant, point", STALE, ids=[c[0] for c in STALE])
def test_a_determination_no_point_asks_for_is_stale(series, name, cls, applicant, point):
    d = decide(series, cls, applicant, [accept(point)])
    assert [x.point for x in d.stale] == [point]
    assert all(p.determination is None for p in d.points)


def test_a_determination_for_a_class_not_screened_is_neither_applied_nor_stale(series):
    d = decide(series, "TYPICAL", person(BILLING), [accept("NURSE/license")])
    assert (d.status, d.stale) == ("review", [])


def test_answers_made_together_are_not_stale_when_one_settles_the_clause_first(series):
    """Both questions of one skeleton answered: the degree accepted, experience in its place is not
    judged any more, but its question was asked, so its answer is not stale."""
    answers = [accept("SUBSTITUTE/education-bachelor"), accept("SUBSTITUTE/substitution/job-from-2020-01-01")]
    d = decide(series, "SUBSTITUTE", person(LONG_LEAD, education=[school("bachelor")]), answers)
    assert (d.status, d.stale) == ("eligible", [])
    assert [p.id for p in d.points] == ["SUBSTITUTE/education-bachelor"]


# --- assumed facts ------------------------------------------------------------------------------

ASSUMED = [
    # name, job facts, assumed (record), in the job line
    ("hours and pay not given", {}, ("job 1: 40 hours a week and paid",), "(assumed: 40 hours a week, as the record does not say)"),
    ("hours given", {"hours_per_week": 40}, ("job 1: paid",), None),
    ("both given", {"hours_per_week": 20, "paid": True}, (), None),
]  # fmt: skip


@pytest.mark.parametrize("name, facts, record, line", ASSUMED, ids=[c[0] for c in ASSUMED])
def test_assumed_facts_are_said(series, name, facts, record, line):
    from merit.engine.timeline import JOBS

    cls = next(c for c in series.classes if c.id == "TYPICAL")
    (d,) = screen_applicant(person(job("2025-01-01", "2025-06-30", duties=["billing"], **facts)), [(cls, series)], AS_OF, JOBS)
    assert d.assumed == record
    job_line = d.reasons[0].children[0].detail
    if line:
        assert line in job_line
    else:
        assert "assumed" not in job_line


# --- the determinations file --------------------------------------------------------------------

GOOD = """\
- applicant: A-1013
  point: JI60/pattern-i/job-1
  answer: accept
  by: A. Analyst
  date: 2026-12-01
  because: 17 months as an Office Technician answering tax questions are equivalent to Range B
- applicant: A-1013
  point: JI60/pattern-ii/job-1
  answer:
  by:
  date:
  because:
"""

BAD = [
    # name, text, problem
    ("an answer misspelt", GOOD.replace("answer: accept", "answer: acept"),
     "d.yaml:3:11: answer: unknown value 'acept' (expected one of accept, reject); did you mean 'accept'?"),
    ("an answer without who decided", GOOD.replace("  by: A. Analyst\n", ""),
     "d.yaml:1:3: missing 'by' in a determination with an answer (expected by: who decided (a name))"),
    ("an answer with an empty why", GOOD.replace("because: 17 months", "because:  #").split("\n- applicant")[0] + "\n",
     "d.yaml:6:11: because: is empty in a determination with an answer (expected why, in words an applicant could read)"),
    ("a date that is no date", GOOD.replace("date: 2026-12-01", "date: 2026-13-01"),
     "d.yaml:5:9: date: 2026-13-01 is not a real date: there is no month 13 (expected YYYY-MM-DD or YYYY-MM)"),
    ("a key misspelt", GOOD.replace("  because: 17", "  becuase: 17"),
     "d.yaml:6:3: unknown key 'becuase' in determination; did you mean 'because'?"),
    ("no point", GOOD.replace("  point: JI60/pattern-i/job-1\n", ""),
     "d.yaml:1:3: missing required key 'point' in determination (expected a line such as point: JI60/pattern-i/job-1)"),
    ("two answers to one point that disagree", GOOD + GOOD.split("- applicant: A-1013\n  point: JI60/pattern-ii")[0].replace("accept", "reject"),
     "d.yaml:13:3: determination for A-1013 JI60/pattern-i/job-1 answers reject where line 1 answers accept"
     " (expected one answer per applicant and point: remove one)"),
    ("not a list of determinations", "answers: yes\n",
     "d.yaml:1:1: unknown key 'answers' in determination; did you mean 'answer'?"),
]  # fmt: skip


@pytest.mark.parametrize("name, text, problem", BAD, ids=[c[0] for c in BAD])
def test_a_bad_determinations_file_is_reported_at_its_place(tmp_path, monkeypatch, name, text, problem):
    f = tmp_path / "d.yaml"
    f.write_text(text)
    monkeypatch.chdir(tmp_path)
    loaded = load_determinations("d.yaml")
    assert problem in [str(p) for p in loaded.problems]
    assert loaded.determinations == []  # nothing is used from a file that does not say what its author meant


def test_a_good_file_skips_the_questions_not_yet_answered(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(GOOD)
    loaded = load_determinations(str(f))
    assert loaded.problems == []
    (det,) = loaded.determinations
    assert (det.applicant, det.point, det.answer, det.by, det.date, det.line) == (
        "A-1013", "JI60/pattern-i/job-1", "accept", "A. Analyst", dt.date(2026, 12, 1), 1
    )
    assert loaded.digest == hashlib.sha256(GOOD.encode()).hexdigest()


def test_the_same_answer_twice_is_one_answer(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(GOOD + GOOD)
    loaded = load_determinations(str(f))
    assert loaded.problems == []
    assert [(d.point, d.line) for d in loaded.determinations] == [("JI60/pattern-i/job-1", 1)]


def test_answers_of_several_files_merge_and_two_that_disagree_are_one_error_naming_both(tmp_path):
    from merit.determinations import merge

    a, b, c = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    a.write_text(GOOD)
    b.write_text(GOOD.replace("pattern-ii/job-1\n  answer:\n  by:\n  date:\n  because:", "pattern-ii/job-1\n  answer: reject\n  by: B\n  date: 2026-12-02\n  because: no"))
    c.write_text(GOOD.replace("answer: accept", "answer: reject"))
    found, problems = merge([load_determinations(str(x)) for x in (a, b)])
    assert problems == [] and [(d.file, d.point) for d in found] == [(str(a), "JI60/pattern-i/job-1"), (str(b), "JI60/pattern-ii/job-1")]
    found, problems = merge([load_determinations(str(x)) for x in (a, c)])
    assert found == [] and [str(p) for p in problems] == [
        f"{c}:1:3: determination for A-1013 JI60/pattern-i/job-1 answers reject where {a}:1 answers accept"
        " (expected one answer per applicant and point: remove one)"
    ]


# --- the loop, from the command line -------------------------------------------------------------


def merit(*args: str, cwd: Path = ROOT) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([sys.executable, "-m", "merit", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    return done.returncode, done.stdout, done.stderr


OFFICE_TECHNICIAN = "job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"
CASHIER = """\
  - title: Cashier
    employer: Corner Market
    sector: private
    start: 2015-06-01
    end: 2025-05-31
    duties: [customer-service, public-counter]
"""


@pytest.mark.slow
def test_the_whole_loop_screen_answer_rescreen_and_a_spec_edited_later(tmp_path):
    grace = str(SAMPLES / "grace-lee.yaml")
    args = ["-c", "JI60", "--as-of", "2026-11-01"]
    # 1. screened: review, with its decision points, each naming the job by what it is
    code, out, _ = merit("screen", grace, *args, "-f", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (code, record["status"]) == (1, "review")
    ids = [p["id"] for p in record["decision_points"]]
    assert ids == [f"JI60/pattern-{n}/{OFFICE_TECHNICIAN}" for n in ("i", "ii", "iv")]
    # 2. the skeleton: an entry per point, the question as a comment, its digest, the answer blank
    skeleton = tmp_path / "determinations.yaml"
    code, _, err = merit("screen", grace, *args, "-f", "determinations", "-o", str(skeleton))
    text = skeleton.read_text()
    assert text.count("  answer:\n") == 3 and "# specific: Pattern I: job 1 (Office Technician at California Department of Tax and Fee Administration)" in text
    assert text.count("  digest: ") == 3
    assert load_determinations(str(skeleton)).determinations == []  # nothing decided yet
    # 3. the analyst answers the first question
    filled = text.replace(
        "  answer:\n  by:\n  date:\n  because:\n",
        "  answer: accept\n  by: A. Analyst\n  date: 2026-12-01\n  because: answering tax questions at the level of a Tax Technician, Range B\n",
        1,
    )
    skeleton.write_text(filled)
    # 4. screened again: eligible, with the analyst's name in the reasons
    code, out, err = merit("screen", grace, *args, "-d", str(skeleton), "-f", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (code, err, record["status"], record["path"]) == (0, "", "eligible", "Pattern I")
    assert "accepted by A. Analyst on 2026-12-01: answering tax questions" in record["reason"]
    assert "accepted by A. Analyst on 2026-12-01" in json.dumps(record["reasons"])
    (answered,) = [p for p in record["decision_points"] if p["answer"]]
    assert (answered["id"], answered["by"], answered["date"]) == (f"JI60/pattern-i/{OFFICE_TECHNICIAN}", "A. Analyst", "2026-12-01")
    line = filled.splitlines().index('- applicant: "A-1013"') + 1
    # 5. a job is inserted before the answered one: the answer stays with the Office Technician's job,
    # and the cashier's ten years are a question of their own, never accepted with her reason
    inserted = tmp_path / "grace-lee.yaml"
    inserted.write_text(Path(grace).read_text().replace("experience:\n", "experience:\n" + CASHIER, 1))
    code, out, err = merit("screen", str(inserted), *args, "-d", str(skeleton), "-f", "jsonl", "--explain")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (code, err, record["status"]) == (0, "", "eligible")
    assert [p["id"] for p in record["decision_points"] if p["answer"]] == [f"JI60/pattern-i/{OFFICE_TECHNICIAN}"]
    cashier = [r for r in _flat(record["reasons"]) if r["requirement"].startswith("Cashier")]
    assert cashier and all("accepted by" not in r["detail"] for r in cashier)
    # 6. the clause's question is rewritten (its because:), its name kept: the answer is stale at its line
    specs = tmp_path / "specs"
    shutil.copytree(bundled_specs_dir(), specs, ignore=shutil.ignore_patterns("cases"))
    spec = specs / "ca-ftb-customer-service.yaml"
    old = "because: whether the work was at a level of responsibility equivalent to a Tax Technician, FTB, Range B"
    spec.write_text(spec.read_text().replace(old, "because: whether the work was at a level equivalent to a Tax Technician, FTB, Range A", 1))
    code, out, err = merit("screen", grace, *args, "-d", str(skeleton), "--specs", str(specs), "-f", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and record["status"] == "review"
    assert err.splitlines()[0] == (
        f"{skeleton}:{line}:3: determination for A-1013 JI60/pattern-i/{OFFICE_TECHNICIAN} answered another text of the question"
        " (the spec's clause or the record's entry changed since it was made, its digest differs); not applied"
    )
    (stale,) = record["stale_determinations"]
    assert (stale["point"], stale["by"], stale["line"]) == (f"JI60/pattern-i/{OFFICE_TECHNICIAN}", "A. Analyst", line)
    # 7. the spec is edited (Pattern I renamed): the determination is reported, not applied
    spec.write_text(spec.read_text().replace("label: Pattern I\n", "label: Pattern One\n", 1))
    code, out, err = merit("screen", grace, *args, "-d", str(skeleton), "--specs", str(specs), "-f", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert code == 2 and record["status"] == "review"
    assert err.splitlines()[0] == (
        f"{skeleton}:{line}:3: determination for A-1013 JI60/pattern-i/{OFFICE_TECHNICIAN} matches no decision point of this result"
        " (the spec or the record changed since it was made); not applied"
    )
    (stale,) = record["stale_determinations"]
    assert (stale["point"], stale["by"], stale["line"]) == (f"JI60/pattern-i/{OFFICE_TECHNICIAN}", "A. Analyst", line)
    assert record["spec_digest"] == hashlib.sha256(spec.read_bytes()).hexdigest()
    assert f"JI60/pattern-one/{OFFICE_TECHNICIAN}" in [p["id"] for p in record["decision_points"]]


def _flat(reasons: list[dict]):
    for r in reasons:
        yield r
        yield from _flat(r.get("reasons", []))


def test_an_answer_by_a_jobs_place_is_refused_as_stale_never_applied_to_another_job(tmp_path):
    """An answers file of the old ids (job-1): a job inserted before the one answered must not take the answer."""
    inserted = tmp_path / "grace-lee.yaml"
    inserted.write_text((SAMPLES / "grace-lee.yaml").read_text().replace("experience:\n", "experience:\n" + CASHIER, 1))
    old = tmp_path / "d.yaml"
    old.write_text(GOOD)
    code, out, err = merit("screen", str(inserted), "-c", "JI60", "--as-of", "2026-11-01", "-d", str(old), "-f", "jsonl")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (code, record["status"]) == (2, "review")
    assert not [p for p in record["decision_points"] if p["answer"]]
    assert err.splitlines()[0] == (
        f"{old}:1:3: determination for A-1013 JI60/pattern-i/job-1 names a job or an education entry by its place in the"
        " record, which inserting or reordering entries changes (expected an id that names the entry, such as"
        " job-office-technician-at-...-from-2025-06-01); not applied"
    )


def test_a_determination_for_no_class_of_the_specs_is_reported(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(GOOD.replace("JI60/pattern-i", "XX99/pattern-i"))
    code, _, err = merit("screen", str(SAMPLES / "grace-lee.yaml"), "-c", "JI60", "--as-of", "2026-11-01", "-d", str(f))
    assert code == 2
    assert err.splitlines()[0].startswith(f"{f}:1:3: determination for A-1013 XX99/pattern-i/job-1 names no class of the specs")


def test_a_bad_determinations_file_stops_the_run(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(GOOD.replace("answer: accept", "answer: maybe"))
    code, out, err = merit("screen", str(SAMPLES / "grace-lee.yaml"), "-c", "JI60", "-d", str(f))
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"{f}:3:11: answer: unknown value 'maybe' (expected one of accept, reject)"]


def test_the_output_may_not_be_the_determinations_file(tmp_path):
    f = tmp_path / "d.yaml"
    f.write_text(GOOD)
    code, _, err = merit("screen", str(SAMPLES / "grace-lee.yaml"), "-d", str(f), "-f", "determinations", "-o", str(f))
    assert code == 2 and "the --determinations file" in err
    assert f.read_text() == GOOD


# --- the stamp ----------------------------------------------------------------------------------


def test_every_record_is_stamped_and_json_carries_the_run():
    code, out, _ = merit("screen", str(SAMPLES / "david-brown.yaml"), "-c", "1229", "--as-of", "2026-11-01", "-f", "json")
    document = json.loads(out)
    import merit as package

    spec = ROOT / "specs" / "la-customer-service-specialist.yaml"
    digest = hashlib.sha256(spec.read_bytes()).hexdigest()
    assert document["run"] == {
        "merit_version": package.__version__,
        "as_of": "2026-11-01",
        "classes": ["LA-1229"],
        "series": None,
        "specs": None,
        "spec_digests": {"la-customer-service-specialist": digest},
        "spec_dates": {"la-customer-service-specialist": "2008-02-14"},
        "determinations": None,
        "reasons": "full",
    }
    (record,) = document["results"]
    assert (record["merit_version"], record["spec_digest"], record["spec_date"], record["as_of"], record["name"]) == (
        package.__version__, digest, "2008-02-14", "2026-11-01", "David Brown"
    )


def test_the_spec_date_is_the_latest_of_the_source_dates(series):
    assert (series.date, series.digest) == ("2019-07", hashlib.sha256(SPEC.encode()).hexdigest())


def test_screen_class_alone_still_decides(series):
    """The engine's per-class entry point keeps working without determinations."""
    cls = next(c for c in series.classes if c.id == "TYPICAL")
    (d,) = screen_class(cls, series, person(BILLING), AS_OF)
    assert [p.id for p in d.points] == ["TYPICAL/otherwise"]


def test_a_skeleton_and_a_filled_file_are_valid_for_the_committed_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((ROOT / "docs" / "schema" / "determinations.schema.json").read_text(encoding="utf-8"))
    skeleton = tmp_path / "d.yaml"
    merit("screen", str(SAMPLES / "grace-lee.yaml"), "-c", "JI60", "--as-of", "2026-11-01", "-f", "determinations", "-o", str(skeleton))
    for text in (skeleton.read_text(), GOOD):
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(text), default=str)), schema)


@pytest.mark.parametrize("command", ["summary", "report"])
@pytest.mark.slow
def test_saved_results_of_another_text_of_a_spec_say_so(tmp_path, command):
    results = tmp_path / "r.jsonl"
    merit("screen", str(SAMPLES / "grace-lee.yaml"), str(SAMPLES / "david-brown.yaml"), "-c", "JI60,1229", "--as-of", "2026-11-01", "-o", str(results))
    specs = tmp_path / "specs"
    shutil.copytree(bundled_specs_dir(), specs, ignore=shutil.ignore_patterns("cases"))
    code, _, err = merit(command, str(results), "--specs", str(specs))
    assert (code, err) == (0, "")  # the same specs: nothing to say
    spec = specs / "ca-ftb-customer-service.yaml"
    old = hashlib.sha256(spec.read_bytes()).hexdigest()
    spec.write_text(spec.read_text() + "# revised\n")
    new = hashlib.sha256(spec.read_bytes()).hexdigest()
    code, out, err = merit(command, str(results), "--specs", str(specs))
    said = (
        f"2 results of ca-ftb-customer-service were screened against another text of its spec"
        f" (sha256 {old[:12]}..., now {new[:12]}...): screen again to judge by the spec as it is"
    )
    assert (code, err) == (0, f"merit {command}: note: {said}\n")
    if command == "report":
        assert f"<dt>Spec changed since</dt><dd>{said}</dd>" in out


def test_explain_lists_the_decision_points_with_their_ids(tmp_path):
    code, out, _ = merit("screen", str(SAMPLES / "grace-lee.yaml"), "-c", "MT-CSR-13", "--as-of", "2026-11-01", "--explain")
    assert code == 1
    assert "  decision points (answer them in a file given with --determinations; -f determinations writes one):" in out
    assert "    MT-CSR-13/judgment [open] catch-all: an analyst must decide: the source publishes no education" in out


def test_a_line_of_json_is_the_record_encoded_with_answers_and_stale_determinations(series):
    from merit.render.records import _encode, json_line, record

    answers = [accept("EQUIVALENT/specific-experience/job-from-2024-01-01", answer="reject"), accept("EQUIVALENT/pattern-ii/job-from-2024-01-01")]
    d = decide(series, "EQUIVALENT", person(LEAD, BILLING), answers)
    assert d.points and d.stale and any(p.determination for p in d.points)
    name = 'Ana "Quote" Ñ'
    assert json_line(d, None, name) == _encode(record(d, None, name))


@pytest.mark.parametrize(
    "text, code, said",
    [
        (GOOD, 0, "checked 1 file: 1 determinations file (1 answer); 0 problems"),
        (GOOD.replace("  by: A. Analyst\n", ""), 2, "checked 1 file: 1 determinations file (0 answers); 1 problem"),
    ],
    ids=["good", "an answer without who decided"],
)
def test_merit_validate_tells_a_determinations_file_by_its_keys(tmp_path, text, code, said):
    f = tmp_path / "d.yaml"
    f.write_text(text)
    done, out, err = merit("validate", str(f))
    assert (done, out.strip()) == (code, said)
    if code:
        assert err.strip() == f"{f}:1:3: missing 'by' in a determination with an answer (expected by: who decided (a name))"
