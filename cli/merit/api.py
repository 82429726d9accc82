"""merit as a library: load a catalogue, read applicants, screen them, turn decisions into records.

Everything a notebook, a script or a distributed job needs is here and in
``merit``'s ``__all__``; the command line is built on these functions only.
Nothing here prints or exits: problems with input come back as values
(``Problem``) or as an ``InputError`` that carries them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from merit.model.applicants import Applicant
from merit.model.decisions import Decision, Detail, Determination
from merit.model.specs import ClassSpec, Series
from merit.pipeline import highest_level as highest_level  # public here too (merit.highest_level)
from merit.problems import InputError, Problem
from merit.specs import Catalogue, UnknownClass, bundled_specs_dir
from merit.specs import load_catalogue as _load_directory

if TYPE_CHECKING:
    from merit.engine.policy import Policy


def _depth(detail: str | Detail) -> Detail:
    return Detail.named(detail)


def _reasons(reasons: str) -> str:
    from merit.pipeline import check_reasons

    return check_reasons(reasons)


def load_catalogue(directory: str | os.PathLike[str] | None = None) -> Catalogue:
    """The class specs of a directory (the bundled ones by default), checked and built.

    Raises ``InputError`` with every problem of every spec file when one is wrong.
    """
    return _load_directory(Path(directory) if directory is not None else bundled_specs_dir())


def applicant_from_mapping(data: Mapping[str, Any], catalogue: Catalogue | None = None, name: str = "<mapping>") -> Applicant:
    """An applicant from a mapping with the keys of the applicant file (as ``yaml.safe_load`` or JSON give).

    Checked exactly as a file is; raises ``InputError`` with the problems, named ``name``.
    """
    import yaml

    # keys in the order given, as a file reads them (the representer sorts them by default)
    node = yaml.representer.SafeRepresenter(sort_keys=False).represent_data(_plain(data))
    _unplaced(node)
    from merit.applicants import Reading, applicants_of

    catalogue = catalogue or _bundled()
    loaded = applicants_of([node], name, Reading.of(catalogue))
    if loaded.problems:
        # a mapping has no lines: each message names its key, and the position is 1:1
        raise InputError([Problem(p.path, max(p.line, 1), max(p.column, 1), p.message) for p in loaded.problems])
    if len(loaded.applicants) != 1:
        raise InputError([Problem(name, 1, 1, "expected one applicant (a mapping with at least id)")])
    return loaded.applicants[0]


def _unplaced(node) -> None:
    """Give represented nodes a position of line 0, which entries take as "no line" (a job's label names none)."""
    import yaml

    # PyYAML takes a mark without a buffer (pointer None), as its C loader makes them; the stub asks for an int
    nowhere = yaml.Mark("<mapping>", 0, -1, -1, None, None)  # type: ignore[arg-type]
    stack = [node]
    while stack:
        n = stack.pop()
        n.start_mark = n.end_mark = nowhere
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _plain(value: Any) -> Any:
    """Mappings and sequences of any kind as dicts and lists, which the YAML representer knows."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class Read:
    """What one file or stream gave: its good applicants and the problems of the rest."""

    __slots__ = ("path", "applicants", "problems")

    def __init__(self, path: str, applicants: list[Applicant], problems: list[Problem]) -> None:
        self.path = path
        self.applicants = applicants
        self.problems = problems


def read_applicants(
    source: str | os.PathLike[str] | IO[bytes] | IO[str], catalogue: Catalogue | None = None, name: str | None = None
) -> Read:
    """Every applicant of one YAML file (a path; ``-`` is standard input, named ``<stdin>``) or
    stream (an open file), with the problems of bad records.

    A bad record is reported and left out; the good ones of the same file are kept.
    """
    from merit.applicants import Reading, load_file, parse_applicants
    from merit.yamlsafe import MAX_BYTES, read_capped, read_text

    catalogue = catalogue or _bundled()
    if isinstance(source, (str, os.PathLike)):
        path = None if source == "-" else Path(source)  # None: standard input, read as the command reads it
        loaded = load_file(path, Reading.of(catalogue), name or ("<stdin>" if path is None else os.fspath(source)))
    else:
        label = name or getattr(source, "name", None) or "<stream>"
        import io

        # an endless stream is read only to the cap
        data = source.read(MAX_BYTES + 1) if isinstance(source, io.TextIOBase) else read_capped(source, MAX_BYTES)  # type: ignore[arg-type]
        raw = data.encode() if isinstance(data, str) else data
        text, problems = read_text(str(label), raw)
        if text is None:
            return Read(str(label), [], problems)
        loaded = parse_applicants(text, str(label), Reading.of(catalogue))
    return Read(loaded.path, loaded.applicants, loaded.problems)


def classes(catalogue: Catalogue, names: Iterable[str] = (), series: str | None = None) -> list[ClassSpec]:
    """The classes named (ids, codes, aliases or titles) and every level of ``series``; all classes when neither.

    Raises ``UnknownClass`` (a ``LookupError`` with a suggestion in its message) for a name that is
    no class or no series.
    """
    chosen = catalogue.classes_named(list(names))
    for s in series_named(catalogue, series) if series is not None else []:
        chosen.extend(c for c in s.classes if c not in chosen)
    return chosen or catalogue.classes


def series_named(catalogue: Catalogue, name: str) -> list[Series]:
    """The series of that id or family, lowest first; ``UnknownClass`` with a suggestion for none."""
    ranked = catalogue.series_named(name)
    if not ranked:
        from merit.schema import suggest

        names = catalogue.series_names()
        raise UnknownClass(f"unknown series {name!r}{suggest(name, names)} (expected one of: {', '.join(names)})")
    return ranked


def screen(
    applicant: Applicant,
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None = None,
    as_of: dt.date | None = None,
    detail: str = "jobs",
    selective: bool = False,
    determinations: Iterable[Determination] = (),
    policy: Policy | None = None,
) -> list[Decision]:
    """One decision per class (and specialty) for one applicant, judged on ``as_of`` (default: today).

    ``classes`` are class specs or names (every class by default); ``detail`` is how
    deep the reasons go: ``outcomes``, ``requirements`` or ``jobs`` (every job's months);
    ``selective`` adds a decision for each selective certification of a class;
    ``determinations`` are an analyst's answers to decision points (``load_determinations``;
    those for other applicants are ignored). A determination for a class screened here that
    no decision point asks for is left out and listed in the decision's ``stale``. ``policy`` is an
    office's policy (``load_policy``): its presumptions fill what the record leaves unsaid, its standing
    answers come after the analyst's own, and each decision carries its ``policy_digest``.
    """
    chosen = catalogue.classes if classes is None else [_class(catalogue, c) for c in classes]
    targets = [(c, catalogue.series_of(c)) for c in chosen]
    day = as_of or dt.date.today()
    from merit.pipeline import decide

    return decide(applicant, targets, day, _depth(detail), tuple(determinations), selective, policy)


def office_policy(specs: str | os.PathLike[str] | None = None, path: str | os.PathLike[str] | None = None) -> Policy | None:
    """The office's policy: the file ``path``, else ``policy.yaml`` in the specs directory ``specs`` (the
    bundled specs by default) if there is one, else None. Raises ``InputError`` with every problem of the file."""
    from merit.policy import POLICY_FILE

    if path is None:
        found = (Path(specs) if specs is not None else bundled_specs_dir()) / POLICY_FILE
        if not os.path.lexists(found):  # anything else of that name (a link, a pipe) is read, or refused, as a file
            return None
        path = found
    return load_policy(path)


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """An office's policy file (docs/policy.md). Raises ``InputError`` with every problem of the file."""
    from merit.policy import load_policy as _load

    loaded = _load(os.fspath(path))
    if loaded.policy is None:
        raise InputError(loaded.problems)
    return loaded.policy


