"""A small declarative schema: one description of a file format that both
validates YAML nodes (collecting every problem with its position) and exports
JSON Schema for editors.

Types build values straight from PyYAML nodes, so each problem knows its line
and column and no YAML-1.1 guess ever changes what a person wrote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

import yaml

from merit.problems import Problem
from merit.yamlsafe import ALLOWED_TAGS

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+\Z")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?\Z")


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


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    return f"the value {node.value!r}"


def _an(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


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
            return ctx.value_error(node, f"found {_kind(node)} (expected {self.expected})")
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            return ctx.value_error(node, f"tag {tag} is not allowed (expected {self.expected})")
        return node.value


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
        return {"type": ["string", "number", "boolean"], **_desc(self.description)}


def _loose(word: str) -> str:
    """A word as a choice compares it: lower case, a space or _ read as -, dots and apostrophes dropped."""
    return word.strip().lower().replace("_", "-").replace(" ", "-").translate(_UNWRITTEN)


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
        word = raw.strip().lower().replace("_", "-").replace(" ", "-")
        if word in self.choices:
            return word
        other = self._other.get(_loose(word)) if self._other else None
        if other is not None:
            return other
        return ctx.value_error(node, f"unknown value {raw!r} (expected {self.expected}){suggest(word, self.choices)}")

    def json_schema(self, defs):
        words = list(self.shown or self.choices) + sorted(self.synonyms)
        return {**_as_written(words, loose=bool(self.synonyms)), **_desc(self.description)}


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
        return {**out, **_desc(self.description)}


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
        return ctx.value_error(node, f"{raw!r} is not {self.expected} (expected {self.expected})")

    def json_schema(self, defs):
        return {"type": "boolean", **_desc(self.description)}


# Words résumés put where a job's end date goes while the job goes on.
ONGOING = frozenset(("present", "current", "currently", "now", "today", "ongoing", "to date", "to present", "date"))
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Patterns of dates as résumés write them; compiled on first use (only a wrong date needs them)
_NUMERIC = r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\Z"  # 03/15/2021, 15.03.2021
_YEAR_FIRST = r"([0-9]{4})[/.]([0-9]{1,2})(?:[/.]([0-9]{1,2}))?\Z"  # 2021/03/15, 2021/03
_COMPACT = r"([0-9]{4})([0-9]{2})([0-9]{2})\Z"  # 20230101
_MONTH_YEAR = r"([0-9]{1,2})[/.-]([0-9]{4})\Z"  # 03/2019
_NAMED = (  # March 2019, Mar. 15, 2019, 15 March 2019
    r"(?:([0-9]{1,2})(?:st|nd|rd|th)?[ -])?([a-z]+)\.?(?:[ -]([0-9]{1,2})(?:st|nd|rd|th)?)?,?[ -]([0-9]{4})\Z"
)


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    """The ISO form of a real date (or month), or None."""
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def date_hint(text: str, months: bool = True) -> str:
    """A ``did you mean`` tail for a date written as résumés write them, or nothing.

    Only a reading the text allows is suggested: ``03/15/2021`` can only be
    month first, ``15/03/2021`` only day first; ``03/04/2021`` could be either,
    so both are named. ``months`` says whether a month alone (``2019-03``) is a
    valid answer.
    """
    word = " ".join(text.strip().lower().split())
    found: list[str] = []
    m = re.match(_NUMERIC, word)
    if m:
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        month_first, day_first = _iso(year, a, b), _iso(year, b, a)
        if month_first and day_first and month_first != day_first:
            return f"; did you mean {month_first} (month first) or {day_first} (day first)?"
        found = [month_first or day_first or ""]
    elif m := re.match(_COMPACT, word) or re.match(_YEAR_FIRST, word):
        found = [_iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None) or ""]
    elif m := re.match(_MONTH_YEAR, word):
        found = [_iso(int(m[2]), int(m[1])) or ""]
    elif (m := re.match(_NAMED, word)) and m[2] in _MONTH_NAMES and not (m[1] and m[3]):
        day = m[1] or m[3]
        found = [_iso(int(m[4]), _MONTH_NAMES[m[2]], int(day) if day else None) or ""]
    elif re.fullmatch(r"[0-9]{4}", word):
        return f"; give the month too ({word}-MM)" if months else "; give the month and day too"
    elif not months and (m := _DATE.match(word)) and _iso(int(m[1]), int(m[2])):
        return "; give the day too"
    if not found or not found[0] or (not months and found[0].count("-") == 1):
        return ""
    return f"; did you mean {found[0]}?"


def parse_iso_date(text: str) -> dt.date | None:
    """A full date ``YYYY-MM-DD`` (as files write it), or None: ``20261101`` is not read as one."""
    m = _DATE.match(text.strip())
    if not m or m[3] is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


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
        m = _DATE.match(raw.strip())
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
            **_desc(self.description or self.expected),
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
        word = raw.strip().lower().replace("_", "-").replace(" ", "-")
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
        return {**out, **_desc(self.description)}


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
            return ctx.value_error(node, f"found {_kind(node)} (expected {self.expected})")
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
        return {"type": "array", "items": self.item.json_schema(defs), **most, **_desc(self.description)}


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
        schema = {"oneOf": [one, {"type": "array", "items": one}]}
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
            return ctx.value_error(node, f"found {_kind(node)} (expected {self.expected})")
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
        return {**out, **_desc(self.description)}


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
        return ctx.value_error(node, f"found {_kind(node)} (expected {self.expected})")

    def json_schema(self, defs):
        return {
            "oneOf": [
                {"type": "array", "items": self.key.json_schema(defs)},
                MapOf(self.key, self.value).json_schema(defs),
            ],
            **_desc(self.description),
        }


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
            return ctx.value_error(node, f"found {_kind(node)} (expected {self.expected})")
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
                ctx.error(key_node, f"found {_kind(key_node)} as a key in {self.name} (expected a key name)")
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
        return {**out, **_desc(self.description)}


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
            return ctx.value_error(node, f"found {_kind(node)} (expected {self.expected})")
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
                    **_desc(self.description),
                }
            return {"$ref": f"#/$defs/{self.ref}"}
        return {"oneOf": [r.json_schema(defs) for r in self.kinds.values()], **_desc(self.description)}


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


def _desc(text: str) -> dict[str, str]:
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
