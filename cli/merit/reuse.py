"""Screening with the results store (merit.store): each applicant's classes taken from the store where
their key is the same, decided where it is not, and the rest of a text's screening as merit.pipeline
does it, so that the parts and their bytes are the parts and bytes of a batch without the store.

A file read before without a problem, every result of it stored, is not parsed: its applicants' ids
and lines come from the store, each applicant's key from them and the answers that apply today.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from merit.store import Store, checksum, code_digest, digest, statuses_text

if TYPE_CHECKING:
    from merit.pipeline import Part, Work


class Unit:
    """A text being screened with the store: its key, and what its applicants gave for the store."""

    __slots__ = ("key", "label", "applicants", "rows", "gone", "screenings", "decisions", "whole", "found", "asked")

    def __init__(self, key: str, label: str) -> None:
        self.key = key
        self.label = label
        self.applicants: list[tuple[str, int]] = []
        self.rows: list[tuple] = []
        self.gone: list[tuple[str, str]] = []  # (applicant key, group key) of results no longer asked for
        self.screenings: list[tuple] = []
        self.decisions: list[tuple] = []
        self.whole = True  # every record read and screened: the file's applicants may be kept
        self.found: dict[str, dict[str, list[Any]]] = {}  # what the store held for the applicants it knew of this text
        self.asked: set[str] = set()  # the applicant keys looked up already


def screen_applicant(store: Store, unit: Unit, ordinal: int, applicant: Any, answers: tuple[Any, ...], work: Work):
    """One applicant's (statuses, rendered text, stale lines, answers by pattern applied): each group of
    classes from the store where its key is the same, decided (only those) where it is not."""
    from merit.model.decisions import STALE
    from merit.pipeline import by_pattern, decide, highest_level, stale_line

    key = store.applicant_key(unit.key, ordinal, applicant.id, applicant.line, answers)
    have = unit.found.pop(key, {}) if key in unit.asked else store.stored([key]).get(key, {})
    missing = [targets for gkey, targets in store.groups if gkey not in have]
    fresh: dict[str, list[Any]] = {}
    if missing:
        decisions = decide(
            applicant, [t for ts in missing for t in ts], work.as_of, work.detail, answers, work.selective, work.policy
        )
        statuses = [s for g, _ in store.groups if g in have for s in have[g][2]] + [
            (d.cls, d.specialty, d.status) for d in decisions
        ]
        highest = {s.id: highest_level(_Status.of(statuses, s), s) for s in work.ranked}
        of_class: dict[str, list[Any]] = {}
        for d in decisions:
            of_class.setdefault(d.cls, []).append(d)
        answered = digest(answers)
        for gkey, targets in store.groups:
            if gkey in have:
                continue
            group = [d for c, _ in targets for d in of_class.get(c.id, [])]
            text = work.render(group, highest, applicant.name)
            stale = [stale_line(det, det.why or STALE) for d in group for det in d.stale]
            matched = sorted(by_pattern(group)) if answers else []
            fresh[gkey] = [
                gkey,
                text.encode(),
                [(d.cls, d.specialty, d.status) for d in group],
                stale,
                [list(m) for m in matched],
            ]
            for d in group:
                spec_digest, spec_date = store.series[d.cls]
                unit.decisions.append(
                    (
                        store.run,
                        applicant.id,
                        d.cls,
                        d.specialty,
                        d.status,
                        d.series,
                        spec_digest,
                        spec_date,
                        store.meta["as_of"],
                        answered,
                        store.meta["policy"],
                    )
                )
    groups = [have.get(g) or fresh[g] for g, _ in store.groups]
    for gkey, targets in store.groups:
        if gkey in fresh:
            _, body, statuses, stale, matched = fresh[gkey]
            kept = statuses_text(statuses)
            extra = json.dumps([stale, matched], ensure_ascii=False, separators=(",", ":")) if stale or matched else ""
            classes = " ".join(c.id for c, _ in targets)
            crc = checksum(kept + extra, body)
            unit.rows.append(
                (key, gkey, code_digest(), applicant.id, unit.label, applicant.line, classes, store.run, crc, kept, extra, body)
            )
    if fresh:  # the groups of other inputs (a spec as it was) are given back
        unit.gone.extend((key, g) for g in have if g not in store.keys)
    return _joined(store, unit, applicant.id, applicant.line, groups, reused=not fresh)


def _joined(store: Store, unit: Unit, ident: str, line: int, groups: list[list[Any]], reused: bool):
    statuses = tuple((c, s, st) for g in groups for c, s, st in g[2])
    text = store.joiner.join(g[1] for g in groups if g[1])  # UTF-8: a writer copies it as it is
    stale = [s for g in groups for s in g[3]]
    matched = {(f, n) for g in groups for f, n in g[4]}
    unit.screenings.append(
        (store.run, ident, unit.label, line, int(reused), "; ".join(f"{c}{'/' + s if s else ''} {st}" for c, s, st in statuses))
    )
    return statuses, text, stale, matched


class _Status:
    """A stored status, as much of a decision as ``highest_level`` reads."""

    __slots__ = ("cls", "specialty", "status", "series")

    def __init__(self, cls: str, specialty: str | None, status: str, series: str) -> None:
        self.cls, self.specialty, self.status, self.series = cls, specialty, status, series

    @staticmethod
    def of(statuses: list[Any], series: Any) -> list[_Status]:
        mine = {c.id for c in series.classes}
        return [_Status(c, s, st, series.id) for c, s, st in statuses if c in mine]


def reused_file(store: Store, unit: Unit, work: Work, piece: int) -> list[Part] | None:
    """A file read before without a problem, every result of it stored with today's keys: its parts as
    screening it gives them (``piece`` applicants each, the last maybe empty), or None."""
    from merit.pipeline import Part, Result, answers_for

    known = store.stored_file(unit.key)
    if not known:
        return None
    keys = [
        store.applicant_key(unit.key, k, ident, line, answers_for(work.determinations, ident))
        for k, (ident, line) in enumerate(known)
    ]
    found = store.stored(keys)
    results = []
    for key, (ident, line) in zip(keys, known):
        have = found.get(key)
        if have is None or any(g not in have for g, _ in store.groups):
            unit.screenings.clear()
            unit.found, unit.asked = found, set(keys)  # read once: the applicants parsed next take what it has
            return None
        statuses, text, stale, matched = _joined(store, unit, ident, line, [have[g] for g, _ in store.groups], reused=True)
        results.append((Result(ident, f"{unit.label}:{line}", statuses, text), stale, matched))
    parts = []
    for number, k in enumerate(range(0, len(results) + 1, piece)):
        chunk = results[k : k + piece]
        stale = [s for _, st, _ in chunk for s in st]
        matched = {m for _, _, ms in chunk for m in ms}
        parts.append(Part(unit.label, [], [r for r, _, _ in chunk], stale, number, matched))
        if len(chunk) < piece:
            break
    return parts


def screen_text(kind: str, label: str, path: Any, work: Work, slice_text: str | None = None) -> Iterator[Part]:
    """What a file (``kind`` "file"; standard input for ``path`` None) or a slice of a long file ("slice")
    gives, as merit.pipeline would give it, with the store: a text read before without a problem and every
    result of it stored is not even parsed; otherwise each applicant's classes are taken from the store
    or decided."""
    from merit.applicants import Reading, Unread, slice_applicants, stream_file
    from merit.links import Outside
    from merit.pipeline import PIECE, screen_loaded
    from merit.yamlsafe import read_stdin, read_text

    store = work.store
    assert store is not None
    catalogue = work.catalogue
    read: tuple[str | None, list[Any]] | None = None
    if kind == "slice":
        read, name = (slice_text, []), label
    elif not isinstance(path, Unread):
        read, name = (read_stdin() if path is None else read_text(path)), "<stdin>" if path is None else label
    unit = None
    if read is not None and read[0] is not None:
        unit = Unit(store.unit(kind, name, read[0], isinstance(path, Outside)), name)
        reused = reused_file(store, unit, work, 1 if kind == "slice" else PIECE)
        if reused is not None:
            store.write(unit)
            for done in reused:
                done.warnings.extend(store.take())
                yield done
            return
    if kind == "slice":
        pieces = slice_applicants(slice_text or "", label, Reading.of(catalogue, work.as_of))
    else:
        pieces = stream_file(path, Reading.of(catalogue, work.as_of), label, read=read)
    ordinal = 0
    for number, loaded in enumerate(pieces):
        done = screen_loaded(loaded, work, number, unit, ordinal)
        ordinal += len(loaded.applicants)
        if unit is not None:
            unit.whole = unit.whole and not done.problems and len(done.results) == len(loaded.applicants)
            store.write(unit)
            done.warnings.extend(store.take())
        yield done
    if unit is not None and unit.whole and unit.applicants:
        store.write(None, (unit.key, unit.label, json.dumps(unit.applicants), store.run))
