"""Decisions for people: a Rich table on a terminal, plain stable text in a pipe, and the reason tree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from merit.kinds.all_of import DISTINCT
from merit.model.decisions import CATCH_ALL, CONDITIONAL, MET, NOT_MET, NOTE, REVIEW, SPECIFIC, STALE, Decision, Reason, Status
from merit.render.visible import one_column, visible

STATUS_STYLE: dict[str, str] = {Status.ELIGIBLE: "bold green", Status.CONDITIONAL: "green", Status.REVIEW: "yellow", Status.INELIGIBLE: "bold red"}
OUTCOME_STYLE: dict[str, str] = {MET: "green", CONDITIONAL: "green", REVIEW: "yellow", NOT_MET: "red", NOTE: "cyan"}
COLUMNS = ("applicant", "name", "class", "specialty", "status", "path", "eligible from", "reason")
NO_NAMES: Mapping[str, str] = {}  # applicant id -> name, for the decisions of applicants that have one


def detail(reason: Reason) -> str:
    """A reason's detail as shown: visible, and without a deduction too small to show ("(-0 months)")."""
    return visible(reason.detail.replace(" (-0 months)", ""))


NO_ALTERNATIVE = "no alternative is met"  # an any-of's detail when none of its alternatives is met
ADMITTED_BY = "met on a condition by "  # an any-of's detail when the alternative that goes furthest is met on a condition


def _presumed_on_the_way(root) -> str:
    """What an office's policy presumed in the parts that met, in their words; empty without a policy."""
    from merit.engine.policy import BY_POLICY

    found: list[str] = []
    todo = [root]
    while todo:
        r = todo.pop(0)
        if r.outcome not in (MET, CONDITIONAL):
            continue
        found += [part for part in r.detail.split("; ") if BY_POLICY in part and part not in found]
        todo += r.children
    if not found:
        return ""
    more = f"; and {len(found) - 1} more" if len(found) > 1 else ""
    return f" ({visible(found[0])}{more})"


def headline(decision: Decision) -> str:
    """The one reason a reader needs first: what met, or the clause that came closest, and the
    catch-all clauses an analyst rejected (a reader must see that they were decided).

    Only clauses of the spec compete (they carry a citation); a job's own line never
    stands for the decision, since one job alone may never close the gap the clause states.
    """
    line = _closest(decision)
    for p in decision.points:
        det = p.determination
        if p.kind == CATCH_ALL and det is not None and det.answer != "accept" and det.words() not in line:
            line += visible(f"; {p.requirement}: {det.words()}")
    return line


def _condition(root: Reason, text: str) -> str:
    """The clauses whose conditions admit the applicant, and what each says ("lacks 0.03 months, at most 6
    may be lacking ...: cannot be appointed until ..."): each deepest cited clause met on a condition (a
    decision met on two conditions names both: the applicant must meet both before appointment)."""
    for found in _conditions(root):
        if found.detail in text:
            continue
        if text.endswith(f" by {found.requirement}"):  # met on a condition by Requirement 1: how, and on what condition
            text += visible(f": {found.detail}")
        else:
            text += visible(f"; {found.requirement}: {found.detail}")
    return text


def _conditions(r: Reason) -> list[Reason]:
    """The deepest cited clauses met on a condition under ``r``, in the order of the source: under
    alternatives, only the one that admitted (the first met on a condition, as the path names it)."""
    found: list[Reason] = []
    for c in r.children:
        if c.outcome != CONDITIONAL:
            continue
        deeper = _conditions(c)
        found += deeper if deeper else ([c] if c.citation and c.detail else [])
        if r.detail.startswith(ADMITTED_BY):
            break
    return found


def _deciding_root(decision: Decision) -> Reason:
    """The requirement that decided: a selective certification's own where the class's was met (its
    reasons are the class's requirement, then the certification's)."""
    roots = [r for r in decision.reasons[:2] if r.outcome != NOTE] if decision.selective else decision.reasons[:1]
    wanted = {"review": REVIEW, "ineligible": NOT_MET, "conditional": CONDITIONAL}.get(decision.status)
    return next((r for r in roots if r.outcome == wanted), roots[0])


