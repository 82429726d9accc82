"""The determinations file: an analyst's answers to decision points, checked with positions.

One entry per applicant and decision point: the answer (accept or reject), who
decided, on which day, and why. An entry whose answer is still blank (as
``merit screen --format determinations`` writes them) is a question not yet
decided, and is skipped. docs/determinations.md documents the format.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from merit.model.decisions import ANSWERS, Determination
from merit.problems import Problem
from merit.schema import INVALID, Ctx, Field, Record, is_null
from merit.schema_types import Blank, Choice, Day, ListOf, Text
from merit.yamlsafe import compose_documents, read_text

# Without an answer an entry is skipped; with one, these say who, when and why.
_WITH_ANSWER = {
    "by": "who decided (a name)",
    "date": "the day it was decided, YYYY-MM-DD",
    "because": "why, in words an applicant could read",
}


def _check(values, nodes, ctx: Ctx) -> None:
    if "answer" not in values:
        return
    assert ctx.here is not None  # a record's check looks at its mapping
    for key, what in _WITH_ANSWER.items():
        if key not in values and key not in nodes:  # an empty value is reported by the field itself
            ctx.error(ctx.here, f"missing {key!r} in a determination with an answer (expected {key}: {what})")
        elif key not in values and nodes.get(key) is not None and is_null(nodes[key]):
            ctx.error(nodes[key], f"{key}: is empty in a determination with an answer (expected {what})")


def _make(line, applicant, point, digest, answer, by, date, because):
    if answer is None:
        return None  # not decided yet
    return Determination(applicant, point, answer, by, date, because or "", line=line, digest=digest or "")


DETERMINATION = Record(
    name="determination",
    ref="determination",
    description="An analyst's answer to one decision point of one applicant.",
    fields={
        "applicant": Field(Text(), required=True, example="A-1013", description="the applicant's id"),
        "point": Field(
            Text(),
            required=True,
            example="JI60/pattern-i/job-1",
            description="the decision point's id, as merit screen gives it (decision_points[].id)",
        ),
        "digest": Field(
            Blank(Text()),
            example="3f9c0a6e1b2d4c58",
            description="the digest of the question answered (the clause's text and the record's entry), as"
            " merit screen -f determinations writes it; when the question changes, the answer is not applied",
        ),
        "answer": Field(
            Blank(Choice(ANSWERS, synonyms={"accepted": "accept", "rejected": "reject"})),
            description="accept (the possible credit or the judgment counts) or reject; left blank, the entry is skipped",
        ),
        "by": Field(Blank(Text()), description="who decided; required with an answer"),
        "date": Field(Blank(Day(expected="a date YYYY-MM-DD")), description="the day it was decided; required with an answer"),
        "because": Field(Blank(Text()), description="why; required with an answer, and quoted in the reasons"),
    },
    make=_make,
    check=_check,
    synonyms={"on": "date", "when": "date", "decided": "date", "who": "by", "analyst": "by", "why": "because", "reason": "because", "decision": "answer"},
)
DETERMINATIONS = ListOf(DETERMINATION, expected="a list of determinations")


class Loaded:
    """What a determinations file gave: its answers (blank entries left out), its problems, and its digest."""

    __slots__ = ("path", "determinations", "problems", "digest")

    def __init__(self, path: str, determinations: list[Determination], problems: list[Problem], digest: str) -> None:
        self.path = path
        self.determinations = determinations
        self.problems = problems
        self.digest = digest  # sha256 of the file's bytes


def load_determinations(path: str) -> Loaded:
    """Every determination of a file; any problem is reported with its position, and then none is used."""
    text, problems, digest = read_with_digest(path)
    if text is None:
        return Loaded(path, [], problems, "")
    return parse_determinations(text, path, digest)


def read_with_digest(path: str) -> tuple[str | None, list[Problem], str]:
    """A file of an analyst's or an office's answers: its text within the size cap (None, with the
    problems, when it cannot be read) and the sha256 of its bytes, which results are stamped with. The
    file is read once: the digest is of the very bytes whose text is used (a file replaced meanwhile, or
    a pipe, cannot give the one and not the other)."""
    import hashlib
    import os
    import stat

    from merit.yamlsafe import MAX_BYTES, read_capped

    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) and not stat.S_ISFIFO(info.st_mode):
                return None, [Problem(path, 1, 1, "not a regular file (a socket or device), not read (expected a YAML file)")], ""
            if info.st_size > MAX_BYTES:
                return None, [Problem(path, 1, 1, f"file is {info.st_size:,} bytes (expected at most {MAX_BYTES:,})")], ""
            data = read_capped(f, MAX_BYTES, info.st_size)
    except OSError:
        data = None  # read_text says why, in its words
    text, problems = read_text(Path(path), data)
    if text is None or data is None:
        return None, problems, ""
    return text, problems, hashlib.sha256(data).hexdigest()


def parse_determinations(text: str, label: str, digest: str = "") -> Loaded:
    """Every determination of a file's text (see load_determinations)."""
    nodes, problems = compose_documents(text, label)
    if problems:
        return Loaded(label, [], problems, digest)
    documents = [n for n in nodes if not is_null(n)]
    if not documents:  # an empty skeleton (no open questions): nothing to apply
        return Loaded(label, [], [], digest)
    if len(documents) > 1:
        return Loaded(label, [], [Problem(label, 1, 1, f"{len(documents)} YAML documents (expected one list of determinations)")], digest)
    root = documents[0]
    items = root.value if isinstance(root, yaml.SequenceNode) else [root]
    ctx = Ctx(label)
    found: list[Determination] = []
    first: dict[tuple[str, str], Determination] = {}
    if not isinstance(root, (yaml.SequenceNode, yaml.MappingNode)):
        DETERMINATIONS.build(root, ctx)
    for item in items:
        det = DETERMINATION.build(item, ctx)
        if det is INVALID or det is None:  # a question not decided yet is skipped
            continue
        det.file, det.column = label, item.start_mark.column + 1
        key = (det.applicant, det.point)
        if key in first:
            if first[key].answer != det.answer:
                ctx.error(item, conflict(det, first[key]))
            continue  # the same answer twice: the first stands
        first[key] = det
        found.append(det)
    problems = sorted(ctx.problems, key=lambda p: (p.line, p.column))
    return Loaded(label, [] if problems else found, problems, digest)


def conflict(det: Determination, earlier: Determination) -> str:
    """Two answers to one applicant's point that disagree, said at the later one and naming the first."""
    where = f"line {earlier.line}" if earlier.file == det.file else f"{earlier.file}:{earlier.line}"
    return (
        f"determination for {det.applicant} {det.point} answers {det.answer} where {where} answers {earlier.answer}"
        " (expected one answer per applicant and point: remove one)"
    )


def merge(loaded: list[Loaded]) -> tuple[list[Determination], list[Problem]]:
    """The answers of several files, in the order given: the same answer twice is one; two that disagree
    are a problem at the later one, naming the first (and then none is used)."""
    found: list[Determination] = []
    problems: list[Problem] = []
    first: dict[tuple[str, str], Determination] = {}
    for one in loaded:
        problems.extend(one.problems)
        for det in one.determinations:
            key = (det.applicant, det.point)
            if key in first:
                if first[key].answer != det.answer:
                    problems.append(Problem(det.file, det.line, det.column, conflict(det, first[key])))
                continue
            first[key] = det
            found.append(det)
    return ([] if problems else found), problems
