"""GitHub-flavoured Markdown for pasting into documents: headings, pipe tables with one value per cell, lists."""

from __future__ import annotations

from collections.abc import Sequence

from merit.class_view import Chart, LevelRow, Section, adds_text, codes_text
from merit.render.compare import Grid, status_text


def cell(text: object) -> str:
    """A table cell: pipes escaped, line breaks as <br>, never empty."""
    s = str(text if text is not None else "").strip()
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")
    return s or " "


def table(headers: list[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def grid(g: Grid, level: int = 2) -> str:
    out = [f"{'#' * level} {g.title}", "", table(g.headers, g.rows)]
    if g.notes:
        out.append("\n".join(g.notes) + "\n")
    return "\n".join(out)


def levels(title: str, rows: list[LevelRow], overlay: bool, level: int = 2, intro: str = "") -> str:
    specialties = any(v.specialty for r in rows for v in r.variants)
    headers = ["Level", "Class", "Codes", "Title", "Pay"]
    if specialties:
        headers.append("Specialty")
    headers += ["Experience", "Education", "Supervision", "Guidance", "Adds over the level below"]
    if overlay:
        headers.append("Applicant")
    body = []
    for r in rows:
        for v in r.variants:
            row: list[object] = [r.cls.level, r.cls.id, codes_text(r.cls), r.cls.title, r.pay]
            if specialties:
                row.append(v.specialty_title or "")
            row += [v.figures.experience, v.figures.education, v.figures.supervision, r.guidance, adds_text(r)]
            if overlay:
                row.append(status_text(v.status) or "not screened")
            body.append(row)
    parts = [f"{'#' * level} {title}", ""]
    if intro:
        parts += [intro, ""]
    parts.append(table(headers, body))
    return "\n".join(parts)


def chart(c: Chart, applicant: str | None, level: int = 3) -> str:
    """The competency chart: each degree a single letter in its own cell; shortfalls in their own column."""
    headers = ["Competency", "Id"] + [c.column(k) for k in c.classes]
    if applicant:
        headers += ["Assessed", "Short of"]
    body: list[list[object]] = []
    for r in c.rows:
        row: list[object] = [r["text"], r["id"]] + [r["grades"].get(k.id, "") for k in c.classes]
        if applicant:
            short = [f"{c.column(k)} (by {n})" for k in c.classes if (n := c.shortfall(r["id"], k))]
            row += [c.assessed.get(r["id"], "not assessed"), ", ".join(short) or "none"]
        body.append(row)
    guidance: list[object] = ["Guidance", "", *(c.guidance.get(k.id, "") for k in c.classes)]
    body.append(guidance + (["", ""] if applicant else []))
    parts = [f"{'#' * level} Competencies and degrees of proficiency: {c.series.title}", "", table(headers, body)]
    if c.degrees:
        parts += [f"{'#' * (level + 1)} Degrees of proficiency", "", table(["Degree", "Meaning"], [[d, t] for d, t in c.degrees.items()])]
    if c.core:
        parts += [f"{'#' * (level + 1)} Department core competencies", ""]
        parts.append("\n".join(f"- **{x['name']}**: {x['text']}" for x in c.core) + "\n")
    return "\n".join(parts)


def show(sections: list[Section], title: str) -> str:
    out = [f"# {title}", ""]
    for sec in sections:
        out += [f"## {sec.title}", ""]
        if sec.items:
            out.append(table(["", ""], [[f"**{k}**", v] for k, v in sec.items]))
        for line in sec.lines:
            out.append(f"- {line.strip()}" if not line.startswith(">") else f"- **{line[1:].strip()}** (this class)")
        if sec.lines:
            out.append("")
        for c in sec.clauses:
            pad = "  " * c.depth
            text = f"{pad}- **{c.label}**: {c.text}"
            if c.note:
                text += f" *({c.note})*"
            if c.citation:
                text += f" — source: {c.citation}"
            out.append(text)
        if sec.clauses:
            out.append("")
    return "\n".join(out).rstrip() + "\n"
