"""The applicant file accepts the words people write, and output goes only where it can."""

from __future__ import annotations

import json

import pytest

from merit.app import main
from merit.applicants import Reading, parse_applicants
from merit.specs import bundled_specs_dir, load_catalogue

TERMS = load_catalogue(bundled_specs_dir()).terms


@pytest.mark.parametrize(
    "written, level",
    [
        ("high school", "twelfth-grade"),
        ("High-School", "twelfth-grade"),
        ("GED", "twelfth-grade"),
        ("Bachelors", "bachelor"),
        ("masters", "master"),
        ("PhD", "doctorate"),
        ("twelfth_grade", "twelfth-grade"),
        ("Bachelor of Science", "bachelor"),
        ("bachelor of arts", "bachelor"),
        ("Master of Public Administration", "master"),
        ("Associate of Arts", "associate"),
        ("Doctor of Philosophy", "doctorate"),
    ],
)
def test_education_levels_as_people_write_them(written, level):
    loaded = parse_applicants(f"id: A-1\neducation:\n  - level: {written}\n", "a.yaml", Reading(TERMS))
    assert loaded.problems == []
    assert loaded.applicants[0].education[0].level == level


@pytest.mark.parametrize(
    "written, tail",
    [
        ("Bachelor of Science in Accounting", "did you mean 'bachelor' with field: Accounting?"),
        ("Master of Arts in Public Policy", "did you mean 'master' with field: Public Policy?"),
        ("B.S. in Nursing", "did you mean 'bachelor', and the field under field:?"),
        ("bachelr", "did you mean 'bachelor'?"),
    ],
)
def test_a_degree_written_with_its_field_is_told_where_the_field_goes(written, tail):
    loaded = parse_applicants(f"id: A-1\neducation:\n  - level: {written}\n", "a.yaml", Reading(TERMS))
    assert [p.message.endswith(tail) for p in loaded.problems] == [True], loaded.problems


