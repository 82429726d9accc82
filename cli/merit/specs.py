"""Class specifications: loading spec files into series and classes (citations, refs, conditions passed
down), and the catalogue that finds a class by any of its names.

The file format is merit.spec_format's, the clauses of a requirement tree merit.kinds'.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from merit.engine.credit import norm
from merit.file_formats import APPLICANT, format_of
from merit.finish import Finish, ids_of
from merit.kinds import REGISTRY
from merit.level_orders import ORDERS_FORMAT, clauses_of, named, resolve_series_orders
from merit.model.specs import Citation, ClassSpec, Competency, Crediting, LevelOrder, Places, Question, Series
from merit.problems import InputError, Problem
from merit.requirements import Node, walk
from merit.schema import INVALID, Ctx, Type
from merit.spec_format import DUTIES_FORMAT, PLACES_FORMAT, SPEC_FILE
from merit.yamlsafe import compose_documents, read_text

DUTIES_FILE = "duties.yaml"
PLACES_FILE = "places.yaml"
ORDERS_FILE = "orders.yaml"
POLICY_FILE = "policy.yaml"  # an office's policy (merit.policy), not a spec


# --- loading --------------------------------------------------------------------


def bundled_specs_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "bundled", here.parent.parent / "specs"):
        if (candidate / DUTIES_FILE).is_file():
            return candidate
    raise FileNotFoundError("the bundled class specs are missing from this installation")


def specs_dir(option: str | None) -> Path:
    """The specs directory: --specs, else $MERIT_SPECS, else the bundled one."""
    chosen = option or os.environ.get("MERIT_SPECS")
    return Path(chosen) if chosen else bundled_specs_dir()


def load_terms(directory: Path, problems: list[Problem]) -> dict[str, str]:
    """The duty vocabulary: the bundled terms plus any the directory adds."""
    terms: dict[str, str] = {}
    bundled = bundled_specs_dir()
    for d in dict.fromkeys((bundled, directory)):
        f = d / DUTIES_FILE
        if f.is_file():
            value = _load_one(f, DUTIES_FORMAT, Ctx(str(f)), problems)
            if value is not INVALID:
                for term, text in value["duties"].items():
                    terms[term.lower()] = text
    return terms


def load_places(directory: Path, problems: list[Problem]) -> Places:
    """How records write places: the bundled places.yaml plus any the directory adds."""
    places = Places()
    for d in dict.fromkeys((bundled_specs_dir(), directory)):
        f = d / PLACES_FILE
        if f.is_file():
            value = _load_one(f, PLACES_FORMAT, Ctx(str(f)), problems)
            if value is not INVALID:
                for state, shorts in (value.get("states") or {}).items():
                    places.of.update((norm(name), norm(state)) for name in (state, *shorts))
                places.of.update((norm(k), norm(v)) for k, v in (value.get("names") or {}).items())
                places.ambiguous.update((norm(k), v) for k, v in (value.get("ambiguous") or {}).items())
    return places


def load_orders(directory: Path, problems: list[Problem]) -> dict[str, LevelOrder]:
    """The level orders every spec of a directory may compare by: its orders.yaml, by name."""
    f = directory / ORDERS_FILE
    if not f.is_file():
        return {}
    value = _load_one(f, ORDERS_FORMAT, Ctx(str(f)), problems)
    if value is INVALID:
        return {}
    orders = {name: named(order, name) for name, order in value["orders"].items()}
    for order in orders.values():
        order.file = str(f)
    return orders


def _with_places(series: list[Series], places: Places) -> None:
    """Hand every condition and licence clause of the catalogue the places records may write."""
    for s in series:
        for node in clauses_of(s):
            for rule in node.credit:
                rule.when.places = places
            match = getattr(node, "match", None)
            after = getattr(node, "after", None)
            for m in (match, after.credential if after is not None else None):
                if m is not None:
                    m.places = places


def _load_one(path: Path, fmt: Type, ctx: Ctx, problems: list[Problem]) -> Any:
    text, read_problems = read_text(path)
    if text is None:
        problems.extend(read_problems)
        return INVALID
    nodes, yaml_problems = compose_documents(text, str(path))
    if yaml_problems:
        problems.extend(yaml_problems)
        return INVALID
    if len(nodes) != 1:
        problems.append(Problem(str(path), 1, 1, f"{len(nodes)} YAML documents (expected one)"))
        return INVALID
    value = fmt.build(nodes[0], ctx)
    problems.extend(ctx.problems)
    return value


class UnknownClass(LookupError):
    """A class name that names no class of the catalogue; the message has a suggestion."""


class Catalogue:
    """Every series and class of a specs directory, and the duty vocabulary they share."""

    def __init__(self, series: list[Series], terms: dict[str, str], directory: Path) -> None:
        self.series = series
        self.terms = terms
        self.directory = directory
        # what loading skipped or did instead (a spec file that is a broken link, a cache directory others
        # may write), a line each: the library prints nothing, the command line prints each as a warning
        self.warnings: list[str] = []
        self.by_id: dict[str, ClassSpec] = {}
        self._names: dict[str, str] = {}
        self._series_of: dict[str, Series] = {}
        for s in self.series:
            for c in s.classes:
                self.by_id[c.id] = c
                self._series_of[c.id] = s
                for name in (c.id, c.title, *c.codes.values(), *c.aliases):
                    self._names.setdefault(_norm(name), c.id)

    @property
    def competency_ids(self) -> frozenset[str]:
        """Every competency id a series of the catalogue grades (applicant files may assess them)."""
        return frozenset(c.id for s in self.series for c in s.competencies)

    @property
    def questions(self) -> dict[str, Question]:
        """Every supplemental question a series of the catalogue asks, by id (applicant files may answer
        them; a question id means one thing across a specs directory, see _check_questions)."""
        out: dict[str, Question] = {}
        for s in self.series:
            for ident, question in s.questions.items():
                out.setdefault(ident, question)
        return out

    @property
    def classes(self) -> list[ClassSpec]:
        return [c for s in self.series for c in s.classes]

    def series_of(self, cls: ClassSpec) -> Series:
        return self._series_of[cls.id]

    def find_class(self, name: str) -> ClassSpec | None:
        key = self._names.get(_norm(name))
        return self.by_id[key] if key else None

    def classes_named(self, items: list[str]) -> list[ClassSpec]:
        """The classes --class or --classes name: ids, codes, aliases or titles, repeated or comma-separated.

        A value that names a class whole is taken whole, since a title may hold commas.
        """
        names: list[str] = []
        for item in items:
            if not item.strip(" ,"):
                raise UnknownClass(f"empty class name {item!r} (expected a class id, code, alias or title; see merit classes)")
            names.extend([item] if self.find_class(item) else [n.strip() for n in item.split(",") if n.strip()])
        out: list[ClassSpec] = []
        for name in names:
            cls = self.find_class(name)
            if cls is None:
                raise UnknownClass(self.unknown_class(name))
            if cls not in out:
                out.append(cls)
        return out

    def class_suggestion(self, name: str) -> str:
        """A ``did you mean`` for a name that is no class, or nothing.

        A number is compared with the numeric class codes only (1230 is near 1229, nothing
        like MT-CSR-13); words with the words of ids, codes, aliases and titles
        ("Customer Service Rep" finds the Customer Service Representatives); anything
        else with ids, codes and aliases as a misspelling (JI6O is JI60).
        """
        key = _norm(name)
        if not key:
            return ""
        if key.isdigit():
            near = self._near_codes(key)
            return self._did_you_mean([f"{code!r} ({cid})" for code, cid in near])
        found = self.search(name)
        if found:
            # found by its id or codes (ji6, mt-csr): the ids say it; found by words of titles: the titles
            short = self._short_words(found[0])
            by_id = all(any(w.startswith(q) for w in short) for q in self._words(key))
            shown = [repr(c.id) if by_id else f"{c.id!r} ({c.title})" for c in found[:3]]
            return self._did_you_mean(shown)
        import difflib

        names = {k: v for k, v in self._names.items() if k != _norm(self.by_id[v].title)}
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
        if close:
            return f"; did you mean {names[close[0]]!r}?"
        titles = {_norm(c.title): c for c in self.by_id.values()}
        close = difflib.get_close_matches(key, list(titles), n=1, cutoff=0.8)
        return f"; did you mean {titles[close[0]].id!r} ({titles[close[0]].title})?" if close else ""

    def search(self, text: str) -> list[ClassSpec]:
        """Classes whose id, codes, aliases or title have a word starting with each word of ``text`` (any case).

        Best first: classes found by their ids, codes or aliases alone, in catalogue order;
        then a title that starts with the words given, then the fewest other words.
        """
        wanted = self._words(_norm(text))
        if not wanted:
            return []
        ranked = []
        for order, cls in enumerate(self.classes):
            short, title = self._short_words(cls), self._words(_norm(cls.title))
            found = [any(w.startswith(q) for w in short) for q in wanted]
            if all(found):
                ranked.append((0, False, 0, order, cls))
            elif all(f or any(w.startswith(q) for w in title) for f, q in zip(found, wanted)):
                starts = len(title) >= len(wanted) and all(t.startswith(q) for t, q in zip(title, wanted))
                ranked.append((1, not starts, max(0, len(title) - len(wanted)), order, cls))
        return [cls for *_, cls in sorted(ranked, key=lambda r: r[:4])]

    def _short_words(self, cls: ClassSpec) -> list[str]:
        """The words of a class's id, codes and aliases (``MT-CSR-11``: mt, csr, 11, and mt-csr-11 whole)."""
        names = [_norm(n) for n in (cls.id, *cls.codes.values(), *cls.aliases)]
        return names + [w for n in names for w in self._words(n)]

    def _near_codes(self, number: str) -> list[tuple[str, str]]:
        """Numeric codes and aliases of the same length one digit or a few numbers away, nearest first."""
        near = []
        for key, cid in self._names.items():
            if key.isdigit() and len(key) == len(number) and key != number:
                apart = abs(int(key) - int(number))
                if apart <= 5 or sum(a != b for a, b in zip(key, number)) == 1:
                    near.append((apart, key, cid))
        return [(key, cid) for _, key, cid in sorted(near)[:3]]

    def unknown_class(self, name: str) -> str:
        """The message for a name that is no class: a suggestion, and where to look next."""
        see = "see merit classes"
        if not _norm(name).isdigit():
            found = len(self.search(name))
            if found > 3:
                import shlex

                see = f"see merit classes --grep {shlex.quote(name)} for all {found}"
        return f"unknown class {name!r}{self.class_suggestion(name)} ({see})"

    @staticmethod
    def _words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+", text)

    @staticmethod
    def _did_you_mean(names: list[str]) -> str:
        """'; did you mean a?', '... a or b?', '... a, b or c?', or nothing."""
        if not names:
            return ""
        return "; did you mean " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]) + "?"

    def series_named(self, name: str) -> list[Series]:
        """A series by id, or every series of a family."""
        key = _norm(name)
        exact = [s for s in self.series if _norm(s.id) == key]
        return exact or [s for s in self.series if key in {_norm(f) for f in s.families}]

    def series_names(self) -> list[str]:
        names = [s.id for s in self.series]
        for s in self.series:
            names.extend(f for f in s.families if f not in names)
        return names


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().casefold())


