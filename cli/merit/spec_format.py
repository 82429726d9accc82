"""The spec file format: a series, its classes, specialties, selective certification and notes, and the
checks that span a whole file (ids, refs and their cycles).

The clauses of a requirement tree are the registry's (merit.kinds: ``REQUIREMENT``); the pieces several
kinds share are in merit.kinds.format. Reading files with this format is merit.specs'.
"""

from __future__ import annotations

import yaml

from merit.answers import QUESTION
from merit.kinds import REGISTRY, REQUIREMENT
from merit.kinds.format import LACKING, Words
from merit.level_orders import ORDER, check_orders
from merit.model.applicants import GRADES
from merit.model.specs import Crediting, Note, Selective, Specialty
from merit.schema import Ctx, Field, Record, suggest
from merit.schema_types import Boolean, Choice, ListOf, MapOf, Number, Text

NOTE = Record(
    ref="note",
    name="note",
    fields={
        "kind": Field(Choice(("license", "physical", "other")), required=True),
        "text": Field(Text(), required=True),
        "license": Field(Text(), attr="requirement", description="the licence kind the note is about"),
    },
    make=lambda line, **kw: Note(**kw),
)

SPECIALTY = Record(
    ref="specialty",
    name="specialty",
    fields={
        "id": Field(Text(), required=True),
        "title": Field(Text(), required=True),
        "requirement": Field(REQUIREMENT, required=True),
    },
    make=lambda line, **kw: Specialty(**kw),
)

SELECTIVE = Record(
    ref="selective",
    name="selective certification",
    description="Positions that also need a licence, certificate or skill: screened as a result of their own.",
    fields={
        "id": Field(Text(), required=True, description="a short name: epa-608"),
        "title": Field(Text(), required=True, description="the certification in the source's words"),
        "requirement": Field(REQUIREMENT, required=True, description="what those positions need besides the class's requirement"),
    },
    make=lambda line, **kw: Selective(**kw),
)

CLASS = Record(
    ref="class",
    name="class",
    make=lambda line, **kw: {**{k: v for k, v in kw.items() if v is not None}, "line": line},
    fields={
        "id": Field(Text(), required=True, description="the class id used by --class"),
        "title": Field(Text(), required=True),
        "level": Field(Number(0, integer=True), required=True, description="order within the series, lowest first"),
        "codes": Field(MapOf(Text(), Text()), description="codes by kind: class, schematic, grade"),
        "aliases": Field(Words(), description="other names --class accepts"),
        "pay": Field(Text(), description="pay grade or range"),
        "guidance": Field(Text(), description="the guidance or supervision received, in the source's words"),
        "summary": Field(Text(), description="what the class does, in a few plain words"),
        "knowledge": Field(ListOf(Text())),
        "skills": Field(ListOf(Text())),
        "abilities": Field(ListOf(Text())),
        "duties": Field(ListOf(Text()), description="essential duties in the source's words, where it grades levels by them"),
        "cumulative": Field(Boolean(), description="its knowledge, skills and abilities add to the levels below"),
        "section": Field(Text(), description="the section of the source that holds the minimum qualifications"),
        "requirement": Field(REQUIREMENT, description="the minimum qualifications"),
        "specialties": Field(ListOf(SPECIALTY), description="screened one by one"),
        "notes": Field(ListOf(NOTE), description="notes that are not requirements (licence, physical)"),
        "grades": Field(
            MapOf(Text(), Choice(tuple(g.lower() for g in GRADES), shown=GRADES)), description="competency -> degree"
        ),
        "typical": Field(Text(), description="the source's words for typical qualifications"),
        "desirable": Field(ListOf(Text()), description="desirable qualifications, not required"),
        "may_file_lacking": Field(LACKING, description="every experience requirement of the class admits applicants this short"),
        "selective": Field(ListOf(SELECTIVE), description="selective certification: positions that also need these, screened on their own"),
    },
)

SOURCE = Record(
    name="source",
    fields={
        "document": Field(Text(), required=True),
        "file": Field(Text()),
        "url": Field(Text()),
    },
)

CREDITING = Record(
    name="crediting",
    fields={
        "full_time_hours": Field(Number(1, 168), default=40.0),
        "hours_per_month": Field(Number(1), default=173.33),
        "rule": Field(Text(), default="40 hours a week is full time; part-time is credited in proportion to hours"),
    },
    make=lambda line, **kw: Crediting(**kw),
)