def _run(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    return exit_.value.code, capsys.readouterr()


def test_output_into_a_missing_directory_is_one_line(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("id: A-1\n")
    code, out = _run(["screen", str(tmp_path / "a.yaml"), "-c", "JI60", "-o", str(tmp_path / "no" / "r.csv")], capsys)
    assert code == 2
    assert out.err.strip().endswith("no such directory " + str(tmp_path / "no") + " (expected an existing directory)")
    assert "Traceback" not in out.err


def test_output_onto_a_directory_is_one_line(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("id: A-1\n")
    code, out = _run(["screen", str(tmp_path / "a.yaml"), "-c", "JI60", "-o", str(tmp_path)], capsys)
    assert code == 2
    assert "it is a directory (expected a file name)" in out.err


def test_bare_merit_prints_the_help(capsys):
    code, out = _run([], capsys)
    assert code == 2
    assert out.out.startswith("Usage: merit")
    assert "screen" in out.out


COMPETENCIES = load_catalogue(bundled_specs_dir()).competency_ids


def test_a_misspelt_competency_is_an_error_with_a_suggestion():
    loaded = parse_applicants("id: A-1\ncompetencies:\n  reserch: B\n", "a.yaml", Reading(TERMS, COMPETENCIES))
    assert loaded.applicants == []
    (problem,) = loaded.problems
    assert (problem.line, problem.column) == (3, 3)
    assert problem.message.startswith("unknown competency 'reserch'")
    assert problem.message.endswith("did you mean 'research'?")


def test_a_competency_id_in_another_case_is_the_same_competency():
    loaded = parse_applicants("id: A-1\ncompetencies:\n  Research: b\n", "a.yaml", Reading(TERMS, COMPETENCIES))
    assert loaded.problems == []
    assert loaded.applicants[0].competencies == {"research": "B"}


def test_output_may_not_overwrite_an_input(tmp_path, capsys):
    applicant = tmp_path / "a.yaml"
    applicant.write_text("id: A-1\n")
    code, out = _run(["screen", str(applicant), "-c", "JI60", "-o", str(applicant)], capsys)
    assert code == 2
    assert "is, or would be read as, an applicant file" in out.err
    assert applicant.read_text() == "id: A-1\n"
    code, out = _run(["screen", str(tmp_path), "-c", "JI60", "-o", str(tmp_path / "results.yaml")], capsys)
    assert code == 2
    assert not (tmp_path / "results.yaml").exists()


def test_a_duplicate_id_names_where_it_was_first_seen(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("id: X\n")
    (tmp_path / "b.yaml").write_text("- id: Y\n- id: X\n")
    code, out = _run(["screen", str(tmp_path), "-c", "JI60", "-f", "jsonl"], capsys)
    assert code == 2
    assert f"duplicate applicant id 'X' (first at {tmp_path / 'a.yaml'}:1); skipped" in out.err
    # the duplicate is an error record, where it was found
    records = [json.loads(line) for line in out.out.splitlines()]
    assert [(r["applicant"], r["status"]) for r in records] == [("X", "ineligible"), ("Y", "ineligible"), ("X", "error")]
    assert (records[2]["file"], records[2]["line"]) == (str(tmp_path / "b.yaml"), 2)


def test_a_byte_order_mark_is_not_part_of_the_first_key(tmp_path):
    """Editors on Windows save UTF-8 with a byte-order mark; the file reads as if it had none."""
    from merit.applicants import load_file

    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: A-1\nname: Zoë\n".encode("utf-8"))
    loaded = load_file(path)
    assert not loaded.problems
    assert [(a.id, a.name) for a in loaded.applicants] == [("A-1", "Zoë")]


def test_a_misspelt_key_does_not_hide_the_mistakes_inside_it():
    """'experiance' hid 'hours_per_weak' and an unknown duty below it until the first was fixed."""
    text = "id: X-1\nexperiance:\n  - title: Clerk\n    start: 2020-01-01\n    hours_per_weak: 20\n"
    loaded = parse_applicants(text, "a.yaml", Reading(TERMS, COMPETENCIES))
    assert [(p.line, p.column, p.message) for p in loaded.problems] == [
        (2, 1, "unknown key 'experiance' in applicant; did you mean 'experience'?"),
        (5, 5, "unknown key 'hours_per_weak' in experience entry; did you mean 'hours_per_week'?"),
    ]
    # a key given both ways is read once, under its own name
    both = parse_applicants(text + "experience: []\n", "a.yaml", Reading(TERMS, COMPETENCIES))
    assert [p.line for p in both.problems] == [2]


# What records are read against is one value, `Reading`: each of its parts changes what a record
# may say, and a record read without it (no specs) takes any duty term, competency and answer.
CATALOGUE = load_catalogue(bundled_specs_dir())
READING = [
    ("terms", "experience:\n  - {start: 2020-01-01, end: 2020-12-31, duties: [tax-complience]}\n", "unknown duty term"),
    ("competencies", "competencies:\n  reserch: B\n", "unknown competency"),
    ("questions", "answers:\n  no-such-question: yes\n", "unknown question"),
    ("as_of", "experience:\n  - {start: 2020-01-01, end: 2022-01-01}\n", "more than a year after the as-of date"),
]


@pytest.mark.parametrize("part, record, problem", READING, ids=[part for part, _, _ in READING])
def test_each_part_of_the_reading_changes_what_a_record_may_say(part, record, problem):
    import datetime as dt


    whole = Reading.of(CATALOGUE, as_of=dt.date(2020, 6, 1))
    without = Reading(**{**vars(whole), part: Reading().__getattribute__(part)})
    text = f"id: A-1\n{record}"
    assert problem in " ".join(p.message for p in parse_applicants(text, "a.yaml", whole).problems)
    assert problem not in " ".join(p.message for p in parse_applicants(text, "a.yaml", without).problems)


def test_a_reading_is_one_value_that_cannot_change_once_made():
    import datetime as dt
    import pickle

    reading = Reading.of(CATALOGUE, as_of=dt.date(2026, 11, 1))
    with pytest.raises(AttributeError):
        reading.as_of = None  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del reading.terms
    assert reading == Reading.of(CATALOGUE, as_of=dt.date(2026, 11, 1)) != Reading()
    assert pickle.loads(pickle.dumps(reading)) == reading  # as it travels to a batch's worker processes
