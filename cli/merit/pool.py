"""The worker processes of a batch (``jobs`` above 1): files go to a pool in chunks, results come
back in the order given, rendered text through files in the temporary directory.

Text handed back through the pool's pipe costs the parent more than the screening leaves it:
sent in pieces of a pipe's size, woken for each. From a file the parent copies it to the output
in the kernel (merit.render.stream). When the temporary directory cannot be written, or fills
up while a worker writes, the text comes back through the pipe: every record is kept.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections import deque
from collections.abc import Iterator
from typing import Any

from merit.pipeline import PIECE, QUIET, Part, Work, screen_file, screen_slice

CHUNK = 16  # files a worker screens per task: enough to amortise the hand-over, few enough to keep order cheap
SPILL_BUFFER = 1 << 20  # a worker writes its chunk's text in pieces of about this size
SPILL = "merit-spill-"  # + the parent's process id: a spill directory's name

_WORK: Work | None = None  # the work of this process: a forked worker inherits the parent's


def screened(files: Iterator[tuple[str, Any]], work: Work, jobs: int, fmt: str, csv_escape: bool) -> Iterator[Part]:
    """Screened files in the order given, from this process or from a pool of ``jobs`` processes."""
    jobs_of = (list(itertools.islice(files, CHUNK)) for _ in itertools.count())
    chunks = itertools.takewhile(bool, jobs_of)
    first = next(chunks, [])
    # a pool pays only past a chunk or so of files, or for a long file (its slices are shared)
    if jobs > 1 and (len(first) == CHUNK or any(_long(path) for _, path in first)):
        yield from _regrouped(_parallel(itertools.chain((first,), chunks), work, jobs, fmt))
        return
    for chunk in itertools.chain((first,), chunks):
        for label, path in chunk:
            yield from screen_file(label, path, work)


class Slice:
    """A piece of a long file (merit.applicants.split_applicants), screened by a worker as a task of its own."""

    __slots__ = ("label", "text", "first")

    def __init__(self, label: str, text: str, first: bool) -> None:
        self.label = label
        self.text = text
        self.first = first  # the file's first slice


FIRST, NEXT = -2, -1  # Part.part of a slice's parts: the first of a file, the others (see _regrouped)


def _long(path: Any) -> bool:
    """Whether a file is long enough to be cut into slices for the workers."""
    from merit.yamlsafe import STREAM_AFTER

    try:
        return isinstance(path, str) and os.stat(path).st_size > STREAM_AFTER
    except OSError:
        return False


def _tasks(chunk: list[tuple[str, Any]]) -> Iterator[list[Any]]:
    """A chunk's files as tasks: runs of files; standard input alone (this process reads it); each
    slice of a long file alone (read and cut here, as the task before it is screened)."""
    from merit.applicants import split_applicants
    from merit.yamlsafe import read_text

    run: list[Any] = []
    for label, path in chunk:
        slices = None
        if path is not None and _long(path):
            text, _ = read_text(path)
            slices = split_applicants(text, label) if text is not None else None
        if path is not None and slices is None:
            run.append((label, path))
            continue
        if run:
            yield run
            run = []
        if slices is None:
            yield [(label, path)]
            continue
        for k in range(len(slices)):
            text, slices[k] = slices[k], ""  # the slices of a long file are let go as they are handed over
            yield [Slice(label, text, k == 0)]
    if run:
        yield run


def _screen_item(item: Any, work: Work) -> Iterator[Part]:
    """What one file, or one slice of a long file, gives."""
    if not isinstance(item, Slice):
        yield from screen_file(item[0], item[1], work)
        return
    for k, part in enumerate(screen_slice(item.label, item.text, work)):
        part.part = FIRST if item.first and k == 0 else NEXT
        yield part


def _init_worker(work: Work | None, spill: str | None, directory: str, class_ids: list[str], series_ids: list[str]) -> None:
    """Pool initializer: a forked worker already has the parent's work; a spawned one loads the specs once."""
    global _WORK
    _die_with_parent()
    if _WORK is None:
        from pathlib import Path

        from merit.specs import load_catalogue

        assert work is not None

        catalogue = load_catalogue(Path(directory))
        work.catalogue = catalogue
        work.targets = [(catalogue.by_id[i], catalogue.series_of(catalogue.by_id[i])) for i in class_ids]
        work.ranked = [s for s in catalogue.series if s.id in series_ids]
        _WORK = work
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


