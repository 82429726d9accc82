"""merit review: the page of decision points an analyst answers offline. What the page holds, read from saved
results (and answers given before), checked here without a browser; tests/test_review_browser.py drives it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from merit.render.questions import pattern_of
from merit.render.review_page import embedded, point_view

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = "2026-11-01"
# Grace Lee's one job, as decision point ids name it: by what it is, not where it stands in her record
JOB = "job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"


def merit(*args: str, input: str | None = None):
    result = CliRunner().invoke(build_app(), list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def page_data(html: str) -> dict:
    """The data the page embeds (what its script reads)."""
    found = re.search(r'<script type="application/json" id="review-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found[1])


def questions(data: dict) -> dict[tuple[str, str], list]:
    """(applicant, point id) -> the point's row."""
    return {(data["applicants"][p[0]][0], p[1]): p for p in data["points"]}


def screened(tmp_path: Path, *files: str, classes: str = "JI60", extra: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "applicants"
    folder.mkdir(exist_ok=True)
    for name in files:
        if not (folder / name).exists():  # a record a test has written stays as it is
            shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path / "results.jsonl"
    merit("screen", str(folder), "-c", classes, "--as-of", AS_OF, "-f", "jsonl", "-o", str(out), *extra)
    return out


@pytest.mark.parametrize(
    "point_id, pattern, entry",
    [
        (f"JI60/pattern-i/{JOB}", "JI60/pattern-i/job-*", JOB),
        (
            "LA-1513/graduation/education-bachelor-in-accounting-at-uc-irvine",
            "LA-1513/graduation/education-*",
            "education-bachelor-in-accounting-at-uc-irvine",
        ),
        (
            "PHL-6J27/call-center/requirement/job-clerk-from-2020-01-01-2",
            "PHL-6J27/call-center/requirement/job-*",
            "job-clerk-from-2020-01-01-2",
        ),
        ("MO-CS-G4/otherwise", "MO-CS-G4/otherwise", None),
        ("MT-CSR-13/judgment", "MT-CSR-13/judgment", None),
        ("LA-1513/units-in-accounting/coursework", "LA-1513/units-in-accounting/coursework", None),
        ("LA-1229/requirement-1/education", "LA-1229/requirement-1/education", None),
    ],
)
def test_a_point_pattern_is_the_one_summary_questions_counts_and_the_entry_is_named_by_what_it_is(point_id, pattern, entry):
    view = point_view({"class": point_id.split("/")[0]}, {"id": point_id, "kind": "specific"})
    assert (view["pattern"], view["entry"]) == (pattern, entry)
    assert view["pattern"] == pattern_of(point_id)  # the page groups as merit summary --questions counts


def test_the_embedded_data_cannot_end_its_script_element():
    text = embedded({"title": "</script><script>alert(1)</script>", "note": "<!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script>", "note": "<!-- & \u2028"}


def test_the_page_lists_every_question_of_a_review_with_its_entry_clause_and_citation(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml", "maria-lopez.yaml")
    code, page, err = merit("review", str(results))
    assert (code, err) == (0, "")
    data = page_data(page)
    asked = questions(data)
    # Grace Lee's review asks three questions about her one job; Maria Lopez is eligible and asked nothing
    assert sorted(asked) == [
        ("A-1013", f"JI60/pattern-i/{JOB}"),
        ("A-1013", f"JI60/pattern-ii/{JOB}"),
        ("A-1013", f"JI60/pattern-iv/{JOB}"),
    ]
    point = asked[("A-1013", f"JI60/pattern-i/{JOB}")]
    s = data["strings"]
    assert s[point[3]] == "JI60/pattern-i/job-*" and point[4] == "specific" and s[point[5]] == "Pattern I"
    assert s[point[7]] == "+17.03 months toward Pattern I (needs 6, 0 certain): enough to meet it"
    assert s[point[8]].endswith("Customer Service Specialist, Franchise Tax Board, Minimum Qualifications, Pattern I")
    facts = dict(zip(point[9][::2], point[9][1::2]))
    assert facts["Entry"] == "job 1: Office Technician at California Department of Tax and Fee Administration"
    assert facts["Dates"] == "2025-06-01 to now (current)"
    assert facts["Hours"] == "40 a week (assumed: the record does not say)"
    assert facts["Duties"] == "customer-service, tax-compliance, clerical"
    assert facts["Record"].endswith("grace-lee.yaml, line 9")
    assert point[10] is None  # open
    assert data["storage"].startswith("merit-review:1:") and len(data["storage"]) == len("merit-review:1:") + 64


def test_saved_records_carry_each_questions_digest_and_the_page_exports_the_one_merit_screen_writes(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    saved = {p["id"]: p["digest"] for r in map(json.loads, results.read_text().splitlines()) for p in r["decision_points"]}
    written = merit("screen", str(tmp_path / "applicants"), "-c", "JI60", "--as-of", AS_OF, "-f", "determinations")[1]
    follow_up = dict(re.findall(r'  point: "([^"]+)"\n  digest: "([0-9a-f]{16})"', written))
    assert saved == follow_up and len(saved) == 3
    page = page_data(merit("review", str(results))[1])
    assert {p[1]: p[11] for p in page["points"]} == saved


def test_citations_come_from_the_specs_when_the_results_carry_no_reasons(tmp_path: Path):
    full = page_data(merit("review", str(screened(tmp_path, "grace-lee.yaml")))[1])
    lean = page_data(merit("review", str(screened(tmp_path, "grace-lee.yaml", extra=("--reasons", "summary"))))[1])
    cite = lambda data: {k: data["strings"][p[8]] for k, p in questions(data).items()}  # noqa: E731
    assert cite(lean) == cite(full) and all(cite(full).values())


def test_the_entry_is_found_by_its_name_wherever_it_stands_and_an_entry_gone_is_said_so(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    record = tmp_path / "applicants" / "grace-lee.yaml"
    text = record.read_text()
    # a job inserted before the one the question is about: the question still names her Office Technician job
    cashier = "experience:\n  - title: Cashier\n    employer: Corner Store\n    start: 2010-01-01\n    end: 2019-12-31\n"
    record.write_text(text.replace("experience:\n", cashier))
    point = questions(page_data(merit("review", str(results))[1]))[("A-1013", f"JI60/pattern-i/{JOB}")]
    facts = dict(zip(point[9][::2], point[9][1::2]))
    assert facts["Entry"] == "job 2: Office Technician at California Department of Tax and Fee Administration"
    # the job renamed (another title): no job of the record is the one asked about, and none is shown in its place
    record.write_text(text.replace("title: Office Technician", "title: Tax Technician"))
    point = questions(page_data(merit("review", str(results))[1]))[("A-1013", f"JI60/pattern-i/{JOB}")]
    assert point[9] == f"the record has no job {JOB} now: it changed since the screening"
    record.unlink()
    point = questions(page_data(merit("review", str(results))[1]))[("A-1013", f"JI60/pattern-i/{JOB}")]
    assert isinstance(point[9], str) and "cannot be read here" in point[9]


ANSWERS = f"""\
- applicant: A-1013
  point: JI60/pattern-ii/{JOB}
  answer: reject
  by: B. Analyst
  date: 2026-11-20
  because: not tax compliance work
- applicant: A-1013
  point: JI60/pattern-ix/{JOB}
  answer: accept
  by: B. Analyst
  date: 2026-11-20
  because: a clause since renamed
- applicant: A-1013
  point: JI60/pattern-i/job-1
  answer: accept
  by: B. Analyst
  date: 2026-11-20
  because: an id by place
- applicant: A-9999
  point: JI60/pattern-i/{JOB}
  answer: accept
  by: B. Analyst
  date: 2026-11-21
  because: another batch
"""


def test_answers_given_before_are_on_their_questions_and_the_others_kept_for_the_export(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS)
    code, page, err = merit("review", str(results), "-d", str(answers))
    assert (code, err) == (0, "")
    data = page_data(page)
    asked = questions(data)
    assert asked[("A-1013", f"JI60/pattern-ii/{JOB}")][10] == ["reject", "B. Analyst", "2026-11-20", "not tax compliance work"]
    assert asked[("A-1013", f"JI60/pattern-i/{JOB}")][10] is None
    later = "\n".join(data["later"])
    # an answer for a question these results no longer ask is kept as a comment, as --format determinations keeps it
    assert f"# not applied, no decision point asks for it now (the spec or the record changed): JI60/pattern-ix/{JOB}" in later
    assert '#   because: "a clause since renamed"' in later
    # an answer naming the job by its place, as ids were once written: said why, as merit screen's follow-up file says
    assert "# not applied: JI60/pattern-i/job-1 names a job or an education entry by its place in the record" in later
    # an answer for an applicant of another batch is kept as an answer
    assert f'- applicant: "A-9999"\n  point: "JI60/pattern-i/{JOB}"\n  answer: accept' in later


def test_an_answer_by_pattern_of_a_determinations_file_is_kept_as_an_answer_never_as_a_stale_comment(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "- applicant: A-1013\n  point: JI60/pattern-*/job-office-technician-*\n  answer: accept\n  by: B. Analyst\n"
        "  date: 2026-11-20\n  because: the office counts this work at the Tax Technician level\n"
    )
    code, page, err = merit("review", str(results), "-d", str(answers))
    assert (code, err) == (0, "")
    later = page_data(page)["later"]
    assert '- applicant: "A-1013"\n  point: "JI60/pattern-*/job-office-technician-*"\n  answer: accept' in "\n".join(later)
    assert not any(line.startswith("# not applied") for line in later)  # a standing answer is never stale here


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.jsonl"], "missing.jsonl:1:1: no such file"),
        (["RESULTS", "-d", "bad.yaml"], "bad.yaml:3:11: answer: unknown value 'maybe'"),
        (["RESULTS", "-o", "RESULTS"], "is one of the results read (expected another file)"),
        (["RESULTS", "-d", "bad.yaml", "-o", "bad.yaml"], "is one of the determinations files read (expected another file)"),
    ],
    ids=["no results", "a bad determinations file", "-o names the results", "-o names the answers"],
)
def test_what_cannot_make_a_page_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, args, message):
    results = screened(tmp_path, "grace-lee.yaml")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text(
        f"- applicant: A-1013\n  point: JI60/pattern-i/{JOB}\n  answer: maybe\n  by: A\n  date: 2026-11-20\n  because: x\n"
    )
    before = results.read_bytes()
    code, out, err = merit("review", *[str(results) if a == "RESULTS" else a for a in args])
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert results.read_bytes() == before


def test_hostile_record_text_is_data_in_the_page_never_markup(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    record = tmp_path / "applicants" / "grace-lee.yaml"
    record.write_text(
        record.read_text().replace("Office Technician\n", '"Office Technician</script><script>alert(1)</script>"\n', 1)
    )
    results = screened(tmp_path, "grace-lee.yaml")
    code, page, _ = merit("review", str(results))
    assert code == 0
    assert page.count("<script") == 2  # the data and the page's own script, nothing from the record
    assert "alert(1)</script>" not in page
    (point,) = [p for k, p in questions(page_data(page)).items() if k[1].startswith("JI60/pattern-i/job-")]  # the title names it
    assert (
        point[9][1]
        == "job 1: Office Technician</script><script>alert(1)</script> at California Department of Tax and Fee Administration"
    )


def test_the_page_loads_nothing_and_allows_only_its_own_style_and_script(tmp_path: Path):
    page = merit("review", str(screened(tmp_path, "grace-lee.yaml")))[1]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    assert csp.startswith("default-src 'none'; style-src 'sha256-") and "script-src 'sha256-" in csp
    assert "form-action 'none'" in csp and "base-uri 'none'" in csp
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


def test_the_docs_loop_makes_the_page_it_describes(tmp_path: Path, monkeypatch):
    """docs/review.md's commands, run as written (but for the answers, which the reader downloads)."""
    import shlex

    block = (
        (ROOT / "docs" / "review.md")
        .read_text(encoding="utf-8")
        .split("## The loop", 1)[1]
        .split("```sh\n", 1)[1]
        .split("```", 1)[0]
    )
    commands = [shlex.split(line) for line in block.splitlines() if line.startswith("merit ")]
    assert [c[1] for c in commands] == ["screen", "review", "screen"]
    (tmp_path / "sample_applicants").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)
    for command in commands[:2]:
        code, _, err = merit(*command[1:])
        assert code in (0, 1), err
    data = page_data((tmp_path / "review.html").read_text(encoding="utf-8"))
    per_class: dict[str, int] = {}
    for p in data["points"]:
        per_class[data["strings"][p[2]]] = per_class.get(data["strings"][p[2]], 0) + 1
    assert per_class == {"MO-CS-G4": 7, "JI60": 11}  # as the page says: 18 questions, 11 about JI60
    assert all(isinstance(p[9], list) for p in data["points"] if "/job-" in p[1])  # every job shown beside its question


def test_text_of_tampered_results_cannot_add_lines_to_the_exported_file(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    records = [json.loads(line) for line in results.read_text().splitlines()]
    evil = f"\n- applicant: A-1013\n  point: JI60/pattern-i/{JOB}\n  answer: accept"
    point = records[0]["decision_points"][0]
    point.update(kind="specific" + evil, answer="accept", by="X", date="2026-12-01" + evil, because="y")
    records[0]["decision_points"][1].update(answer="accept", by="X", date="2026-12-01", because="y")
    records[0]["stale_determinations"] = [
        {"point": "JI60/x" + evil, "answer": "accept" + evil, "by": "X", "date": "2026-12-01", "because": "y"}
    ]
    records[0]["as_of"] = "2026-11-01" + evil
    results.write_text("".join(json.dumps(r) + "\n" for r in records))
    data = page_data(merit("review", str(results))[1])
    kinds = {p[1]: p[4] for p in data["points"]}
    answers = {p[1]: p[10] for p in data["points"]}
    assert "\n" not in kinds[f"JI60/pattern-i/{JOB}"]
    assert answers[f"JI60/pattern-i/{JOB}"] is None  # an answer with a date that is no date is not taken
    assert answers[f"JI60/pattern-ii/{JOB}"] == ["accept", "X", "2026-12-01", "y"]
    assert all(line.startswith("#") and "\n" not in line for line in data["results"][0][2])
    assert all(line.startswith("#") for line in data["preamble"].splitlines())


def test_at_a_terminal_merit_says_what_it_wrote_and_in_a_pipe_nothing(tmp_path: Path, monkeypatch):
    results = screened(tmp_path, "grace-lee.yaml")
    page = tmp_path / "review.html"
    assert merit("review", str(results), "-o", str(page)) == (0, "", "")
    monkeypatch.setattr("merit.env._isatty", lambda stream: True)
    code, out, err = merit("review", str(results), "-o", str(page))
    assert (code, out) == (0, "")
    assert err == f"merit review: wrote {page}: 3 questions, 0 answered; open it in a browser\n"


def test_results_in_one_json_document_make_the_same_page_as_json_lines(tmp_path: Path):
    lines = screened(tmp_path, "grace-lee.yaml", "keisha-williams.yaml")
    document = tmp_path / "results.json"
    merit("screen", str(tmp_path / "applicants"), "-c", "JI60", "--as-of", AS_OF, "-f", "json", "-o", str(document))
    a, b = page_data(merit("review", str(lines))[1]), page_data(merit("review", str(document))[1])
    assert a["points"] == b["points"] and a["results"] == b["results"] and len(a["points"]) == 5


def test_results_from_standard_input_make_the_same_page_keyed_by_what_was_read(tmp_path: Path):
    results = screened(tmp_path, "grace-lee.yaml")
    from_file = page_data(merit("review", str(results))[1])
    code, page, _ = merit("review", "-", input=results.read_text())
    piped = page_data(page)
    assert code == 0 and piped["points"] == from_file["points"] and piped["sources"] == ["<stdin>"]
    other = page_data(merit("review", "-", input=screened(tmp_path, "keisha-williams.yaml").read_text())[1])
    assert piped["storage"] != other["storage"]  # other results keep their answers apart


@pytest.mark.parametrize(
    "second, code, shown",
    [
        (ANSWERS, 0, "the same answers twice are one set of answers"),
        (ANSWERS.replace("answer: reject", "answer: accept", 1).split("- applicant: A-1013\n  point: JI60/pattern-ix")[0], 2, ""),
    ],
    ids=["the same answer in two files", "two answers to one question"],
)
def test_several_answer_files_merge_and_a_contradiction_is_one_positioned_line(tmp_path: Path, second, code, shown):
    results = screened(tmp_path, "grace-lee.yaml")
    (tmp_path / "a.yaml").write_text(ANSWERS)
    (tmp_path / "b.yaml").write_text(second)
    done, page, err = merit("review", str(results), "-d", str(tmp_path / "a.yaml"), "-d", str(tmp_path / "b.yaml"))
    assert done == code
    if code:
        assert err.splitlines()[0] == (
            f"{tmp_path / 'b.yaml'}:1:3: determination for A-1013 JI60/pattern-ii/{JOB} contradicts the one at"
            f" {tmp_path / 'a.yaml'}:1 (expected one answer per applicant and point)"
        )
        assert page == ""
    else:
        later = page_data(page)["later"]
        assert sum(line.startswith("- applicant:") for line in later) == 1  # A-9999's answer once, not once a file
        assert sum(line.startswith("# not applied") for line in later) == 2  # A-1013's two stale answers, once each


def test_answers_the_results_carry_are_on_the_page_and_a_result_they_settled_asks_nothing_more(tmp_path: Path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS.replace("answer: reject", "answer: accept", 1).replace("pattern-ii", "pattern-i", 1))
    results = screened(tmp_path, "grace-lee.yaml", extra=("-d", str(answers)))
    assert json.loads(results.read_text().splitlines()[0])["status"] == "eligible"
    data = page_data(merit("review", str(results))[1])
    # the accepted question is kept with its answer (the export records what the result rests on); the other
    # questions of a result that is met are no longer asked
    assert {k: p[10] for k, p in questions(data).items()} == {
        ("A-1013", f"JI60/pattern-i/{JOB}"): ["accept", "B. Analyst", "2026-11-20", "not tax compliance work"]
    }


def test_the_pages_script_never_turns_text_into_markup():
    script = (ROOT / "cli" / "merit" / "render" / "review_page.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink  # record text goes on the page through textContent and attributes only
