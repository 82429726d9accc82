"""Text from files, shown to people: control characters are made visible, never obeyed.

An id or a job title may hold anything a YAML double-quoted string can spell:
``"A-1\\x1b[2J"`` would clear an analyst's terminal, ``"\\x1b]8;;file:///etc/passwd\\x1b\\\\"``
would plant a link, a newline would forge a line of the table. Every piece of
text that comes from a file goes through ``visible`` before it is printed, and
reaches Rich as a ``Text`` (never as markup, so ``[bold]`` stays the text it is).
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; the line and paragraph separators; the bidirectional embeddings,
# overrides and isolates that can make text read in another order than it is stored
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def visible(text: str) -> str:
    """The text with every control character written as an escape: ``\\x1b``, ``\\n``, ``\\u202e``."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def visible_lines(text: str) -> str:
    """Like ``visible``, but the newlines that lay out a cell of several lines are kept."""
    return "\n".join(visible(line) for line in text.split("\n")) if _CONTROL.search(text) else text


# what a row of CSV or TSV may not hold: every control but the line break and the tab, which are the
# format's own (escaping happens after the row is written: an escape holds no comma, quote or tab)
_IN_ROWS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible_in_rows(text: str) -> str:
    """Like ``visible``, but line breaks and tabs are kept: for rows of CSV or TSV."""
    return _IN_ROWS.sub(_escape, text) if _IN_ROWS.search(text) else text


# spaces other than the space, which look like it; and a space after a space
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|(?<= ) ")


def one_column(text: str) -> str:
    """A cell of a table whose columns are parted by runs of spaces: a run of spaces in an id, or a
    space that is not the space, would forge a column (``A-1     eligible``). Every space after
    the first of a run is written ``\\x20``, and every other space as its escape."""
    return _SPACES.sub(_escape, text) if ("  " in text or not text.isascii()) and _SPACES.search(text) else text
