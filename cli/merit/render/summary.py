"""A batch in numbers: results per class (and specialty) and status, and the inputs that could not be read.

Built from the results as they are screened (``merit screen --summary``) or from
saved records (``merit summary``, ``merit report``); drawn as plain text, a
Rich table with a bar per class, CSV, TSV or JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from merit.model.decisions import STATUSES, Status

ERROR = "error"  # the status of an input that could not be read
COLUMNS = ("class", "specialty", "title", *STATUSES, ERROR, "total")
BAR_STYLE: dict[str, str] = {Status.ELIGIBLE: "green", Status.CONDITIONAL: "cyan", Status.REVIEW: "yellow", Status.INELIGIBLE: "red"}
BAR_CHARS: dict[str, str] = {Status.ELIGIBLE: "█", Status.CONDITIONAL: "▓", Status.REVIEW: "▒", Status.INELIGIBLE: "░"}
BAR_WIDTH = 30


class Row:
    """The counts of one class (and specialty)."""

    __slots__ = ("cls", "specialty", "title", "counts")

    def __init__(self, cls: str, specialty: str | None, title: str = "") -> None:
        self.cls = cls
        self.specialty = specialty
        self.title = title
        self.counts: dict[str, int] = dict.fromkeys(STATUSES, 0)

    @property
    def label(self) -> str:
        return f"{self.cls} ({self.specialty})" if self.specialty else self.cls

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Tally:
    """Counts per class (and specialty) and status, in the order the classes first came, and the invalid inputs."""

    def __init__(self, titles: Mapping[str, str] | None = None) -> None:
        self.titles = titles or {}  # class id -> title, for results that do not carry one
        self.rows: dict[tuple[str, str | None], Row] = {}
        self.applicants = 0
        self.errors = 0  # error records: one per problem
        self.invalid: dict[str, int] = {}  # file -> its problems

    def add_results(self, results: Iterable[tuple[str, str | None, str]]) -> None:
        """One applicant's results: (class, specialty, status) each."""
        self.applicants += 1
        for cls, specialty, status in results:
            self.add(cls, specialty, status)

    def add(self, cls: str, specialty: str | None, status: str, title: str = "") -> None:
        row = self.rows.get((cls, specialty))
        if row is None:
            row = self.rows[(cls, specialty)] = Row(cls, specialty, title or self.titles.get(cls, ""))
        row.title = row.title or title
        if status in row.counts:
            row.counts[status] += 1

    def add_invalid(self, file: str, problems: int = 1) -> None:
        self.errors += problems
        self.invalid[file] = self.invalid.get(file, 0) + problems

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for row in self.rows.values():
            for status, n in row.counts.items():
                out[status] += n
        return out

    @property
    def results(self) -> int:
        return sum(r.total for r in self.rows.values())

    def headline(self) -> str:
        """One line: how many applicants, results and invalid inputs."""
        text = f"{_n(self.applicants, 'applicant')}, {_n(self.results, 'result')}"
        if self.invalid:
            text += f"; {_n(len(self.invalid), 'invalid input file')} ({_n(self.errors, 'problem')})"
        return text

    def as_dict(self) -> dict:
        return {
            "applicants": self.applicants,
            "results": self.results,
            "classes": [
                {"class": r.cls, "specialty": r.specialty, "title": r.title, **r.counts, "total": r.total}
                for r in self.rows.values()
            ],
            "totals": {**self.totals(), "total": self.results},
            "invalid": {"files": len(self.invalid), "problems": self.errors, "by_file": dict(self.invalid)},
        }


def tally_records(records: Iterable[Mapping]) -> Tally:
    """The counts of saved result records (as merit screen writes them); applicants are told apart by id and file."""
    tally = Tally()
    applicants = set()
    for r in records:
        if r.get("status") == ERROR:
            tally.add_invalid(str(r.get("file") or ""))
            continue
        applicants.add((r.get("applicant"), r.get("file")))
        tally.add(str(r.get("class") or ""), r.get("specialty"), str(r["status"]), str(r.get("title") or ""))
    tally.applicants = len(applicants)
    return tally


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _cells(row: Row) -> list[str]:
    return [row.cls, row.specialty or "", row.title, *(str(row.counts[s]) for s in STATUSES), "0", str(row.total)]


