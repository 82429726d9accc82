"""merit compare: levels tables of a series, the Montana competency chart, and the applicant overlay."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from merit.commands.catalogue import CompareOptions, run_compare
from merit.env import Environment

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "001_10bdfcd34f565fdb.txt"
MT = "mt-dor-customer-service-representative"

# The Montana Competency/Proficiency Chart, as published: competency -> degrees at grades 11, 12, 13.
MONTANA_CHART = [
    ("Demonstrated skill and ability to work on multiple tasks.", "A", "C", "C"),
    ("Demonstrated knowledge of department business processes and ability to apply that knowledge effectively.", "A", "B", "B"),
    ("Demonstrated knowledge and skill of word processing, spreadsheet, database, and software applications/programs relative to the role.", "B", "C", "C"),
    ("Demonstrated ability to provide timely and effective written, oral, and interpersonal communication.", "B", "B", "C"),
    ("Demonstrated knowledge and ability in conflict resolution techniques relative to the role.", "B", "C", "C"),
    ("Demonstrated knowledge and ability in negotiation techniques relative to the role.", "A", "B", "B"),
    ("Demonstrated knowledge and effective application of federal/state statutes, administrative rules, and state policies and procedures relative to the role.", "B", "C", "C"),
    ("Demonstrated analytical skills relative to the role.", "A", "B", "B"),
    ("Demonstrated research skill relative to the role.", "A", "B", "C"),
    ("Demonstrated knowledge of individual tax types and their relationships within the organization.", "B", "C", "C"),
    ("Demonstrated knowledge of specific revenue sources and market trends.", "A", "B", "B"),
    ("Proactively focus efforts and energy on successfully attaining goals and objectives, assuming accountability for decisions, actions, and results. Follow issues through to completion.", "B", "C", "C"),
]
MONTANA_GUIDANCE = ("Under Guidance", "Minimal Guidance", "Minimal Guidance")
MONTANA_DEGREES = {
    "A": "A degree of knowledge, skill or ability commensurate with elementary-level tasks and assignments.",
    "B": "A degree of knowledge, skill or ability commensurate with intermediate-level tasks and assignments.",
    "C": "A degree of knowledge, skill or ability commensurate with advanced-level tasks and assignments.",
    "D": "An advanced degree of knowledge, skill or ability commensurate with considerable experience and the application of the competency to non-standard tasks and assignments.",
    "E": "The most advanced degree of knowledge, skill or ability evidencing complete mastery and understanding of the subject.",
}
MONTANA_CORE = ["Interpersonal Skills", "Decision-Making and Accountability", "Commitment to Continuous Improvement", "Personal and Work Ethics"]

ALL_CLASSES = ["JI60", "JI55", "LA-1229", "MO-CS-G2", "MO-CS-G4", "MO-CS-G5", "MO-CS-G6", "MO-CS-G8", "MT-CSR-11", "MT-CSR-12", "MT-CSR-13", "PHL-6J27"]

APPLICANT = """\
id: A-1001
name: Maria Lopez
education:
  - level: twelfth-grade
  - level: some-college
    field: business administration
    subjects: [taxation]
experience:
  - title: Call agent
    employer: Montana Department of Revenue
    sector: state
    jurisdiction: Montana
    start: 2022-01-01
    end: 2024-06-30
    duties: [customer-service, call-center, collections, policy-interpretation]
competencies:
  multitasking: B
  business-processes: B
  software: C
  communication: B
  conflict-resolution: B
  negotiation: B
  statutes: C
  analysis: B
  research: A
  tax-types: C
  revenue-sources: B
  goal-attainment: C
