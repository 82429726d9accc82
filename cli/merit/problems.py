"""Problems found in input files: values with a position, rendered one per line."""

from __future__ import annotations

import re

# Each problem's stable code, for scripts and CI annotations: read off its message by the first
# pattern that matches (messages are written in a few fixed shapes, kept so by tests/bad).
CODES: tuple[tuple[str, str], ...] = (
    (r"^warning: this credit rule never applies", "rule-never-applies"),
    (r"^warning: .* can never be met", "never-met"),
    (r"^warning: duty term .* replaces the bundled term", "term-replaced"),
    (r"^warning: jurisdiction: .* is no place merit knows", "misspelt-place"),
    (r"^warning: .* reads as volunteer work", "volunteer-taken-as-paid"),
    (r"^warning: ", "warning"),
    (r"^invalid YAML: a tab character", "yaml-tab"),
    (r"^invalid YAML", "yaml-syntax"),
    (r"YAML alias", "yaml-alias"),
    (r"^nested more than", "too-deep"),
    (r"^(file|input) is (more than )?[\d,]+ bytes", "too-big"),
    (r"^(binary data|not UTF-8 text|UTF-16 text)", "not-text"),
    (r"^(no such file|cannot read|is a directory|not a regular file)", "unreadable"),
    (r"^empty file|^empty list", "empty"),
    (r"^this is (a|an) |^merit screen's (CSV|TSV) output", "wrong-kind-of-file"),
    (r"unknown key", "unknown-key"),
    (r"duplicate key", "duplicate-key"),
    (r"missing required key", "missing-key"),
    (r"duplicate applicant id", "duplicate-id"),
    (r"class id .* used twice|is also used in", "duplicate-class"),
    (r"unknown duty (term|word)", "unknown-duty"),
    (r"unknown competency", "unknown-competency"),
    (r"unknown question|is no question of this series", "unknown-question"),
    (r"^answer has|takes [\w-]+ answers|for an answer needed at filing", "bad-answer"),
    (r"gives no values|^values: |is also asked in", "bad-question"),
    (r"unknown value", "unknown-value"),
    (r"is not a date|is not a real date", "bad-date"),
    (r"which no record can hold", "implausible-date"),
    (r"is before start", "end-before-start"),
    (r"is more than a year after the as-of date", "end-far-ahead"),
    (r"is negative|is more than|is less than|hours a week \(expected more than 0", "out-of-range"),
    (r"is not a (whole )?number|is not true or false|is not yes or no|^(\S+: )?found ", "wrong-type"),
    (r"is empty", "empty-value"),
    (r"tag .* is not allowed", "tag-not-allowed"),
    (r"names no clause|makes a cycle", "bad-ref"),
    (r"is not an order of this series|is not a level of the order|an order needs at least two|^orders: series|^order has", "bad-level-order"),
    (r"proportional:", "bad-proportional"),
    (r"typical_years: ", "bad-typical-range"),
    (r"credit rule has", "bad-credit-rule"),
    (r"not a requirement|a requirement has exactly one|has no requirement|has no value, beside", "bad-requirement"),
    (r"shares add to", "shares-over-100"),
    (r"in a determination with an answer", "incomplete-determination"),
    (r"^determination for .* answers \w+ where .* answers \w+", "duplicate-determination"),
    (r"holds an invisible character", "invisible-character"),
    (r"\(expected at most [\d,]+ \w+\)$", "too-many"),
)
_CODES: list = []  # compiled on first use: most runs report no problem


def code_of(message: str) -> str:
    """The stable code of a problem's message (``invalid`` when no shape matches)."""
    if not _CODES:
        _CODES.extend((re.compile(pattern), code) for pattern, code in CODES)
    for pattern, code in _CODES:
        if pattern.search(message):
            return code
    return "invalid"


class Problem:
    """One thing wrong with an input file, at a 1-based line and column; compared by value.

    Written out rather than as a dataclass: importing dataclasses and defining
    one costs a screening of one applicant about a millisecond of start-up.
    """

    __slots__ = ("path", "line", "column", "message", "applicant")

    def __init__(self, path: str, line: int, column: int, message: str, applicant: str | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.applicant = applicant  # the id of the record it is in, when the record gives one plainly

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

    @property
    def code(self) -> str:
        """A stable name for what is wrong (``unknown-key``, ``bad-date`` ...), for scripts."""
        return code_of(self.message)

    @property
    def warning(self) -> bool:
        return self.message.startswith("warning: ")


class InputError(Exception):
    """Raised by loaders when a whole file cannot be used; carries its problems, and the warnings of the
    load (what it skipped before it failed: a spec file that is a broken link), which the caller shows."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.warnings: list[str] = []
