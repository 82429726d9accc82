"""The report as an audit record: the determinations file and the answers it gave, the answers left stale,
the eligible applicants of each class, each applicant's results under their name, and pages of rows that
keep an applicant's results together."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from test_report import Page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"

ANSWERS = """\
- applicant: "A-1013"
  point: "JI60/pattern-i/job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"
  answer: accept
  by: A. Analyst
  date: 2026-12-01
  because: answering tax questions at the level of a Tax Technician, Range B
- applicant: "A-1013"
  point: "JI60/pattern-z/job-9"
  answer: reject
  by: B. Analyst
  date: 2026-12-02
  because: a clause the spec no longer has
"""


def merit(*args: str):
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def screened(tmp_path_factory) -> dict[str, Path]:
    """Grace Lee (review, made eligible by an answer; a second answer is stale), Maria Lopez (eligible) and
    David Brown (ineligible) against JI60, as a JSON document and as JSON Lines."""
    folder = tmp_path_factory.mktemp("audit-report")
    answers = folder / "answers.yaml"
    answers.write_text(ANSWERS)
    files = [str(SAMPLES / n) for n in ("grace-lee.yaml", "maria-lopez.yaml", "david-brown.yaml")]
    out = {"answers": answers}
    for fmt in ("json", "jsonl"):
        out[fmt] = folder / f"results.{fmt}"
        merit("screen", *files, "-c", "JI60", "--as-of", "2026-11-01", "-d", str(answers), "-f", fmt, "-o", str(out[fmt]))
        assert out[fmt].stat().st_size > 0
    return out


def report(*args: str) -> Page:
    code, out, err = merit("report", *args)
    assert code == 0, err
    return Page(out)


def stamp(page: Page) -> list[tuple[str, str]]:
    return list(zip([t for _, t in page.find("dt")], [t for _, t in page.find("dd")]))


def test_the_stamp_names_the_determinations_file_with_its_digest_and_the_answers(screened):
    rows = stamp(report(str(screened["json"])))
    digest = hashlib.sha256(screened["answers"].read_bytes()).hexdigest()
    assert ("Determinations file", f"{screened['answers']} (sha256 {digest})") in rows
    assert ("Answers applied", "1 decision point answered, by A. Analyst (1)") in rows
    assert ("Answers not applied (stale)", "1") in rows


def test_json_lines_name_the_determinations_file_through_its_stale_answers(screened, tmp_path: Path):
    rows = stamp(report(str(screened["jsonl"])))
    assert ("Determinations file", f"{screened['answers']} (named by its stale answers)") in rows
    # without a stale answer the file is named nowhere in JSON Lines: the report says so rather than nothing
    records = [json.loads(line) for line in screened["jsonl"].read_text().splitlines()]
    for r in records:
        r["stale_determinations"] = []
    bare = tmp_path / "bare.jsonl"
    bare.write_text("".join(json.dumps(r) + "\n" for r in records))
    rows = dict(stamp(report(str(bare))))
    assert rows["Determinations file"].startswith("not recorded: JSON Lines results do not name it")
    assert rows["Answers not applied (stale)"] == "0"


def test_stale_answers_are_counted_and_listed_with_their_line(screened):
    page = report(str(screened["json"]))
    assert [t for _, t in page.find("h2", id="stale")] == ["Answers not applied"]
    items = [t for a, t in page.find("li") if "pattern-z" in t]
    assert items == [
        f"A-1013 × JI60: JI60/pattern-z/job-9, reject by B. Analyst on 2026-12-02 ({screened['answers']}:7; record at {screened['json']}:2:1)"
    ]
    code, out, err = merit("summary", str(screened["json"]), "-f", "json")
    assert code == 0 and json.loads(out)["stale_determinations"] == 1
    assert err == (
        "merit summary: note: 1 answer of a determinations file was not applied when these results were screened"
        " (it matched no decision point: the spec or the record changed since it was made); merit report lists it\n"
    )


def test_the_eligible_of_each_class_are_listed_an_accepted_review_among_them(screened):
    page = report(str(screened["jsonl"]))
    assert [t for _, t in page.find("h3")] == ["JI60: Customer Service Specialist, Franchise Tax Board (2)"]
    section = page.find("div", class_="eligible")[0][1]
    assert section.removeprefix("JI60: Customer Service Specialist, Franchise Tax Board (2)").splitlines() == [
        "A-1013 Grace Lee",
        "A-1001 Maria Lopez",
    ]


def test_each_applicant_s_results_stand_under_their_name_file_and_count(screened):
    page = report(str(screened["jsonl"]))
    heads = [t for a, t in page.find("th") if a.get("scope") == "rowgroup"]
    assert heads == [
        f"A-1013 Grace Lee {SAMPLES / 'grace-lee.yaml'}: 1 eligible",
        f"A-1001 Maria Lopez {SAMPLES / 'maria-lopez.yaml'}: 1 eligible",
        f"A-1006 David Brown {SAMPLES / 'david-brown.yaml'}: 1 ineligible",
    ]


def rows_of(page: Page) -> list[str]:
    return [t for a, t in page.find("th") if a.get("scope") == "row" and a.get("class") == "nowrap"]


def test_rows_beyond_page_rows_go_to_linked_pages_each_applicant_on_one(screened, tmp_path: Path):
    """A report of 100,000 rows was one page of hundreds of megabytes; now a page holds --page-rows rows."""
    # two classes, so that each applicant has two rows: a page of 3 rows would split the second applicant
    doubled = tmp_path / "doubled.jsonl"
    records = [json.loads(line) for line in screened["jsonl"].read_text().splitlines()]
    doubled.write_text("".join(json.dumps(x) + "\n" for r in records for x in (r, {**r, "class": "JI55"})))
    out = tmp_path / "report.html"
    code, _, err = merit("report", str(doubled), "--page-rows", "3", "-o", str(out))
    assert code == 0
    assert err.splitlines()[-1] == f"merit report: 6 results on 3 pages: {out} and {tmp_path / 'report-2.html'} to {tmp_path / 'report-3.html'}"
    first = Page(out.read_text())
    pages = [first, *(Page((tmp_path / f"report-{k}.html").read_text()) for k in (2, 3))]
    assert [rows_of(p) for p in pages] == [["A-1013", "A-1013"], ["A-1001", "A-1001"], ["A-1006", "A-1006"]]
    assert [a["href"] for a, _ in first.find("a")] == ["report-2.html", "report-3.html"]
    assert [a["href"] for a, _ in pages[2].find("a")] == ["report.html"]
    # the summary and the lists on the first page count the whole batch
    assert re.search(r"3 applicants, 6 results", "".join(t for _, t in first.find("p")))
    assert first.find("div", class_="eligible")[0][1].count("A-10") == 4
    # on standard output there is one page, whatever --page-rows says
    assert rows_of(report(str(doubled), "--page-rows", "3")) == ["A-1013", "A-1013", "A-1001", "A-1001", "A-1006", "A-1006"]


def test_pages_left_from_an_earlier_longer_report_are_named(screened, tmp_path: Path):
    out = tmp_path / "report.html"
    assert merit("report", str(screened["jsonl"]), "--page-rows", "1", "-o", str(out))[0] == 0
    code, _, err = merit("report", str(screened["jsonl"]), "-o", str(out))
    assert code == 0
    assert err.splitlines()[-1] == (
        f"merit report: note: {tmp_path / 'report-2.html'} to {tmp_path / 'report-3.html'} are pages of an earlier report,"
        " not of this one (remove them)"
    )
