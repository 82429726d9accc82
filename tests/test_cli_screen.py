"""merit screen through the command line: formats, field names, class names, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import SIX_MONTHS_TAX_TECHNICIAN_FILE
from merit.app import build_app
from merit.render.records import CSV_COLUMNS
from merit.specs import bundled_specs_dir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = "2026-11-01"
CONTRACT_FIELDS = {"applicant", "file", "class", "specialty", "status", "path", "eligible_from", "reasons"}

ELIGIBLE = SIX_MONTHS_TAX_TECHNICIAN_FILE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def screen(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(build_app(), ["screen", *args], input=input)


@pytest.fixture
def eligible_file(tmp_path: Path) -> Path:
    path = tmp_path / "t1.yaml"
    path.write_text(ELIGIBLE)
    return path


def test_every_command_has_help(runner):
    app = build_app()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output
    for info in app.registered_commands:
        name = info.name or info.callback.__name__
        help_result = runner.invoke(app, [name, "--help"])
        assert help_result.exit_code == 0, name
        assert (info.callback.__doc__ or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize(
    "name",
    ["JI60", "ji60", "1009", "Customer Service Specialist, Franchise Tax Board", "customer service specialist, franchise tax board"],
)
def test_class_by_id_code_alias_or_title(runner, eligible_file, name):
    result = screen(runner, str(eligible_file), "--class", name, "--as-of", "2024-01-01", "-f", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["class"], r["status"], r["path"]) for r in rows] == [("JI60", "eligible", "Pattern I")]


def test_specialties_are_screened_one_by_one(runner, eligible_file):
    result = screen(runner, str(eligible_file), "-c", "6J27", "--as-of", "2024-01-01", "-f", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["class"], r["specialty"]) for r in rows] == [
        ("PHL-6J27", "call-center"),
        ("PHL-6J27", "revenue-collections"),
    ]
    assert result.exit_code == 1


def test_exit_codes(runner, eligible_file):
    assert screen(runner, str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01").exit_code == 0
    assert screen(runner, str(eligible_file), "-c", "LA-1229", "--as-of", "2024-01-01").exit_code == 1
    assert screen(runner, str(eligible_file), "-c", "LA-1229", "--as-of", "2024-01-01", "--exit-zero").exit_code == 0
    unknown = screen(runner, str(eligible_file), "-c", "JI6O")
    assert unknown.exit_code == 2
    assert "unknown class 'JI6O'; did you mean 'JI60'?" in unknown.output
    assert screen(runner, str(eligible_file), "--as-of", "2024-02-30").exit_code == 2
    assert screen(runner, str(eligible_file), "--format", "xml").exit_code == 2
    assert screen(runner, str(eligible_file), "--series", "customer-servise").exit_code == 2


@pytest.mark.slow
def test_jsonl_has_the_contract_fields_one_object_per_result(runner):
    result = screen(runner, str(SAMPLES), "--as-of", AS_OF, "-f", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    applicants = {r["applicant"] for r in rows}
    # twenty-one classes, one of them with two specialties: twenty-two results each; selective
    # certifications only with --selective (four of LA-3443, forty-six of LA-1596)
    assert len(rows) == 22 * len(applicants)
    assert all(r["selective"] is None for r in rows)
    more = [json.loads(line) for line in screen(runner, str(SAMPLES), "--as-of", AS_OF, "-f", "jsonl", "--selective").stdout.splitlines()]
    assert len(more) == (22 + 4 + 46) * len(applicants)
    for r in rows:
        assert CONTRACT_FIELDS <= set(r)
        assert r["status"] in ("eligible", "conditional", "review", "ineligible")
        for reason in r["reasons"]:
            assert {"requirement", "outcome", "detail", "citation"} <= set(reason)


def test_json_is_one_document(runner, eligible_file):
    result = screen(runner, str(eligible_file), "-c", "JI60,JI55", "--as-of", "2024-01-01", "-f", "json")
    doc = json.loads(result.stdout)
    assert [r["class"] for r in doc["results"]] == ["JI60", "JI55"]
    first = doc["results"][0]
    assert first["reasons"][0]["citation"].startswith("Customer Service Specialist/Supervisor, Franchise Tax Board Series")


def test_csv_has_stable_columns_and_joined_reasons(runner, eligible_file):
    result = screen(runner, str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-f", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    record = dict(zip(rows[0], rows[1]))
    assert record["status"] == "eligible"
    assert record["specialty"] == ""
    assert " | " in record["reasons"]
    assert "Pattern I [met]: 6 months in California state service" in record["reasons"]


def test_explain_shows_arithmetic_and_citations(runner, eligible_file):
    result = screen(runner, str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "--explain")
    out = result.stdout
    assert "6 of 6 months credited (100%)" in out
    assert "source: Customer Service Specialist/Supervisor, Franchise Tax Board Series" in out
    assert "2023-01-01 to 2023-06-30: 6 months (assumed: 40 hours a week, as the record does not say) = 6 months" in out


def test_series_names_the_highest_level_met(runner, eligible_file):
    result = screen(runner, str(eligible_file), "--series", "ca-ftb-customer-service", "--as-of", "2024-01-01", "-f", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["class"] for r in rows} == {"JI60", "JI55"}
    assert {r["highest_level"] for r in rows} == {"JI60"}
    text = screen(runner, str(eligible_file), "--series", "ca-ftb-customer-service", "--as-of", "2024-01-01")
    assert "T-1: highest level met in ca-ftb-customer-service: JI60\n" == text.stderr


def test_a_plain_table_holds_only_the_table_and_the_highest_level_goes_to_standard_error(runner, eligible_file):
    """--series on a pipe mixed 'highest level met' lines into the table a script reads."""
    text = screen(runner, str(eligible_file), "--series", "ca-ftb-customer-service", "--as-of", "2024-01-01")
    rows = text.stdout.splitlines()
    assert rows[0].startswith("applicant ") and len(rows) == 3  # the header and a row a class, nothing else
    assert all(row.startswith("T-1 ") for row in rows[1:])
    assert text.stderr.splitlines() == ["T-1: highest level met in ca-ftb-customer-service: JI60"]


def test_a_series_of_one_class_adds_no_highest_level_line(runner, eligible_file):
    """--series la-city printed 'highest level met in ...: none' for each of its nine one-class series."""
    done = screen(runner, str(eligible_file), "--series", "la-city", "--as-of", "2024-01-01")
    assert "highest level met" not in done.stdout + done.stderr
    rows = [json.loads(line) for line in screen(runner, str(eligible_file), "--series", "la-city", "--as-of", "2024-01-01", "-f", "jsonl").stdout.splitlines()]
    assert len(rows) == 9 and all("highest_level" in r for r in rows)  # the records keep their field


def test_family_takes_every_bundled_series(runner, eligible_file):
    result = screen(runner, str(eligible_file), "--series", "customer-service", "--as-of", "2024-01-01", "-f", "jsonl")
    assert len(result.stdout.splitlines()) == 13


def test_standard_input_and_multiple_documents(runner):
    two = ELIGIBLE + "---\n" + ELIGIBLE.replace("T-1", "T-2")
    result = screen(runner, "-", "-c", "JI60", "--as-of", "2024-01-01", "-f", "jsonl", input=two)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["applicant"] for r in rows] == ["T-1", "T-2"]
    assert rows[0]["file"] == "<stdin>"


def test_a_bad_file_is_reported_and_the_rest_screened(runner, tmp_path, eligible_file):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: B-1\nexperience:\n  - start: 2023-01-01\n    hours_per_wek: 20\n")
    result = screen(runner, str(tmp_path), "-c", "JI60", "--as-of", "2024-01-01", "-f", "jsonl")
    assert result.exit_code == 2
    assert "bad.yaml:4:5: unknown key 'hours_per_wek'" in result.stderr
    assert "did you mean 'hours_per_week'?" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # the error record names the applicant whose record it is: its id is written plainly
    assert [(r["applicant"], r["status"]) for r in rows] == [("B-1", "error"), ("T-1", "eligible")]


def test_duplicate_ids_in_a_batch_are_reported(runner, tmp_path, eligible_file):
    (tmp_path / "u1.yaml").write_text(ELIGIBLE)
    result = screen(runner, str(tmp_path), "-c", "JI60", "--as-of", "2024-01-01", "-f", "jsonl")
    assert result.exit_code == 2
    assert "duplicate applicant id 'T-1'" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["applicant"], r["status"]) for r in rows] == [("T-1", "eligible"), ("T-1", "error")]


def test_output_file_is_written_whole(runner, tmp_path, eligible_file):
    target = tmp_path / "out" / "results.csv"
    target.parent.mkdir()
    result = screen(runner, str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-f", "csv", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text().startswith("applicant,file,class")
    assert [p.name for p in target.parent.iterdir()] == ["results.csv"]


def test_own_specs_directory(runner, tmp_path, eligible_file, monkeypatch):
    own = tmp_path / "specs"
    own.mkdir()
    shutil.copy(bundled_specs_dir() / "la-customer-service-specialist.yaml", own)
    result = screen(runner, str(eligible_file), "--specs", str(own), "--as-of", "2024-01-01", "-f", "jsonl")
    assert [json.loads(line)["class"] for line in result.stdout.splitlines()] == ["LA-1229"]
    monkeypatch.setenv("MERIT_SPECS", str(own))
    result = screen(runner, str(eligible_file), "--as-of", "2024-01-01", "-f", "jsonl")
    assert [json.loads(line)["class"] for line in result.stdout.splitlines()] == ["LA-1229"]


@pytest.mark.slow
def test_sample_applicants_tell_every_story(runner):
    """The bundled samples reach every status, every class, both specialties and the special paths."""
    result = screen(runner, str(SAMPLES), "--as-of", AS_OF, "-f", "jsonl")
    assert result.stderr == ""
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len({r["applicant"] for r in rows}) >= 12
    assert {r["status"] for r in rows} == {"eligible", "conditional", "review", "ineligible"}
    met = {(r["class"], r["specialty"]) for r in rows if r["status"] == "eligible"}
    for cls in ("JI60", "JI55", "LA-1229", "MO-CS-G2", "MO-CS-G4", "MO-CS-G5", "MO-CS-G6", "MO-CS-G8", "MT-CSR-11", "MT-CSR-12"):
        assert any(c == cls for c, _ in met), f"no sample is eligible for {cls}"
    assert ("PHL-6J27", "call-center") in met and ("PHL-6J27", "revenue-collections") in met
    paths = {r["path"] for r in rows if r["path"]}
    assert any("combined" in p for p in paths), "no proportional path"
    assert "Pattern III (substitution)" in paths
    assert any(r["eligible_from"] for r in rows), "no projection from a part-time current job"


@pytest.mark.parametrize(
    "stderr_isatty, said",
    [
        (True, "merit screen: wrote 2 results of 1 applicant to {out} (1 eligible, 1 ineligible)\n"),
        (False, ""),  # a script's standard error stays quiet
    ],
)
def test_an_output_file_written_from_a_terminal_is_named_with_what_it_holds(tmp_path, eligible_file, stderr_isatty, said):
    """-o FILE printed nothing and exited 1: the person at the terminal could not tell what happened."""
    import datetime as dt
    import io

    from merit.commands.screen import ScreenOptions, run_screen
    from merit.env import Environment

    out = tmp_path / "results.csv"
    err = io.StringIO()
    env = Environment(stdout=io.StringIO(), stderr=err, stdout_isatty=True, stderr_isatty=stderr_isatty)
    opts = ScreenOptions(inputs=[str(eligible_file)], series="ca-ftb-customer-service", as_of=dt.date(2024, 1, 1), output=str(out))
    assert run_screen(opts, env) == 1
    assert len(out.read_text().splitlines()) == 3  # the header and two rows
    assert err.getvalue() == said.format(out=out)
