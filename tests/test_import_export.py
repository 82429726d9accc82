"""merit import from a real export: names in two columns, duties in words, paid or volunteer, dates and
places that cannot be right, sizes no export should reach, and file names no shell takes for an option."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from merit import importer
from merit.app import build_app

MAPPING = """\
dates: [MM/DD/YYYY]
columns:
  id: ID
  name: [First Name, Last Name]
  experience:
    title: Title
    employer: Employer
    sector: Sector
    jurisdiction: Where
    start: From
    end: To
    duties: Duties
{more}duties:
  Phones: call-center
"""
HEADER = "ID,First Name,Last Name,Title,Employer,Sector,Where,From,To,Duties{more}\n"


def run_import(tmp_path: Path, rows: str, more_columns: str = "", more_mapping: str = ""):
    (tmp_path / "in.csv").write_text(HEADER.format(more=more_columns) + rows)
    (tmp_path / "map.yaml").write_text(MAPPING.format(more=more_mapping))
    out = tmp_path / "out"
    result = CliRunner().invoke(build_app(), ["import", str(tmp_path / "in.csv"), "--map", str(tmp_path / "map.yaml"), "-o", str(out)])
    files = {p.name: p.read_text() for p in out.iterdir()} if out.exists() else {}
    where = str(tmp_path / "in.csv")
    return result.exit_code, [line.replace(where, "in.csv") for line in result.stderr.splitlines()], files


def test_a_name_from_two_columns_is_joined_by_a_space(tmp_path: Path):
    code, err, files = run_import(tmp_path, "A-1,Maria,Lopez,Agent,City,city,Los Angeles,01/02/2020,,Phones\nA-2,,Chen,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    assert code == 0, err
    assert "name: Maria Lopez" in files["A-1.yaml"]
    assert "name: Chen" in files["A-2.yaml"]  # an empty cell adds no space


def test_duties_in_words_import_the_applicant_and_leave_the_job_to_an_analyst(tmp_path: Path):
    """A free-text duties cell was 'unknown duty word' and the whole applicant was not imported."""
    text = "Answered taxpayer calls about their accounts; Phones"
    code, err, files = run_import(tmp_path, f"A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,{text}\n")
    assert code == 0, err
    assert err == [f"in.csv: 1 row: 1 imported as 1 applicant file in {tmp_path / 'out'}, 0 not imported"]
    assert f"duties_text: {text}" in files["A-1.yaml"] and "duties: [call-center]" in files["A-1.yaml"]
    result = CliRunner().invoke(build_app(), ["screen", str(tmp_path / "out"), "-c", "LA-1368", "--as-of", "2026-11-01", "-f", "jsonl"])
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["status"] == "review"
    assert any(f'it tells them in words: "{text}"' in p["question"] for p in record["decision_points"])


@pytest.mark.parametrize(
    "cell, problem",
    [
        ("Phnoes", "unknown duty word 'Phnoes' (expected a word of the mapping's duties table or a duty term); did you mean 'phones'?"),
        ("Phones; Filing", "unknown duty word 'Filing' (expected a word of the mapping's duties table or a duty term); did you mean 'billing'?"),
        ("Front desk", "unknown duty word 'Front desk' (expected a word of the mapping's duties table or a duty term)"),
    ],
)
def test_a_word_or_two_that_is_no_duty_word_is_still_a_slip(tmp_path: Path, cell: str, problem: str):
    code, err, files = run_import(tmp_path, f"A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,{cell}\n")
    assert code == 2 and err[0] == f"in.csv:2:10: {problem}" and files == {}


@pytest.mark.parametrize(
    "cell, paid",
    [("Paid", "paid: true"), ("Volunteer", "paid: false"), ("unpaid", "paid: false"), ("Y", "paid: true"), ("No", "paid: false")],
)
def test_a_paid_or_volunteer_column_reads_the_words_exports_use(tmp_path: Path, cell: str, paid: str):
    code, err, files = run_import(tmp_path, f"A-1,Ann,Lee,Tutor,School,nonprofit,Los Angeles,01/02/2020,,Phones,{cell}\n",
                                  ",Paid or volunteer", "    paid: Paid or volunteer\n")
    assert code == 0, err
    assert paid in files["A-1.yaml"]


def test_volunteer_work_without_a_paid_column_is_flagged_at_its_cell(tmp_path: Path):
    """A volunteer job with no paid column was assumed paid without a word."""
    code, err, files = run_import(tmp_path, "A-1,Ann,Lee,Volunteer tutor,Library,nonprofit,Los Angeles,01/02/2020,,Phones\n")
    assert code == 0
    assert err[0] == ("in.csv:2:4: warning: title: 'Volunteer tutor' reads as volunteer work, but no column gives paid; the job is"
                      " taken as paid (expected a paid column in the mapping's experience, such as paid: Paid or Volunteer)")
    assert "A-1.yaml" in files


@pytest.mark.parametrize(
    "start, end, problem",
    [
        ("01/02/2020", "06/30/2202", "9: end: '06/30/2202' is in the year 2202, which no record can hold (expected a date from 1900 to 10 years ahead); did you mean 2022?"),
        ("01/02/1020", "", "8: start: '01/02/1020' is in the year 1020, which no record can hold (expected a date from 1900 to 10 years ahead)"),
    ],
)
def test_a_date_no_record_can_hold_is_a_problem_at_its_cell(tmp_path: Path, start: str, end: str, problem: str):
    """An end of 06/30/2202 passed import, and screening counted the job as current."""
    code, err, files = run_import(tmp_path, f"A-1,Ann,Lee,Agent,City,city,Los Angeles,{start},{end},Phones\n")
    assert code == 2 and files == {}
    assert err[0] == f"in.csv:2:{problem}"


@pytest.mark.parametrize(
    "where, flagged",
    [
        ("Californa", "California"),  # a state of places.yaml
        ("Los Angles", "Los Angeles"),  # a place a spec names
        ("California", None),
        ("CA", None),  # a postal code
        ("LA", None),  # ambiguous: screening asks
        ("Ontario", None),  # far from any: nothing to suggest
    ],
)
def test_a_place_a_letter_away_from_one_merit_knows_is_flagged(tmp_path: Path, where: str, flagged: str | None):
    code, err, files = run_import(tmp_path, f"A-1,Ann,Lee,Agent,City,state,{where},01/02/2020,,Phones\n")
    assert code == 0 and "A-1.yaml" in files
    warnings = [line for line in err if "warning" in line]
    assert warnings == ([f"in.csv:2:7: warning: jurisdiction: '{where}' is no place merit knows; did you mean '{flagged}'?"
                         " (expected a place as specs/places.yaml writes it; screening leaves the job to an analyst)"] if flagged else [])


def test_an_export_over_the_byte_cap_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    code, err, files = run_import(tmp_path, "A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n" * 3)
    size = (tmp_path / "in.csv").stat().st_size
    assert code == 2 and files == {}
    assert err[0] == f"in.csv:1:1: file is {size:,} bytes (expected at most 100; split the export)"


def test_an_export_over_the_row_cap_is_refused_at_the_first_row_too_many(tmp_path: Path, monkeypatch):
    """200,000 rows grew to 2.8 GB."""
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    rows = "".join(f"A-{k},Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n" for k in range(5))
    code, err, files = run_import(tmp_path, rows)
    assert code == 2 and files == {}
    assert err[0] == "in.csv:5:1: more than 3 rows (expected at most 3 rows)"


@pytest.mark.parametrize(
    "rows, tally",
    [
        ("A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n", "1 row: 1 imported as 1 applicant file"),
        ("A-1,Ann,Lee,Agent,City,town,Los Angeles,01/02/2020,,Phones\n", "1 row: 0 imported as 0 applicant files"),
        ("A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\nA-1,Ann,Lee,Clerk,City,city,Los Angeles,01/02/2021,,Phones\n",
         "2 rows: 2 imported as 1 applicant file"),
    ],
)
def test_the_tally_says_row_and_file_in_the_singular(tmp_path: Path, rows: str, tally: str):
    """'1 rows: 0 imported as 0 applicant files'."""
    _, err, _ = run_import(tmp_path, rows)
    assert err[-1].startswith(f"in.csv: {tally} in ")


@pytest.mark.parametrize("applicant_id, name", [("-rf", "_rf.yaml"), ("--help", "_-help.yaml"), ("#-x", "_x.yaml"), ("A-1", "A-1.yaml")])
def test_no_file_import_makes_begins_with_a_dash(tmp_path: Path, applicant_id: str, name: str):
    """An id -rf became -rf.yaml, which merit screen *.yaml read as an option."""
    code, err, files = run_import(tmp_path, f"{applicant_id},Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    assert code == 0, err
    assert list(files) == [name]
    assert yaml.safe_load(files[name])["id"] == applicant_id


@pytest.mark.parametrize("cell, column", [("Ma\0ria", 2), ("Agent\x1b[2J", 4), ("Lee\x85", None)])
def test_a_cell_an_applicant_file_cannot_hold_is_a_problem_at_its_cell(tmp_path: Path, cell: str, column: int | None):
    """A NUL byte in a cell was imported, though merit refuses it in an applicant file."""
    fields = ["A-1", "Ann", "Lee", "Agent", "City", "city", "Los Angeles", "01/02/2020", "", "Phones"]
    if column is None:
        fields[2] = cell  # NEL (U+0085) is a line break YAML allows
    else:
        fields[column - 1] = cell
    code, err, files = run_import(tmp_path, ",".join(fields) + "\n")
    if column is None:
        assert code == 0, err
        return
    assert code == 2 and files == {}
    assert err[0] == f"in.csv:2:{column}: holds an invisible character, U+{ord(next(c for c in cell if not c.isprintable())):04X} (expected printable text: an applicant file cannot hold it)"


def test_ids_that_read_the_same_are_one_applicant_spelt_two_ways(tmp_path: Path):
    code, err, files = run_import(tmp_path, "A-1002,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n"
                                            "Ａ-1002,Ann,Lee,Clerk,City,city,Los Angeles,01/02/2021,,Phones\n")
    assert code == 2 and files == {}
    assert err[0] == "in.csv:3:1: duplicate applicant id 'Ａ-1002' read as 'A-1002' (first at row 2; expected one spelling per applicant)"


def test_the_real_export_example_of_the_docs_is_what_merit_prints(tmp_path: Path, monkeypatch):
    """docs/reports.md, 'From a real export': its files, its commands and what they print."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "reports.md").read_text()
    section = page.split("### From a real export", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("\n", 1)[1] for b in section.split("```")[1::2]]
    export, mapping, session = blocks[0], blocks[1], blocks[2]
    monkeypatch.chdir(tmp_path)
    Path("export.csv").write_text(export)
    Path("export-map.yaml").write_text(mapping)
    commands = session.split("$ ")[1:]
    _, *imported = commands[0].splitlines()
    result = CliRunner().invoke(build_app(), commands[0].splitlines()[0].split()[1:])
    assert (result.exit_code, result.stderr.splitlines()) == (2, imported)
    first, *shown = commands[1].splitlines()
    assert Path(first.split()[1]).read_text().splitlines() == shown
    screened = CliRunner().invoke(build_app(), ["screen", "imported", "-c", "JI60", "--as-of", "2026-11-01", "-f", "jsonl"])
    [record] = [json.loads(line) for line in screened.stdout.splitlines()]
    assert record["status"] == "review"
    assert any('it tells them in words: "Helped adults fill in benefit forms' in p["question"] for p in record["decision_points"])


