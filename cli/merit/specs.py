"""Class specifications: their YAML format, loading, and the catalogue that finds a class by any of its names."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from merit.model import (
    EDUCATION_LEVELS,
    GRADES,
    SECTORS,
    Citation,
    ClassSpec,
    Competency,
    Condition,
    CreditRule,
    Crediting,
    Note,
    Requirement,
    Series,
    Specialty,
    Substitution,
)
from merit.problems import InputError, Problem, warn
from merit.schema import (
    INVALID,
    Boolean,
    Choice,
    Ctx,
    Field,
    Lazy,
    ListOf,
    MapOf,
    Number,
    OneKeyOf,
    Record,
    Term,
    Text,
    Type,
    suggest,
)
from merit.yamlsafe import compose_documents, read_text

DUTIES_FILE = "duties.yaml"


class Words(Type):
    """One word or a list of words (``sector: state`` or ``sector: [state, county]``), built as a tuple."""

    expected = "a word or a list of words"

    def __init__(self, item: Type | None = None, description: str = ""):
        self.item = item or Text()
        self.description = description

    def build(self, node, ctx):
        import yaml

        if isinstance(node, yaml.SequenceNode):
            out = ListOf(self.item).build(node, ctx)
            return INVALID if out is INVALID else tuple(out)
        value = self.item.build(node, ctx)
        return INVALID if value is INVALID else (value,)

    def json_schema(self, defs):
        one = self.item.json_schema(defs)
        schema = {"oneOf": [one, {"type": "array", "items": one}]}
        if self.description:
            schema["description"] = self.description
        return schema


# --- the rule syntax ----------------------------------------------------------

CONDITION = Record(
    ref="condition",
    name="condition",
    description="Facts of a job that must all hold for the rule to apply.",
    fields={
        "sector": Field(Words(Choice(SECTORS)), description="sector of the employer"),
        "jurisdiction": Field(Words(), description="state or city whose service this is"),
        "employer": Field(Words(), description="words the employer's name contains"),
        "class": Field(Words(), attr="class_", description="civil-service class held (exact title, any case)"),
        "range_at_least": Field(Text(), description="the class's range or grade is at least this (A < B < C, 1 < 2)"),
        "range_below": Field(Text(), description="the class's range or grade is below this"),
        "duties_any": Field(Words(Term()), description="at least one of these duty terms"),
        "duties_all": Field(Words(Term()), description="every one of these duty terms"),
        "duties_share": Field(Number(0, 100), description="percent of time in the duties_any terms, at least"),
        "inbound_call_percent": Field(Number(0, 100), description="share of time on in-bound calls, at least"),
        "supervised_staff": Field(Number(0, integer=True), description="people supervised or led, at least"),
    },
    make=lambda line, **kw: Condition(**{k: v for k, v in kw.items() if v is not None}),
)


def _make_rule(line, certain=None, possible=None, none=None, because=""):
    for credit, when in (("certain", certain), ("possible", possible), ("none", none)):
        if when is not None:
            return CreditRule(credit, when, because or "")
    return INVALID


def _check_rule(values, nodes, ctx):
    given = [k for k in ("certain", "possible", "none") if k in nodes]
    if len(given) != 1:
        where = nodes[given[1]] if len(given) > 1 else ctx.here
        found = "both " + " and ".join(given) if given else "no outcome"
        ctx.error(where, f"credit rule has {found} (expected exactly one of certain, possible, none)")


CREDIT_RULE = Record(
    ref="credit-rule",
    name="credit rule",
    description="How a job counts toward the requirement; the first rule whose facts hold decides.",
    fields={
        "certain": Field(CONDITION, description="jobs with these facts count for certain"),
        "possible": Field(CONDITION, description="jobs with these facts count only if an analyst accepts them"),
        "none": Field(CONDITION, description="jobs with these facts do not count"),
        "because": Field(Text(), description="why, in plain words (shown in the reasons)"),
    },
    make=_make_rule,
    check=_check_rule,
)

COMMON = {
    "id": Field(Text(), description="a name other nodes can refer to with ref"),
    "label": Field(Text(), description="how the source names this clause: Pattern I, General experience"),
    "summary": Field(Text(), description="the clause in short plain words"),
    "section": Field(Text(), description="the section of the source this clause sits in"),
    "otherwise": Field(Choice(("review",)), description="when not met, the source leaves it to an analyst"),
    "because": Field(Text(), description="the source's words that leave room for judgment"),
}

NODE = Lazy(lambda: REQUIREMENT)

EXPERIENCE_BODY = Record(
    ref="experience",
    name="experience",
    fields={
        "months": Field(Number(0), description="months of full-time experience required"),
        "years": Field(Number(0), description="years of full-time experience required (12 months each)"),
        "credit": Field(ListOf(CREDIT_RULE), required=True, description="rules for which jobs count"),
        "paid": Field(Boolean(), description="only paid work counts"),
        "including": Field(
            ListOf(Lazy(lambda: INCLUDING)),
            description='nested minimums: "at least one year of which shall include ..."',
        ),
        "judgment": Field(
            Text(), description='words that make every credit an analyst\'s call ("increasingly responsible")'
        ),
    },
)

INCLUDING = Record(
    ref="nested-minimum",
    name="nested minimum",
    fields={
        "label": Field(Text()),
        "summary": Field(Text()),
        "months": Field(Number(0)),
        "years": Field(Number(0)),
        "credit": Field(ListOf(CREDIT_RULE), required=True),
    },
    make=lambda line, label, summary, months, years, credit: Requirement(
        kind="experience",
        label=label,
        summary=summary or "",
        months=_months(months, years),
        some=months is None and years is None,
        credit=credit,
    ),
)

SUBSTITUTION = Record(
    ref="substitution",
    name="substitution",
    description="Experience substituted for required education.",
    fields={
        "years_per_year": Field(Number(0), default=1.0, description="years of education one year of experience stands for"),
        "max_years": Field(Number(0), required=True, description="at most this many years of education"),
        "required_years": Field(Number(0), default=4.0, description="years of education the requirement stands for"),
        "summary": Field(Text()),
        "credit": Field(ListOf(CREDIT_RULE), required=True, description="which experience may be substituted"),
    },
    make=lambda line, years_per_year, max_years, required_years, summary, credit: Substitution(
        experience=Requirement(kind="experience", label="Substitution", summary=summary or "", credit=credit),
        years_per_year=years_per_year,
        max_years=max_years,
        required_years=required_years,
    ),
)

EDUCATION_BODY = Record(
    ref="education",
    name="education",
    fields={
        "level": Field(Choice(EDUCATION_LEVELS), required=True, description="the lowest level that meets"),
        "fields": Field(Words(), description="fields of study (or subjects) that count for certain"),
        "related_fields": Field(Words(), description="fields that count if an analyst accepts them as related"),
        "subjects_all": Field(Words(), description="subjects the coursework must include"),
        "senior": Field(Text(), description="registration as a senior admits on this condition"),
        "substitution": Field(SUBSTITUTION),
    },
)


def _months(months: float | None, years: float | None) -> float:
    if months is not None:
        return float(months)
    if years is not None:
        return float(years) * 12
    return 0.0


def _make_node(kind: str):
    def make(line, **kw):
        node = Requirement(
            kind=kind,
            id=kw.get("id"),
            label=kw.get("label"),
            summary=kw.get("summary") or "",
            citation=Citation("", None, kw.get("section"), None),
            short=kw.get("otherwise"),
            because=kw.get("because") or "",
            line=line,
        )
        if kind in ("any_of", "all_of"):
            node.children = kw[kind]
            node.proportional = tuple(kw.get("proportional") or ())
            node.distinct_periods = bool(kw.get("distinct_periods"))
        elif kind == "experience":
            body = kw["experience"]
            node.months = _months(body.get("months"), body.get("years"))
            node.some = body.get("months") is None and body.get("years") is None
            node.credit = body["credit"]
            node.paid = bool(body.get("paid"))
            node.including = body.get("including") or []
            node.judgment = body.get("judgment")
        elif kind == "education":
            body = kw["education"]
            node.level = body["level"]
            node.fields_certain = tuple(body.get("fields") or ())
            node.fields_possible = tuple(body.get("related_fields") or ())
            node.subjects_all = tuple(body.get("subjects_all") or ())
            node.senior = body.get("senior")
            node.substitution = body.get("substitution")
        elif kind == "judgment":
            node.because = node.because or kw["judgment"]
            node.summary = node.summary or kw["judgment"]
            provided = kw.get("provided")
            node.children = [provided] if provided is not None else []
        elif kind == "ref":
            node.ref = kw["ref"]
        return node

    return make


REQUIREMENT = OneKeyOf(
    name="requirement",
    ref="requirement",
    description="A node of a minimum-qualification tree.",
    kinds={
        "any_of": Record(
            name="any_of requirement",
            fields={
                "any_of": Field(ListOf(NODE), required=True, description="alternatives: any one meets"),
                "proportional": Field(
                    Words(), description="ids of the experience alternatives that may be combined proportionally"
                ),
                **COMMON,
            },
            make=_make_node("any_of"),
        ),
        "all_of": Record(
            name="all_of requirement",
            fields={
                "all_of": Field(ListOf(NODE), required=True, description="every one must be met"),
                "distinct_periods": Field(Boolean(), description="a period of experience counts toward one part only"),
                **COMMON,
            },
            make=_make_node("all_of"),
        ),
        "experience": Record(
            name="experience requirement",
            fields={"experience": Field(EXPERIENCE_BODY, required=True), **COMMON},
            make=_make_node("experience"),
        ),
        "education": Record(
            name="education requirement",
            fields={"education": Field(EDUCATION_BODY, required=True), **COMMON},
            make=_make_node("education"),
        ),
        "judgment": Record(
            name="judgment clause",
            fields={
                "judgment": Field(Text(), required=True, description="the source's words that leave it to an analyst"),
                "provided": Field(NODE, description="the clause applies only if this is met (or may be)"),
                **COMMON,
            },
            make=_make_node("judgment"),
        ),
        "ref": Record(
            name="reference",
            fields={"ref": Field(Text(), required=True, description="the id of another node of the same class"), **COMMON},
            make=_make_node("ref"),
        ),
    },
)

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


def _walk_requirements(node: yaml.Node | None, ids: dict[str, yaml.Node], refs: list[yaml.Node], anys: list[yaml.Node]):
    """The ids, refs and any_of nodes of one requirement tree, by their YAML nodes (for positions)."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if not isinstance(k, yaml.ScalarNode):
                    continue
                if k.value == "id" and isinstance(v, yaml.ScalarNode):
                    ids.setdefault(v.value.strip(), v)
                elif k.value == "ref" and isinstance(v, yaml.ScalarNode):
                    refs.append(v)
                elif k.value == "any_of":
                    anys.append(n)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _check_requirement_tree(requirement: yaml.Node | None, ctx: Ctx) -> None:
    ids: dict[str, yaml.Node] = {}
    refs: list[yaml.Node] = []
    anys: list[yaml.Node] = []
    _walk_requirements(requirement, ids, refs, anys)
    for ref in refs:
        name = ref.value.strip()
        if name not in ids:
            ctx.error(ref, f"ref: {name!r} names no node of this class{_known(ids)}{suggest(name, ids)}")
    for node in anys:
        children = _value(node, "any_of")
        # an alternative is named by its id, or by the id it refers to ({ref: billing-supervision})
        known = [
            _value(c, "id") or _value(c, "ref") for c in (children.value if isinstance(children, yaml.SequenceNode) else [])
        ]
        names = [k.value.strip() for k in known if isinstance(k, yaml.ScalarNode)]
        for item in _scalars(_value(node, "proportional")):
            if item.value.strip() not in names:
                ctx.error(
                    item,
                    f"proportional: {item.value!r} is not the id of an alternative of this any_of"
                    f" (expected one of: {', '.join(names) or 'none; give the alternatives ids'})"
                    f"{suggest(item.value, names)}",
                )


