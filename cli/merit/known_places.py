"""The places merit knows, for telling a misspelt one where a record is made (merit import):
"Californa" is a letter from California, which screening would leave to an analyst."""

from __future__ import annotations

from pathlib import Path


class KnownPlaces:
    """The places of a specs directory: the states and short forms its places.yaml (with the bundled
    one) gives, and the places its credit rules name, each as it is best shown."""

    def __init__(self, catalogue) -> None:
        from merit.engine.credit import place
        from merit.requirements import walk
        from merit.specs import load_places

        self.places = load_places(Path(catalogue.directory), [])
        self.shown: dict[str, str] = {}
        for c in catalogue.classes:
            trees = [c.requirement, *(x.requirement for x in c.specialties), *(x.requirement for x in c.selective)]
            for node in (n for tree in trees if tree is not None for n in walk(tree)):
                for rule in node.credit:
                    for name in rule.when.jurisdiction or ():
                        self.shown.setdefault(place(name, self.places), name)
        for state in self.places.of.values():
            self.shown.setdefault(state, state.title())
        self.names = frozenset(self.shown)

    def misspelt(self, written: str) -> str | None:
        """The known place a record's place is a letter or two away from ("Californa"), if it is none itself."""
        from merit.engine.credit import _misspelt, place

        where = place(written, self.places)
        if where in self.names or where in self.places.of or where in self.places.ambiguous:
            return None
        near = _misspelt(where, self.names)
        return self.shown[near] if near else None
