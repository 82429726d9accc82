"""Where results are written: standard output, or a file replaced atomically (temporary file + rename)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from merit.env import Environment


class OutputError(Exception):
    """The output file cannot be written; one line, exit 2."""


@contextlib.contextmanager
def open_output(path: str | None, env: Environment):
    """Yield a text stream; for a file, it appears whole or not at all."""
    if path is None or path == "-":
        yield env.stdout
        return
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory (expected a file name)")
    if target.exists() and not target.is_file():
        # /dev/null, a FIFO, a terminal: write straight to it; renaming over it would replace the device
        with open(target, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    import tempfile  # only when writing a file

    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: no such directory {directory} (expected an existing directory)")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        # mkstemp makes the file private (0600); the result gets the mode that writing it
        # with a shell redirection would give: the old file's, or what the umask allows
        os.fchmod(fd, _mode_for(target))
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
