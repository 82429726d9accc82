"""Applicants from a spreadsheet: a CSV export and a mapping (YAML) in, checked applicant files out.

The mapping names the columns, the date formats and a table from the office's
own duty words to duty terms, and the columns that answer the specs' supplemental
questions (docs/reports.md documents it). Each applicant is
built as YAML nodes placed at the CSV cells they come from, and checked by the
same schema that reads applicant files, so every problem is reported as
``file.csv:row:column`` (rows as a spreadsheet numbers them, the header being
row 1). An applicant with a problem is not written; no row is lost silently.

What a real export holds beside that: a name in two columns (``name: [First
Name, Last Name]``); duties told in words, kept as ``duties_text`` for an
analyst rather than refused; paid or volunteer in words; dates no record can
hold (an end in 2202) and places a letter away from one merit knows
("Californa"), each told at its cell; and an export too large to read, refused
before it is read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import yaml

from merit.answers import as_written
from merit.applicants import Reading, applicants_of
from merit.csv_mapping import SECTIONS, Mapping
from merit.known_places import KnownPlaces
from merit.problems import Problem
from merit.render.visible import visible
from merit.schema import Field, Record, normal_word, suggest
from merit.seen import id_key
from merit.yamlsafe import MAX_BYTES, MAX_RECORDS

LISTS = {"duties", "subjects"}  # cells that hold several words, split at the separator
STR = "tag:yaml.org,2002:str"
STAND_IN_DATE = "0001-01-01"
MAX_ROWS = MAX_RECORDS  # rows of one export, as applicants in one YAML file
FREE_TEXT_WORDS = 3  # a piece of a duties cell of this many words that is no duty word is the applicant's own words
PAID_WORDS = {"paid": "true", "yes": "true", "y": "true", "volunteer": "false", "unpaid": "false", "no": "false", "n": "false"}
EARLIEST_YEAR, YEARS_AHEAD = 1900, 10  # a date outside these is a typing slip, not a career
# what an applicant file (YAML) cannot hold: the C0 and C1 controls but tab, line feed, carriage return and NEL
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


class Imported:
    """What an import gave: the applicants to write (id, data, first row), the problems, the warnings
    (which write the applicant all the same) and the tally of rows."""

    def __init__(self) -> None:
        self.applicants: list[tuple[str, dict, list[int]]] = []
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rows = 0
        self.blank = 0
        self.imported_rows = 0
        self.rejected_rows = 0


def import_csv(
    csv_path: str,
    mapping: Mapping,
    mapping_path: str,
    terms: dict[str, str],
    competencies=None,
    questions=None,
    places: KnownPlaces | None = None,
) -> Imported:
    import csv

    done = Imported()
    try:
        with open(csv_path, encoding="utf-8-sig", newline="") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_BYTES:  # refused before it is read: 200,000 rows took 2.8 GB
                done.problems.append(Problem(csv_path, 1, 1, f"file is {size:,} bytes (expected at most {MAX_BYTES:,}; split the export)"))
                return done
            rows = csv.reader(_lines(stream, MAX_BYTES), delimiter=mapping.delimiter)
            header = next(rows, None)
            if header is None:
                done.problems.append(Problem(csv_path, 1, 1, "empty file (expected a header row and a row per job or applicant)"))
                return done
            header = [h.strip() for h in header]
            fields, combined = _fields(mapping, mapping_path, header, done.problems)
            if done.problems:
                return done
            builder = _Builder(csv_path, mapping, terms, fields, (len(header), combined), places, questions)
            groups: dict[str, dict] = {}
            for number, row in enumerate(rows, 2):
                if number - 1 > MAX_ROWS:
                    done.problems = [Problem(csv_path, number, 1, f"more than {MAX_ROWS:,} rows (expected at most {MAX_ROWS:,} rows)")]
                    return done
                done.rows += 1
                if not any(c.strip() for c in row):
                    done.blank += 1
                    continue
                builder.add_row(number, row, groups)
    except _TooBig:
        done.problems = [Problem(csv_path, 1, 1, f"file is more than {MAX_BYTES:,} bytes (expected at most {MAX_BYTES:,}; split the export)")]
        return done
    except FileNotFoundError:
        done.problems.append(Problem(csv_path, 1, 1, "no such file (expected a CSV export)"))
        return done
    except UnicodeDecodeError as err:
        done.problems.append(Problem(csv_path, 1, 1, f"not UTF-8 text ({err.reason}; expected a CSV export saved as UTF-8)"))
        return done
    except (OSError, csv.Error) as err:
        done.problems.append(Problem(csv_path, 1, 1, f"cannot be read as CSV: {err}"))
        return done
    done.problems.extend(builder.problems)
    done.warnings = sorted(builder.warnings, key=lambda p: (p.line, p.column))
    nodes = [g["node"] for g in groups.values()]
    loaded = applicants_of(nodes, csv_path, Reading(terms, competencies, questions)) if nodes else None
    if loaded is not None:
        done.problems.extend(loaded.problems)
    bad_rows = {p.line for p in done.problems}
    good = {id_key(a.id): a for a in loaded.applicants} if loaded else {}
    for key, group in groups.items():
        if key in good and not (set(group["rows"]) & bad_rows):
            if "answers" in group["data"]:  # as an applicant file writes them: yes, 3, a date, the spec's values
                given = good[key].answers
                group["data"]["answers"] = {q: as_written((questions or {}).get(q), given.get(q)) for q in group["data"]["answers"]}
            done.applicants.append((group["data"]["id"], group["data"], group["rows"]))
            done.imported_rows += len(group["rows"])
    done.rejected_rows = done.rows - done.blank - done.imported_rows  # rows of rejected applicants, rows without an id
    done.problems.sort(key=lambda p: (p.line, p.column))
    return done


class _TooBig(Exception):
    """An export read past the byte cap."""


def _lines(stream, cap: int):
    """The lines of an export, at most cap characters in all (then _TooBig): a pipe or a device has no
    size to refuse it by before it is read, and /dev/zero is one line without end."""
    total = 0
    while True:
        line = stream.readline(cap - total + 1)
        if not line:
            return
        total += len(line)
        if total > cap:
            raise _TooBig
        yield line


def _fields(mapping: Mapping, mapping_path: str, header: list[str], problems: list[Problem]) -> tuple[dict, list[tuple[int, ...]]]:
    """For each field of the mapping, the CSV column(s) it reads: {(section, field): [(n, column)]}, and
    the columns that are several joined: column len(header) + j joins the columns combined[j]."""
    where = {h: k for k, h in reversed(list(enumerate(header)))}
    out: dict[tuple[str | None, str], list[tuple[int, int]]] = {}
    combined: list[tuple[int, ...]] = []
    columns = mapping.columns

    def missing(keys: tuple[str, ...], name: str) -> None:
        node = mapping.node("columns", *keys)
        shown = ", ".join(repr(h) for h in header[:12]) + (", ..." if len(header) > 12 else "")
        problems.append(Problem(mapping_path, node.start_mark.line + 1, node.start_mark.column + 1,
                                f"column {name!r} is not in the CSV's header (expected one of: {shown})"))

    def column(names: list[str], keys: tuple[str, ...]) -> int | None:
        absent = [n for n in names if n not in where]
        if absent:
            missing(keys, absent[0])
            return None
        if len(names) == 1:
            return where[names[0]]
        combined.append(tuple(where[n] for n in names))
        return len(header) + len(combined) - 1

    for key in ("id", "name"):
        if columns.get(key):
            names = columns[key] if isinstance(columns[key], list) else [columns[key]]
            k = column(names, (key,))
            if k is not None:
                out[(None, key)] = [(0, k)]
    for question, name in (columns.get("answers") or {}).items():
        k = column([name], ("answers", question))
        if k is not None:
            out[("answers", question)] = [(0, k)]
    for section in SECTIONS:
        for field, names in (columns.get(section) or {}).items():
            if any("{n}" in name for name in names):
                numbered = [[name.replace("{n}", str(n)) for name in names] for n in range(1, 100)]
                found = [(n, column(each, (section, field))) for n, each in enumerate(numbered, 1) if all(e in where for e in each)]
                if not found:
                    missing((section, field), numbered[0][0])
                out[(section, field)] = found  # type: ignore[assignment]
            else:
                k = column(names, (section, field))
                if k is not None:
                    out[(section, field)] = [(0, k)]
    return out, combined


class _Builder:
    """Rows into applicants: each value a YAML node placed at its cell."""

    def __init__(self, csv_path: str, mapping: Mapping, terms: dict[str, str], fields: dict, columns, places: KnownPlaces | None, questions: dict | None = None
    ) -> None:
        self.path = csv_path
        self.mapping = mapping
        self.terms = terms
        self.fields = fields
        self.width, self.combined = columns
        self.places = places
        self.questions = questions or {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        read = {k for places_ in fields.values() for _, k in places_}
        self.read = sorted({c for k in read for c in (self.combined[k - self.width] if k >= self.width else (k,))})
        self.paid_given = ("experience", "paid") in fields
        self.free_text: str | None = None  # the duties cell of the entry being built, when it is the applicant's own words
        self.latest = dt.date.today().year + YEARS_AHEAD

    def at(self, k: int) -> int:
        """The CSV column of a column index (the first of columns joined)."""
        return k if k < self.width else self.combined[k - self.width][0]

    def error(self, row: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, row, self.at(column) + 1, message))

    def warn(self, row: int, column: int, message: str) -> None:
        self.warnings.append(Problem(self.path, row, self.at(column) + 1, f"warning: {message}"))

    def scalar(self, value: str, row: int, k: int) -> yaml.ScalarNode:
        return _scalar(value, row, self.at(k))

    def _cells(self, number: int, row: list[str]) -> list[str]:
        """The row's cells, stripped, as long as the header, then the joined ones; a character no
        applicant file can hold (NUL, a control) is reported at its cell and left out."""
        cells = [c.strip() for c in row[: self.width]] + [""] * (self.width - len(row))
        for k in self.read:
            found = UNPRINTABLE.search(cells[k])
            if found:
                self.error(number, k, f"holds an invisible character, U+{ord(found.group()):04X} (expected printable text: an applicant file cannot hold it)")
                cells[k] = UNPRINTABLE.sub("", cells[k])
        return cells + [" ".join(cells[c] for c in joined if cells[c]) for joined in self.combined]

    def add_row(self, number: int, row: list[str], groups: dict) -> None:
        fields = self.fields
        cells = self._cells(number, row)
        id_column = fields[(None, "id")][0][1]
        written = cells[id_column]
        if not written:
            self.error(number, id_column, f"the applicant id is empty (expected an id in column {self.mapping.columns['id']!r})")
            return
        key = id_key(written)  # Ａ-1002 is A-1002
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"rows": [], "data": {"id": written}, "pairs": [(_scalar("id", number, 0), _scalar(written, number, id_column))],
                                   "sections": {}, "seen": set()}
        elif self.mapping.layout == "applicant-rows" or written != group["data"]["id"]:
            first, again = group["rows"][0], f" read as {group['data']['id']!r}" if written != group["data"]["id"] else ""
            self.error(number, id_column, f"duplicate applicant id {written!r}{again} (first at row {first}; expected one row per applicant)"
                       if not again else f"duplicate applicant id {written!r}{again} (first at row {first}; expected one spelling per applicant)")
            group["rows"].append(number)
            return
        group["rows"].append(number)
        if (None, "name") in fields:
            k = fields[(None, "name")][0][1]
            name = cells[k]
            known = group["data"].get("name")
            if name and known is None:
                group["data"]["name"] = name
                group["pairs"].append((_scalar("name", number, 0), self.scalar(name, number, k)))
            elif name and name != known:
                self.error(number, k, f"name {name!r} differs from {known!r} on row {group['rows'][0]} (expected one name per applicant)")
        for section, record in SECTIONS.items():
            numbered: dict[int, dict[str, int]] = {}
            for (s, field), places in fields.items():
                if s == section:
                    for n, k in places:
                        numbered.setdefault(n, {})[field] = k
            for n in sorted(numbered):
                entry = {f: (cells[k], k) for f, k in numbered[n].items() if cells[k]}
                if entry:
                    self._entry(group, section, record, entry, number)
        for (s, question), places in fields.items():
            if s == "answers" and cells[places[0][1]]:
                self._answer(group, question, cells[places[0][1]], number, places[0][1])
        mark = _mark(number, id_column)
        answers = [(_scalar("answers", number, 0), yaml.MappingNode("tag:yaml.org,2002:map", group["answers"], mark, mark))] if group.get("answers") else []
        group["node"] = yaml.MappingNode("tag:yaml.org,2002:map", list(group["pairs"]) + [
            (_scalar(s, number, 0), yaml.SequenceNode("tag:yaml.org,2002:seq", nodes, mark, mark))
            for s, nodes in group["sections"].items()
        ] + answers, mark, mark)

    def _answer(self, group: dict, question_id: str, raw: str, number: int, k: int) -> None:
        """One cell's answer to a supplemental question: an office word looked up in ``values``
        (``answers.ID`` or ``answers``), a several-of cell split at the separator, a date in the mapping's formats."""
        if question_id in group["data"].get("answers", {}):
            return  # job-rows repeat the applicant's answers on every row: the first row gives them
        table = self.mapping.values.get(f"answers.{question_id}") or self.mapping.values.get("answers") or {}
        question = self.questions.get(question_id)
        kind = question.type if question is not None else None
        value: str | list[str] = table.get(raw.lower(), raw)
        if kind == "several-of":
            value = [table.get(w.strip().lower(), w.strip()) for w in raw.split(self.mapping.separator) if w.strip()]
        elif kind == "date":
            parsed = next((p for p in (f.parse(raw) for f in self.mapping.formats) if p), None)
            if parsed is None:
                formats = ", ".join(f.text for f in self.mapping.formats)
                self.error(number, k, f"{question_id}: {raw!r} is not a date in a format of the mapping (expected one of: {formats})")
                return
            value = parsed
        node = (yaml.SequenceNode("tag:yaml.org,2002:seq", [_scalar(v, number, k) for v in value], _mark(number, k), _mark(number, k))
                if isinstance(value, list) else _scalar(value, number, k))
        group.setdefault("answers", []).append((_scalar(question_id, number, k), node))
        group["data"].setdefault("answers", {})[question_id] = value

    def _entry(self, group: dict, section: str, record: Record, entry: dict[str, tuple[str, int]], number: int) -> None:
        plain = tuple(sorted((f, v) for f, (v, _) in entry.items()))
        if section != "experience":  # education and licences repeat on every row of an applicant's jobs
            if (section, plain) in group["seen"]:
                return
            group["seen"].add((section, plain))
        pairs, data = [], {}
        self.free_text = None
        for field, (raw, k) in entry.items():
            value = self._value(section, field, record.fields[field], raw, number, k)
            if value is None:
                continue
            node = (yaml.SequenceNode("tag:yaml.org,2002:seq", [self.scalar(v, number, k) for v in value], _mark(number, self.at(k)), _mark(number, self.at(k)))
                    if isinstance(value, list) else self.scalar(value, number, k))
            pairs.append((_scalar(field, number, self.at(k)), node))
            data[field] = value  # typed once the applicant is checked (see applicant_yaml)
        if self.free_text is not None:  # duties in words: kept for an analyst, and the job is imported
            k = entry["duties"][1]
            text = "; ".join(t for t in (data.get("duties_text"), self.free_text) if t)
            pairs = [p for p in pairs if p[0].value != "duties_text"] + [(_scalar("duties_text", number, self.at(k)), self.scalar(text, number, k))]
            data["duties_text"] = text
        if section == "experience":
            self._flag_job(entry, number)
        mark = _mark(number, min(self.at(k) for _, k in entry.values()))
        group["sections"].setdefault(section, []).append(yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark))
        group["data"].setdefault(section, []).append(data)

    def _flag_job(self, entry: dict[str, tuple[str, int]], number: int) -> None:
        """Warnings a job's cells deserve: volunteer work taken as paid, a place a letter away from one merit knows."""
        if not self.paid_given:
            for field in ("title", "employer"):
                raw, k = entry.get(field, ("", 0))
                if re.search(r"\bvolunteer", raw, re.IGNORECASE):
                    self.warn(number, k, f"{field}: {raw!r} reads as volunteer work, but no column gives paid; the job is taken as paid"
                                         " (expected a paid column in the mapping's experience, such as paid: Paid or Volunteer)")
                    break
        if "jurisdiction" in entry and self.places is not None:
            raw, k = entry["jurisdiction"]
            near = self.places.misspelt(raw)
            if near:
                self.warn(number, k, f"jurisdiction: {raw!r} is no place merit knows; did you mean {near!r}?"
                                     " (expected a place as specs/places.yaml writes it; screening leaves the job to an analyst)")

    def _value(self, section: str, field: str, spec: Field, raw: str, number: int, k: int):
        table = self.mapping.values.get(f"{section}.{field}") or self.mapping.values.get(field) or {}
        raw = table.get(raw.lower(), raw)
        if field == "paid":
            raw = PAID_WORDS.get(raw.strip().lower(), raw)
        if field in LISTS:
            words = [w.strip() for w in raw.split(self.mapping.separator) if w.strip()]
            if field == "subjects":
                return words
            return self._duties(words, raw, number, k)
        if type(spec.type).__name__ == "Day":
            for f in self.mapping.formats:
                parsed = f.parse(raw)
                if parsed and self._plausible(field, raw, parsed, number, k):
                    return parsed
                if parsed:
                    break
            else:
                formats = ", ".join(f.text for f in self.mapping.formats)
                self.error(number, k, f"{field}: {raw!r} is not a date in a format of the mapping (expected one of: {formats})")
            # a required date stands in, so that the schema checks the rest of the entry without a second line for
            # this cell; the applicant is not written, as its row has a problem
            return STAND_IN_DATE if spec.required else None
        return raw

    def _duties(self, words: list[str], raw: str, number: int, k: int) -> list[str] | None:
        """The duty terms of a duties cell. A piece of a few words that is no duty word is the applicant's
        own words: the cell is kept whole as duties_text for an analyst (see _entry), not refused."""
        terms: list[str] = []
        unknown: list[str] = []
        for word in words:
            mapped = self.mapping.duties.get(word.lower())
            term = word.lower().replace(" ", "-")
            if mapped is not None:
                terms.extend(t for t in mapped if t not in terms)
            elif not self.terms or term in self.terms:
                terms.append(term)
            else:
                unknown.append(word)
        if any(len(word.split()) >= FREE_TEXT_WORDS for word in unknown):
            self.free_text = raw
            return terms or None
        for word in unknown:  # reported; the other words are still checked
            hint = suggest(word.lower(), list(self.mapping.duties)) or suggest(word.lower().replace(" ", "-"), self.terms)
            self.error(number, k, f"unknown duty word {word!r} (expected a word of the mapping's duties table or a duty term){hint}")
        return terms

    def _plausible(self, field: str, raw: str, parsed: str, number: int, k: int) -> bool:
        """Whether a date can be a record's (from 1900 to ten years ahead); if not, it is reported, with the
        year a slip of two digits would give ("06/30/2202": 2022)."""
        year = int(parsed[:4])
        if EARLIEST_YEAR <= year <= self.latest:
            return True
        written = parsed[:4]
        swapped = (int(written[:i] + written[i + 1] + written[i] + written[i + 2 :]) for i in range(3))
        near = sorted({y for y in swapped if EARLIEST_YEAR <= y <= self.latest}, key=lambda y: abs(y - self.latest + YEARS_AHEAD))
        self.error(number, k, f"{field}: {raw!r} is in the year {year}, which no record can hold"
                              f" (expected a date from {EARLIEST_YEAR} to {YEARS_AHEAD} years ahead)"
                              + (f"; did you mean {near[0]}?" if near else ""))
        return False


