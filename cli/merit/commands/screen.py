"""merit screen: applicants in, one decision per applicant x class (x specialty) out, streamed."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from merit.applicants import Loaded, expand, load_file, parse_applicants
from merit.env import Environment, Exit
from merit.model import ClassSpec, Decision, Series
from merit.problems import InputError, Problem
from merit.specs import Catalogue, load_catalogue, specs_dir
from merit.yamlsafe import read_text

FORMATS = ("table", "json", "jsonl", "csv")
PROGRESS_AFTER = 200  # files; fewer finish before a bar would help


@dataclass
class ScreenOptions:
    inputs: list[str]
    classes: list[str] = field(default_factory=list)
    series: str | None = None
    all_classes: bool = False
    as_of: dt.date | None = None
    format: str = "table"
    explain: bool = False
    exit_zero: bool = False
    output: str | None = None
    jobs: int = 1
    specs: str | None = None


class UsageError(Exception):
    """A bad option value: one line, exit 2."""


def resolve_targets(catalogue: Catalogue, opts: ScreenOptions) -> tuple[list[tuple[ClassSpec, Series]], list[Series]]:
    """The classes to screen, and the series whose highest level met is wanted (--series)."""
    names: list[str] = []
    for item in opts.classes:  # a title may hold commas: take the whole value when it names a class
        names.extend([item] if catalogue.find_class(item) else [n.strip() for n in item.split(",") if n.strip()])
    chosen: list[ClassSpec] = []
    for name in names:
        cls = catalogue.find_class(name)
        if cls is None:
            raise UsageError(f"unknown class {name!r}{catalogue.class_suggestion(name)} (see merit classes)")
        if cls not in chosen:
            chosen.append(cls)
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
    if not chosen:
        chosen = catalogue.classes
    return [(c, catalogue.series_of(c)) for c in chosen], ranked


# --- the work one file needs; runs in worker processes too ----------------------------

_CATALOGUE: Catalogue | None = None
_TARGETS: list[tuple[ClassSpec, Series]] = []


def _init_worker(directory: str, class_ids: list[str]) -> None:
    global _CATALOGUE, _TARGETS
    _CATALOGUE = load_catalogue(Path(directory))
    _TARGETS = [(_CATALOGUE.by_id[i], _CATALOGUE.series_of(_CATALOGUE.by_id[i])) for i in class_ids]


def screen_applicant(applicant, targets, as_of: dt.date) -> list[Decision]:
    from merit.engine import Run, screen_class

    runs: dict[int, Run] = {}
    out: list[Decision] = []
    for cls, series in targets:
        run = runs.get(id(series.crediting))
        if run is None:
            run = runs[id(series.crediting)] = Run(applicant, as_of, series.crediting)
        out.extend(screen_class(cls, series, applicant, as_of, run))
    return out


def _screen_loaded(loaded: Loaded, targets, as_of) -> tuple[Loaded, list[list[Decision]]]:
    return loaded, [screen_applicant(a, targets, as_of) for a in loaded.applicants]


def _screen_path(job: tuple[str, str, dt.date]) -> tuple[Loaded, list[list[Decision]]]:
    label, path, as_of = job
    assert _CATALOGUE is not None
    return _screen_loaded(load_file(Path(path), _CATALOGUE.terms, label), _TARGETS, as_of)


# --- the command -------------------------------------------------------------------------


def run_screen(opts: ScreenOptions, env: Environment) -> int:
    if opts.format not in FORMATS:
        raise UsageError(f"unknown format {opts.format!r} (expected one of: {', '.join(FORMATS)})")
    directory = specs_dir(opts.specs)
    try:
        catalogue = load_catalogue(directory)
    except InputError as err:
        for p in err.problems:
            env.error(str(p))
        return Exit.ERROR
    targets, ranked = resolve_targets(catalogue, opts)
    as_of = opts.as_of or dt.date.today()
    files = list(expand(opts.inputs))
    if not files:
        raise UsageError("no applicant files given (expected files, directories or - for standard input)")

    from merit.output import open_output

    with open_output(opts.output, env) as out:
        writer = _writer(opts, env, out, catalogue)
        problems = 0
        seen: dict[str, str] = {}
        statuses: dict[str, int] = {}
        progress = _progress(env, len(files))
        for loaded, decided in _batches(files, catalogue, targets, as_of, opts.jobs, directory):
            for p in loaded.problems:
                env.error(str(p))
                problems += 1
            for applicant, decisions in zip(loaded.applicants, decided):
                where = f"{applicant.file}:{applicant.line}"
                if applicant.id in seen:
                    env.error(f"{where}:1: duplicate applicant id {applicant.id!r} (first at {seen[applicant.id]}); skipped")
                    problems += 1
                    continue
                seen[applicant.id] = where
                highest = _highest(decisions, ranked)
                for d in decisions:
                    statuses[d.status] = statuses.get(d.status, 0) + 1
                    writer.add(d, highest.get(d.series))
            if progress:
                progress.advance()
        if progress:
            progress.close()
        writer.close()
        if not seen and not problems:
            env.error("no applicants found in the files given")
            return Exit.ERROR
    if problems:
        return Exit.ERROR
    if opts.exit_zero:
        return Exit.OK
    if statuses.get("review") or statuses.get("ineligible"):
        return Exit.NOT_ALL_ELIGIBLE
    return Exit.OK


def _highest(decisions: list[Decision], ranked: list[Series]) -> dict[str, str | None]:
    """For --series: the highest level each series' applicant meets (eligible or conditional)."""
    out: dict[str, str | None] = {}
    for s in ranked:
        level = {c.id: c.level for c in s.classes}
        best = None
        for d in decisions:
            if d.series == s.id and d.status in ("eligible", "conditional"):
                if best is None or level[d.cls] > level[best]:
                    best = d.cls
        out[s.id] = best or ""
    return out


