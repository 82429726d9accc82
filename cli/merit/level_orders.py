"""Level orders: the order of ranges or classes a credit rule compares by ("Range II or above", "in a class at
least at the level of Secretary"), declared by a series (``orders:``) or by a specs directory (``orders.yaml``).

Their spec-format record and the checks across a spec file that name them are here; the comparison itself is
merit.engine.credit's (``level_order``), and the loader (merit.specs) hands each condition its orders.
"""

from __future__ import annotations

import yaml

from merit.engine.credit import norm
from merit.kinds.format import Words, one_of
from merit.model.specs import LevelOrder, Series
from merit.problems import Problem
from merit.requirements import walk
from merit.schema import Ctx, Field, Record, suggest
from merit.schema_types import ListOf, MapOf, Text


def _check_order(values, nodes, ctx):
    one_of(values, nodes, ctx, ("levels", "series"), "order")
    if "levels" in values and "series" not in values and len(values["levels"]) < 2:
        ctx.error(nodes["levels"], "levels: an order needs at least two levels (expected them lowest first: [I, II, III])")


ORDER = Record(
    ref="level-order",
    name="level order",
    description="An order of levels, lowest first, that credit rules compare ranges and classes by.",
    fields={
        "levels": Field(
            ListOf(Words()),
            example="[I, II, III, IV]",
            description="the levels lowest first; a level written several ways is a list of its names: [[II, 2], [III, 3]]",
        ),
        "series": Field(Text(), description="or the classes of this series (its id), ranked by their level"),
    },
    make=lambda line, levels, series: LevelOrder("", tuple(levels or ()), series, line),
    check=_check_order,
)

ORDERS_FORMAT = Record(
    name="level orders",
    description="Level orders every spec of a directory may compare by (orders.yaml), as a series' orders.",
    fields={"orders": Field(MapOf(Text(), ORDER), required=True, description="name -> the order")},
)



def check_orders(series: yaml.Node | None, classes: yaml.Node | None, ctx: Ctx) -> None:
    """A credit rule's ``order`` names an order of the series, and the levels it compares are levels of it."""
    from merit.spec_format import _scalars, _value  # the spec file's YAML helpers (that module imports this one)

    declared = _value(series, "orders") if series is not None else None
    orders: dict[str, list[str] | None] = dict(ctx.orders)  # the directory's, then the series' own
    for key, value in declared.value if isinstance(declared, yaml.MappingNode) else []:
        levels = _value(value, "levels")
        names = [n for item in (levels.value if isinstance(levels, yaml.SequenceNode) else []) for n in _scalars(item)]
        orders[key.value] = [n.value for n in names] if levels is not None else None  # None: a series' classes
    stack = [classes, _value(series, "clauses") if series is not None else None]  # in the file's order
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            named = _value(n, "order")
            if isinstance(named, yaml.ScalarNode):
                if named.value not in orders:
                    where = f"one of: {', '.join(orders)}" if orders else "an order declared under series: orders: or in orders.yaml"
                    ctx.error(named, f"order: {named.value!r} is not an order of this series or its directory (expected {where}){suggest(named.value, orders)}")
                elif orders[named.value] is not None:
                    for key in ("range_at_least", "range_below", "class_at_least"):
                        level = _value(n, key)
                        known = orders[named.value] or []
                        if isinstance(level, yaml.ScalarNode) and norm(level.value) not in {norm(k) for k in known}:
                            ctx.error(level, f"{key}: {level.value!r} is not a level of the order {named.value} (expected one of: {', '.join(known)})")
            stack.extend(reversed([v for _, v in n.value]))


def named(order: LevelOrder, name: str) -> LevelOrder:
    order.name = name
    return order


def resolve_series_orders(series: list[Series], problems: list[Problem], shared: dict[str, LevelOrder] | None = None) -> None:
    """Fill in the orders that are the classes of a series ({series: ID}): their titles and ids, ranked by level."""
    by_id = {s.id: s for s in series}
    found = {id(o): o for o in (shared or {}).values()}
    for s in series:
        found.update((id(o), o) for node in clauses_of(s) for rule in node.credit for o in rule.when.orders.values())
    for order in found.values():
        if order.series is None:
            continue
        ranked = by_id.get(order.series)
        if ranked is None:
            problems.append(
                Problem(order.file, order.line or 1, 1, f"orders: series {order.series!r} is not in this directory"
                        f" (expected one of: {', '.join(sorted(by_id))}){suggest(order.series, by_id)}")
            )
            continue
        levels: dict[int, list[str]] = {}
        for c in ranked.classes:
            levels.setdefault(c.level, []).extend(dict.fromkeys((c.title, c.id, *c.aliases)))
        order.levels = tuple(tuple(names) for _, names in sorted(levels.items()))


def clauses_of(s: Series):
    """Every clause of every class of a series."""
    for c in s.classes:
        trees = [c.requirement, *(x.requirement for x in c.specialties), *(x.requirement for x in c.selective)]
        yield from (n for tree in trees if tree is not None for n in walk(tree))
