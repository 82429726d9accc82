"""Problems found in input files: values with a position, rendered one per line."""

from __future__ import annotations


class Problem:
    """One thing wrong with an input file, at a 1-based line and column; compared by value.

    Written out rather than as a dataclass: importing dataclasses and defining
    one costs a screening of one applicant about a millisecond of start-up.
    """

    __slots__ = ("path", "line", "column", "message")

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message

    def _key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem(path={self.path!r}, line={self.line!r}, column={self.column!r}, message={self.message!r})"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class InputError(Exception):
    """Raised by loaders when a whole file cannot be used; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def warn(message: str) -> None:
    """One line on standard error about something merit skipped; the run goes on."""
    import sys

    print(f"merit: warning: {message}", file=sys.stderr)
