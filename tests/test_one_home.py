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