def _mark(row: int, column: int) -> yaml.Mark:
    return yaml.Mark("csv", 0, row - 1, column, None, 0)  # no buffer: the pointer into it is never read


def _scalar(value: str, row: int, column: int) -> yaml.ScalarNode:
    mark = _mark(row, column)
    return yaml.ScalarNode(STR, str(value), mark, mark, style="'")


def _typed(spec: Field, value) -> Any:
    """A checked value as the applicant file writes it: numbers as numbers, true/false, dates unquoted."""
    kind = type(spec.type).__name__
    if kind == "Number":
        number = float(str(value).replace("_", ""))
        return int(number) if number.is_integer() else number
    if kind == "Boolean":
        return str(value).lower() == "true"
    if kind == "Day" and len(str(value)) == 10:
        return dt.date.fromisoformat(str(value))
    if kind == "Choice":
        return normal_word(str(value))
    return value


def applicant_yaml(data: dict, source: str, rows: list[int]) -> str:
    """An applicant file's text, with a comment naming the rows it came from."""
    where = f"row {rows[0]}" if len(rows) == 1 else f"rows {', '.join(map(str, rows))}"
    data = {
        key: [{f: _typed(SECTIONS[key].fields[f], v) for f, v in entry.items()} for entry in value] if key in SECTIONS else value
        for key, value in data.items()
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
    # the name as text, never as YAML: a line break in it (\n, \r, NEL, U+2028) would end the comment
    return f"# imported by merit import from {visible(Path(source).name)}, {where}\n{body}"
