"""Catalogue views for people and scripts: levels tables, competency charts, the class list and one class in full.

Every view is first built as plain grids (headers and rows of text); the same grids are then drawn as Rich
tables on a terminal, wrapped plain text in a pipe, or Markdown (render/markdown.py). JSON and CSV records
are built here too, from the same view data.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

from merit.class_view import Chart, LevelRow, Section, adds_text, class_entry, codes_text
from merit.model.decisions import Status
from merit.render.visible import visible, visible_lines

STATUS_STYLE: dict[str, str] = {Status.ELIGIBLE: "bold green", Status.CONDITIONAL: "green", Status.REVIEW: "yellow", Status.INELIGIBLE: "bold red"}
SHORT_MARK = "!"  # beside a required degree the applicant's assessed grade falls short of
PLAIN_WIDTH = 100


@dataclass
class Grid:
    """A titled table of text cells; a cell may hold several lines. ``alert`` marks cells to draw in red."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    alert: set[tuple[int, int]] = field(default_factory=set)
    narrow: set[int] = field(default_factory=set)  # columns of short values (level, grades)
    styles: dict[tuple[int, int], str] = field(default_factory=dict)  # Rich styles of single cells


# --- compare: the grids ------------------------------------------------------------------


def status_text(decision) -> str:
    if decision is None:
        return ""
    text = decision.status
    if decision.path:
        text += f" by {decision.path}"
    if decision.eligible_from:
        text += f"; eligible from {decision.eligible_from.isoformat()}"
    return text


def levels_grid(title: str, rows: list[LevelRow], overlay: bool, with_series: bool = False, compact: bool = False) -> Grid:
    """The levels table; ``compact`` folds level and guidance into the class cell, for 80-column terminals."""
    headers = ["Level", "Class", "Minimum qualifications", "Guidance", "Adds over the level below"]
    if compact:
        headers = ["Class", "Minimum qualifications", "Adds over the level below"]
    if overlay:
        headers.append("Applicant")
    out: list[list[str]] = []
    styles: dict[tuple[int, int], str] = {}
    notes: list[str] = []
    for r in rows:
        klass = r.cls.id + (f" ({r.codes})" if r.codes else "") + f"\n{r.cls.title}\npay: {r.pay}"
        if with_series:
            # a series id is long (la-customer-service-specialist): under the table it is never cut in two
            klass += f"\n{r.series.jurisdiction}"
            if not notes:
                notes.extend(["", "Series of the classes:"])
            notes.append(f"  {r.cls.id}: {r.series.id}")
        mq_lines, status_lines = [], []
        for v in r.variants:
            prefix = f"{v.specialty_title} specialty: " if v.specialty else ""
            if v.specialty:
                mq_lines.append(f"{v.specialty_title} specialty:")
            mq_lines.append(f"Experience: {v.figures.experience}")
            mq_lines.append(f"Education: {v.figures.education}")
            mq_lines.append(f"Supervision: {v.figures.supervision}")
            if overlay:
                status_lines.append(prefix + (status_text(v.status) or "not screened"))
        if compact:
            row = [f"{r.cls.level}. {klass}\nguidance: {r.guidance}", "\n".join(mq_lines), adds_text(r)]
        else:
            row = [str(r.cls.level), klass, "\n".join(mq_lines), r.guidance, adds_text(r)]
        if overlay:
            row.append("\n".join(status_lines))
            first = next((v.status for v in r.variants if v.status), None)
            if first is not None:
                styles[(len(out), len(row) - 1)] = STATUS_STYLE.get(first.status, "")
        out.append(row)
    return Grid(title, headers, out, notes=notes, narrow=set() if compact else {0}, styles=styles)


def chart_grid(c: Chart, applicant: str | None) -> Grid:
    headers = ["Competency"] + [c.column(k) for k in c.classes]
    if applicant:
        headers.append("Assessed")
    rows: list[list[str]] = []
    alert: set[tuple[int, int]] = set()
    for i, r in enumerate(c.rows):
        row = [f"{r['text']} [{r['id']}]"]
        for j, k in enumerate(c.classes, start=1):
            degree = r["grades"].get(k.id, "")
            short = c.shortfall(r["id"], k) if applicant else None
            if short:
                alert.add((i, j))
                degree = f"{degree} {SHORT_MARK}"
            row.append(degree)
        if applicant:
            row.append(c.assessed.get(r["id"], "not assessed"))
        rows.append(row)
    rows.append(["Guidance"] + [c.guidance.get(k.id, "") for k in c.classes] + ([""] if applicant else []))
    notes = []
    if c.degrees:
        notes.append("Degrees of proficiency:")
        notes.extend(f"  {d}: {text}" for d, text in c.degrees.items())
    if applicant:
        notes.append(f"{SHORT_MARK} marks a required degree above the grade assessed for {applicant}.")
    if c.core:
        notes.append(f"Department core competencies (all employees): {'; '.join(x['name'] for x in c.core)}.")
    title = f"Competencies and degrees of proficiency: {c.series.title}"
    return Grid(title, headers, rows, notes, alert, narrow=set(range(1, len(headers))))


