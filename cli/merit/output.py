"""Where results are written: standard output, or a file replaced atomically (temporary file + rename).

``-o PATH`` means what ``> PATH`` means in a shell: a link is followed and the file it names is
written; a device, a FIFO or an open descriptor (``/dev/stdout``) is written in place, never
replaced. A regular file is replaced whole by renaming a temporary file over it, so that an
interrupted run leaves the old file or the new one; it keeps the old file's mode (never a setuid
or setgid bit) and, where merit may give it, the old file's owner. A read-only file is refused, as
a shell refuses it, and a full disk is one line: the old file is kept.

The temporary file, ``.NAME.XXXXXXXX.tmp`` beside the output, is locked while it is written. A run
killed outright (SIGKILL, a power cut) leaves it behind; the next run that writes NAME removes
those of its own naming that are the user's own and that no run holds locked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path
from typing import TypeGuard

from merit.env import Environment


class OutputError(Exception):
    """The output file cannot be written; one line, exit 2."""


# A disk or a quota that is full, or a file-size limit (ulimit -f): the user's disk, not a fault of merit
FULL = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name))


def full_disk(err: BaseException) -> TypeGuard[OSError]:
    """Whether an error is a write that found no room (ENOSPC, EDQUOT, EFBIG)."""
    return isinstance(err, OSError) and err.errno in FULL


def no_room(path: str, err: OSError, kept: bool) -> OutputError:
    """The one line for a write that found no room."""
    after = "; the old file is kept" if kept else ""
    return OutputError(f"cannot write {path}: {err.strerror or err} (expected room for the output on its disk{after})")


def refuse_specs_directory(output: str | None, specs: str | None) -> None:
    """-o may not name a file in the specs directory in use (--specs, $MERIT_SPECS or the bundled one), nor
    below it: its spec files, examples (cases/), vocabulary and places are read by the next run."""
    if not output or output == "-":
        return
    from merit.env import UsageError
    from merit.specs import bundled_specs_dir, specs_dir

    target = output_target(output)[0]
    for directory in {Path(os.path.realpath(d)) for d in (specs_dir(specs), bundled_specs_dir())}:
        if directory in target.parents:
            raise UsageError(f"--output {output} is, or would be read as, a file of the specs directory in use"
                             " (expected a file outside the specs directory)")


def output_target(path: str) -> tuple[Path, os.stat_result | None]:
    """The file ``-o path`` writes, links followed, and its status (None if it does not exist yet)."""
    real = Path(os.path.realpath(path))
    if real.is_symlink():  # realpath stops at a loop
        raise OutputError(f"cannot write {path}: too many levels of symbolic links (expected a file name)")
    try:
        return real, os.stat(real)
    except FileNotFoundError:
        return real, None
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None


def file_in_directory(path: str) -> tuple[Path, os.stat_result | None]:
    """A file merit makes in a directory (the applicant files of import): the name itself, never where a
    link by that name leads (one planted there would have the file written over anything the user may
    write), and its status (None if there is none, or a link, which the new file replaces)."""
    target = Path(os.path.realpath(os.path.dirname(os.path.abspath(path)))) / os.path.basename(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target, None
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    if stat.S_ISLNK(info.st_mode):
        return target, None
    if not stat.S_ISREG(info.st_mode):  # a FIFO would be waited on, a device written to
        raise OutputError(f"cannot write {path}: it is not a regular file (expected a file merit may replace, or none)")
    return target, info


@contextlib.contextmanager
def open_output(path: str | None, env: Environment, in_directory: bool = False):
    """Yield a text stream; for a regular file, it appears whole or not at all. ``in_directory``: a file
    merit makes in a directory, replaced whole, links never followed (see file_in_directory)."""
    if path is None or path == "-":
        yield env.stdout
        return
    target, info = file_in_directory(path) if in_directory else output_target(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a directory (expected a file name)")
    if (info is not None and not stat.S_ISREG(info.st_mode)) or _names_a_descriptor(path, target):
        # /dev/null, a FIFO, a terminal, /dev/stdout: write straight to it; renaming over it would replace it
        try:
            stream = open(path, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
        try:
            with stream:
                yield stream
        except OSError as err:
            if full_disk(err):
                raise no_room(path, err, kept=False) from None
            raise
        return
    if info is not None and (not info.st_mode & 0o222 or not os.access(target, os.W_OK)):
        # renaming over it would replace it: a shell's > refuses it (and rm asks first, even for root)
        raise OutputError(f"cannot write {path}: the file is read-only (expected a file you may write; it is left as it is)")
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: no such directory {directory} (expected an existing directory)")
    sweep_temporaries(directory, target.name)
    fd, temporary = _temporary(path, directory, target.name)
    try:
        _take_over(fd, info)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as err:  # an error, Ctrl-C, SIGTERM or SIGHUP: no temporary file is left
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if full_disk(err):
            raise no_room(path, err, kept=info is not None) from None
        raise


def _temporary(path: str, directory: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside the output, locked (see sweep_temporaries), and its path."""
    import tempfile  # only when writing a file

    for _ in range(10):
        try:
            fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        except OSError as err:
            if full_disk(err):
                raise no_room(path, err, kept=True) from None
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
        if not _lock(fd) or _same_file(temporary, fd):
            return fd, temporary
        os.close(fd)  # a sweep took it between its making and its lock: make another
    raise OutputError(f"cannot write {path}: its temporary files keep being removed (expected a directory no other program clears)")


