"""Random and mutated documents: the loader and the engine give a clean problem or a decision, never an exception."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from merit.api import screen_targets as screen_applicant
from merit.applicant_format import APPLICANT
from merit.applicants import Reading, parse_applicants
from merit.model.decisions import STATUSES
from merit.problems import Problem
from merit.specs import bundled_specs_dir, load_catalogue, load_spec_file
from merit.yamlsafe import read_text

pytestmark = pytest.mark.slow  # left out by pytest -m 'not slow'

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOOD = """\
id: A-1001
name: Maria Lopez
education:
  - level: bachelor
    status: completed
    field: business administration
    subjects: {taxation: 6, accounting: 12}
    units: 120
experience:
  - title: Tax Technician
    employer: Franchise Tax Board
    sector: state
    jurisdiction: California
    class: Tax Technician, Franchise Tax Board
    range: B
    start: 2023-01-01
    end: 2024-06-30
    hours_per_week: 30
    duties: [customer-service, call-center, tax-compliance]
    inbound_call_percent: 95
  - title: Supervisor
    sector: city
    jurisdiction: Philadelphia
    start: 2024-07
    duties: {supervision: 60, call-center: 40}
    supervised_staff: 4
licenses:
  - {kind: drivers-license, jurisdiction: California, expires: 2028-05-01}
competencies:
  research: B
"""


@lru_cache(maxsize=1)
def catalogue():
    return load_catalogue(bundled_specs_dir())


def targets():
    c = catalogue()
    return [(cls, c.series_of(cls)) for cls in c.classes]


def assert_clean(problems: list[Problem]) -> None:
    for p in problems:
        assert p.line >= 1 and p.column >= 1
        assert p.message and "\n" not in p.message
        assert "Traceback" not in p.message


def load_and_screen(text: str, as_of: dt.date = dt.date(2026, 1, 1)):
    loaded = parse_applicants(text, "fuzz.yaml", Reading(catalogue().terms))
    assert_clean(loaded.problems)
    for applicant in loaded.applicants:
        for decision in screen_applicant(applicant, targets(), as_of):
            assert decision.status in STATUSES
    return loaded


def test_the_base_document_is_good():
    loaded = load_and_screen(GOOD)
    assert loaded.problems == [] and len(loaded.applicants) == 1


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(data):
    text, problems = read_text("fuzz.yaml", data)
    assert_clean(problems)
    if text is not None:
        load_and_screen(text)


YAMLISH = st.lists(
    st.sampled_from(list("ab:- \n\t[]{},&*!|>'\"#%@`?~01.9") + ["id: ", "start: ", "2020-01-01", "experience:\n  - "]),
    max_size=80,
).map("".join)


@FUZZ
@given(YAMLISH)
def test_random_yamlish_text(text):
    load_and_screen(text)


KEYS = [*APPLICANT.fields, "experience", "hours_per_week", "start", "end", "duties", "level", "kind", "hours_per_wek", "x"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)).map(str),
    st.sampled_from(["2023-02-30", "2023-13", "yes", "NO", "0123", "customer-service", "bachelor", "", "~", "B"]),
    # past the limits of Python and of the schema: 5,000 digits, an infinite float, the last month of 9999
    st.sampled_from(["9" * 5000, "1" * 400 + ".5", "-" + "9" * 30, "1_000_000_001", "9999-12", "9999-12-31", "0000-01"]),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=20,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_random_documents(document, as_of):
    load_and_screen(yaml.safe_dump(document, allow_unicode=True), as_of)


def _edit(text: str, data) -> str:
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace-value", "indent", "dedent", "insert-char"]))
        line = lines[i]
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, line)
        elif action == "replace-value" and ":" in line:
            key = line.split(":", 1)[0]
            value = data.draw(SCALARS.map(lambda v: yaml.safe_dump(v, default_flow_style=True).split("\n...")[0].strip()))
            lines[i] = f"{key}: {value}"
        elif action == "indent":
            lines[i] = "  " + line
        elif action == "dedent":
            lines[i] = line[2:]
        elif action == "insert-char" and line:
            at = data.draw(st.integers(0, len(line)))
            lines[i] = line[:at] + data.draw(st.sampled_from(list(":-[]{}&*!#'\"\t"))) + line[at:]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@FUZZ
@given(st.data())
def test_mutated_applicants(data):
    text = _edit(GOOD, data)
    load_and_screen(text, data.draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1))))


SPEC_FILES = sorted(p for p in bundled_specs_dir().glob("*.yaml") if p.name not in ("duties.yaml", "places.yaml"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SPEC_FILES), st.data())
def test_mutated_specs(path: Path, data):
    text = _edit(path.read_text(encoding="utf-8"), data)
    problems: list[Problem] = []
    series = load_spec_file(path, catalogue().terms, problems, text=text)
    assert_clean(problems)
    if series is None:
        assert problems
        return
    applicant = parse_applicants(GOOD, "good.yaml", Reading(catalogue().terms)).applicants[0]
    pairs = [(cls, series) for cls in series.classes]
    for decision in screen_applicant(applicant, pairs, dt.date(2026, 1, 1)):
        assert decision.status in STATUSES


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SPEC_FILES), st.data())
def test_mutated_spec_directories_load_or_say_where(path: Path, data):
    """A specs directory with a mutated spec gives a catalogue (and the same one back from the cache)
    or positioned problems, never an exception."""
    import os
    import tempfile

    from merit import catalogue_cache, specs
    from merit.problems import InputError

    text = _edit(path.read_text(encoding="utf-8"), data)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "specs"
        directory.mkdir()
        (directory / path.name).write_text(text, encoding="utf-8")
        before = os.environ.get("MERIT_CACHE_DIR")
        os.environ["MERIT_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            built = specs.load_catalogue(directory)
        except InputError as err:
            assert err.problems
            assert_clean(err.problems)
            return
        finally:
            if before is None:
                del os.environ["MERIT_CACHE_DIR"]
            else:
                os.environ["MERIT_CACHE_DIR"] = before
        value = (built.series, built.terms)
        again = catalogue_cache.decode(catalogue_cache.encode(value, "k"), "k")
        assert catalogue_cache.encode(again, "k") == catalogue_cache.encode(value, "k")
