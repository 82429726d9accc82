"""A small declarative schema: one description of a file format that both
validates YAML nodes (collecting every problem with its position) and exports
JSON Schema for editors.

This module holds what every format is made of: the context of a read (``Ctx``),
the base ``Type``, records and their fields, the choice of a record by its one
key, and the JSON Schema of a whole file. The types of value a record's keys
take (text, numbers, dates, lists ...) are in ``merit.schema_types``.

Types build values straight from PyYAML nodes, so each problem knows its line
and column and no YAML-1.1 guess ever changes what a person wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import yaml

from merit.problems import Problem
from merit.yamlsafe import ALLOWED_TAGS

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Ctx:
    """What a build needs besides the node: the file name, the problems so far, and the duty vocabulary.

    ``key`` is the key whose value is being built, so that a message about a
    value can name it (``hours_per_week: 200 is more than ...``).
    """

    __slots__ = ("path", "problems", "terms", "key", "here", "competencies", "questions", "orders")

    def __init__(
        self,
        path: str,
        terms: dict[str, str] | None = None,
        competencies: frozenset[str] | None = None,
        questions: dict | None = None,
    ):
        self.orders: dict[str, list[str] | None] = {}  # level orders of the specs directory: name -> its levels' names
        self.path = path
        self.problems: list[Problem] = []
        self.terms = terms or {}
        self.competencies = competencies  # the competency ids the specs grade, when known
        self.questions = questions  # the supplemental questions the specs ask, by id, when known (merit.answers)
        self.key: str | None = None
        self.here: yaml.Node | None = None  # the mapping a cross-key check is looking at

    def error(self, node: yaml.Node, message: str) -> Any:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))
        return INVALID

    def value_error(self, node: yaml.Node, message: str) -> Any:
        """A problem with the value of the current key, named in the message."""
        return self.error(node, f"{self.key}: {message}" if self.key else message)


def _close(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ``did you mean`` tail for a misspelt word, or nothing."""
    close = _close(word, choices)
    return f"; did you mean {close!r}?" if close else ""