def load_catalogue(directory: Path) -> Catalogue:
    """Load every spec file of a directory; any problem makes the whole load fail (InputError).

    A good catalogue is kept in the user's cache (merit.catalogue_cache), keyed by every byte of
    the spec files and of the code that builds it: loading it back takes about 1 ms instead of
    parsing and checking every spec (about 12 ms), which matters when a script runs merit once per
    applicant. What loading skipped is in the catalogue's ``warnings`` (or the InputError's).
    """
    if not directory.is_dir():
        return _build_catalogue(directory, [])
    from merit.catalogue_cache import cached

    warnings: list[str] = []
    files = _spec_files(directory, warnings)
    dirs = dict.fromkeys((bundled_specs_dir(), directory))
    shared = [d / name for name in (DUTIES_FILE, PLACES_FILE, ORDERS_FILE) for d in dirs if (d / name).is_file()]
    built: list[Catalogue] = []

    def build() -> tuple[list[Series], dict[str, str]]:
        built.append(_build_catalogue(directory, files))
        return built[0].series, built[0].terms

    try:
        series, terms = cached(directory, [*shared, *files], build, warnings)
    except InputError as err:
        err.warnings = warnings + err.warnings
        raise
    catalogue = built[0] if built else Catalogue(series, terms, directory)
    catalogue.warnings = warnings
    return catalogue


