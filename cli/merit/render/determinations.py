"""--format determinations: a determinations file for an analyst to fill in, one entry per decision point.

Each open question of a ``review`` result becomes an entry naming the applicant
and the point, with the question, what accepting it would change and the
source as comments, and the answer left blank. Points already answered (with
``--determinations``) are written with their answers, so the file is the whole
record of the decisions so far; determinations that no point asks for any more
are kept as comments.
"""

from __future__ import annotations

import json

from merit.engine.points import is_pattern
from merit.model.decisions import STALE, Decision, Determination, Status

PREAMBLE = """\
# merit determinations: an analyst's answers to the decision points of a screening.
# For each entry write answer: accept or reject, by: who decided, date: the day (YYYY-MM-DD)
# and because: why (the reasons quote it). An entry left without an answer is skipped.
# Screen again with: merit screen ... --determinations THIS-FILE
# See docs/determinations.md.
"""


def preamble(header: dict) -> str:
    """The file's opening comments, with the run it comes from."""
    classes = ", ".join(header.get("classes") or ())
    return PREAMBLE + f"# From merit {header['merit_version']}, as of {header['as_of']}, classes {classes}.\n"


def _q(text: str) -> str:
    """A YAML scalar that is read back exactly as written: a JSON string is a YAML double-quoted one."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def entries(decisions: list[Decision], name: str | None, given: tuple[Determination, ...] = ()) -> str:
    """The entries of one applicant's results: every open point of a review, every answered point, each
    once; then every answer ``given`` for the applicant that no point of these results asked for, kept
    as it was, so that the file is the whole record of the decisions so far."""
    out: list[str] = []
    seen: set[str] = set()
    stale: set[tuple[str, int]] = set()
    for d in decisions:
        points = [p for p in d.points if p.id not in seen and (p.determination is not None or d.status == Status.REVIEW)]
        if not points and not d.stale:
            continue
        who = f"{d.applicant} ({_comment(name)})" if name else d.applicant
        what = d.cls + (f" ({d.specialty} specialty)" if d.specialty else "") + (f", {d.selective}" if d.selective else "")
        out.append(f"\n# {who} × {what}, {_comment(d.title)}: {d.status}")
        for p in points:
            seen.add(p.id)
            det = p.determination
            by_pattern = det is not None and det.point != p.id
            lead = "# " if by_pattern else ""
            out.append(f"{lead}- applicant: {_q(d.applicant)}")
            out.append(f"{lead}  point: {_q(p.id)}")
            if p.digest and not by_pattern:
                out.append(f"  digest: {_q(p.digest)}")
            out.append(f"  # {p.kind}: {_comment(p.requirement)}: {_comment(p.question)}")
            out.append(f"  # if accepted: {_comment(p.if_accepted)}")
            if p.citation:
                out.append(f"  # source: {_comment(p.citation)}")
            if by_pattern and det is not None:
                out.append(f"#   answered by the pattern {_q(det.point)} ({det.file}:{det.line}): {_comment(det.words())}")
            else:
                out.extend(_answer(det))
        for det in d.stale:
            stale.add((det.file, det.line))
            if det.why and det.why != STALE:  # an answer by pattern: why it was not applied to this applicant
                out.append(f"# not applied: {_comment(det.point)} {_comment(det.why)}")
            else:
                out.append(f"# not applied, no decision point asks for it now (the spec or the record changed): {_comment(det.point)}")
            out.extend("# " + line for line in (f"- applicant: {_q(det.applicant)}", f"  point: {_q(det.point)}", *_answer(det)))
    rest = [
        det
        for det in given
        if det.point not in seen and (det.file, det.line) not in stale and det.applicant == (decisions[0].applicant if decisions else "")
        and not is_pattern(det.point)
    ]
    if rest:
        out.append(f"\n# {rest[0].applicant}: answers given that no point of these results asks for (another class, or a question")
        out.append("# that another answer settled first), kept for the next run")
        out.extend(line for det in rest for line in _entry(det))
    return "\n".join(out) + "\n" if out else ""


def kept(patterns: tuple[Determination, ...] | list[Determination], others: list[Determination]) -> str:
    """The answers given for applicants not in this batch, and the answers by pattern, as they were given."""
    out: list[str] = []
    if others:
        out.append("\n# answers given for applicants not in this batch, kept for the next run")
        out.extend(line for det in others for line in _entry(det))
    if patterns:
        out.append("\n# answers by pattern: each answers every point whose id (and applicant) it matches, where no")
        out.append("# answer of its own names the point")
        out.extend(line for det in patterns for line in _entry(det))
    return "\n".join(out) + "\n" if out else ""


def _entry(det: Determination) -> list[str]:
    head = [f"- applicant: {_q(det.applicant)}", f"  point: {_q(det.point)}"]
    if det.digest:
        head.append(f"  digest: {_q(det.digest)}")
    return head + _answer(det)


def _answer(det: Determination | None) -> list[str]:
    if det is None:
        return ["  answer:", "  by:", "  date:", "  because:"]
    return [f"  answer: {det.answer}", f"  by: {_q(det.by)}", f"  date: {det.date}", f"  because: {_q(det.because)}"]
