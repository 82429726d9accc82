"""The results store: an office's SQLite file of rendered results, so that screening again re-decides
only what changed (docs/store.md).

A result depends only on what its key digests: the text of the applicant's file as read (with its
name, which records carry as ``file``), the applicant's place in it, id and line, the answers that
apply to the applicant (determinations and the policy's standing answers), the class's series as
built (every class of it, with the duty terms, places, level orders and questions handed to its
clauses), the as-of date, the format and the options that change a record, the classes screened
together, the office's policy, and merit's version and code. A stored result is reused only when
every one of these is the same, so the bytes written are the bytes deciding again would write.

What is kept, per applicant of a file: the rendered text of each class (each group of classes a
format renders together), with its statuses, stale determinations and the answers by pattern it
applied; per file read without a problem: its applicants' ids and lines, so that an unchanged file
is not even parsed. Beside them, the history: each run, each applicant screened in it (decided or
reused, with the statuses), and each result decided (class, status, spec digest and date, as-of,
answers and policy digests).

Never trusted: a file that is a link, not a regular file, another user's, or writable by others is
refused; one that is not SQLite, damaged, another program's, or of another layout is one warning and
a run without the store; a body whose checksum does not match is decided again. Nothing here prints. How a batch screens with
the store is merit.reuse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from merit.pipeline import Work
    from merit.reuse import Unit

LAYOUT = 1  # PRAGMA user_version of a store this merit writes
APPLICATION = 0x6D657274  # PRAGMA application_id: "mert", a merit results store
BUSY_MS = 10_000  # how long a run waits for another writing the same store
COMMIT_EVERY = 256  # applicants written per transaction
PAGE = 32768  # bytes: the page size of a new store
SPLIT = ("jsonl", "json", "csv", "tsv", "quiet")  # formats whose text is one piece per class; others render an applicant whole

TABLES = """
CREATE TABLE IF NOT EXISTS runs (
    run INTEGER PRIMARY KEY, started TEXT NOT NULL, merit_version TEXT NOT NULL, code TEXT NOT NULL,
    as_of TEXT NOT NULL, format TEXT NOT NULL, reasons TEXT NOT NULL, classes TEXT NOT NULL,
    policy_digest TEXT, context TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    unit TEXT PRIMARY KEY, file TEXT NOT NULL, applicants TEXT NOT NULL, run INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS results (
    key TEXT NOT NULL, grp TEXT NOT NULL, code TEXT NOT NULL, applicant TEXT NOT NULL, file TEXT NOT NULL,
    line INTEGER NOT NULL, classes TEXT NOT NULL, run INTEGER NOT NULL, crc INTEGER NOT NULL, statuses TEXT NOT NULL,
    extra TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (key, grp));
CREATE TABLE IF NOT EXISTS screenings (
    run INTEGER NOT NULL, applicant TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
    reused INTEGER NOT NULL, statuses TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (
    run INTEGER NOT NULL, applicant TEXT NOT NULL, class TEXT NOT NULL, specialty TEXT, status TEXT NOT NULL,
    series TEXT NOT NULL, spec_digest TEXT NOT NULL, spec_date TEXT, as_of TEXT NOT NULL,
    answers_digest TEXT NOT NULL, policy_digest TEXT);
CREATE INDEX IF NOT EXISTS screenings_applicant ON screenings (applicant, run);
CREATE INDEX IF NOT EXISTS decisions_applicant ON decisions (applicant, class, run);
CREATE INDEX IF NOT EXISTS results_code ON results (code);
"""

# slots the engine fills once from the others (merit.model.Condition.stated): derived, not inputs, and
# filled or not depending on what a process screened before
DERIVED = frozenset({"stated"})
_INHERITED: list[Any] = []  # connections a forked process copied: kept, never closed nor used (sqlite forbids both)


class StoreRefused(Exception):
    """A store file merit will not open: a link, not a regular file, another user's, or writable by others."""


# --- digests ------------------------------------------------------------------------------


def digest(*values: Any) -> str:
    """A stable digest of plain values and merit's slotted objects: the same in every process and run,
    and for a catalogue built from its files or read back from the cache (sets in sorted order; an
    object shared in several places digested by its content, once)."""
    done: dict[int, bytes] = {}  # id of an object -> the digest of its content
    keep: list[Any] = []  # what is digested stays alive, so that no id is reused meanwhile

    def of(v: Any) -> bytes:
        h = hashlib.blake2b(digest_size=20)
        feed(h, v)
        return h.digest()

    def feed(h: Any, v: Any) -> None:
        t = type(v)
        if v is None or t is bool or t is int or t is float or t is str:
            h.update(f"{t.__name__[0]}{v!r};".encode())
        elif t is dt.date:
            h.update(f"D{v.isoformat()};".encode())
        elif t is list or t is tuple:
            h.update(f"{t.__name__[0]}{len(v)}[".encode())
            for x in v:
                feed(h, x)
            h.update(b"]")
        elif t is dict:
            h.update(f"m{len(v)}[".encode())
            for k, x in v.items():
                feed(h, k)
                feed(h, x)
            h.update(b"]")
        elif t is set or t is frozenset:
            h.update(f"s{len(v)}[".encode() + b"".join(sorted(of(x) for x in v)) + b"]")
        else:
            if id(v) not in done:
                done[id(v)] = b"cycle"  # a structure that holds itself: deterministic, if never equal to a content digest
                keep.append(v)
                done[id(v)] = of_object(v, t)
            h.update(b"@" + done[id(v)])

    def of_object(v: Any, t: type) -> bytes:
        h = hashlib.blake2b(digest_size=20)
        names = [n for c in reversed(t.__mro__) for n in getattr(c, "__slots__", ())]
        if not names and hasattr(v, "__dict__"):
            names = sorted(vars(v))
        if not names:  # a value merit does not know: its repr, or a key that matches nothing
            text = repr(v)
            h.update(f"?{t.__qualname__}:{text if ' at 0x' not in text else os.urandom(8).hex()};".encode())
            return h.digest()
        h.update(f"{t.__module__}.{t.__qualname__}[".encode())
        for n in names:
            if n not in DERIVED:
                h.update(n.encode() + b"=")
                feed(h, getattr(v, n, None))
        h.update(b"]")
        return h.digest()

    top = hashlib.blake2b(digest_size=20)
    for value in values:
        feed(top, value)
    return top.hexdigest()


_CODE: str | None = None


def code_digest() -> str:
    """merit's own code (every module, template and asset of the package) as one digest: a result stored
    by other code is never reused, whatever the version says."""
    global _CODE
    if _CODE is None:
        h = hashlib.blake2b(digest_size=20)
        root = os.path.dirname(os.path.abspath(__file__))
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".j2", ".js", ".css", ".json", ".yaml")):
                    path = os.path.join(folder, name)
                    h.update(os.path.relpath(path, root).encode() + b"\0")
                    with open(path, "rb") as f:
                        h.update(hashlib.blake2b(f.read(), digest_size=20).digest())
        _CODE = h.hexdigest()
    return _CODE


