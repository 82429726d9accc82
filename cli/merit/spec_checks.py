"""Warnings about a spec that loads but says less than its author meant: rules that never apply, clauses never met.

These are not errors (the spec screens), so ``merit validate`` shows them as
warnings and still exits 0.
"""

from __future__ import annotations

from merit.engine.credit import FACTS
from merit.kinds.any_of import AnyOf
from merit.model.specs import CreditRule, Series
from merit.problems import Problem
from merit.requirements import Node, walk


def warnings(series: Series) -> list[Problem]:
    """Every warning about one spec file's classes, in line order."""
    out: list[Problem] = []
    seen: set[int] = set()
    for cls in series.classes:
        trees = [cls.requirement, *(sp.requirement for sp in cls.specialties), *(sel.requirement for sel in cls.selective)]
        for root in (tree for tree in trees if tree is not None):
            for node in walk(root):
                if id(node) in seen:
                    continue
                seen.add(id(node))
                out.extend(_node_warnings(series.file, node))
    return sorted(set(out), key=lambda p: (p.line, p.column, p.message))


def _node_warnings(path: str, node: Node) -> list[Problem]:
    out = []
    rules = list(node.credit)
    for j, later in enumerate(rules):
        for earlier in rules[:j]:
            if _covers(earlier, later):
                out.append(
                    Problem(
                        path,
                        later.line or node.line or 1,
                        1,
                        f"warning: this credit rule never applies: the {earlier.credit} rule at line {earlier.line}"
                        " already decides every job it would (expected rules from the most precise to the loosest)",
                    )
                )
                break
    for rule in rules:
        if rule.credit == "possible" and not rule.because:
            out.append(
                Problem(path, rule.line or node.line or 1, 1, "warning: a possible credit rule gives no because"
                        " (expected the question an analyst must decide, in plain words)")
            )
    if node.kind == "experience" and rules and not any(r.credit != "none" for r in rules):
        out.append(
            Problem(path, node.line or 1, 1, f"warning: {node.label or 'this experience'} can never be met: every credit rule is none"
                    " (expected at least one certain or possible rule)")
        )
    if isinstance(node, AnyOf) and node.proportional:
        kinds = {c.id: c.kind for c in node.children if c.id}
        for name in node.proportional:
            if kinds.get(name) not in ("experience", "coursework", None):
                out.append(
                    Problem(path, node.line or 1, 1, f"warning: proportional: {name!r} is {kinds[name]}, which cannot be combined"
                            " (expected experience or coursework alternatives)")
                )
    return out


def _covers(earlier: CreditRule, later: CreditRule) -> bool:
    """Whether every job the later rule would take, the earlier one takes first: the earlier asks for
    a subset of the later's facts, each no stricter."""
    a, b = earlier.when, later.when
    if earlier.by_share != later.by_share:
        return False
    for fact in FACTS:
        mine, theirs = getattr(a, fact.attr), getattr(b, fact.attr)
        if mine in (None, ()):
            continue
        if theirs in (None, ()):
            return False
        if isinstance(mine, tuple):
            if fact.key == "duties_all":
                if not set(mine) <= set(theirs):
                    return False
            elif not set(theirs) <= set(mine):
                return False
        elif mine != theirs:
            return False
    return True
