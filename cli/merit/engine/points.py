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
- ``ENTRY`` is what the question is about: a job named by what it is
  (``job-office-technician-at-cdtfa-from-2025-06-01``: title, employer, start), an
  education entry likewise (``education-bachelor-in-accounting-at-uc-irvine``: level,
  field, school), ``license``, ``coursework``, ``education`` (for experience lacking),
  ``college-units``, ``answer`` (a supplemental question not answered), ``judgment``
  or ``otherwise``. Entries the record gives twice alike
  are told apart by ``-2``, ``-3`` in the record's order.

So the same record and spec give the same ids on every run, and inserting or
reordering a record's entries never moves an answer to another entry. Each point
also has a digest of its question (``question_digest``: the clause's text, its
``because:`` included, and the record's entry); an answer that carries one applies
only while the question is the same. An analyst's answer (a ``Determination``) comes
into the run by its id: each class resolves the applicant's answers to its clauses
(``resolve``) before it is judged, and the leaves ask the run for them (``Run.answer``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from merit.engine.credit import CERTAIN, NONE
from merit.engine.wording import EPS, cite, fmt
from merit.model.decisions import ACCEPT, CHANGED, POSITIONAL, REVIEW, SPECIFIC, STALE, DecisionPoint, Determination

# An id of the old scheme, which named a job or an education entry by its place in the record.
_BY_PLACE = re.compile(r"/(job|education)-[0-9]+$")

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


# Each record's entry names, made once: {id(applicant): (applicant, jobs, schooling)}.
_ENTRIES: dict[int, tuple[object, list[str], list[str]]] = {}


def entry_names(applicant) -> tuple[list[str], list[str]]:
    """The name of each job and each education entry of a record, by what it is, not where it stands."""
    hit = _ENTRIES.get(id(applicant))
    if hit is not None and hit[0] is applicant:
        return hit[1], hit[2]
    jobs = _unique(
        "job"
        + (f"-{slug(j.title or j.class_)}" if slug(j.title or j.class_) else "")
        + (f"-at-{slug(j.employer)}" if slug(j.employer) else "")
        + f"-from-{j.start.isoformat()}"
        for j in applicant.experience
    )
    schooling = _unique(
        f"education-{slug(e.level)}"
        + (f"-in-{slug(e.field)}" if slug(e.field) else "")
        + (f"-at-{slug(e.school)}" if slug(e.school) else "")
        for e in applicant.education
    )
    if len(_ENTRIES) > 4096:
        _ENTRIES.clear()
    _ENTRIES[id(applicant)] = (applicant, jobs, schooling)
    return jobs, schooling


def _unique(names) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def job_entry(applicant, index: int) -> str:
    """The entry name of the record's job at ``index`` (from 0)."""
    return entry_names(applicant)[0][index]


def education_entry(applicant, index: int) -> str:
    """The entry name of the record's education entry at ``index`` (from 0)."""
    return entry_names(applicant)[1][index]


# Each clause's digest, made once: {id(node): (node, digest)}.
_CLAUSE_DIGESTS: dict[int, tuple[object, str]] = {}


def question_digest(node, entry: str, applicant) -> str | None:
    """The digest of a question: the clause's text as the spec gives it (its ``because:``, its parts and
    their credit rules, not its line) and the part of the record it asks about (the job or education
    entry the id names; the licences; the education for coursework; the answers to supplemental
    questions for ``answer``; the whole record for a judgment or ``otherwise``). None when the record has no such entry."""
    hit = _CLAUSE_DIGESTS.get(id(node))
    if hit is None or hit[0] is not node:
        if len(_CLAUSE_DIGESTS) > 65536:
            _CLAUSE_DIGESTS.clear()
        hit = _CLAUSE_DIGESTS[id(node)] = (node, _digest(node))
    part = _part_digest(entry, applicant)
    if part is None:
        return None
    return hashlib.sha256(f"{hit[1]} {part}".encode()).hexdigest()[:16]


# Each record's parts' digests, made once: {(id(applicant), part): (applicant, digest)}. Every class
# that asks about a job, or about the whole record (a judgment, ``otherwise``), asks about the same
# text, digested once per applicant rather than once per question. Entries that name the same part
# share it: a job or education entry is its own part; these name another, the rest the whole record.
_PARTS: dict[tuple[int, str], tuple[object, str | None]] = {}
_SAME_PART = {"license": "license", "coursework": "education", "education": "education", "college-units": "education", "answer": "answer"}


def _part_digest(entry: str, applicant) -> str | None:
    key = (id(applicant), entry if entry.startswith(("job-", "education-")) else _SAME_PART.get(entry, "record"))
    hit = _PARTS.get(key)
    if hit is None or hit[0] is not applicant:
        if len(_PARTS) > 16384:
            _PARTS.clear()
        part = _record_part(entry, applicant)
        hit = _PARTS[key] = (applicant, None if part is None else _digest(part))
    return hit[1]


def _record_part(entry: str, applicant):
    if entry.startswith("job-"):
        jobs, _ = entry_names(applicant)
        return applicant.experience[jobs.index(entry)] if entry in jobs else None
    if entry.startswith("education-"):
        _, schooling = entry_names(applicant)
        return applicant.education[schooling.index(entry)] if entry in schooling else None
    if entry == "license":
        return applicant.licenses
    if entry in ("coursework", "education", "college-units"):
        return applicant.education
    if entry == "answer":  # a supplemental question: the record's answers to the spec's questions
        return applicant.answers
    return [applicant.education, applicant.experience, applicant.licenses, applicant.competencies]


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(_canonical(value, set()), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# What a digest leaves out: where a thing is written, and what the loader or the engine works out
# from it (a record's assumed facts, the facts a condition states, found once when first judged).
# An office's presumptions are not the record's text either: an entry is digested with the facts it had
# before them, so that adopting a policy leaves earlier answers standing.
_NOT_TEXT = frozenset({"line", "assumed", "stated", "duties_stated", "presumed"})


_SLOTS: dict[type, list[str]] = {}  # each type's fields that are text, found once


def _canonical(value, seen: set[int]):
    """A value as plain JSON data, the same for the same text on every run."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return [[str(k), _canonical(v, seen)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, (list, tuple)):
        return [_canonical(v, seen) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(_canonical(v, seen), sort_keys=True) for v in value)
    if isinstance(value, re.Pattern):
        return value.pattern
    kind = type(value).__name__
    if callable(value):
        return kind
    if kind == "Places" or id(value) in seen:  # the places table is the directory's, not the clause's
        return kind
    slots = _SLOTS.get(type(value))
    if slots is None:
        slots = _SLOTS[type(value)] = [s for c in type(value).__mro__ for s in getattr(c, "__slots__", ()) if s not in _NOT_TEXT]
    if not slots and not hasattr(value, "__dict__"):
        return kind
    seen.add(id(value))
    fields = {s: getattr(value, s, None) for s in slots} if slots else dict(vars(value))
    for key, (before, _) in getattr(value, "presumed", {}).items():
        fields[key] = before
    # a fact not given is left out, so that a key the format adds later changes no digest made before it
    return {kind: {k: _canonical(v, seen) for k, v in fields.items() if k not in _NOT_TEXT and v is not None}}


def point_id(prefix: str, names: dict[int, str], point: DecisionPoint) -> str:
    clause = names.get(point.clause, "?")
    return f"{prefix}/{clause}/{point.entry}" if clause else f"{prefix}/{point.entry}"


def resolve(prefix: str, root, run) -> None:
    """Put the run's determinations that name a point of this tree into ``run.answers``, by clause and
    entry: first those that name one point, then those that name points by a pattern, where no answer
    of its own names the point."""
    if not run.determinations:
        return
    _, nodes = clause_names(root)
    head = prefix + "/"
    patterns = []
    for det in run.determinations:
        if is_pattern(det.point):
            patterns.append(det)
        elif det.point.startswith(head):
            clause, _, entry = det.point[len(head) :].rpartition("/")
            node = nodes.get(clause)
            if node is None:
                continue
            if det.digest:
                now = question_digest(node, entry, run.applicant)
                if now is None:  # no such entry in the record: the answer is stale
                    continue
                if now != det.digest:  # the question is not the one answered
                    run.changed[id(det)] = det
                    continue
            run.answers[(id(node), entry)] = det
    if patterns:
        _resolve_patterns(prefix, nodes, patterns, run)


# The entries a point may ask about besides the record's jobs and education entries.
_OTHER_ENTRIES = ("license", "coursework", "education", "college-units", "judgment", "otherwise")


def _resolve_patterns(prefix: str, nodes: dict, patterns: list[Determination], run) -> None:
    """Each point id this tree could ask about for this record, answered by the first pattern that matches it."""
    cls = prefix.split("/", 1)[0]
    heads = [p for p in patterns if _may_name(cls, p.point)]
    if not heads:
        return
    jobs, schooling = entry_names(run.applicant)
    entries = (*jobs, *schooling, *_OTHER_ENTRIES)
    for name, node in nodes.items():
        base = f"{prefix}/{name}/" if name else f"{prefix}/"
        for entry in entries:
            key = (id(node), entry)
            if key in run.answers:  # an answer of its own wins
                continue
            pid = base + entry
            for det in heads:
                if fnmatchcase(pid, det.point):
                    run.answers[key] = det
                    break


def is_pattern(text: str) -> bool:
    """Whether an id (or applicant) names many: ``*`` any run of characters, ``?`` one, ``[…]`` one of these."""
    return "*" in text or "?" in text or "[" in text


def names_a_class(point: str, classes) -> bool:
    """Whether a point id (or a pattern of ids) starts with the id of one of these classes."""
    if is_pattern(point):
        return any(_may_name(c.id, point) for c in classes)
    return any(point.startswith(c.id + "/") for c in classes)


def _may_name(cls: str, pattern: str) -> bool:
    """Whether a pattern may name points of a class: its first part matches the class id, or its first
    part up to its last ``*`` matches the class id and a ``/`` (a ``*`` may reach past the ``/``)."""
    head = pattern.split("/", 1)[0]
    return fnmatchcase(cls, head) or ("*" in head and fnmatchcase(cls + "/", head[: head.rindex("*") + 1]))


def for_applicant(determinations, applicant: str) -> tuple[Determination, ...]:
    """The determinations that name this applicant, by id or by a pattern of ids."""
    return tuple(d for d in determinations if d.applicant == applicant or (is_pattern(d.applicant) and fnmatchcase(applicant, d.applicant)))


def name_points(prefix: str, root, points: list[DecisionPoint] | tuple, applicant=None) -> list[DecisionPoint]:
    """The points of one tree with their ids (and, given the applicant, their questions' digests), each
    id once (a pattern and its combination ask the same)."""
    if not points:
        return []
    names, by_name = clause_names(root)
    out, seen = [], set()
    for p in points:
        if not p.id:
            p.id = point_id(prefix, names, p)
            if applicant is not None:
                node = by_name.get(names.get(p.clause, ""))
                p.digest = question_digest(node, p.entry, applicant) or "" if node is not None else ""
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
        # the question names the job by its place in the record for a reader (a line number would differ
        # between the same record read from a file and from a mapping); the id names it by what it is
        n = s.index + 1
        question = f"job {n} ({s.job.named()}): {raw[1]}"
        entry = job_entry(run.applicant, s.index)
        out.append(DecisionPoint(clause_id, entry, SPECIFIC, label, question, effect, where, det, gain, meets))
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


def unmatched(determinations, used: set[int], open_ids: set[str], changed=()) -> list[Determination]:
    """The determinations that no decision point of these results asked for, in the order given (and
    those that answered another text of their question); an answer by pattern (of points or of
    applicants, as an office's standing answers are) is never stale for one applicant (the batch says
    which patterns matched nothing)."""
    return [
        d
        for d in determinations
        if id(d) not in used and (d.point not in open_ids or id(d) in changed) and not _patterned(d)
    ]


def _patterned(det: Determination) -> bool:
    return is_pattern(det.point) or is_pattern(det.applicant)


def why_stale(det: Determination, changed) -> str:
    """Why a determination is not applied (see merit.model.decisions)."""
    if id(det) in changed:
        return CHANGED
    return POSITIONAL if _BY_PLACE.search(det.point) else STALE