def _closest(decision: Decision) -> str:
    """What met, or the clause that came closest."""
    if not decision.reasons:
        return ""
    root = _deciding_root(decision)
    if decision.status in (Status.ELIGIBLE, Status.CONDITIONAL):
        accepted = [p.determination for p in decision.points if p.determination and p.determination.answer == "accept"]
        # met on what an office's policy presumed: say what (only a result decided under a policy can be)
        presumed = _presumed_on_the_way(root) if decision.policy_digest else ""
        text = detail(root) if root is decision.reasons[0] else f"{visible(root.requirement)}: {detail(root)}"
        if decision.status == Status.CONDITIONAL:  # "met on a condition by Requirement 1" says neither how short nor the condition
            text = _condition(root, text)
            for other in decision.reasons[:2] if decision.selective else ():  # a certification's condition too
                if other is not root and other.outcome == CONDITIONAL:
                    own = visible(f"; {other.requirement}: {other.detail}")
                    text = _condition(other, text) if _conditions(other) else text + ("" if own[2:] in text else own)
        if accepted and visible(accepted[0].words()) not in text:  # met because an analyst accepted something: say who, when and why
            more = f"; and {len(accepted) - 1} more determinations" if len(accepted) > 1 else ""
            return f"{text} ({visible(accepted[0].words())}{more})" + presumed
        return text + presumed
    if decision.status == Status.REVIEW and decision.points:
        from merit.engine.points import deciding

        point = deciding(decision.points)
        if point is not None and point.kind == SPECIFIC:
            # the question whose answer goes furthest, not the first job of the first clause for review
            others = sum(1 for p in decision.points if p.determination is None) - 1
            more = f"; {others} more question{'s' if others > 1 else ''} for an analyst" if others else ""
            return visible(f"{point.requirement}: {point.question} (if accepted: {point.if_accepted}){more}")
    # the clause that decides: for an ineligible result, the part not met that came closest (never a
    # part that was met); for a review, the part an analyst must decide
    wanted = REVIEW if decision.status == Status.REVIEW else NOT_MET
    clauses = [r for r in root.children if r.citation and r.outcome == wanted]
    best = max(clauses, key=_closeness if wanted == NOT_MET else _share, default=None)
    if best is None:  # a certification's own clause is named: the class's requirement is the other one
        return detail(root) if root is decision.reasons[0] else f"{visible(root.requirement)}: {detail(root)}"
    # "Education: no alternative is met" says nothing, nor "not met: Units" of one part: the
    # alternative that came closest, or the one part not met, says how far it is
    within = ""  # the part of an alternative the reason names, after the alternative ("Requirement 2 > Units")
    while wanted == NOT_MET:
        unmet = [r for r in best.children if r.citation and r.outcome == NOT_MET]
        if not unmet or not (best.detail == NO_ALTERNATIVE or (len(unmet) == 1 and best.detail.startswith("not met: "))):
            break
        if best.detail != NO_ALTERNATIVE and not within:
            within = best.requirement
        best = max(unmet, key=_closeness)
    # a part short because its periods went to another part says so, as the requirement does
    apart = f"; {DISTINCT}" if root.detail.endswith(DISTINCT) else ""
    if within and not best.requirement.startswith(within):
        return f"{visible(within)} > {visible(best.requirement)}: {detail(best)}{apart}"
    return (f"{visible(best.requirement)}: {detail(best)}" if best.detail else visible(best.requirement)) + apart


def _share(r: Reason) -> float:
    return r.share


def _closeness(r: Reason) -> tuple[bool, float]:
    """How near an alternative not met came, for naming what failed: first one whose parts were all met
    but one (a proof not attached: the one thing that decided), then the share of credit it went (where a
    licence of the kind that lapsed comes closer than none)."""
    parts = [c for c in r.children if c.citation]
    unmet = [c for c in parts if c.outcome == NOT_MET]
    one = len(parts) > 1 and len(unmet) == 1 and all(c.outcome == MET for c in parts if c is not unmet[0])
    return (one, r.share)


def row(decision: Decision, names: Mapping[str, str] = NO_NAMES) -> tuple[str, ...]:
    return (
        visible(decision.applicant),
        visible(names.get(decision.applicant) or "-"),
        visible(decision.cls),
        visible(_variant(decision)),
        decision.status,
        visible(decision.path or "-"),
        decision.eligible_from.isoformat() if decision.eligible_from else "-",
        headline(decision),
    )


def _variant(decision: Decision) -> str:
    """The specialty cell: the specialty, and the selective certification a result is for."""
    parts = [decision.specialty] if decision.specialty else []
    if decision.selective:
        parts.append(f"selective: {decision.selective}")
    return ", ".join(parts) or "-"