def classes_grid(entries: list[tuple[Any, Any]]) -> Grid:
    headers = ["Series", "Class", "Codes", "Title", "Jurisdiction", "Pay", "Specialties"]
    rows = []
    for cls, series in entries:
        rows.append(
            [
                series.id,
                cls.id,
                codes_text(cls),
                cls.title,
                series.jurisdiction,
                cls.pay or "-",
                ", ".join(f"{sp.id} ({sp.title})" for sp in cls.specialties) or "-",
            ]
        )
    return Grid("Classes", headers, rows, narrow={0, 1})


def classes_grids(series_list, entries) -> list[Grid]:
    """One grid per series, without the series column, so the class list fits a narrow terminal."""
    out = []
    for s in series_list:
        g = classes_grid([(c, s2) for c, s2 in entries if s2 is s])
        g.title = f"{s.title} ({s.id})"
        g.headers = g.headers[1:]
        g.rows = [r[1:] for r in g.rows]
        g.narrow = {0}
        out.append(g)
    return out


# --- plain text -----------------------------------------------------------------------------


def plain(grid: Grid, width: int = PLAIN_WIDTH) -> str:
    """A wrapped text table: every word kept, columns fitted to ``width``."""
    n = len(grid.headers)
    cells, widths = _layout(grid, width - 2 * (n - 1))
    lines = [visible_lines(grid.title), ""] if grid.title else []
    rule = "  ".join("-" * w for w in widths)
    for k, row in enumerate(cells):
        wrapped = [_wrap(row[i] or "-", widths[i]) for i in range(n)]
        for j in range(max(len(w) for w in wrapped)):
            parts = [(wrapped[i][j] if j < len(wrapped[i]) else "").ljust(widths[i]) for i in range(n)]
            lines.append("  ".join(parts).rstrip())
        if k == 0:
            lines.append(rule)
        elif k < len(cells) - 1 and any("\n" in c or len(c) > widths[i] for i, c in enumerate(row)):
            lines.append("")
    for note in grid.notes:
        lines.extend(wrap_note(note, width))
    return "\n".join(lines) + "\n"


def wrap_note(note: str, width: int) -> list[str]:
    """A note wrapped to ``width``, its words whole; an item of a legend ("  A: text") hangs under its text."""
    note = visible(note)
    indent = len(note) - len(note.lstrip(" "))
    label, sep, _ = note.lstrip(" ").partition(": ")
    hang = indent + len(label) + 2 if indent and sep and len(label) <= 16 else indent + 2
    wrapped = textwrap.wrap(
        note, width, subsequent_indent=" " * hang, break_long_words=False, break_on_hyphens=False
    )
    return wrapped or [""]


def _layout(grid: Grid, budget: int) -> tuple[list[list[str]], list[int]]:
    """The cells as shown (headers first) and the width of each column within ``budget`` characters."""
    cells = [[visible_lines(c) for c in row] for row in [grid.headers, *grid.rows]]
    natural = [max(len(line) for row in cells for line in (row[i] or "-").split("\n")) for i in range(len(grid.headers))]
    return cells, _fit(grid, cells, natural, budget)


def _fit(grid: Grid, cells: list[list[str]], natural: list[int], budget: int) -> list[int]:
    """Column widths within budget: narrow columns keep their width, the others share the rest by how much text they hold."""
    n = len(natural)
    if sum(natural) <= budget:
        return natural
    floor = []
    for i in range(n):
        longest_word = max(len(w) for row in cells for w in (row[i] or "-").split())
        floor.append(natural[i] if i in grid.narrow else min(natural[i], max(8, min(longest_word, 20))))
    widths = floor[:]
    demand = [sum(len(row[i] or "") for row in cells) ** 0.5 for i in range(n)]
    spare = budget - sum(widths)
    open_cols = [i for i in range(n) if widths[i] < natural[i]]
    while spare > 0 and open_cols:
        total = sum(demand[i] for i in open_cols) or 1
        given = 0
        for i in open_cols:
            extra = min(natural[i] - widths[i], max(1, int(spare * demand[i] / total)))
            extra = min(extra, spare - given)
            widths[i] += extra
            given += extra
        spare -= given
        open_cols = [i for i in range(n) if widths[i] < natural[i]]
        if given == 0:
            break
    return widths


