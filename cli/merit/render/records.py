"""Decisions as records for scripts: JSON objects, JSON Lines and CSV rows with stable field names."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from merit.model import Decision, Reason

# The contract: these names are documented in the README and never renamed.
CSV_COLUMNS = (
    "applicant",
    "file",
    "class",
    "specialty",
    "status",
    "path",
    "eligible_from",
    "as_of",
    "series",
    "title",
    "highest_level",
    "reasons",
)

# One encoder for every line: json.dumps(..., ensure_ascii=False) would build a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _reason(r: Reason) -> dict:
    # Reason.as_dict, inlined: a batch turns millions of reasons into dicts.
    out = {"requirement": r.requirement, "outcome": r.outcome, "detail": r.detail, "citation": r.citation}
    if r.children:
        out["reasons"] = [_reason(c) for c in r.children]
    return out


def record(decision: Decision, highest_level: str | None = None) -> dict:
    """The JSON form of a decision."""
    return {
        "applicant": decision.applicant,
        "file": decision.file,
        "class": decision.cls,
        "specialty": decision.specialty,
        "status": decision.status,
        "path": decision.path,
        "eligible_from": decision.eligible_from.isoformat() if decision.eligible_from else None,
        "as_of": decision.as_of.isoformat(),
        "series": decision.series,
        "title": decision.title,
        "highest_level": highest_level,
        "reasons": [_reason(r) for r in decision.reasons],
    }


def json_line(decision: Decision, highest_level: str | None = None) -> str:
    """One decision as one line of JSON (no newline)."""
    return _encode(record(decision, highest_level))


def flat_reasons(reasons: list[Reason], depth: int = 2) -> Iterator[str]:
    """Reasons as one-line texts, down to ``depth`` levels (requirement and its parts)."""

    def walk(r: Reason, level: int, prefix: str):
        text = f"{prefix}{r.requirement} [{r.outcome}]"
        if r.detail:
            text += f": {r.detail}"
        yield text
        if level + 1 < depth:
            for child in r.children:
                yield from walk(child, level + 1, prefix + "  ")

    for r in reasons:
        yield from walk(r, 0, "")


def csv_header() -> str:
    return _csv_line(CSV_COLUMNS)


def csv_row(decision: Decision, highest_level: str | None = None) -> str:
    """One decision as one CSV row, newline included."""
    reasons = " | ".join(s.strip() for s in flat_reasons(decision.reasons))
    return _csv_line(
        (
            decision.applicant,
            decision.file,
            decision.cls,
            decision.specialty or "",
            decision.status,
            decision.path or "",
            decision.eligible_from.isoformat() if decision.eligible_from else "",
            decision.as_of.isoformat(),
            decision.series,
            decision.title,
            highest_level or "",
            reasons,
        )
    )


# One writer on one buffer, reused: a csv.writer per row costs more than the row.
_buffer = io.StringIO()
_writer = csv.writer(_buffer, lineterminator="\n")


def _csv_line(values) -> str:
    _buffer.seek(0)
    _buffer.truncate()
    _writer.writerow(values)
    return _buffer.getvalue()