SERIES = Record(
    ref="series",
    name="series",
    fields={
        "id": Field(Text(), required=True),
        "title": Field(Text(), required=True),
        "jurisdiction": Field(Text(), required=True),
        "organization": Field(Text(), required=True),
        "families": Field(Words(), description="families this series belongs to (--series takes them)"),
        "source": Field(SOURCE, required=True),
        "dates": Field(MapOf(Text(), Text()), description="established, revised, updated ..."),
        "crediting": Field(CREDITING),
        "scope": Field(Text()),
        "competencies": Field(MapOf(Text(), Text()), description="competency id -> the source's wording"),
        "degrees": Field(
            MapOf(Choice(tuple(g.lower() for g in GRADES), shown=GRADES), Text()), description="degree -> meaning"
        ),
        "core_competencies": Field(MapOf(Text(), Text()), description="name -> the source's wording"),
        "notes": Field(ListOf(Text())),
        "abbreviations": Field(
            MapOf(Text(), Text()),
            description="short forms records may use in class and employer names -> the words they stand for (FTB: Franchise Tax Board)",
        ),
        "clauses": Field(
            ListOf(REQUIREMENT), description="clauses that classes of the series share: each has an id that ref names"
        ),
        "orders": Field(
            MapOf(Text(), ORDER),
            description="level orders by name (Range I < II < III): credit rules compare range_at_least, range_below and class_at_least by them",
        ),
        "questions": Field(
            MapOf(Text(), QUESTION),
            description="supplemental questions the application asks, by id: the classes of the series share them (answer clauses test them)",
        ),
    },
)


def _value(mapping: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(mapping, yaml.MappingNode):
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _scalars(node: yaml.Node | None) -> list[yaml.ScalarNode]:
    """The scalar or the scalars of a list (``proportional: [I, II]``)."""
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.SequenceNode):
        return [n for n in node.value if isinstance(n, yaml.ScalarNode)]
    return []