def _title(decision: Decision, names: Mapping[str, str] = NO_NAMES) -> list[tuple[str, str]]:
    """The first line of an explanation, as (text, style) pieces."""
    pieces = [(f"{visible(_who(decision, names))} × {visible(decision.cls)}", "bold")]
    if decision.specialty:
        pieces.append((f" ({visible(decision.specialty)} specialty)", ""))
    if decision.selective:
        pieces.append((f" (selective certification {visible(decision.selective)})", ""))
    pieces.append((f" — {visible(decision.title)}: ", ""))
    pieces.append((decision.status.upper(), STATUS_STYLE.get(decision.status, "")))
    if decision.path:
        pieces.append((f" by {visible(decision.path)}", ""))
    return pieces


def _context(decision: Decision) -> list[str]:
    """The lines under the title: the as-of date and file, and the projection."""
    lines = [f"as of {decision.as_of}; file {visible(decision.file)}"]
    if decision.eligible_from:
        lines.append(f"eligible from {decision.eligible_from} if current jobs continue at their current hours")
    return lines


def plain_table(decisions: Iterable[Decision], width: int = 100, names: Mapping[str, str] = NO_NAMES) -> str:
    """Aligned columns, no colour, the reason cut to fit; stable for diffs and grep. Columns are
    parted by two spaces, so a cell never holds two together (see ``one_column``)."""
    rows = [(*map(one_column, r[:-1]), r[-1]) for r in (row(d, names) for d in decisions)]
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
    lines = ["".join(text for text, _ in _title(decision, names))] + [f"  {line}" for line in _context(decision)]

    def walk(r: Reason, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}[{r.outcome}] {visible(r.requirement)}" + (f": {detail(r)}" if r.detail else ""))
        if r.citation:
            lines.append(f"{pad}    source: {visible(r.citation)}")
        for child in r.children:
            walk(child, depth + 1)

    for r in decision.reasons:
        walk(r, 1)
    lines.extend(f"  {line}" for line in points_lines(decision))
    return "\n".join(lines) + "\n"


def points_lines(decision: Decision) -> list[str]:
    """The decision points under a result's reasons: each with its id (what a determination names),
    open or answered, and what accepting it would change; then the determinations not applied."""
    lines = []
    if decision.points:
        lines.append("decision points (answer them in a file given with --determinations; -f determinations writes one):")
    for p in decision.points:
        state = p.determination.words() if p.determination else "open"
        lines.append(visible(f"  {p.id} [{state}] {p.kind}: {p.question} (if accepted: {p.if_accepted})"))
    for det in decision.stale:
        lines.append(visible(f"not applied: {det.point}, {det.words()} ({det.file}:{det.line}): {_not_applied(det)}"))
    return lines


def _not_applied(det) -> str:
    why = det.why if det.why and det.why != STALE else "no decision point asks for it now; not applied"
    return why.removesuffix("; not applied")


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
        # cells are Text, so that Rich reads no markup in what the files hold
        cells = [Text(cell) for cell in row(d, names)]
        cells[4] = Text(d.status, style=STATUS_STYLE.get(d.status, ""))
        if compact:
            if d.specialty:
                cells[2].append(f"\n{cells[3]}")
            if d.eligible_from:
                cells[4].append(f"\nfrom {d.eligible_from}")
            if names.get(d.applicant):
                cells[0].append(f"\n{visible(names[d.applicant])}")
            cells = [cells[0], cells[2], cells[4], cells[7]]
        table.add_row(*cells)
    console.print(table)


def rich_explain(decision: Decision, console, names: Mapping[str, str] = NO_NAMES) -> None:
    from rich.text import Text
    from rich.tree import Tree

    head = Text()
    for text, style in _title(decision, names):
        head.append(text, style=style)
    tree = Tree(head)
    for k, line in enumerate(_context(decision)):
        tree.add(Text(line, style="dim" if k == 0 else ""))

    def walk(r: Reason, parent) -> None:
        label = Text()
        label.append(f"[{r.outcome}] ", style=OUTCOME_STYLE.get(r.outcome, ""))
        label.append(visible(r.requirement), style="bold")
        if r.detail:
            label.append(f": {detail(r)}")
        if r.citation:
            label.append(f"\nsource: {visible(r.citation)}", style="dim")
        node = parent.add(label)
        for child in r.children:
            walk(child, node)

    for r in decision.reasons:
        walk(r, tree)
    for line in points_lines(decision):
        tree.add(Text(line, style="yellow" if "[open]" in line else ""))
    console.print(tree)