def _wrap(text: str, width: int) -> list[str]:
    out = []
    for para in text.split("\n"):
        out.extend(textwrap.wrap(para, width, break_long_words=True, break_on_hyphens=False) or [""])
    return out


# --- Rich -------------------------------------------------------------------------------------


def rich(grid: Grid, console) -> None:
    from rich.table import Table
    from rich.text import Text

    # everything reaches Rich as Text: what the files hold is never read as markup
    table = Table(
        title=Text(visible_lines(grid.title)) if grid.title else None,
        title_justify="left",
        header_style="bold",
        show_lines=True,
        expand=False,
    )
    # the columns get the widths the plain table would have at this width (a border and two spaces of
    # padding each), so that no word up to an id's length (conflict-resolution, MT-CSR-12) is folded
    cells, widths = _layout(grid, console.width - 3 * len(grid.headers) - 1)
    for header, width in zip(cells[0], widths):
        table.add_column(Text(header), overflow="fold", no_wrap=False, width=width)
    for i, row in enumerate(cells[1:]):
        table.add_row(
            *[Text(c, style="bold red" if (i, j) in grid.alert else grid.styles.get((i, j), "")) for j, c in enumerate(row)]
        )
    console.print(table)
    for note in grid.notes:
        console.print(Text("\n".join(wrap_note(note, console.width))))


# --- one class in full ------------------------------------------------------------------------


def show_plain(sections: list[Section], width: int = PLAIN_WIDTH) -> str:
    out: list[str] = []
    for sec in sections:
        out.append(sec.title)
        out.append("-" * len(sec.title))
        if sec.items:
            key = min(max(len(k) for k, _ in sec.items), 24)
            for k, v in sec.items:
                k = visible(k)
                wrapped = _wrap(visible_lines(v), max(20, width - key - 4))
                if len(k) > key:  # a label longer than the column gets a line of its own
                    out.append(f"  {k}")
                    out.extend(f"  {'':{key}}  {w}" for w in wrapped)
                    continue
                out.append(f"  {k.ljust(key)}  {wrapped[0]}")
                out.extend(f"  {'':{key}}  {w}" for w in wrapped[1:])
        for line in sec.lines:
            out.extend(textwrap.wrap(visible(line), width, initial_indent="  ", subsequent_indent="    ") or [""])
        for c in sec.clauses:
            pad = "  " + "  " * c.depth
            out.extend(textwrap.wrap(visible(f"{c.label}: {c.text}"), width, initial_indent=pad, subsequent_indent=pad + "  "))
            if c.note:
                out.extend(textwrap.wrap(visible(f"({c.note})"), width, initial_indent=pad + "  ", subsequent_indent=pad + "  "))
            if c.citation:
                out.extend(
                    textwrap.wrap(visible(f"source: {c.citation}"), width, initial_indent=pad + "  ", subsequent_indent=pad + "    ")
                )
        out.append("")
    return "\n".join(out)


def show_rich(sections: list[Section], console) -> None:
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    for sec in sections:
        console.print(Text(visible(sec.title), style="bold underline"))
        if sec.items:
            table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 2, 0, 2))
            table.add_column(style="bold", no_wrap=True)
            table.add_column(overflow="fold")
            for k, v in sec.items:
                table.add_row(Text(visible(k)), Text(visible_lines(v)))
            console.print(table)
        for line in sec.lines:
            console.print(Text("  " + visible(line), style="bold" if line.startswith(">") else ""))
        if sec.clauses:
            root = Tree(Text(visible(sec.clauses[0].label), style="bold"), guide_style="dim")
            stack = [(0, root)]
            for i, c in enumerate(sec.clauses):
                label = Text()
                label.append(f"{visible(c.label)}: ", style="bold")
                label.append(visible(c.text))
                if c.note:
                    label.append(f"\n({visible(c.note)})", style="italic")
                if c.citation:
                    label.append(f"\nsource: {visible(c.citation)}", style="dim")
                if i == 0:
                    root.label = label
                    continue
                while stack and stack[-1][0] >= c.depth:
                    stack.pop()
                node = (stack[-1][1] if stack else root).add(label)
                stack.append((c.depth, node))
            console.print(root)
        console.print()


# --- records for scripts ---------------------------------------------------------------------


def series_meta(series) -> dict[str, Any]:
    return {
        "id": series.id,
        "title": series.title,
        "jurisdiction": series.jurisdiction,
        "organization": series.organization,
        "families": list(series.families),
        "source": dict(series.source),
        "dates": {k: str(v) for k, v in series.dates.items()},
    }


def _decision_dict(d) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "status": d.status,
        "path": d.path,
        "eligible_from": d.eligible_from.isoformat() if d.eligible_from else None,
    }


