"""Supplemental answers: a series declares its questions, a record answers them, an ``answer`` clause tests
them. One table of cases per rule: the tests, filing and appointment, unanswered, and the checks with
positions on both sides (spec and record)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import merit
from merit.problems import InputError

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2019, 8, 15)

SERIES = """\
series:
  id: answers-test
  title: Answers Test Series
  jurisdiction: Los Angeles
  organization: Test Board
  source: {document: Test bulletin}
  questions:
    regular: {text: Have you received a regular appointment to a City position?, type: yes-no}
    years: {text: How many years of clerical experience do you have?, type: number}
    evaluated: {text: On what date was your foreign degree evaluated?, type: date}
    program: {text: Which certificate program did you complete?, type: text}
    basis: {text: On what basis do you file?, type: one-of, values: [Promotional, Open Competitive]}
    languages: {text: Which of these languages do you speak?, type: several-of, values: [Spanish, Korean, Armenian]}
classes:
"""


def clause_class(ident: str, body: str) -> str:
    return f"  - {{id: {ident}, title: {ident}, level: 1, requirement: {{label: Question, answer: {body}}}}}\n"


CLASSES = {
    "IS-YES": "{question: regular, is: yes}",
    "AT-LEAST": "{question: years, at_least: 2}",
    "AT-MOST": "{question: years, at_most: 5}",
    "BEFORE": "{question: evaluated, before: 2019-08-15}",
    "AFTER": "{question: evaluated, after: 2010-01-01}",
    "TEXT": "{question: program, any_of: [Payroll Certificate, Office Skills Certificate]}",
    "ONE-OF": "{question: basis, is: promotional}",
    "ANY-OF": "{question: languages, any_of: [Spanish, Korean]}",
    "ALL-OF": "{question: languages, all_of: [Spanish, Korean]}",
    "EXACTLY": "{question: languages, is: [Spanish, Korean]}",
    "APPOINTMENT": "{question: regular, is: yes, at: appointment, condition: must hold a regular City appointment before appointment}",
    "MANDATORY": "{question: regular, is: yes, unanswered: not_met}",
}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    specs = tmp_path_factory.mktemp("specs")
    (specs / "answers.yaml").write_text(SERIES + "".join(clause_class(k, v) for k, v in CLASSES.items()), encoding="utf-8")
    return merit.load_catalogue(specs)


def status(catalogue, cls: str, answers: dict) -> str:
    applicant = merit.applicant_from_mapping({"id": "A-1", "answers": answers}, catalogue)
    (decision,) = merit.screen(applicant, catalogue, [cls], AS_OF)
    return decision.status


@pytest.mark.parametrize(
    "cls, answers, expected",
    [
        ("IS-YES", {"regular": "yes"}, "eligible"),
        ("IS-YES", {"regular": True}, "eligible"),
        ("IS-YES", {"regular": "No"}, "ineligible"),
        ("IS-YES", {}, "review"),
        ("IS-YES", {"regular": None}, "review"),  # left blank: not answered
        ("AT-LEAST", {"years": 2}, "eligible"),
        ("AT-LEAST", {"years": 1.5}, "ineligible"),
        ("AT-MOST", {"years": 5}, "eligible"),
        ("AT-MOST", {"years": 6}, "ineligible"),
        ("BEFORE", {"evaluated": "2019-08-14"}, "eligible"),
        ("BEFORE", {"evaluated": "2019-08-15"}, "ineligible"),  # the day itself is not before it
        ("AFTER", {"evaluated": "2010-01-02"}, "eligible"),
        ("AFTER", {"evaluated": "2009-12"}, "ineligible"),
        ("TEXT", {"program": "payroll certificate"}, "eligible"),
        ("TEXT", {"program": "Notary Public"}, "ineligible"),
        ("ONE-OF", {"basis": "Promotional"}, "eligible"),
        ("ONE-OF", {"basis": "open competitive"}, "ineligible"),
        ("ANY-OF", {"languages": ["Armenian", "korean"]}, "eligible"),
        ("ANY-OF", {"languages": "Armenian"}, "ineligible"),
        ("ALL-OF", {"languages": ["Korean", "Armenian", "Spanish"]}, "eligible"),
        ("ALL-OF", {"languages": ["Spanish"]}, "ineligible"),
        ("EXACTLY", {"languages": ["Korean", "Spanish"]}, "eligible"),
        ("EXACTLY", {"languages": ["Korean", "Spanish", "Armenian"]}, "ineligible"),
        ("APPOINTMENT", {"regular": "yes"}, "eligible"),
        ("APPOINTMENT", {"regular": "no"}, "conditional"),
        ("APPOINTMENT", {}, "review"),
        ("MANDATORY", {"regular": "yes"}, "eligible"),
        ("MANDATORY", {}, "ineligible"),
    ],
)
def test_an_answer_meets_its_clause_s_test(catalogue, cls, answers, expected):
    assert status(catalogue, cls, answers) == expected


def test_reasons_quote_the_question_and_the_answer_with_the_citation(catalogue):
    applicant = merit.applicant_from_mapping({"id": "A-1", "answers": {"regular": "no"}}, catalogue)
    reasons = {cls: merit.record(d)["reasons"][0] for cls in ("IS-YES", "APPOINTMENT") for d in merit.screen(applicant, catalogue, [cls], AS_OF)}
    assert reasons["IS-YES"]["detail"] == '"Have you received a regular appointment to a City position?": answered no (needs yes)'
    assert reasons["IS-YES"]["citation"] == "Answers Test Series, IS-YES, Minimum Qualifications, Question"
    assert reasons["APPOINTMENT"]["detail"] == (
        '"Have you received a regular appointment to a City position?": answered no; '
        "may file: must hold a regular City appointment before appointment (needs yes)"
    )


def test_an_unanswered_question_is_a_decision_point_an_analyst_s_determination_settles(catalogue):
    applicant = merit.applicant_from_mapping({"id": "A-1"}, catalogue)
    (open_,) = merit.screen(applicant, catalogue, ["IS-YES"], AS_OF)
    assert [p.id for p in open_.points] == ["IS-YES/answer"]
    accepted = merit.Determination("A-1", "IS-YES/answer", "accept", "A. Analyst", dt.date(2019, 8, 20), "appointment on file")
    (settled,) = merit.screen(applicant, catalogue, ["IS-YES"], AS_OF, determinations=[accepted])
    assert settled.status == "eligible"


def test_the_digest_of_an_unanswered_question_follows_the_record_s_answers_not_its_jobs(catalogue):
    """An analyst's answer records the digest of its question: a job the record gains says nothing about a
    supplemental question, so the answer stands; another answer given in the record changes the question."""
    job = {"title": "Clerk", "sector": "city", "start": "2015-01-01", "end": "2016-01-01"}

    def digest(record: dict) -> str:
        (d,) = merit.screen(merit.applicant_from_mapping({"id": "A-1", **record}, catalogue), catalogue, ["IS-YES"], AS_OF)
        (point,) = d.points
        return point.digest

    alone = digest({})
    assert digest({"experience": [job]}) == alone
    assert digest({"answers": {"years": 3}}) != alone


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"regulr": "yes"}, "answers: unknown question 'regulr' (expected one of: basis, evaluated, languages, program, regular, years); did you mean 'regular'?"),
        ({"regular": "maybe"}, "regular: 'maybe' is not yes or no (expected yes or no)"),
        ({"years": "two"}, "years: 'two' is not a number (expected a number)"),
        ({"evaluated": "June 2019"}, "evaluated: 'June 2019' is not a date (expected YYYY-MM-DD or YYYY-MM); did you mean 2019-06?"),
        ({"basis": "transfer"}, "basis: unknown value 'transfer' (expected one of Promotional, Open Competitive)"),
        ({"languages": ["Spanish", "French"]}, "languages: unknown value 'French' (expected one of Spanish, Korean, Armenian)"),
        ({"regular": {"answer": "yes"}}, "regular: found a mapping (expected yes or no)"),
    ],
)
def test_an_answer_the_specs_do_not_take_is_a_positioned_problem(catalogue, answers, message):
    with pytest.raises(InputError) as err:
        merit.applicant_from_mapping({"id": "A-1", "answers": answers}, catalogue)
    assert [p.message for p in err.value.problems] == [message]


def test_without_the_specs_only_the_shape_of_answers_is_checked_and_screening_checks_the_rest(catalogue, tmp_path):
    from merit.applicants import Reading, parse_applicants

    text = "id: A-1\nanswers: {regular: yes, languages: [Spanish], anything: 3}\n"
    assert not parse_applicants(text, "a.yaml", Reading(catalogue.terms)).problems  # no questions known: the shape is fine
    assert [p.message for p in parse_applicants("id: A-1\nanswers: [yes]\n", "a.yaml", Reading(catalogue.terms)).problems] == [
        "answers: found a list (expected a mapping of question id -> answer)"
    ]
    loaded = parse_applicants(text, "a.yaml", Reading(catalogue.terms, questions=catalogue.questions))
    assert [str(p) for p in loaded.problems] == [
        "a.yaml:2:47: answers: unknown question 'anything' (expected one of: basis, evaluated, languages, program, regular, years)"
    ]


def test_an_answer_read_as_text_is_judged_by_its_question_s_type(catalogue):
    """A record read without the specs holds its answers as written; the clause reads them by the question."""
    from merit.applicants import Reading, parse_applicants

    (applicant,) = parse_applicants("id: A-1\nanswers: {years: '3', languages: [korean]}\n", "a.yaml", Reading(catalogue.terms)).applicants
    assert applicant.answers == {"years": "3", "languages": ("korean",)}
    assert [d.status for cls in ("AT-LEAST", "ANY-OF") for d in merit.screen(applicant, catalogue, [cls], AS_OF)] == ["eligible", "eligible"]


SPEC_MISTAKES = [
    ("{question: regulr, is: yes}", "question: 'regulr' is no question of this series (expected one of: basis, evaluated, languages, program, regular, years); did you mean 'regular'?"),
    ("{question: regular, at_least: 1}", "at_least: question 'regular' takes yes-no answers (expected one of: is)"),
    ("{question: years, is: many}", "is: 'many' is not a number (expected a number)"),
    ("{question: languages, any_of: [French]}", "any_of: unknown value 'French' (expected one of Spanish, Korean, Armenian)"),
    ("{question: years, is: 3, at_least: 1}", "answer has is and at_least (expected exactly one of is, at_least, at_most, any_of, all_of, before, after)"),
    ("{question: regular}", "answer has neither (expected exactly one of is, at_least, at_most, any_of, all_of, before, after)"),
]


@pytest.mark.parametrize("body, message", SPEC_MISTAKES, ids=[m.split(":")[0] for _, m in SPEC_MISTAKES])
def test_a_clause_that_names_no_question_of_its_series_or_tests_it_wrongly_is_a_positioned_problem(tmp_path, body, message):
    (tmp_path / "s.yaml").write_text(SERIES + clause_class("X", body), encoding="utf-8")
    with pytest.raises(InputError) as err:
        merit.load_catalogue(tmp_path)
    (problem,) = err.value.problems
    assert problem.message == message and problem.line == 15


def test_two_series_may_ask_one_question_id_only_with_the_same_answers(tmp_path):
    (tmp_path / "a.yaml").write_text(SERIES + clause_class("A", CLASSES["IS-YES"]), encoding="utf-8")
    other = SERIES.replace("answers-test", "other").replace("type: yes-no", "type: text")
    (tmp_path / "b.yaml").write_text(other + clause_class("B", "{question: program, is: x}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        merit.load_catalogue(tmp_path)
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'b.yaml'}:8:1: question 'regular' is also asked in {tmp_path / 'a.yaml'} with other answers (yes-no;"
        " expected the same type and values, or another id: an applicant answers a question id once)"
    ]


def test_show_says_the_clause_in_plain_words(catalogue):
    from merit.class_view import plain_words

    cls = catalogue.find_class("ANY-OF")
    assert plain_words(cls.requirement) == 'answers any of Spanish or Korean to "Which of these languages do you speak?"'
    appointment = catalogue.find_class("APPOINTMENT").requirement
    assert plain_words(appointment).endswith("; admitted on condition if not by filing")


def test_the_promotional_example_s_cases_pass_and_fail_without_the_answers():
    """The worked example of docs/spec-format.md: every status (eligible, ineligible, review, conditional) from answers."""
    run = [sys.executable, "-m", "merit", "test", "examples/promotional"]
    done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "9 cases in 1 file: 9 passed, 0 failed"


def test_import_maps_columns_to_answers(tmp_path, catalogue):
    from merit.csv_mapping import load_mapping
    from merit.importer import applicant_yaml, import_csv

    (tmp_path / "export.csv").write_text(
        "ID,Regular,Languages,Evaluated\nA-1,Y,Spanish; korean,06/30/2019\nA-2,maybe,,\n", encoding="utf-8"
    )
    (tmp_path / "map.yaml").write_text(
        "dates: [MM/DD/YYYY]\ncolumns:\n  id: ID\n  answers: {regular: Regular, languages: Languages, evaluated: Evaluated}\n"
        "values:\n  answers.regular: {Y: 'yes', N: 'no'}\n",
        encoding="utf-8",
    )
    mapping, problems = load_mapping(str(tmp_path / "map.yaml"), catalogue.terms, catalogue.questions)
    assert problems == []
    done = import_csv(str(tmp_path / "export.csv"), mapping, str(tmp_path / "map.yaml"), catalogue.terms, None, catalogue.questions)
    assert [str(p) for p in done.problems] == [f"{tmp_path / 'export.csv'}:3:2: regular: 'maybe' is not yes or no (expected yes or no)"]
    (ident, data, rows), = done.applicants
    written = applicant_yaml(data, "export.csv", rows)
    assert "answers:\n  regular: true\n  languages: [Spanish, Korean]\n  evaluated: 2019-06-30\n" in written


def test_a_mapping_that_answers_a_question_no_series_asks_is_a_positioned_problem(tmp_path, catalogue):
    from merit.csv_mapping import load_mapping

    (tmp_path / "map.yaml").write_text("columns:\n  id: ID\n  answers: {regulr: Regular}\n", encoding="utf-8")
    _, problems = load_mapping(str(tmp_path / "map.yaml"), catalogue.terms, catalogue.questions)
    assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [
        "3:13: answers: unknown question 'regulr' (expected one of: basis, evaluated, languages, program, regular, years); did you mean 'regular'?"
    ]


def test_the_example_spec_and_applicants_are_valid_for_the_committed_schemas():
    import json

    import yaml

    jsonschema = pytest.importorskip("jsonschema")
    for path, schema in (
        ("examples/promotional/la-city-senior-administrative-clerk-1368.yaml", "spec"),
        ("examples/promotional-applicants.yaml", "applicant"),
    ):
        published = json.loads((ROOT / "docs" / "schema" / f"{schema}.schema.json").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load((ROOT / path).read_text(encoding="utf-8")), default=str))
        for item in data if isinstance(data, list) else [data]:
            jsonschema.validate(item, published)


def test_show_lists_the_questions_an_applicant_file_answers():
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    run = [sys.executable, "-m", "merit", "show", "LA-1368", "--specs", "examples/promotional"]
    shown = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env).stdout
    assert "Supplemental questions (an applicant file answers them under answers:)" in shown
    assert "  languages  " in shown and "(several-of: Spanish, Korean, Armenian, Tagalog, Chinese)" in shown


def test_the_example_export_imports_to_applicants_that_screen_as_the_example_files(tmp_path):
    """examples/promotional-applicants.csv with its mapping gives the answers examples/promotional-applicants.yaml gives."""
    import json

    def statuses(*inputs: str) -> list[tuple]:
        run = [sys.executable, "-m", "merit", "screen", *inputs, "--specs", "examples/promotional", "--as-of", "2019-08-15", "--selective", "-f", "jsonl", "--exit-zero"]
        done = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=120)
        return sorted((r["applicant"], r["selective"] or "", r["status"]) for r in map(json.loads, done.stdout.splitlines()))

    imported = tmp_path / "imported"
    run = [sys.executable, "-m", "merit", "import", "examples/promotional-applicants.csv", "--map", "examples/promotional-mapping.yaml"]
    done = subprocess.run([*run, "--specs", "examples/promotional", "-o", str(imported)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert statuses(str(imported)) == statuses("examples/promotional-applicants.yaml")
    assert len(statuses(str(imported))) == 9
