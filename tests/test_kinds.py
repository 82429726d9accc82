"""Each clause kind has one home, a module of merit.kinds, and everything else is made from the registry.

Adding a kind is its module, one entry of merit.kinds.NAMES, its section of docs/spec-format.md and its
cases: these tests say what the module must hold, and that the spec format, the engine's dispatch and the
plain words of show and compare are the registry's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from merit.catalogue_cache import model_classes
from merit.engine.evaluate import KINDS
from merit.kinds import NAMES, REGISTRY, REQUIREMENT
from merit.requirements import Node
from merit.schema import Record

ROOT = Path(__file__).resolve().parent.parent
SPEC_FORMAT = (ROOT / "docs" / "spec-format.md").read_text(encoding="utf-8")


def node_types(module) -> list[type]:
    return [
        v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Node) and v.__module__ == module.__name__
    ]


@pytest.mark.parametrize("name", NAMES)
def test_a_kind_module_holds_its_node_record_build_judging_and_plain_words(name):
    module = REGISTRY[name]
    assert module.KEY == name
    (node_type,) = node_types(module)
    assert node_type.kind == name and "__slots__" in vars(node_type)
    assert isinstance(module.RECORD, Record) and name in module.RECORD.fields
    assert callable(module.build)
    assert callable(module.judge)
    assert callable(module.words) and callable(module.notes)
    assert isinstance(module.LABEL, str) and module.LABEL


@pytest.mark.parametrize("name", NAMES)
def test_the_spec_format_page_has_a_section_for_each_kind(name):
    assert re.search(rf"^### `{re.escape(name)}`", SPEC_FORMAT, re.MULTILINE), f"docs/spec-format.md has no ### `{name}` section"


def test_the_requirement_format_is_the_registry_in_its_order():
    assert list(REQUIREMENT.kinds) == list(NAMES)
    assert all(REQUIREMENT.kinds[name] is REGISTRY[name].RECORD for name in NAMES)


def test_the_json_schema_of_a_requirement_lists_the_registered_kinds_in_order():
    from merit.spec_format import SPEC_FILE

    defs: dict = {}
    SPEC_FILE.json_schema(defs)  # fills defs as merit schema spec does
    keys = [next(iter(entry["properties"])) for entry in defs["requirement"]["oneOf"]]
    assert keys == list(NAMES)
    published = json.loads((ROOT / "docs" / "schema" / "spec.schema.json").read_text(encoding="utf-8"))
    assert [next(iter(e["properties"])) for e in published["$defs"]["requirement"]["oneOf"]] == list(NAMES)


def test_the_engine_judges_each_kind_by_its_module():
    assert KINDS == {name: REGISTRY[name].judge for name in NAMES}


def test_the_catalogue_cache_may_store_every_kind_s_nodes():
    allowed = set(model_classes().values())
    for name in NAMES:
        assert set(node_types(REGISTRY[name])) <= allowed


CLAUSES = [
    # (kind, the clause as a spec gives it, the plain words show says of it)
    ("any_of", "any_of: [{judgment: any equivalent combination}, {judgment: a waiver}]", "any equivalent combination; or a waiver"),
    ("all_of", "all_of: [{judgment: any equivalent combination}, {judgment: a waiver}]", "any equivalent combination; and a waiver"),
    ("experience", "experience: {years: 2, credit: [{certain: {}}]}", "2 years of experience"),
    ("education", "education: {level: bachelor, fields: [accounting]}", "college graduation (bachelor's degree) with a major in accounting"),
    ("coursework", "coursework: {units: 24, subjects: [accounting]}", "24 semester or 36 quarter units in accounting"),
    ("license", "license: {kinds: [registered nurse]}", "registered nurse"),
    ("answer", "answer: {question: spanish, is: yes}", "answers yes to question spanish"),
    ("judgment", "judgment: any equivalent combination", "any equivalent combination"),
    ("ref", "ref: general", "ref"),
]


@pytest.mark.parametrize(("kind", "text", "words"), CLAUSES, ids=[c[0] for c in CLAUSES])
def test_a_clause_is_built_by_its_kind_and_said_in_its_kind_s_plain_words(kind, text, words):
    import yaml

    from merit.class_view import plain_words
    from merit.schema import Ctx

    ctx = Ctx("clause.yaml")
    node = REQUIREMENT.build(yaml.compose(text), ctx)
    assert not ctx.problems, ctx.problems
    assert type(node) in node_types(REGISTRY[kind])
    assert plain_words(node) == words


def test_every_kind_in_the_registry_is_covered_by_the_clause_table():
    assert [c[0] for c in CLAUSES] == list(NAMES)


def test_the_engine_imports_neither_the_registry_nor_the_spec_format():
    """Judging needs no YAML: the registry fills the engine's dispatch, the engine does not import it."""
    import subprocess
    import sys

    script = "import sys, merit.engine; print(' '.join(m for m in ('yaml', 'merit.schema', 'merit.kinds') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == []


GROUPED = """
series:
  id: grouping
  title: Grouping
  jurisdiction: Los Angeles
  organization: Example
  source: {document: test}
classes:
  - id: G-1
    title: Inspector
    level: 1
    requirement:
      any_of:
        - label: Requirement 1
          summary: inspection work
          experience: {years: 4, credit: [{certain: {duties_any: [inspection]}}]}
        - all_of:
            - label: Requirement 2
              summary: trades work
              experience: {years: 2, credit: [{certain: {duties_any: [inspection]}}]}
            - label: Licence
              license: {kinds: [general contractor]}
"""


def test_parts_run_together_in_alternatives_keep_their_grouping_in_plain_words():
    """'4 years of inspection work; or 2 years of trades work; and general contractor' read either way."""
    from helpers import spec_series
    from merit.class_view import plain_words

    series = spec_series(GROUPED, ("inspection",))
    text = plain_words(series.classes[0].requirement)
    assert text == "4 years of inspection work; or (2 years of trades work; and general contractor)"
