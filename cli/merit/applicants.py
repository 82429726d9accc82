"""Reading applicants from YAML texts, files and standard input, a piece at a time, with every problem
of a record at its place (the format is ``merit.applicant_format``; the files of a batch are
``merit.inputs``)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from merit.applicant_format import APPLICANT, ApplicantId
from merit.file_formats import DESCRIBED, format_of
from merit.inputs import Unread
from merit.links import Outside, unquote
from merit.model.applicants import Applicant
from merit.problems import Problem
from merit.schema import INVALID, Ctx, is_null
from merit.yamlsafe import MAX_RECORDS, compose_checked, compose_records, read_stdin, read_text, split_records

if TYPE_CHECKING:
    from merit.specs import Catalogue


class Reading:
    """What applicant records are read against, made once and handed down whole: the duty vocabulary
    (``terms``: a duty word that is not one of them is a problem), the competency ids the specs grade,
    the supplemental questions they ask (answers are typed by them), and the as-of date (an end more
    than a year after it is a problem; today, without one). Each left out is not checked: a record
    read without specs (``Reading()``) may name any duty term, competency or question. It cannot
    change once made. (Written out rather than as a frozen dataclass: importing dataclasses costs the
    start-up of every run more than this class does.)"""

    terms: dict[str, str]
    competencies: frozenset[str] | None
    questions: dict[str, Any] | None
    as_of: dt.date | None

    def __init__(
        self,
        terms: dict[str, str] | None = None,
        competencies: frozenset[str] | None = None,
        questions: dict[str, Any] | None = None,
        as_of: dt.date | None = None,
    ) -> None:
        for name, value in (("terms", {} if terms is None else terms), ("competencies", competencies), ("questions", questions), ("as_of", as_of)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Reading cannot change once made (tried to set {name})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Reading cannot change once made (tried to delete {name})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reading) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and its terms are a dict

    def __repr__(self) -> str:
        return "Reading(" + ", ".join(f"{k}={v!r}" for k, v in vars(self).items()) + ")"

    @classmethod
    def of(cls, catalogue: Catalogue, as_of: dt.date | None = None) -> Reading:
        """What a catalogue's specs know, and the day records are judged on."""
        return cls(catalogue.terms, catalogue.competency_ids, catalogue.questions, as_of)


WITHOUT_SPECS = Reading()


class _Ctx(Ctx):
    """A check of an applicant record, which knows the last day a job may end: a year after the as-of
    date its jobs are judged on (today, without one)."""

    __slots__ = ("latest",)

    def __init__(self, path: str, reading: Reading, latest: dt.date) -> None:
        super().__init__(path, reading.terms, reading.competencies, reading.questions)
        self.latest = latest


def _latest_end(as_of: dt.date | None) -> dt.date:
    from merit.engine.calendar import add_months

    day = as_of or dt.date.today()
    return add_months(day, 12) if day.year < dt.MAXYEAR else dt.date.max


class Loaded:
    """What one file gave: the applicants that are good, and the problems of the rest."""

    __slots__ = ("path", "applicants", "problems")

    def __init__(self, path: str, applicants: list[Applicant], problems: list[Problem]) -> None:
        self.path = path
        self.applicants = applicants
        self.problems = problems


EMPTY = "empty file (expected an applicant: a mapping with at least id)"
NOT_APPLICANT = "(expected an applicant: a mapping with at least id, or a list of them)"


def parse_applicants(text: str, path: str, reading: Reading = WITHOUT_SPECS) -> Loaded:
    """Every applicant of a YAML text: one mapping, a list of them, or several documents.

    A bad record is reported and left out; the good ones of the same file are kept.
    """
    return _whole(path, stream_applicants(text, path, reading))


def stream_applicants(text: str, path: str, reading: Reading = WITHOUT_SPECS, piece: int = 64) -> Iterator[Loaded]:
    """The applicants of a YAML text (see parse_applicants) a piece at a time, at most ``piece``
    applicants each, so that a file of 100,000 is screened and written as it is read."""
    documents, problems = compose_records(text, path, "applicant")
    if problems:
        yield Loaded(path, [], problems)
        return
    yield from applicants_in(documents, path, reading, piece)


def applicants_of(nodes: list[yaml.Node], path: str, reading: Reading = WITHOUT_SPECS) -> Loaded:
    """The applicants of a file's composed YAML documents (see parse_applicants)."""
    return _whole(path, applicants_in(iter(nodes), path, reading, len(nodes) or 1))


def _whole(path: str, pieces: Iterator[Loaded]) -> Loaded:
    applicants: list[Applicant] = []
    problems: list[Problem] = []
    for loaded in pieces:
        applicants.extend(loaded.applicants)
        problems.extend(loaded.problems)
    return Loaded(path, applicants, problems)


def split_applicants(text: str, path: str) -> list[str] | None:
    """A long text of applicants cut into texts of a few hundred each that read as the same
    applicants at the same places (yamlsafe.split_records), so that worker processes share one
    large file; None when it is not cut (short, a problem as a whole, or not applicants)."""
    slices = split_records(text, path, "applicant")
    if slices is None:
        return None
    for node in compose_checked(slices[0]):
        if not is_null(node):
            head = next(iter(node.value), None) if isinstance(node, yaml.SequenceNode) else None
            return None if _other_format(node, head, path) else slices
    return slices


def slice_applicants(text: str, path: str, reading: Reading = WITHOUT_SPECS) -> Iterator[Loaded]:
    """The applicants of a text split_applicants cut, one at a time, each with the problems of the
    records before it (the last with those after the last applicant)."""
    return applicants_in(compose_checked(text), path, reading, 1, whole=False)


