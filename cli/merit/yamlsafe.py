"""Safe, strict reading of YAML into position-carrying nodes.

Nothing is ever constructed from a tag: we only compose the node tree (with
libyaml when present) and the schema in ``merit.schema`` turns nodes into
values. That keeps every value's line and column, and it avoids YAML 1.1's
surprises (``0123`` and ``NO`` stay the strings the person wrote).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

import yaml

from merit.problems import Problem

try:  # libyaml is about five times faster than the pure-Python parser
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]



class _Composer(Loader):  # type: ignore[misc, valid-type]
    """Composes nodes without resolving their implicit tags.

    The schema reads every scalar as its field expects (a date, a number, a
    yes/no), so matching each one against YAML 1.1's regular expressions only
    to have the result ignored is a third of composing a file. Explicit tags
    (``!!python/object``) are still kept on the node, for the schema to refuse.
    """

    _TAGS = {
        yaml.ScalarNode: "tag:yaml.org,2002:str",
        yaml.SequenceNode: "tag:yaml.org,2002:seq",
        yaml.MappingNode: "tag:yaml.org,2002:map",
    }

    def resolve(self, kind, value, implicit):
        return self._TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64

ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_MANY_DASHES = re.compile(r"(?:-[ \t]+){16}")
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_DEPTH + 1}}}", re.M)


def problem_at(path: str, mark, message: str) -> Problem:
    """A problem at a PyYAML mark (0-based) as a 1-based position."""
    if mark is None:
        return Problem(path, 1, 1, message)
    return Problem(path, mark.line + 1, mark.column + 1, message)


def read_capped(stream: BinaryIO, cap: int = MAX_BYTES, expected: int = 64 * 1024) -> bytes:
    """At most cap + 1 bytes of a binary stream (one more than the cap tells that it is too long).

    Read in pieces of about the expected size: asking for cap + 1 bytes at once would allocate that
    much for every small file, and an endless stream (``cat /dev/zero |``) stops at the cap.
    """
    data = stream.read(min(expected, cap) + 1)
    if len(data) <= expected:
        return data
    parts = [data]
    total = len(data)
    while total <= cap:
        more = stream.read(min(1 << 20, cap + 1 - total))
        if not more:
            break
        parts.append(more)
        total += len(more)
    return b"".join(parts)


def read_text(path: Path | str, data: bytes | None = None) -> tuple[str | None, list[Problem]]:
    """Read a file (or given bytes) as UTF-8 text within the size cap."""
    name = str(path)
    if data is None:
        try:
            with open(path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size > MAX_BYTES:
                    return None, [Problem(name, 1, 1, f"file is {size:,} bytes (expected at most {MAX_BYTES:,})")]
                data = read_capped(f, MAX_BYTES, size)  # a file that grows meanwhile is caught below
        except IsADirectoryError:
            return None, [Problem(name, 1, 1, "is a directory (expected a YAML file)")]
        except FileNotFoundError:
            return None, [Problem(name, 1, 1, "no such file")]
        except OSError as err:
            return None, [Problem(name, 1, 1, f"cannot read: {err.strerror or err}")]
    if len(data) > MAX_BYTES:
        return None, [Problem(name, 1, 1, f"input is {len(data):,} bytes (expected at most {MAX_BYTES:,})")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, 1, "UTF-16 text (expected a YAML file saved as UTF-8)")]
    if b"\0" in data:
        return None, [Problem(name, 1, 1, "binary data (expected a YAML text file)")]
    try:  # a byte-order mark is dropped (as utf-8-sig would, without importing that codec)
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Problem(name, line, column, "not UTF-8 text (expected a YAML file saved as UTF-8)")]
    return text, []


def _may_nest_deeply(text: str) -> bool:
    if text.count("[") + text.count("{") > MAX_DEPTH:
        return True
    if _MANY_DASHES.search(text):
        return True
    return _DEEP_INDENT.search(text) is not None


def _depth_problem(text: str, path: str) -> Problem | None:
    """Find nesting deeper than MAX_DEPTH with the streaming parser (which does not recurse).

    Some libyaml releases stop at a nesting limit of their own, reading ahead of
    the events they deliver; the pure-Python parser then finds the first level
    too deep, so the message and its position are merit's whatever the library.
    """
    try:
        return _first_too_deep(text, path, Loader)
    except yaml.YAMLError:
        if Loader is yaml.SafeLoader:
            raise
        return _first_too_deep(text, path, yaml.SafeLoader)


def _first_too_deep(text: str, path: str, loader) -> Problem | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return problem_at(
                    path, event.start_mark, f"nested more than {MAX_DEPTH} levels deep (expected at most {MAX_DEPTH} levels)"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _alias_problem(text: str, path: str) -> Problem | None:
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            return problem_at(
                path, event.start_mark, f"YAML alias *{event.anchor} is not allowed (expected the value written out in full)"
            )
    return None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column : column + 1] if line < len(lines) else ""


def compose_documents(text: str, path: str) -> tuple[list[yaml.Node], list[Problem]]:
    """Compose every document of a YAML stream into nodes, refusing aliases, odd tags and deep nesting."""
    try:
        if _may_nest_deeply(text):
            deep = _depth_problem(text, path)
            if deep:
                return [], [deep]
        if "*" in text:
            alias = _alias_problem(text, path)
            if alias:
                return [], [alias]
        nodes = [n for n in yaml.compose_all(text, Loader=_Composer) if n is not None]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        if err.context:
            what = f"{what} ({err.context})"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            what = "a tab character (expected spaces: YAML indents with spaces only)"
        return [], [problem_at(path, mark, f"invalid YAML: {what}")]
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        what = f"control character U+{ord(char):04X}" if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 else f"character U+{ord(char):04X}"
        return [], [Problem(path, line, column, f"invalid YAML: {what} is not allowed (expected printable text)")]
    except yaml.YAMLError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else "cannot be parsed"
        return [], [Problem(path, 1, 1, f"invalid YAML: {first}")]
    except RecursionError:
        return [], [Problem(path, 1, 1, "nested too deeply")]
    return nodes, []
