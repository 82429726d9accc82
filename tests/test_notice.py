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
    # how the job was counted, the presumption said in words (tests/test_notice_letters.py)
    assert "18.03 months × 20/40 h a week (your application does not say, so this was taken as paid) = 9.01 months" in out
    assert "you would meet these qualifications from 2027-04-30" in out
    assert "## Your right to appeal" in out and "within 30 calendar days" in out


def test_an_eligible_notice_names_the_path_that_met():
    code, out, _ = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60")
    assert "You **meet** the minimum qualifications for this examination, under Pattern I" in out
    assert "## How you qualify" in out and "- **Pattern I** (met)" in out
    assert "appeal" not in out  # nothing was decided against the applicant


def test_a_review_notice_lists_the_questions_and_offers_no_appeal_yet():
    """A review notice put the open questions under "What was not met" and offered an appeal
    against a decision not yet made. (It is an interim letter, written only with --allow-review:
    tests/test_notice_decisions.py.)"""
    code, out, _ = notice(str(SAMPLES / "tom-rossi.yaml"), "-c", "JI60", "--allow-review")
    assert code == 0
    assert "**needs an analyst's review**" in out and "You will receive a further notice" in out
    assert "## What an analyst must decide" in out and "What was not met" not in out
    assert "appeal" not in out


def test_a_notice_directory_is_made_when_it_does_not_exist(tmp_path: Path):
    target = tmp_path / "notices" / "JI60"
    code, _, err = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-o", str(target))
    assert code == 0, err
    assert sorted(p.name for p in target.iterdir()) == ["A-1001-JI60.html", "A-1001-JI60.md"]
    (tmp_path / "file").write_text("")
    code, _, err = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-o", str(tmp_path / "file"))
    assert code == 2 and "is not a directory" in err


def test_a_batch_writes_one_file_per_applicant_class_and_specialty_in_each_format(tmp_path: Path):
    code, out, err = notice(str(SAMPLES), "-c", "JI60,6J27", "-o", str(tmp_path), "--allow-review")
    assert code == 0, err
    assert out == ""
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 16 * 3 * 2  # 16 applicants x (JI60 + two specialties of 6J27) x (md, html)
    assert "A-1006-PHL-6J27-call-center.md" in names and "A-1006-PHL-6J27-call-center.html" in names
    assert err.splitlines()[-1] == f"96 notice files written to {tmp_path}"
    assert err.count("is still review: an interim letter was written") == 6  # one warning per interim letter


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
    # no tag for a Markdown viewer: every piece of markup is escaped (tests/test_notice_safety.py)
    assert "- To: \\<script\\>alert(1)\\</script\\> (applicant ../../X)" in markdown


def test_control_characters_in_a_name_are_shown_in_every_notice_and_the_report(tmp_path: Path):
    """A name with escapes reached the Markdown and HTML letters raw: `cat` on a notice cleared the screen."""
    person = tmp_path / "p.yaml"
    person.write_text('id: A-RED\nname: "\\e[2J cleared \\e]8;;http://evil\\a"\n')
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _, err = notice(str(person), "-c", "JI60", "-o", str(out_dir), "-f", "markdown", "-f", "html")
    assert code == 0, err
    for page in out_dir.iterdir():
        text = page.read_text()
        assert "\x1b" not in text and "\x07" not in text, page.name
        assert "\\x1b[2J cleared" in text
    results = tmp_path / "results.jsonl"
    screened = CliRunner().invoke(build_app(), ["screen", str(person), "-c", "JI60", "--as-of", "2026-11-01", "-o", str(results), "--exit-zero"])
    assert screened.exit_code == 0, screened.stderr
    report = tmp_path / "report.html"
    reported = CliRunner().invoke(build_app(), ["report", str(results), "-o", str(report)])
    assert reported.exit_code == 0, reported.stderr
    text = report.read_text()
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J cleared" in text


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


DEEP_SPEC = """\
series:
  id: deep
  title: Inspector
  jurisdiction: Los Angeles
  organization: City of Los Angeles
  source: {document: bulletin}
classes:
  - id: D
    title: Inspector
    level: 1
    requirement:
      all_of:
        - label: Requirements
          any_of:
            - label: Requirement 1
              experience: {years: 4, credit: [{certain: {sector: city, duties_any: [building-inspection]}}]}
            - label: Requirement 3
              all_of:
                - label: Trade experience
                  experience: {years: 2, credit: [{certain: {duties_any: [carpentry]}}]}
                - label: Process Note 2
                  summary: proof of completion of a recognized apprenticeship program
                  license: {kinds: [apprenticeship proof]}
        - label: Process Note 3
          license: {kinds: [drivers license]}
"""


def test_a_notice_shows_the_parts_of_a_part_with_what_each_asks(tmp_path: Path):
    """Parts three levels down (all of > any of > all of > part) were shown as "not met: Process Note 2"
    without what Process Note 2 asks: an applicant cannot appeal what the notice does not say."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "deep.yaml").write_text(DEEP_SPEC, encoding="utf-8")
    (tmp_path / "specs" / "duties.yaml").write_text("duties:\n  carpentry: carpentry work\n", encoding="utf-8")
    applicant = tmp_path / "a.yaml"
    applicant.write_text(
        "id: B-13\nexperience:\n  - {title: Carpenter, sector: private, start: 2022-01-01, duties: [carpentry]}\n"
        "licenses:\n  - {kind: California Driver License, jurisdiction: California}\n",
        encoding="utf-8",
    )
    code, out, err = notice(str(applicant), "--specs", str(tmp_path / "specs"), "-c", "D")
    assert code == 0, err
    assert "  - Requirement 3 (not met): not met: Process Note 2" in out
    assert "    - Process Note 2 (not met): proof of completion of a recognized apprenticeship program: " in out
    assert "    - Trade experience (met)" in out
