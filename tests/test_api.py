"""The library API: what a notebook or a distributed job does, through ``merit`` alone."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

import pytest

import merit

SIX_MONTHS = {
    "id": "N-1",
    "name": "Nora Quinn",
    "experience": [
        {
            "title": "Tax Technician",
            "sector": "state",
            "jurisdiction": "California",
            "class": "Tax Technician, Franchise Tax Board",
            "range": "B",
            "start": dt.date(2023, 1, 1),
            "end": "2023-06-30",
            "duties": ["customer-service", "call-center"],
        }
    ],
}


def test_a_notebook_screens_a_dict():
    catalogue = merit.load_catalogue()
    applicant = merit.applicant_from_mapping(SIX_MONTHS, catalogue)
    (decision,) = merit.screen(applicant, catalogue, ["JI60"], as_of=dt.date(2024, 1, 1))
    assert (decision.status, decision.path) == ("eligible", "Pattern I")
    assert merit.record(decision)["reasons"][0]["outcome"] == "met"


def test_one_day_short_through_the_api():
    catalogue = merit.load_catalogue()
    short = json.loads(json.dumps(SIX_MONTHS, default=str))
    short["experience"][0]["end"] = "2023-06-29"
    applicant = merit.applicant_from_mapping(short, catalogue)
    (decision,) = merit.screen(applicant, catalogue, ["1009"], as_of=dt.date(2024, 1, 1))
    assert decision.status != "eligible"


def test_a_bad_mapping_raises_with_every_problem_named_by_key():
    bad = {"id": "N-2", "experience": [{"start": "2023-02-30", "hours_per_wek": 3}]}
    with pytest.raises(merit.InputError) as err:
        merit.applicant_from_mapping(bad)
    messages = [p.message for p in err.value.problems]
    assert any("hours_per_wek" in m and "hours_per_week" in m for m in messages)
    assert any(m.startswith("start: 2023-02-30 is not a real date") for m in messages)
    assert all(p.line == 1 and p.column == 1 for p in err.value.problems)


def test_read_applicants_from_a_path_and_a_stream(tmp_path):
    f = tmp_path / "two.yaml"
    f.write_text("- id: A\n- id: B\n  experience: 3\n")
    read = merit.read_applicants(f)
    assert [a.id for a in read.applicants] == ["A"]
    assert [(p.line, p.column) for p in read.problems] == [(3, 15)]
    stream = merit.read_applicants(io.BytesIO(b"id: C\n"), name="upload.yaml")
    assert [a.id for a in stream.applicants] == ["C"] and stream.path == "upload.yaml"


def test_highest_level_is_none_when_no_level_is_met():
    catalogue = merit.load_catalogue()
    applicant = merit.applicant_from_mapping({"id": "N-3"}, catalogue)
    (series,) = catalogue.series_named("mt-dor-customer-service-representative")
    decisions = merit.screen(applicant, catalogue, [c.id for c in series.classes], as_of=dt.date(2024, 1, 1))
    assert merit.highest_level(decisions, series) is None


def test_records_match_the_command_line(tmp_path):
    """The API's records are the bytes merit screen --format jsonl writes."""
    f = tmp_path / "n.yaml"
    catalogue = merit.load_catalogue()
    applicant = merit.applicant_from_mapping(SIX_MONTHS, catalogue, name=str(f))
    import yaml

    f.write_text(yaml.safe_dump(json.loads(json.dumps(SIX_MONTHS, default=str))))
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", str(f), "-c", "JI60", "-c", "1229", "--as-of", "2024-01-01", "-f", "jsonl"],
        capture_output=True,
        text=True,
    )
    decided = merit.screen(applicant, catalogue, ["JI60", "1229"], dt.date(2024, 1, 1), "requirements")
    mine = [merit.json_line(d, name=applicant.name) for d in decided]
    assert done.stdout.splitlines() == mine


def test_a_mapping_is_read_in_the_order_written_as_a_file_is():
    """Subjects and duty shares keep their order, so the reasons that list them read as the record does."""
    applicant = merit.applicant_from_mapping(
        {
            "id": "N-5",
            "education": [{"level": "bachelor", "subjects": {"taxation": 6, "accounting": 3}}],
            "experience": [{"start": "2020-01-01", "duties": {"tax-compliance": 60, "billing": 40}}],
        }
    )
    assert list(applicant.education[0].subjects) == ["taxation", "accounting"]
    assert list(applicant.experience[0].duties) == ["tax-compliance", "billing"]


def test_screen_lines_are_the_lines_merit_screen_writes_with_the_highest_level(tmp_path):
    f = tmp_path / "two.yaml"
    f.write_text("- id: A\n  name: Ana\n- id: B\n")
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", "two.yaml", "--series", "mt-dor-customer-service-representative"]
        + ["--as-of", "2024-01-01", "-f", "jsonl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    catalogue = merit.load_catalogue()
    read = merit.read_applicants(f, catalogue, name="two.yaml")
    lines = merit.screen_lines(read.applicants, catalogue, series="mt-dor-customer-service-representative", as_of=dt.date(2024, 1, 1))
    assert "\n".join(lines) + "\n" == done.stdout
    assert [json.loads(line)["name"] for line in done.stdout.splitlines()] == ["Ana"] * 3 + [None] * 3


def test_error_line_is_the_error_record_merit_screen_writes(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: A\nexperience: 3\n")
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", "bad.yaml", "-c", "JI60", "--as-of", "2024-01-01", "-f", "jsonl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    read = merit.read_applicants(tmp_path / "bad.yaml", name="bad.yaml")
    (problem,) = read.problems
    assert merit.error_line(problem, dt.date(2024, 1, 1)) + "\n" == done.stdout
    assert json.loads(done.stdout)["status"] == "error" and done.returncode == 2


def test_unknown_class_is_a_lookup_error_with_a_suggestion():
    catalogue = merit.load_catalogue()
    applicant = merit.applicant_from_mapping({"id": "N-4"}, catalogue)
    with pytest.raises(merit.UnknownClass, match="did you mean 'JI60'"):
        merit.screen(applicant, catalogue, ["JI6O"])


def test_import_merit_loads_nothing_heavy():
    code = "import sys, merit; print(sorted(m for m in sys.modules if m.startswith(('merit.', 'rich', 'typer', 'yaml', 'dask'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "given, ids, problems",
    [
        (b"id: A-1\n---\nid: A-2\n", ["A-1", "A-2"], []),
        (b"id: A-1\nexperience: 3\n", [], ["<stdin>:2:13: experience: found the value '3' (expected a list)"]),
    ],
)
def test_a_dash_reads_standard_input_as_the_command_does(monkeypatch, given, ids, problems):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(given)))
    read = merit.read_applicants("-")
    assert (read.path, [a.id for a in read.applicants], [str(p) for p in read.problems]) == ("<stdin>", ids, problems)
    assert all(a.file == "<stdin>" for a in read.applicants)


def test_the_installed_package_says_its_names_are_typed():
    # PEP 561: a type checker reads merit's annotations only when the installed package carries py.typed
    from importlib.resources import files

    assert files("merit").joinpath("py.typed").is_file()
