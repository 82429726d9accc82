"""merit screen: applicants in, one decision per applicant x class (x specialty) out, streamed."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import itertools
import os
import sys
from collections import deque
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from merit.api import highest_level
from merit.api import screen_targets as screen_applicant
from merit.applicants import Loaded, Unread, expand, stream_file
from merit.engine.policy import Policy, presume
from merit.env import Environment, Exit, UsageError, debugging, usable_cpus
from merit.model import STALE, ClassSpec, Decision, Determination, Series
from merit.problems import InputError, Problem, warn
from merit.seen import Seen
from merit.specs import Catalogue, load_catalogue, specs_dir

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "determinations")
# --output's extension names the format when --format is not given; any other extension is a table
EXTENSION_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".yaml": "determinations",
    ".yml": "determinations",
}
QUIET = "quiet"  # the format of --quiet: statuses only, nothing written
PROGRESS_AFTER = 200  # files; fewer finish before a bar would help
CHUNK = 16  # files a worker screens per task: enough to amortise the hand-over, few enough to keep order cheap


class ScreenOptions:
    """The options of one merit screen run."""

    __slots__ = (
        "inputs",
        "classes",
        "series",
        "all_classes",
        "as_of",
        "format",
        "explain",
        "exit_zero",
        "output",
        "jobs",
        "specs",
        "header",
        "csv_escape",
        "summary",
        "quiet",
        "selective",
        "determinations",
        "reasons",
        "policy",
    )

    def __init__(
        self,
        inputs: list[str],
        classes: list[str] | None = None,
        series: str | None = None,
        all_classes: bool = False,
        as_of: dt.date | None = None,
        format: str | None = None,
        explain: bool = False,
        exit_zero: bool = False,
        output: str | None = None,
        jobs: int = 1,
        specs: str | None = None,
        header: bool = True,
        csv_escape: bool = True,
        summary: bool = False,
        quiet: bool = False,
        selective: bool = False,
        determinations: list[str] | str | None = None,
        reasons: str = "full",
        policy: str | None = None,
    ) -> None:
        self.inputs = inputs
        self.classes = [] if classes is None else classes
        self.series = series
        self.all_classes = all_classes
        self.as_of = as_of
        self.format = format  # None: from --output's extension, else table (see output_format)
        self.explain = explain
        self.exit_zero = exit_zero
        self.output = output
        self.jobs = jobs
        self.specs = specs
        self.header = header  # csv/tsv: the header line
        self.csv_escape = csv_escape  # csv/tsv: defuse cells a spreadsheet would run as formulas
        self.summary = summary  # counts per class and status after the results
        self.quiet = quiet  # no results on standard output (an --output file is still written)
        self.selective = selective  # also a result for each selective certification of a class
        # files of an analyst's answers to decision points, merged in the order given
        self.determinations = [determinations] if isinstance(determinations, str) else list(determinations or ())
        self.reasons = reasons  # records: full (the tree), summary (no tree) or none (statuses only)
        self.policy = policy  # the office's policy file; None: the specs directory's policy.yaml, if it has one

    @property
    def rendered(self) -> str:
        """The format results are rendered in: --format, or nothing at all when --quiet prints to standard output."""
        return QUIET if self.quiet and self.output in (None, "-") else self.format


def output_format(fmt: str | None, output: str | None) -> str:
    """The format to write: --format, else the one --output's extension names (.csv, .jsonl, .json, .yaml
    for determinations), else table.

    A --format that contradicts the extension of a data file (-f jsonl -o out.csv) is refused rather
    than one of the two being chosen silently; other extensions (.txt, none) go with any format.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    named = EXTENSION_FORMATS.get(Path(output).suffix.lower()) if output and output != "-" else None
    if fmt is None:
        return named or "table"
    if named is not None and named != fmt and named != "determinations":  # any format may be YAML
        ending = next((e for e, f in EXTENSION_FORMATS.items() if f == fmt), ".txt")
        raise UsageError(
            f"--format {fmt} but --output {output} names a {named} file"
            f" (expected one of them: leave out --format to write {named}, or name a file ending in {ending})"
        )
    return fmt


def resolve_targets(catalogue: Catalogue, opts: ScreenOptions) -> tuple[list[tuple[ClassSpec, Series]], list[Series]]:
    """The classes to screen, and the series whose highest level met is wanted (--series)."""
    from merit.specs import UnknownClass

    if opts.all_classes and opts.classes:
        raise UsageError(
            f"--all screens every class and --class names some (expected one of them: --class {opts.classes[0]}"
            " for that class, --all for every class)"
        )
    try:
        chosen = catalogue.classes_named(opts.classes)
    except UnknownClass as err:
        raise UsageError(str(err)) from None
    ranked: list[Series] = []
    if opts.series:
        ranked = catalogue.series_named(opts.series)
        if not ranked:
            from merit.schema import suggest

            raise UsageError(
                f"unknown series {opts.series!r}{suggest(opts.series, catalogue.series_names())}"
                f" (expected one of: {', '.join(catalogue.series_names())})"
            )
        for s in ranked:
            chosen.extend(c for c in s.classes if c not in chosen)
    if not chosen or opts.all_classes:  # --all is every class; with --series, that series' highest level is named too
        chosen = catalogue.classes
    return [(c, catalogue.series_of(c)) for c in chosen], ranked


