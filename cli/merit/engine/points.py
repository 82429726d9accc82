"""Decision points: the open questions behind a ``review``, their stable ids, and the analyst's answers.

Every clause that leaves something to an analyst names it as a ``DecisionPoint``:
a job whose credit is possible, a judgment clause, ``otherwise: review``, an
education entry whose field or date the record does not settle, a licence
whose issuer it does not give. The leaves that judge those clauses make the
points (only where reasons are built: ``Run.explain``); the combinations pass
up the points that can still change their outcome; the decision gives each
its id.

An id is ``CLASS[/SPECIALTY or /SELECTIVE]/CLAUSE/ENTRY``:

- ``CLAUSE`` names the clause within its class: its label in lower case with
  hyphens (``pattern-i``), else its id in the spec, else its kind; where two
  clauses of one class would get the same name, the path from the top
  (``pattern-iv/of-which-client-customer-service``); the top clause itself has
  no name;
- ``ENTRY`` is what the question is about: ``job-N`` (the N-th job of the
  record), ``education-N``, ``license``, ``coursework``, ``education`` (for
  experience lacking), ``college-units``, ``answer`` (a supplemental question not answered),
  ``judgment`` or ``otherwise``.

So the same record and spec give the same ids on every run, and an id names
the same question after the record gains a job at its end. An analyst's answer
(a ``Determination``) comes into the run by that id: each class resolves the
applicant's answers to its clauses (``resolve``) before it is judged, and the
leaves ask the run for them (``Run.answer``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from merit.engine.credit import CERTAIN, NONE
from merit.engine.wording import EPS, cite, fmt
from merit.model import ACCEPT, REVIEW, SPECIFIC, DecisionPoint, Determination

if TYPE_CHECKING:
    from merit.requirements import Node

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# Each tree's names, built once: {id(node): name} and {name: node}. The entry holds the
# root, so its id is not reused while the table keeps it.
_NAMES: dict[int, tuple[object, dict[int, str], dict[str, object]]] = {}


def slug(text: str | None) -> str:
    """Lower case, every run of other characters one hyphen: 'Pattern IV' -> 'pattern-iv'."""
    return _NOT_SLUG.sub("-", (text or "").casefold()).strip("-")


def _segment(node) -> str:
    return slug(node.label) or slug(node.id) or node.kind.replace("_", "-")


def clause_names(root) -> tuple[dict[int, str], dict[str, object]]:
    """The name of every clause of a tree (see the module's docstring), and the clause of every name."""
    hit = _NAMES.get(id(root))
    if hit is not None and hit[0] is root:
        return hit[1], hit[2]
    paths: dict[int, tuple[str, ...]] = {}
    nodes: dict[int, object] = {}
    stack: list[tuple[Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in paths:  # a clause the tree names twice (a ref to its own clause) keeps its first place
            continue
        paths[id(node)], nodes[id(node)] = path, node
        parts = [(c, _segment(c)) for c in node.children]
        parts += [(c, _segment(c)) for c in node.including]
        if node.substitution is not None:
            parts.append((node.substitution.experience, "substitution"))
        seen: dict[str, int] = {}
        named = []
        for child, segment in parts:
            seen[segment] = seen.get(segment, 0) + 1
            named.append((child, segment if seen[segment] == 1 else f"{segment}-{seen[segment]}"))
        stack.extend((child, path + (segment,)) for child, segment in reversed(named))
    last: dict[str, int] = {}
    for path in paths.values():
        if path:
            last[path[-1]] = last.get(path[-1], 0) + 1
    names = {k: (p[-1] if p and last[p[-1]] == 1 else "/".join(p)) for k, p in paths.items()}
    by_name = {name: nodes[k] for k, name in names.items()}
    if len(_NAMES) > 4096:
        _NAMES.clear()
    _NAMES[id(root)] = (root, names, by_name)
    return names, by_name


def point_id(prefix: str, names: dict[int, str], point: DecisionPoint) -> str:
    clause = names.get(point.clause, "?")
    return f"{prefix}/{clause}/{point.entry}" if clause else f"{prefix}/{point.entry}"


def resolve(prefix: str, root, run) -> None:
    """Put the run's determinations that name a point of this tree into ``run.answers``, by clause and entry."""
    if not run.determinations:
        return
    _, nodes = clause_names(root)
    head = prefix + "/"
    for det in run.determinations:
        if det.point.startswith(head):
            clause, _, entry = det.point[len(head) :].rpartition("/")
            node = nodes.get(clause)
            if node is not None:
                run.answers[(id(node), entry)] = det


def name_points(prefix: str, root, points: list[DecisionPoint] | tuple) -> list[DecisionPoint]:
    """The points of one tree with their ids, each id once (a pattern and its combination ask the same)."""
    if not points:
        return []
    names, _ = clause_names(root)
    out, seen = [], set()
    for p in points:
        if not p.id:
            p.id = point_id(prefix, names, p)
        if p.id not in seen:
            seen.add(p.id)
            out.append(p)
    return out


def carry(outcome: str, evals, run) -> list[DecisionPoint] | tuple:
    """The points a combination passes up: for review, every point of its parts for review; always the
    answered points of every part, so that a result shows each determination it rests on."""
    if outcome != REVIEW and not run.answers:  # most results: nothing to pass up
        return ()
    out: list[DecisionPoint] = []
    for e in evals:
        if e.points:
            if outcome == REVIEW and e.outcome == REVIEW:
                out.extend(e.points)
            elif run.answers:
                out.extend(p for p in e.points if p.determination is not None)
    return out


def answered(points, run) -> list[DecisionPoint]:
    """The points an analyst has answered."""
    return [p for p in points if p.determination is not None] if run.answers and points else []


def deciding(points: list[DecisionPoint]) -> DecisionPoint | None:
    """The open question the one-line reason names: a specific question before a catch-all clause,
    one whose answer alone meets its clause first, then the one that adds most."""
    best = None
    for p in points:
        if p.determination is None:
            key = (p.kind == SPECIFIC, p.meets, p.gain)
            if best is None or key > best[0]:
                best = (key, p)
    return best[1] if best else None


def answer_tier(found: tuple[str, str, float], det: Determination) -> tuple[str, str, float]:
    """A job's possible credit once an analyst has answered: certain if accepted, none if rejected."""
    if det.answer == ACCEPT:
        return (CERTAIN, f"{found[1]}: {det.words()}", found[2])
    return (NONE, f"{found[1]}: {det.words()}", 0.0)


def job_points(
    clause, run, found, asked, label: str, needed: float, some: bool, base: float = 0.0, known: float | None = None
) -> list[DecisionPoint]:
    """The points of one experience clause: a job each whose credit is possible (``asked``: span index,
    credit before the answer, answer), with the months it would add to the certain credit (``base``
    more from elsewhere, such as education; ``known``, the jobs' certain months where already counted)."""
    out: list[DecisionPoint] = []
    if not asked:
        return out
    spans = run.spans
    certain = [k for k, t in enumerate(found) if t[0] == CERTAIN]
    where, clause_id = cite(clause), id(clause)
    needs = f"needs {fmt(needed)}, "
    known_words = f"{fmt(known + base)} certain" if known is not None else ""
    for k, raw, det in asked:
        s = spans[k]
        without = [i for i in certain if i != k]
        if known is not None and det is None:  # an open question: the certain credit is the clause's own
            have, have_words = known + base, known_words
        else:
            have = _months(run, found, without) + base
            have_words = f"{fmt(have)} certain"
        if any(spans[i].start <= s.end and s.start <= spans[i].end for i in without):
            more = _months(run, found, without + [k], (k, raw[2])) + base - have  # overlaps count once
        else:
            more = s.months * s.rate * raw[2]
        if some:
            meets = more > EPS
            effect = f"+{fmt(more)} months toward {label} (any amount meets)"
        else:
            meets = have + more >= needed - EPS
            effect = f"+{fmt(more)} months toward {label} ({needs}{have_words})"
        if meets:
            effect += ": enough to meet it"
        gain = 1.0 if needed <= 0 else min(1.0, more / needed)
        # the job by its place in the record, as the id names it (a line number would differ between
        # the same record read from a file and from a mapping)
        n = s.index + 1
        question = f"job {n} ({s.job.named()}): {raw[1]}"
        out.append(DecisionPoint(clause_id, f"job-{n}", SPECIFIC, label, question, effect, where, det, gain, meets))
    return out


def _months(run, found, ids: list[int], extra: tuple[int, float] | None = None) -> float:
    if not ids:
        return 0.0
    ids = sorted(ids)
    shares = tuple(extra[1] if extra and k == extra[0] else found[k][2] for k in ids)
    return run.union(tuple(ids), None if all(x == 1.0 for x in shares) else shares)


def clause_point(clause, entry: str, kind: str, label: str, question: str, det: Determination | None) -> DecisionPoint:
    """The point of a whole clause (a judgment, ``otherwise: review``, a licence, coursework): accepted, it is met."""
    return DecisionPoint(id(clause), entry, kind, label, question, f"{label} is met", cite(clause), det)


def unmatched(determinations, used: set[int], open_ids: set[str]) -> list[Determination]:
    """The determinations that no decision point of these results asked for, in the order given."""
    return [d for d in determinations if id(d) not in used and d.point not in open_ids]
