"""Which of merit's formats a YAML file is in, told one way for every reader: `merit validate`
checks a file as that format, the applicant reader refuses a file of another format in one line
("this is a policy file, not applicants"), and the spec loader refuses an applicant file.

What the first document holds decides, and the file's name only where it does not: a spec (series
or classes), a policy, a duty vocabulary, an applicant (an id), spec examples (applicant and
expect), determinations (applicant and point); then duties.yaml, places.yaml, policy.yaml and
orders.yaml by name. Of a list only its first item is read, as a long file's list is read an item
at a time.
"""

from __future__ import annotations

import os

import yaml

APPLICANT, SPEC, DUTIES, CASES, PLACES, ORDERS = "applicant", "spec", "duties", "cases", "places", "orders"
DETERMINATIONS = "determinations"
POLICY = "policy"

NAMED = {"duties.yaml": DUTIES, "places.yaml": PLACES, "policy.yaml": POLICY, "orders.yaml": ORDERS}

# Each format as a message names a file given where applicants belong: "this is ..., not applicants".
DESCRIBED = {
    SPEC: "a class spec file (give it with --specs DIR)",
    DUTIES: "a duty vocabulary",
    CASES: "a file of spec examples",
    PLACES: "a places file",
    ORDERS: "a file of level orders",
    POLICY: "a policy file (give it with --policy FILE)",
    DETERMINATIONS: "a determinations file (give it with --determinations FILE)",
}


def _keys(node: yaml.Node | None) -> set[str] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def format_of(first: yaml.Node | None, path: str = "", head: yaml.Node | None = None) -> str | None:
    """The format of a file whose first document is ``first`` (``head``: the first item of a list
    that is read an item at a time), or None when nothing tells (a reader takes it as applicants)."""
    keys = _keys(first)
    if keys is not None:
        if keys & {"series", "classes"}:
            return SPEC
        if "policy" in keys:
            return POLICY
        if keys == {"duties"}:
            return DUTIES
        if "id" in keys:
            return APPLICANT
    if isinstance(first, yaml.SequenceNode) and head is None and isinstance(first.value, list) and first.value:
        head = first.value[0]
    item = _keys(head) if isinstance(first, yaml.SequenceNode) else keys
    if item is not None and "id" in item:
        return APPLICANT
    named = NAMED.get(os.path.basename(path))
    if named is not None:
        return named
    if item is not None and {"applicant", "expect"} <= item:
        return CASES
    if item is not None and {"applicant", "point"} <= item:
        return DETERMINATIONS
    return None