def test_the_duties_text_example_of_the_applicant_format_is_left_to_an_analyst(tmp_path: Path):
    """docs/applicant-format.md, 'Duties in words': the example screens review, its words in the question."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "applicant-format.md").read_text()
    example = page.split("**Duties in words**", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "a.yaml").write_text("\n".join(line[2:] for line in example.splitlines()) + "\n")
    result = CliRunner().invoke(build_app(), ["screen", str(tmp_path / "a.yaml"), "-c", "JI60", "--as-of", "2026-11-01", "-f", "jsonl"])
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["status"] == "review"
    assert [p["question"].split("(it tells them in words: ")[1].split(")")[0] for p in record["decision_points"] if "in words" in p["question"]] == [
        '"Helped adults fill in benefit forms and answered their questions"'
    ]


@pytest.mark.parametrize("where", [".", "cases", "imported"])
def test_import_never_writes_into_the_specs_directory_in_use(tmp_path: Path, where: str):
    """Applicant files written among the specs are read as spec files (or spec examples) by the next run."""
    from merit.specs import bundled_specs_dir

    own = tmp_path / "specs"
    (own / "cases").mkdir(parents=True)
    (own / "la-customer-service-specialist.yaml").write_bytes((bundled_specs_dir() / "la-customer-service-specialist.yaml").read_bytes())
    (tmp_path / "in.csv").write_text(HEADER.format(more="") + "A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    (tmp_path / "map.yaml").write_text(MAPPING.format(more=""))
    out = own / where
    result = CliRunner().invoke(build_app(), ["import", str(tmp_path / "in.csv"), "--map", str(tmp_path / "map.yaml"), "-o", str(out), "--specs", str(own)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"merit import: error: --output {out} is inside the specs directory in use"
                                              " (expected a directory outside the specs directory)")
    assert sorted(p.name for p in own.rglob("*")) == ["cases", "la-customer-service-specialist.yaml"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_export_with_no_size_to_check_first_is_cut_off_at_the_byte_cap(tmp_path: Path, monkeypatch):
    """A pipe or a device has no size to refuse it by: /dev/zero was read without end, in one line."""
    monkeypatch.setattr(importer, "MAX_BYTES", 1000)
    (tmp_path / "map.yaml").write_text(MAPPING.format(more=""))
    result = CliRunner().invoke(build_app(), ["import", "/dev/zero", "--map", str(tmp_path / "map.yaml"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    assert result.stderr.splitlines()[0] == "/dev/zero:1:1: file is more than 1,000 bytes (expected at most 1,000; split the export)"


@pytest.mark.parametrize("line_break", ["\n", "\r", "\x85", "\u2028"])
def test_the_export_s_file_name_cannot_write_into_the_applicant_file(tmp_path: Path, line_break: str):
    """The comment naming the export took its name as it was: a line break in it wrote a key of its own."""
    source = tmp_path / f"x{line_break}competencies: {{research: A}}{line_break}#.csv"
    source.write_text(HEADER.format(more="") + "A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    (tmp_path / "map.yaml").write_text(MAPPING.format(more=""))
    out = tmp_path / "out"
    result = CliRunner().invoke(build_app(), ["import", str(source), "--map", str(tmp_path / "map.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = (out / "A-1.yaml").read_text()
    assert "competencies" not in yaml.safe_load(text)
    assert text.splitlines()[0].startswith("# imported by merit import from x\\")


def test_a_link_planted_in_the_output_directory_is_replaced_never_written_through(tmp_path: Path):
    """A link A-1.yaml -> ../victim.txt in -o DIR had the applicant written over the file it leads to."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "A-1.yaml").symlink_to(victim)
    code, err, files = run_import(tmp_path, "A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    assert code == 0, err
    assert victim.read_text() == "precious\n"
    assert not (tmp_path / "out" / "A-1.yaml").is_symlink() and "id: A-1" in files["A-1.yaml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_output_directory_is_refused_not_waited_on(tmp_path: Path):
    import subprocess
    import sys

    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / "A-1.yaml")
    (tmp_path / "in.csv").write_text(HEADER.format(more="") + "A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    (tmp_path / "map.yaml").write_text(MAPPING.format(more=""))
    done = subprocess.run([sys.executable, "-m", "merit", "import", "in.csv", "--map", "map.yaml", "-o", "out"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == ("merit import: error: cannot write out/A-1.yaml: it is not a regular file"
                                            " (expected a file merit may replace, or none)")


def test_an_output_directory_that_cannot_be_made_is_one_line(tmp_path: Path, capsys):
    """-o under a file (or in /proc) was 'internal error: FileNotFoundError'."""
    from merit.app import main

    (tmp_path / "a-file").write_text("")
    (tmp_path / "in.csv").write_text(HEADER.format(more="") + "A-1,Ann,Lee,Agent,City,city,Los Angeles,01/02/2020,,Phones\n")
    (tmp_path / "map.yaml").write_text(MAPPING.format(more=""))
    out = tmp_path / "a-file" / "out"
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(tmp_path / "in.csv"), "--map", str(tmp_path / "map.yaml"), "-o", str(out)])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"merit import: error: cannot make the directory {out}: Not a directory (expected a directory you may write)"
    ]