def _spec_files(directory: Path, warnings: list[str]) -> list[Path]:
    """The spec files of a directory, sorted. Hidden files (an editor's lock or backup) are left
    out, and anything else named *.yaml that is not a regular file (a FIFO, a device, a
    directory) is skipped with a warning: reading it could wait forever or never end."""
    files = []
    for p in sorted(directory.glob("*.y*ml")):
        if p.name in (DUTIES_FILE, PLACES_FILE, ORDERS_FILE, POLICY_FILE) or p.suffix not in (".yaml", ".yml") or p.name.startswith("."):
            continue
        if p.is_file():
            files.append(p)
        else:
            warnings.append(f"skipped {p}: {_what_is(p)} (expected a spec file: a regular YAML file)")
    return files


def _what_is(path: Path) -> str:
    import stat

    try:
        mode = path.stat().st_mode
    except OSError as err:
        return "a broken link" if path.is_symlink() else (err.strerror or str(err)).lower()
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def _build_catalogue(directory: Path, files: list[Path]) -> Catalogue:
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "no such directory"
        raise InputError([Problem(str(directory), 1, 1, f"{what} (expected a directory of class specs)")])
    problems: list[Problem] = []
    terms = load_terms(directory, problems)
    series: list[Series] = []
    if not files and not problems:
        problems.append(Problem(str(directory), 1, 1, "no class spec files (*.yaml) in this directory"))
    orders = load_orders(directory, problems)
    for f in files:
        s = load_spec_file(f, terms, problems, orders=orders)
        if s is not None:
            series.append(s)
    _check_unique(series, problems)
    resolve_series_orders(series, problems, orders)
    _check_questions(series, problems)
    places = load_places(directory, problems)
    if problems:
        raise InputError(problems)
    _with_places(series, places)
    return Catalogue(series, terms, directory)


