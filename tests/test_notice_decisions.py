"""merit notice follows the final decision: the analyst's answers (--determinations) or the saved results
(--results) decide the letter, and a result still `review` gets no final letter."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
GRACE = ROOT / "sample_applicants" / "grace-lee.yaml"  # review for JI60: equivalence to a Tax Technician
DAVID = ROOT / "sample_applicants" / "david-brown.yaml"  # ineligible for JI60
GRACE_LINE = next(k for k, line in enumerate(GRACE.read_text().splitlines(), 1) if line.startswith("id:"))  # where her record starts
BLANK = "  answer:\n  by:\n  date:\n  because:\n"


def merit(*args: str):
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.stdout, result.stderr


def notice(*args: str):
    return merit("notice", *args, "--as-of", "2026-11-01", "--date", "2026-11-15")


@pytest.fixture()
def answers(tmp_path: Path) -> Path:
    """Every open question of Grace Lee's JI60 review, accepted by an analyst."""
    questions = tmp_path / "questions.yaml"
    code, _, err = merit("screen", str(GRACE), "-c", "JI60", "--as-of", "2026-11-01", "-o", str(questions), "--exit-zero")
    assert code == 0, err
    text = questions.read_text()
    assert BLANK in text
    accepted = "  answer: accept\n  by: A. Analyst\n  date: 2026-12-01\n  because: the duties match a Tax Technician's\n"
    out = tmp_path / "answers.yaml"
    out.write_text(text.replace(BLANK, accepted))
    return out


def test_an_applicant_the_analyst_accepted_gets_the_eligible_letter(answers: Path):
    """notice took no --determinations: an accepted applicant was told they 'need an analyst's review'."""
    code, out, err = notice(str(GRACE), "-c", "JI60", "--determinations", str(answers))
    assert code == 0, err
    assert "You **meet** the minimum qualifications" in out
    assert "needs an analyst's review" not in out and "further notice" not in out
    assert "accepted by A. Analyst on 2026-12-01" in out  # the answer the decision rests on is quoted


def test_notices_from_saved_results_follow_the_answers_screen_applied(tmp_path: Path, answers: Path):
    results = tmp_path / "results.jsonl"
    code, _, err = merit(
        "screen", str(GRACE), str(DAVID), "-c", "JI60", "--as-of", "2026-11-01", "-d", str(answers), "-o", str(results), "--exit-zero"
    )
    assert code == 0, err
    code, out, err = merit("notice", "--results", str(results), "--date", "2026-11-15")
    assert code == 0, err
    letters = out.split("\n---\n")
    assert len(letters) == 2
    assert "Grace Lee" in letters[0] and "You **meet**" in letters[0]
    assert "David Brown" in letters[1] and "You **do not meet**" in letters[1]


def test_saved_results_may_be_narrowed_to_a_class(tmp_path: Path):
    results = tmp_path / "results.jsonl"
    merit("screen", str(DAVID), "-c", "JI60,1229", "--as-of", "2026-11-01", "-o", str(results), "--exit-zero")
    code, out, err = merit("notice", "--results", str(results), "-c", "1229", "--date", "2026-11-15")
    assert code == 0, err
    assert out.count("# Notice of results") == 1 and "(LA-1229)" in out


def test_a_result_still_in_review_gets_no_final_letter():
    code, out, err = notice(str(GRACE), "-c", "JI60")
    assert code == 2 and out == ""
    assert err == (
        f"{GRACE}:{GRACE_LINE}:1: A-1013 × JI60 is still review: no letter written (expected its decision points answered with"
        " --determinations FILE, or --allow-review for an interim letter that says a decision is pending)\n"
    )


def test_an_interim_letter_for_a_review_is_written_only_on_request_and_with_a_warning():
    code, out, err = notice(str(GRACE), "-c", "JI60", "--allow-review")
    assert code == 0
    assert "**needs an analyst's review**" in out and "You will receive a further notice" in out
    assert err == f"merit notice: warning: {GRACE}:{GRACE_LINE}:1: A-1013 × JI60 is still review: an interim letter was written, not a decision\n"


