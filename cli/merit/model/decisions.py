"""Decisions as plain typed data: a decision's status, its reasons and their outcomes, how much of
the reason tree it carries (``Detail``), decision points and an analyst's determinations."""

from __future__ import annotations

import datetime as dt
from enum import Enum, IntEnum
from typing import Any

from merit.model.plain import Plain


class Word(str, Enum):
    """An enum whose members are their words wherever they are written or looked up.

    A mixed-in ``str`` Enum is not that by default: on Python 3.12 and later ``format()`` and
    f-strings give ``Status.ELIGIBLE``, and an Enum hashes its name, so a table keyed by members
    would not find the word read back from a saved file. Here ``str()``, ``format()``, ``repr()``
    (a script printing a tuple of results), hashing and comparing are the word's own, on every
    Python merit supports; json, csv and pickle write the word.
    """

    __str__ = str.__str__
    __repr__ = str.__repr__
    __hash__ = str.__hash__
    __eq__ = str.__eq__
    __ne__ = str.__ne__

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)


class Outcome(Word):
    """What one requirement came to, in a reason."""

    MET = "met"
    CONDITIONAL = "conditional"
    REVIEW = "review"
    NOT_MET = "not met"
    NOTE = "note"  # not a requirement: a note of the spec, shown beside the reasons


class Status(Word):
    """What a decision is for one applicant and one class (README: Decisions)."""

    ELIGIBLE = "eligible"
    CONDITIONAL = "conditional"
    REVIEW = "review"
    INELIGIBLE = "ineligible"


MET, CONDITIONAL, REVIEW, NOT_MET, NOTE = Outcome
STATUS_OF = {MET: Status.ELIGIBLE, CONDITIONAL: Status.CONDITIONAL, REVIEW: Status.REVIEW, NOT_MET: Status.INELIGIBLE}
STATUSES = tuple(Status)


class Detail(IntEnum):
    """How much of the reason tree a decision carries. Building reasons is most of the cost of
    deciding, so each caller asks only for what it shows: the outcome of each requirement
    (``outcomes``: no one-line reason, no decision points, the least work); what a summary record
    shows (``summary``: the one-line reason and the decision points, the tree of requirements with
    each clause's words written only when read, no notes); requirements with their arithmetic and
    citations (``requirements``, what full records carry); or down to a line for every job, its
    months and why it counts or not (``jobs``, as --explain and the table)."""

    OUTCOMES = 0
    SUMMARY = 1
    REQUIREMENTS = 2
    JOBS = 3

    @classmethod
    def named(cls, detail: str | int) -> Detail:
        """A Detail from its name (``"jobs"``) or itself; a ValueError that names the choices otherwise."""
        if isinstance(detail, cls):
            return detail
        if isinstance(detail, str) and detail.upper() in cls.__members__:
            return cls[detail.upper()]
        raise ValueError(f"detail={detail!r} is not one of {', '.join(d.name.lower() for d in cls)}")


class Reason(Plain):
    """One requirement considered: its outcome, the arithmetic, the citation, and the reasons under it."""

    __slots__ = ("requirement", "outcome", "detail", "citation", "children", "share")

    def __init__(
        self,
        requirement: str,
        outcome: str,
        detail: str = "",
        citation: str = "",
        children: list[Reason] | None = None,
    ) -> None:
        self.requirement = requirement
        self.outcome = outcome
        self.detail = detail
        self.citation = citation
        self.children = [] if children is None else children
        self.share = 0.0  # share of the requirement met for certain, so a reader can tell which came closest

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "requirement": self.requirement,
            "outcome": self.outcome,
            "detail": self.detail,
            "citation": self.citation,
        }
        if self.children:
            out["reasons"] = [c.as_dict() for c in self.children]
        return out


ACCEPT, REJECT = "accept", "reject"
# Why a determination is not applied when no decision point of its result asks for it.
STALE = "matches no decision point of this result (the spec or the record changed since it was made); not applied"
# Why an answer to a question that is still asked is not applied: the question is not the one answered.
CHANGED = (
    "answered another text of the question (the spec's clause or the record's entry changed since it was made,"
    " its digest differs); not applied"
)
# Why an answer naming a job or an education entry by its place in the record is not applied.
POSITIONAL = (
    "names a job or an education entry by its place in the record, which inserting or reordering entries"
    " changes (expected an id that names the entry, such as job-office-technician-at-...-from-2025-06-01); not applied"
)
ANSWERS = (ACCEPT, REJECT)
CATCH_ALL, SPECIFIC = "catch-all", "specific"