def plain_summary(tally: Tally) -> str:
    """Aligned columns, no colour: stable for diffs and grep."""
    header = ["class", *STATUSES, "total"]
    rows = [[r.label, *(str(r.counts[s]) for s in STATUSES), str(r.total)] for r in tally.rows.values()]
    totals = tally.totals()
    rows.append(["all classes", *(str(totals[s]) for s in STATUSES), str(tally.results)])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"Summary: {tally.headline()}"]
    for k, r in enumerate([header, *rows]):
        cells = [r[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(r[1:], widths[1:]))]
        lines.append("  ".join(cells).rstrip())
        if k == 0 or k == len(rows) - 1:
            lines.append("  ".join("-" * w for w in widths))
    for file, problems in tally.invalid.items():
        lines.append(f"invalid: {file} ({_n(problems, 'problem')})")
    return "\n".join(lines) + "\n"


def bar_segments(row: Row, width: int, most: int) -> list[tuple[str, int]]:
    """(status, cells) for a bar ``width`` cells long at ``most`` results; every status present gets a cell."""
    if not most:
        return []
    cells = {s: round(row.counts[s] * width / most) for s in STATUSES}
    for s in STATUSES:
        if row.counts[s] and not cells[s]:
            cells[s] = 1
    return [(s, cells[s]) for s in STATUSES if cells[s]]


SHORT: dict[str, str] = {Status.ELIGIBLE: "elig.", Status.CONDITIONAL: "cond.", Status.REVIEW: "rev.", Status.INELIGIBLE: "inel."}


def rich_summary(tally: Tally, console) -> None:
    """A Rich table with a bar per class, coloured by status (and drawn with a different shade for each).

    Counts are never cut: on a narrow terminal the specialty goes under the class, the headers are
    abbreviated, and the bar takes what width is left; where none is, the table has no bar.
    """
    from rich.table import Table
    from rich.text import Text

    rows = list(tally.rows.values())
    labels = [r.label for r in rows]
    headers: dict[str, str] = {s: s for s in STATUSES}
    counts_width = sum(len(h) + 3 for h in [*STATUSES, "total"])
    label_width = max([len("all classes"), *map(len, labels)]) + 3
    if label_width + counts_width + 14 > console.width:
        labels = [r.cls + (f"\n({r.specialty})" if r.specialty else "") for r in rows]
        label_width = max([len("all classes"), *(len(line) for lab in labels for line in lab.split("\n"))]) + 3
        headers = SHORT
        counts_width = sum(len(h) + 3 for h in [*SHORT.values(), "total"])
    width = min(BAR_WIDTH, console.width - label_width - counts_width - 4)
    table = Table(title=f"Summary: {tally.headline()}", header_style="bold", title_justify="left")
    digits = len(str(max([tally.results, *(r.total for r in rows)])))
    table.add_column("class", overflow="fold")  # the one column that gives way, below 70 columns or so
    for s in STATUSES:
        table.add_column(headers[s], justify="right", style=BAR_STYLE[s], no_wrap=True, min_width=max(len(headers[s]), digits))
    table.add_column("total", justify="right", no_wrap=True, min_width=max(5, digits))
    if width >= 6:
        table.add_column("results", no_wrap=True, min_width=width)
    most = max((r.total for r in rows), default=0)
    for label, r in zip(labels, rows):
        bar = Text()
        for status, cells in bar_segments(r, width, most):
            bar.append(BAR_CHARS[status] * cells, style=BAR_STYLE[status])
        # Text, not str: a class id or specialty read from a results file is shown, never run as Rich markup
        table.add_row(Text(label), *(str(r.counts[s]) for s in STATUSES), str(r.total), *([bar] if width >= 6 else []))
    totals = tally.totals()
    table.add_section()
    table.add_row("all classes", *(str(totals[s]) for s in STATUSES), str(tally.results), *([""] if width >= 6 else []))
    console.print(table)
    if width >= 6:
        legend = Text("  ")
        for s in STATUSES:
            legend.append(f"{BAR_CHARS[s]} {s}  ", style=BAR_STYLE[s])
        console.print(legend)
    for file, problems in tally.invalid.items():
        console.print(Text(f"invalid: {file} ({_n(problems, 'problem')})", style="red"))


def table_rows(tally: Tally) -> Iterable[list[str]]:
    """The rows of CSV and TSV: a header, a row per class (and specialty), and, when there were any, one
    row for the inputs that could not be read (no class; ``error`` counts their error records)."""
    yield list(COLUMNS)
    for r in tally.rows.values():
        yield _cells(r)
    if tally.errors:
        yield ["", "", "invalid input", "0", "0", "0", "0", str(tally.errors), str(tally.errors)]