def test_a_saved_result_still_in_review_is_refused_at_its_line(tmp_path: Path):
    results = tmp_path / "results.jsonl"
    merit("screen", str(DAVID), str(GRACE), "-c", "JI60", "--as-of", "2026-11-01", "-o", str(results), "--exit-zero")
    code, out, err = merit("notice", "--results", str(results), "--date", "2026-11-15")
    assert code == 2
    assert out.count("# Notice of results") == 1 and "David Brown" in out  # the decided one is still written
    assert err.startswith(f"{results}:2:1: A-1013 × JI60 is still review: no letter written"), err


def test_an_answer_no_question_asks_for_is_reported_at_its_line(tmp_path: Path, answers: Path):
    stale = tmp_path / "stale.yaml"
    text = answers.read_text()
    point = text.split('point: "', 1)[1].split('"', 1)[0]
    stale.write_text(text.replace(point, point.rsplit("/", 1)[0] + "/no-such-entry", 1))
    code, _, err = notice(str(GRACE), "-c", "JI60", "-d", str(stale), "--allow-review")
    assert code == 2
    assert f"{stale}:" in err and "matches no decision point" in err and "not applied" in err


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "name the applicants (APPLICANT...) or the saved results (--results FILE)"),
        (["--results", "r.jsonl", str(GRACE)], "give applicant files or --results, not both"),
        (["--results", "r.jsonl", "--determinations", "a.yaml"], "--determinations applies answers while screening"),
    ],
)
def test_usage(args: list[str], message: str):
    code, _, err = notice(*args, "-c", "JI60")
    assert code == 2 and message in err, err



def test_notices_from_a_saved_json_document(tmp_path: Path):
    """A results file written with -f json (its run header first) ended in an internal error."""
    results = tmp_path / "results.json"
    code, _, err = merit("screen", str(DAVID), "-c", "JI60", "--as-of", "2026-11-01", "-f", "json", "-o", str(results), "--exit-zero")
    assert code == 0, err
    code, out, err = merit("notice", "--results", str(results), "--date", "2026-11-15")
    assert code == 0, err
    assert "You **do not meet** the minimum qualifications" in out


def saved_twice(tmp_path: Path, second: dict) -> Path:
    import json

    results = tmp_path / "results.jsonl"
    code, _, err = merit("screen", str(DAVID), "-c", "JI60", "--as-of", "2026-11-01", "-o", str(results), "--exit-zero")
    assert code == 0, err
    record = json.loads(results.read_text())
    results.write_text(json.dumps(record) + "\n" + json.dumps({**record, **second}) + "\n")
    return results


@pytest.mark.parametrize(
    "second, said, code",
    [
        # a status merit never writes got the ineligible letter
        ({"status": "approved"}, "{path}:2:1: unknown status 'approved' for A-1006 × JI60 (expected eligible, conditional, review,"
         " ineligible or error); not counted", 2),
        # a second record of the same result with another decision got a second, contradicting letter
        ({"status": "eligible"}, "{path}:2:1: A-1006 × JI60 is eligible here but ineligible on line 1 (expected one decision per"
         " applicant and class; counted as line 1 says)", 2),
        # the same result given twice got two letters
        ({}, "merit notice: note: {path}:2:1: A-1006 × JI60 is a duplicate of line 1 (counted once)", 0),
    ],
    ids=["unknown-status", "contradiction", "duplicate"],
)
def test_saved_results_get_one_letter_a_result_and_none_for_an_unknown_status(tmp_path: Path, second: dict, said: str, code: int):
    path = saved_twice(tmp_path, second)
    done, out, err = merit("notice", "--results", str(path), "--date", "2026-11-15", "-o", str(tmp_path / "letters"))
    assert done == code
    assert said.format(path=path) in err.splitlines()
    assert sorted(p.name for p in (tmp_path / "letters").iterdir()) == ["A-1006-JI60.html", "A-1006-JI60.md"]
    assert "You **do not meet**" in (tmp_path / "letters" / "A-1006-JI60.md").read_text()
