"""merit import: a spreadsheet's CSV export into applicant files, every problem at its row and column."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SAMPLES = ROOT / "sample_applicants"


def merit(*args: str):
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.stdout, result.stderr


def records(*args: str) -> dict[tuple, dict]:
    _, out, _ = merit("screen", *args, "--as-of", "2026-11-01", "-f", "jsonl")
    out_records = [json.loads(line) for line in out.splitlines()]
    # what may differ between the two files: their names, and the line numbers that name a job
    strip = lambda text: re.sub(r" \(line \d+\)", "", text)  # noqa: E731
    return {
        (r["applicant"], r["class"], r["specialty"], r.get("selective")): (r["name"], r["status"], r["path"], r["eligible_from"], strip(r["reason"]), strip(json.dumps(r["reasons"])))
        for r in out_records
    }


def test_the_example_csv_screens_as_the_samples_it_replaces(tmp_path: Path):
    code, _, err = merit("import", str(EXAMPLES / "applicants.csv"), "--map", str(EXAMPLES / "mapping.yaml"), "-o", str(tmp_path))
    assert code == 0, err
    assert err.strip().endswith("5 rows: 5 imported as 4 applicant files in " + str(tmp_path) + ", 0 not imported")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A-1001.yaml", "A-1002.yaml", "A-1006.yaml", "A-1013.yaml"]
    samples = [str(SAMPLES / f) for f in ("maria-lopez.yaml", "james-chen.yaml", "david-brown.yaml", "grace-lee.yaml")]
    imported = records(str(tmp_path), "--explain")
    assert len(imported) == 4 * 22  # 21 classes, 6J27 by specialty
    assert imported == records(*samples, "--explain")


MAPPING = """\
layout: {layout}
dates: [MM/DD/YYYY, MM/YYYY]
columns:
  id: ID
  name: Name
  experience:
    title: Title{n}
    sector: Sector{n}
    jurisdiction: Where{n}
    start: From{n}
    end: To{n}
    hours_per_week: Hours{n}
    duties: Duties{n}
duties:
  Phones: call-center
  Counter: [public-counter, customer-service]
