"""merit notice: a letter per applicant and class from a template the agency edits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"


def notice(*args: str):
    result = CliRunner().invoke(build_app(), ["notice", *args, "--as-of", "2026-11-01", "--date", "2026-11-15"])
    return result.exit_code, result.stdout, result.stderr


def test_an_ineligible_notice_states_what_was_not_met_with_arithmetic_and_citations():
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229")
    assert code == 0, err
    assert "- To: David Brown (applicant A-1006)" in out
    assert "- Date of this notice: 2026-11-15" in out
    assert "You **do not meet** the minimum qualifications" in out
    assert (
        "- **Requirement 1** (not met): 1 year of full-time paid call center operation or public counter experience"
        " with the City of Los Angeles: 9.01 of 12 months credited (75%)"
    ) in out
    assert "Source: Customer Service Specialist (City of Los Angeles), Customer Service Specialist, Minimum Requirements, Requirement 1" in out
    assert "18.03 months × 20/40 h a week (assumed: paid, as the record does not say) = 9.01 months" in out  # how the job was counted
    assert "you would meet these qualifications from 2027-04-30" in out
    assert "## Your right to appeal" in out and "within 30 calendar days" in out


def test_an_eligible_notice_names_the_path_that_met():
    code, out, _ = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60")
    assert "You **meet** the minimum qualifications for this examination, by Pattern I" in out
    assert "## How you qualify" in out and "- **Pattern I** (met)" in out


def test_a_batch_writes_one_file_per_applicant_class_and_specialty_in_each_format(tmp_path: Path):
    code, out, err = notice(str(SAMPLES), "-c", "JI60,6J27", "-o", str(tmp_path))
    assert code == 0, err
    assert out == ""
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 16 * 3 * 2  # 16 applicants x (JI60 + two specialties of 6J27) x (md, html)
    assert "A-1006-PHL-6J27-call-center.md" in names and "A-1006-PHL-6J27-call-center.html" in names
    assert err.strip() == f"96 notice files written to {tmp_path}"


def test_html_notices_escape_what_the_applicant_wrote(tmp_path: Path):
    person = tmp_path / "p.yaml"
    person.write_text('id: "../../X"\nname: "<script>alert(1)</script>"\n')
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = notice(str(person), "-c", "JI60", "-o", str(out_dir), "-f", "html")
    assert code == 0, err
    [page] = list(out_dir.iterdir())
    assert page.name == "X-JI60.html"  # the id cannot lead out of the directory
    text = page.read_text()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert '<html lang="en">' in text
    code, markdown, _ = notice(str(person), "-c", "JI60")
    assert "- To: &lt;script>alert(1)&lt;/script> (applicant ../../X)" in markdown  # no tag for a Markdown viewer


def test_the_agency_template_and_its_values(tmp_path: Path):
    template = tmp_path / "letter.md.j2"
    template.write_text("{{ agency }} to {{ applicant.name }}: {{ result.status }} ({{ considered | length }}); {{ contact }}\n")
    code, out, err = notice(
        str(SAMPLES / "david-brown.yaml"), "-c", "1229", "-t", str(template), "--var", "agency=City Personnel", "--var", "contact=room 100"
    )
    assert code == 0, err
    assert out == "City Personnel to David Brown: ineligible (2); room 100\n"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("line one\n{% if result.status %}\nno end\n", 3, "unexpected end of template"),
        ("one\ntwo {{ applicant.nmae }}\n", 2, "has no attribute 'nmae'"),
        ("one\n\n{{ agncy }}\n", 3, "'agncy' is undefined (expected one of the names docs/reports.md lists"),
        ("{{ ().__class__.__mro__ }}\n", 1, "unsafe"),
    ],
)
def test_a_bad_template_is_one_positioned_line(tmp_path: Path, text: str, line: int, message: str):
    template = tmp_path / "bad.md.j2"
    template.write_text(text)
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229", "-t", str(template))
    assert code == 2
    assert err.startswith(f"{template}:{line}:1: ") and message in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_usage_errors():
    code, _, err = notice(str(SAMPLES / "david-brown.yaml"))
    assert code == 2 and "merit notice: error: name the examination's class with --class ID" in err
    code, _, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229", "--var", "nothing")
    assert code == 2 and "--var 'nothing' is not NAME=VALUE" in err


def test_screening_does_not_import_jinja2():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "merit", "screen", str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-f", "jsonl"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0
    assert "jinja2" not in done.stderr and "merit.notice" not in done.stderr
