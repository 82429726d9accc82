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

from merit.pipeline import QUIET, Part, Work, screen_file

CHUNK = 16  # files a worker screens per task: enough to amortise the hand-over, few enough to keep order cheap
SPILL_BUFFER = 1 << 20  # a worker writes its chunk's text in pieces of about this size
SPILL = "merit-spill-"  # + the parent's process id: a spill directory's name

_WORK: Work | None = None  # the work of this process: a forked worker inherits the parent's


def screened(files: Iterator[tuple[str, Any]], work: Work, jobs: int, fmt: str, csv_escape: bool) -> Iterator[Part]:
    """Screened files in the order given, from this process or from a pool of ``jobs`` processes."""
    jobs_of = (list(itertools.islice(files, CHUNK)) for _ in itertools.count())
    chunks = itertools.takewhile(bool, jobs_of)
    first = next(chunks, [])
    if jobs > 1 and len(first) == CHUNK:  # a pool pays only past a chunk or so of files
        yield from _parallel(itertools.chain((first,), chunks), work, jobs, fmt)
        return
    for chunk in itertools.chain((first,), chunks):
        for label, path in chunk:
            yield from screen_file(label, path, work)


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


def _screen_chunk(chunk: list[tuple[str, Any]]) -> list[Part]:
    assert _WORK is not None
    spill = _Spill(_WORK.spill) if _WORK.spill is not None else None
    done = []
    try:
        for label, path in chunk:
            for part in screen_file(label, path, _WORK):
                if spill is not None:
                    spill.add(part)
                done.append(part)
    finally:
        if spill is not None:
            spill.close()
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
            data = result.rendered.encode()
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


def _parallel(chunks, work: Work, jobs: int, fmt: str) -> Iterator[Part]:
    """Chunks of files to a pool, results in the order given; at most a few chunks in flight, so memory stays flat."""
    global _WORK
    import multiprocessing
    import shutil
    import tempfile

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    _WORK = work if method == "fork" else None
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

    def results(job) -> Iterator[Part]:
        done = job.get() if isinstance(job, _Here) else job.result()
        yield from done
        if spill is None or isinstance(job, _Here):
            return
        # the writer has copied what it wanted from the chunk's file
        for part in done:
            for result in part.results:
                if isinstance(getattr(result, "rendered", None), tuple) and isinstance(result.rendered[0], str):
                    with contextlib.suppress(OSError):
                        os.unlink(result.rendered[0])
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
        try:
            for chunk in chunks:
                stdin = [k for k, (_, path) in enumerate(chunk) if path is None]
                if stdin:  # standard input belongs to this process: read it here, in its place
                    k = stdin[0]
                    for piece in (chunk[:k], None, chunk[k + 1 :]):
                        if piece is None:
                            pending.append((_Here(work), [("-", None)]))
                        elif piece:
                            pending.append((pool.submit(_screen_chunk, piece), piece))
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
            warning = "a --jobs worker process ended unexpectedly; the rest of the batch is screened in this process"
            # the chunks not yet written, then the rest, in their order: every record is kept
            rest = (screen_file(label, path, work) for _, piece in pending for label, path in piece)
            later = (screen_file(label, path, work) for chunk in chunks for label, path in chunk)
            for k, part in enumerate(itertools.chain.from_iterable(itertools.chain(rest, later))):
                if k == 0:
                    part.warnings.append(warning)
                yield part
            pending.clear()
    finally:
        if pool is not None:
            _stop(pool)
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)
        if pipe is not None:
            signal.signal(pipe, signal.SIG_DFL)
        _WORK = None


def _portable(work: Work) -> Work:
    """The work for a spawned worker, without the catalogue (it loads the specs itself)."""
    return Work(None, [], [], work.as_of, work.render, work.detail, work.selective, work.determinations, work.debug)  # type: ignore[arg-type]


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

