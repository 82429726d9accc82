"""Saved results read back: the JSON Lines or JSON that ``merit screen`` wrote, record by record.

``merit summary`` and ``merit report`` work from these files, so a batch is
screened once and reported as often as needed. A line that is not a result is
a positioned problem, and the good records around it are kept.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from merit.problems import Problem
from merit.render.records import CSV_COLUMNS

TABLES = (("CSV", ","), ("TSV", "\t"))  # the header line merit screen writes first in each
NOT_A_RESULT = "(expected a result record as merit screen --format jsonl writes: an object with applicant, class and status)"


class Run(dict):
    """The run's parameters at the head of a JSON document (``merit screen -f json``): as-of date, specs,
    the determinations file and its sha256."""


def read_results(source: str) -> Iterator[dict | Problem]:
    """The records of one results file (``-`` for standard input), and a Problem for each line that is not one."""
    for item in read_numbered(source):
        if not isinstance(item, Run):
            yield item if isinstance(item, Problem) else item[1]


def read_numbered(source: str) -> Iterator[tuple[int, dict] | Problem | Run]:
    """As ``read_results``, each record with its line in the file (for messages placed at a record), and the
    run's parameters where a JSON document gives them. A file is read a line at a time: merit's JSON
    document too (one record a line), so that memory holds one record, never the file."""
    label = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            yield from _records(label, sys.stdin)
            return
        with open(source, encoding="utf-8-sig", newline="") as stream:
            yield from _records(label, stream)
    except FileNotFoundError:
        yield Problem(label, 1, 1, "no such file (expected a file of results written by merit screen -f jsonl)")
    except IsADirectoryError:
        yield Problem(label, 1, 1, "is a directory (expected a file of results written by merit screen -f jsonl)")
    except UnicodeDecodeError as err:
        yield Problem(label, 1, 1, f"not UTF-8 text ({err.reason}; expected JSON Lines)")
    except OSError as err:
        yield Problem(label, 1, 1, f"cannot be read: {err.strerror or err}")


def _records(label: str, stream) -> Iterator[tuple[int, dict] | Problem | Run]:
    first = stream.readline()
    table = next((name for name, sep in TABLES if first.startswith(sep.join(CSV_COLUMNS[:3]) + sep)), None)
    if table is not None:  # merit's own CSV: one line for the file, not one for each of its rows
        why = f"merit screen's {table} output, whose reasons are flattened to text (expected results written with merit screen -f jsonl or -f json)"
        yield Problem(label, 1, 1, why)
        return
    if first.lstrip().startswith(('{"results"', '{"run"')):  # one JSON document (--format json)
        if first.rstrip().endswith('"results": ['):  # as merit writes it: a record a line
            yield from _document_lines(label, first, stream)
        else:
            yield from _document(label, first + stream.read())
        return
    for number, line in enumerate(_chain(first, stream), 1):
        if not line.strip():
            continue
        value = _parse(label, number, line)
        yield value if isinstance(value, Problem) else _checked(label, number, value)


def _parse(label: str, line: int, text: str):
    """The JSON value of ``text`` (starting at ``line``), or a Problem at its place."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        return Problem(label, line + err.lineno - 1, err.colno, f"not JSON: {err.msg.lower()} {NOT_A_RESULT}")
    except RecursionError:
        return Problem(label, line, 1, f"nested more deeply than any result {NOT_A_RESULT}")


def _chain(first: str, stream) -> Iterator[str]:
    if first:
        yield first
    yield from stream


def _document_lines(label: str, first: str, stream) -> Iterator[tuple[int, dict] | Problem | Run]:
    head = _parse(label, 1, first.rstrip() + "]}")
    if isinstance(head, Problem):
        yield head
        return
    if isinstance(head.get("run"), dict):
        yield Run(head["run"])
    for number, line in enumerate(stream, 2):
        text = line.strip()
        if text in ("]}", "]", ""):
            continue
        value = _parse(label, number, text.removesuffix(","))
        yield value if isinstance(value, Problem) else _checked(label, number, value)


def _document(label: str, text: str) -> Iterator[tuple[int, dict] | Problem | Run]:
    document = _parse(label, 1, text)
    if isinstance(document, Problem):
        yield document
        return
    results = document.get("results") if isinstance(document, dict) else None
    if isinstance(document, dict) and isinstance(document.get("run"), dict):
        yield Run(document["run"])
    if not isinstance(results, list):
        yield Problem(label, 1, 1, f'no list under "results" {NOT_A_RESULT}')
        return
    for k, value in enumerate(results):
        yield _checked(label, k + 2, value)  # merit writes one record a line, after the first


def _checked(label: str, line: int, value) -> tuple[int, dict] | Problem:
    if not isinstance(value, dict) or not isinstance(value.get("status"), str) or "class" not in value:
        return Problem(label, line, 1, f"not a result record {NOT_A_RESULT}")
    wrong = _shape(value)
    if wrong:
        return Problem(label, line, 1, f"{wrong}, as merit screen writes it")
    return line, value


# The fields of a record as merit screen writes them: what summary, report and notice read from it.
TEXT_FIELDS = (
    "applicant", "file", "class", "specialty", "status", "path", "eligible_from", "as_of", "series", "title",
    "highest_level", "selective", "name", "reason", "message", "merit_version", "spec_digest", "spec_date",
)  # fmt: skip
REASON_TEXT = ("requirement", "outcome", "detail", "citation")
REASONS_DEPTH = 100  # deeper than any spec's tree; rendering a deeper one would exhaust the stack
_KINDS = {str: "text", list: "a list", dict: "an object", bool: "true or false", int: "a number", float: "a number"}


def _kind(value) -> str:
    return _KINDS.get(type(value), "null" if value is None else type(value).__name__)


def _shape(r: dict) -> str | None:
    """What is wrong with the shape of a record (a field of another type), or None."""
    for key in TEXT_FIELDS:
        if not isinstance(r.get(key), (str, type(None))):
            return f"'{key}' is {_kind(r[key])} (expected text or null)"
    for key in ("decision_points", "stale_determinations", "reasons", "assumed"):
        items = r.get(key)
        if items is None:
            continue
        expected = "a list of text" if key == "assumed" else "a list of objects"
        if not isinstance(items, list):
            return f"'{key}' is {_kind(items)} (expected {expected})"
        for item in items:
            if not isinstance(item, str if key == "assumed" else dict):
                return f"'{key}' holds {_kind(item)} (expected {expected})"
            if key in ("decision_points", "stale_determinations") and isinstance(item, dict):
                odd = next((k for k, v in item.items() if isinstance(v, (list, dict))), None)
                if odd is not None:
                    return f"'{key}' holds a '{odd}' that is {_kind(item[odd])} (expected text, a number or null)"
    return _reasons_shape(r.get("reasons") or [])


def _reasons_shape(top: list) -> str | None:
    stack = [(node, 1) for node in top]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict):
            return f"'reasons' holds {_kind(node)} (expected a list of objects)"
        if depth > REASONS_DEPTH:
            return f"'reasons' nested more than {REASONS_DEPTH} deep (expected the tree of a spec)"
        for key in REASON_TEXT:
            if not isinstance(node.get(key), (str, type(None))):
                return f"'reasons' holds a '{key}' that is {_kind(node[key])} (expected text or null)"
        children = node.get("reasons")
        if children is not None and not isinstance(children, list):
            return f"'reasons' holds a 'reasons' that is {_kind(children)} (expected a list of objects)"
        stack.extend((child, depth + 1) for child in children or ())
    return None

