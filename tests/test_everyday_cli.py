"""The small things a new user or a script author meets first: completion, quiet runs, formats from file
names, finding a class by words, and output that shows what the files hold, whatever they hold."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SIX_MONTHS_TAX_TECHNICIAN_FILE
from merit.app import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = "2026-11-01"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """merit as a user runs it: main() turns every failure into a line and an exit code."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


@pytest.fixture
def eligible_file(tmp_path: Path) -> Path:
    path = tmp_path / "t1.yaml"
    path.write_text(SIX_MONTHS_TAX_TECHNICIAN_FILE)
    return path


# --- shell habits: completion and --quiet ---------------------------------------------------------


def _merit(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "merit", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_for_each_shell(shell):
    done = _merit({}, "--show-completion", shell)
    assert done.returncode == 0, done.stderr
    assert "_MERIT_COMPLETE" in done.stdout


def test_help_offers_completion():
    done = _merit({}, "--help")
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout


@pytest.mark.parametrize(
    "words, cword, expected",
    [
        ("merit scr", "1", "screen"),
        ("merit screen --cl", "2", "--class"),
        ("merit classes --gr", "2", "--grep"),
        ("merit screen a.yaml -f js", "4", "jsonl"),
        ("merit screen a.yaml --reasons s", "4", "summary"),
        ("merit screen a.yaml -c JI", "4", "JI60"),
        ("merit screen a.yaml -c 122", "4", "1229"),
        ("merit screen a.yaml --series la-city-tax-a", "4", "la-city-tax-auditor-1514"),
    ],
)
def test_completion_completes_commands_and_options(words, cword, expected):
    done = _merit({"_MERIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword})
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout.split()


@pytest.mark.parametrize("status, args", [(0, ["-c", "JI60"]), (1, ["-c", "LA-1229"])])
def test_quiet_prints_nothing_and_exits_with_the_status(eligible_file, capsys, status, args):
    code, out, err = run(["screen", str(eligible_file), *args, "--as-of", "2024-01-01", "--quiet"], capsys)
    assert (code, out, err) == (status, "", "")


def test_quiet_still_reports_problems_on_stderr(eligible_file, capsys):
    code, out, err = run(["screen", str(eligible_file), "missing.yaml", "-c", "JI60", "-q"], capsys)
    assert (code, out) == (2, "")
    assert err == "missing.yaml:1:1: no such file\n2 files: 1 screened, 1 invalid\n"


# --- résumé habits in applicant files ---------------------------------------------------------------


@pytest.mark.parametrize(
    "written, hint",
    [
        ("03/15/2021", "; did you mean 2021-03-15?"),  # only month first makes a date
        ("15/03/2021", "; did you mean 2021-03-15?"),  # only day first makes a date
        ("15.03.2021", "; did you mean 2021-03-15?"),
        ("03/04/2021", "; did you mean 2021-03-04 (month first) or 2021-04-03 (day first)?"),  # both do: say both
        ("04/04/2021", "; did you mean 2021-04-04?"),  # both readings are the same day
        ("13/13/2021", ""),  # neither makes a date
        ("2021/03/15", "; did you mean 2021-03-15?"),
        ("20230101", "; did you mean 2023-01-01?"),
        ("20231301", ""),
        ("March 2019", "; did you mean 2019-03?"),
        ("Mar 2019", "; did you mean 2019-03?"),
        ("sept. 2020", "; did you mean 2020-09?"),
        ("March 15, 2019", "; did you mean 2019-03-15?"),
        ("15 March 2019", "; did you mean 2019-03-15?"),
        ("03/2019", "; did you mean 2019-03?"),
        ("2019", "; give the month too (2019-MM)"),
        ("yesterday", ""),
        ("Smarch 2019", ""),
    ],
)
def test_a_date_written_as_resumes_write_it_gets_the_form_merit_reads(written, hint):
    from merit.dates import date_hint

    assert date_hint(written) == hint


def test_a_month_is_no_answer_where_a_day_is_needed():
    from merit.dates import date_hint

    assert date_hint("March 2019", months=False) == ""
    assert date_hint("2019-03", months=False) == "; give the day too"


@pytest.mark.parametrize("word", ["present", "Present", "current", "now", "to date", "ongoing"])
def test_an_end_that_says_the_job_goes_on_is_told_to_leave_end_out(word):
    from merit.applicants import parse_applicants

    text = f"id: A-1\nexperience:\n  - start: 2021-03-15\n    end: {word}\n"
    problems = parse_applicants(text, "a.yaml").problems
    assert [str(p) for p in problems] == [f"a.yaml:4:10: end: {word!r} is not a date (leave end out while the job is current)"]


def test_as_of_and_file_dates_refuse_a_compact_date_alike(capsys, tmp_path):
    """The same text is not a date in a file and a date on the command line."""
    (tmp_path / "a.yaml").write_text("id: A-1\nexperience:\n  - start: 20230101\n")
    code, _, err = run(["validate", "-q", str(tmp_path / "a.yaml")], capsys)
    assert code == 2 and "did you mean 2023-01-01?" in err
    code, _, err = run(["screen", str(tmp_path / "a.yaml"), "--as-of", "20230101"], capsys)
    assert code == 2 and "did you mean 2023-01-01?" in err


@pytest.mark.parametrize(
    "written, level",
    [
        ("Bachelor's", "bachelor"),
        ("BA", "bachelor"),
        ("B.A.", "bachelor"),
        ("BS", "bachelor"),
        ("Bachelor's Degree", "bachelor"),
        ("High School Diploma", "twelfth-grade"),
        ("GED", "twelfth-grade"),
        ("Associate's", "associate"),
        ("AA", "associate"),
        ("Master's", "master"),
        ("MBA", "master"),
        ("MA", "master"),
        ("M.S.", "master"),
        ("Ph.D.", "doctorate"),
        ("bachelor", "bachelor"),
        ("Some College", "some-college"),
    ],
)
def test_an_education_level_as_forms_and_resumes_write_it(written, level):
    from merit.applicants import parse_applicants

    loaded = parse_applicants(f'id: A-1\neducation:\n  - level: "{written}"\n', "a.yaml")
    assert loaded.problems == []
    assert loaded.applicants[0].education[0].level == level


def test_a_word_that_could_mean_two_levels_is_refused():
    from merit.applicants import parse_applicants

    problems = parse_applicants("id: A-1\neducation:\n  - level: diploma\n", "a.yaml").problems
    assert [p.message.split(" (")[0] for p in problems] == ["level: unknown value 'diploma'"]


def test_readme_lists_every_way_of_writing_a_level():
    from merit.applicant_format import LEVELS_AS_WRITTEN

    readme = (ROOT / "docs" / "applicant-format.md").read_text(encoding="utf-8")
    for level, words in LEVELS_AS_WRITTEN.items():
        assert f"| `{level}` | " + ", ".join(f"`{w}`" for w in words) + " |" in readme, level


@pytest.mark.parametrize(
    "text, line",
    [
        ("id: A-1\nname Maria Lopez\nexperience: []\n", "a.yaml:2:1: invalid YAML: no colon after the key in 'name Maria Lopez' (expected key: value, as in name: Maria Lopez)"),
        ("id: A-1\nname Maria Lopez\n", "a.yaml:2:1: invalid YAML: no colon after the key in 'name Maria Lopez' (expected key: value, as in name: Maria Lopez)"),
        ("id: A-1\nexperience:\n  - title Clerk\n    start: 2020-01-01\n", "a.yaml:3:5: invalid YAML: no colon after the key in 'title Clerk' (expected key: value, as in title: Clerk)"),
        ("id: A-1\nexperience:\n  - start: 2020-01-01\n    hours_per_week 20\n", "a.yaml:4:5: invalid YAML: no colon after the key in 'hours_per_week 20' (expected key: value, as in hours_per_week: 20)"),
        ("id: A-1\nexperience\n  - start: 2020-01-01\n", "a.yaml:2:1: invalid YAML: no colon after 'experience' (expected key: value, or experience: before the lines it holds)"),
        ("id:A-1\nname: x\n", "a.yaml:1:1: invalid YAML: no space after the colon in 'id:A-1' (expected key: value, as in id: A-1)"),
        ("id: A-1\n  name: x\n", "a.yaml:2:3: invalid YAML: name: is indented under 'id: A-1', which already has a value (expected name: lined up with id:)"),
        ("id: A-1\nname: [x\n", "a.yaml:3:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
    ],
)
def test_a_missing_colon_is_reported_on_the_line_that_lacks_it(text, line):
    from merit.yamlsafe import compose_documents

    assert [str(p) for p in compose_documents(text, "a.yaml")[1]] == [line]


# --- no silent surprises -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, starts",
    [
        ("out.csv", "applicant,file,class,"),
        ("out.CSV", "applicant,file,class,"),
        ("out.jsonl", '{"applicant": "T-1"'),
        ("out.ndjson", '{"applicant": "T-1"'),
        ("out.json", '{"run": {"merit_version": '),
        ("out.yaml", "# merit determinations: "),
        ("out.txt", "applicant  name  class"),
        ("out", "applicant  name  class"),
    ],
)
def test_output_file_extension_names_the_format(eligible_file, capsys, tmp_path, name, starts):
    target = tmp_path / name
    code, out, err = run(["screen", str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    assert target.read_text().startswith(starts)


def test_format_agreeing_with_the_extension_or_with_no_data_extension_is_taken(eligible_file, capsys, tmp_path):
    for fmt, name, starts in [("csv", "out.csv", "applicant,"), ("csv", "out.txt", "applicant,"), ("jsonl", "out.log", "{")]:
        target = tmp_path / name
        code, _, err = run(["screen", str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-f", fmt, "-o", str(target)], capsys)
        assert (code, err) == (0, "")
        assert target.read_text().startswith(starts)


@pytest.mark.parametrize(
    "fmt, name, fix",
    [
        ("jsonl", "out.csv", "leave out --format to write csv, or name a file ending in .jsonl"),
        ("json", "out.jsonl", "leave out --format to write jsonl, or name a file ending in .json"),
        ("table", "out.csv", "leave out --format to write csv, or name a file ending in .txt"),
    ],
)
def test_format_contradicting_the_extension_is_refused(eligible_file, capsys, tmp_path, fmt, name, fix):
    target = tmp_path / name
    code, out, err = run(["screen", str(eligible_file), "-c", "JI60", "-f", fmt, "-o", str(target)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"merit screen: error: --format {fmt} but --output {target} names a ")
    assert err.rstrip().endswith(f"(expected one of them: {fix})")
    assert not target.exists()


def test_quiet_still_writes_an_output_file(eligible_file, capsys, tmp_path):
    target = tmp_path / "out.jsonl"
    code, out, err = run(["screen", str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-q", "-o", str(target)], capsys)
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text())["status"] == "eligible"


def test_explain_says_what_it_adds_to_csv_nothing_rather_than_being_ignored(eligible_file, capsys):
    args = ["screen", str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-f", "csv"]
    plain = run(args, capsys)
    code, out, err = run([*args, "--explain"], capsys)
    assert (code, out) == (plain[0], plain[1])
    assert err == (
        "merit screen: note: --explain adds nothing to csv (its reasons column stops at requirements and their parts);"
        " -f jsonl or -f json carry a line for each job\n"
    )


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_explain_adds_job_lines_to_json_records(eligible_file, capsys, fmt):
    args = ["screen", str(eligible_file), "-c", "JI60", "--as-of", "2024-01-01", "-f", fmt]
    plain = run(args, capsys)[1]
    code, out, err = run([*args, "--explain"], capsys)
    assert (code, err) == (0, "")
    assert "Tax Technician (line 3)" in out and "Tax Technician (line 3)" not in plain


def test_validate_reads_a_directory_of_applicants_as_screen_does(capsys, tmp_path):
    """A spec file among applicant files is not applicants to screen; validate says the same, not 'good'."""
    for name in ("maria-lopez.yaml", "james-chen.yaml"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    from merit.specs import bundled_specs_dir

    (tmp_path / "phl-6j27.yaml").write_bytes((bundled_specs_dir() / "phl-6j27.yaml").read_bytes())
    (tmp_path / "duties.yaml").write_bytes((bundled_specs_dir() / "duties.yaml").read_bytes())
    screened = run(["screen", str(tmp_path), "-f", "jsonl", "--as-of", AS_OF], capsys)
    validated = run(["validate", str(tmp_path)], capsys)
    assert screened[0] == validated[0] == 2
    # screen also counts the files (its last line); each problem is the same line
    assert sorted(validated[2].splitlines()) == sorted(screened[2].splitlines()[:-1])
    assert [line.split(": ", 1)[1][:26] for line in sorted(validated[2].splitlines())] == ["this is a duty vocabulary,", "this is a class spec file "]


def test_validate_still_checks_a_directory_of_specs_as_specs(capsys):
    from merit.specs import bundled_specs_dir

    code, out, err = run(["validate", str(bundled_specs_dir())], capsys)
    assert (code, err) == (0, "")
    assert "14 spec files (21 good classes)" in out


# --- finding a class ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, message",
    [
        # a number is a code: only codes near it are suggested, never a class whose id holds a 13
        ("1230", "unknown class '1230'; did you mean '1229' (LA-1229)? (see merit classes)"),
        ("1007", "unknown class '1007'; did you mean '1008' (JI55) or '1009' (JI60)? (see merit classes)"),
        ("5000", "unknown class '5000' (see merit classes)"),
        # words find titles by their words, best first
        (
            "Customer Service Rep",
            "unknown class 'Customer Service Rep'; did you mean 'MO-CS-G4' (Customer Service Representative),"
            " 'MT-CSR-11' (Customer Service Representative, Grade 11) or 'MT-CSR-12' (Customer Service Representative,"
            " Grade 12)? (see merit classes --grep 'Customer Service Rep' for all 6)",
        ),
        (
            "franchise tax",
            "unknown class 'franchise tax'; did you mean 'JI60' (Customer Service Specialist, Franchise Tax Board)"
            " or 'JI55' (Customer Service Supervisor, Franchise Tax Board)? (see merit classes)",
        ),
        # the start of an id, or a misspelt one, is an id
        ("JI6", "unknown class 'JI6'; did you mean 'JI60'? (see merit classes)"),
        ("JI6O", "unknown class 'JI6O'; did you mean 'JI60'? (see merit classes)"),
        ("mt-csr", "unknown class 'mt-csr'; did you mean 'MT-CSR-11', 'MT-CSR-12' or 'MT-CSR-13'? (see merit classes)"),
        ("6J28", "unknown class '6J28'; did you mean 'PHL-6J27'? (see merit classes)"),
    ],
)
def test_an_unknown_class_gets_the_classes_it_could_mean(name, message, capsys):
    code, out, err = run(["screen", "x.yaml", "-c", name], capsys)
    assert (code, err) == (2, f"merit screen: error: {message}\n")
    assert run(["show", name], capsys)[2] == f"merit show: error: {message}\n"


def test_classes_grep_lists_the_classes_whose_words_match(capsys):
    code, out, err = run(["classes", "--grep", "customer service REP", "-f", "csv"], capsys)
    assert (code, err) == (0, "")
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == [
        "MO-CS-G2", "MO-CS-G4", "MO-CS-G5", "MT-CSR-11", "MT-CSR-12", "MT-CSR-13",
    ]


@pytest.mark.parametrize("words, ids", [("1229", ["LA-1229"]), ("ji", ["JI60", "JI55"]), ("supervisor", ["JI55", "MO-CS-G6"]), ("6j27", ["PHL-6J27"])])
def test_classes_grep_reads_ids_codes_and_titles(capsys, words, ids):
    code, out, _ = run(["classes", "-g", words, "-f", "csv"], capsys)
    assert code == 0
    assert [line.split(",")[1] for line in out.splitlines()[1:]] == ids


def test_classes_grep_heading_and_no_match(capsys):
    code, out, _ = run(["classes", "--grep", "lead"], capsys)
    assert code == 0 and out.startswith("Classes (2 in 2 series) matching 'lead'\n")
    code, out, err = run(["classes", "--grep", "astronaut"], capsys)
    assert (code, out, err) == (1, "", "merit classes: no class matches 'astronaut' (see merit classes)\n")
    code, out, err = run(["classes", "--grep", " "], capsys)
    assert (code, out) == (2, "") and "--grep needs words" in err


# --- display -----------------------------------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch):
    """merit's commands drawing with Rich on an 80-column terminal (no colour); returns the screen."""
    from merit.env import Environment

    screen = io.StringIO()
    monkeypatch.setenv("COLUMNS", "80")

    def on_terminal(*args, **kwargs):
        return Environment(stdout=screen, stderr=sys.stderr, stdout_isatty=True, stderr_isatty=False, colors=False, ci=True)

    for name in ("screen_cli", "compare_cli", "show_cli", "classes_cli"):
        monkeypatch.setattr(f"merit.commands.{name}.Environment", on_terminal)
    return screen


def _without_styles(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _cut(whole: str, text: str) -> list[str]:
    """Lines that end a cell with the start of ``whole``: the id was folded onto the next line."""
    import re

    first = whole.find("-") + 1 or 3  # a start that is a word of its own (business) is no cut
    starts = "|".join(re.escape(whole[:k]) for k in range(first, len(whole)))
    return re.findall(rf"(?<![\w-])(?:{starts})(?: *[│┃]| *$)", text, re.M)


CLASS_IDS = ("JI60", "LA-1229", "MO-CS-G4", "MT-CSR-12", "PHL-6J27")
SERIES_IDS = ("ca-ftb-customer-service", "la-customer-service-specialist", "mt-dor-customer-service-representative")


def test_compare_classes_at_80_columns_keeps_every_id_whole(terminal, capsys):
    code, _, err = run(["compare", "--classes", ",".join(CLASS_IDS)], capsys)
    assert (code, err) == (0, "")
    text = _without_styles(terminal.getvalue())
    assert max(len(line) for line in text.splitlines()) <= 80
    for whole in CLASS_IDS + SERIES_IDS:
        assert whole in text and not _cut(whole, text), whole
    assert "  LA-1229: la-customer-service-specialist" in text  # the series under the table


def test_compare_with_an_applicant_at_80_columns_keeps_competency_ids_whole(terminal, capsys):
    code, _, _ = run(
        ["compare", "--classes", "MT-CSR-11,MT-CSR-12,LA-1229", "--applicant", str(SAMPLES / "sarah-johnson.yaml"), "--as-of", AS_OF],
        capsys,
    )
    text = _without_styles(terminal.getvalue())
    assert code == 0 and max(len(line) for line in text.splitlines()) <= 80
    for whole in ("business-processes", "conflict-resolution", "goal-attainment", "MT-CSR-11", "MT-CSR-12"):
        assert whole in text and not _cut(whole, text), whole


def _legend(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Degrees of proficiency:")
    return lines[start + 1 : start + 12]


def test_degree_legend_hangs_under_its_text_in_a_pipe(capsys):
    code, out, _ = run(["compare", "--series", "mt-dor-customer-service-representative"], capsys)
    legend = _legend(out)[:8]  # A to E, two of them on two lines
    assert [line[:5] for line in legend] == ["  A: ", "     ", "  B: ", "     ", "  C: ", "  D: ", "     ", "  E: "]
    assert all(line[5] != " " for line in legend)


def test_degree_legend_hangs_under_its_text_on_a_terminal(terminal, capsys):
    run(["compare", "--series", "mt-dor-customer-service-representative"], capsys)
    legend = _legend(_without_styles(terminal.getvalue()))
    assert legend[0].startswith("  A: ")
    assert legend[1].startswith("     ") and legend[1][5] != " "  # A's text goes on under its text, not at the margin


OVERLAPPING_BY_A_SLIVER = """\
id: A-2
experience:
  - {title: Operator, sector: city, jurisdiction: Los Angeles, start: 2023-01-01, end: 2023-06-30, duties: [call-center]}
  - {title: Helper, sector: city, jurisdiction: Los Angeles, start: 2023-06-30, end: 2023-09-30, hours_per_week: 8, duties: [call-center]}
"""


@pytest.mark.parametrize("args", [[], ["--explain"]])
def test_no_deduction_of_nothing_is_shown(tmp_path, capsys, args):
    """One day of 8 hours a week overlaps: less than a hundredth of a month, never '(-0 months)'."""
    path = tmp_path / "a.yaml"
    path.write_text(OVERLAPPING_BY_A_SLIVER)
    code, out, _ = run(["screen", str(path), "-c", "1229", "--as-of", AS_OF, *args], capsys)
    assert code == 1
    assert "overlapping periods counted once" not in out and "(-0 months)" not in out


def test_no_deduction_of_nothing_is_shown_on_a_terminal(tmp_path, terminal, capsys):
    path = tmp_path / "a.yaml"
    path.write_text(OVERLAPPING_BY_A_SLIVER)
    run(["screen", str(path), "-c", "1229", "--as-of", AS_OF, "--explain"], capsys)
    text = " ".join(_without_styles(terminal.getvalue()).split())
    assert "overlapping periods counted once" not in text and "(-0 months)" not in text


def test_the_tables_reason_is_the_clause_not_a_job(capsys):
    """A-1003's one job could give 2.25 of the 24 months MO-CS-G4 asks: the reason names the clause."""
    code, out, _ = run(["screen", str(SAMPLES / "aisha-patel.yaml"), "-c", "MO-CS-G4", "--as-of", AS_OF], capsys)
    reason = out.splitlines()[1].split("  ")[-1]
    assert reason.startswith("2-4 years of relevant experience; meeting the low end (2 years) is eligible: 0 of 24 months")
    assert "Student assistant" not in reason


def test_an_ineligible_reason_names_the_alternative_that_came_closest(tmp_path, capsys):
    """Five years of systems work and no degree: Requirement 2 (degree or four years of the work, and
    two years more) is half met, Requirements 1 and 3 not at all. The reason named Requirement 1."""
    record = tmp_path / "s2.yaml"
    record.write_text(
        "id: S-2\neducation:\n  - level: high school\nexperience:\n"
        "  - {title: Management Assistant, class: Management Assistant, employer: City of Los Angeles,"
        " sector: city, jurisdiction: Los Angeles, start: 2021-10-01, duties: [systems-development]}\n"
    )
    code, out, _ = run(["screen", str(record), "-c", "1596", "--as-of", AS_OF, "-f", "jsonl"], capsys)
    result = json.loads(out)
    assert (result["status"], result["eligible_from"]) == ("ineligible", "2027-09-30")
    # the one part of Requirement 2 not met, and how far it is: four years of the work stand for the
    # degree (a degree met counts as all of its part), and the two years more have 13 of 24 months
    assert result["reason"].startswith("Requirement 2, experience: "), result["reason"]
    assert "13.03 of 24 months credited (54%)" in result["reason"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_show_names_the_source_document_not_a_file(capsys, fmt):
    code, out, _ = run(["show", "JI60", "-f", fmt], capsys)
    assert code == 0
    assert "California State Personnel Board Specification" in out
    assert "2000-04-18" in out and "2012-06-03" in out
    assert "address" in out and "not recorded in the spec" in out
    assert "000_af1d165f98de3cb1.txt" not in out


def test_show_on_a_terminal_names_the_source_document_not_a_file(terminal, capsys):
    run(["show", "JI60"], capsys)
    text = _without_styles(terminal.getvalue())
    assert "title" in text and "established" in text and "address" in text
    assert "000_af1d165f98de3cb1.txt" not in text


# --- what the files hold is shown, never obeyed ------------------------------------------------------

# An id, a name and a job title that would clear the screen, colour it, plant a hyperlink to a local
# file, reverse the text's direction, forge a line, and use Rich markup, were they printed as they are.
HOSTILE = r"""id: "A-1[red]RED[link=file:///etc/passwd]L[/link]"
name: "[bold]Eve[/bold]\e]8;;file:///etc/passwd\aX"
experience:
  - title: "Clerk\e[2J\u202e\0"
    sector: city
    jurisdiction: Los Angeles
    start: 2023-01-01
    duties: [call-center]
"""
OBEYED = ("\x1b[31m", "\x1b[2J", "\x1b]8;", "\u202e", "\x00", "\x07")  # what a terminal would act on


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    return path


def _shown_not_obeyed(text: str) -> None:
    for raw in OBEYED:
        assert raw not in text, repr(raw)
    assert "A-1[red]RED[link=file:///etc/passwd]L[/link]" in text  # the id as written, markup not obeyed


@pytest.mark.parametrize("args", [[], ["--explain"], ["--series", "ca-ftb-customer-service"]])
def test_applicant_text_in_a_pipe_is_shown_not_obeyed(hostile, capsys, args):
    code, out, err = run(["screen", str(hostile), "-c", "1229", "--as-of", AS_OF, "--exit-zero", *args], capsys)
    assert code == 0
    _shown_not_obeyed(out)
    lines = out.splitlines()
    table = lines[next(k for k, line in enumerate(lines) if line.startswith("applicant ")) :]
    # the newline in the id forges no line: a header and a row a class; the series' highest level
    # met is one line on standard error
    assert len(table) == (4 if args and args[0] == "--series" else 2)
    assert len(err.splitlines()) == (1 if args and args[0] == "--series" else 0)
    if err:
        _shown_not_obeyed(err)
    if args == ["--explain"]:
        assert "Clerk\\x1b[2J\\u202e\\x00 (line 4)" in out


@pytest.mark.parametrize("args", [[], ["--explain"], ["--series", "ca-ftb-customer-service"]])
def test_applicant_text_on_a_terminal_is_shown_not_obeyed_nor_read_as_markup(hostile, terminal, capsys, args):
    code, _, err = run(["screen", str(hostile), "-c", "1229", "--as-of", AS_OF, "--exit-zero", *args], capsys)
    assert code == 0 and err == ""
    text = terminal.getvalue()
    _shown_not_obeyed(" ".join(_without_styles(text).replace("│", " ").split()).replace("\\n 2", "\\n2"))
    for raw in OBEYED:
        assert raw not in text, repr(raw)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_compare_shows_the_applicant_not_obeyed(hostile, capsys, fmt):
    code, out, _ = run(["compare", "--classes", "1229", "--applicant", str(hostile), "--as-of", AS_OF, "-f", fmt], capsys)
    assert code == 0
    _shown_not_obeyed(out)
    assert "[bold]Eve[/bold]\\x1b]8;;file:///etc/passwd\\x07X" in out


def test_compare_on_a_terminal_shows_the_applicant_not_obeyed(hostile, terminal, capsys):
    code, _, _ = run(["compare", "--classes", "1229", "--applicant", str(hostile), "--as-of", AS_OF], capsys)
    text = terminal.getvalue()
    assert code == 0
    for raw in OBEYED:
        assert raw not in text, repr(raw)
    assert "[bold]Eve[/bold]\\x1b]8;;file:///etc/passwd\\x07X" in _without_styles(text)


@pytest.fixture
def hostile_specs(tmp_path) -> Path:
    from merit.specs import bundled_specs_dir

    specs = tmp_path / "specs"
    specs.mkdir()
    text = (bundled_specs_dir() / "la-customer-service-specialist.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Customer Service Specialist\n", 'title: "Customer Service Specialist\\e[2J[bold]B[/bold]"\n', 1)
    (specs / "la.yaml").write_text(text, encoding="utf-8")
    return specs


def test_show_prints_a_specs_text_as_it_is_written(hostile_specs, capsys, terminal):
    code, out, err = run(["show", "LA-1229", "--specs", str(hostile_specs)], capsys)
    assert (code, err) == (0, "")
    text = terminal.getvalue()
    assert "\x1b[2J" not in text and "Customer Service Specialist\\x1b[2J[bold]B[/bold]" in _without_styles(text)


def test_show_in_a_pipe_prints_a_specs_text_as_it_is_written(hostile_specs, capsys):
    code, out, _ = run(["show", "LA-1229", "--specs", str(hostile_specs)], capsys)
    assert code == 0 and "\x1b[2J" not in out
    assert out.startswith("LA-1229: Customer Service Specialist\\x1b[2J[bold]B[/bold]\n")


def test_a_file_name_in_an_error_line_is_shown_not_obeyed(capsys):
    code, out, err = run(["validate", "-q", "no\x1b[2Jsuch\n.yaml"], capsys)
    assert (code, err) == (2, "no\\x1b[2Jsuch\\n.yaml:1:1: no such file\n")


def test_a_duty_term_that_replaces_a_bundled_one_is_a_warning(tmp_path, capsys):
    """A directory's duties.yaml redefined 'systems-development' for every spec there, and validate said nothing."""
    (tmp_path / "duties.yaml").write_text(
        "duties:\n  billing: preparing bills\n  permit-review: reviewing permit applications\n"
        "  clerical: general office and clerical work\n"
    )
    code, _, err = run(["validate", str(tmp_path / "duties.yaml")], capsys)
    assert code == 0
    lines = err.splitlines()
    assert lines[0] == (
        f"{tmp_path / 'duties.yaml'}:2:3: warning: duty term 'billing' replaces the bundled term of that name,"
        " which means: preparing, checking or adjusting bills and accounts for customers"
    )
    assert len([line for line in lines if "warning:" in line]) == 1  # a new term, or the bundled words again, is fine