def _walk_requirements(
    node: yaml.Node | None, ids: dict[str, yaml.Node], refs: list[tuple[str, yaml.ScalarNode]], anys: list[yaml.Node]
) -> None:
    """The ids, refs and any_of nodes of one requirement tree, by their YAML nodes (for positions); each ref
    with the key that names it (``ref``, or ``met`` of after: {met: ID}, which names a clause as ref does)."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                if k.value == "id" and isinstance(v, yaml.ScalarNode):
                    ids.setdefault(v.value.strip(), v)
                elif k.value in ("ref", "met") and isinstance(v, yaml.ScalarNode):
                    refs.append((k.value, v))
                elif k.value == "any_of":
                    anys.append(n)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _check_requirement_tree(requirement: yaml.Node | None, ctx: Ctx, scope: dict[str, yaml.Node] | None = None) -> None:
    """Refs name a clause (of the tree, then of the class, then of the series); proportional names alternatives."""
    ids: dict[str, yaml.Node] = {}
    refs: list[tuple[str, yaml.ScalarNode]] = []
    anys: list[yaml.Node] = []
    _walk_requirements(requirement, ids, refs, anys)
    known = {**(scope or {}), **ids}
    for key, ref in refs:
        name = ref.value.strip()
        if name not in known:
            ctx.error(ref, f"{key}: {name!r} names no clause of this class or series{_known(known)}{suggest(name, known)}")
    for node in anys:
        children = _value(node, "any_of")
        # an alternative is named by its id, or by the id it refers to ({ref: billing-supervision})
        named = [
            _value(c, "id") or _value(c, "ref") for c in (children.value if isinstance(children, yaml.SequenceNode) else [])
        ]
        names = [k.value.strip() for k in named if isinstance(k, yaml.ScalarNode)]
        for item in _scalars(_value(node, "proportional")):
            if item.value.strip() not in names:
                ctx.error(
                    item,
                    f"proportional: {item.value!r} is not the id of an alternative of this any_of"
                    f" (expected one of: {', '.join(names) or 'none; give the alternatives ids'})"
                    f"{suggest(item.value, names)}",
                )


def _check_ref_cycles(trees: list[yaml.Node], shared: list[yaml.Node], ctx: Ctx) -> None:
    """A clause may not contain a ref that leads back to itself: it would never finish being judged."""
    inside: dict[str, list[tuple[str, yaml.ScalarNode]]] = {}  # id -> the refs anywhere inside that clause
    stack = [*trees, *shared]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            name = _value(n, "id")
            if isinstance(name, yaml.ScalarNode) and name.value.strip() not in inside:
                found: list[tuple[str, yaml.ScalarNode]] = []
                _walk_requirements(n, {}, found, [])
                inside[name.value.strip()] = found
            stack.extend(v for _, v in n.value)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in done:
            return
        for key, ref in inside.get(name, ()):
            target = ref.value.strip()
            if target in path or target == name:
                loop = path[path.index(target) :] if target in path else [name]
                cycle = " -> ".join([*loop, target])
                ctx.error(ref, f"{key}: {target!r} makes a cycle ({cycle}) (expected a clause that does not contain itself)")
            elif target in inside:
                visit(target, [*path, target])
        done.add(name)

    for clause in list(inside):
        visit(clause, [clause])


def _known(ids: dict[str, yaml.Node]) -> str:
    return f" (expected one of: {', '.join(sorted(ids))})" if ids else " (expected the id of a node; none has an id)"


def _check_spec_file(values, nodes, ctx: Ctx) -> None:
    """Rules that join parts of a spec file (grades name competencies, refs name nodes), at their positions."""
    series = nodes.get("series")
    check_orders(series, nodes.get("classes"), ctx)
    competencies = _value(series, "competencies") if series is not None else None
    known = [k.value for k, _ in competencies.value] if isinstance(competencies, yaml.MappingNode) else []
    clauses = _value(series, "clauses") if series is not None else None
    shared = list(clauses.value) if isinstance(clauses, yaml.SequenceNode) else []
    shared_ids: dict[str, yaml.Node] = {}
    for clause in shared:
        name = _value(clause, "id")
        if isinstance(name, yaml.ScalarNode):
            shared_ids.setdefault(name.value.strip(), name)
        elif isinstance(clause, yaml.MappingNode):
            ctx.error(clause, "clauses: a shared clause has no id (expected id: so that a class can ref it)")
    for clause in shared:
        _check_requirement_tree(clause, ctx, shared_ids)
    classes = nodes.get("classes")
    seen: dict[str, int] = {}
    for cls in classes.value if isinstance(classes, yaml.SequenceNode) else []:
        if not isinstance(cls, yaml.MappingNode):
            continue
        name = _value(cls, "id")
        if isinstance(name, yaml.ScalarNode):
            if name.value in seen:
                ctx.error(name, f"class id {name.value!r} is used twice in this file (first at line {seen[name.value]}; expected each id once)")
            seen.setdefault(name.value, name.start_mark.line + 1)
        grades = _value(cls, "grades")
        if isinstance(grades, yaml.MappingNode):
            for key, _ in grades.value:
                if isinstance(key, yaml.ScalarNode) and key.value not in known:
                    where = f"one of: {', '.join(known)}" if known else "a competency listed under series: competencies:"
                    ctx.error(key, f"grades: unknown competency {key.value!r} (expected {where}){suggest(key.value, known)}")
        requirement = _value(cls, "requirement")
        specialties = _value(cls, "specialties")
        if requirement is None and not (isinstance(specialties, yaml.SequenceNode) and specialties.value):
            ctx.error(cls, "class has no requirement and no specialties (expected requirement: or specialties:)")
        found = [requirement]
        for key in ("specialties", "selective"):
            items = _value(cls, key)
            found += [_value(i, "requirement") for i in (items.value if isinstance(items, yaml.SequenceNode) else [])]
        trees = [t for t in found if t is not None]
        scope = dict(shared_ids)
        for tree in trees:
            _walk_requirements(tree, scope, [], [])
        for tree in trees:
            _check_requirement_tree(tree, ctx, scope)
        _check_ref_cycles(trees, shared, ctx)
    for module in REGISTRY.values():  # what a kind's clauses name elsewhere in the file (answer: a question)
        check = getattr(module, "check_file", None)
        if check is not None:
            check(values, nodes, ctx)


SPEC_FILE = Record(
    name="spec file",
    description="One class series from one source document.",
    fields={"series": Field(SERIES, required=True), "classes": Field(ListOf(CLASS), required=True)},
    check=_check_spec_file,
)

DUTIES_FORMAT = Record(
    name="duty vocabulary",
    fields={"duties": Field(MapOf(Text(), Text()), required=True, description="term -> one-line definition")},
)


PLACES_FORMAT = Record(
    name="places",
    fields={
        "states": Field(MapOf(Text(), ListOf(Text())), description="a state -> the short forms records use for it"),
        "names": Field(MapOf(Text(), Text()), description="another way records write a place -> the place"),
        "ambiguous": Field(MapOf(Text(), Text()), description="a short form that may be several places -> which ones"),
    },
)
