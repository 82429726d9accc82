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

from merit.model import Applicant, ClassSpec, Decision, Determination, Series
from merit.problems import InputError, Problem
from merit.specs import Catalogue, UnknownClass, bundled_specs_dir
from merit.specs import load_catalogue as _load_directory

if TYPE_CHECKING:
    from merit.engine.policy import Policy

# How much of the reason tree a decision carries (see merit.engine): the outcome of
# each requirement only ("outcomes": no one-line reason, no decision points, and the least
# work), requirements with their arithmetic and citations (the records' default), or down
# to a line for every job ("jobs", as --explain).
DETAIL = ("outcomes", "requirements", "jobs")
# What records carry of the reasons (merit screen --reasons): the tree, the one-line reason
# and decision points without the tree, or the statuses alone.
REASONS = ("full", "summary", "none")


def _depth(detail: str) -> int:
    if detail not in DETAIL:
        raise ValueError(f"detail={detail!r} is not one of {', '.join(DETAIL)}")
    return DETAIL.index(detail)


def _reasons(reasons: str) -> str:
    if reasons not in REASONS:
        raise ValueError(f"reasons={reasons!r} is not one of {', '.join(REASONS)}")
    return reasons


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
    from merit.applicants import applicants_of

    catalogue = catalogue or _bundled()
    loaded = applicants_of([node], name, catalogue.terms, catalogue.competency_ids)
    if loaded.problems:
        # a mapping has no lines: each message names its key, and the position is 1:1
        raise InputError([Problem(p.path, max(p.line, 1), max(p.column, 1), p.message) for p in loaded.problems])
    if len(loaded.applicants) != 1:
        raise InputError([Problem(name, 1, 1, "expected one applicant (a mapping with at least id)")])
    return loaded.applicants[0]


def _unplaced(node) -> None:
    """Give represented nodes a position of line 0, which entries take as "no line" (a job's label names none)."""
    import yaml

    nowhere = yaml.Mark("<mapping>", 0, -1, -1, None, None)
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
    """Every applicant of one YAML file (a path) or stream (an open file), with the problems of bad records.

    A bad record is reported and left out; the good ones of the same file are kept.
    """
    from merit.applicants import load_file, parse_applicants
    from merit.yamlsafe import MAX_BYTES, read_text

    catalogue = catalogue or _bundled()
    if isinstance(source, (str, os.PathLike)):
        loaded = load_file(Path(source), catalogue.terms, name or os.fspath(source), catalogue.competency_ids)
    else:
        label = name or getattr(source, "name", None) or "<stream>"
        data = source.read(MAX_BYTES + 1)  # an endless stream is read only to the cap
        raw = data.encode() if isinstance(data, str) else data
        text, problems = read_text(str(label), raw)
        if text is None:
            return Read(str(label), [], problems)
        loaded = parse_applicants(text, str(label), catalogue.terms, catalogue.competency_ids)
    return Read(loaded.path, loaded.applicants, loaded.problems)


def classes(catalogue: Catalogue, names: Iterable[str] = (), series: str | None = None) -> list[ClassSpec]:
    """The classes named (ids, codes, aliases or titles) and every level of ``series``; all classes when neither.

    Raises ``UnknownClass`` (a ``LookupError`` with a suggestion in its message) for a name that is no class.
    """
    chosen = catalogue.classes_named(list(names))
    if series is not None:
        ranked = catalogue.series_named(series)
        if not ranked:
            raise UnknownClass(f"unknown series {series!r} (expected one of: {', '.join(catalogue.series_names())})")
        for s in ranked:
            chosen.extend(c for c in s.classes if c not in chosen)
    return chosen or catalogue.classes


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
    given = tuple(determinations)
    if policy is None:
        return screen_targets(applicant, targets, day, _depth(detail), given, selective)
    from merit.engine.policy import presume

    decisions = screen_targets(presume(applicant, policy), targets, day, _depth(detail), given + policy.answers, selective)
    for d in decisions:
        d.policy_digest = policy.digest
    return decisions


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """An office's policy file (docs/policy.md). Raises ``InputError`` with every problem of the file."""
    from merit.policy import load_policy as _load

    loaded = _load(os.fspath(path))
    if loaded.policy is None:
        raise InputError(loaded.problems)
    return loaded.policy


