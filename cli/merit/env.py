"""Where output goes and how it should look: passed in, so tests can swap it."""

from __future__ import annotations

import os
import sys
from enum import IntEnum
from typing import TextIO


class UsageError(Exception):
    """A bad option value or name: one line, ``merit COMMAND: error: ...``, exit 2."""


class Exit(IntEnum):
    """Exit codes, documented in --help and the README."""

    OK = 0  # every applicant x class screened is eligible or conditional
    NOT_ALL_ELIGIBLE = 1  # at least one is review or ineligible
    ERROR = 2  # a usage or input error
    INTERRUPTED = 130  # Ctrl-C


_debugging = False


def debugging() -> bool:
    """merit --debug: an unexpected exception shows its traceback instead of being one line."""
    return _debugging


def set_debugging(on: bool) -> None:
    global _debugging
    _debugging = on


class Environment:
    """Standard streams, whether they are terminals, colours and CI, as one object."""

    __slots__ = ("stdout", "stderr", "stdout_isatty", "stderr_isatty", "colors", "ci")

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdout_isatty: bool | None = None,
        stderr_isatty: bool | None = None,
        colors: bool | None = None,
        ci: bool | None = None,
    ) -> None:
        self.stdout = sys.stdout if stdout is None else stdout
        self.stderr = sys.stderr if stderr is None else stderr
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        self.ci = bool(os.environ.get("CI")) if ci is None else ci
        if colors is None:
            colors = bool(self.stdout_isatty) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.colors = colors

    def error(self, message: str) -> None:
        """One line on standard error; a control character a file name or value holds is shown, not obeyed."""
        from merit.render.visible import visible

        print(visible(message), file=self.stderr)

    def console(self, stderr: bool = False):
        """A Rich console on standard output (or error), in colour only where colours are on."""
        from rich.console import Console  # Rich only when something is drawn

        if stderr:
            return Console(file=self.stderr, no_color=not self.colors or None, highlight=False)
        return Console(
            file=self.stdout, force_terminal=bool(self.stdout_isatty), no_color=not self.colors, highlight=False
        )

    @property
    def progress(self) -> bool:
        return bool(self.stderr_isatty) and not self.ci


def usable_cpus() -> int:
    """The processors this process may run on (a container or taskset may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
