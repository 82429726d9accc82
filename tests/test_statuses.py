"""Statuses and outcomes are enums of the model, and each member is its word wherever it is written.

A mixed-in ``str`` Enum is not its word by default: on Python 3.12 and later ``format()`` and
f-strings give ``Status.ELIGIBLE``, and an Enum hashes its name, so a table keyed by members would
not find the word read back from a saved file. ``merit.model.decisions.Word`` makes every member its
word in each of the ways output is written (a printed tuple of results too), on every Python
merit supports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle

import pytest

from merit.model.decisions import STATUS_OF, STATUSES, Outcome, Status

WORDS = {
    Status.ELIGIBLE: "eligible",
    Status.CONDITIONAL: "conditional",
    Status.REVIEW: "review",
    Status.INELIGIBLE: "ineligible",
    Outcome.MET: "met",
    Outcome.CONDITIONAL: "conditional",
    Outcome.REVIEW: "review",
    Outcome.NOT_MET: "not met",
    Outcome.NOTE: "note",
}


def _csv(value) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([value])
    return out.getvalue().strip()


WRITTEN = [
    ("str", str),
    ("an f-string", lambda m: f"{m}"),
    ("format with a width", lambda m: format(m, "<12").strip()),
    ("%s", lambda m: "%s" % m),
    ("str.join", lambda m: "".join([m])),
    ("json", lambda m: json.loads(json.dumps(m))),
    ("a json key", lambda m: next(iter(json.loads(json.dumps({m: 1}))))),
    ("csv", _csv),
    ("pickle", lambda m: pickle.loads(pickle.dumps(m))),
    ("repr, as a printed tuple shows it", lambda m: repr((m,))[2:-3]),
]


@pytest.mark.parametrize("how, write", WRITTEN, ids=[how for how, _ in WRITTEN])
@pytest.mark.parametrize("member", list(WORDS), ids=[f"{type(m).__name__}.{m.name}" for m in WORDS])
def test_a_member_is_written_as_its_word(member, how, write):
    assert write(member) == WORDS[member]


@pytest.mark.parametrize("member", list(WORDS), ids=[f"{type(m).__name__}.{m.name}" for m in WORDS])
def test_a_member_is_its_word_as_a_key_and_in_comparisons(member):
    word = WORDS[member]
    assert member == word and hash(member) == hash(word)
    assert {member: 1}[word] == 1 and {word: 1}[member] == 1
    assert type(member)(word) is member


def test_statuses_sort_as_their_words_and_follow_the_outcomes_in_order():
    assert sorted(Status) == sorted(WORDS[s] for s in Status)
    assert STATUSES == tuple(Status) == ("eligible", "conditional", "review", "ineligible")
    assert [STATUS_OF[o] for o in (Outcome.MET, Outcome.CONDITIONAL, Outcome.REVIEW, Outcome.NOT_MET)] == list(Status)


def test_a_decision_carries_a_status_and_its_reasons_carry_outcomes():
    import merit

    catalogue = merit.load_catalogue()
    applicant = merit.applicant_from_mapping({"id": "A-1", "experience": [{"start": "2020-01-01", "end": "2023-12-31"}]}, catalogue)
    (decision,) = merit.screen(applicant, catalogue, ["JI60"], dt.date(2025, 1, 1))
    assert isinstance(decision.status, Status)
    assert all(isinstance(r.outcome, Outcome) for r in decision.reasons)


def test_the_engine_names_its_detail_levels_by_the_models_enum():
    """One name per level of detail: the engine's OUTCOMES, SUMMARY, REQUIREMENTS and JOBS are Detail's members."""
    from merit.engine import JOBS, OUTCOMES, REQUIREMENTS
    from merit.engine.timeline import SUMMARY
    from merit.model.decisions import Detail

    assert [type(x) for x in (OUTCOMES, SUMMARY, REQUIREMENTS, JOBS)] == [Detail] * 4
    assert (OUTCOMES, SUMMARY, REQUIREMENTS, JOBS) == tuple(Detail)