def sweep_temporaries(directory: Path, name: str) -> list[str]:
    """Remove the temporary files of a run that was killed before it could (SIGKILL, a power cut):
    only merit's own naming for this output (``.NAME.`` + mkstemp's 8 characters + ``.tmp``), only
    regular files of the user's own, and only those that no run holds locked (a run writing one
    holds its lock until it ends; the kernel lets go of a killed one's). The names removed."""
    pattern = re.compile(re.escape(f".{name}.") + r"[a-z0-9_]{8}\.tmp")
    removed: list[str] = []
    try:
        names = [n for n in os.listdir(directory) if n.startswith(f".{name}.") and pattern.fullmatch(n)]
    except OSError:
        return removed
    for stale in names:
        where = os.path.join(directory, stale)
        try:
            fd = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and _lock(fd, wait=False) and _same_file(where, fd):
                os.unlink(where)
                removed.append(stale)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _lock(fd: int, wait: bool = True) -> bool:
    """Lock a file for this process (until it is closed); False where it is held or cannot be locked."""
    try:
        import fcntl
    except ImportError:  # no flock here: nothing is swept
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _same_file(path: str, fd: int) -> bool:
    """Whether a name still names this open file."""
    try:
        named, opened = os.stat(path, follow_symlinks=False), os.fstat(fd)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _names_a_descriptor(path: str, target: Path) -> bool:
    """/dev/stdout, /dev/fd/1, /proc/self/fd/1: an open file of this process, whatever it is."""
    return any(str(p).startswith(("/dev/", "/proc/")) for p in (Path(os.path.abspath(path)), target))


def _take_over(fd: int, old: os.stat_result | None) -> None:
    """The mode and owner a shell redirection would leave: the old file's (less setuid and setgid),
    or what the umask allows for a new file; mkstemp's file is private (0600) and the writer's."""
    if old is None:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        return
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, old.st_uid, old.st_gid)  # root writing another user's file leaves it theirs
        except PermissionError:
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, old.st_gid)  # a user may still give it a group of their own
    os.fchmod(fd, old.st_mode & 0o777)


def refuse_overwriting(output: str | None, sources: list[str]) -> None:
    """--output may not name a results file being read (links followed, hard links too)."""
    if not output or output == "-":
        return
    import os

    from merit.env import UsageError

    target, info = output_target(output)
    for source in sources:
        if source == "-":
            continue
        try:
            other = os.stat(source)
        except OSError:
            continue
        if os.path.realpath(source) == str(target) or (info is not None and (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)):
            raise UsageError(f"--output {output} is one of the results read (expected another file)")
