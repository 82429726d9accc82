"""Decisions as records for scripts: JSON objects, JSON Lines and CSV rows with stable field names."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

from merit import __version__
from merit.model.decisions import STALE, Decision, DecisionPoint, Determination, Reason
from merit.problems import Problem
from merit.render.screen_text import headline
from merit.render.visible import visible_in_rows

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
    "selective",
    # added later, so at the end: a script that reads columns by position keeps working
    "name",
    "reason",
    "line",
    "column",
    "message",
    "decision_points",
    "stale_determinations",
    "merit_version",
    "spec_digest",
    "spec_date",
    "assumed",
)

# A result whose input could not be read has this status, and line, column and message.
ERROR = "error"

# One encoder for every line: json.dumps(..., ensure_ascii=False) would build a new one per call.
# A record is a fresh tree of dicts and lists, never circular: skip the check that costs a
# lookup per container.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_quote = json.encoder.encode_basestring  # a str as JSON, as _encode writes it (in C)


def _reason(r: Reason) -> dict:
    # Reason.as_dict, inlined: a batch turns millions of reasons into dicts.
    # every reason has the same keys, "reasons" included (empty for one without parts), so a
    # script can walk the tree without asking which keys each object has
    return {
        "requirement": r.requirement,
        "outcome": r.outcome,
        "detail": r.detail,
        "citation": r.citation,
        "reasons": [_reason(c) for c in r.children],
    }


def record(decision: Decision, highest_level: str | None = None, name: str | None = None, reasons: str = "full") -> dict:
    """The JSON form of a decision (``name``: the applicant's name, which the decision does not carry).

    ``reasons``: ``full`` carries the tree of reasons; ``summary`` leaves it out (``reasons`` is
    empty; the one-line ``reason`` and the decision points stay); ``none`` leaves out the one-line
    reason too (null), for a decision made without reasons (the engine's outcomes detail)."""
    out = _head(decision, highest_level, name, reasons)
    out.update(_stamp(decision))
    out["reasons"] = [_reason(r) for r in decision.reasons] if reasons == "full" else []
    return out


def _stamp(decision: Decision) -> dict:
    """The keys added to the contract after ``reason``: decision points, stale determinations, the stamp
    and the assumed facts (``json_line`` writes the same text from _stamp_json)."""
    return {
        "decision_points": [point_record(p) for p in decision.points],
        "stale_determinations": [stale_record(d) for d in decision.stale],
        "merit_version": __version__,
        "spec_digest": decision.spec_digest or None,
        "spec_date": decision.spec_date,
        "assumed": list(decision.assumed),
        **({"policy_digest": decision.policy_digest} if decision.policy_digest else {}),
    }


# The stamp and the assumed facts repeat: every result of a series carries one stamp, every
# result of an applicant the one tuple of its assumed facts. Their JSON is made once each.
_STAMPS: dict[tuple, str] = {}
_ASSUMED: list = [None, "[]"]  # the last tuple of assumed facts, and its JSON
_NO_POINTS = '"decision_points": [], "stale_determinations": []'
_LAST: list = [None, None, ""]  # the stamp and assumed facts last written without points, and their text


def _stamp_json(decision: Decision) -> str:
    """The JSON of _stamp(decision) without its braces: the same text, most of it made once."""
    if decision.points or decision.stale:
        points = (
            f'"decision_points": [{", ".join(map(_point_json, decision.points))}], '
            f'"stale_determinations": {_encode([stale_record(d) for d in decision.stale])}'
        )
    else:
        points = _NO_POINTS
    key = (decision.spec_digest, decision.spec_date)
    stamp = _STAMPS.get(key)
    if stamp is None:
        if len(_STAMPS) >= 1024:
            _STAMPS.clear()
        stamp = _STAMPS[key] = (
            f'"merit_version": {_quote(__version__)}, "spec_digest": {_encode(decision.spec_digest or None)}, '
            f'"spec_date": {_encode(decision.spec_date)}'
        )
    if _ASSUMED[0] is not decision.assumed:
        _ASSUMED[:] = [decision.assumed, _encode(list(decision.assumed))]
    if decision.policy_digest:  # only under a policy: without one the record is as it always was
        return f'{points}, {stamp}, "assumed": {_ASSUMED[1]}, "policy_digest": {_quote(decision.policy_digest)}'
    if points is _NO_POINTS:  # most results of an applicant: the same text as the one before
        last = _LAST
        if last[0] is stamp and last[1] is _ASSUMED[1]:
            return last[2]
        last[:] = [stamp, _ASSUMED[1], f'{points}, {stamp}, "assumed": {_ASSUMED[1]}']
        return last[2]
    return f'{points}, {stamp}, "assumed": {_ASSUMED[1]}'


def point_record(p: DecisionPoint) -> dict:
    """A decision point as JSON: every key always present (the answer's keys null while it is open)."""
    det = p.determination
    return {
        "id": p.id,
        "kind": p.kind,
        "requirement": p.requirement,
        "question": p.question,
        "if_accepted": p.if_accepted,
        "digest": p.digest or None,
        "answer": det.answer if det else None,
        "by": det.by if det else None,
        "date": det.date.isoformat() if det else None,
        "because": det.because if det else None,
    }


_OPEN = '"answer": null, "by": null, "date": null, "because": null'


def _point_json(p: DecisionPoint) -> str:
    """A decision point as JSON, the same text as encoding point_record(p), without the dictionary."""
    det = p.determination
    answer = _OPEN
    if det is not None:
        answer = (
            f'"answer": {_quote(det.answer)}, "by": {_quote(det.by)}, "date": "{det.date.isoformat()}", '
            f'"because": {_quote(det.because)}'
        )
    return (
        f'{{"id": {_quote(p.id)}, "kind": {_quote(p.kind)}, "requirement": {_quote(p.requirement)}, '
        f'"question": {_quote(p.question)}, "if_accepted": {_quote(p.if_accepted)}, '
        f'"digest": {_quote(p.digest) if p.digest else "null"}, {answer}}}'
    )


def stale_record(d: Determination) -> dict:
    """A determination that no decision point asked for, as JSON: what it said, where it was written, and why
    it was not applied."""
    return {
        "point": d.point,
        "answer": d.answer,
        "by": d.by,
        "date": d.date.isoformat(),
        "because": d.because,
        "file": d.file,
        "line": d.line,
        "message": d.why or STALE,
    }


def _head(decision: Decision, highest_level: str | None, name: str | None, reasons: str = "full") -> dict:
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
        "selective": decision.selective,
        "name": name,
        "reason": headline(decision) if reasons != "none" else None,
    }


def error_record(problem: Problem, as_of: dt.date, applicant: str | None = None) -> dict:
    """An input that could not be screened, as a record: status ``error``, where, and what is wrong.

    It has every key a result has (null where nothing applies), so a batch's
    output accounts for every input and a script reads one shape of record.
    """
    return {
        "applicant": applicant,
        "file": problem.path,
        "class": None,
        "specialty": None,
        "status": ERROR,
        "path": None,
        "eligible_from": None,
        "as_of": as_of.isoformat(),
        "series": None,
        "title": None,
        "highest_level": None,
        "selective": None,
        "name": None,
        "reason": problem.message,
        "reasons": [],
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "decision_points": [],
        "stale_determinations": [],
        "merit_version": __version__,
        "spec_digest": None,
        "spec_date": None,
        "assumed": [],
    }


def error_json_line(problem: Problem, as_of: dt.date, applicant: str | None = None) -> str:
    return _encode(error_record(problem, as_of, applicant))


# The JSON of the notes that follow the requirement tree (licences, competency charts).
# The engine shares one Reason among every decision that shows the same note, so its
# text is encoded once; the entry holds the reason, so its id is not reused meanwhile.
_NOTE_JSON: dict[int, tuple[Reason, str]] = {}
_NOTE_JSON_MAX = 256


def _note_json(r: Reason) -> str:
    hit = _NOTE_JSON.get(id(r))
    if hit is None or hit[0] is not r:
        if len(_NOTE_JSON) >= _NOTE_JSON_MAX:
            _NOTE_JSON.clear()
        hit = _NOTE_JSON[id(r)] = (r, _reason_json(r))
    return hit[1]


# Citations repeat: a batch cites a few hundred clauses, each text 100-odd characters.
_CITATIONS: dict[str, str] = {}
_CITATIONS_MAX = 4096


def _reason_json(r: Reason) -> str:
    """A reason as JSON, the same text as encoding _reason(r), without building the dictionaries."""
    citation = _CITATIONS.get(r.citation)
    if citation is None:
        if len(_CITATIONS) >= _CITATIONS_MAX:
            _CITATIONS.clear()
        citation = _CITATIONS[r.citation] = _quote(r.citation)
    children = ", ".join(map(_reason_json, r.children)) if r.children else ""
    return (
        f'{{"requirement": {_quote(r.requirement)}, "outcome": {_quote(r.outcome)}, '
        f'"detail": {_quote(r.detail)}, "citation": {citation}, "reasons": [{children}]}}'
    )


def json_line(decision: Decision, highest_level: str | None = None, name: str | None = None, reasons: str = "full") -> str:
    """One decision as one line of JSON (no newline): the same text as encoding record()."""
    head = _encode(_head(decision, highest_level, name, reasons))
    tree = decision.reasons if reasons == "full" else ()
    parts = [_reason_json(tree[0]), *map(_note_json, tree[1:])] if tree else []
    return f'{head[:-1]}, {_stamp_json(decision)}, "reasons": [{", ".join(parts)}]}}'


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


class Dialect:
    """How rows are written: CSV or TSV, with or without defusing formulas.

    A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
    tab or carriage return, which it skips first) as a formula: an applicant
    named ``=HYPERLINK(...)`` would run in the analyst's spreadsheet. As OWASP
    recommends, such a cell gets a leading ``'``, which spreadsheets show as
    text and do not display. Control characters (ESC, the C1 controls, a
    carriage return, direction overrides), which a spreadsheet never needs and
    a terminal obeys, are written as the table writes them (``\\x1b``); line
    breaks and tabs are the format's own. ``escape=False`` writes cells as they are.

    TSV has no quoting: a tab or line break inside a cell becomes a space, so
    that every line is one row and ``cut -f`` works.
    """

    __slots__ = ("tsv", "escape")

    def __init__(self, tsv: bool = False, escape: bool = True) -> None:
        self.tsv = tsv
        self.escape = escape

    def line(self, cells) -> str:
        if self.escape:
            cells = [defuse(c) for c in cells]
        line = "\t".join(c.translate(_TSV_SPACES) for c in cells) + "\n" if self.tsv else _csv_line(cells)
        return visible_in_rows(line) if self.escape else line


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TSV_SPACES = str.maketrans({"\t": " ", "\n": " ", "\r": " "})
CSV = Dialect()


def defuse(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made text with a leading ``'`` (OWASP's advice)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_header(dialect: Dialect = CSV) -> str:
    return Dialect(dialect.tsv, escape=False).line(CSV_COLUMNS)


def csv_row(
    decision: Decision, highest_level: str | None = None, name: str | None = None, dialect: Dialect = CSV, reasons: str = "full"
) -> str:
    """One decision as one CSV (or TSV) row, newline included (``reasons`` as for record())."""
    flat = " | ".join(s.strip() for s in flat_reasons(decision.reasons)) if reasons == "full" else ""
    return dialect.line(
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
            flat,
            decision.selective or "",
            name or "",
            headline(decision) if reasons != "none" else "",
            "",
            "",
            "",
            " | ".join(map(point_text, decision.points)),
            " | ".join(f"{d.point}: {d.words()} ({d.why or STALE})" for d in decision.stale),
            __version__,
            decision.spec_digest,
            decision.spec_date or "",
            " | ".join(decision.assumed),
        )
    )


def point_text(p: DecisionPoint) -> str:
    """A decision point in one line: its id, open or the answer, the question and what accepting it changes."""
    state = p.determination.words() if p.determination else "open"
    return f"{p.id} [{state}]: {p.question} (if accepted: {p.if_accepted})"


def error_row(problem: Problem, as_of: dt.date, applicant: str | None = None, dialect: Dialect = CSV) -> str:
    """An input that could not be screened, as a CSV (or TSV) row (see error_record)."""
    cells = {k: "" if v is None else str(v) for k, v in error_record(problem, as_of, applicant).items()}
    cells["reasons"] = cells["decision_points"] = cells["stale_determinations"] = cells["assumed"] = ""
    return dialect.line([cells[c] for c in CSV_COLUMNS])


# One writer on one buffer, reused: a csv.writer per row costs more than the row.
# Made on the first row, so that other formats do not import csv.
_CSV: list = []


def _csv_line(values) -> str:
    if not _CSV:
        import csv
        import io

        buffer = io.StringIO()
        _CSV.extend((buffer, csv.writer(buffer, lineterminator="\n")))
    buffer, writer = _CSV
    buffer.seek(0)
    buffer.truncate()
    writer.writerow(values)
    return buffer.getvalue()
