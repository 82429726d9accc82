"""A concept merit reads in several places has one home, so that the places agree: a duty term is
the same word in an applicant file and in an import's mapping, and is wrong in the same words."""

from __future__ import annotations

from pathlib import Path

import pytest

from merit.applicants import Reading, parse_applicants
from merit.csv_mapping import load_mapping
from merit.specs import bundled_specs_dir, load_catalogue

TERMS = load_catalogue(bundled_specs_dir()).terms


def _in_applicant(word: str) -> tuple[str | None, list[str]]:
    loaded = parse_applicants(f"id: A-1\nexperience:\n  - {{start: 2020-01-01, duties: ['{word}']}}\n", "a.yaml", Reading(TERMS))
    terms = [t for a in loaded.applicants for job in a.experience for t in job.duties]
    return (terms[0] if terms else None), [p.message for p in loaded.problems]


def _in_mapping(word: str, tmp_path: Path) -> tuple[str | None, list[str]]:
    path = tmp_path / "map.yaml"
    path.write_text(f"columns: {{id: ID}}\nduties:\n  phones: '{word}'\n")
    mapping, problems = load_mapping(str(path), TERMS)
    return (mapping.duties["phones"][0] if mapping else None), [p.message for p in problems]


WRITTEN = [
    ("as the vocabulary writes it", "customer-service", "customer-service"),
    ("in capitals, with a space", "Customer Service", "customer-service"),
    ("with an underscore and spaces around", " customer_service ", "customer-service"),
    ("misspelt", "custmer service", None),
]


@pytest.mark.parametrize("how, word, term", WRITTEN, ids=[how for how, _, _ in WRITTEN])
def test_a_duty_term_reads_the_same_in_an_applicant_file_and_in_an_import_mapping(tmp_path, how, word, term):
    read, problems = _in_applicant(word)
    mapped, mapping_problems = _in_mapping(word, tmp_path)
    assert read == mapped == term
    assert problems == mapping_problems
    if term is None:
        (message,) = problems
        assert message.startswith("unknown duty term 'custmer service' (expected a term of the duty vocabulary: merit show --duties")
        assert message.endswith("did you mean 'customer-service'?")


# What a YAML file is, told one way: `merit validate` checks it as that format, the applicant reader
# refuses it as that format ("this is a policy file, not applicants"), and the spec loader refuses
# only an applicant file. (name, text, format)
FILES = [
    ("an applicant", "a.yaml", "id: A-1\nname: Ann\n", "applicant"),
    ("a list of applicants", "a.yaml", "- id: A-1\n- id: A-2\n", "applicant"),
    ("a spec that gives an id too", "s.yaml", "id: x\nseries: {id: s}\nclasses: []\n", "spec"),
    ("a duty vocabulary", "d.yaml", "duties:\n  filing: Filing\n", "duties"),
    ("a policy file", "p.yaml", "policy: {}\n", "policy"),
    ("spec examples", "c.yaml", "- applicant: {id: A-1}\n  expect: {JI60: eligible}\n", "cases"),
    ("determinations", "x.yaml", "- {applicant: A-1, point: p-1, answer: accept}\n", "determinations"),
    ("a places file by its name", "places.yaml", "states: {}\n", "places"),
    ("an applicant in a file named like a policy", "policy.yaml", "id: A-1\n", "applicant"),
]


@pytest.mark.parametrize("what, name, text, format", FILES, ids=[what for what, *_ in FILES])
def test_validate_the_applicant_reader_and_the_spec_loader_tell_a_file_alike(tmp_path, what, name, text, format):
    from merit.specs import load_spec_file
    from merit.validate import Validator

    path = tmp_path / name
    path.write_text(text)
    assert Validator(bundled_specs_dir()).check(str(path), path).kind == format
    refused = [p.message for p in parse_applicants(text, str(path)).problems if "not applicants" in p.message]
    assert bool(refused) == (format != "applicant"), refused
    problems: list = []
    load_spec_file(path, TERMS, problems, text)
    assert any("this is an applicant file" in p.message for p in problems) == (format == "applicant")


def test_the_order_of_education_levels_is_written_once_and_every_table_of_levels_has_each():
    """merit.model.applicants.EDUCATION_LEVELS is the order; the engine's ranks, the letter's patterns
    and the words of show and letters are made from it or hold exactly its levels."""
    import re

    from merit import letter
    from merit.kinds.education import EDUCATION_WORDS
    from merit.model.applicants import COLLEGE_YEARS, EDUCATION_LEVELS, LEVEL_RANK

    package = Path(__file__).resolve().parent.parent / "cli" / "merit"
    written = [
        f"{path.relative_to(package)}:{n}"
        for path in sorted(package.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"twelfth-grade\W{1,4}some-college", line)
    ]
    assert written == ["model/applicants.py:13"]
    assert sorted(LEVEL_RANK, key=LEVEL_RANK.__getitem__) == list(EDUCATION_LEVELS)
    assert list(EDUCATION_WORDS) == list(EDUCATION_LEVELS)
    assert set(EDUCATION_LEVELS) <= set(letter.TOKENS) and set(COLLEGE_YEARS) <= set(EDUCATION_LEVELS)
    for level in EDUCATION_LEVELS:
        assert letter.TOKENS[level] in letter.plain(f"needs {level}"), level
