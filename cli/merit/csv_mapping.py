"""The mapping file of a spreadsheet import: which columns hold an applicant's id, name, education,
jobs, licences and answers, the date formats the export writes, the office's duty words as duty
terms and its other words as merit's. Checked with positions, as every file merit reads
(docs/reports.md documents it; ``merit.importer`` applies it to the rows)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from merit.answers import QuestionId
from merit.applicant_format import EDUCATION, JOB, LICENSE
from merit.problems import Problem
from merit.schema import INVALID, Ctx, Field, Record, Type, suggest
from merit.schema_types import Choice, ListOf, MapOf, Term, Text
from merit.yamlsafe import compose_documents, read_text

SECTIONS = {"education": EDUCATION, "experience": JOB, "licenses": LICENSE}
DATE_TOKENS = {"YYYY": r"(?P<year>\d{4})", "MM": r"(?P<month>\d{1,2})", "M": r"(?P<month>\d{1,2})",
               "DD": r"(?P<day>\d{1,2})", "D": r"(?P<day>\d{1,2})", "MON": r"(?P<mon>[A-Za-z]{3,9})"}
MONTHS = {m: k for k, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


class DateFormat:
    """A date format written as people write it (MM/DD/YYYY, YYYY-MM, MON YYYY); without a day it gives a month."""

    def __init__(self, text: str) -> None:
        self.text = text
        pattern = ""
        for token in re.findall(r"YYYY|MON|MM|M|DD|D|.", text):
            pattern += DATE_TOKENS.get(token, re.escape(token))
        self.regex = re.compile(pattern + r"$")
        self.has_day = "(?P<day>" in pattern
        self.valid = "(?P<year>" in pattern and ("(?P<month>" in pattern or "(?P<mon>" in pattern)

    def parse(self, value: str) -> str | None:
        """The ISO form (YYYY-MM-DD, or YYYY-MM for a month), or None if the value does not fit."""
        m = self.regex.match(value.strip())
        if not m:
            return None
        parts = m.groupdict()
        month = int(parts["month"]) if parts.get("month") else MONTHS.get((parts.get("mon") or "")[:3].lower(), 0)
        year = int(parts["year"])
        try:
            if self.has_day:
                return dt.date(year, month, int(parts["day"])).isoformat()
            return dt.date(year, month, 1).isoformat()[:7]
        except ValueError:
            return None


class OneOrMore(Type):
    """One value or a list of them, built as a list."""

    expected = "a value or a list"

    def __init__(self, item: Type) -> None:
        self.item = item

    def build(self, node, ctx):
        if isinstance(node, yaml.SequenceNode):
            return ListOf(self.item).build(node, ctx)
        value = self.item.build(node, ctx)
        return INVALID if value is INVALID else [value]


class FieldName(Text):
    """A key of an applicant file's section, as the file writes it (hours_per_week)."""

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__(expected="one of " + ", ".join(names))
        self.names = names

    def build(self, node, ctx):
        word = super().build(node, ctx)
        if word is INVALID or word in self.names:
            return word
        return ctx.error(node, f"unknown field {word!r} (expected {self.expected}){suggest(word, self.names)}")


COLUMNS = OneOrMore(Text(expected="a column name"))  # several: their cells joined by a space ([First Name, Last Name])


def _section(record: Record) -> Type:
    return MapOf(FieldName(tuple(record.fields)), COLUMNS, expected=f"{record.name} field -> column(s)")


MAPPING = Record(
    name="mapping",
    fields={
        "layout": Field(Choice(("job-rows", "applicant-rows")), default="job-rows",
                        description="job-rows: one row per job; applicant-rows: one row per applicant, numbered columns"),
        "delimiter": Field(Text(), default=","),
        "dates": Field(ListOf(Text()), default=["YYYY-MM-DD", "YYYY-MM"], description="date formats, tried in order"),
        "separator": Field(Text(), default=";", description="between the words of a duties or subjects cell"),
        "columns": Field(
            Record(
                name="columns",
                fields={
                    "id": Field(Text(expected="a column name"), required=True, example="Applicant ID"),
                    "name": Field(COLUMNS, description="a column, or columns joined by a space: [First Name, Last Name]"),
                    **{k: Field(_section(r)) for k, r in SECTIONS.items()},
                    "answers": Field(
                        MapOf(QuestionId(), Text(expected="a column name"), expected="question id -> column"),
                        description="the columns that answer the specs' supplemental questions",
                    ),
                },
                make=lambda line, **kw: kw,
            ),
            required=True,
            example="{id: Applicant ID, ...}",
        ),
        "duties": Field(MapOf(Text(), OneOrMore(Term())), default={}, description="office word -> duty term(s)"),
        "values": Field(MapOf(Text(), MapOf(Text(), Text(), allow_empty=True)), default={},
                        description="field (or section.field) -> {office word: merit's word}"),
    },
    make=lambda line, **kw: kw,
)


class Mapping:
    """A checked mapping: the columns of each field, the date formats and the word tables."""

    def __init__(self, values: dict, root: yaml.Node) -> None:
        self.layout = values.get("layout", "job-rows")
        self.delimiter = values.get("delimiter", ",")
        self.formats = [DateFormat(f) for f in values.get("dates", ["YYYY-MM-DD", "YYYY-MM"])]
        self.separator = values.get("separator", ";")
        self.columns = values["columns"]
        self.duties = {k.strip().lower(): v for k, v in values.get("duties", {}).items()}
        self.values = {k.strip().lower(): {w.strip().lower(): str(t) for w, t in table.items()} for k, table in values.get("values", {}).items()}
        self.root = root

    def node(self, *keys: str) -> yaml.Node:
        """The mapping file's node at these keys (for a problem's position)."""
        node = self.root
        for key in keys:
            for k, v in node.value:
                if k.value == key:
                    node = v
                    break
        return node


def load_mapping(path: str, terms: dict[str, str], questions: dict | None = None) -> tuple[Mapping | None, list[Problem]]:
    text, problems = read_text(Path(path))
    if text is None:
        return None, problems
    nodes, problems = compose_documents(text, path)
    if problems:
        return None, problems
    documents = [n for n in nodes if not (isinstance(n, yaml.ScalarNode) and n.value == "")]
    if not documents:
        return None, [Problem(path, 1, 1, "empty file (expected a mapping: columns, dates, duties)")]
    ctx = Ctx(path, terms, questions=questions)
    values = MAPPING.build(documents[0], ctx)
    problems = sorted(ctx.problems, key=lambda p: (p.line, p.column))
    if values is INVALID or problems:
        return None, problems or [Problem(path, 1, 1, "not a mapping (expected columns, dates, duties)")]
    mapping = Mapping(values, documents[0])
    for k, f in enumerate(mapping.formats):
        if not f.valid:
            node = mapping.node("dates").value[k]
            problems.append(Problem(path, node.start_mark.line + 1, node.start_mark.column + 1,
                                    f"date format {f.text!r} has no year or month (expected a format such as MM/DD/YYYY or YYYY-MM)"))
    return (None if problems else mapping), problems
