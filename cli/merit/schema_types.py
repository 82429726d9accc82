"""The types of value a file format's keys take: text, choices, numbers, booleans,
dates, duty terms, lists and mappings. Each builds a value from a YAML node (or
records why it cannot, with the node's position) and writes its JSON Schema;
records, fields and the context of a read are in ``merit.schema``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from merit.dates import DATE, ONGOING, date_hint
from merit.schema import INVALID, Type, described, is_null, normal_word, suggest, what_is

_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_YAML11 = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


class Text(Type):
    """Any scalar, kept as the text the person wrote."""

    __slots__ = ("expected", "description")

    def __init__(self, expected: str = "text", description: str = "") -> None:
        self.expected = expected
        self.description = description

    def build(self, node, ctx):
        raw = self._scalar(node, ctx)
        if raw is INVALID:
            return raw
        return raw.strip()

    def json_schema(self, defs):
        # Any scalar is taken as the text written (an id 0123 stays "0123"), so
        # an editor reading YAML 1.2 must not flag a number or true as wrong.
        return {"type": ["string", "number", "boolean"], **described(self.description)}


def _loose(word: str) -> str:
    """A word as a choice compares it: lower case, a space or _ read as -, dots and apostrophes dropped."""
    return normal_word(word).translate(_UNWRITTEN)


_UNWRITTEN = str.maketrans("", "", ".'\u2019")


class Choice(Type):
    """One of a fixed set of words, compared without regard to case; ``synonyms`` are other words for a choice."""

    __slots__ = ("choices", "description", "shown", "synonyms", "_other")

    def __init__(
        self,
        choices: tuple[str, ...] = (),
        description: str = "",
        shown: tuple[str, ...] = (),
        synonyms: dict[str, str] | None = None,
    ) -> None:
        self.choices = choices
        self.description = description
        self.shown = shown  # the choices as people write them (A-E), if not as stored
        self.synonyms = {} if synonyms is None else synonyms  # other words people write for a choice
        # with synonyms, choices and synonyms alike are compared loosely ("Bachelor's", "B.A.")
        self._other = {_loose(word): choice for word, choice in self.synonyms.items()}
        if self._other:
            self._other.update((_loose(choice), choice) for choice in self.choices)

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.shown or self.choices)

    def build(self, node, ctx):
        raw = self._scalar(node, ctx)
        if raw is INVALID:
            return raw
        word = normal_word(raw)
        if word in self.choices:
            return word
        other = self._other.get(_loose(word)) if self._other else None
        if other is not None:
            return other
        return ctx.value_error(node, f"unknown value {raw!r} (expected {self.expected}){self._suggest(word, raw)}")

    def _suggest(self, word: str, raw: str) -> str:
        """A ``did you mean`` tail; for a word that is a known one with more after "in" ("Bachelor of Science
        in Accounting"), the known one's choice, and where the rest goes."""
        loose = _loose(word)
        heads = [key for key in self._other if loose.startswith(key + "-in-")]
        if heads:
            head = max(heads, key=len)
            field = raw.strip()[len(head) + len(" in ") :].strip()  # normal_word and _loose keep the length but for dots
            shown = f" with field: {field}" if field and len(_loose(raw)) == len(raw.strip()) else ", and the field under field:"
            return f"; did you mean {self._other[head]!r}{shown}?"
        return suggest(word, self.choices)

    def json_schema(self, defs):
        words = list(self.shown or self.choices) + sorted(self.synonyms)
        return {**_as_written(words, loose=bool(self.synonyms)), **described(self.description)}


class Number(Type):
    """A number (or whole number) within bounds."""

    __slots__ = ("minimum", "maximum", "integer", "description", "too_high")

    def __init__(
        self,
        minimum: float | None = None,
        maximum: float | None = None,
        integer: bool = False,
        description: str = "",
        too_high: str = "",
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.description = description
        self.too_high = too_high  # the maximum in words: "the 168 hours in a week"

    @property
    def expected(self) -> str:  # type: ignore[override]
        what = "a whole number" if self.integer else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{what} from {_num(self.minimum)} to {_num(self.maximum)}"
        if self.minimum is not None:
            return f"{what} of at least {_num(self.minimum)}"
        return what

    def build(self, node, ctx):
        raw = self._scalar(node, ctx)
        if raw is INVALID:
            return raw
        text = raw.strip().replace("_", "")
        what = "a whole number" if self.integer else "a number"
        if not (_INT if self.integer else _NUMBER).match(text):
            return ctx.value_error(node, f"{_shown(raw)!r} is not {what} (expected {self.expected})")
        # No field wants more than MAX_NUMBER; a longer run of digits is refused before it is
        # converted (Python refuses ints of over 4,300 digits, and a float of 400 is infinite).
        huge = len(text.lstrip("+-").split(".")[0].lstrip("0")) > len(str(MAX_NUMBER))
        negative = text.startswith("-")
        value = 0 if huge else int(text) if self.integer else float(text)
        if self.minimum is not None and (negative if huge else value < self.minimum):
            low = "negative" if self.minimum == 0 else f"less than {_num(self.minimum)}"
            return ctx.value_error(node, f"{_shown(raw)} is {low} (expected {self.expected})")
        if self.maximum is not None and (not negative if huge else value > self.maximum):
            high = self.too_high or _num(self.maximum)
            return ctx.value_error(node, f"{_shown(raw)} is more than {high} (expected {self.expected})")
        if huge or abs(value) > MAX_NUMBER:
            low = _num(self.minimum) if self.minimum is not None else f"{-MAX_NUMBER:,}"
            side = f"less than {-MAX_NUMBER:,}" if negative else f"more than {MAX_NUMBER:,}"
            return ctx.value_error(node, f"{_shown(raw)} is {side} (expected {what} from {low} to {MAX_NUMBER:,})")
        return value

    def json_schema(self, defs):
        out: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return {**out, **described(self.description)}


def _num(x: float) -> str:
    return f"{x:g}"


MAX_NUMBER = 1_000_000_000  # the largest number any field takes: more is a slip of the keyboard, or an attack


def _shown(raw: str) -> str:
    """A value as a message shows it: a long one cut short, with its length."""
    return raw if len(raw) <= 24 else f"{raw[:12]}... ({len(raw):,} characters)"


class Boolean(Type):
    """true or false, and nothing YAML 1.1 would also call a boolean (``words``: those of true, of false)."""

    __slots__ = ("expected", "description")
    words = (_TRUE, _FALSE)

    def __init__(self, expected: str = "true or false", description: str = "") -> None:
        self.expected = expected
        self.description = description

    def word(self, raw: str) -> str:
        """The word as ``words`` holds it."""
        return raw

    def build(self, node, ctx):
        raw = self._scalar(node, ctx)
        if raw is INVALID:
            return raw
        word = self.word(raw)
        if word in self.words[0]:
            return True
        if word in self.words[1]:
            return False
        return ctx.value_error(node, f"{raw!r} is not {self.expected} (expected {self.expected}){self._meant(raw)}")

    def _meant(self, raw: str) -> str:
        """For a word YAML 1.1 reads as a boolean (yes, no, on, off), the word to write: it means true to one
        reader and the text 'yes' to another, so merit takes neither reading."""
        meant = _YAML11.get(raw.lower())
        return "" if meant is None or self.expected != "true or false" else f"; write {meant} for {raw!r}"

    def json_schema(self, defs):
        return {"type": "boolean", **described(self.description)}


class Day(Type):
    """A date ``YYYY-MM-DD``, or ``YYYY-MM`` meaning the first (or, for an end, the last) day of that month.

    ``ongoing`` is for a job's end: words such as ``present`` get the advice to leave the key out.
    """

    __slots__ = ("month_end", "description", "expected", "ongoing")

    def __init__(
        self,
        month_end: bool = False,
        description: str = "",
        expected: str = "a date YYYY-MM-DD or YYYY-MM",
        ongoing: str = "",
    ) -> None:
        self.month_end = month_end
        self.description = description
        self.expected = expected
        self.ongoing = ongoing  # what to do instead of writing "present": "leave end out while the job is current"

    def build(self, node, ctx):
        raw = self._scalar(node, ctx)
        if raw is INVALID:
            return raw
        m = DATE.match(raw.strip())
        if not m:
            if self.ongoing and " ".join(raw.lower().split()) in ONGOING:
                return ctx.value_error(node, f"{raw!r} is not a date ({self.ongoing})")
            return ctx.value_error(node, f"{raw!r} is not a date (expected YYYY-MM-DD or YYYY-MM){date_hint(raw)}")
        year, month = int(m[1]), int(m[2])
        try:
            if m[3] is not None:
                return dt.date(year, month, int(m[3]))
            first = dt.date(year, month, 1)
        except ValueError:
            why = "there is no month {}".format(month) if not 1 <= month <= 12 else "no such day in that month"
            return ctx.value_error(node, f"{raw} is not a real date: {why} (expected YYYY-MM-DD or YYYY-MM)")
        if not self.month_end:
            return first
        if month == 12:  # the day before the next January would be in year 10000 for 9999-12
            return dt.date(year, 12, 31)
        return dt.date(year, month + 1, 1) - dt.timedelta(days=1)

    def json_schema(self, defs):
        return {
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{1,2}(-[0-9]{1,2})?$",
            **described(self.description or self.expected),
        }


class Term(Type):
    """A word of the duty vocabulary (the vocabulary comes with the specs, through the context)."""

    __slots__ = ("description", "expected")

    def __init__(self, description: str = "", expected: str = "a duty term") -> None:
        self.description = description
        self.expected = expected

    def build(self, node, ctx):
        raw = self._scalar(node, ctx)
        if raw is INVALID:
            return raw
        word = normal_word(raw)
        if not ctx.terms or word in ctx.terms:
            return word
        return ctx.error(
            node,
            f"unknown duty term {raw!r} (expected a term of the duty vocabulary: merit show --duties lists them;"
            " your own terms are read from DIR/duties.yaml with --specs DIR)"
            f"{suggest(word, ctx.terms)}",
        )

    def json_schema(self, defs):
        terms = defs.get("__terms__")
        out: dict[str, Any] = _as_written(sorted(terms)) if terms else {"type": "string"}
        return {**out, **described(self.description)}


class ListOf(Type):
    """A list whose items are all of one type, and at most ``most`` of them (named ``items``)."""

    __slots__ = ("item", "description", "expected", "most", "items")

    def __init__(
        self,
        item: Type | None = None,
        description: str = "",
        expected: str = "a list",
        most: int | None = None,
        items: str = "entries",
    ) -> None:
        self.item = Text() if item is None else item
        self.description = description
        self.expected = expected
        self.most = most
        self.items = items  # what the items are, for the message about too many: "jobs"

    def build(self, node, ctx):
        if not isinstance(node, yaml.SequenceNode):
            return ctx.value_error(node, f"found {what_is(node)} (expected {self.expected})")
        if self.most is not None and len(node.value) > self.most:
            return ctx.value_error(node, f"{len(node.value):,} {self.items} (expected at most {self.most:,} {self.items})")
        # Every item is checked so that every problem is reported; one bad item
        # makes the whole list bad, so a record is never used with a part missing.
        out = []
        broken = False
        for child in node.value:
            value = self.item.build(child, ctx)
            if value is INVALID:
                broken = True
            else:
                out.append(value)
        return INVALID if broken else out

    def json_schema(self, defs):
        most = {"maxItems": self.most} if self.most is not None else {}
        return {"type": "array", "items": self.item.json_schema(defs), **most, **described(self.description)}


class Words(Type):
    """One word or a list of words (``sector: state`` or ``sector: [state, county]``), built as a tuple."""

    expected = "a word or a list of words"

    def __init__(self, item: Type | None = None, description: str = ""):
        self.item = item or Text()
        self.description = description

    def build(self, node, ctx):
        if isinstance(node, yaml.SequenceNode):
            out = ListOf(self.item).build(node, ctx)
            return INVALID if out is INVALID else tuple(out)
        value = self.item.build(node, ctx)
        return INVALID if value is INVALID else (value,)

    def json_schema(self, defs):
        one = self.item.json_schema(defs)
        schema: dict[str, Any] = {"oneOf": [one, {"type": "array", "items": one}]}
        if self.description:
            schema["description"] = self.description
        return schema


def _without_colon(key_node, value_node) -> bool:
    """A key written with no colon ("{a: x, b}"): its empty value starts where the key ends."""
    end, start = key_node.end_mark, value_node.start_mark
    return (start.line, start.column) == (end.line, end.column)


class MapOf(Type):
    """A mapping with keys of one type and values of another (``{tax-compliance: 75}``)."""

    __slots__ = ("key", "value", "description", "expected", "allow_empty")

    def __init__(
        self,
        key: Type | None = None,
        value: Type | None = None,
        description: str = "",
        expected: str = "a mapping",
        allow_empty: bool = False,
    ) -> None:
        self.key = Text() if key is None else key
        self.value = Text() if value is None else value
        self.description = description
        self.expected = expected
        self.allow_empty = allow_empty  # may a key have no value (``{tax-compliance: }``)?

    def build(self, node, ctx):
        if not isinstance(node, yaml.MappingNode):
            return ctx.value_error(node, f"found {what_is(node)} (expected {self.expected})")
        out: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        broken = False
        outer = ctx.key
        for key_node, value_node in node.value:
            ctx.key = outer
            key = self.key.build(key_node, ctx)
            if key is INVALID:
                broken = True
                continue
            if key in first:
                ctx.error(
                    key_node, f"duplicate key {key_node.value!r} (first at line {first[key]}; expected each key once)"
                )
                broken = True
                continue
            first[key] = key_node.start_mark.line + 1
            ctx.key = str(key)
            if is_null(value_node) and not self.allow_empty:
                # {LA-1: Degree, graduate study}: the comma began a key of its own, without a value
                hint = " (in {...} a comma starts a new key: if it belongs to the value before it, put that value in quotes)" if (
                    node.flow_style and _without_colon(key_node, value_node)
                ) else ""
                value = ctx.value_error(value_node, f"is empty (expected {self.value.expected}){hint}")
            else:
                value = None if is_null(value_node) else self.value.build(value_node, ctx)
            if value is INVALID:
                broken = True
            else:
                out[key] = value
        ctx.key = outer
        return INVALID if broken else out

    def json_schema(self, defs):
        out = {"type": "object", "additionalProperties": self.value.json_schema(defs)}
        key = self.key.json_schema(defs)
        if "enum" in key:
            out["propertyNames"] = {"enum": key["enum"]}
        return {**out, **described(self.description)}


class ListOrMap(Type):
    """A list of keys, or a mapping of key to a value (``[a, b]`` or ``{a: 75, b: 25}``); built as a dict."""

    __slots__ = ("key", "value", "description", "expected")

    def __init__(
        self,
        key: Type | None = None,
        value: Type | None = None,
        description: str = "",
        expected: str = "a list or a mapping",
    ) -> None:
        self.key = Text() if key is None else key
        self.value = Number() if value is None else value
        self.description = description
        self.expected = expected

    def build(self, node, ctx):
        if isinstance(node, yaml.SequenceNode):
            out: dict[Any, Any] = {}
            broken = False
            for child in node.value:
                key = self.key.build(child, ctx)
                if key is INVALID:
                    broken = True
                else:
                    out[key] = None
            return INVALID if broken else out
        if isinstance(node, yaml.MappingNode):
            return MapOf(self.key, self.value, allow_empty=True).build(node, ctx)
        return ctx.value_error(node, f"found {what_is(node)} (expected {self.expected}){self._as_list(node)}")

    def _as_list(self, node: yaml.Node) -> str:
        """For one word, or words between commas, the list it was likely meant to be."""
        if not isinstance(node, yaml.ScalarNode) or is_null(node) or not isinstance(node.value, str):
            return ""
        words = [w.strip() for w in node.value.split(",") if w.strip()]
        if isinstance(self.key, Term):
            words = [normal_word(w) for w in words]
        return f"; did you mean [{', '.join(words)}]?" if words else ""

    def json_schema(self, defs):
        return {
            "oneOf": [
                {"type": "array", "items": self.key.json_schema(defs)},
                MapOf(self.key, self.value).json_schema(defs),
            ],
            **described(self.description),
        }


class Blank(Type):
    """A value that may also be left blank (``answer:`` with nothing after it), which means not given.

    Records skip a blank value before building it, so this only tells JSON Schema
    that ``null`` is allowed too, for an editor checking a file to be filled in.
    """

    __slots__ = ("item",)

    def __init__(self, item: Type | None = None) -> None:
        self.item = Text() if item is None else item

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.item.expected

    def build(self, node, ctx):
        return self.item.build(node, ctx)

    def json_schema(self, defs):
        return {"anyOf": [self.item.json_schema(defs), {"type": "null"}]}


class Lazy(Type):
    """A forward reference, for recursive formats."""

    __slots__ = ("target",)

    def __init__(self, target: Callable[[], Type] = lambda: Text()) -> None:
        self.target = target

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.target().expected

    def build(self, node, ctx):
        return self.target().build(node, ctx)

    def json_schema(self, defs):
        return self.target().json_schema(defs)


def _as_written(words: list[str], loose: bool = False) -> dict[str, Any]:
    """Words as build() reads them: the words themselves (an editor offers them), or the same
    in any case, with a space or _ for a hyphen ("High School", "customer service"), and with
    ``loose`` dots and apostrophes anywhere ("B.A.", "Bachelor's")."""
    dots = "[.'\u2019]*" if loose else ""

    def char(ch: str) -> str:
        if ch in "-_ ":
            return "[-_ ]"
        if ch in ".'\u2019" and loose:
            return ""
        return (f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else re.escape(ch)) + dots

    def loose_word(word: str) -> str:
        return dots + "".join(char(ch) for ch in word)

    pattern = r"^\s*(" + "|".join(loose_word(w) for w in words) + r")\s*$"
    return {"anyOf": [{"enum": list(words)}, {"type": "string", "pattern": pattern}]}