def _batches(files, catalogue, targets, as_of, jobs, directory) -> Iterator[tuple[Loaded, list[list[Decision]]]]:
    if jobs > 1 and len(files) > 1:
        yield from _parallel(files, catalogue, targets, as_of, jobs, directory)
        return
    for label, path in files:
        if path is None:
            yield _screen_loaded(_stdin(catalogue), targets, as_of)
        else:
            yield _screen_loaded(load_file(path, catalogue.terms, label), targets, as_of)


def _stdin(catalogue: Catalogue) -> Loaded:
    import sys

    text, problems = read_text("<stdin>", sys.stdin.buffer.read())
    if text is None:
        return Loaded("<stdin>", [], problems)
    return parse_applicants(text, "<stdin>", catalogue.terms)


def _parallel(files, catalogue, targets, as_of, jobs, directory):
    import multiprocessing

    ids = [c.id for c, _ in targets]
    work = [(label, str(path), as_of) for label, path in files if path is not None]
    if len(work) != len(files):  # standard input is read here, before the pool starts
        yield _screen_loaded(_stdin(catalogue), targets, as_of)
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    chunk = max(1, min(64, len(work) // (jobs * 8) or 1))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(str(directory), ids)) as pool:
        yield from pool.imap(_screen_path, work, chunksize=chunk)


class _Progress:
    def __init__(self, env: Environment, total: int):
        from rich.progress import Progress

        self._bar = Progress(transient=True, console=_console(env, stderr=True))
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


def _console(env: Environment, stderr: bool = False):
    from rich.console import Console

    if stderr:
        return Console(file=env.stderr, no_color=not env.colors or None, highlight=False)
    return Console(
        file=env.stdout,
        force_terminal=bool(env.stdout_isatty),
        no_color=not env.colors,
        highlight=False,
    )


# --- writers: one per format ---------------------------------------------------------------


def _writer(opts: ScreenOptions, env: Environment, out, catalogue: Catalogue):
    fmt = opts.format
    if fmt == "jsonl":
        return _Lines(out, "jsonl")
    if fmt == "csv":
        return _Lines(out, "csv")
    if fmt == "json":
        return _Json(out)
    return _Table(out, env, opts.explain, to_file=opts.output is not None)


class _Lines:
    def __init__(self, out, kind: str):
        from merit.render import records

        self.out = out
        self.line = records.json_line if kind == "jsonl" else records.csv_row
        if kind == "csv":
            out.write(records.csv_header())

    def add(self, d: Decision, highest: str | None) -> None:
        text = self.line(d, highest)
        self.out.write(text if text.endswith("\n") else text + "\n")

    def close(self) -> None:
        self.out.flush()


class _Json:
    """One JSON document, written as the results come so memory stays flat."""

    def __init__(self, out):
        self.out = out
        self.first = True
        out.write('{"results": [')

    def add(self, d: Decision, highest: str | None) -> None:
        import json

        from merit.render.records import record

        self.out.write(("\n  " if self.first else ",\n  ") + json.dumps(record(d, highest), ensure_ascii=False))
        self.first = False

    def close(self) -> None:
        self.out.write("\n]}\n")
        self.out.flush()


class _Table:
    def __init__(self, out, env: Environment, explain: bool, to_file: bool):
        self.out = out
        self.env = env
        self.explain = explain
        self.rich = bool(env.stdout_isatty) and not to_file
        self.decisions: list[Decision] = []
        self.highest: dict[tuple[str, str], str] = {}

    def add(self, d: Decision, highest: str | None) -> None:
        self.decisions.append(d)
        if highest is not None:
            self.highest[(d.applicant, d.series)] = highest

    def close(self) -> None:
        from merit.render import screen_text as st

        if self.rich:
            console = _console(self.env)
            if self.explain:
                for d in self.decisions:
                    st.rich_explain(d, console)
                    console.print()
            st.rich_table(self.decisions, console)
            for (applicant, series), best in self.highest.items():
                console.print(f"{applicant}: highest level met in {series}: {best or 'none'}")
            return
        if self.explain:
            for d in self.decisions:
                self.out.write(st.explain_text(d) + "\n")
        self.out.write(st.plain_table(self.decisions))
        for (applicant, series), best in self.highest.items():
            self.out.write(f"{applicant}: highest level met in {series}: {best or 'none'}\n")
        self.out.flush()