# --- the store ----------------------------------------------------------------------------


class Store:
    """An open results store for one batch (``merit.batch(..., store=FILE)``).

    ``warnings`` holds what the store could not do (one line each); after one, the batch goes on
    without it, deciding everything. A forked or spawned worker opens its own connection."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.warnings: list[str] = []
        self.usable = True
        self.run = 0
        self.context = ""  # the digest of what every result of the batch depends on (see begin)
        self.reading = ""  # the digest of what reading an applicant file depends on
        self.groups: list[tuple[str, list[Any]]] = []  # (group key, its (class, series) targets) in target order
        self.keys: set[str] = set()  # the group keys
        self.joiner = b""
        self.series: dict[str, tuple[str, str | None]] = {}  # class id -> (series digest, date)
        self.meta: dict[str, Any] = {}
        self._conn: Any = None
        self._pid = 0
        self._pending = 0
        self._released = 0  # the process that handed the store to a pool's workers, and uses it no more
        self._file: tuple[int, int] = (0, 0)  # the device and inode of the file checked
        self.refuse_hostile()
        self._connect()

    def __getstate__(self) -> dict[str, Any]:  # a spawned worker: everything but the connection
        state = {k: getattr(self, k) for k in vars(self)}
        state["_conn"] = None
        return state

    # opening --------------------------------------------------------------------------

    def refuse_hostile(self) -> None:
        """StoreRefused for a store file that is a link, not a regular file, another user's or writable by
        others; a missing one is made, readable and writable by its owner only."""
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            except FileExistsError:
                return self.refuse_hostile()  # another run made it meanwhile: check what is there now
            except OSError as err:
                raise StoreRefused(
                    f"{self.path}: cannot make the results store: {err.strerror or err} (expected a file in a directory you can write)"
                ) from None
            info = os.fstat(fd)
            os.close(fd)
            self._file = (info.st_dev, info.st_ino)
            return None
        except OSError as err:
            raise StoreRefused(
                f"{self.path}: cannot read the results store: {err.strerror or err} (expected a file you can read)"
            ) from None
        why = None
        if stat.S_ISLNK(info.st_mode):
            why = "is a symbolic link (expected the store file itself)"
        elif not stat.S_ISREG(info.st_mode):
            why = "is not a regular file (expected a SQLite file that merit keeps)"
        elif hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            why = "belongs to another user (expected a file of your own)"
        elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            why = "can be written by other users (expected chmod go-w)"
        if why:
            raise StoreRefused(f"{self.path}: results store {why}; not used")
        self._file = (info.st_dev, info.st_ino)
        return None

    def _connect(self) -> None:
        import sqlite3

        if self._conn is not None and self._pid != os.getpid():
            _INHERITED.append(self._conn)  # a copy from the parent: neither used nor closed here
            self._conn = None
        if self._conn is not None or not self.usable:
            return
        try:
            conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False)
            self._conn, self._pid = conn, os.getpid()
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            try:  # the file SQLite opened is the one checked, not one put in its place meanwhile
                info = os.lstat(self.path)
                same = (info.st_dev, info.st_ino) == self._file and stat.S_ISREG(info.st_mode)
            except OSError:
                same = False
            if not same:
                return self.fail("was replaced while it was opened; screening without it")
            app, layout = conn.execute("PRAGMA application_id").fetchone()[0], conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if app == 0 and layout == 0 and tables == 0:
                conn.execute(f"PRAGMA page_size = {PAGE}")  # before the first table: rows of a few KiB fit a page
                conn.execute("PRAGMA journal_mode = WAL")
                # two runs making the same new store make the same tables: each statement is idempotent
                conn.executescript(
                    f"BEGIN IMMEDIATE; {TABLES} PRAGMA application_id = {APPLICATION}; PRAGMA user_version = {LAYOUT}; COMMIT;"
                )
            elif app != APPLICATION:
                return self.fail("is not a merit results store (another program's SQLite file); screening without it")
            elif layout != LAYOUT:
                return self.fail(
                    f"is a results store of another merit (layout {layout}, expected {LAYOUT}); screening without it"
                    " (move it aside to start a new one)"
                )
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as err:
            return self.fail(f"cannot be used as a results store ({err}); screening without it")
        return None

    def take(self) -> list[str]:
        """The warnings not taken yet."""
        out, self.warnings = self.warnings, []
        return out

    def fail(self, why: str) -> None:
        """The store is not used for the rest of this process's batch: one warning says why."""
        line = f"{self.path}: {why}"
        if self.usable:
            self.warnings.append(line)
        self.usable = False
        conn, self._conn = self._conn, None
        if conn is not None and self._pid == os.getpid():
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.close()
            except Exception:  # noqa: BLE001 - a damaged file may fail even to close; the batch goes on without it
                pass

    def _guarded(self, doing: str, action, *args):
        """action(*args), or None after an SQLite or data error, which stops the store's use."""
        import sqlite3

        self._connect()
        if not self.usable or self._conn is None:
            return None
        try:
            return action(*args)
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                self.fail(
                    f"another merit run kept the results store busy while {doing}; the rest of this batch is screened without it"
                )
            else:
                self.fail(f"cannot be used as a results store ({err}) while {doing}; screening without it")
        except (sqlite3.Error, ValueError, zlib.error, OSError) as err:
            self.fail(f"is damaged ({err}) while {doing}; screening without it (move it aside to start a new one)")
        return None

    # the batch ------------------------------------------------------------------------

    def begin(self, work: Work, fmt: str, reasons: str, csv_escape: bool) -> None:
        """Key this batch (what every result depends on) and note it as a run of the history."""
        import merit

        catalogue = work.catalogue
        policy = work.policy
        self.meta = {"as_of": work.as_of.isoformat(), "policy": None if policy is None else policy.digest}
        self.reading = digest("reading", catalogue.terms, catalogue.competency_ids, catalogue.questions, work.as_of)
        series_keys: dict[str, str] = {}
        for cls, series in work.targets:
            if series.id not in series_keys:
                series_keys[series.id] = digest(series)
            self.series[cls.id] = (series.digest, series.date)
        ranked = [s.id for s in work.ranked]
        targets = [(c.id, s.id) for c, s in work.targets]
        self.context = digest(
            LAYOUT, merit.__version__, code_digest(), work.as_of, fmt, int(work.detail), reasons, work.selective,
            csv_escape, targets, ranked, policy,
        )  # fmt: skip
        keyed = [(digest(series_keys[s.id], c.id), (c, s)) for c, s in work.targets]
        if fmt in SPLIT:
            self.groups = [(key, [target]) for key, target in keyed]
        else:
            self.groups = [(digest(*(k for k, _ in keyed)), [t for _, t in keyed])] if keyed else []
        self.keys = {g for g, _ in self.groups}
        self.joiner = b",\n  " if fmt == "json" else b""
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        row = (
            started,
            merit.__version__,
            code_digest(),
            work.as_of.isoformat(),
            fmt,
            reasons,
            json.dumps([c for c, _ in targets]),
            self.meta["policy"],
            self.context,
        )

        def note() -> None:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            # results of other code can never be reused: their place is given back
            conn.execute("DELETE FROM results WHERE code != ?", (code_digest(),))
            self.run = conn.execute(
                "INSERT INTO runs (started, merit_version, code, as_of, format, reasons, classes, policy_digest, context)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            ).lastrowid
            conn.execute("COMMIT")

        self._guarded("noting the run", note)

    def release(self) -> None:
        """Before a pool of workers starts: this process lets go of the file (a connection must not cross a fork)."""
        self.flush()
        conn, self._conn = self._conn, None
        self._released = os.getpid()
        if conn is not None:
            conn.close()

    def active(self) -> bool:
        """Whether this process screens with the store (a pool's workers do, the pool's parent does not)."""
        return self.usable and self._released != os.getpid()

    def flush(self) -> None:
        """Commit what this process wrote."""
        if self._conn is not None and self._pid == os.getpid() and self._conn.in_transaction:
            self._guarded("writing results", self._conn.execute, "COMMIT")
        self._pending = 0

    def close(self) -> None:
        self.flush()
        conn, self._conn = self._conn, None
        if conn is not None and self._pid == os.getpid():
            conn.close()

    # reading and writing ------------------------------------------------------------------

    def unit(self, kind: str, label: str, text: str, outside: bool) -> str:
        """The key of a text read as applicants (a file, standard input or a slice of a long file)."""
        return digest(kind, self.reading, label, outside, text)

    def stored_file(self, unit: str) -> list[tuple[str, int]] | None:
        """The (id, line) of each applicant of a file read before without a problem, or None."""

        def get():
            row = self._conn.execute("SELECT applicants FROM files WHERE unit = ?", (unit,)).fetchone()
            return None if row is None else [(str(i), int(n)) for i, n in json.loads(row[0])]

        return self._guarded("reading", get)

    def applicant_key(self, unit: str, ordinal: int, ident: str, line: int, answers: tuple[Any, ...]) -> str:
        return digest(self.context, unit, ordinal, ident, line, answers)

    def stored(self, keys: list[str]) -> dict[str, dict[str, list[Any]]]:
        """The stored groups of each applicant key found, by group key: [group key, text as UTF-8 bytes,
        statuses, stale lines, answers applied]; a row that fails its checksum or its shape is left out."""

        def get():
            out: dict[str, dict[str, list[Any]]] = {}
            for k in range(0, len(keys), 500):
                chunk = keys[k : k + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT key, grp, crc, statuses, extra, body FROM results WHERE key IN ({marks})", chunk
                )
                for key, grp, crc, statuses, extra, body in rows:
                    if (
                        not (type(statuses) is str and type(extra) is str and type(body) is bytes)
                        or checksum(statuses + extra, body) != crc
                    ):
                        continue
                    entry = _entry(grp, statuses, extra, body)
                    if entry is not None:
                        out.setdefault(key, {})[grp] = entry
            return out

        return self._guarded("reading", get) or {}

    def write(self, unit: Unit | None = None, files: tuple | None = None) -> None:
        """What a text's applicants gave (results, results no longer asked for, history rows), or a file's
        applicants, in this process's open transaction; the unit's lists are emptied."""
        rows, gone, screenings, decisions = (unit.rows, unit.gone, unit.screenings, unit.decisions) if unit else ([], [], [], [])
        if unit is not None:
            unit.rows, unit.gone, unit.screenings, unit.decisions = [], [], [], []

        def put() -> None:
            conn = self._conn
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
            if gone:
                conn.executemany("DELETE FROM results WHERE key = ? AND grp = ?", gone)
            if rows:
                conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            conn.executemany("INSERT INTO screenings VALUES (?, ?, ?, ?, ?, ?)", screenings)
            if decisions:
                conn.executemany("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", decisions)
            if files is not None:
                conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", files)
            self._pending += len(screenings)
            if self._pending >= COMMIT_EVERY:
                conn.execute("COMMIT")
                self._pending = 0

        self._guarded("writing results", put)


def checksum(head: str, body: bytes) -> int:
    """What a row's checksum is: Adler-32 of its statuses, its other notes and its text (a damaged page of
    the file is not reused)."""
    return zlib.adler32(body, zlib.adler32(head.encode()))


STATUSES = frozenset(("eligible", "conditional", "review", "ineligible"))


def statuses_text(statuses: list[Any]) -> str:
    """A group's statuses as the store keeps them: class, specialty and status, a unit separator between
    them and a record separator after each (neither is in an id; a row that had one would not be reused)."""
    return "".join(f"{c}\x1f{s or ''}\x1f{st}\x1e" for c, s, st in statuses)


def _entry(grp: str, statuses: str, extra: str, body: bytes) -> list[Any] | None:
    """A stored group, [group key, text as UTF-8 bytes, statuses, stale lines, answers applied], or None for
    a row of another shape than this merit writes (its checksum already matched)."""
    parsed = []
    for item in statuses.split("\x1e")[:-1]:
        parts = item.split("\x1f")
        if len(parts) != 3 or parts[2] not in STATUSES or not parts[0]:
            return None
        parsed.append((parts[0], parts[1] or None, parts[2]))
    if not statuses.endswith("\x1e") and statuses:
        return None
    if not extra:
        return [grp, body, parsed, [], []]
    try:
        stale, matched = json.loads(extra)
    except ValueError:
        return None
    if not (type(stale) is list and all(type(x) is str for x in stale) and type(matched) is list):
        return None
    if not all(type(x) is list and len(x) == 2 and type(x[0]) is str and type(x[1]) is int for x in matched):
        return None
    return [grp, body, parsed, stale, matched]
