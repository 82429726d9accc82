"""merit summary --questions: the open questions of saved results, per class and per point pattern.

A point pattern is a point's id with the record's entry made general
(``JI60/pattern-i/job-*``): the questions one answer by pattern would settle
(docs/determinations.md, "Answers by pattern"). Across classes, the class is
made general too (``*/otherwise``). Each count is of open questions (points
without an answer) and of the results under review that ask them.
"""

from __future__ import annotations

import json

from merit.model.decisions import Status

# The entries that name a record's job or education entry: made general in a pattern.
_ENTRY_KINDS = ("job-", "education-")


def pattern_of(point: str) -> str:
    """A point id with its entry made general: ``JI60/pattern-i/job-office-...`` -> ``JI60/pattern-i/job-*``."""
    head, _, entry = point.rpartition("/")
    for kind in _ENTRY_KINDS:
        if entry.startswith(kind):
            return f"{head}/{kind}*" if head else f"{kind}*"
    return point


class Questions:
    """Open questions counted per class (and specialty) and point pattern, and per pattern across classes."""

    def __init__(self) -> None:
        self.by_class: dict[str, dict[str, list[int]]] = {}  # class -> pattern -> [open questions, results]
        self.across: dict[str, list] = {}  # */pattern -> [open questions, results, {classes}]
        self.review = 0  # results under review
        self.open = 0

    def add(self, record: dict) -> None:
        points = [p for p in record.get("decision_points") or () if isinstance(p, dict) and p.get("answer") is None]
        if record.get("status") != Status.REVIEW or not points:
            return
        self.review += 1
        cls = str(record.get("class"))
        label = cls + (f"/{record['specialty']}" if record.get("specialty") else "")
        mine = self.by_class.setdefault(label, {})
        counted: set[str] = set()
        for p in points:
            pattern = pattern_of(str(p.get("id", "")))
            self.open += 1
            row = mine.setdefault(pattern, [0, 0])
            wide = self.across.setdefault("*" + pattern[len(cls) :] if pattern.startswith(cls + "/") else pattern, [0, 0, set()])
            row[0] += 1
            wide[0] += 1
            wide[2].add(cls)
            if pattern not in counted:
                counted.add(pattern)
                row[1] += 1
                wide[1] += 1

    def rows(self) -> list[list[str]]:
        """class, point pattern, open questions, results: the classes with most questions first."""
        out = []
        for label, patterns in sorted(self.by_class.items(), key=lambda kv: (-sum(r[0] for r in kv[1].values()), kv[0])):
            for pattern, (n, results) in sorted(patterns.items(), key=lambda kv: (-kv[1][0], kv[0])):
                out.append([label, pattern, str(n), str(results)])
        return out

    def as_dict(self) -> dict:
        return {
            "open_questions": self.open,
            "results_in_review": self.review,
            "classes": [
                {
                    "class": label,
                    "open_questions": sum(r[0] for r in patterns.values()),
                    "points": [{"pattern": p, "open_questions": n, "results": k} for p, (n, k) in sorted(patterns.items())],
                }
                for label, patterns in sorted(self.by_class.items())
            ],
            "across_classes": [
                {"pattern": p, "open_questions": n, "results": k, "classes": sorted(c)}
                for p, (n, k, c) in sorted(self.across.items(), key=lambda kv: (-kv[1][0], kv[0]))
            ],
        }


HEADER = ["class", "point pattern", "open", "results"]


def plain_questions(q: Questions) -> str:
    """Aligned columns: per class and pattern, then the patterns across classes that name several."""
    lines = [f"Open questions: {q.open} in {q.review} result{'s' if q.review != 1 else ''} under review"]
    if not q.open:
        return lines[0] + "\n"
    lines += _aligned([HEADER, *q.rows()])
    wide = [(p, n, k, c) for p, (n, k, c) in sorted(q.across.items(), key=lambda kv: (-kv[1][0], kv[0])) if len(c) > 1]
    if wide:
        lines.append("")
        lines.append("across classes (one answer by pattern may settle each; see docs/determinations.md):")
        lines += _aligned([["point pattern", "open", "results", "classes"], *([p, str(n), str(k), ", ".join(sorted(c))] for p, n, k, c in wide)])
    return "\n".join(lines) + "\n"


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for k, r in enumerate(rows):
        cells = [c.rjust(w) if c.isdigit() else c.ljust(w) for c, w in zip(r, widths)]
        out.append("  ".join(cells).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return out


def json_questions(q: Questions) -> str:
    return json.dumps(q.as_dict(), indent=2, ensure_ascii=False) + "\n"