def _screen_chunk(chunk: list[Any]) -> list[Part]:
    assert _WORK is not None
    spill = _Spill(_WORK.spill) if _WORK.spill is not None else None
    done = []
    try:
        for item in chunk:
            for part in _screen_item(item, _WORK):
                if spill is not None:
                    spill.add(part)
                done.append(part)
    finally:
        if spill is not None:
            spill.close()
        if _WORK.store is not None:  # a worker is ended, not let finish: what it kept is committed now
            _WORK.store.flush()
            if done:
                done[-1].warnings.extend(_WORK.store.take())
    return done


_write = os.write  # how a worker writes its text to its spill file (a test makes the disk full)


class _Spill:
    """A chunk's rendered text, written to one file as it is made; each applicant keeps (file, offset, length).

    Text waits in memory until about SPILL_BUFFER bytes have come, then goes to the file in one
    write; only text the file holds is replaced by its place. When the file cannot be made or
    written (a full disk), what is not yet in it, and the rest of the chunk, stay text."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.fd = -1
        self.path = ""
        self.offset = 0  # bytes in the file
        self.waiting: list[tuple[Any, int, bytes]] = []  # (result, its place in the file-to-be, its text)
        self.size = 0  # bytes waiting
        self.failed = False

    def add(self, part: Part) -> None:
        for result in part.results:
            if not result.rendered or self.failed:  # nothing to copy (a json writer skips it) stays as it is
                continue
            data = result.rendered if isinstance(result.rendered, bytes) else result.rendered.encode()  # bytes: from the store
            self.waiting.append((result, self.offset + self.size, data))
            self.size += len(data)
            if self.size >= SPILL_BUFFER:
                self._flush()

    def _flush(self) -> None:
        if not self.waiting or self.failed:
            return
        try:
            if self.fd < 0:
                import tempfile

                self.fd, self.path = tempfile.mkstemp(prefix="chunk-", dir=self.directory)
            data = memoryview(b"".join(d for _, _, d in self.waiting))
            written = 0
            while written < len(data):
                written += _write(self.fd, data[written:])
        except OSError:
            # the text stays in the results, to go through the pipe; what was written is never read
            self.failed = True
            self.waiting.clear()
            self.size = 0
            return
        for result, offset, piece in self.waiting:
            result.rendered = (self.path, offset, len(piece))
        self.offset += len(data)
        self.waiting.clear()
        self.size = 0

    def close(self) -> None:
        self._flush()
        if self.fd >= 0:  # only problems in this chunk: no file for the parent to copy from or remove
            os.close(self.fd)
            if self.failed and self.offset == 0:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)


class _Here:
    """Standard input, screened here when its turn comes, queued with the pool's results so that order is kept."""

    def __init__(self, work: Work):
        self.work = work

    def get(self) -> Iterator[Part]:
        return screen_file("-", None, self.work)