def load_spec_file(
    path: Path, terms: dict[str, str], problems: list[Problem], text: str | None = None, orders: dict[str, LevelOrder] | None = None
) -> Series | None:
    """One spec file as a series, or None with its problems added; ``text`` is the file's text when
    already read. The series keeps the sha256 of the file's bytes (of ``text`` when given), so that
    every result can say which text of the spec decided it. ``orders`` are its directory's level orders."""
    ctx = Ctx(str(path), terms)
    orders = orders or {}
    ctx.orders = {name: [n for names in o.levels for n in names] if o.series is None else None for name, o in orders.items()}
    if text is None:
        text, read_problems = read_text(path)
        if text is None:
            problems.extend(read_problems)
            return None
        digest = spec_digest(path, text)
    else:
        digest = spec_digest(None, text)
    nodes, yaml_problems = compose_documents(text, str(path))
    problems.extend(yaml_problems)
    if yaml_problems or len(nodes) != 1:
        if not yaml_problems:
            problems.append(Problem(str(path), 1, 1, f"{len(nodes)} YAML documents (expected one)"))
        return None
    if format_of(nodes[0], str(path)) == APPLICANT:
        # one line, not a line for every key an applicant has and a spec does not
        line = nodes[0].start_mark.line + 1
        problems.append(Problem(str(path), line, 1, f"this is an applicant file, not a class spec {NOT_A_SPEC}"))
        return None
    value = SPEC_FILE.build(nodes[0], ctx)
    problems.extend(ctx.problems)
    if value is INVALID:
        return None
    series = _make_series(value, str(path), terms, problems, orders)
    series.digest = digest
    return series


def spec_digest(path: Path | None, text: str) -> str:
    """The sha256 of a spec file's bytes in hex (of its text in UTF-8 when it cannot be read again)."""
    import hashlib

    data = None
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
    return hashlib.sha256(data if data is not None else text.encode()).hexdigest()


NOT_A_SPEC = "(expected series: and classes:; applicants are given as arguments, specs with --specs DIR)"


