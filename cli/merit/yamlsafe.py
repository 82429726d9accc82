"""Safe, strict reading of YAML into position-carrying nodes.

Nothing is ever constructed from a tag: we only compose the node tree (with
libyaml when present) and the schema in ``merit.schema`` turns nodes into
values. That keeps every value's line and column, and it avoids YAML 1.1's
surprises (``0123`` and ``NO`` stay the strings the person wrote).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import yaml

from merit.problems import Problem

try:  # libyaml is about five times faster than the pure-Python parser
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]



class _Composer(Loader):
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
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (expected at most {MAX_DEPTH} levels)"

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


def read_stdin() -> tuple[str | None, list[Problem]]:
    """Standard input as UTF-8 text within the size cap; an endless stream is read only to the cap."""
    import sys

    return read_text("<stdin>", read_capped(sys.stdin.buffer))


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
        return None, [Problem(name, 1, 1, f"input is more than {MAX_BYTES:,} bytes (expected at most {MAX_BYTES:,})")]
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
                return problem_at(path, event.start_mark, TOO_DEEP)
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


def _missing_colon(text: str, err: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """The line a key: value went wrong on, and what to write instead (0-based line and column), or None.

    libyaml notices a missing colon only where the text stops making sense,
    often a line later ("could not find expected ':'", "mapping values are not
    allowed"); the line a person must fix is the key without its colon, the
    key with no space after its colon, the value holding ': ', or the line
    indented under a key that already has a value.
    """
    lines = text.split("\n")
    if err.problem == "could not find expected ':'" and err.context_mark is not None:
        line, column = err.context_mark.line, err.context_mark.column
        return line, column, _no_colon(lines[line][column:].strip())
    if err.problem != "mapping values are not allowed in this context" or err.problem_mark is None:
        return None
    line, column = err.problem_mark.line, err.problem_mark.column
    here = lines[line] if line < len(lines) else ""
    start = _content_start(here)
    before = here[start:column]
    if ": " in before:  # title: Clerk: Senior
        key, value = here[start:].split(": ", 1)
        return line, column, (
            f"the value {value.strip()!r} holds ': ' (expected such a value in quotes, as in {key}: \"{value.strip()}\")"
        )
    above = next((k for k in range(line - 1, -1, -1) if lines[k].strip() and not lines[k].lstrip().startswith("#")), None)
    if above is None:
        return None
    previous = lines[above][_content_start(lines[above]) :].rstrip()
    if ": " not in previous and not previous.endswith(":"):  # name Maria Lopez, or id:A-1
        return above, _content_start(lines[above]), _no_colon(previous)
    indent = len(lines[above]) - len(lines[above].lstrip(" "))
    if start > indent:  # a key indented under a key: value
        key = previous.split(": ", 1)[0]
        return line, start, (
            f"{here[start:column]}: is indented under '{previous}', which already has a value"
            f" (expected {here[start:column]}: lined up with {key}:)"
        )
    return None


def _content_start(line: str) -> int:
    """The column a line's key starts at, after its indentation and any list dashes."""
    stripped = line.lstrip(" ")
    while stripped.startswith("- "):
        stripped = stripped[2:].lstrip(" ")
    return len(line) - len(stripped)


def _no_colon(written: str) -> str:
    """What is wrong with a line meant as key: value that has no ': '."""
    shown = written if len(written) <= 60 else written[:57] + "..."
    if ":" in written:  # id:A-1
        key, value = written.split(":", 1)
        return f"no space after the colon in {shown!r} (expected key: value, as in {key}: {value.strip()})"
    if " " in written:
        key, value = written.split(" ", 1)
        return f"no colon after the key in {shown!r} (expected key: value, as in {key}: {value.strip()})"
    return f"no colon after {shown!r} (expected key: value, or {written}: before the lines it holds)"


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
    except (yaml.YAMLError, RecursionError) as err:
        return [], [_yaml_problem(err, text, path)]
    return nodes, []


def _yaml_problem(err: Exception, text: str, path: str) -> Problem:
    """What PyYAML found wrong, as merit says it."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        if err.context:
            what = f"{what} ({err.context})"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            what = "a tab character (expected spaces: YAML indents with spaces only)"
        else:
            try:
                plain = _missing_colon(text, err)
            except (IndexError, ValueError):  # marks past the text: libyaml's own words then
                plain = None
            if plain is not None:
                line, column, what = plain
                return Problem(path, line + 1, column + 1, f"invalid YAML: {what}")
        return problem_at(path, mark, f"invalid YAML: {what}")
    if isinstance(err, yaml.reader.ReaderError):
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        what = f"control character U+{ord(char):04X}" if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 else f"character U+{ord(char):04X}"
        return Problem(path, line, column, f"invalid YAML: {what} is not allowed (expected printable text)")
    if isinstance(err, RecursionError):
        return Problem(path, 1, 1, "nested too deeply")
    first = str(err).strip().splitlines()[0] if str(err).strip() else "cannot be parsed"
    return Problem(path, 1, 1, f"invalid YAML: {first}")


# --- long texts, a record at a time -----------------------------------------------------------------
#
# Composing a whole text builds about a hundred times its size in nodes; a long one (a file of
# 100,000 applicants, or 16 MiB of tiny items) is first checked in one pass over its events, which
# holds nothing, and then composed one record at a time. A record is a document, or an item of a
# document that is a list.

STREAM_AFTER = 256 * 1024  # bytes: a longer text is composed a record at a time
MAX_RECORDS = 100_000  # in one file
MAX_RECORD_VALUES = 50_000  # YAML values (scalars, lists, mappings) in one record


def compose_records(text: str, path: str, noun: str = "record") -> tuple[Iterator[yaml.Node], list[Problem]]:
    """The documents of a YAML text, as compose_documents gives them, one at a time.

    A long text (over STREAM_AFTER) is checked whole first (syntax, aliases, nesting, the number
    and size of its records, which are called ``noun`` in messages), and then composed one
    document at a time; a document that is a list is a SequenceNode whose ``value`` is an
    iterator of its items, composed as they are taken.
    """
    if len(text) <= STREAM_AFTER:
        nodes, problems = compose_documents(text, path)
        return iter(nodes), problems
    problem = _long_text_problem(text, path, noun)
    if problem is not None:
        return iter(()), [problem]
    return _documents(text), []


def _long_text_problem(text: str, path: str, noun: str, places: _Places | None = None) -> Problem | None:
    """The first problem of a long text as a whole, or None; ``places`` collects where its documents and records start."""
    starts = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = records = values = 0
    in_list = False
    record = None  # where the record being read starts
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, starts):
                if depth == 0:
                    in_list = isinstance(event, yaml.SequenceStartEvent)
                    if places is not None:
                        places.root(event)
                if depth == (1 if in_list else 0):
                    records += 1
                    values = 0
                    record = event.start_mark
                    if places is not None and in_list and record is not None:
                        places.records.append((record.index, record.line))
                    if records > MAX_RECORDS:
                        what = f"more than {MAX_RECORDS:,} {noun}s in one file (expected at most {MAX_RECORDS:,}; split the file)"
                        return problem_at(path, event.start_mark, what)
                values += 1
                if values > MAX_RECORD_VALUES:
                    what = f"{_an(noun)} of more than {MAX_RECORD_VALUES:,} values (expected far fewer)"
                    return problem_at(path, record, what)
                if not isinstance(event, yaml.ScalarEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return problem_at(path, event.start_mark, TOO_DEEP)
            elif isinstance(event, ends):
                depth -= 1
            elif isinstance(event, yaml.DocumentStartEvent) and places is not None and event.start_mark is not None:
                places.documents.append((event.start_mark.index, event.start_mark.line, bool(event.explicit)))
            elif isinstance(event, yaml.AliasEvent):
                return problem_at(
                    path, event.start_mark, f"YAML alias *{event.anchor} is not allowed (expected the value written out in full)"
                )
    except (yaml.YAMLError, RecursionError) as err:
        try:  # libyaml may stop at a nesting limit of its own before merit's
            deep = _depth_problem(text, path) if _may_nest_deeply(text) else None
        except (yaml.YAMLError, RecursionError):
            deep = None
        return deep or _yaml_problem(err, text, path)
    return None


class _Places:
    """Where the documents of a long text start, and the items of a list that is its only document."""

    __slots__ = ("documents", "records", "roots", "lists", "block_list")

    def __init__(self) -> None:
        self.documents: list[tuple[int, int, bool]] = []  # (index, line, whether it is marked ---)
        self.records: list[tuple[int, int]] = []  # (index, line) of each item of a list at the top
        self.roots = 0
        self.lists = 0  # documents that are lists
        self.block_list = False  # the first document is a list written in block style

    def root(self, event: yaml.Event) -> None:
        self.roots += 1
        self.lists += isinstance(event, yaml.SequenceStartEvent)
        if self.roots == 1:
            self.block_list = isinstance(event, yaml.SequenceStartEvent) and not event.flow_style


SLICE_RECORDS = 256  # records in a slice of a long text (see split_records)


def split_records(text: str, path: str, noun: str = "record") -> list[str] | None:
    """A long text of many records cut into texts of about SLICE_RECORDS records each, which parse
    to the same records at the same lines and columns (each is padded with the newlines before it);
    None when the text is short, has a problem as a whole (compose_records reports it), or is not
    cut cleanly: several documents that include a list, a list item whose dash stands on another
    line, or YAML directives.

    A cut falls at the line of a document marked ``---``, or of a ``- `` at the start of a line
    that begins an item of the list that is the text's only document."""
    if len(text) <= STREAM_AFTER or text.startswith("%") or "\n%" in text:
        return None
    places = _Places()
    if _long_text_problem(text, path, noun, places) is not None:
        return None
    if places.roots == 1 and places.block_list:
        cuts = []
        for index, line in places.records[SLICE_RECORDS::SLICE_RECORDS]:
            start = text.rfind("\n", 0, index) + 1
            if not _DASH.fullmatch(text, start, index):
                return None
            cuts.append((start, line))
    elif len(places.documents) == places.roots and not places.lists:
        cuts = []
        for index, line, explicit in places.documents[SLICE_RECORDS::SLICE_RECORDS]:
            if not explicit or (index and text[index - 1] != "\n"):
                return None
            cuts.append((index, line))
    else:
        return None
    if not cuts:
        return None
    ends = [start for start, _ in cuts] + [len(text)]
    return [text[:ends[0]]] + ["\n" * line + text[start:end] for (start, line), end in zip(cuts, ends[1:])]


_DASH = re.compile(r"-[ \t]+")


def compose_checked(text: str) -> Iterator[yaml.Node]:
    """The documents of a text that split_records cut from a long text checked whole, one at a time
    (as compose_records gives a long text's documents)."""
    return _documents(text)


def _an(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


# The nodes made below take their events' marks, which libyaml makes of its own Mark class (the fields of
# PyYAML's): types-PyYAML types a node's marks as PyYAML's Mark only, hence the ignores of arg-type below.


def _documents(text: str) -> Iterator[yaml.Node]:
    events = yaml.parse(text, Loader=Loader)
    for event in events:
        if not isinstance(event, yaml.DocumentStartEvent):
            continue
        root = next(events)
        if isinstance(root, yaml.SequenceStartEvent):
            items = _items(events)
            yield yaml.SequenceNode(
                # libyaml's marks, typed as PyYAML's only (see above)
                _tag(root, yaml.SequenceNode), items, root.start_mark, root.end_mark, root.flow_style  # type: ignore[arg-type]
            )
            for _ in items:  # what the reader did not take
                pass
        else:
            yield _compose(root, events)


def _items(events: Iterator[yaml.Event]) -> Iterator[yaml.Node]:
    for event in events:
        if isinstance(event, yaml.SequenceEndEvent):
            return
        yield _compose(event, events)


def _tag(event: yaml.Event, kind: type) -> str:
    tag = event.tag  # type: ignore[attr-defined]
    return _Composer._TAGS[kind] if tag is None or tag == "!" else tag


def _compose(event: yaml.Event, events: Iterator[yaml.Event]) -> yaml.Node:
    """The node that starts with this event, as the composer would make it (tags left unresolved)."""
    if isinstance(event, yaml.ScalarEvent):
        return yaml.ScalarNode(
            # libyaml's marks, typed as PyYAML's only (see above)
            _tag(event, yaml.ScalarNode), event.value, event.start_mark, event.end_mark, event.style  # type: ignore[arg-type]
        )
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[yaml.Node] = []
        for child in events:
            if isinstance(child, yaml.SequenceEndEvent):
                return yaml.SequenceNode(
                    # libyaml's marks, typed as PyYAML's only (see above)
                    _tag(event, yaml.SequenceNode), items, event.start_mark, child.end_mark, event.flow_style  # type: ignore[arg-type]
                )
            items.append(_compose(child, events))
    if isinstance(event, yaml.MappingStartEvent):
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for child in events:
            if isinstance(child, yaml.MappingEndEvent):
                return yaml.MappingNode(
                    # libyaml's marks, typed as PyYAML's only (see above)
                    _tag(event, yaml.MappingNode), pairs, event.start_mark, child.end_mark, event.flow_style  # type: ignore[arg-type]
                )
            pairs.append((_compose(child, events), _compose(next(events), events)))
    raise yaml.YAMLError(f"unexpected {type(event).__name__}")  # the check before has refused aliases
