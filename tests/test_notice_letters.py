"""Letters in the applicant's language: the reasons without record positions, tokens, percentages over 100
or presumption jargon; a final letter without what only an analyst could still change; the agency's
greeting, signature, contact, next steps and appeal; the class's notes; a condition's deadline."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from merit.letter import plain

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"


def notice(*args: str):
    result = CliRunner().invoke(build_app(), ["notice", *args, "--as-of", "2026-11-01", "--date", "2026-11-15"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "detail, letter",
    [
        # a job is named by what it was, not by its line in the record
        ("Clerk at City of Los Angeles (line 9) (met): 12 months", "Clerk at City of Los Angeles (met): 12 months"),
        # the record's tokens become words
        ("does not count: sector private (needs state)", "does not count: private employment, where the requirement asks for state service"),
        ("needs bachelor: twelfth-grade is below bachelor", "needs a bachelor's degree: the highest education your application gives is high school (twelfth grade)"),
        (
            "needs some college in business: twelfth-grade is below some-college",
            "needs some college in business: the highest education your application gives is high school (twelfth grade), below some college",
        ),
        ("does not count: duties clerical, data-entry (needs call-center)", "does not count: duties of clerical, data entry, where the requirement asks for call center"),
        ("does not count: employer Acme (needs Office of Finance)", "does not count: the employer was Acme, where the requirement asks for Office of Finance"),
        ("The applicant lists a California drivers-license, valid to 2028-05-01.", "Your application lists a California driver's license, valid to 2028-05-01."),
        # no percentage over 100: a requirement met five times over is met
        ("65.48 of 12 months credited (545%)", "65.48 of 12 months credited"),
        ("9.01 of 12 months credited (75%)", "9.01 of 12 months credited (75%)"),
        # a presumption in words
        ("18 months × 20/40 h a week (assumed: paid, as the record does not say) = 9 months", "18 months × 20/40 h a week (your application does not say, so this was taken as paid) = 9 months"),
        ("2020-01-01 to 2026-11-01 (to the as-of date): 82 months", "2020-01-01 to 2026-11-01 (to the date on which qualifications are judged): 82 months"),
        # a final letter says nothing of credit an analyst might have accepted
        ("0 of 48 months credited (0%); 9.01 months if an analyst accepts the possible credit; not met: of which x", "0 of 48 months credited (0%); not met: of which x"),
        ("no certain credit → 0% of 100%; with the possible credit (Pattern IV 9.01/48) 18%; each period counts once", "no credit → 0% of 100%; each period counts once"),
        ("= 0 of 4 years; 0.75 years if an analyst accepts the possible credit", "= 0 of 4 years"),
    ],
)
def test_a_final_letter_says_each_reason_in_the_applicants_words(detail: str, letter: str):
    assert plain(detail, final=True) == letter


def test_an_interim_letter_keeps_the_questions_but_no_percentage_over_100():
    detail = "no certain credit → 0% of 100%; with the possible credit (Pattern I 17.03/6) 283%; an analyst must decide: x"
    assert plain(detail, final=False) == "no certain credit → 0% of 100%; with the possible credit (Pattern I 17.03/6) over 100%; an analyst must decide: x"


def test_a_final_ineligible_letter_lists_nothing_still_for_review():
    """David Brown's JI60 letter listed his job '(review)' and '9.01 months if an analyst accepts'."""
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "JI60")
    assert code == 0, err
    assert "You **do not meet**" in out
    for jargon in ("(review)", "if an analyst accepts", "possible credit", "(line ", "sector city", "twelfth-grade", "analyst must"):
        assert jargon not in out, jargon
    assert "city employment, where the requirement asks for state service" in out


def test_an_eligible_letter_greets_signs_and_says_what_comes_next():
    code, out, err = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "--var", "contact=exams@city.example, (555) 010-2000")
    assert code == 0, err
    assert "Dear Maria Lopez," in out
    assert "## Next steps\n\nYou will be notified of the date, time and place of the examination." in out
    assert "Questions about this notice: exams@city.example, (555) 010-2000" in out
    assert out.rstrip().endswith("Sincerely,\n\nThe Personnel Department")


def test_the_agencys_words_replace_the_defaults():
    code, out, err = notice(
        str(SAMPLES / "david-brown.yaml"),
        "-c",
        "1229",
        "--var",
        "agency=City Personnel Department",
        "--var",
        "greeting=Dear applicant,",
        "--var",
        "signature=Examining Division, City Personnel Department",
        "--var",
        "appeal=Appeals are heard by the Board of Civil Service Commissioners; write within 5 business days.",
    )
    assert code == 0, err
    assert "Dear applicant," in out and "Dear David" not in out
    assert "## Your right to appeal\n\nAppeals are heard by the Board of Civil Service Commissioners; write within 5 business days.\n" in out
    assert "within 30 calendar days" not in out
    assert out.rstrip().endswith("Examining Division, City Personnel Department")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_class_notes_are_printed(fmt: str):
    """A licence required before appointment was never printed."""
    code, out, err = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "1229", "-f", fmt)
    assert code == 0, err
    out = out.replace("&#39;", "'")  # HTML escapes the apostrophe
    assert "Also required by this class" in out
    assert "A valid California driver's license may be required prior to appointment." in out
    assert "Your application lists a California driver's license, valid to 2028-05-01." in out


def test_a_conditional_letter_gives_the_deadline_the_record_gives(tmp_path: Path):
    senior = tmp_path / "senior.yaml"
    senior.write_text(
        "id: S-1\nname: Sam Senior\neducation:\n  - level: bachelor\n    status: senior\n    field: business administration\n"
        "    expected: 2027-05-31\n"
    )
    code, out, err = notice(str(senior), "-c", "JI60")
    assert code == 0, err
    assert "You are **admitted on a condition**" in out
    assert "you must meet it before appointment, by 2027-05-31, the date your application gives for your graduation." in out
    code, out, err = notice(str(SAMPLES / "aisha-patel.yaml"), "-c", "JI60")  # her record gives no date: none is made up
    assert code == 0, err
    assert "you must meet it before appointment." in out


def test_the_notice_examples_of_the_docs_are_what_merit_prints(monkeypatch):
    page = (ROOT / "docs" / "reports.md").read_text()
    monkeypatch.chdir(ROOT)
    shown = page.split("$ merit notice sample_applicants/david-brown.yaml -c 1229 --as-of 2026-11-01 --date 2026-11-15\n", 1)[1]
    shown = shown.split("...\n```", 1)[0]
    result = CliRunner().invoke(build_app(), ["notice", "sample_applicants/david-brown.yaml", "-c", "1229", "--as-of", "2026-11-01", "--date", "2026-11-15"])
    assert result.exit_code == 0 and result.stdout.startswith(shown)
    refused = page.split("the applicant's place (the applicant file's line, or the results file's),", 1)[1].split("```\n", 2)[1]
    result = CliRunner().invoke(build_app(), ["notice", "sample_applicants/grace-lee.yaml", "-c", "JI60", "--as-of", "2026-11-01"])
    assert (result.exit_code, result.stderr) == (2, refused)
    command = page.split("```sh\nmerit notice sample_applicants/david-brown.yaml -c 1229", 1)[1].split("```", 1)[0]
    args = shlex.split("merit notice sample_applicants/david-brown.yaml -c 1229" + command.replace("\\\n", " "))
    result = CliRunner().invoke(build_app(), args[1:])
    assert result.exit_code == 0, result.stderr
    assert "Board of Civil Service Commissioners" in result.stdout and "exams@city.example" in result.stdout
