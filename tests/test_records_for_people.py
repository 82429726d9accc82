"""What screening writes for people and spreadsheets: names, the one-line reason, TSV, formulas defused,
invalid inputs as records, and the summary of a batch."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from merit.render.records import CSV_COLUMNS, defuse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = "2026-11-01"
CONTRACT = ("applicant", "file", "class", "specialty", "status", "path", "eligible_from", "as_of", "series", "title", "highest_level", "reasons")


def screen(*args: str):
    result = CliRunner().invoke(build_app(), ["screen", *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """An applicant whose id and name a spreadsheet would run as formulas, and a file that cannot be read."""
    (tmp_path / "a.yaml").write_text('id: "=1+2"\nname: "@SUM(A1)"\n')
    (tmp_path / "b.yaml").write_text("id: B-1\nhours: 3\n")
    return tmp_path


def test_the_documented_csv_columns_come_first_and_in_order():
    assert CSV_COLUMNS[: len(CONTRACT)] == CONTRACT
    assert CSV_COLUMNS[len(CONTRACT) :] == (
        "selective",
        "name",
        "reason",
        "line",
        "column",
        "message",
        "decision_points",
        "stale_determinations",
        "merit_version",
        "spec_digest",
        "spec_date",
        "assumed",
    )


def test_names_and_the_one_line_reason_are_in_every_format():
    sample = str(SAMPLES / "david-brown.yaml")
    _, out, _ = screen(sample, "-c", "1229", "-f", "jsonl")
    record = json.loads(out)
    assert record["name"] == "David Brown"
    assert record["reason"].startswith("Requirement 1: 1 year of full-time paid call center operation")
    _, out, _ = screen(sample, "-c", "1229", "-f", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert (row["name"], row["reason"]) == (record["name"], record["reason"])
    _, table, _ = screen(sample, "-c", "1229")
    assert table.splitlines()[0].split()[:3] == ["applicant", "name", "class"]
    assert "David Brown" in table.splitlines()[1]
    assert record["reason"] in table  # the table's reason column is the record's reason
    _, explained, _ = screen(sample, "-c", "1229", "--explain")
    assert explained.startswith("A-1006 (David Brown) × LA-1229")


def test_tsv_is_one_row_a_line_with_the_csv_columns(batch: Path):
    code, out, _ = screen(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60,1229", "-f", "tsv")
    lines = out.splitlines()
    assert lines[0].split("\t") == list(CSV_COLUMNS)
    assert len(lines) == 3 and all(len(line.split("\t")) == len(CSV_COLUMNS) for line in lines)
    assert '"' not in lines[1].split("\t")[9]  # no quoting: the title with a comma is as written


def test_no_header_leaves_out_the_header_line():
    _, with_header, _ = screen(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-f", "csv")
    _, without, _ = screen(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-f", "csv", "--no-header")
    assert with_header.splitlines()[1:] == without.splitlines()


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_cells_a_spreadsheet_would_run_are_defused(batch: Path, fmt: str):
    _, out, _ = screen(str(batch), "-c", "JI60", "-f", fmt)
    rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    screened = [r for r in rows if r["status"] != "error"]
    assert (screened[0]["applicant"], screened[0]["name"]) == ("'=1+2", "'@SUM(A1)")
    _, raw, _ = screen(str(batch), "-c", "JI60", "-f", fmt, "--no-csv-escape")
    screened = [r for r in csv.DictReader(io.StringIO(raw), delimiter="," if fmt == "csv" else "\t") if r["status"] != "error"]
    assert (screened[0]["applicant"], screened[0]["name"]) == ("=1+2", "@SUM(A1)")


@pytest.mark.parametrize(
    "cell, written",
    [("=A1", "'=A1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("A-1", "A-1"), ("", "")],
)
def test_defuse(cell: str, written: str):
    assert defuse(cell) == written


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json"])
def test_an_invalid_file_is_an_error_record_where_it_stands(batch: Path, fmt: str):
    code, out, err = screen(str(batch), "-c", "JI60", "-f", fmt)
    assert code == 2
    problem, last = err.splitlines()  # the line of the problem stays as it was; then what the batch lost
    assert problem.startswith(f"{batch / 'b.yaml'}:2:1: unknown key 'hours' in applicant")
    assert last == "2 files: 1 screened, 1 invalid"
    if fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    else:
        rows = json.loads(out)["results"]
    error = rows[1]
    assert error["status"] == "error"
    assert str(error["file"]) == str(batch / "b.yaml")
    assert (str(error["line"]), str(error["column"])) == ("2", "1")
    assert "unknown key 'hours'" in error["message"]


def test_summary_counts_each_class_and_status_and_the_invalid_files(batch: Path):
    (batch / "c.yaml").write_text((SAMPLES / "maria-lopez.yaml").read_text())
    code, out, err = screen(str(batch), "-c", "JI60,6J27", "--summary")
    summary = out[out.index("Summary:") :].splitlines()
    assert summary[0] == "Summary: 2 applicants, 6 results; 1 invalid input file (1 problem)"
    assert summary[1].split() == ["class", "eligible", "conditional", "review", "ineligible", "total"]
    assert summary[3].split() == ["JI60", "1", "0", "0", "1", "2"]
    assert summary[4].split() == ["PHL-6J27", "(call-center)", "0", "0", "0", "2", "2"]
    assert summary[5].split() == ["PHL-6J27", "(revenue-collections)", "0", "0", "0", "2", "2"]
    assert summary[7].split() == ["all", "classes", "1", "0", "0", "5", "6"]
    assert summary[8] == f"invalid: {batch / 'b.yaml'} (1 problem)"


def test_summary_beside_records_on_standard_output_goes_to_standard_error():
    code, out, err = screen(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-f", "jsonl", "--summary")
    assert [json.loads(line)["applicant"] for line in out.splitlines()] == ["A-1001"]
    assert err.startswith("Summary: 1 applicant, 1 result\n")


def test_on_a_terminal_the_summary_has_a_bar_per_class():
    from rich.console import Console

    from merit.render.summary import BAR_CHARS, Tally, rich_summary

    tally = Tally({"JI60": "Customer Service Specialist"})
    for status in ["eligible"] * 6 + ["review"] * 2:
        tally.add_results([("JI60", None, status)])
    tally.add_results([("LA-1229", None, "ineligible")])
    console = Console(record=True, width=100, color_system=None)
    rich_summary(tally, console)
    lines = console.export_text().splitlines()
    ji60 = next(line for line in lines if "JI60" in line)
    la = next(line for line in lines if "LA-1229" in line)
    # the longest bar is the widest class; each status has its own shade, and a count of one still shows
    eligible, review = ji60.count(BAR_CHARS["eligible"]), ji60.count(BAR_CHARS["review"])
    assert review > 0 and 2.5 <= eligible / review <= 3.5  # 6 eligible, 2 review
    assert la.count(BAR_CHARS["ineligible"]) >= 1
    assert ji60.count(BAR_CHARS["eligible"]) + ji60.count(BAR_CHARS["review"]) > la.count(BAR_CHARS["ineligible"])


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_narrow_terminal_cuts_no_count(width: int):
    from rich.console import Console

    from merit.render.summary import Tally, rich_summary

    tally = Tally()
    for _ in range(1000):
        tally.add_results([("PHL-6J27", "revenue-collections", "ineligible"), ("PHL-6J27", "call-center", "review")])
    tally.add_invalid("bad.yaml")
    console = Console(record=True, width=width, color_system=None)
    rich_summary(tally, console)
    text = console.export_text()
    assert "…" not in text and "1000" in text and "2000" in text
    assert "invalid: bad.yaml (1 problem)" in text
    assert max(len(line) for line in text.splitlines()) <= width


def test_rich_markup_in_a_name_or_class_is_shown_as_written():
    from rich.console import Console

    from merit.render.summary import Tally, rich_summary

    tally = Tally()
    tally.add_results([("[bold]X[/bold]", None, "eligible")])
    console = Console(record=True, width=100, color_system=None)
    rich_summary(tally, console)
    assert "[bold]X[/bold]" in console.export_text()


def test_a_name_in_the_terminal_table_is_shown_as_written(tmp_path: Path, monkeypatch):
    import datetime as dt

    from merit.commands.screen import ScreenOptions, run_screen
    from merit.env import Environment

    (tmp_path / "a.yaml").write_text('id: A-1\nname: "[red]Zed[/red]"\n')
    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), stdout_isatty=True, stderr_isatty=False, colors=False)
    for width in ("80", "120"):  # the compact layout and the full one
        monkeypatch.setenv("COLUMNS", width)
        run_screen(ScreenOptions(inputs=[str(tmp_path / "a.yaml")], classes=["JI60"], as_of=dt.date(2026, 11, 1)), env)
        assert "[red]Zed[/red]" in out.getvalue()
        out.truncate(0)