"""


def run_import(tmp_path: Path, csv_text: str, layout: str = "job-rows", numbered: bool = False):
    (tmp_path / "in.csv").write_text(csv_text)
    (tmp_path / "map.yaml").write_text(MAPPING.format(layout=layout, n=" {n}" if numbered else ""))
    out = tmp_path / "out"
    code, _, err = merit("import", str(tmp_path / "in.csv"), "--map", str(tmp_path / "map.yaml"), "-o", str(out))
    files = {p.stem: p.read_text() for p in out.iterdir()} if out.exists() else {}
    return code, err.splitlines(), files


def test_one_row_per_applicant_with_numbered_job_columns(tmp_path: Path):
    csv_text = (
        "ID,Name,Title 1,Sector 1,Where 1,From 1,To 1,Hours 1,Duties 1,Title 2,Sector 2,Where 2,From 2,To 2,Hours 2,Duties 2\n"
        "B-1,Ann Lee,Agent,city,Los Angeles,01/2020,12/2020,40,Phones,Clerk,city,Los Angeles,01/05/2021,,20,Counter\n"
        "B-2,Bo Park,Agent,city,Los Angeles,01/2020,,,Phones,,,,,,,\n"
    )
    code, err, files = run_import(tmp_path, csv_text, "applicant-rows", numbered=True)
    assert code == 0, err
    assert "start: 2020-01\n" in files["B-1"] and "end: 2020-12\n" in files["B-1"]  # a month stays a month
    assert "start: 2021-01-05\n" in files["B-1"] and "hours_per_week: 20\n" in files["B-1"]
    assert "duties: [public-counter, customer-service]" in files["B-1"]
    assert files["B-2"].count("title:") == 1  # empty numbered columns are no job


def test_every_problem_is_placed_at_its_row_and_column_and_no_row_is_lost(tmp_path: Path):
    csv_text = (
        "ID,Name,Title,Sector,Where,From,To,Hours,Duties\n"
        "C-1,Cy,Agent,city,Los Angeles,01/2020,12/2020,40,Phones;Filing\n"  # an unmapped duty word
        "C-2,Di,Agent,city,Los Angeles,13/45/2020,,40,Phones\n"  # not a date
        "C-3,Ed,Agent,town,Los Angeles,01/2020,,forty,Phones\n"  # a sector and hours the schema refuses
        "C-4,Fay,Agent,city,Los Angeles,01/2021,01/2020,40,Phones\n"  # an end before the start
        ",,,,,,,,\n"
        "C-5,Gus,Agent,city,Los Angeles,01/2020,,40,Phones\n"
        "C-5,Gil,Clerk,city,Los Angeles,01/2021,,40,Counter\n"  # another name for the same applicant
        ",Hal,Agent,city,Los Angeles,01/2020,,40,Phones\n"  # no id
        "C-6,Ivy,Agent,city,Los Angeles,01/2020,,40,Phones\n"
    )
    code, err, files = run_import(tmp_path, csv_text)
    csv_path = tmp_path / "in.csv"
    assert code == 2
    assert err[:-1] == [
        f"{csv_path}:2:9: unknown duty word 'Filing' (expected a word of the mapping's duties table or a duty term); did you mean 'billing'?",
        f"{csv_path}:3:6: start: '13/45/2020' is not a date in a format of the mapping (expected one of: MM/DD/YYYY, MM/YYYY)",
        f"{csv_path}:4:4: sector: unknown value 'town' (expected one of state, county, city, federal, private, nonprofit)",
        f"{csv_path}:4:8: hours_per_week: 'forty' is not a number (expected a number from 0 to 168)",
        f"{csv_path}:5:7: end: 2020-01-31 is before start 2021-01-01 (expected an end on or after the start)",
        f"{csv_path}:8:2: name 'Gil' differs from 'Gus' on row 7 (expected one name per applicant)",
        f"{csv_path}:9:1: the applicant id is empty (expected an id in column 'ID')",
    ]
    assert err[-1] == f"{csv_path}: 9 rows: 1 imported as 1 applicant file in {tmp_path / 'out'}, 7 not imported; 1 blank row skipped"
    assert sorted(files) == ["C-6"]


@pytest.mark.parametrize(
    "mapping, expected",
    [
        ("columns: {id: ID, experience: {hours_per_wek: Hours}}\n", "map.yaml:1:32: unknown field 'hours_per_wek'"),
        ("columns: {id: Nope}\n", "map.yaml:1:15: column 'Nope' is not in the CSV's header (expected one of: 'ID', 'Duties')"),
        ("columns: {id: ID}\nduties: {Phones: phone-work}\n", "map.yaml:2:18: unknown duty term 'phone-work'"),
        ("columns: {id: ID}\ndates: [DD.MM]\n", "map.yaml:2:9: date format 'DD.MM' has no year or month"),
        ("dates: [YYYY-MM-DD]\n", "map.yaml:1:1: missing required key 'columns' in mapping"),
    ],
)
def test_a_bad_mapping_is_a_positioned_line(tmp_path: Path, mapping: str, expected: str):
    (tmp_path / "in.csv").write_text("ID,Duties\nA-1,Phones\n")
    (tmp_path / "map.yaml").write_text(mapping)
    code, _, err = merit("import", str(tmp_path / "in.csv"), "--map", str(tmp_path / "map.yaml"), "-o", str(tmp_path / "out"))
    assert code == 2
    assert err.startswith(f"{tmp_path / expected.split(':')[0]}:{expected.split(':', 1)[1]}"), err
    assert not (tmp_path / "out").exists()


def test_hours_worked_and_a_foreign_degree_s_evaluation_import_as_any_key(tmp_path: Path):
    (tmp_path / "a.csv").write_text(
        "ID,Level,Foreign,Evaluated,Title,Start,End,Hours Worked\nB-1,bachelor,true,false,Apprentice,2024-05-01,2026-10-31,4160\n"
    )
    (tmp_path / "map.yaml").write_text(
        "layout: job-rows\ncolumns:\n  id: ID\n  education: {level: Level, foreign: Foreign, evaluated: Evaluated}\n"
        "  experience: {title: Title, start: Start, end: End, hours_worked: Hours Worked}\n"
    )
    code, _, err = merit("import", str(tmp_path / "a.csv"), "--map", str(tmp_path / "map.yaml"), "-o", str(tmp_path / "out"))
    assert code == 0, err
    text = (tmp_path / "out" / "B-1.yaml").read_text()
    assert "{level: bachelor, foreign: true, evaluated: false}" in text
    assert "hours_worked: 4160}" in text
