"""Where output goes and how it should look: passed in, so tests can swap it."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TextIO


class Exit(IntEnum):
    """Exit codes, documented in --help and the README."""

    OK = 0  # every applicant x class screened is eligible or conditional
    NOT_ALL_ELIGIBLE = 1  # at least one is review or ineligible
    ERROR = 2  # a usage or input error
    INTERRUPTED = 130  # Ctrl-C


@dataclass
class Environment:
    """Standard streams, whether they are terminals, colours and CI, as one object."""

    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    colors: bool | None = None
    ci: bool | None = None

    def __post_init__(self) -> None:
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)
        if self.ci is None:
            self.ci = bool(os.environ.get("CI"))
        if self.colors is None:
            self.colors = bool(self.stdout_isatty) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def error(self, message: str) -> None:
        """One line on standard error."""
        print(message, file=self.stderr)

    @property
    def progress(self) -> bool:
        return bool(self.stderr_isatty) and not self.ci


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
