"""Where results are written: standard output, or a file replaced atomically (temporary file + rename)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from merit.env import Environment


@contextlib.contextmanager
def open_output(path: str | None, env: Environment):
    """Yield a text stream; for a file, it appears whole or not at all."""
    if path is None or path == "-":
        yield env.stdout
        return
    target = Path(path)
    if target.exists() and not target.is_file():
        # /dev/null, a FIFO, a terminal: write straight to it; renaming over it would replace the device
        with open(target, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    import tempfile  # only when writing a file

    directory = target.parent if str(target.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
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