class Determination(Plain):
    """An analyst's answer to one decision point of one applicant: accept or reject, who, when and why.

    ``file``, ``line`` and ``column`` say where it was written (a determinations file), for reports.
    ``digest`` is the digest of the question answered (see ``merit.engine.points.question_digest``;
    empty: not recorded, the answer applies to the question of its id as it is now); ``why`` says
    why a determination was not applied, on the copies a decision lists as stale.
    """

    __slots__ = ("applicant", "point", "answer", "by", "date", "because", "file", "line", "column", "digest", "why")

    def __init__(
        self,
        applicant: str,
        point: str,
        answer: str,
        by: str,
        date: dt.date,
        because: str = "",
        file: str = "",
        line: int = 0,
        column: int = 0,
        digest: str = "",
    ) -> None:
        self.applicant = applicant
        self.point = point  # the decision point's id, or a pattern of ids (``*`` any run of characters)
        self.answer = answer  # accept | reject
        self.by = by
        self.date = date  # the day it was decided
        self.because = because
        self.file = file
        self.line = line
        self.column = column
        self.digest = digest
        self.why = ""

    def not_applied(self, why: str) -> Determination:
        """A copy that says why it was not applied (``STALE``, ``CHANGED`` ...)."""
        copy = Determination(
            self.applicant, self.point, self.answer, self.by, self.date, self.because, self.file, self.line, self.column, self.digest
        )
        copy.why = why
        return copy

    def words(self) -> str:
        """How a reason cites it: "accepted by A. Analyst on 2026-12-01: the work was equivalent"."""
        done = "accepted" if self.answer == ACCEPT else "rejected"
        return f"{done} by {self.by} on {self.date}" + (f": {self.because}" if self.because else "")


class DecisionPoint(Plain):
    """An open question behind a ``review``: what an analyst must decide, and what the answer would change.

    ``id`` is stable across runs of the same record and spec (see docs/determinations.md);
    ``kind`` is ``catch-all`` for a clause that leaves everything to judgment ("other
    combinations will be evaluated") and ``specific`` for one question about one fact;
    ``determination`` is the analyst's answer once there is one. ``clause`` and
    ``entry`` name it inside the engine (the clause's node, by id, and the record's entry)
    until the decision gives it its id; ``gain`` (the share of its clause it would
    add, 1.0 for a whole clause) and ``meets`` (whether accepting it alone meets its
    clause) rank the questions for the one-line reason.
    """

    __slots__ = (
        "id",
        "kind",
        "requirement",
        "question",
        "if_accepted",
        "citation",
        "determination",
        "clause",
        "entry",
        "gain",
        "meets",
        "digest",
    )

    def __init__(
        self,
        clause: int,
        entry: str,
        kind: str,
        requirement: str,
        question: str,
        if_accepted: str,
        citation: str = "",
        determination: Determination | None = None,
        gain: float = 1.0,
        meets: bool = True,
    ) -> None:
        self.id = ""
        self.clause = clause
        self.entry = entry
        self.kind = kind
        self.requirement = requirement
        self.question = question
        self.if_accepted = if_accepted  # what accepting it would change: months toward a clause, or the clause met
        self.citation = citation
        self.determination = determination
        self.gain = gain
        self.meets = meets
        self.digest = ""  # the question's digest, once named (see merit.engine.points.question_digest)


class Decision(Plain):
    """The status of one applicant for one class (and specialty), with its reasons."""

    __slots__ = (
        "applicant",
        "file",
        "cls",
        "specialty",
        "status",
        "path",
        "eligible_from",
        "reasons",
        "as_of",
        "series",
        "title",
        "selective",
        "points",
        "stale",
        "spec_digest",
        "spec_date",
        "assumed",
        "policy_digest",
    )

    def __init__(
        self,
        applicant: str,
        file: str,
        cls: str,
        specialty: str | None,
        status: str,
        path: str | None,
        eligible_from: dt.date | None,
        reasons: list[Reason],
        as_of: dt.date,
        series: str = "",
        title: str = "",
        selective: str | None = None,
        points: list[DecisionPoint] | None = None,
        spec_digest: str = "",
        spec_date: str | None = None,
        assumed: tuple[str, ...] = (),
    ) -> None:
        self.applicant = applicant
        self.file = file
        self.cls = cls
        self.specialty = specialty
        self.status = status
        self.path = path
        self.eligible_from = eligible_from
        self.reasons = reasons
        self.as_of = as_of
        self.series = series
        self.title = title
        self.selective = selective  # the selective certification this result is for, if any
        self.points = [] if points is None else points  # open questions (for review) and answered ones
        self.stale: list[Determination] = []  # determinations for this class that match no decision point
        self.spec_digest = spec_digest
        self.spec_date = spec_date
        self.assumed = assumed  # facts of the record assumed for want of them ("line 8: 40 hours a week")
        self.policy_digest = ""  # the sha256 of the office's policy file it was decided under, if any