def what_is(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    return f"the value {node.value!r}"


def _an(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def normal_word(word: str) -> str:
    """A word as merit compares duty terms, choices, competency ids and the values of a question:
    without the spaces around it, in lower case, a space or _ read as - ("Customer Service" is
    customer-service)."""
    return word.strip().lower().replace("_", "-").replace(" ", "-")


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS


class Type:
    """A kind of value; ``build`` turns a node into a value or INVALID (after recording why)."""

    expected = "a value"

    def build(self, node: yaml.Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def json_schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _scalar(self, node: yaml.Node, ctx: Ctx) -> str | Any:
        if not isinstance(node, yaml.ScalarNode):
            return ctx.value_error(node, f"found {what_is(node)} (expected {self.expected})")
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            return ctx.value_error(node, f"tag {tag} is not allowed (expected {self.expected})")
        return node.value


class Field:
    """A key of a Record: its type, whether it is required, its default and its description."""

    __slots__ = ("type", "required", "default", "description", "attr", "example")

    def __init__(
        self,
        type: Type,
        required: bool = False,
        default: Any = None,
        description: str = "",
        attr: str | None = None,
        example: str = "",
    ) -> None:
        self.type = type
        self.required = required
        self.default = default
        self.description = description
        self.attr = attr  # keyword for the constructor when it differs from the key
        self.example = example  # shown when the key is missing: "A-1001"


class Record(Type):
    """A mapping with known keys; unknown keys are errors with a suggestion.

    ``make`` receives the built values as keywords plus ``line``; ``check``
    may add problems that involve several keys (an end before a start).
    """

    __slots__ = ("name", "fields", "make", "check", "description", "ref", "synonyms")

    def __init__(
        self,
        name: str = "record",
        fields: dict[str, Field] | None = None,
        make: Callable[..., Any] | None = None,
        check: Callable[[dict[str, Any], dict[str, yaml.Node], Ctx], object] | None = None,  # what it returns is not read
        description: str = "",
        ref: str | None = None,
        synonyms: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.fields = {} if fields is None else fields
        self.make = make
        self.check = check
        self.description = description
        self.ref = ref  # name under $defs in JSON Schema
        self.synonyms = synonyms or {}  # a word people write for a key -> the key ("on" -> "date")

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"{_an(self.name)} mapping"

    def build(self, node, ctx):
        if not isinstance(node, yaml.MappingNode):
            return ctx.value_error(node, f"found {what_is(node)} (expected {self.expected})")
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        lines: dict[str, int] = {}
        suggested: set[str] = set()
        broken = False
        fields = self.fields
        outer = ctx.key
        for key_node, value_node in node.value:
            ctx.key = outer
            if not isinstance(key_node, yaml.ScalarNode):
                ctx.error(key_node, f"found {what_is(key_node)} as a key in {self.name} (expected a key name)")
                broken = True
                continue
            key = key_node.value
            spec = fields.get(key)
            if spec is None:
                close = self.synonyms.get(key.lower()) or _close(key, fields)
                if close:
                    suggested.add(close)
                    hint = f"; did you mean {close!r}?"
                elif node.flow_style and " " in key:
                    # {issuer: Board for Professional Engineers, Land Surveyors}: the comma began a new key
                    hint = " (in {...} a comma starts a new key: if it belongs to the value before it, put that value in quotes)"
                else:
                    hint = _allowed(fields)
                ctx.error(key_node, f"unknown key {key!r} in {self.name}{hint}")
                broken = True
                if close in fields and not is_null(value_node) and not any(
                    isinstance(k, yaml.ScalarNode) and k.value == close for k, _ in node.value
                ):
                    # read as the key it misspells, so one run reports the mistakes inside it too
                    ctx.key = close
                    fields[close].type.build(value_node, ctx)
                continue
            if key in nodes:
                ctx.error(
                    key_node,
                    f"duplicate key {key!r} in {self.name} (first at line {lines[key]}; expected each key once)",
                )
                broken = True
                continue
            nodes[key] = value_node
            lines[key] = key_node.start_mark.line + 1
            if is_null(value_node):
                continue
            ctx.key = key
            value = spec.type.build(value_node, ctx)
            if value is INVALID:
                broken = True
            else:
                values[key] = value
        ctx.key = outer
        for key, spec in fields.items():
            if not spec.required or key in values:
                continue
            if key not in nodes:
                if key in suggested:  # already reported as a misspelling of this key
                    continue
                want = f"a line such as {key}: {spec.example}" if spec.example else f"{key}: with {spec.type.expected}"
                ctx.error(node, f"missing required key {key!r} in {self.name} (expected {want})")
                broken = True
            elif is_null(nodes[key]):
                ctx.error(nodes[key], f"{key}: is empty (expected {spec.type.expected})")
                broken = True
        if self.check is not None:
            # Cross-key rules run on whatever did build, so that every problem is reported at once.
            before = len(ctx.problems)
            ctx.here = node
            self.check(values, nodes, ctx)
            broken = broken or len(ctx.problems) > before
        if broken:
            return INVALID
        if self.make is None:
            return values
        kwargs = {}
        for key, spec in fields.items():
            kwargs[spec.attr or key] = values.get(key, spec.default)
        before = len(ctx.problems)
        made = self.make(line=node.start_mark.line + 1, **kwargs)
        if made is INVALID and len(ctx.problems) == before:  # never fail without saying why
            ctx.error(node, f"incomplete {self.name} (expected {self.expected})")
        return made

    def json_schema(self, defs):
        if self.ref:
            if self.ref not in defs:
                defs[self.ref] = {}  # placeholder against recursion
                defs[self.ref] = self._object_schema(defs)
            return {"$ref": f"#/$defs/{self.ref}"}
        return self._object_schema(defs)

    def _object_schema(self, defs):
        props = {}
        for key, spec in self.fields.items():
            sub = spec.type.json_schema(defs)
            if spec.description and "$ref" not in sub:
                sub = {**sub, "description": spec.description}
            props[key] = sub
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [k for k, s in self.fields.items() if s.required]
        if required:
            out["required"] = required
        return {**out, **described(self.description)}


def _allowed(fields: dict[str, Field]) -> str:
    return " (expected one of: " + ", ".join(fields) + ")"


class OneKeyOf(Type):
    """A mapping whose single defining key picks the record type (requirement nodes)."""

    __slots__ = ("name", "kinds", "description", "ref")

    def __init__(
        self,
        name: str = "node",
        kinds: dict[str, Record] | None = None,
        description: str = "",
        ref: str | None = None,
    ) -> None:
        self.name = name
        self.kinds = {} if kinds is None else kinds
        self.description = description
        self.ref = ref

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a {self.name} (a mapping with one of the keys " + ", ".join(self.kinds) + ")"

    def build(self, node, ctx):
        if not isinstance(node, yaml.MappingNode):
            return ctx.value_error(node, f"found {what_is(node)} (expected {self.expected})")
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        found = [k for k in keys if k in self.kinds]
        if len(found) != 1:
            if found:
                # "{label: X, experience, ref: it}": a word between commas is a key whose value is empty
                empty = [k for k, v in node.value if k.value in found and is_null(v)]
                if len(empty) == 1 and len(found) == 2 and found[0] != found[1]:
                    key = empty[0]
                    return ctx.error(
                        key,
                        f"{key.value}: has no value, beside {next(k for k in found if k != key.value)} (expected one"
                        f" of them; in {{...}} a word between commas is a key of its own: leave it out)",
                    )
                return ctx.error(node, f"a {self.name} has exactly one of {', '.join(found)} (found {len(found)})")
            hint = ""
            for k in keys:
                hint = suggest(k, self.kinds)
                if hint:
                    break
            return ctx.error(node, f"not a {self.name} (expected one of the keys {', '.join(self.kinds)}){hint}")
        return self.kinds[found[0]].build(node, ctx)

    def json_schema(self, defs):
        if self.ref:
            if self.ref not in defs:
                defs[self.ref] = {}
                defs[self.ref] = {
                    "oneOf": [r.json_schema(defs) for r in self.kinds.values()],
                    **described(self.description),
                }
            return {"$ref": f"#/$defs/{self.ref}"}
        return {"oneOf": [r.json_schema(defs) for r in self.kinds.values()], **described(self.description)}


def described(text: str) -> dict[str, str]:
    return {"description": text} if text else {}


def document_schema(
    root: Record,
    *,
    title: str,
    terms: Iterable[str] = (),
    many: bool = False,
) -> dict[str, Any]:
    """JSON Schema for a whole file whose document is ``root`` (or, with many, a list of them).

    Generated from the same types that validate, so an editor checks what merit checks
    (cross-key rules such as an end before a start are left to ``merit validate``).
    """
    defs: dict[str, Any] = {"__terms__": sorted(terms)}
    body = root.json_schema(defs)
    del defs["__terms__"]
    if many:
        body = {"oneOf": [body, {"type": "array", "items": body, "minItems": 1}]}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        **({"description": root.description} if root.description else {}),
        **body,
        **({"$defs": dict(sorted(defs.items()))} if defs else {}),
    }
