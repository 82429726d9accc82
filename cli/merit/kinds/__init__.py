"""The clause kinds of a requirement tree, one module each, and the registry that collects them.

A kind's module (``merit.kinds.experience``, ...) is the kind's one home. It defines:

- ``KEY``: the spec format's key that names the clause (``experience: {...}``);
- its node type, a subclass of ``merit.requirements.Node`` whose ``kind`` is ``KEY`` and which declares
  ``__slots__`` (the catalogue cache stores such classes by module and name);
- ``RECORD``: the clause's spec-format record, made with ``merit.kinds.format.clause(name, fields, build)``
  (its fields, checks and JSON Schema; the keys every clause may carry are added);
- ``build(values, common)``: the node from the record's values (``common``: id, label, summary, ...);
- ``judge(node, run, exclude)``: the three-valued evaluation, returning an ``merit.engine.evaluate.Eval``
  (pure: heavy arithmetic may stay in an engine module the kind imports);
- ``words(node, plain)``: the clause in plain words when the spec gives no summary (``plain`` words a
  clause under it), and ``notes(node)``: what ``merit show`` notes beside it; ``LABEL``: its name in an
  outline when the source gives none.

Two parts are for a kind that names something else of its spec file (the ``answer`` clause names a
question of its series), and only such a kind defines them: ``check_file(values, nodes, ctx)``, run on a
whole spec file to report what a clause names wrongly at its position, and ``finish(node, questions)``,
run on each of its nodes once its series is loaded.

Registering a kind is one entry of ``NAMES`` below, in the order the spec format lists the kinds. The spec
format's ``REQUIREMENT``, the engine's dispatch (``merit.engine.evaluate.KINDS``) and the plain words of
``merit show`` and ``merit compare`` are made from ``REGISTRY``.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

import yaml

from merit.schema import OneKeyOf

# every kind, as the spec format lists them (the JSON Schema and error messages keep this order)
NAMES = ("any_of", "all_of", "experience", "education", "coursework", "license", "answer", "judgment", "ref")
REGISTRY: dict[str, ModuleType] = {}
for _name in NAMES:
    _module = import_module(f"merit.kinds.{_name}")
    REGISTRY[_module.KEY] = _module

class RequirementKinds(OneKeyOf):
    """A clause of any registered kind; a mapping of keys that belong inside a kind's clause (a shared
    ``before_graduation`` under a series' ``clauses``) says which clause they go in and how to share it."""

    __slots__ = ()

    def build(self, node, ctx):
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if not any(k in self.kinds for k in keys):
                for key in keys:
                    inside = [kind for kind, record in self.kinds.items() if key in _body_keys(record, kind)]
                    if inside:
                        first = inside[0]
                        return ctx.error(
                            node,
                            f"not a {self.name}: {key} goes inside {_an(' or '.join(inside))} clause (expected one of"
                            f" the keys {', '.join(self.kinds)}; to share the condition, put the whole clause under"
                            f" clauses, such as {first}: {{{_EXAMPLE.get(first, '...')}, {key}: {{...}}}}, and ref it)",
                        )
        return super().build(node, ctx)


_EXAMPLE = {"education": "level: bachelor", "coursework": "units: 24", "experience": "years: 2"}


def _an(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _body_keys(record, kind: str) -> frozenset[str]:
    """The keys of a kind's body (``education: {level, before_graduation, ...}``)."""
    field = record.fields.get(kind)
    body = getattr(field, "type", None)
    return frozenset(getattr(body, "fields", None) or ())


REQUIREMENT = RequirementKinds(
    name="requirement",
    ref="requirement",
    description="A node of a minimum-qualification tree.",
    kinds={key: module.RECORD for key, module in REGISTRY.items()},
)


def _dispatch() -> None:
    from merit.engine.evaluate import KINDS

    KINDS.update({key: module.judge for key, module in REGISTRY.items()})


_dispatch()

