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
        "reasons": [r.as_dict() for r in decision.reasons],
    }


def json_line(decision: Decision, highest_level: str | None = None) -> str:
    return json.dumps(record(decision, highest_level), ensure_ascii=False)


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


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()