def applicants_in(
    documents: Iterator[yaml.Node],
    path: str,
    reading: Reading = WITHOUT_SPECS,
    piece: int = 64,
    whole: bool = True,
) -> Iterator[Loaded]:
    """The applicants of composed YAML documents (see stream_applicants), a piece at a time; a
    part of a file (not ``whole``) is neither empty nor of another format: its file was checked. An
    end date more than a year after the reading's ``as_of`` (today, without one) is a problem of the record."""
    out: list[Applicant] = []
    problems: list[Problem] = []
    first: yaml.Node | None = None  # the first document, null or not, for the line of "empty file"
    latest = _latest_end(reading.as_of)
    seen = records = 0
    for node in documents:
        first = first or node
        if is_null(node):
            continue
        seen += 1
        if isinstance(node, yaml.SequenceNode):
            items = iter(node.value)  # a long text's list is composed an item at a time
            head = next(items, None)
            if head is None:
                problems.append(_at(path, node, f"empty list {NOT_APPLICANT}"))
            other = _other_format(node, head, path) if seen == 1 and whole else None
            batch: Iterator[yaml.Node] = itertools.chain((head,), items) if head is not None else iter(())
        else:
            other = _other_format(node, None, path) if seen == 1 and whole else None
            batch = iter((node,)) if isinstance(node, yaml.MappingNode) else iter(())
            if not isinstance(node, yaml.MappingNode):
                # plain text is not YAML an applicant is written in: nothing of it is quoted (it may be any
                # file a link leads to, a key or a password)
                problems.append(_at(path, node, f"found plain text, not quoted here {NOT_APPLICANT}"))
        if other:
            yield Loaded(path, [], [_at(path, node, f"this is {other}, not applicants (expected an applicant: a mapping with at least id)")])
            return
        for record in batch:
            records += 1
            if records > MAX_RECORDS:
                problems.append(
                    _at(path, record, f"more than {MAX_RECORDS:,} applicants in one file (expected at most {MAX_RECORDS:,}; split the file)")
                )
                yield Loaded(path, out, problems)
                return
            applicant = _applicant(record, path, reading, problems, latest)
            if applicant is not None:
                out.append(applicant)
                if len(out) >= piece:
                    yield Loaded(path, out, problems)
                    out, problems = [], []
    if not seen and whole:
        line = first.start_mark.line + 1 if first is not None else 1
        problems.append(Problem(path, line, 1, EMPTY))
    yield Loaded(path, out, problems)


def _applicant(record: yaml.Node, path: str, reading: Reading, problems: list[Problem], latest: dt.date = dt.date.max) -> Applicant | None:
    """One record of a file as an applicant, or None after adding its problems."""
    if not isinstance(record, yaml.MappingNode):
        what = "nothing" if is_null(record) else "a list" if isinstance(record, yaml.SequenceNode) else _describe(record)
        problems.append(_at(path, record, f"found {what} in the list (expected an applicant: a mapping with at least id)"))
        return None
    ctx = _Ctx(path, reading, latest)
    applicant = APPLICANT.build(record, ctx)
    if applicant is INVALID:
        ident = _plain_id(record, path)
        for p in ctx.problems:
            p.applicant = ident
    problems.extend(sorted(ctx.problems, key=lambda p: (p.line, p.column)))
    if applicant is INVALID:
        return None
    for c in applicant.competencies:
        applicant.competencies[c] = applicant.competencies[c].upper()
    applicant.file = path
    return applicant


def _plain_id(record: yaml.MappingNode, path: str) -> str | None:
    """The id of a record that could not be read, for its error records: only one that is a good id
    by itself (its own problems, if any, are already among the record's)."""
    for key, value in record.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id":
            ident = ApplicantId().build(value, Ctx(path))
            return None if ident is INVALID else ident
    return None


def _other_format(node: yaml.Node, head: yaml.Node | None, path: str) -> str | None:
    """Name the format of a file that is plainly not applicants (a spec given where applicants belong),
    as merit.file_formats tells it; ``head`` is the first item of a list."""
    return DESCRIBED.get(format_of(node, path, head) or "")


def _at(path: str, node: yaml.Node, message: str) -> Problem:
    return Problem(path, node.start_mark.line + 1, node.start_mark.column + 1, message)


def _describe(node: yaml.Node) -> str:
    value = str(node.value)
    return f"text {value[:40] + '...' if len(value) > 40 else value!r}"


def load_file(path: Path | Unread | None, reading: Reading = WITHOUT_SPECS, name: str | None = None) -> Loaded:
    """Every applicant of a file, or of standard input for None (see parse_applicants)."""
    return _whole(name or str(path), stream_file(path, reading, name))


def stream_file(
    path: Path | Unread | None,
    reading: Reading = WITHOUT_SPECS,
    name: str | None = None,
    read: tuple[str | None, list[Problem]] | None = None,
) -> Iterator[Loaded]:
    """The applicants of a file, or of standard input for None, a piece at a time (see stream_applicants);
    ``read`` is what reading it gave, when the caller has read it (merit.store keys results by the text)."""
    label = "<stdin>" if path is None else name or str(path)
    if isinstance(path, Unread):
        yield Loaded(label, [], [path.problem])
        return
    text, problems = read if read is not None else read_stdin() if path is None else read_text(path)
    if text is None:
        yield Loaded(label, [], [Problem(label, p.line, p.column, p.message) for p in problems])
        return
    if isinstance(path, Outside):
        yield from _unquoted(stream_applicants(text, label, reading))
        return
    yield from stream_applicants(text, label, reading)


def _unquoted(pieces: Iterator[Loaded]) -> Iterator[Loaded]:
    for loaded in pieces:
        unquote(loaded.problems)
        yield loaded
