"""The reasons of a result in the applicant's words, for letters.

The reasons merit writes are for analysts: they name a job by its line in the record, the record's own
tokens (``twelfth-grade``, ``sector city (needs state)``), the percentages of a requirement exceeded
five times over, what merit presumed (``(assumed: paid, as the record does not say)``) and, for a
result an analyst has not settled, what the possible credit would give. A letter says the same facts
as a person would: each rewrite below is one rule, applied to every detail a notice prints; a final
letter (not ``review``) also drops what only an analyst's judgment could have changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from merit.model.applicants import EDUCATION_LEVELS
from merit.model.decisions import Outcome

# The record's tokens for education levels and licence kinds, as a letter says them.
TOKENS = {
    "twelfth-grade": "high school (twelfth grade)",
    "some-college": "some college",
    "associate": "an associate degree",
    "bachelor": "a bachelor's degree",
    "master": "a master's degree",
    "doctorate": "a doctorate",
    "drivers-license": "driver's license",
}
_LEVEL = "(" + "|".join(EDUCATION_LEVELS) + ")"  # a level, as the engine writes it
# facts of a job that do not count, as the engine names them (engine/credit.py FACTS)
_FACTS = "sector|jurisdiction|employer|class|title|range|duties|pay plan|series|grade"


def _level(word: str) -> str:
    return TOKENS.get(word, word)


def _needs(match: re.Match) -> str:
    fact, have, want = match.group(1), match.group(2), match.group(3)
    if fact == "sector":
        return f"{have} employment, where the requirement asks for {want} service"
    if fact == "duties":
        return f"duties of {have.replace('-', ' ')}, where the requirement asks for {want.replace('-', ' ')}"
    return f"the {fact} was {have}, where the requirement asks for {want}"


def _percent(match: re.Match) -> str:
    return "" if int(match.group(1)) > 100 else match.group(0)


# (pattern, replacement): each a rule of the letter's words, in the order they apply
PLAIN: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = [
    # a job is named by its title and employer; its line in the record is for the analyst
    (re.compile(r" \(line \d+\)"), ""),
    # what merit presumed, said as a presumption in words
    (re.compile(r" \(assumed: ([^()]*?), as the record does not say\)"), r" (your application does not say, so this was taken as \1)"),
    (re.compile(r"\bThe applicant lists (a |none)"), lambda m: "Your application lists " + ("a " if m.group(1) == "a " else "none")),
    # education levels: "needs bachelor: twelfth-grade is below bachelor"
    (re.compile(rf"needs {_LEVEL}: {_LEVEL} is below \1"), lambda m: f"needs {_level(m.group(1))}: the highest education your application gives is {_level(m.group(2))}"),
    (re.compile(rf"(?<![\w-]){_LEVEL} is below {_LEVEL}\b"), lambda m: f"the highest education your application gives is {_level(m.group(1))}, below {_level(m.group(2))}"),
    (re.compile(rf"\bneeds {_LEVEL}\b"), lambda m: f"needs {_level(m.group(1))}"),
    (re.compile(rf"(?<![\w-]){_LEVEL} (completed|senior|enrolled)\b"), lambda m: f"{_level(m.group(1))}, {m.group(2)}"),
    # a fact of a job that does not count: "sector city (needs state)"
    (re.compile(rf"\b({_FACTS}) ([^()]+?) \(needs ([^()]+)\)"), _needs),
    # a requirement met many times over is met: "65.48 of 12 months credited (545%)" says enough without 545%
    (re.compile(r" \((\d+)%\)"), _percent),
    (re.compile(r"\b(\d+)%(?! of 100%)"), lambda m: "over 100%" if int(m.group(1)) > 100 else m.group(0)),
    (re.compile(r"\bdrivers-license\b"), "driver's license"),
    (re.compile(r" \(to the as-of date\)"), " (to the date on which qualifications are judged)"),
]

# What only an analyst's judgment could change: left out of a final letter (eligible, conditional, ineligible).
JUDGMENT = [
    (re.compile(r"; [\d.,]+ (?:months|years|hours) if an analyst accepts [^;]*"), ""),
    (re.compile(r"; with the possible credit \([^)]*\) \d+%"), ""),
    (re.compile(r"; an analyst must decide: .*$"), ""),
    (re.compile(r", possible credit: .*$"), ""),
    (re.compile(r"\bno certain credit\b"), "no credit"),
]


def plain(text: str, final: bool = True) -> str:
    """A detail in the applicant's words; ``final`` also drops what an analyst might yet have accepted."""
    for pattern, replacement in (*JUDGMENT, *PLAIN) if final else PLAIN:
        text = pattern.sub(replacement, text)
    return text


def plain_reasons(reasons: list, final: bool) -> list[dict]:
    """A tree of reasons in the applicant's words; a final letter leaves out the parts still for review."""
    out = []
    for r in reasons:
        if not isinstance(r, dict) or (final and r.get("outcome") == Outcome.REVIEW):
            continue
        out.append(
            {
                **r,
                "requirement": plain(str(r.get("requirement") or ""), final),
                "detail": plain(str(r.get("detail") or ""), final),
                "reasons": plain_reasons(r.get("reasons") or [], final),
            }
        )
    return out