def _known(ids: dict[str, yaml.Node]) -> str:
    return f" (expected one of: {', '.join(sorted(ids))})" if ids else " (expected the id of a node; none has an id)"


def _check_spec_file(values, nodes, ctx: Ctx) -> None:
    """Rules that join parts of a spec file (grades name competencies, refs name nodes), at their positions."""
    series = nodes.get("series")
    competencies = _value(series, "competencies") if series is not None else None
    known = [k.value for k, _ in competencies.value] if isinstance(competencies, yaml.MappingNode) else []
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
        _check_requirement_tree(requirement, ctx)
        for sp in specialties.value if isinstance(specialties, yaml.SequenceNode) else []:
            _check_requirement_tree(_value(sp, "requirement"), ctx)


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
                raise UnknownClass(f"unknown class {name!r}{self.class_suggestion(name)} (see merit classes)")
            if cls not in out:
                out.append(cls)
        return out

    def class_suggestion(self, name: str) -> str:
        """A ``did you mean`` naming the class id, or nothing."""
        import difflib

        close = difflib.get_close_matches(_norm(name), list(self._names), n=1, cutoff=0.6) if name else []
        return f"; did you mean {self._names[close[0]]!r}?" if close else ""

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
    applicant.
    """
    if not directory.is_dir():
        return _build_catalogue(directory, [])
    from merit.catalogue_cache import cached

    files = _spec_files(directory)
    duties = [d / DUTIES_FILE for d in dict.fromkeys((bundled_specs_dir(), directory)) if (d / DUTIES_FILE).is_file()]
    built: list[Catalogue] = []

    def build() -> tuple[list[Series], dict[str, str]]:
        built.append(_build_catalogue(directory, files))
        return built[0].series, built[0].terms

    series, terms = cached(directory, [*duties, *files], build)
    return built[0] if built else Catalogue(series, terms, directory)


def _spec_files(directory: Path) -> list[Path]:
    """The spec files of a directory, sorted. Hidden files (an editor's lock or backup) are left
    out, and anything else named *.yaml that is not a regular file (a FIFO, a device, a
    directory) is skipped with a warning: reading it could wait forever or never end."""
    files = []
    for p in sorted(directory.glob("*.y*ml")):
        if p.name == DUTIES_FILE or p.suffix not in (".yaml", ".yml") or p.name.startswith("."):
            continue
        if p.is_file():
            files.append(p)
        else:
            warn(f"skipped {p}: {_what_is(p)} (expected a spec file: a regular YAML file)")
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
    for f in files:
        s = load_spec_file(f, terms, problems)
        if s is not None:
            series.append(s)
    _check_unique(series, problems)
    if problems:
        raise InputError(problems)
    return Catalogue(series, terms, directory)


def load_spec_file(path: Path, terms: dict[str, str], problems: list[Problem], text: str | None = None) -> Series | None:
    ctx = Ctx(str(path), terms)
    if text is None:
        text, read_problems = read_text(path)
        if text is None:
            problems.extend(read_problems)
            return None
    nodes, yaml_problems = compose_documents(text, str(path))
    problems.extend(yaml_problems)
    if yaml_problems or len(nodes) != 1:
        if not yaml_problems:
            problems.append(Problem(str(path), 1, 1, f"{len(nodes)} YAML documents (expected one)"))
        return None
    if _looks_like_applicants(nodes[0]):
        # one line, not a line for every key an applicant has and a spec does not
        line = nodes[0].start_mark.line + 1
        problems.append(Problem(str(path), line, 1, f"this is an applicant file, not a class spec {NOT_A_SPEC}"))
        return None
    value = SPEC_FILE.build(nodes[0], ctx)
    problems.extend(ctx.problems)
    if value is INVALID:
        return None
    return _make_series(value, str(path), terms, problems)


NOT_A_SPEC = "(expected series: and classes:; applicants are given as arguments, specs with --specs DIR)"


def _looks_like_applicants(node: yaml.Node) -> bool:
    """A mapping with an id and no series or classes, or a list of them."""
    if isinstance(node, yaml.SequenceNode) and node.value:
        node = node.value[0]
    if not isinstance(node, yaml.MappingNode):
        return False
    keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return "id" in keys and not keys & {"series", "classes"}


def _make_series(value: dict[str, Any], path: str, terms: dict[str, str], problems: list[Problem]) -> Series:
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
    )
    from merit.engine.credit import norm  # names are compared as the engine normalizes them

    abbreviations = tuple((norm(k), norm(v)) for k, v in (s.get("abbreviations") or {}).items())
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
            line=c["line"],
        )
        section = c.get("section") or "Minimum Qualifications"
        finish = (section, abbreviations)
        if cls.requirement is not None:
            ids: dict[str, Requirement] = {}
            _collect_ids(cls.requirement, ids)
            cls.requirement = _finish(cls.requirement, series.title, cls.title, *finish, ids)
        for sp in cls.specialties:
            ids = {}
            _collect_ids(sp.requirement, ids)
            label = f"{cls.title}, {sp.title} specialty"
            sp.requirement = _finish(sp.requirement, series.title, label, *finish, ids)
        series.classes.append(cls)
    series.classes.sort(key=lambda c: c.level)
    return series


def _collect_ids(node: Requirement, ids: dict[str, Requirement]) -> None:
    if node.id:
        ids[node.id] = node
    for child in (*node.children, *node.including):
        _collect_ids(child, ids)


def _finish(node, series_title, class_title, section, abbreviations, ids):
    """Fill in citations, give credit rules the series' abbreviations and replace each ref by
    the node it names; returns the node to use."""
    if node.kind == "ref":  # the class check has made sure every ref names a node, with its position
        return ids.get(node.ref or "", node)
    section = node.citation.section if node.citation and node.citation.section else section
    node.citation = Citation(series_title, class_title, section, node.label)
    for rule in node.credit:
        rule.when.abbreviations = abbreviations
    inner = (series_title, class_title, section, abbreviations, ids)
    if node.substitution is not None:
        _finish(node.substitution.experience, *inner)
        _nest(node, node.substitution.experience)
    node.children = [_finish(c, *inner) for c in node.children]
    node.including = [_finish(c, *inner) for c in node.including]
    for inner in node.including:
        _nest(node, inner)
    return node


def _nest(outer: Requirement, inner: Requirement) -> None:
    """A nested clause is cited under the clause it belongs to (Pattern IV, of which ...)."""
    if inner.citation is not None and outer.label:
        inner.citation.pattern = ", ".join(x for x in (outer.label, inner.label) if x)


def _check_unique(series: list[Series], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for s in series:
        for c in s.classes:
            if c.id in seen:
                problems.append(Problem(s.file, c.line or 1, 1, f"class id {c.id!r} is also used in {seen[c.id]}"))
            seen[c.id] = s.file


def resolve(node: Requirement, ids: dict[str, Requirement]) -> Requirement:
    return ids[node.ref] if node.kind == "ref" and node.ref in ids else node