def _make_series(
    value: dict[str, Any], path: str, terms: dict[str, str], problems: list[Problem], shared: dict[str, LevelOrder] | None = None
) -> Series:
    s = value["series"]
    series = Series(
        id=s["id"],
        title=s["title"],
        jurisdiction=s["jurisdiction"],
        organization=s["organization"],
        families=tuple(s.get("families") or ()),
        source=s["source"],
        dates=s.get("dates") or {},
        crediting=s.get("crediting") or Crediting(),
        classes=[],
        scope=s.get("scope") or "",
        competencies=[Competency(k, v) for k, v in (s.get("competencies") or {}).items()],
        degrees={k.upper(): v for k, v in (s.get("degrees") or {}).items()},
        core_competencies=[{"name": k, "text": v} for k, v in (s.get("core_competencies") or {}).items()],
        notes=s.get("notes") or [],
        file=path,
        questions=s.get("questions") or {},
    )
    for ident, question in series.questions.items():
        question.id, question.series = ident, series.id
    abbreviations = tuple((norm(k), norm(v)) for k, v in (s.get("abbreviations") or {}).items())
    orders = {name: named(order, name) for name, order in (s.get("orders") or {}).items()}
    for order in orders.values():
        order.file = path
    orders.update((k, v) for k, v in (shared or {}).items() if k not in orders)  # the series' own first, then the directory's
    shared = {n.id: n for n in s.get("clauses") or () if n.id}
    for c in value["classes"]:
        cls = ClassSpec(
            id=c["id"],
            title=c["title"],
            series=series.id,
            level=c["level"],
            codes=c.get("codes") or {},
            aliases=tuple(c.get("aliases") or ()),
            pay=c.get("pay"),
            guidance=c.get("guidance"),
            summary=c.get("summary") or "",
            knowledge=c.get("knowledge") or [],
            skills=c.get("skills") or [],
            abilities=c.get("abilities") or [],
            duties=c.get("duties") or [],
            cumulative=bool(c.get("cumulative")),
            requirement=c.get("requirement"),
            specialties=c.get("specialties") or [],
            notes=c.get("notes") or [],
            grades={k: v.upper() for k, v in (c.get("grades") or {}).items()},
            typical=c.get("typical"),
            desirable=c.get("desirable") or [],
            selective=c.get("selective") or [],
            line=c["line"],
        )
        section = c.get("section") or "Minimum Qualifications"
        lacking = c.get("may_file_lacking")
        if lacking is not None and lacking.citation is not None:
            lacking.citation = Citation(series.title, cls.title, lacking.citation.section, lacking.citation.pattern)
        trees: list[tuple[str | None, Node]] = [(None, cls.requirement)] if cls.requirement is not None else []
        trees += [(f"{cls.title}, {sp.title} specialty", sp.requirement) for sp in cls.specialties if sp.requirement is not None]
        trees += [
            (f"{cls.title}, selective certification: {sel.title}", sel.requirement)
            for sel in cls.selective
            if sel.requirement is not None
        ]
        scopes = [ids_of(root) for _, root in trees]
        finished = []
        for k, (label, root) in enumerate(trees):
            # a ref names a clause of its own tree first, then of the class's other trees, then of the series
            ids = {**shared, **{i: n for scope in reversed(scopes) for i, n in scope.items()}, **scopes[k]}
            finish = Finish(series.title, label or cls.title, section, abbreviations, ids, series.crediting, lacking, orders)
            finished.append(finish.node(root, section, lacking))
        if cls.requirement is not None:
            cls.requirement = finished.pop(0)
        for sp in cls.specialties:
            if sp.requirement is not None:
                sp.requirement = finished.pop(0)
        for sel in cls.selective:
            if sel.requirement is not None:
                sel.requirement = finished.pop(0)
        for tree in [cls.requirement, *(x.requirement for x in cls.specialties), *(x.requirement for x in cls.selective)]:
            for node in walk(tree) if tree is not None else ():
                finish_kind = getattr(REGISTRY.get(node.kind), "finish", None)
                if finish_kind is not None:  # a clause that names a question of the series (answer)
                    finish_kind(node, series.questions)
        series.classes.append(cls)
    series.classes.sort(key=lambda c: c.level)
    return series


def _check_questions(series: list[Series], problems: list[Problem]) -> None:
    """A question id two series declare is one question: an applicant's answer to it is read once, for both."""
    seen: dict[str, tuple[Question, str]] = {}
    for s in series:
        for ident, q in s.questions.items():
            first = seen.setdefault(ident, (q, s.file))
            other, where = first
            if other is not q and (other.type, other.values) != (q.type, q.values):
                problems.append(
                    Problem(
                        s.file,
                        q.line or 1,
                        1,
                        f"question {ident!r} is also asked in {where} with other answers ({other.type}"
                        f"{': ' + ', '.join(other.values) if other.values else ''}; expected the same type and values,"
                        " or another id: an applicant answers a question id once)",
                    )
                )


def _check_unique(series: list[Series], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for s in series:
        for c in s.classes:
            if c.id in seen:
                problems.append(Problem(s.file, c.line or 1, 1, f"class id {c.id!r} is also used in {seen[c.id]}"))
            seen[c.id] = s.file



