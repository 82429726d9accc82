"""Screening a batch: applicant files, directories, standard input or applicants in; for each
applicant its results, rendered in the format asked for, in the order given.

This is the one pipeline behind ``merit screen`` and ``merit.screen_lines``. ``batch`` yields a
``Part`` for each file (or each piece of a long file): the file's problems, then its applicants'
results in order, a duplicate id turned into a problem in its place. With ``jobs`` above 1 the
files go to a pool of worker processes (merit.pool), whose rendered text comes back through
files in the temporary directory; the order of the results is the order of the inputs either way.

Nothing here prints: problems, determinations not applied and warnings are values of the parts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from merit.model.applicants import Applicant
from merit.model.decisions import STALE, Decision, Detail, Determination, Status
from merit.model.specs import ClassSpec, Series
from merit.problems import Problem

if TYPE_CHECKING:
    from merit.engine.policy import Policy
    from merit.reuse import Unit
    from merit.specs import Catalogue
    from merit.store import Store

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "determinations")
RECORDS = ("jsonl", "json", "csv", "tsv")  # the formats that write records, which --reasons trims
# What records carry of the reasons (merit screen --reasons): the tree, the one-line reason
# and decision points without the tree, or the statuses alone.
REASONS = ("full", "summary", "none")
QUIET = "quiet"  # a batch whose results are only counted (merit screen --quiet): nothing rendered
PIECE = 64  # applicants in a part of a long file or of a stream of applicants
# The key under which the answers of an applicant pattern (applicant: "*") wait for the applicants they name.
PATTERNED = "*"


def check_reasons(reasons: str) -> str:
    """``reasons`` when it is one of REASONS; a ValueError that names them otherwise."""
    if reasons not in REASONS:
        raise ValueError(f"reasons={reasons!r} is not one of {', '.join(REASONS)}")
    return reasons


def detail_for(fmt: str, explain: bool = False, reasons: str = "full") -> Detail:
    """How deep the reasons go for a format: every job with ``explain`` and in a table (whose
    headline may name a job); otherwise records stop at requirements, with their arithmetic and
    citations. Records without reasons (``reasons="none"``) and a quiet batch need only the statuses;
    summary records (``reasons="summary"``) only what the one-line reason and the decision points read."""
    if fmt == QUIET or reasons == "none":
        return Detail.OUTCOMES
    if explain or fmt == "table":
        return Detail.JOBS
    return Detail.SUMMARY if reasons == "summary" and fmt in RECORDS else Detail.REQUIREMENTS


class Result:
    """One applicant's results: its id, where its record is (``file:line``), the (class, specialty,
    status) of each result, and the results rendered (text; for a table, the decisions)."""

    __slots__ = ("applicant", "where", "statuses", "rendered")

    def __init__(self, applicant: str, where: str, statuses: tuple[tuple[str, str | None, str], ...], rendered: Any) -> None:
        self.applicant = applicant
        self.where = where
        self.statuses = statuses
        # text (str, or UTF-8 bytes kept in the results store), or where a worker wrote it (a file, an
        # offset and a length: see merit.render.stream), or (decisions, highest levels, name) for a table
        self.rendered = rendered


class Part:
    """What one file, or one piece of a long file, gave.

    ``path``: the file; ``part``: 0 for a file's first piece; ``problems``: records that could not be
    screened; ``stale``: determinations for these applicants that no decision point asks for (one
    line each); ``results``: each good applicant's ``Result`` in input order, or a ``Problem`` in
    its place for an id seen before in the batch; ``warnings``: what the batch did instead of what
    was asked (a worker process that ended), one line each; ``matched``: (file, line) of each answer
    by pattern that settled a point of these results."""

    __slots__ = ("path", "part", "problems", "stale", "results", "warnings", "built", "matched")

    def __init__(
        self,
        path: str,
        problems: list[Problem],
        results: list[Any],
        stale: list[str] | None = None,
        part: int = 0,
        matched: set[tuple[str, int]] | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        self.results = results
        self.stale = [] if stale is None else stale
        self.part = part
        self.matched = set() if matched is None else matched
        self.warnings: list[str] = []
        self.built = len(results)  # applicants read, screened or not (a slice's parts are regrouped by it: merit.pool)


class Work:
    """What screening needs, built once per process: the classes, the renderer, the answers and the office's policy."""

    __slots__ = ("catalogue", "targets", "ranked", "as_of", "render", "detail", "spill", "selective", "determinations", "debug", "policy", "store")

    def __init__(
        self,
        catalogue: Catalogue,
        targets: list[tuple[ClassSpec, Series]],
        ranked: list[Series],
        as_of: dt.date,
        render: Any,
        detail: Detail,
        selective: bool = False,
        determinations: dict[str, tuple[Determination, ...]] | None = None,
        debug: bool = False,
        policy: Policy | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.targets = targets
        self.ranked = ranked
        self.as_of = as_of
        self.render = render  # (decisions, highest, name) -> what the writer adds
        self.detail = detail
        self.spill: str | None = None  # in a worker: the directory its rendered text goes to (merit.pool)
        self.selective = selective
        self.determinations = {} if determinations is None else determinations  # by applicant id
        self.debug = debug  # an unexpected exception stops the batch with its traceback (merit --debug)
        self.policy = policy  # the office's presumptions and standing answers, if any
        self.store: Store | None = None  # results kept from runs before (merit.store), if any


def answers_by_applicant(
    determinations: Iterable[Determination], catalogue: Catalogue, policy: Policy | None = None
) -> tuple[dict[str, tuple[Determination, ...]], list[str]]:
    """The answers by applicant id (those of an applicant pattern under ``PATTERNED``), and a line for
    each answer, and each standing answer of ``policy``, that names no class of the catalogue (not applied)."""
    from merit.engine.points import names_a_class

    kept = []
    unknown = []
    for det in determinations:
        if not names_a_class(det.point, catalogue.classes):
            why = (
                "names no class of the specs (expected a point id that starts with a class id, such as"
                f" {catalogue.classes[0].id}/...); not applied"
            )
            unknown.append(stale_line(det, why))
            continue
        kept.append(det)
    for det in () if policy is None else policy.answers:
        if not names_a_class(det.point, catalogue.classes):
            unknown.append(
                f"{det.file}:{det.line}:{det.column}: standing answer {det.point} names no class of the specs"
                f" (expected a point id or pattern that starts with a class id, such as {catalogue.classes[0].id}/...); not applied"
            )
    return by_applicant(kept), unknown


def by_applicant(determinations: Iterable[Determination]) -> dict[str, tuple[Determination, ...]]:
    """Answers by applicant id; those of an applicant pattern together under ``PATTERNED``."""
    from merit.engine.points import is_pattern

    out: dict[str, list[Determination]] = {}
    for det in determinations:
        out.setdefault(PATTERNED if is_pattern(det.applicant) else det.applicant, []).append(det)
    return {k: tuple(v) for k, v in out.items()}


def answers_for(determinations: dict[str, tuple[Determination, ...]], applicant: str) -> tuple[Determination, ...]:
    """An applicant's answers: their own, then those of the applicant patterns that name them."""
    own = determinations.get(applicant, ())
    patterned = determinations.get(PATTERNED)
    if not patterned:
        return own
    from fnmatch import fnmatchcase

    return own + tuple(d for d in patterned if fnmatchcase(applicant, d.applicant))


def decide(
    applicant: Applicant,
    targets: list[tuple[ClassSpec, Series]],
    as_of: dt.date,
    detail: Detail,
    answers: tuple[Determination, ...] = (),
    selective: bool = False,
    policy: Policy | None = None,
) -> list[Decision]:
    """One applicant's decisions; with an office's ``policy``, its presumptions fill what the record
    leaves unsaid, its standing answers come after the analyst's own, and each decision carries its digest."""
    from merit.engine import screen_applicant

    if policy is None:
        return screen_applicant(applicant, targets, as_of, detail, answers, selective)
    from merit.engine.policy import presume

    decisions = screen_applicant(presume(applicant, policy), targets, as_of, detail, answers + policy.answers, selective)
    for d in decisions:
        d.policy_digest = policy.digest
    return decisions


def by_pattern(decisions: list[Decision]) -> set[tuple[str, int]]:
    """Where the answers by pattern that settled points of these results were written: (file, line)."""
    from merit.engine.points import is_pattern

    return {
        (p.determination.file, p.determination.line)
        for d in decisions
        for p in d.points
        if p.determination is not None and (is_pattern(p.determination.point) or is_pattern(p.determination.applicant))
    }


def unmatched_patterns(
    answers: dict[str, tuple[Determination, ...]], matched: set[tuple[str, int]], screened: list[ClassSpec]
) -> list[Determination]:
    """The answers by pattern that could name a point of the classes screened, and settled none."""
    from merit.engine.points import is_pattern, names_a_class

    out: dict[tuple[str, int], Determination] = {}
    for given in answers.values():
        for det in given:
            if (is_pattern(det.point) or is_pattern(det.applicant)) and (det.file, det.line) not in matched and names_a_class(det.point, screened):
                out.setdefault((det.file, det.line), det)
    return list(out.values())


def stale_line(det: Determination, why: str) -> str:
    """A determination that is not applied, as one line at its place in the determinations file."""
    return f"{det.file}:{det.line}:{det.column}: determination for {det.applicant} {det.point} {why}"


def internal_error(path: str, line: int, doing: str, err: Exception) -> Problem:
    """An exception merit did not expect, as one line at the place it happened."""
    what = str(err).strip().split("\n", 1)[0]
    return Problem(
        path, line, 1, f"internal error {doing}: {type(err).__name__}{': ' + what if what else ''} (run with --debug for the traceback)"
    )


# --- renderers, chosen by format; they run where the screening runs ----------------------


def renderer(fmt: str, escape: bool = True, reasons: str = "full", answers: dict[str, tuple[Determination, ...]] | None = None):
    """(decisions, highest levels, name) -> the results rendered in ``fmt`` (a determinations file
    keeps the ``answers`` given, by applicant id, beside the points they settle)."""
    if fmt == QUIET:
        return _render_nothing
    if fmt in ("csv", "tsv"):
        from merit.render.records import Dialect

        return partial(_render_rows, Dialect(tsv=fmt == "tsv", escape=escape), reasons)
    if fmt in ("jsonl", "json"):
        return partial(_render_records, fmt, reasons)
    if fmt == "records":  # dicts, for merit.screen_records
        return partial(_render_dicts, reasons)
    if fmt == "determinations":
        return partial(_render_determinations, answers or {})
    return _render_table


def _render_determinations(
    answers: dict[str, tuple[Determination, ...]], decisions: list[Decision], highest: dict[str, str | None], name: str | None
) -> str:
    from merit.render.determinations import entries

    given = answers_for(answers, decisions[0].applicant) if decisions else ()
    return entries(decisions, name, given)


def _render_records(fmt: str, reasons: str, decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> str:
    from merit.render import records

    if fmt == "jsonl":
        return "".join(records.json_line(d, highest.get(d.series), name, reasons) + "\n" for d in decisions)
    return ",\n  ".join(records.json_line(d, highest.get(d.series), name, reasons) for d in decisions)


def _render_dicts(reasons: str, decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> list:
    from merit.render import records

    return [records.record(d, highest.get(d.series), name, reasons) for d in decisions]


def _render_rows(dialect, reasons: str, decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> str:
    from merit.render import records

    return "".join(records.csv_row(d, highest.get(d.series), name, dialect, reasons) for d in decisions)


def _render_nothing(decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> str:
    return ""


def _render_table(decisions: list[Decision], highest: dict[str, str | None], name: str | None):
    return decisions, highest, name


# --- the work one file needs; runs in worker processes too --------------------------------


def screen_loaded(loaded, work: Work, part: int = 0, unit: Unit | None = None, ordinal: int = 0) -> Part:
    """The applicants of one piece of a file screened and rendered (``loaded``: merit.applicants.Loaded);
    with a ``unit`` of the store, the ``ordinal``-th applicant of its text first."""
    done = []
    problems = list(loaded.problems)
    stale: list[str] = []
    matched: set[tuple[str, int]] = set()
    for k, a in enumerate(loaded.applicants):
        try:
            answers = answers_for(work.determinations, a.id)
            if unit is not None and work.store is not None:
                from merit.reuse import screen_applicant

                statuses, rendered, lines, applied = screen_applicant(work.store, unit, ordinal + k, a, answers, work)
                unit.applicants.append((a.id, a.line))
            else:
                decisions = decide(a, work.targets, work.as_of, work.detail, answers, work.selective, work.policy)
                rendered = work.render(decisions, {s.id: highest_level(decisions, s) for s in work.ranked}, a.name)
                statuses = tuple((d.cls, d.specialty, d.status) for d in decisions)
                lines = [stale_line(det, det.why or STALE) for d in decisions for det in d.stale]
                applied = by_pattern(decisions) if answers else set()
        except Exception as err:  # noqa: BLE001 - one applicant merit cannot screen is reported; the batch goes on
            if work.debug:
                raise
            problems.append(internal_error(a.file, a.line, "screening this applicant", err))
            continue
        done.append(Result(a.id, f"{a.file}:{a.line}", statuses, rendered))
        stale.extend(lines)
        matched.update(applied)
    screened = Part(loaded.path, problems, done, stale, part, matched)
    screened.built = len(loaded.applicants)
    return screened


def screen_slice(label: str, text: str, work: Work) -> Iterator[Part]:
    """What a slice of a long file gives (merit.applicants.split_applicants): a part for each
    applicant, with the problems of the records before it (merit.pool puts them back into pieces)."""
    from merit.applicants import Reading, slice_applicants

    if work.store is not None and work.store.active():
        from merit.reuse import screen_text

        yield from screen_text("slice", label, None, work, text)
        return
    for loaded in slice_applicants(text, label, Reading.of(work.catalogue, work.as_of)):
        yield screen_loaded(loaded, work)


def screen_file(label: str, path, work: Work) -> Iterator[Part]:
    """What one file (or standard input, for None) gives, a piece at a time: a file of 100,000
    applicants is read, screened and written as it goes."""
    from merit.applicants import Reading, stream_file

    reading = Reading.of(work.catalogue, work.as_of)
    part = 0
    try:
        if work.store is not None and work.store.active():
            from merit.reuse import screen_text

            for done in screen_text("file", label, path, work):
                part = done.part + 1
                yield done
            return
        # a str, not a Path: a Path interns its parts, and a batch's names would stay in memory
        for loaded in stream_file(path, reading, label):
            yield screen_loaded(loaded, work, part)
            part += 1
    except Exception as err:  # noqa: BLE001 - one file merit cannot read is reported; the batch goes on
        if work.debug:
            raise
        yield Part(label, [internal_error("<stdin>" if path is None else label, 1, "reading this file", err)], [], part=part)


class Decided(Protocol):
    """As much of a decision as ``highest_level`` reads (a stored result has it too)."""

    @property
    def cls(self) -> str: ...
    @property
    def series(self) -> str: ...
    @property
    def status(self) -> str: ...


def highest_level(decisions: Iterable[Decided], series: Series) -> str | None:
    """The id of the highest class of ``series`` met (eligible or conditional) among these decisions, or None."""
    level = {c.id: c.level for c in series.classes}
    best = None
    for d in decisions:
        if d.series == series.id and d.status in (Status.ELIGIBLE, Status.CONDITIONAL):
            if best is None or level[d.cls] > level[best]:
                best = d.cls
    return best


# --- the batch ----------------------------------------------------------------------------


class Batch:
    """The parts of a batch, in input order (iterate it once; ``close`` stops a pool early).

    ``unapplied`` lists, before anything is screened, the determinations (and the policy's standing
    answers) that name no class of the catalogue (one line each); ``empty`` is true when the inputs
    name no file at all; ``unmatched``, once the parts are read, the answers by pattern that settled
    no decision point.
    """

    def __init__(
        self,
        inputs: Iterable[Any],
        catalogue: Catalogue,
        targets: list[tuple[ClassSpec, Series]],
        ranked: list[Series],
        as_of: dt.date,
        fmt: str,
        detail: Detail,
        reasons: str,
        selective: bool,
        determinations: Iterable[Determination],
        jobs: int,
        csv_escape: bool,
        debug: bool = False,
        policy: Policy | None = None,
        store: Store | None = None,
    ) -> None:
        import itertools

        answers, self.unapplied = answers_by_applicant(determinations, catalogue, policy)
        self.answers = answers  # by applicant id, those of an applicant pattern under PATTERNED
        self.matched: set[tuple[str, int]] = set()  # the answers by pattern that settled a point
        self.answered: set[str] = {PATTERNED}  # the applicants screened that answers name by id
        render = renderer(fmt, csv_escape, reasons, answers)
        self.work = Work(catalogue, targets, ranked, as_of, render, detail, selective, answers, debug, policy)
        if store is not None and fmt not in ("table", "records"):  # a table's decisions are values, not text to keep
            self.work.store = store
            store.begin(self.work, fmt, reasons, csv_escape)
        self.fmt = fmt
        self.csv_escape = csv_escape
        self.jobs = jobs
        items = iter(inputs)
        first = next(items, None)
        self.applicants = isinstance(first, Applicant)
        if self.applicants:
            self.files: Any = itertools.chain((first,), items)
            self.inputs: list[str] = []
        else:
            from merit.inputs import expand

            self.inputs = [os.fspath(i) for i in itertools.chain(() if first is None else (first,), items)]
            files = expand(self.inputs)
            head = next(files, None)
            self.files = itertools.chain(() if head is None else (head,), files)
        self.empty = first is None or (not self.applicants and head is None)
        self._parts: Iterator[Part] | None = None

    def warnings(self) -> list[str]:
        """What the results store could not do, not said yet (one line each): the batch went on without it."""
        return [] if self.work.store is None else self.work.store.take()

    def listed(self) -> int:
        """How many files the batch reads (the file names are listed once, and kept, to count them)."""
        if self.applicants:
            return 1
        listed = list(self.files)
        self.files = iter(listed)
        return len(listed)

    def __iter__(self) -> Iterator[Part]:
        from merit.seen import unique

        if self._parts is None:
            self._parts = self._noted(unique(self._screened(), self._places()))
        return self._parts

    def _noted(self, parts: Iterator[Part]) -> Iterator[Part]:
        """The parts, with the answers by pattern they applied and the applicants answers name noted."""
        try:
            for done in parts:
                self.matched |= done.matched
                if self.answers:
                    self.answered.update(r.applicant for r in done.results if isinstance(r, Result) and r.applicant in self.answers)
                yield done
        finally:
            parts.close()  # type: ignore[attr-defined]
            if self.work.store is not None:
                self.work.store.close()

    def unmatched(self) -> list[str]:
        """A line for each answer by pattern that could name a point of the classes screened and settled
        none (the answers of applicants not screened left out), once the parts are read."""
        given = {k: self.answers[k] for k in self.answered if k in self.answers}
        lost = unmatched_patterns(given, self.matched, [c for c, _ in self.work.targets])
        return [stale_line(det, "matches no decision point of this run (a pattern of ids, * any run of characters); not applied") for det in lost]

    def close(self) -> None:
        """Stop now: a pool's workers are ended and its temporary files removed."""
        if self._parts is not None:
            self._parts.close()  # type: ignore[attr-defined]

    def _screened(self) -> Iterator[Part]:
        if self.applicants:
            yield from _pieces(self.files, self.work)
            return
        from merit.pool import screened

        yield from screened(self.files, self.work, self.jobs, self.fmt, self.csv_escape)

    def _places(self):
        from merit.seen import FileNames, InputPlaces

        return FileNames() if self.applicants else InputPlaces(self.inputs)


def _pieces(applicants: Iterator[Applicant], work: Work) -> Iterator[Part]:
    """Applicants given as values, screened a piece at a time, as one file."""
    import itertools

    from merit.applicants import Loaded

    part = 0
    while True:
        piece = list(itertools.islice(applicants, PIECE))
        if not piece and part:
            return
        yield screen_loaded(Loaded(piece[0].file if piece else "<applicants>", piece, []), work, part)
        part += 1
        if len(piece) < PIECE:
            return


def batch(
    inputs: Iterable[str | os.PathLike[str]] | Iterable[Applicant],
    catalogue: Catalogue,
    classes: Iterable[ClassSpec | str] | None = None,
    series: str | None = None,
    as_of: dt.date | None = None,
    format: str = "jsonl",
    detail: str | Detail | None = None,
    reasons: str = "full",
    selective: bool = False,
    determinations: Iterable[Determination] = (),
    jobs: int = 1,
    csv_escape: bool = True,
    debug: bool = False,
    policy: Policy | None = None,
    store: str | os.PathLike[str] | None = None,
) -> Batch:
    """Screen a batch: the parts it gives, in input order (see ``Part``).

    ``inputs`` are applicant files, directories of them and ``-`` for standard input, or
    ``Applicant`` values; ``classes`` (specs or names, every class by default) and every level of
    ``series`` are screened, with the highest level met in ``series``; ``format`` is one of
    FORMATS (or ``quiet``); ``detail`` defaults to what the format shows; ``jobs`` above 1 screens
    files in that many processes; ``debug`` lets an unexpected exception end the batch with its
    traceback instead of becoming a problem of its applicant; ``policy`` is an office's policy
    (``load_policy``), applied to every applicant (its digest in each result); ``store`` names a
    results store (docs/store.md): what it holds for the same inputs is reused, the rest decided and
    kept (``merit.StoreRefused`` for a file that is not safe to use; other trouble is a warning).
    """
    from merit.api import classes as named
    from merit.api import series_named

    chosen = named(catalogue, [c if isinstance(c, str) else c.id for c in classes or ()], series)
    if format not in (*FORMATS, QUIET, "records"):
        raise ValueError(f"format={format!r} is not one of {', '.join(FORMATS)}")
    level = detail_for(format, False, check_reasons(reasons)) if detail is None else Detail.named(detail)
    return Batch(
        inputs,
        catalogue,
        [(c, catalogue.series_of(c)) for c in chosen],
        series_named(catalogue, series) if series else [],
        as_of or dt.date.today(),
        format,
        level,
        reasons,
        selective,
        determinations,
        jobs,
        csv_escape,
        debug,
        policy,
        None if store is None or format in ("table", "records") else _store(store),
    )


def _store(path: str | os.PathLike[str]) -> Store:
    from merit.store import Store

    return Store(path)