def parse_date(text: str) -> dt.date:
    """A date as files write one (``YYYY-MM-DD``); a ValueError that suggests the reading of other ways of writing it."""
    from merit.dates import date_hint, parse_iso_date

    day = parse_iso_date(text)
    if day is None:
        raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD){date_hint(text, months=False)}")
    return day


SCHEMAS = ("applicant", "spec", "determinations", "policy")


def json_schema(kind: str, specs: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The JSON Schema of a file format (``applicant``, ``spec``, ``determinations`` or ``policy``), with the duty
    terms of ``specs`` (a specs directory; the bundled ones by default) where the format names duties."""
    from merit.schema import document_schema
    from merit.specs import load_terms

    terms = load_terms(Path(specs) if specs is not None else bundled_specs_dir(), [])
    if kind == "applicant":
        from merit.applicant_format import APPLICANT

        return document_schema(APPLICANT, title="merit applicant file", terms=terms, many=True)
    if kind == "determinations":
        from merit.determinations import DETERMINATION

        return document_schema(DETERMINATION, title="merit determinations file", many=True)
    if kind == "policy":
        from merit.policy import POLICY

        return document_schema(POLICY, title="merit policy file")
    if kind == "spec":
        from merit.spec_format import SPEC_FILE

        return document_schema(SPEC_FILE, title="merit class spec file", terms=terms)
    raise ValueError(f"kind={kind!r} is not one of {', '.join(SCHEMAS)}")


def load_determinations(path: str | os.PathLike[str], *more: str | os.PathLike[str]) -> list[Determination]:
    """The answered determinations of a determinations file (docs/determinations.md); entries still
    without an answer are skipped. Several files merge in the order given: the same answer twice is
    one, two that disagree are a problem. Raises ``InputError`` with every problem of the files."""
    from merit.determinations import load_determinations as _load
    from merit.determinations import merge

    found, problems = merge([_load(os.fspath(p)) for p in (path, *more)])
    if problems:
        raise InputError(problems)
    return found


def _class(catalogue: Catalogue, cls: ClassSpec | str) -> ClassSpec:
    if isinstance(cls, ClassSpec):
        return cls
    return catalogue.classes_named([cls])[0]


def screen_targets(
    applicant: Applicant,
    targets: list[tuple[ClassSpec, Series]],
    as_of: dt.date,
    level: Detail = Detail.JOBS,
    determinations: tuple[Determination, ...] = (),
    selective: bool = False,
) -> list[Decision]:
    """Every decision for one applicant against (class, series) pairs, reasons to ``level`` (a ``Detail``),
    with the analyst's ``determinations`` for this applicant applied (others are ignored); with
    ``selective``, one more per selective certification of a class."""
    from merit.engine import screen_applicant

    return screen_applicant(applicant, targets, as_of, level, determinations, selective)


def record(decision: Decision, highest: str | None = None, name: str | None = None, reasons: str = "full") -> dict[str, Any]:
    """A decision as the JSON record ``merit screen --format json`` writes (a dict of plain values).

    ``name`` is the applicant's name (``Applicant.name``) for the record's ``name`` key;
    ``reasons`` is ``--reasons``: ``full``, ``summary`` (no tree) or ``none`` (no one-line reason either).
    """
    from merit.render.records import record as _record

    return _record(decision, highest, name, _reasons(reasons))


def json_line(decision: Decision, highest: str | None = None, name: str | None = None, reasons: str = "full") -> str:
    """A decision as one line of ``merit screen --format jsonl``, without the newline (``reasons`` as for record)."""
    from merit.render.records import json_line as _json_line

    return _json_line(decision, highest, name, _reasons(reasons))


def screen_records(
    applicants: Iterable[Applicant] | Iterable[str | os.PathLike[str]],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None = None,
    series: str | None = None,
    as_of: dt.date | None = None,
    detail: str = "requirements",
    reasons: str = "full",
) -> Iterator[dict[str, Any]]:
    """Records for many applicants (or applicant files), as ``merit screen --format json`` gives
    them (with ``highest_level`` for ``series``, and an error record for input that could not be
    screened); ``reasons="none"`` decides with ``detail="outcomes"``, the least work, and ``reasons="summary"``
    with ``detail="summary"``, as the command does."""
    from merit.render.records import error_record

    day = as_of or dt.date.today()
    for item in _screened(applicants, catalogue, classes, series, day, detail, reasons, "records"):
        yield error_record(item, day, item.applicant) if isinstance(item, Problem) else item


def screen_lines(
    applicants: Iterable[Applicant] | Iterable[str | os.PathLike[str]],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None = None,
    series: str | None = None,
    as_of: dt.date | None = None,
    detail: str = "requirements",
    reasons: str = "full",
    jobs: int = 1,
) -> Iterator[str]:
    """The lines ``merit screen --format jsonl`` writes for many applicants, each without its newline.

    ``applicants`` are ``Applicant`` values, or applicant files, directories and ``-`` as the
    command takes them (then ``jobs`` above 1 screens them in that many processes). The same text
    as the command's, given the same classes, ``series`` and ``as_of``: each record's ``file`` is
    the applicant's (``applicant_from_mapping``'s ``name``), ``highest_level`` is filled in for
    ``series``, and input that could not be screened (a bad record, an id seen before) is an
    error line in its place. ``detail="jobs"`` is ``--explain``, ``reasons`` is ``--reasons``
    (``none`` decides with ``detail="outcomes"``, ``summary`` with ``detail="summary"``).
    """
    from merit.render.records import error_json_line

    day = as_of or dt.date.today()
    for item in _screened(applicants, catalogue, classes, series, day, detail, reasons, "jsonl", jobs):
        if isinstance(item, Problem):
            yield error_json_line(item, day, item.applicant)
        else:
            yield from item.splitlines()


def _screened(
    applicants: Iterable[Any],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None,
    series: str | None,
    as_of: dt.date,
    detail: str,
    reasons: str,
    fmt: str,
    jobs: int = 1,
) -> Iterator[Any]:
    """What merit.batch gives, in order: each applicant's rendered results, or a Problem."""
    from merit.pipeline import batch

    if _reasons(reasons) == "none":
        detail = "outcomes"
    elif reasons == "summary" and _depth(detail) == Detail.REQUIREMENTS:
        detail = "summary"  # what a summary record shows, as the command decides it
    parts = batch(applicants, catalogue, classes, series, as_of, fmt, detail, reasons, jobs=jobs)
    try:
        for part in parts:
            yield from part.problems
            for result in part.results:
                if isinstance(result, Problem):
                    yield result
                elif fmt == "records":
                    yield from result.rendered
                elif result.rendered:
                    yield result.rendered if isinstance(result.rendered, str) else _spilled(result.rendered)
    finally:
        parts.close()


def _spilled(place: tuple[str, int, int]) -> str:
    """Text a worker process wrote to its spill file (merit.pool)."""
    path, offset, length = place
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.pread(fd, length, offset).decode()
    finally:
        os.close(fd)


def error_line(problem: Problem, as_of: dt.date, applicant: str | None = None) -> str:
    """The line ``merit screen --format jsonl`` writes for input that could not be screened, without the newline.

    Its ``status`` is ``error``; ``file``, ``line``, ``column`` and ``message`` are the
    problem's, ``applicant`` the id when one is known (by default the id the bad record gives
    plainly, ``problem.applicant``). A batch that writes one for every bad record accounts for
    every input, as the command does.
    """
    from merit.render.records import error_json_line

    return error_json_line(problem, as_of, applicant if applicant is not None else problem.applicant)


_BUNDLED: Catalogue | None = None


def _bundled() -> Catalogue:
    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = load_catalogue()
    return _BUNDLED
