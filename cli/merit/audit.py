"""Saved results read as an audit, once, a record at a time: the counts, the stamp of the screening, and
everything an analyst defending the batch must be told, each at its line.

``merit summary`` and ``merit report`` read results files through ``Audit``. Memory holds the counts,
the distinct stamp values, a list of at most ``LISTED`` items of each kind for the report, and about
8 bytes for each applicant and each applicant × class (``merit.seen``), never the records: a record is
handed to ``on_record`` (the report writes its row) and dropped.

What is said, and how:

- a line that is not a result, an unknown status, two records of one applicant × class with different
  decisions: an error at the line (exit 2); the first record of the two is the one counted;
- the same decision given twice, a class the specs do not have, a merit version other than this one
  (shown as written), an answer dated after today: a note at the line; the duplicate is counted once.
  Past ``LISTED`` notes of one kind, the rest are counted in one line (a file given twice would
  otherwise be a note a record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from merit.model.decisions import STATUSES
from merit.problems import Problem
from merit.render.summary import ERROR, Tally
from merit.render.visible import visible
from merit.results import Run, read_numbered

LISTED = 200  # items of each kind a report lists (all are counted)
STAMPS = 20  # distinct values of a stamp key kept (as-of dates, merit versions)


class Audit:
    """What results files say, read once; ``error`` and ``note`` each take one line to print."""

    def __init__(
        self,
        error: Callable[[str], None],
        note: Callable[[str], None],
        catalogue=None,
        version: str = "",
        today: dt.date | None = None,
        on_record: Callable[[dict], None] | None = None,
    ) -> None:
        from merit.seen import Seen

        self.error = error
        self.note = note
        self.catalogue = catalogue  # the specs compared with; None when they could not be read
        self.version = version
        self.today = (today or dt.date.today()).isoformat()
        self.on_record = on_record
        self.tally = Tally()
        self.problems = 0  # lines that are errors: the exit code is 2
        self.sources: list[str] = []
        self._applicants = Seen()
        self._decisions = Seen()  # applicant × class (× specialty) -> first place and status
        self.stamp: dict[str, list[str]] = {"as_of": [], "merit_version": []}
        self.specs: dict[tuple[str, str, str], int] = {}  # (series, spec digest, spec date) -> results
        self.runs: list[dict] = []  # run headers of JSON documents: the determinations file each used
        self.answers = 0  # decision points answered, in the records counted
        self.analysts: dict[str, int] = {}
        self.stale: list[dict] = []  # answers not applied, as the records list them (at most LISTED)
        self.stale_count = 0
        self.answer_files: list[str] = []  # determinations files the stale answers name (JSON Lines has no run header)
        self.errors: list[dict] = []  # error records (at most LISTED)
        self.counts = {"duplicates": 0, "contradictions": 0, "unknown_statuses": 0, "unknown_classes": 0}
        self.listed: list[tuple[str, str]] = []  # (kind, line) of what was said, at most LISTED
        self.said = 0  # lines said, listed or not
        self._classes = None if catalogue is None else {c.id for c in catalogue.classes}
        self._noted: set[str] = set()
        self._notes: dict[str, int] = {}  # notes said of each kind: past LISTED, counted and not shown

    def read(self, sources: list[str]) -> None:
        for source in sources:
            label = "<stdin>" if source == "-" else source
            self.sources.append(label)
            number = len(self.sources) - 1
            for item in read_numbered(source):
                if isinstance(item, Problem):
                    self._say("problem", str(item), error=True)
                elif isinstance(item, Run):
                    self.runs.append(dict(item))
                else:
                    self.add(number, label, *item)
        self.finish()

    def finish(self) -> None:
        """Count in one line each kind of note past ``LISTED`` (after the last record)."""
        for kind, n in self._notes.items():
            if n > LISTED:
                more = n - LISTED
                self.note(f"{more:,} more {kind}s not shown (each counted once)" if kind == "duplicate" else f"{more:,} more notes ({kind}) not shown")

    def add(self, number: int, label: str, line: int, r: dict) -> None:
        """One record, at ``label:line`` (the ``number``-th source)."""
        where = f"{label}:{line}:1"
        status = r.get("status")
        if status == ERROR:
            self.tally.add_invalid(str(r.get("file") or ""))
            if len(self.errors) < LISTED:
                self.errors.append(r)
            self._stamp(r, where)
            if self.on_record is not None:
                self.on_record(r)
            return
        who = f"{_shown(r.get('applicant'))} × {_shown(r.get('class'))}" + (f" ({_shown(r['specialty'])})" if r.get("specialty") else "")
        if status not in STATUSES:
            self.counts["unknown_statuses"] += 1
            self._say(
                "unknown status",
                f"{where}: unknown status '{_shown(status)}' for {who} (expected {', '.join(STATUSES[:-1])}, {STATUSES[-1]} or error); not counted",
                error=True,
            )
            return
        key = "\0".join(str(r.get(k)) for k in ("applicant", "file", "class", "specialty"))
        place = (number << 34) | (line << 2) | STATUSES.index(status)
        first = self._decisions.first(key, place)
        if first is not None:
            there = self._place(first >> 2, number)
            was = STATUSES[first & 3]
            if was == status:
                self.counts["duplicates"] += 1
                self._say("duplicate", f"{where}: {who} is a duplicate of {there} (counted once)")
            else:
                self.counts["contradictions"] += 1
                self._say(
                    "contradiction",
                    f"{where}: {who} is {status} here but {was} on {there} (expected one decision per applicant and class;"
                    f" counted as {there} says)",
                    error=True,
                )
            return
        if self._applicants.first("\0".join(str(r.get(k)) for k in ("applicant", "file")), 0) is None:
            self.tally.applicants += 1
        self.tally.add(str(r.get("class") or ""), r.get("specialty"), status, str(r.get("title") or ""))
        self._stamp(r, where)
        self._check_class(r, where)
        self._check_answers(r, where, who)
        if self.on_record is not None:
            self.on_record(r)

    def _place(self, packed: int, number: int) -> str:
        source, line = packed >> 32, packed & 0xFFFF_FFFF
        return f"line {line}" if source == number else f"{self.sources[source]}:{line}"

    def _say(self, kind: str, line: str, error: bool = False) -> None:
        if error:
            self.problems += 1
            self.error(line)
        else:
            self._notes[kind] = self._notes.get(kind, 0) + 1
            if self._notes[kind] <= LISTED:  # a file given twice would otherwise be a note a record
                self.note(line)
        self.said += 1
        if len(self.listed) < LISTED:
            self.listed.append((kind, line))

    def _stamp(self, r: dict, where: str) -> None:
        for key, values in self.stamp.items():
            value = r.get(key)
            if value is not None and str(value) not in values and len(values) < STAMPS:
                values.append(str(value))
                if key == "merit_version" and str(value) != self.version:
                    self._say(
                        "merit version",
                        f"{where}: written by merit '{_shown(value)}', not by this merit ({self.version}); check where these results came from",
                    )
        series, digest = r.get("series"), r.get("spec_digest")
        if isinstance(series, str) and isinstance(digest, str):
            spec = (series, digest, str(r.get("spec_date") or ""))
            if spec in self.specs or len(self.specs) < LISTED:
                self.specs[spec] = self.specs.get(spec, 0) + 1

    def _check_class(self, r: dict, where: str) -> None:
        cls = r.get("class")
        if self._classes is None or cls in self._classes:
            return
        self.counts["unknown_classes"] += 1  # records of classes the specs lack; each class is noted once
        if str(cls) not in self._noted and len(self._noted) < LISTED:
            self._noted.add(str(cls))
            self._say("unknown class", f"{where}: class '{_shown(cls)}' is not in the class specs compared with (counted as written)")

    def _check_answers(self, r: dict, where: str, who: str) -> None:
        for p in r.get("decision_points") or ():
            if not isinstance(p, dict) or not p.get("answer"):
                continue
            self.answers += 1
            by = str(p.get("by") or "")
            if by in self.analysts or len(self.analysts) < LISTED:
                self.analysts[by] = self.analysts.get(by, 0) + 1
            date = str(p.get("date") or "")
            if date > self.today:
                self._say(
                    "answer dated later",
                    f"{where}: {who}: the answer to {_shown(p.get('id'))} is dated {_shown(date)}, a day that has not come"
                    " (check the determinations file it came from)",
                )
        for s in r.get("stale_determinations") or ():
            self.stale_count += 1
            if isinstance(s, dict) and len(self.stale) < LISTED:
                self.stale.append({**s, "applicant": r.get("applicant"), "class": r.get("class"), "where": where})
            named = s.get("file") if isinstance(s, dict) else None
            if isinstance(named, str) and named not in self.answer_files and len(self.answer_files) < STAMPS:
                self.answer_files.append(named)

    def spec_changes(self) -> list[str]:
        """A line for each series whose results were screened against another text of its spec than the one
        there is now (another sha256 of the file)."""
        if self.catalogue is None:
            return []
        now = {s.id: s.digest for s in self.catalogue.series}
        old: dict[tuple[str, str], int] = {}
        for (series, digest, _), n in self.specs.items():
            if series in now and digest != now[series]:
                old[(series, digest)] = old.get((series, digest), 0) + n
        return [
            f"{n:,} result{'s' if n > 1 else ''} of {series} {'were' if n > 1 else 'was'} screened against another text of"
            f" its spec (sha256 {digest[:12]}..., now {now[series][:12]}...): screen again to judge by the spec as it is"
            for (series, digest), n in old.items()
        ]

    def series_title(self, series: str) -> str:
        if self.catalogue is None:
            return ""
        return next((s.title for s in self.catalogue.series if s.id == series), "")

    def as_dict(self) -> dict:
        """The counts as ``merit summary -f json`` gives them."""
        return {**self.tally.as_dict(), **self.counts, "stale_determinations": self.stale_count}


def _shown(value) -> str:
    return visible(str(value))
