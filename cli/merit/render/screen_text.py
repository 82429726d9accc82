"""Decisions for people: a Rich table on a terminal, plain stable text in a pipe, and the reason tree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from merit.model import MET, NOT_MET, NOTE, REVIEW, Decision, Reason

STATUS_STYLE = {"eligible": "bold green", "conditional": "green", "review": "yellow", "ineligible": "bold red"}
OUTCOME_STYLE = {MET: "green", "conditional": "green", REVIEW: "yellow", NOT_MET: "red", NOTE: "cyan"}
COLUMNS = ("applicant", "name", "class", "specialty", "status", "path", "eligible from", "reason")
NO_NAMES: Mapping[str, str] = {}  # applicant id -> name, for the decisions of applicants that have one


def headline(decision: Decision) -> str:
    """The one reason a reader needs first: what met, or what came closest."""
    root = decision.reasons[0] if decision.reasons else None
    if root is None:
        return ""
    if decision.status in ("eligible", "conditional"):
        return root.detail
    rank = {REVIEW: 2, "conditional": 3, MET: 3, NOT_MET: 1}
    best = max(root.children, key=lambda r: rank.get(r.outcome, 0), default=None)
    if best is None or decision.status == "review" and best.outcome != REVIEW:
        return root.detail
    return f"{best.requirement}: {best.detail}" if best.detail else best.requirement


def row(decision: Decision, names: Mapping[str, str] = NO_NAMES) -> tuple[str, ...]:
    return (
        decision.applicant,
        names.get(decision.applicant) or "-",
        decision.cls,
        decision.specialty or "-",
        decision.status,
        decision.path or "-",
        decision.eligible_from.isoformat() if decision.eligible_from else "-",
        headline(decision),
    )


def plain_table(decisions: Iterable[Decision], width: int = 100, names: Mapping[str, str] = NO_NAMES) -> str:
    """Aligned columns, no colour, the reason cut to fit; stable for diffs and grep."""
    rows = [row(d, names) for d in decisions]
    if not rows:
        return ""
    widths = [max(len(COLUMNS[i]), *(len(r[i]) for r in rows)) for i in range(len(COLUMNS) - 1)]
    lines = []
    for r in [COLUMNS, *rows]:
        cells = [r[i].ljust(widths[i]) for i in range(len(widths))]
        lines.append("  ".join(cells) + "  " + r[-1])
    return "\n".join(lines) + "\n"


def _who(decision: Decision, names: Mapping[str, str]) -> str:
    name = names.get(decision.applicant)
    return f"{decision.applicant} ({name})" if name else decision.applicant


def explain_text(decision: Decision, names: Mapping[str, str] = NO_NAMES) -> str:
    """The full reason tree, indented, with arithmetic and citations."""
    title = f"{_who(decision, names)} × {decision.cls}"
    if decision.specialty:
        title += f" ({decision.specialty} specialty)"
    title += f" — {decision.title}: {decision.status.upper()}"
    if decision.path:
        title += f" by {decision.path}"
    lines = [title, f"  as of {decision.as_of}; file {decision.file}"]
    if decision.eligible_from:
        lines.append(f"  eligible from {decision.eligible_from} if current jobs continue at their current hours")

    def walk(r: Reason, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}[{r.outcome}] {r.requirement}" + (f": {r.detail}" if r.detail else ""))
        if r.citation:
            lines.append(f"{pad}    source: {r.citation}")
        for child in r.children:
            walk(child, depth + 1)

    for r in decision.reasons:
        walk(r, 1)
    return "\n".join(lines) + "\n"


def rich_table(decisions: list[Decision], console, title: str | None = None, names: Mapping[str, str] = NO_NAMES) -> None:
    """The results as a Rich table; below 100 columns, a compact layout that keeps every id and date whole."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False, header_style="bold")
    compact = console.width < 100
    if compact:
        for name in ("applicant", "class", "status"):
            table.add_column(name, no_wrap=True)  # the name goes under the id
        table.add_column("reason", ratio=1, min_width=20)
    else:
        for name in COLUMNS:
            if name == "reason":  # the one column that gives way: it wraps at words
                table.add_column(name, ratio=1, min_width=20)
            elif name in ("path", "name"):
                table.add_column(name, max_width=24)
            else:  # ids, statuses and dates are never split
                table.add_column(name.replace("eligible from", "eligible\nfrom"), no_wrap=True)
    for d in decisions:
        status = Text(d.status, style=STATUS_STYLE.get(d.status, ""))
        if compact:
            cls = d.cls + (f"\n{d.specialty}" if d.specialty else "")
            if d.eligible_from:
                status.append(f"\nfrom {d.eligible_from}")
            who = Text(d.applicant + (f"\n{names[d.applicant]}" if names.get(d.applicant) else ""))
            table.add_row(who, cls, status, headline(d))
        else:
            cells = list(row(d, names))
            cells[1] = Text(cells[1])  # a name is shown as written, never read as Rich markup
            cells[4] = status
            table.add_row(*cells)
    console.print(table)


def rich_explain(decision: Decision, console, names: Mapping[str, str] = NO_NAMES) -> None:
    from rich.text import Text
    from rich.tree import Tree

    head = Text()
    head.append(f"{_who(decision, names)} × {decision.cls}", style="bold")
    if decision.specialty:
        head.append(f" ({decision.specialty} specialty)")
    head.append(f" — {decision.title}: ")
    head.append(decision.status.upper(), style=STATUS_STYLE.get(decision.status, ""))
    if decision.path:
        head.append(f" by {decision.path}")
    tree = Tree(head)
    tree.add(Text(f"as of {decision.as_of}; file {decision.file}", style="dim"))
    if decision.eligible_from:
        tree.add(Text(f"eligible from {decision.eligible_from} if current jobs continue at their current hours"))

    def walk(r: Reason, parent) -> None:
        label = Text()
        label.append(f"[{r.outcome}] ", style=OUTCOME_STYLE.get(r.outcome, ""))
        label.append(r.requirement, style="bold")
        if r.detail:
            label.append(f": {r.detail}")
        if r.citation:
            label.append(f"\nsource: {r.citation}", style="dim")
        node = parent.add(label)
        for child in r.children:
            walk(child, node)

    for r in decision.reasons:
        walk(r, tree)
    console.print(tree)