"""


def run(*args: str):
    result = CliRunner().invoke(build_app(), list(args))
    return result


def parse_markdown_tables(text: str) -> list[list[list[str]]]:
    """Every GitHub-flavoured pipe table of a Markdown text, as rows of cells (header row first)."""
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line[1:-1])]
            if all(re.fullmatch(r"-{3,}", c) for c in cells):
                continue
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


def parse_seed_chart(text: str) -> tuple[tuple[str, ...], list[tuple[str, ...]], dict[str, str]]:
    """The chart of the Montana source: its header, its rows (competency, degree at 11, 12, 13) and the degree legend."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Competencies\tGrade 11"))
    header = tuple(lines[start].split("\t"))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(tuple(c.strip() for c in line.split("\t")))
    degrees = dict(re.findall(r"^\*\*([A-E]):\*\* (.+)$", text, flags=re.M))
    return header, rows, degrees


@pytest.fixture
def applicant_file(tmp_path):
    path = tmp_path / "a-1001.yaml"
    path.write_text(APPLICANT)
    return path


# --- the Montana chart, cell by cell ---------------------------------------------------------


def test_literal_chart_matches_the_seed_when_present():
    if not SEED.is_file():
        pytest.skip("the source documents are not beside this checkout")
    header, rows, degrees = parse_seed_chart(SEED.read_text(encoding="utf-8"))
    assert header == ("Competencies", "Grade 11 Under Guidance", "Grade 12 Minimal Guidance", "Grade 13 Minimal Guidance")
    assert rows == MONTANA_CHART
    assert degrees == MONTANA_DEGREES


def expected_chart():
    """The chart to check against: parsed from the source when it is here, else the literal copy."""
    if SEED.is_file():
        _, rows, degrees = parse_seed_chart(SEED.read_text(encoding="utf-8"))
        return rows, degrees
    return MONTANA_CHART, MONTANA_DEGREES