# --- the work one file needs; runs in worker processes too ----------------------------
#
# A file becomes a Screened: its problems, and for each good applicant its id,
# where it was found, its statuses and its results already rendered for the
# output format. Rendering where the screening happens keeps the parent's work
# to writing text, and sends strings (cheap to pickle) between processes
# instead of trees of reasons.


class Screened:
    """What one file, or one part of a long file, gave: its problems, the rendered results of its
    applicants, and the determinations for them that no decision point asked for (one line each)."""

    __slots__ = ("path", "problems", "applicants", "stale", "part", "matched")

    def __init__(
        self,
        path: str,
        problems: list[Problem],
        applicants: list[tuple[str, str, tuple[str, ...], object]],
        stale: list[str] | None = None,
        part: int = 0,
        matched: set[tuple[str, int]] | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        self.applicants = applicants  # id, file:line, (class, specialty, status) of each result, rendered
        self.stale = [] if stale is None else stale
        self.part = part  # 0 for a file's first part: a file of many applicants comes in parts of 64
        self.matched = set() if matched is None else matched  # (file, line) of each answer by pattern applied


class _Work:
    """What screening needs, built once per process: the catalogue, the classes, and the renderer."""

    __slots__ = ("catalogue", "targets", "ranked", "as_of", "render", "explain", "spill", "selective", "determinations", "policy")

    def __init__(
        self,
        catalogue: Catalogue,
        targets: list[tuple[ClassSpec, Series]],
        ranked: list[Series],
        as_of: dt.date,
        render: object,
        explain: int,
        selective: bool = False,
        determinations: dict[str, tuple[Determination, ...]] | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.targets = targets
        self.ranked = ranked
        self.as_of = as_of
        self.render = render  # (decisions, highest) -> what the writer adds
        self.explain = explain  # how deep the engine builds reasons (merit.engine.timeline: REQUIREMENTS or JOBS)
        self.spill: str | None = None  # in a worker: the directory its rendered text goes to (see _spill)
        self.selective = selective  # also a result for each selective certification
        self.determinations = {} if determinations is None else determinations  # by applicant id
        self.policy = policy  # the office's presumptions and standing answers, if any


_WORK: _Work | None = None


def _init_worker(
    directory: str,
    class_ids: list[str],
    series_ids: list[str],
    as_of: dt.date,
    fmt: str,
    explain: int,
    spill: str | None,
    escape: bool = True,
    selective: bool = False,
    determinations: dict[str, tuple[Determination, ...]] | None = None,
    policy: Policy | None = None,
) -> None:
    """Pool initializer: a forked worker already has the parent's work; a spawned one loads the specs once."""
    global _WORK
    _die_with_parent()
    if _WORK is None:
        catalogue = load_catalogue(Path(directory))
        targets = [(catalogue.by_id[i], catalogue.series_of(catalogue.by_id[i])) for i in class_ids]
        ranked = [s for s in catalogue.series if s.id in series_ids]
        render = _renderer(fmt, escape)
        _WORK = _Work(catalogue, targets, ranked, as_of, render, explain, selective, determinations, policy)
    _WORK.spill = spill


def _die_with_parent() -> None:
    """A worker ends when its parent does, however the parent ends (SIGKILL, | head), so none is
    left behind; and it leaves signals to its parent, which stops the pool (SIGTERM ends it)."""
    import signal

    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent acts on it
    for name in ("SIGTERM", "SIGHUP", "SIGPIPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(1, signal.SIGKILL) != 0:  # PR_SET_PDEATHSIG (Linux)
            raise OSError
    except (AttributeError, ImportError, OSError, TypeError):
        import threading
        import time

        def watch() -> None:  # elsewhere: look every half second
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent ended before the worker could ask to end with it
        os._exit(1)


def explain_level(fmt: str, explain: bool, reasons: str = "full") -> int:
    """How deep the reasons go: every job with --explain and in a table (whose headline may
    name a job); otherwise records stop at requirements, with their arithmetic and citations.
    Records without reasons (--reasons none) need only the statuses."""
    from merit.engine.timeline import JOBS, OUTCOMES, REQUIREMENTS

    if fmt == QUIET or reasons == "none":  # only the statuses, for the exit code or the records
        return OUTCOMES
    return JOBS if explain or fmt == "table" else REQUIREMENTS


def _screen_loaded(loaded: Loaded, work: _Work, part: int = 0) -> Screened:
    done = []
    problems = list(loaded.problems)
    stale: list[str] = []
    matched: set[tuple[str, int]] = set()
    for a in loaded.applicants:
        try:
            answers = answers_for(work.determinations, a.id)
            policy = work.policy
            if policy is not None:  # the office's presumptions, and its standing answers after the analyst's own
                a, answers = presume(a, policy), answers + policy.answers
            decisions = screen_applicant(a, work.targets, work.as_of, work.explain, answers, work.selective)
            if policy is not None:
                for d in decisions:
                    d.policy_digest = policy.digest
            highest = _highest(decisions, work.ranked)
            rendered = work.render(decisions, highest, a.name)
        except Exception as err:  # noqa: BLE001 - one applicant merit cannot screen is reported; the batch goes on
            if debugging():
                raise
            problems.append(internal_error(a.file, a.line, "screening this applicant", err))
            continue
        results = tuple((d.cls, d.specialty, d.status) for d in decisions)
        done.append((a.id, f"{a.file}:{a.line}", results, rendered))
        stale.extend(stale_line(det, det.why or STALE) for d in decisions for det in d.stale)
        if answers:
            matched.update(by_pattern(decisions))
    return Screened(loaded.path, problems, done, stale, part, matched)


def by_pattern(decisions: list[Decision]) -> set[tuple[str, int]]:
    """Where the answers by pattern that settled points of these results were written: (file, line)."""
    from merit.engine.points import is_pattern

    return {
        (p.determination.file, p.determination.line)
        for d in decisions
        for p in d.points
        if p.determination is not None and (is_pattern(p.determination.point) or is_pattern(p.determination.applicant))
    }


def unmatched_patterns(answers: dict[str, tuple[Determination, ...]], matched: set[tuple[str, int]], screened: list) -> list[Determination]:
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


def _screen_file(label: str, path: str | Unread | None, work: _Work) -> Iterator[Screened]:
    """What one file (or standard input, for None) gives, a piece at a time: a file of 100,000
    applicants is read, screened and written as it goes."""
    catalogue = work.catalogue
    where = path  # a str, not a Path: a Path interns its parts, and a batch's names would stay in memory
    part = 0
    try:
        for loaded in stream_file(where, catalogue.terms, label, catalogue.competency_ids):
            yield _screen_loaded(loaded, work, part)
            part += 1
    except Exception as err:  # noqa: BLE001 - one file merit cannot read is reported; the batch goes on
        if debugging():
            raise
        yield Screened(label, [internal_error("<stdin>" if path is None else label, 1, "reading this file", err)], [], part=part)


def _screen_chunk(chunk: list[tuple[str, str | Unread | None]]) -> list[Screened]:
    assert _WORK is not None
    spill = _Spill(_WORK.spill) if _WORK.spill is not None else None
    done = []
    try:
        for label, path in chunk:
            for screened in _screen_file(label, path, _WORK):
                if spill is not None:
                    spill.add(screened)
                done.append(screened)
    finally:
        if spill is not None:
            spill.close()
    return done


class _Spill:
    """A chunk's rendered text, written to one file as it is made; each applicant keeps (file, offset, length).

    Text handed back through the pool's pipe costs the parent more than the
    screening leaves it: sent in pieces of a pipe's size, woken for each. From
    a file the parent copies it to the output in the kernel (see _Text.put).
    """

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.file = None
        self.path = ""
        self.offset = 0

    def add(self, screened: Screened) -> None:
        placed = []
        for applicant_id, where, statuses, rendered in screened.applicants:
            if rendered:  # nothing to copy (a json writer skips it) stays as it is
                if self.file is None:
                    import tempfile

                    fd, self.path = tempfile.mkstemp(prefix="chunk-", dir=self.directory)
                    self.file = open(fd, "wb", buffering=SPILL_BUFFER)
                data = rendered.encode()
                self.file.write(data)
                rendered = (self.path, self.offset, len(data))
                self.offset += len(data)
            placed.append((applicant_id, where, statuses, rendered))
        screened.applicants = placed

    def close(self) -> None:
        if self.file is not None:  # only problems in this chunk: no file for the parent to copy from or remove
            self.file.close()


# --- renderers, chosen by format; they run where the screening runs -------------------


REASONS = ("full", "summary", "none")
RECORDS = ("jsonl", "json", "csv", "tsv")


def _check_reasons(opts: ScreenOptions) -> None:
    """--reasons leaves out what records would carry; it says so where it cannot apply."""
    if opts.reasons not in REASONS:
        raise UsageError(f"--reasons {opts.reasons!r} is not a choice (expected full, summary or none)")
    if opts.reasons == "full":
        return
    if opts.explain:
        raise UsageError(f"--explain adds to the reasons that --reasons {opts.reasons} leaves out (use one of them)")
    if opts.format not in RECORDS:
        raise UsageError(
            f"--reasons {opts.reasons} is for records (-f jsonl, json, csv or tsv); the {opts.format} format"
            " has no reasons tree to leave out"
        )


def _renderer(fmt: str, escape: bool = True, reasons: str = "full"):
    if fmt == QUIET:
        return _render_nothing
    if fmt in ("csv", "tsv"):
        from merit.render.records import Dialect

        return partial(_render_rows, Dialect(tsv=fmt == "tsv", escape=escape), reasons)
    if fmt in ("jsonl", "json"):
        return partial(_render_records, fmt, reasons)
    if fmt == "determinations":
        return _render_determinations
    return _render_table


def _render_determinations(decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> str:
    from merit.render.determinations import entries

    given = answers_for(_WORK.determinations, decisions[0].applicant) if _WORK is not None and decisions else ()
    return entries(decisions, name, given)


def _render_records(
    fmt: str, reasons: str, decisions: list[Decision], highest: dict[str, str | None], name: str | None
) -> str:
    from merit.render import records

    if fmt == "jsonl":
        return "".join(records.json_line(d, highest.get(d.series), name, reasons) + "\n" for d in decisions)
    return ",\n  ".join(records.json_line(d, highest.get(d.series), name, reasons) for d in decisions)


def _render_rows(dialect, reasons: str, decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> str:
    from merit.render import records

    return "".join(records.csv_row(d, highest.get(d.series), name, dialect, reasons) for d in decisions)


def _render_nothing(decisions: list[Decision], highest: dict[str, str | None], name: str | None) -> str:
    return ""


def _render_table(decisions: list[Decision], highest: dict[str, str | None], name: str | None):
    return decisions, highest, name


# --- the command -------------------------------------------------------------------------


def run_screen(opts: ScreenOptions, env: Environment) -> int:
    global _WORK
    opts.format = output_format(opts.format, opts.output)
    _check_reasons(opts)
    if opts.explain and opts.format in ("csv", "tsv") and opts.rendered != QUIET:
        # the reasons column is the same with or without --explain: say so rather than ignore it
        env.error(
            "merit screen: note: --explain adds nothing to csv (its reasons column stops at requirements and"
            " their parts); -f jsonl or -f json carry a line for each job"
        )
    directory = specs_dir(opts.specs)
    try:
        catalogue = load_catalogue(directory)
    except InputError as err:
        for p in err.problems:
            env.error(str(p))
        return Exit.ERROR
    targets, ranked = resolve_targets(catalogue, opts)
    _refuse_overwriting_inputs(opts, directory)
    cpus = usable_cpus()
    if opts.jobs > cpus:  # more processes than processors only share them, each with its own memory
        env.error(f"merit screen: warning: --jobs {opts.jobs} is more than the {cpus} processors here; using {cpus}")
        opts.jobs = cpus
    as_of = opts.as_of or dt.date.today()
    answers, unknown = _determinations(opts, catalogue, env)
    if answers is None:
        return Exit.ERROR
    policy = _policy(opts, catalogue, directory, env)
    if policy is False:
        return Exit.ERROR
    files: Iterator[tuple[str, str | Unread | None]] = expand(opts.inputs)
    first = next(files, None)
    if first is None:
        raise UsageError("no applicant files given (expected files, directories or - for standard input)")
    files = itertools.chain((first,), files)
    total = None
    if env.progress:  # only a bar needs the count; without one the file list streams
        listed = list(files)
        files, total = iter(listed), len(listed)
    fmt = opts.rendered
    explain = explain_level(fmt, opts.explain, opts.reasons)
    render = _renderer(fmt, opts.csv_escape, opts.reasons)
    _WORK = work = _Work(catalogue, targets, ranked, as_of, render, explain, opts.selective, answers, policy)
    # What the engine keeps for the whole run (the specs) is done with: the
    # collector need not walk it again, and forked workers share it unchanged.
    gc.freeze()

    from merit.output import open_output

    with open_output(opts.output, env) as out:
        writer = _writer(opts, env, out, as_of, _header(opts, catalogue, targets, as_of, directory, policy), answers)
        tally = _tally(opts, targets)
        problems = 0
        stale = unknown  # determinations not applied because no decision point asks for them
        matched: set[tuple[str, int]] = set()  # the answers by pattern that settled a point
        answered: set[str] = {PATTERNED}  # the applicants screened that answers name by id
        read = invalid = 0  # files
        number = -1  # the number of the file being written, counted from 0 in the order the inputs expand to
        # Every id is kept to find duplicates, with its first place packed into one int (file number,
        # line): about 8 bytes of memory an id (merit.seen keeps the ids themselves in a temporary file),
        # and the file's name is looked up again only for a duplicate.
        seen = Seen()
        place_of = _Places(opts.inputs)
        not_all_eligible = False
        progress = _progress(env, total or 0)
        batches = _batches(files, work, opts, directory)
        try:
            for done in batches:
                if done.part == 0:
                    number += 1
                    read += 1
                    counted = False  # as invalid
                    if progress:
                        progress.advance()
                before = problems
                for p in done.problems:
                    env.error(str(p))
                    writer.error(p, p.applicant)
                    problems += 1
                for note in done.stale:
                    env.error(note)
                    stale += 1
                matched |= done.matched
                for applicant_id, where, results, rendered in done.applicants:
                    path, line = where.rsplit(":", 1)
                    first = seen.first(applicant_id, number << 32 | int(line))
                    if first is not None:
                        duplicate = Problem(
                            path, int(line), 1, f"duplicate applicant id {applicant_id!r} (first at {place_of(first)}); skipped"
                        )
                        env.error(f"{where}:1: {duplicate.message}")
                        writer.error(duplicate, applicant_id)
                        problems += 1
                        continue
                    not_all_eligible = not_all_eligible or any(r[2] in ("review", "ineligible") for r in results)
                    writer.add(rendered)
                    if applicant_id in answers:
                        answered.add(applicant_id)
                        if fmt == "determinations":
                            writer.screened(applicant_id)
                    if tally is not None:
                        tally.add_results(results)
                if problems > before:
                    invalid += not counted
                    counted = True
                    if tally is not None:
                        tally.add_invalid(done.path, problems - before)
        finally:
            batches.close()  # however the loop ends: a pool is stopped, its spill directory removed
            seen.close()
            if progress:
                progress.close()
            gc.unfreeze()
        for det in unmatched_patterns({k: answers[k] for k in answered if k in answers}, matched, [c for c, _ in targets]):
            env.error(stale_line(det, "matches no decision point of this run (a pattern of ids, * any run of characters); not applied"))
            stale += 1
        writer.close()
        if not seen and not problems:
            env.error("no applicants found in the files given")
            return Exit.ERROR
        if tally is not None:
            _print_summary(tally, opts, env, out)
    if stale:
        env.error(
            f"{stale:,} determination{'s' if stale > 1 else ''} not applied: the spec or the record changed since"
            f" {'they were' if stale > 1 else 'it was'} made (decide the points again: merit screen -f determinations)"
        )
    if problems:
        if read > 1:  # the lines above named each problem; this one says how much of the batch they cost
            env.error(f"{read:,} files: {read - invalid:,} screened, {invalid:,} invalid")
        return Exit.ERROR
    if stale:
        return Exit.ERROR
    if opts.exit_zero or not not_all_eligible:
        return Exit.OK
    return Exit.NOT_ALL_ELIGIBLE


class _Places:
    """file:line of a packed place (the file is the n-th the inputs expand to), found by walking the
    inputs again: the batch keeps no list of its file names. The walk goes on from where the last one
    stopped, so a batch that names a directory twice (every id a duplicate, each first seen in the
    order the files come) walks the inputs once, not once per duplicate."""

    def __init__(self, inputs: list[str]) -> None:
        self.inputs = inputs
        self.files: Iterator | None = None
        self.number = -1  # the number of the file last walked past
        self.label = ""

    def __call__(self, packed: int) -> str:
        number, line = divmod(packed, 1 << 32)
        if self.files is None or number < self.number:
            self.files, self.number = expand(self.inputs), -1
        while self.number < number:
            self.label = next(self.files)[0]
            self.number += 1
        return f"{'<stdin>' if self.label == '-' else self.label}:{line}"


def _refuse_overwriting_inputs(opts: ScreenOptions, specs: Path) -> None:
    """Input files are never written: --output may name no applicant file or spec file (links
    followed, hard links too), nor a file that an input directory or the specs directory would read."""
    if not opts.output or opts.output == "-":
        return
    from merit.applicants import is_applicant_name
    from merit.output import output_target
    from merit.specs import bundled_specs_dir

    target, info = output_target(opts.output)

    def same(path: Path | int) -> bool:
        try:
            other = os.stat(path) if isinstance(path, Path) else os.fstat(path)
        except (OSError, ValueError):
            return False
        return info is not None and (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)

    def refuse(what: str, where: str) -> None:
        raise UsageError(f"--output {opts.output} is, or would be read as, {what} (expected a file outside {where})")

    if any(same(Path(os.path.realpath(f))) for f in opts.determinations):
        refuse("the --determinations file", "the inputs")
    for arg in opts.inputs:
        if arg == "-":
            with contextlib.suppress(AttributeError, OSError, ValueError):
                if same(sys.stdin.fileno()):
                    refuse("an applicant file", "the inputs")
            continue
        given = Path(os.path.realpath(arg))
        if given.is_dir():
            inside = given in target.parents and all(not part.startswith(".") for part in target.relative_to(given).parts)
            if inside and is_applicant_name(target.name):
                refuse("an applicant file", "the inputs")
        elif given == target or same(given):
            refuse("an applicant file", "the inputs")
    for directory in dict.fromkeys((Path(os.path.realpath(specs)), Path(os.path.realpath(bundled_specs_dir())))):
        if target.parent == directory and target.suffix.lower() in (".yaml", ".yml"):
            refuse("a class spec file", "the specs directory")
        with contextlib.suppress(OSError):
            if any(same(p) for p in directory.iterdir() if p.suffix.lower() in (".yaml", ".yml")):
                refuse("a class spec file", "the specs directory")


def _determinations(opts: ScreenOptions, catalogue: Catalogue, env: Environment):
    """--determinations: the answers by applicant id (answers for every applicant a pattern names under
    ``PATTERNED``), and how many name no class of the specs (each reported on standard error); (None, 0)
    when a file has problems, which are reported."""
    if not opts.determinations:
        return {}, 0
    from merit.determinations import load_determinations, merge
    from merit.engine.points import is_pattern, names_a_class

    given, problems = merge([load_determinations(f) for f in opts.determinations])
    if problems:
        for p in problems:
            env.error(str(p))
        return None, 0
    by_applicant: dict[str, list[Determination]] = {}
    unknown = 0
    for det in given:
        if not names_a_class(det.point, catalogue.classes):
            env.error(stale_line(det, f"names no class of the specs (expected a point id that starts with a class id, such as {catalogue.classes[0].id}/...); not applied"))
            unknown += 1
            continue
        by_applicant.setdefault(PATTERNED if is_pattern(det.applicant) else det.applicant, []).append(det)
    return {k: tuple(v) for k, v in by_applicant.items()}, unknown


def _policy(opts: ScreenOptions, catalogue: Catalogue, directory: Path, env: Environment):
    """The office's policy: --policy, else the specs directory's policy.yaml, else None; False when the
    file has problems (each reported). A standing answer that names no class of the specs is reported."""
    from merit.policy import POLICY_FILE, load_policy

    path = opts.policy
    if path is None:
        found = directory / POLICY_FILE
        if not found.is_file():
            return None
        path = str(found)
    loaded = load_policy(path)
    for p in loaded.problems:
        env.error(str(p))
    if loaded.policy is None:
        return False
    from merit.engine.points import names_a_class

    for det in loaded.policy.answers:
        if not names_a_class(det.point, catalogue.classes):
            env.error(
                f"{det.file}:{det.line}:{det.column}: standing answer {det.point} names no class of the specs"
                f" (expected a point id or pattern that starts with a class id, such as {catalogue.classes[0].id}/...); not applied"
            )
    return loaded.policy


# The key under which the answers of an applicant pattern (applicant: "*") wait for the applicants they name.
PATTERNED = "*"


def answers_for(determinations: dict[str, tuple[Determination, ...]], applicant: str) -> tuple[Determination, ...]:
    """An applicant's answers: their own, then those of the applicant patterns that name them."""
    own = determinations.get(applicant, ())
    patterned = determinations.get(PATTERNED)
    if not patterned:
        return own
    from fnmatch import fnmatchcase

    return own + tuple(d for d in patterned if fnmatchcase(applicant, d.applicant))


def _header(opts: ScreenOptions, catalogue: Catalogue, targets, as_of: dt.date, directory: Path, policy=None) -> dict:
    """The run's parameters, for the head of --format json: what a result needs to be reproduced."""
    from merit import __version__
    from merit.specs import bundled_specs_dir

    series = {s.id: s for _, s in targets}
    answers = None
    if opts.determinations:
        import hashlib

        files = [{"file": f, "sha256": hashlib.sha256(Path(f).read_bytes()).hexdigest()} for f in opts.determinations]
        answers = files[0] if len(files) == 1 else files
    head = {
        "merit_version": __version__,
        "as_of": as_of.isoformat(),
        "classes": [c.id for c, _ in targets],
        "series": opts.series,
        "specs": None if directory == bundled_specs_dir() else str(directory),
        "spec_digests": {s.id: s.digest for s in series.values()},
        "spec_dates": {s.id: s.date for s in series.values()},
        "determinations": answers,
        "reasons": opts.reasons,
    }
    if policy is not None:  # only with a policy: without one the head is as it always was
        head["policy"] = {"file": policy.file, "office": policy.name, "date": policy.date.isoformat(), "sha256": policy.digest}
    return head


def _highest(decisions: list[Decision], ranked: list[Series]) -> dict[str, str | None]:
    """For --series: the highest level of each series the applicant meets, None where none."""
    return {s.id: highest_level(decisions, s) for s in ranked}


def _batches(files, work: _Work, opts: ScreenOptions, directory: Path) -> Iterator[Screened]:
    """Screened files in the order given, from this process or from a pool of --jobs processes."""
    jobs_of = (
        [(label, path if path is None or isinstance(path, Unread) else str(path)) for label, path in itertools.islice(files, CHUNK)]
        for _ in itertools.count()
    )
    chunks = itertools.takewhile(bool, jobs_of)
    first = next(chunks, [])
    if opts.jobs > 1 and len(first) == CHUNK:  # a pool pays only past a chunk or so of files
        yield from _parallel(itertools.chain((first,), chunks), work, opts, directory)
        return
    for chunk in itertools.chain((first,), chunks):
        for label, path in chunk:
            yield from _screen_file(label, path, work)


class _Here:
    """Standard input, screened here when its turn comes, queued with the pool's results so that order is kept."""

    def __init__(self, work: _Work):
        self.work = work

    def get(self) -> Iterator[Screened]:
        return _screen_file("-", None, self.work)


def _parallel(chunks, work: _Work, opts: ScreenOptions, directory: Path) -> Iterator[Screened]:
    """Chunks of files to a pool, results in the order given; at most a few chunks in flight, so memory stays flat."""
    import multiprocessing
    import shutil
    import tempfile

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    ids = [c.id for c, _ in work.targets]
    series_ids = [s.id for s in work.ranked]
    window = opts.jobs * 4
    # rendered text comes back in files here (a table's decisions come through the pipe)
    spill = None
    if opts.rendered not in ("table", QUIET):
        with contextlib.suppress(OSError):  # no writable temporary directory: the text comes through the pipe
            _sweep_spills(tempfile.gettempdir())
            spill = tempfile.mkdtemp(prefix=f"{SPILL}{os.getpid()}-")
    initargs = (
        str(directory),
        ids,
        series_ids,
        work.as_of,
        opts.rendered,
        work.explain,
        spill,
        opts.csv_escape,
        opts.selective,
        work.determinations,
        work.policy,
    )

    def results(job) -> Iterator[Screened]:
        done = job.get() if isinstance(job, _Here) else job.result()
        yield from done
        if spill is None or isinstance(job, _Here):
            return
        # the writer has copied what it wanted from the chunk's file
        for screened in done:
            for *_, rendered in screened.applicants:
                if isinstance(rendered, tuple):
                    os.unlink(rendered[0])
                    return

    import signal
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pipe = getattr(signal, "SIGPIPE", None)
    pending: deque = deque()  # (a worker's future, or _Here for standard input; the files it screens)
    pool = None
    try:
        pool = ProcessPoolExecutor(opts.jobs, mp_context=ctx, initializer=_init_worker, initargs=initargs)
        if pipe is not None:
            # a reader that goes away (| head) is a BrokenPipeError here, not the end of the process,
            # so that the pool is stopped and the spill directory removed on the way out
            signal.signal(pipe, signal.SIG_IGN)
        try:
            for chunk in chunks:
                stdin = [k for k, (_, path) in enumerate(chunk) if path is None]
                if stdin:  # standard input belongs to this process: read it here, in its place
                    k = stdin[0]
                    for part in (chunk[:k], None, chunk[k + 1 :]):
                        if part is None:
                            pending.append((_Here(work), [("-", None)]))
                        elif part:
                            pending.append((pool.submit(_screen_chunk, part), part))
                else:
                    pending.append((pool.submit(_screen_chunk, chunk), chunk))
                while len(pending) >= window:
                    yield from results(pending[0][0])
                    pending.popleft()
            while pending:
                yield from results(pending[0][0])
                pending.popleft()
        except BrokenProcessPool:
            # a worker ended (the system, short of memory, killed it): its chunk would never come
            warn("a --jobs worker process ended unexpectedly; the rest of the batch is screened in this process")
            # the chunks not yet written, then the rest, in their order: every record is kept
            for _, part in pending:
                for label, path in part:
                    yield from _screen_file(label, path, work)
            pending.clear()
            for chunk in chunks:
                for label, path in chunk:
                    yield from _screen_file(label, path, work)
    finally:
        if pool is not None:
            _stop(pool)
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)
        if pipe is not None:
            signal.signal(pipe, signal.SIG_DFL)


def _stop(pool) -> None:
    """End a pool now, however the run ends: nothing more is started, and its workers are killed
    rather than waited for (a reader gone away, Ctrl-C, or the batch done). Then the pool's own
    threads are let finish while SIGPIPE is still ignored: one may yet write to a dead worker's pipe."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.join(5)
    pool.shutdown(wait=True)


SPILL_BUFFER = 1 << 20  # a worker writes its chunk's text in pieces of about this size
SPILL = "merit-spill-"  # + the parent's process id: a spill directory's name


def _sweep_spills(directory: str) -> None:
    """Remove the spill directories of runs that ended without cleaning up (SIGKILL, a power cut)."""
    import shutil

    for entry in os.scandir(directory):
        pid = entry.name[len(SPILL) :].split("-", 1)[0]
        if not (entry.name.startswith(SPILL) and pid.isdigit() and entry.is_dir(follow_symlinks=False)):
            continue
        if entry.stat(follow_symlinks=False).st_uid != os.geteuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:  # its run is over
            shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:  # alive (another user's process)
            pass


class _Progress:
    def __init__(self, env: Environment, total: int):
        from rich.progress import Progress

        self._bar = Progress(transient=True, console=env.console(stderr=True))
        self._task = self._bar.add_task("screening", total=total)
        self._bar.start()

    def advance(self) -> None:
        self._bar.advance(self._task)

    def close(self) -> None:
        self._bar.stop()


def _progress(env: Environment, total: int) -> _Progress | None:
    if total > PROGRESS_AFTER and env.progress:
        return _Progress(env, total)
    return None


# --- writers: one per format; they get what the renderers made ------------------------


def _writer(opts: ScreenOptions, env: Environment, out, as_of: dt.date, header: dict, answers=None):
    fmt = opts.rendered
    if fmt == QUIET:
        return _Nothing()
    if fmt in ("jsonl", "csv", "tsv"):
        return _Lines(out, fmt, as_of, opts)
    if fmt == "json":
        return _Json(out, as_of, header)
    if fmt == "determinations":
        return _Skeleton(out, header, answers)
    return _Table(out, env, opts.explain, to_file=opts.output is not None)


def _tally(opts: ScreenOptions, targets: list[tuple[ClassSpec, Series]]):
    if not opts.summary:
        return None
    from merit.render.summary import Tally

    return Tally({c.id: c.title for c, _ in targets})


def _print_summary(tally, opts: ScreenOptions, env: Environment, out) -> None:
    """--summary: below a table; beside records, on standard output when they went to a file, else on
    standard error, so that the records stay a clean stream for the next program."""
    from merit.render import summary

    if opts.format == "table":
        stream = out
    else:
        stream = env.stderr if out is env.stdout else env.stdout
    if stream is env.stdout and env.stdout_isatty:
        summary.rich_summary(tally, env.console())
        return
    stream.write(("\n" if stream is out else "") + summary.plain_summary(tally))
    stream.flush()


class _Nothing:
    """--quiet: the results decide the exit code and are not written."""

    def add(self, rendered) -> None:
        pass

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass


class _Text:
    """Writes rendered text: a string made here, or a piece of a file a worker wrote (path, offset, length)."""

    def __init__(self, out):
        self.out = out
        self.source: tuple[str, int] | None = None  # the worker's file being copied from, and its descriptor
        self.target = -1  # the output's descriptor while the kernel can copy into it; -1: read and write here
        # the worker's file is UTF-8; the kernel copies it only into a UTF-8 stream
        encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "")
        if sys.platform.startswith("linux") and encoding == "utf8":
            with contextlib.suppress(AttributeError, OSError, ValueError):
                self.target = out.fileno()

    def put(self, rendered) -> None:
        if isinstance(rendered, str):
            self.out.write(rendered)
            return
        path, offset, length = rendered
        if self.source is None or self.source[0] != path:
            self._drop_source()
            self.source = (path, os.open(path, os.O_RDONLY))
        fd = self.source[1]
        if self.target >= 0:
            self.out.flush()  # what was written here comes first
            try:
                while length:
                    sent = os.sendfile(self.target, fd, offset, length)
                    if not sent:
                        raise OSError(errno.EIO, f"{path} ends before the results a worker wrote to it")
                    offset += sent
                    length -= sent
                return
            except OSError as err:
                if isinstance(err, BrokenPipeError) or err.errno not in (errno.EINVAL, errno.ENOSYS):
                    raise
                self.target = -1  # an output the kernel cannot copy into (a terminal): read and write here
        self.out.write(os.pread(fd, length, offset).decode())

    def _drop_source(self) -> None:
        if self.source is not None:
            os.close(self.source[1])
            self.source = None

    def close(self) -> None:
        self._drop_source()
        self.out.flush()


class _Lines(_Text):
    """JSON Lines, CSV or TSV, written as each applicant is decided."""

    def __init__(self, out, kind: str, as_of: dt.date, opts: ScreenOptions):
        super().__init__(out)
        self.as_of = as_of
        self.dialect = None
        if kind in ("csv", "tsv"):
            from merit.render.records import Dialect, csv_header

            self.dialect = Dialect(tsv=kind == "tsv", escape=opts.csv_escape)
            if opts.header:
                out.write(csv_header(self.dialect))

    def add(self, rendered) -> None:
        self.put(rendered)

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        """An input that could not be screened is a record too, so the output accounts for every input."""
        from merit.render import records

        if self.dialect is None:
            self.out.write(records.error_json_line(problem, self.as_of, applicant) + "\n")
        else:
            self.out.write(records.error_row(problem, self.as_of, applicant, self.dialect))


class _Json(_Text):
    """One JSON document, written as the results come so memory stays flat: the run's parameters
    (``run``), then the results."""

    def __init__(self, out, as_of: dt.date, header: dict):
        super().__init__(out)
        self.first = True
        self.as_of = as_of
        from merit.render.records import _encode

        out.write(f'{{"run": {_encode(header)}, "results": [')

    def add(self, rendered) -> None:
        if rendered:  # an applicant file with no results renders nothing
            self.out.write("\n  " if self.first else ",\n  ")
            self.put(rendered)
            self.first = False

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        from merit.render.records import error_json_line

        self.add(error_json_line(problem, self.as_of, applicant))

    def close(self) -> None:
        self.out.write("\n]}\n")
        super().close()


class _Skeleton(_Text):
    """--format determinations: a determinations file to fill in, an entry per open decision point, and
    every answer given (-d) kept: those of applicants not in this batch and those by pattern at the end."""

    def __init__(self, out, header: dict, answers: dict[str, tuple[Determination, ...]] | None = None):
        super().__init__(out)
        from merit.render.determinations import preamble

        out.write(preamble(header))
        self.unseen = dict(answers or {})  # by applicant id, until the applicant is screened

    def add(self, rendered) -> None:
        self.put(rendered)

    def screened(self, applicant: str) -> None:
        self.unseen.pop(applicant, None)

    def close(self) -> None:
        from merit.render.determinations import kept

        self.put(kept(self.unseen.pop(PATTERNED, ()), [d for given in self.unseen.values() for d in given]))
        super().close()

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        self.out.write(f"\n# not screened: {str(problem).replace(chr(10), ' ')}\n")


class _Table:
    """A table needs every row before it can size its columns: the one format that buffers."""

    def __init__(self, out, env: Environment, explain: bool, to_file: bool):
        self.out = out
        self.env = env
        self.explain = explain
        self.rich = bool(env.stdout_isatty) and not to_file
        self.decisions: list[Decision] = []
        self.highest: dict[tuple[str, str], str] = {}
        self.names: dict[str, str] = {}

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        """A table is for people: the line on standard error says it."""

    def add(self, rendered) -> None:
        decisions, highest, name = rendered
        if name:
            self.names[decisions[0].applicant if decisions else ""] = name
        self.decisions.extend(decisions)
        levels: dict[str, set[str]] = {}
        for d in decisions:
            levels.setdefault(d.series, set()).add(d.cls)
        for d in decisions:
            # the highest level of a series of one class is that class's own row: no line to add
            if d.series in highest and len(levels[d.series]) > 1:
                best = highest[d.series] or ""
                # a class with specialties is met per specialty: say which
                met = [
                    x.specialty
                    for x in decisions
                    if x.cls == best and x.specialty and x.status in ("eligible", "conditional")
                ]
                self.highest[(d.applicant, d.series)] = best + (f" ({', '.join(met)} specialty)" if met else "")

    def close(self) -> None:
        from merit.render import screen_text as st
        from merit.render.visible import visible

        highest = [
            visible(f"{applicant}: highest level met in {series}: {best or 'none'}")
            for (applicant, series), best in self.highest.items()
        ]
        if self.rich:
            from rich.text import Text

            console = self.env.console()
            if self.explain:
                for d in self.decisions:
                    st.rich_explain(d, console, self.names)
                    console.print()
            st.rich_table(self.decisions, console, names=self.names)
            for line in highest:
                console.print(Text(line))
            return
        if self.explain:
            for d in self.decisions:
                self.out.write(st.explain_text(d, self.names) + "\n")
        self.out.write(st.plain_table(self.decisions, names=self.names))
        self.out.write("".join(line + "\n" for line in highest))
        self.out.flush()