def level_record(r: LevelRow) -> dict[str, Any]:
    return {
        "series": r.series.id,
        "level": r.cls.level,
        "class": r.cls.id,
        "codes": dict(r.cls.codes),
        "title": r.cls.title,
        "jurisdiction": r.series.jurisdiction,
        "pay": r.cls.pay,
        "guidance": r.cls.guidance,
        "typical": r.cls.typical,
        "below": r.below,
        "cumulative": r.cls.cumulative,
        "adds": list(r.adds),
        "minimum_qualifications": [
            {
                "specialty": v.specialty,
                "specialty_title": v.specialty_title,
                "experience": v.figures.experience,
                "education": v.figures.education,
                "supervision": v.figures.supervision,
                "paths": v.paths,
                **({"applicant": _decision_dict(v.status)} if v.status is not None else {}),
            }
            for v in r.variants
        ],
        "grades": dict(r.cls.grades),
    }


def chart_record(c: Chart, applicant: str | None) -> dict[str, Any]:
    rows = []
    for r in c.rows:
        row = {"id": r["id"], "text": r["text"], "grades": dict(r["grades"])}
        if applicant:
            row["assessed"] = c.assessed.get(r["id"])
            row["short"] = {k.id: c.shortfall(r["id"], k) for k in c.classes}
        rows.append(row)
    return {
        "series": c.series.id,
        "classes": [{"class": k.id, "column": c.column(k), "guidance": c.guidance.get(k.id)} for k in c.classes],
        "competencies": rows,
        "degrees": dict(c.degrees),
        "core_competencies": list(c.core),
    }


def compare_json(series: list, rows: list[LevelRow], charts: list[Chart], applicant, as_of, highest) -> str:
    doc = {
        "as_of": as_of.isoformat() if applicant else None,
        "applicant": applicant.id if applicant else None,
        "series": [series_meta(s) for s in series],
        "levels": [level_record(r) for r in rows],
        "competency_charts": [chart_record(c, applicant.id if applicant else None) for c in charts],
    }
    if applicant:
        doc["highest_level"] = highest
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


COMPARE_COLUMNS = (
    "series",
    "level",
    "class",
    "codes",
    "title",
    "jurisdiction",
    "pay",
    "specialty",
    "guidance",
    "experience",
    "education",
    "supervision",
    "minimum_qualifications",
    "adds",
)


def compare_csv(rows: list[LevelRow], charts: list[Chart], applicant) -> str:
    """One row per class (per specialty); each competency's degree a single letter in its own column."""
    competencies = list(dict.fromkeys(r["id"] for c in charts for r in c.rows))
    chart_of = {k.id: c for c in charts for k in c.classes}
    header = list(COMPARE_COLUMNS) + [f"grade_{x}" for x in competencies]
    if applicant:
        header += ["applicant", "status", "path", "eligible_from"]
        header += [f"assessed_{x}" for x in competencies] + [f"short_{x}" for x in competencies]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        for v in r.variants:
            line = [
                r.series.id,
                r.cls.level,
                r.cls.id,
                codes_text(r.cls),
                r.cls.title,
                r.series.jurisdiction,
                r.cls.pay or "",
                v.specialty or "",
                r.cls.guidance or "",
                v.figures.experience,
                v.figures.education,
                v.figures.supervision,
                " | ".join(f"{p['label']}: {p['text']}" if p["label"] else p["text"] for p in v.paths),
                " | ".join(r.adds),
            ]
            line += [r.cls.grades.get(x, "") for x in competencies]
            if applicant:
                d = v.status
                line += [applicant.id, d.status if d else "", (d.path or "") if d else "", d.eligible_from.isoformat() if d and d.eligible_from else ""]
                line += [applicant.competencies.get(x, "") if x in r.cls.grades else "" for x in competencies]
                chart = chart_of.get(r.cls.id)
                shorts = []
                for x in competencies:
                    s = chart.shortfall(x, r.cls) if chart else None
                    shorts.append("" if s is None else s)
                line += shorts
            w.writerow(line)
    return buf.getvalue()


CLASSES_COLUMNS = ("series", "class", "level", "codes", "title", "jurisdiction", "pay", "specialties")


def classes_csv(entries) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CLASSES_COLUMNS)
    for cls, series in entries:
        w.writerow([series.id, cls.id, cls.level, codes_text(cls), cls.title, series.jurisdiction, cls.pay or "", " ".join(sp.id for sp in cls.specialties)])
    return buf.getvalue()


def classes_json(series_list, entries) -> str:
    doc = {
        "series": [{**series_meta(s), "classes": [class_entry(c, s) for c, s2 in entries if s2 is s]} for s in series_list],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