def test_montana_chart_in_json_is_exact():
    result = run("compare", "--series", MT, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    (chart,) = doc["competency_charts"]
    rows, degrees = expected_chart()
    assert [c["column"] for c in chart["classes"]] == ["Grade 11", "Grade 12", "Grade 13"]
    assert tuple(c["guidance"] for c in chart["classes"]) == MONTANA_GUIDANCE
    got = [(r["text"], r["grades"]["MT-CSR-11"], r["grades"]["MT-CSR-12"], r["grades"]["MT-CSR-13"]) for r in chart["competencies"]]
    assert got == rows
    assert chart["degrees"] == degrees
    assert [c["name"] for c in chart["core_competencies"]] == MONTANA_CORE


def test_montana_chart_in_markdown_parses_back_cell_by_cell():
    result = run("compare", "--series", MT, "--format", "markdown")
    assert result.exit_code == 0
    tables = parse_markdown_tables(result.stdout)
    chart = next(t for t in tables if t[0][:2] == ["Competency", "Id"])
    assert chart[0][2:] == ["Grade 11", "Grade 12", "Grade 13"]
    rows, degrees = expected_chart()
    body = [r for r in chart[1:] if r[0] != "Guidance"]
    assert [(r[0], r[2], r[3], r[4]) for r in body] == rows
    for r in body:  # each degree a single letter in its own cell
        assert all(re.fullmatch(r"[A-E]", cell) for cell in r[2:5])
    guidance = next(r for r in chart if r[0] == "Guidance")
    assert tuple(guidance[2:5]) == MONTANA_GUIDANCE
    legend = next(t for t in tables if t[0] == ["Degree", "Meaning"])
    assert dict(legend[1:]) == degrees
    for name in MONTANA_CORE:
        assert f"**{name}**" in result.stdout


def test_montana_chart_in_csv_is_single_letters():
    result = run("compare", "--series", MT, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["class"] for r in rows] == ["MT-CSR-11", "MT-CSR-12", "MT-CSR-13"]
    assert [r["guidance"] for r in rows] == list(MONTANA_GUIDANCE)
    ids = ["multitasking", "business-processes", "software", "communication", "conflict-resolution", "negotiation",
           "statutes", "analysis", "research", "tax-types", "revenue-sources", "goal-attainment"]
    for i, (_, *degrees) in enumerate(MONTANA_CHART):
        assert [r[f"grade_{ids[i]}"] for r in rows] == degrees


def test_montana_chart_in_plain_text_shows_every_degree():
    result = run("compare", "--series", MT)
    assert result.exit_code == 0
    text = result.stdout
    assert "Competencies and degrees of proficiency" in text
    line = next(l for l in text.splitlines() if "[research]" in l or l.startswith("Demonstrated research"))
    assert line.split()[-3:] == ["A", "B", "C"]
    assert re.search(r"Guidance\s+Under Guidance\s+Minimal Guidance\s+Minimal Guidance", text)
    assert "E: The most advanced degree" in text


# --- the family: all twelve classes with correct figures ------------------------------------------


def test_family_shows_all_twelve_classes_in_their_series():
    result = run("compare", "--series", "customer-service", "--format", "json")
    doc = json.loads(result.stdout)
    assert sorted(r["class"] for r in doc["levels"]) == sorted(ALL_CLASSES)
    assert len(doc["series"]) == 5
    by = {r["class"]: r for r in doc["levels"]}
    assert [by[c]["level"] for c in ("MO-CS-G2", "MO-CS-G4", "MO-CS-G5", "MO-CS-G6", "MO-CS-G8")] == [1, 2, 3, 4, 5]
    assert by["PHL-6J27"]["pay"] == "EP17"
    assert by["MO-CS-G5"]["pay"] == "G5"
    assert by["JI60"]["codes"] == {"schematic": "JI60", "class": "1009"}
    assert by["JI55"]["below"] == "JI60"


@pytest.mark.parametrize(
    "cls, experience",
    [
        ("MO-CS-G2", "none required (typical 0-1 year)"),
        ("MO-CS-G4", "2 years (typical 2-4 years)"),
        ("MO-CS-G5", "4 years (typical 4-6 years)"),
        ("MO-CS-G6", "5 years (typical 5-7 years)"),
        ("JI60", "I: 6 months in California state service; II: 1 year in California state service; IV: 4 years"),
        ("LA-1229", "1: 1 year in Los Angeles city service; 2: 2 years with the Office of Finance as a Tax Renewal Assistant"),
        # the length and kind of "4 years of full-time paid experience as ..." are the figure's; the rest is the topic
        ("LA-4211", "1: 4 years; 2: 4 years; 3: 2 years; 4: 8 years in carpentry, masonry"),
        ("MT-CSR-13", "not published by the source"),
    ],
)
def test_experience_figures_follow_the_source(cls, experience):
    doc = json.loads(run("compare", "--classes", cls, "--format", "json").stdout)
    (mq,) = doc["levels"][0]["minimum_qualifications"]
    assert mq["experience"].startswith(experience)


def test_supervision_and_education_figures():
    doc = json.loads(run("compare", "--classes", "MO-CS-G8,JI55,JI60,MT-CSR-11,6J27", "--format", "json").stdout)
    mq = {(r["class"], m["specialty"]): m for r in doc["levels"] for m in r["minimum_qualifications"]}
    assert mq[("MO-CS-G8", None)]["supervision"] == "2 years"
    assert "2-4 years" in mq[("MO-CS-G8", None)]["experience"]
    assert mq[("JI55", None)]["supervision"] == "II: 2 years; IV: 2 years"
    assert mq[("JI60", None)]["supervision"] == "none required"
    assert mq[("JI60", None)]["education"].startswith("III: college graduation")
    assert "including taxation" in mq[("MT-CSR-11", None)]["education"]
    assert mq[("PHL-6J27", "call-center")]["supervision"] == "2 years"
    assert mq[("PHL-6J27", "revenue-collections")]["education"] == "high school (twelfth grade)"


def test_cumulative_levels_add_what_the_source_adds():
    doc = json.loads(run("compare", "--series", "mo-customer-service", "--format", "json").stdout)
    by = {r["class"]: r for r in doc["levels"]}
    assert by["MO-CS-G2"]["adds"] == []
    assert by["MO-CS-G4"]["adds"] == [
        "Knowledge: The procedures and processes applicable to assigned area",
        "Skill: Explaining rules, regulations, and policies",
        "Ability: Organize work assignments",
    ]
    assert "Knowledge: Supervisory practices" in by["MO-CS-G6"]["adds"]


def test_montana_levels_add_higher_competency_degrees():
    doc = json.loads(run("compare", "--series", MT, "--format", "json").stdout)
    g13 = next(r for r in doc["levels"] if r["class"] == "MT-CSR-13")
    assert "Higher competency degrees: communication B->C, research B->C" in g13["adds"]


def test_plain_table_names_every_class_and_guidance():
    result = run("compare", "--series", "customer-service")
    assert result.exit_code == 0
    for cls in ALL_CLASSES:
        assert cls in result.stdout
    assert "\x1b[" not in result.stdout  # plain text in a pipe
    assert "Under Guidance" in result.stdout and "EP17" in result.stdout


def test_markdown_levels_table_parses_back():
    result = run("compare", "--series", "customer-service", "--format", "markdown")
    tables = [t for t in parse_markdown_tables(result.stdout) if t[0][0] == "Level"]
    assert len(tables) == 5
    rows = [dict(zip(t[0], r)) for t in tables for r in t[1:]]
    assert sorted({r["Class"] for r in rows}) == sorted(ALL_CLASSES)
    mo = {r["Class"]: r for r in rows}
    assert mo["MO-CS-G8"]["Pay"] == "G8"
    assert mo["MO-CS-G8"]["Supervision"] == "2 years"
    phl = [r for r in rows if r["Class"] == "PHL-6J27"]
    assert [r["Specialty"] for r in phl] == ["Call Center", "Revenue Collections"]


def test_classes_across_jurisdictions_in_one_table():
    result = run("compare", "--classes", "JI60,1229,MO-CS-G4")
    assert result.exit_code == 0
    assert "Selected classes" in result.stdout
    for cls in ("JI60", "LA-1229", "MO-CS-G4"):
        assert cls in result.stdout


# --- the applicant overlay ---------------------------------------------------------------------------


def test_overlay_json_statuses_and_shortfalls(applicant_file):
    result = run("compare", "--series", MT, "--applicant", str(applicant_file), "--as-of", "2025-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["applicant"] == "A-1001"
    status = {r["class"]: r["minimum_qualifications"][0]["applicant"]["status"] for r in doc["levels"]}
    assert status == {"MT-CSR-11": "eligible", "MT-CSR-12": "eligible", "MT-CSR-13": "review"}
    assert doc["highest_level"] == {MT: "MT-CSR-12"}
    rows = {r["id"]: r for r in doc["competency_charts"][0]["competencies"]}
    assert rows["research"]["assessed"] == "A"
    assert rows["research"]["short"] == {"MT-CSR-11": 0, "MT-CSR-12": 1, "MT-CSR-13": 2}
    assert rows["software"]["short"] == {"MT-CSR-11": 0, "MT-CSR-12": 0, "MT-CSR-13": 0}


def test_overlay_markdown_puts_assessed_beside_required(applicant_file):
    result = run("compare", "--series", MT, "--applicant", str(applicant_file), "--as-of", "2025-01-01", "--format", "markdown")
    chart = next(t for t in parse_markdown_tables(result.stdout) if t[0][:2] == ["Competency", "Id"])
    assert chart[0][-2:] == ["Assessed", "Short of"]
    rows = {r[1]: r for r in chart[1:]}
    assert rows["research"][2:6] == ["A", "B", "C", "A"]
    assert rows["research"][6] == "Grade 12 (by 1), Grade 13 (by 2)"
    assert rows["software"][6] == "none"
    levels = next(t for t in parse_markdown_tables(result.stdout) if t[0][0] == "Level")
    assert levels[0][-1] == "Applicant"
    assert levels[1][-1].startswith("eligible")


def test_overlay_csv_has_status_and_short_columns(applicant_file):
    result = run("compare", "--series", MT, "--applicant", str(applicant_file), "--as-of", "2025-01-01", "--format", "csv")
    rows = {r["class"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["MT-CSR-12"]["status"] == "eligible"
    assert rows["MT-CSR-13"]["status"] == "review"
    assert rows["MT-CSR-13"]["assessed_research"] == "A"
    assert rows["MT-CSR-13"]["short_research"] == "2"
    assert rows["MT-CSR-11"]["short_research"] == "0"


def test_overlay_plain_marks_shortfalls(applicant_file):
    result = run("compare", "--series", MT, "--applicant", str(applicant_file), "--as-of", "2025-01-01")
    assert result.exit_code == 0
    research = next(l for l in result.stdout.splitlines() if l.startswith("Demonstrated research"))
    assert research.split()[-6:] == ["A", "B", "!", "C", "!", "A"]
    assert "A-1001: highest level met in mt-dor-customer-service-representative: MT-CSR-12" in result.stdout


def test_overlay_rejects_a_file_of_several_applicants(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text("- id: A\n- id: B\n")
    result = run("compare", "--series", MT, "--applicant", str(path))
    assert result.exit_code == 2
    assert "holds 2 applicants" in result.stderr


def test_overlay_reports_a_bad_applicant_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: A\nexperience:\n  - start: 2020-01-01\n    hours_per_wek: 20\n")
    result = run("compare", "--series", MT, "--applicant", str(path))
    assert result.exit_code == 2
    assert "hours_per_wek" in result.stderr


# --- Rich on a terminal ---------------------------------------------------------------------------------


def rich_output(opts: CompareOptions, colors: bool = False) -> str:
    buf = io.StringIO()
    env = Environment(stdout=buf, stderr=io.StringIO(), stdout_isatty=True, colors=colors)
    assert run_compare(opts, env) == 0
    return buf.getvalue()


def test_rich_tables_fit_80_columns_without_losing_words(applicant_file, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = rich_output(CompareOptions(series="customer-service", applicant=str(applicant_file), as_of=dt.date(2025, 1, 1)))
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert max(len(line) for line in plain.splitlines()) <= 80
    assert "┃" in plain  # drawn by Rich
    for cls in ALL_CLASSES:
        assert cls in plain
    assert "Minimal" in plain and "Guidance" in plain


def test_no_color_means_no_colour_codes(applicant_file, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = rich_output(CompareOptions(series=MT, applicant=str(applicant_file), as_of=dt.date(2025, 1, 1)), colors=False)
    assert not re.search(r"\x1b\[(?:[0-9;]*;)?3[0-7]m", out)
    coloured = rich_output(CompareOptions(series=MT, applicant=str(applicant_file), as_of=dt.date(2025, 1, 1)), colors=True)
    assert re.search(r"\x1b\[[0-9;]*3[12]m", coloured)


# --- usage errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["--classes", "JI6O"], "merit compare: error: unknown class 'JI6O'; did you mean 'JI60'?"),
        (["--series", "customer"], "merit compare: error: unknown series 'customer'; did you mean 'customer-service'?"),
        ([], "merit compare: error: give one of --series ID or --class ID"),
        (["--series", "mo-customer-service", "--classes", "JI60"], "give one of --series"),
        (["--series", "mo-customer-service", "--format", "xml"], "unknown format 'xml'"),
        (["--series", "mo-customer-service", "--applicant", "missing.yaml"], "cannot read applicant file 'missing.yaml'"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, message):
    result = run("compare", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(message) or message in result.stderr


def test_specs_option_uses_another_directory(tmp_path):
    result = run("compare", "--series", MT, "--specs", str(tmp_path))
    assert result.exit_code == 2
    assert "no class spec files" in result.stderr
