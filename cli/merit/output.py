"""Where results are written: standard output, or a file replaced atomically (temporary file + rename).

``-o PATH`` means what ``> PATH`` means in a shell: a link is followed and the file it names is
written; a device, a FIFO or an open descriptor (``/dev/stdout``) is written in place, never
replaced. A regular file is replaced whole by renaming a temporary file over it, so that an
interrupted run leaves the old file or the new one; it keeps the old file's mode (never a setuid
or setgid bit) and, where merit may give it, the old file's owner.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from merit.env import Environment


class OutputError(Exception):
    """The output file cannot be written; one line, exit 2."""


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


@contextlib.contextmanager
def open_output(path: str | None, env: Environment):
    """Yield a text stream; for a regular file, it appears whole or not at all."""
    if path is None or path == "-":
        yield env.stdout
        return
    target, info = output_target(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a directory (expected a file name)")
    if (info is not None and not stat.S_ISREG(info.st_mode)) or _names_a_descriptor(path, target):
        # /dev/null, a FIFO, a terminal, /dev/stdout: write straight to it; renaming over it would replace it
        try:
            stream = open(path, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
        with stream:
            yield stream
        return
    import tempfile  # only when writing a file

    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: no such directory {directory} (expected an existing directory)")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        _take_over(fd, info)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:  # an error, Ctrl-C, SIGTERM or SIGHUP: no temporary file is left
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


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