def _parallel(chunks, work: Work, jobs: int, fmt: str) -> Iterator[Part | _Remove]:
    """Chunks of files to a pool, results in the order given; at most a few chunks in flight, so memory stays flat."""
    global _WORK
    import multiprocessing
    import shutil
    import tempfile

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    _WORK = work if method == "fork" else None
    if work.store is not None:  # the workers open the results store themselves: no connection crosses a fork
        work.store.release()
    window = jobs * 4
    # rendered text comes back in files here (a table's decisions come through the pipe)
    spill = None
    if fmt not in ("table", QUIET):
        with contextlib.suppress(OSError):  # no writable temporary directory: the text comes through the pipe
            _sweep_spills(tempfile.gettempdir())
            spill = tempfile.mkdtemp(prefix=f"{SPILL}{os.getpid()}-")
    initargs = (
        None if method == "fork" else _portable(work),
        spill,
        str(work.catalogue.directory),
        [c.id for c, _ in work.targets],
        [s.id for s in work.ranked],
    )

    def results(job) -> Iterator[Any]:
        done = job.get() if isinstance(job, _Here) else job.result()
        yield from done
        if spill is None or isinstance(job, _Here):
            return
        # the chunk's file may go once the writer has copied what it wanted from it
        for part in done:
            for result in part.results:
                if isinstance(getattr(result, "rendered", None), tuple) and isinstance(result.rendered[0], str):
                    yield _Remove(result.rendered[0])
                    return

    import signal
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pipe = getattr(signal, "SIGPIPE", None)
    pending: deque = deque()  # (a worker's future, or _Here for standard input; the files it screens)
    pool = None
    try:
        pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=initargs)
        if pipe is not None:
            # a reader that goes away (| head) is a BrokenPipeError here, not the end of the process,
            # so that the pool is stopped and the spill directory removed on the way out
            signal.signal(pipe, signal.SIG_IGN)
        tasks = (task for chunk in chunks for task in _tasks(chunk))
        try:
            for task in tasks:
                if task == [("-", None)]:  # standard input belongs to this process: read it here, in its place
                    pending.append((_Here(work), task))
                else:
                    try:
                        future = pool.submit(_screen_chunk, task)
                    except BrokenProcessPool:
                        pending.append((None, task))  # never handed over: screened here with the rest
                        raise
                    pending.append((future, task))
                while len(pending) >= window:
                    yield from results(pending[0][0])
                    pending.popleft()
            while pending:
                yield from results(pending[0][0])
                pending.popleft()
        except BrokenProcessPool:
            # a worker ended (the system, short of memory, killed it): its chunk would never come
            warning = "a --jobs worker process ended unexpectedly; the rest of the batch is screened in this process"
            # the chunks not yet written, then the rest, in their order: every record is kept
            rest = (_screen_item(item, work) for _, task in pending for item in task)
            later = (_screen_item(item, work) for task in tasks for item in task)
            for k, part in enumerate(itertools.chain.from_iterable(itertools.chain(rest, later))):
                if k == 0:
                    part.warnings.append(warning)
                yield part
            pending.clear()
        yield END  # what waits to be regrouped is written before the spill directory goes
    finally:
        if pool is not None:
            _stop(pool)
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)
        if pipe is not None:
            signal.signal(pipe, signal.SIG_DFL)
        _WORK = None


class _Remove:
    """A spill file whose text has all been handed on: removed once what came before it is written."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def now(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)


END = _Remove("")  # the pool's last word: nothing more comes (see _regrouped)


class _Piece:
    """The parts of a long file's slices put back together as reading it whole gives them (at most
    PIECE applicants, the problems of their records first, then those of screening them)."""

    def __init__(self, path: str, number: int) -> None:
        self.path = path
        self.number = number
        self.problems: list[Any] = []
        self.failed: list[Any] = []
        self.results: list[Any] = []
        self.stale: list[str] = []
        self.warnings: list[str] = []
        self.matched: set[tuple[str, int]] = set()
        self.built = 0

    def add(self, part: Part) -> None:
        failed = part.built - len(part.results)  # applicants read that could not be screened: the last problems
        cut = len(part.problems) - failed
        self.problems.extend(part.problems[:cut])
        self.failed.extend(part.problems[cut:])
        self.results.extend(part.results)
        self.stale.extend(part.stale)
        self.warnings.extend(part.warnings)
        self.matched |= part.matched
        self.built += part.built

    def done(self) -> Part:
        whole = Part(self.path, self.problems + self.failed, self.results, self.stale, self.number, self.matched)
        whole.warnings = self.warnings
        return whole


def _regrouped(parts: Iterator[Any]) -> Iterator[Part]:
    """The parts of a pool with each long file's slices put back into the pieces reading it whole
    gives, so that every output is the same as with one process; spill files are removed once
    nothing waiting here still needs them."""
    piece: _Piece | None = None
    removals: list[_Remove] = []
    try:
        for part in parts:
            if part is END:
                break
            if isinstance(part, _Remove):
                removals.append(part)
            elif part.part in (FIRST, NEXT):
                if part.part == FIRST and piece is not None:
                    yield piece.done()
                    piece = None
                piece = piece or _Piece(part.path, 0)
                piece.add(part)
                if piece.built >= PIECE:
                    yield piece.done()
                    piece = _Piece(piece.path, piece.number + 1)
            else:
                if piece is not None:
                    yield piece.done()
                    piece = None
                yield part
            if piece is None or not piece.results:  # no text waiting here to be copied from a spill file
                for removal in removals:
                    removal.now()
                removals.clear()
        if piece is not None:
            yield piece.done()
    finally:
        parts.close()  # type: ignore[attr-defined]


def _portable(work: Work) -> Work:
    """The work for a spawned worker, without the catalogue (it loads the specs itself)."""
    portable = Work(None, [], [], work.as_of, work.render, work.detail, work.selective, work.determinations, work.debug, work.policy)  # type: ignore[arg-type]
    portable.store = work.store
    return portable


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