def load_determinations(path: str | os.PathLike[str]) -> list[Determination]:
    """The answered determinations of a determinations file (docs/determinations.md); entries still
    without an answer are skipped. Raises ``InputError`` with every problem of the file."""
    from merit.determinations import load_determinations as _load

    loaded = _load(os.fspath(path))
    if loaded.problems:
        raise InputError(loaded.problems)
    return loaded.determinations


def _class(catalogue: Catalogue, cls: ClassSpec | str) -> ClassSpec:
    if isinstance(cls, ClassSpec):
        return cls
    return catalogue.classes_named([cls])[0]


def screen_targets(
    applicant: Applicant,
    targets: list[tuple[ClassSpec, Series]],
    as_of: dt.date,
    level: int = 2,
    determinations: tuple[Determination, ...] = (),
    selective: bool = False,
) -> list[Decision]:
    """Every decision for one applicant against (class, series) pairs, reasons to ``level`` (0, 1 or 2),
    with the analyst's ``determinations`` for this applicant applied (others are ignored); with
    ``selective``, one more per selective certification of a class."""
    from merit.engine import screen_applicant

    return screen_applicant(applicant, targets, as_of, level, determinations, selective)


def highest_level(decisions: Iterable[Decision], series: Series) -> str | None:
    """The id of the highest class of ``series`` met (eligible or conditional) among these decisions, or None."""
    level = {c.id: c.level for c in series.classes}
    best = None
    for d in decisions:
        if d.series == series.id and d.status in ("eligible", "conditional"):
            if best is None or level[d.cls] > level[best]:
                best = d.cls
    return best


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
    applicants: Iterable[Applicant],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None = None,
    series: str | None = None,
    as_of: dt.date | None = None,
    detail: str = "requirements",
    reasons: str = "full",
) -> Iterator[dict[str, Any]]:
    """Records for many applicants, as ``merit screen --format json`` gives them (with ``highest_level`` for
    ``series``); ``reasons="none"`` decides with ``detail="outcomes"``, the least work, as the command does."""
    detail = "outcomes" if _reasons(reasons) == "none" else detail
    for decision, highest, name in _screened(applicants, catalogue, classes, series, as_of, detail):
        yield record(decision, highest, name, reasons)


def screen_lines(
    applicants: Iterable[Applicant],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None = None,
    series: str | None = None,
    as_of: dt.date | None = None,
    detail: str = "requirements",
    reasons: str = "full",
) -> Iterator[str]:
    """The lines ``merit screen --format jsonl`` writes for many applicants, each without its newline.

    The same text as the command's, given the same classes, ``series`` and ``as_of``:
    each record's ``file`` is the applicant's (``applicant_from_mapping``'s ``name``), and
    ``highest_level`` is filled in for ``series``. ``detail="jobs"`` is ``--explain``, ``reasons``
    is ``--reasons`` (``none`` decides with ``detail="outcomes"``).
    """
    detail = "outcomes" if _reasons(reasons) == "none" else detail
    for decision, highest, name in _screened(applicants, catalogue, classes, series, as_of, detail):
        yield json_line(decision, highest, name, reasons)


def _screened(
    applicants: Iterable[Applicant],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None,
    series: str | None,
    as_of: dt.date | None,
    detail: str,
) -> Iterator[tuple[Decision, str | None, str | None]]:
    """Each decision of each applicant, with the highest level met in its series (for ``series``) and the name."""
    chosen = list(globals()["classes"](catalogue, [c if isinstance(c, str) else c.id for c in classes or ()], series))
    ranked = catalogue.series_named(series) if series else []
    targets = [(c, catalogue.series_of(c)) for c in chosen]
    day = as_of or dt.date.today()
    for a in applicants:
        decisions = screen_targets(a, targets, day, _depth(detail))
        best = {s.id: highest_level(decisions, s) for s in ranked}
        for d in decisions:
            yield d, best.get(d.series), a.name


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
