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

from merit.model import Decision, Determination

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


def entries(decisions: list[Decision], name: str | None) -> str:
    """The entries of one applicant's results: every open point of a review, every answered point, each once."""
    out: list[str] = []
    seen: set[str] = set()
    for d in decisions:
        points = [p for p in d.points if p.id not in seen and (p.determination is not None or d.status == "review")]
        if not points and not d.stale:
            continue
        who = f"{d.applicant} ({_comment(name)})" if name else d.applicant
        what = d.cls + (f" ({d.specialty} specialty)" if d.specialty else "") + (f", {d.selective}" if d.selective else "")
        out.append(f"\n# {who} × {what}, {_comment(d.title)}: {d.status}")
        for p in points:
            seen.add(p.id)
            out.append(f"- applicant: {_q(d.applicant)}")
            out.append(f"  point: {_q(p.id)}")
            out.append(f"  # {p.kind}: {_comment(p.requirement)}: {_comment(p.question)}")
            out.append(f"  # if accepted: {_comment(p.if_accepted)}")
            if p.citation:
                out.append(f"  # source: {_comment(p.citation)}")
            out.extend(_answer(p.determination))
        for det in d.stale:
            out.append(f"# not applied, no decision point asks for it now (the spec or the record changed): {_comment(det.point)}")
            out.extend("# " + line for line in (f"- applicant: {_q(det.applicant)}", f"  point: {_q(det.point)}", *_answer(det)))
    return "\n".join(out) + "\n" if out else ""


def _answer(det: Determination | None) -> list[str]:
    if det is None:
        return ["  answer:", "  by:", "  date:", "  because:"]
    return [f"  answer: {det.answer}", f"  by: {_q(det.by)}", f"  date: {det.date}", f"  because: {_q(det.because)}"]
