"""merit screen: applicants in, one decision per applicant x class (x specialty) out, streamed."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
from collections import Counter
from pathlib import Path

import merit
from merit.commands.options import load_specs
from merit.env import Environment, Exit, UsageError, debugging, usable_cpus

FORMATS = merit.FORMATS
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
QUIET = "quiet"  # merit.batch's format of --quiet: statuses only, nothing rendered
RECORDS = ("jsonl", "json", "csv", "tsv")  # the formats --reasons trims
PROGRESS_AFTER = 200  # files; fewer finish before a bar would help


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
        "store",
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
        store: str | None = None,
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
        self.store = store  # the results store file (--store, $MERIT_STORE); None: no store

    @property
    def rendered(self) -> str:
        """The format results are rendered in: --format (or --output's, see output_format), or nothing at all
        when --quiet prints to standard output."""
        return QUIET if self.quiet and self.output in (None, "-") else output_format(self.format, self.output)


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


def resolve_targets(catalogue: merit.Catalogue, opts: ScreenOptions) -> list[merit.ClassSpec]:
    """The classes to screen: those --class names and every level of --series, or every class."""
    if opts.all_classes and opts.classes:
        raise UsageError(
            f"--all screens every class and --class names some (expected one of them: --class {opts.classes[0]}"
            " for that class, --all for every class)"
        )
    try:
        chosen = merit.classes(catalogue, opts.classes, opts.series)
    except merit.UnknownClass as err:
        raise UsageError(str(err)) from None
    # --all is every class; with --series, that series' highest level is named too
    return catalogue.classes if opts.all_classes else chosen


# --- the command -------------------------------------------------------------------------


def check_reasons(opts: ScreenOptions) -> None:
    """--reasons leaves out what records would carry; it says so where it cannot apply."""
    if opts.reasons not in merit.REASONS:
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


def run_screen(opts: ScreenOptions, env: Environment) -> int:
    opts.format = output_format(opts.format, opts.output)
    check_reasons(opts)
    if opts.explain and opts.format in ("csv", "tsv") and opts.rendered != QUIET:
        # the reasons column is the same with or without --explain: say so rather than ignore it
        env.error(
            "merit screen: note: --explain adds nothing to csv (its reasons column stops at requirements and"
            " their parts); -f jsonl or -f json carry a line for each job"
        )
    directory = merit.specs_dir(opts.specs)
    try:
        catalogue = load_specs(directory, env)
    except merit.InputError as err:
        for p in err.problems:
            env.error(str(p))
        return Exit.ERROR
    chosen = resolve_targets(catalogue, opts)
    targets = [(c, catalogue.series_of(c)) for c in chosen]
    _refuse_overwriting_inputs(opts, directory)
    _refuse_overwriting_inputs(opts, directory, "--store")
    cpus = usable_cpus()
    if opts.jobs > cpus:  # more processes than processors only share them, each with its own memory
        env.error(f"merit screen: warning: --jobs {opts.jobs} is more than the {cpus} processors here; using {cpus}")
        opts.jobs = cpus
    as_of = opts.as_of or dt.date.today()
    given = _answers_and_policy(opts, directory, env)
    if given is None:
        return Exit.ERROR
    answers, policy = given
    fmt = opts.rendered
    batch = _batch(opts, catalogue, chosen, as_of, fmt, answers, policy)
    for line in batch.unapplied:
        env.error(line)
    _store_warnings(batch, env)
    if batch.empty:
        raise UsageError("no applicant files given (expected files, directories or - for standard input)")
    total = batch.listed() if env.progress else 0  # only a bar needs the count; without one the file list streams
    # What the engine keeps for the whole run (the specs) is done with: the
    # collector need not walk it again, and forked workers share it unchanged.
    gc.freeze()

    from merit.output import open_output

    with open_output(opts.output, env) as out:
        writer = _writer(opts, env, out, as_of, _header(opts, catalogue, targets, as_of, directory, policy), batch.answers)
        tally = _tally(opts, targets)
        problems = screened = 0
        stale = len(batch.unapplied)  # determinations not applied because no decision point asks for them
        read = invalid = 0  # files
        not_all_eligible = False
        statuses: Counter[str] = Counter()  # results by status, for the line that says what an --output file holds
        progress = _progress(env, total)
        try:
            for done in batch:
                if done.part == 0:
                    read += 1
                    counted = False  # as invalid
                    if progress:
                        progress.advance()
                for warning in done.warnings:
                    env.error(f"merit: warning: {warning}")
                before = problems
                for p in done.problems:
                    env.error(str(p))
                    writer.error(p, p.applicant)
                    problems += 1
                for note in done.stale:
                    env.error(note)
                    stale += 1
                for result in done.results:
                    if isinstance(result, merit.Problem):  # an id seen before
                        env.error(str(result))
                        writer.error(result, result.applicant)
                        problems += 1
                        continue
                    screened += 1
                    statuses.update(r[2] for r in result.statuses)
                    not_all_eligible = not_all_eligible or any(r[2] in (merit.Status.REVIEW, merit.Status.INELIGIBLE) for r in result.statuses)
                    writer.add(result.rendered)
                    if fmt == "determinations" and result.applicant in batch.answers:
                        writer.screened(result.applicant)
                    if tally is not None:
                        tally.add_results(result.statuses)
                if problems > before:
                    invalid += not counted
                    counted = True
                    if tally is not None:
                        tally.add_invalid(done.path, problems - before)
        finally:
            batch.close()  # however the loop ends: a pool is stopped, its spill directory removed
            if progress:
                progress.close()
            gc.unfreeze()
        _store_warnings(batch, env)
        for line in batch.unmatched():
            env.error(line)
            stale += 1
        writer.close()
        if not screened and not problems:
            env.error("no applicants found in the files given")
            return Exit.ERROR
        if tally is not None:
            _print_summary(tally, opts, env, out)
    if opts.output not in (None, "-") and env.stderr_isatty:  # a person at a terminal: say what the file holds
        env.error(_written(opts.output, screened, statuses))
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


def _batch(opts: ScreenOptions, catalogue: merit.Catalogue, chosen, as_of: dt.date, fmt: str, answers, policy) -> merit.Batch:
    """The batch of this run; a results store that is not safe to use is refused in one line."""
    try:
        return _new_batch(opts, catalogue, chosen, as_of, fmt, answers, policy)
    except merit.StoreRefused as err:
        raise UsageError(str(err)) from None


def _store_warnings(batch: merit.Batch, env: Environment) -> None:
    """What the results store could not do: the batch went on without it, deciding everything."""
    for line in batch.warnings():
        env.error(f"merit: warning: {line}")


def _new_batch(opts: ScreenOptions, catalogue: merit.Catalogue, chosen, as_of: dt.date, fmt: str, answers, policy) -> merit.Batch:
    return merit.batch(
        opts.inputs,
        catalogue,
        chosen,
        opts.series,
        as_of,
        fmt,
        merit.detail_for(fmt, opts.explain, opts.reasons),
        opts.reasons,
        opts.selective,
        answers,
        opts.jobs,
        opts.csv_escape,
        debugging(),
        policy,
        opts.store,
    )


def _answers_and_policy(opts: ScreenOptions, directory: Path, env: Environment):
    """The answers of the --determinations files, merged, and the office's policy (--policy, else the specs
    directory's policy.yaml, else None); None when a file has problems, each reported."""
    try:
        answers = merit.load_determinations(*opts.determinations) if opts.determinations else []
        return answers, merit.office_policy(directory, opts.policy)
    except merit.InputError as err:
        for p in err.problems:
            env.error(str(p))
        return None


def _written(output: str, screened: int, statuses: Counter[str]) -> str:
    """What --output holds, in one line: merit screen: wrote 24 results of 12 applicants to out.csv (2 eligible, ...)."""
    results = sum(statuses.values())
    counts = ", ".join(f"{statuses[s]:,} {s}" for s in merit.Status if s in statuses)
    return (
        f"merit screen: wrote {results:,} result{'' if results == 1 else 's'} of {screened:,}"
        f" applicant{'' if screened == 1 else 's'} to {output}{f' ({counts})' if counts else ''}"
    )


def _refuse_overwriting_inputs(opts: ScreenOptions, specs: Path, option: str = "--output") -> None:
    """Input files are never written: --output (or --store) may name no applicant file or spec file (links
    followed, hard links too), nor a file that an input directory or the specs directory would read."""
    written = opts.output if option == "--output" else opts.store
    if not written or written == "-":
        return
    from merit.output import output_target

    target, info = output_target(written)
    if option == "--output" and opts.store and os.path.realpath(opts.store) == str(target):
        raise UsageError(f"--output {written} is the --store file (expected another file for the results)")

    def same(path: Path | int) -> bool:
        try:
            other = os.stat(path) if isinstance(path, Path) else os.fstat(path)
        except (OSError, ValueError):
            return False
        return info is not None and (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)

    def refuse(what: str, where: str) -> None:
        raise UsageError(f"{option} {written} is, or would be read as, {what} (expected a file outside {where})")

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
            if inside and merit.is_applicant_name(target.name):
                refuse("an applicant file", "the inputs")
        elif given == target or same(given):
            refuse("an applicant file", "the inputs")
    for directory in dict.fromkeys((Path(os.path.realpath(specs)), Path(os.path.realpath(merit.bundled_specs_dir())))):
        if target.parent == directory and target.suffix.lower() in (".yaml", ".yml"):
            refuse("a class spec file", "the specs directory")
        if directory in target.parents:  # its examples (cases/), vocabulary and places are read too
            refuse("a file of the specs directory in use", "the specs directory")
        with contextlib.suppress(OSError):
            if any(same(p) for p in directory.iterdir() if p.suffix.lower() in (".yaml", ".yml")):
                refuse("a class spec file", "the specs directory")


def _header(opts: ScreenOptions, catalogue: merit.Catalogue, targets, as_of: dt.date, directory: Path, policy=None) -> dict:
    """The run's parameters, for the head of --format json: what a result needs to be reproduced."""

    series = {s.id: s for _, s in targets}
    answers = None
    if opts.determinations:
        import hashlib

        files = [{"file": f, "sha256": hashlib.sha256(Path(f).read_bytes()).hexdigest()} for f in opts.determinations]
        answers = files[0] if len(files) == 1 else files
    head = {
        "merit_version": merit.__version__,
        "as_of": as_of.isoformat(),
        "classes": [c.id for c, _ in targets],
        "series": opts.series,
        "specs": None if directory == merit.bundled_specs_dir() else str(directory),
        "spec_digests": {s.id: s.digest for s in series.values()},
        "spec_dates": {s.id: s.date for s in series.values()},
        "determinations": answers,
        "reasons": opts.reasons,
    }
    if policy is not None:  # only with a policy: without one the head is as it always was
        head["policy"] = {"file": policy.file, "office": policy.name, "date": policy.date.isoformat(), "sha256": policy.digest}
    return head


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
    from merit.render import stream

    fmt = opts.rendered
    if fmt == QUIET:
        return _Nothing()
    if fmt in ("jsonl", "csv", "tsv"):
        return stream.Lines(out, fmt, as_of, opts.header, opts.csv_escape)
    if fmt == "json":
        return stream.Json(out, as_of, header)
    if fmt == "determinations":
        return stream.Skeleton(out, header, answers)
    return _Table(out, env, opts.explain, to_file=opts.output is not None)


def _tally(opts: ScreenOptions, targets: list[tuple[merit.ClassSpec, merit.Series]]):
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

    def error(self, problem: merit.Problem, applicant: str | None = None) -> None:
        pass

    def close(self) -> None:
        pass


class _Table:
    """A table needs every row before it can size its columns: the one format that buffers."""

    def __init__(self, out, env: Environment, explain: bool, to_file: bool):
        self.out = out
        self.env = env
        self.explain = explain
        self.rich = bool(env.stdout_isatty) and not to_file
        self.decisions: list[merit.Decision] = []
        self.highest: dict[tuple[str, str], str] = {}
        self.names: dict[str, str] = {}

    def error(self, problem: merit.Problem, applicant: str | None = None) -> None:
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
                    if x.cls == best and x.specialty and x.status in (merit.Status.ELIGIBLE, merit.Status.CONDITIONAL)
                ]
                self.highest[(d.applicant, d.series)] = best + (f" ({', '.join(met)} specialty)" if met else "")

    def close(self) -> None:
        from merit.render import screen_text as st
        from merit.render.visible import visible

        highest = [f"{applicant}: highest level met in {series}: {best or 'none'}" for (applicant, series), best in self.highest.items()]
        if self.rich:
            from rich.text import Text

            console = self.env.console()
            if self.explain:
                for d in self.decisions:
                    st.rich_explain(d, console, self.names)
                    console.print()
            st.rich_table(self.decisions, console, names=self.names)
            for line in highest:
                console.print(Text(visible(line)))
            return
        if self.explain:
            for d in self.decisions:
                self.out.write(st.explain_text(d, self.names) + "\n")
        self.out.write(st.plain_table(self.decisions, names=self.names))
        self.out.flush()
        # a plain table (a pipe, a file) is the table alone, for the program that reads it; the
        # highest level met of each applicant goes beside it, on standard error (records carry it)
        for line in highest:
            self.env.error(line)
