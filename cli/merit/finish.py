"""Completing a class's requirement tree once the spec format has built it: citations, the series'
abbreviations, crediting and level orders, ``ref`` clauses replaced by copies of the clauses they name,
``after: {met: ID}`` resolved, and ``may_file_lacking`` passed down to the experience under it."""

from __future__ import annotations

from merit.kinds.experience import Experience
from merit.kinds.ref import Ref
from merit.model.specs import Citation, Crediting
from merit.requirements import Lacking, Node, Parent, walk


def ids_of(node: Node) -> dict[str, Node]:
    """The clauses of a tree that have an id, by id (the first of two with one id)."""
    ids: dict[str, Node] = {}
    for n in walk(node):
        if n.id and n.id not in ids:
            ids[n.id] = n
    return ids


class Finish:
    """Completes a class's requirement tree once it is built: citations, the series' abbreviations and
    crediting, refs replaced by the clauses they name, and may_file_lacking passed down to experience."""

    def __init__(self, series_title, class_title, section, abbreviations, ids, crediting: Crediting, lacking, orders=None):
        self.series_title = series_title
        self.class_title = class_title
        self.abbreviations = abbreviations
        self.orders = orders or {}
        self.ids = ids
        self.crediting = crediting
        self.resolving: list[str] = []  # refs being followed, against cycles the spec check missed

    def node(self, node: Node, section: str, lacking: Lacking | None, outer: Node | None = None) -> Node:
        if isinstance(node, Ref):
            return self._ref(node, section, lacking, outer)
        section = node.citation.section if node.citation and node.citation.section else section
        node.citation = Citation(self.series_title, self.class_title, section, node.label)
        if outer is not None:
            _nest(outer, node)
        lacking = node.lacking or lacking
        for note in (node.lacking, getattr(node, "before", None)):
            if note is not None and note.citation is not None and not note.citation.series:
                note.citation = Citation(self.series_title, self.class_title, note.citation.section, note.citation.pattern)
        for rule in node.credit:
            rule.when.abbreviations = self.abbreviations
            rule.when.orders = self.orders
        after = getattr(node, "after", None)
        for match in (getattr(node, "match", None), getattr(after, "credential", None)):
            if match is not None:  # a licence's issuer is written as records write employers: "LADBS"
                match.abbreviations = self.abbreviations
        if isinstance(node, Experience):
            node.lacking = lacking
            if node.after is not None and node.after.met is not None:
                node.after.clause = self._met(node.after.met, section)
            if node.hours is not None:  # "4,160 cumulative hours" in months of this series' crediting
                node.months = round(node.hours / self.crediting.hours_per_month, 2)
            for inner in node.including:
                self.node(inner, section, None, node)
        if node.substitution is not None:
            self.node(node.substitution.experience, section, None, node)
        if isinstance(node, Parent) and node.children:
            node.children = [self.node(c, section, lacking) for c in node.children]
        return node

    def _met(self, name: str, section: str) -> Node | None:
        """The clause ``after: {met: ID}`` names: the tree's own, or a copy finished for this class."""
        target = self.ids.get(name)
        if target is None or name in self.resolving:  # the spec check reports both, with positions
            return None
        if target.citation is not None and target.citation.cls == self.class_title:
            return target
        self.resolving.append(name)
        try:
            return self.node(_copy_tree(target), section, None)
        finally:
            self.resolving.pop()

    def _ref(self, ref: Ref, section: str, lacking: Lacking | None, outer: Node | None) -> Node:
        target = self.ids.get(ref.ref or "")
        if target is None or ref.ref in self.resolving:  # the spec check reports both, with positions
            return ref
        self.resolving.append(ref.ref)
        try:
            overrides = bool(ref.label or ref.summary or ref.months is not None or ref.lacking is not None or ref.short)
            overrides = overrides or (ref.id is not None and ref.id != target.id)
            if not overrides and target.citation is not None and target.citation.cls == self.class_title:
                return target  # a clause of this tree, finished where it stands
            copy = _copy_tree(target)
            if ref.id:  # {id: graduate, ref: grad-year}: the alternative is named graduate (proportional: [graduate])
                copy.id = ref.id
            if ref.label:
                copy.label = ref.label
            if ref.summary:
                copy.summary = ref.summary
            if ref.months is not None and isinstance(copy, Experience):
                copy.months, copy.hours = ref.months, None
            if ref.lacking is not None:
                copy.lacking = ref.lacking
            if ref.short:  # "otherwise: review" where this copy stands, with its own because
                copy.short, copy.because = ref.short, ref.because
            # the ref's own section, else the clause's (a shared clause may name the source's Process Notes)
            own = ref.citation.section if ref.citation is not None else None
            theirs = target.citation.section if target.citation is not None else None
            copy.citation = Citation("", None, own or theirs, None) if own or theirs else None
            return self.node(copy, section, lacking, outer)
        finally:
            self.resolving.pop()


def _copy_tree(node: Node) -> Node:
    """A copy of a clause with its own nodes (so it gets its own citation) and the same credit rules."""
    import copy

    rules = {id(r): r for n in walk(node) for r in n.credit}
    return copy.deepcopy(node, memo=dict(rules))


def _nest(outer: Node, inner: Node) -> None:
    """A nested clause is cited under the clause it belongs to (Pattern IV, of which ...)."""
    if inner.citation is not None and outer.label:
        inner.citation.pattern = ", ".join(x for x in (outer.label, inner.label) if x)
