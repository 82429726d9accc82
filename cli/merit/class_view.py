"""A class and its series as people read them: levels of a series, minimum qualifications in plain words, what each
level adds over the one below, and competency charts.

Pure functions from the model to plain data; the renderers only format what these return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from merit.engine.wording import fmt
from merit.kinds import REGISTRY
from merit.kinds.experience import Experience
from merit.kinds.words import duration
from merit.model.applicants import GRADES
from merit.model.decisions import Decision
from merit.model.specs import ClassSpec, Series
from merit.requirements import Node as Requirement

SUPERVISORY_DUTIES = frozenset(("supervision", "management"))
_NUMBER_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_STARTS_WITH_LENGTH = re.compile(rf"^\s*(?:\d|(?:{_NUMBER_WORDS})\b)", re.IGNORECASE)
_PATTERN_LABEL = re.compile(r"^(?:Pattern|Requirement)\s+(\S+)$")
# "4 years of full-time paid experience as ...": the length and kind a figure already gives
_LENGTH_PREFIX = re.compile(
    rf"^\s*(?:\d+(?:\.\d+)?|{_NUMBER_WORDS})(?:\s*\(\d+\))?\s+(?:years?|months?)\s+of\s+"
    r"(?:(?:full-time|full time|paid|professional|qualifying|progressively responsible)[ ,]+)*experience\s+",
    re.IGNORECASE,
)
# a label that only names its pattern and kind ("Requirement 1, experience"): no topic
_PATTERN_KIND_LABEL = re.compile(r"^(?:Pattern|Requirement|Option|Alternative)\s+\S+,?\s+experience$", re.IGNORECASE)


# --- durations and plain words ------------------------------------------------------


def short_label(node: Requirement) -> str | None:
    """'Pattern I' -> 'I', 'Requirement 1' -> '1'; other labels as they are."""
    if not node.label:
        return None
    m = _PATTERN_LABEL.match(node.label)
    return m.group(1) if m else node.label


def _node_months(node: Requirement) -> float | None:
    """The length a node asks for, when it has one: an experience node, or alternatives of equal length."""
    if isinstance(node, Experience):
        return None if node.some else node.months
    if node.kind == "any_of" and node.children:
        lengths = {_node_months(c) for c in node.children}
        if len(lengths) == 1 and None not in lengths:
            return lengths.pop()
    return None


def plain_words(node: Requirement) -> str:
    """One clause in short plain words: the spec's summary, with its length in front when the summary lacks it."""
    text = node.summary.strip().rstrip(".")
    if not text:
        text = _composed(node)
    months = _node_months(node)
    if months is not None and months > 0 and not _STARTS_WITH_LENGTH.match(text):
        text = f"{duration(months)} of {text}"
    if node.including:  # nested minimums
        inner = "; ".join(plain_words(i) for i in node.including)
        if inner and "at least" not in text:
            text += f", at least {inner}"
    return text


def _composed(node: Requirement) -> str:
    """A clause in the plain words of its kind (merit.kinds), the clauses under it in theirs."""
    return REGISTRY[node.kind].words(node, plain_words)


# --- the requirement tree as patterns and as an outline ---------------------------------


@dataclass
class Clause:
    """One node of a requirement tree, for reading: depth, label, plain words, citation, and any exception."""

    depth: int
    label: str
    text: str
    citation: str
    note: str = ""


def outline(node: Requirement, depth: int = 0) -> list[Clause]:
    """Every clause of a requirement tree, top down, with its citation."""
    out: list[Clause] = []
    notes = REGISTRY[node.kind].notes(node)
    if node.short == "review":
        notes.append(f"if not met: review ({node.because})" if node.because else "if not met: review")
    label = node.label or REGISTRY[node.kind].LABEL
    text = plain_words(node) if node.kind != "any_of" or node.summary else _composed(node)
    out.append(Clause(depth, label, text, str(node.citation) if node.citation else "", "; ".join(notes)))
    for child in node.children:
        out.extend(outline(child, depth + 1))
    for inc in node.including:
        out.extend(outline(inc, depth + 1))
    if node.substitution is not None:
        sub = node.substitution
        out.append(
            Clause(
                depth + 1,
                "Substitution",
                f"{sub.experience.summary or 'qualifying experience'}: {fmt(sub.years_per_year)} year of education "
                f"per year of experience, for up to {fmt(sub.max_years)} of the {fmt(sub.required_years)} years",
                str(sub.experience.citation) if sub.experience.citation else "",
            )
        )
    return out


def paths(node: Requirement | None) -> list[Requirement]:
    """The alternatives a class can be met by: the children of a top-level 'any of', else the whole tree."""
    if node is None:
        return []
    return list(node.children) if node.kind == "any_of" else [node]


# --- figures: years of experience, education, supervision ------------------------------------


@dataclass
class Figures:
    experience: str
    education: str
    supervision: str


def _leaves(node: Requirement, kind: str) -> list[Requirement]:
    if node.kind == kind:
        return [node]
    out = []
    for c in node.children:
        out.extend(_leaves(c, kind))
    return out


def _supervisory(node: Requirement) -> bool:
    for rule in node.credit:
        if rule.credit != "certain":
            continue
        duties = set(rule.when.duties_all) | set(rule.when.duties_any)
        if rule.when.duties_all and SUPERVISORY_DUTIES & set(rule.when.duties_all):
            return True
        if duties and duties <= SUPERVISORY_DUTIES:
            return True
        if rule.when.class_ and all("supervisor" in c.lower() for c in rule.when.class_):
            return True  # every class the rule names is a supervisor's
    return False


def _topic(node: Requirement) -> str:
    """A few words for what an experience clause is about: its summary when short, else its label."""
    text = node.summary.strip().rstrip(".")
    if _STARTS_WITH_LENGTH.match(text):
        stripped = _LENGTH_PREFIX.sub("", text)
        text = stripped if stripped != text else ""
    if text and len(text) <= 90:
        text = re.sub(r"^experience (in|of) ", "", re.sub(r" experience$", "", text))
        return re.sub(r"^experience ", "", text)
    label = node.label or ""
    if label and not _PATTERN_LABEL.match(label) and not _PATTERN_KIND_LABEL.match(label) and label.lower() not in GENERIC_LABELS:
        return label[0].lower() + label[1:]
    return _where(node)


GENERIC_LABELS = frozenset(("typical qualifications", "minimum qualifications", "minimum requirements", "experience"))


def _where(node: Requirement) -> str:
    """'California state service', when every certain credit rule names the same one sector and place."""
    places = {(rule.when.sector, rule.when.jurisdiction) for rule in node.credit if rule.credit == "certain"}
    if len(places) == 1:
        sector, jurisdiction = places.pop()
        if len(sector) == 1 and len(jurisdiction) == 1:
            return f"in {jurisdiction[0]} {sector[0]} service"
    return ""


def _experience_figure(node: Requirement) -> str:
    if isinstance(node, Experience):
        topic = _topic(node)
        if node.some:
            text = (topic or "some experience") + " (no length stated)"
        else:
            text = duration(node.months)
            if node.typical:  # the source's range: the clause requires its low end
                lo, hi = (fmt(y) for y in node.typical)
                if node.months:
                    text = f"{text} (typical {lo}-{hi} years)"
                else:
                    text = f"none required (typical {lo}-{hi} year{'s' if node.typical[1] != 1 else ''})"
            if topic and node.months:
                text += f" {topic}"
        for inc in node.including:
            topic = re.sub(r"^of which ", "", _topic(inc))
            text += f", incl. {duration(inc.months)}" + (f" {topic}" if topic else "")
        return text
    months = _node_months(node)
    if node.kind == "any_of" and months:  # alternatives of one length: "2 years general experience"
        return f"{duration(months)} {_topic(node) or 'experience'}"
    return _combine(node, _experience_figure)


def _combine(node: Requirement, part) -> str:
    """Parts of an 'all of' add up (+); alternatives of an 'any of' are either-or (or)."""
    if node.kind == "all_of":
        return " + ".join(p for p in (part(c) for c in node.children) if p)
    if node.kind == "any_of":
        found = [part(c) for c in node.children]
        if not all(found):  # an alternative without it: not required
            return ""
        return " or ".join(dict.fromkeys(found))
    return ""


def _supervision_figure(node: Requirement) -> str:
    if isinstance(node, Experience):
        if _supervisory(node):
            return duration(node.months) if not node.some else "some (no length stated)"
        return " + ".join(duration(i.months) for i in node.including if _supervisory(i))
    return _combine(node, _supervision_figure)


def _labelled(items: list[tuple[Requirement, str]], several: bool) -> str:
    texts = [(short_label(p) if several else None, t) for p, t in items if t]
    return "; ".join(f"{label}: {t}" if label else t for label, t in texts)


def _education_figure(node: Requirement) -> str:
    """Education and coursework of a path in words: "bachelor's degree; 24 semester or 36 quarter units in accounting"."""
    words = [_composed(e) for e in _leaves(node, "education")]
    words += [_composed(c) for c in _leaves(node, "coursework")]
    return "; ".join(words)


def figures(cls: ClassSpec, requirement: Requirement | None) -> Figures:
    """The minimum qualifications in three short figures, per path where a class has several."""
    if requirement is None:
        return Figures("not stated", "not stated", "not stated")
    if requirement.kind == "judgment" and not requirement.children:
        unpublished = "not published by the source"
        return Figures(f"{unpublished}; evaluated individually", unpublished, unpublished)
    alternatives = paths(requirement)
    # a judgment alternative ("any equivalent combination") is a way in, not a figure
    concrete = [p for p in alternatives if p.kind != "judgment"]
    several = len(concrete) > 1
    exp = _labelled([(p, _experience_figure(p)) for p in concrete], several)
    edu = _labelled([(p, _education_figure(p)) for p in concrete], several)
    sup = _labelled([(p, _supervision_figure(p)) for p in concrete], several)
    if any(p.kind == "judgment" for p in alternatives):
        exp = (exp + "; " if exp else "") + "or an equivalent combination (analyst's judgment)"
    return Figures(exp or "none stated", edu or "none stated", sup or "none required")


# --- levels and what each adds --------------------------------------------------------


@dataclass
class Variant:
    """The minimum qualifications of a class, or of one of its specialties."""

    specialty: str | None
    specialty_title: str | None
    figures: Figures
    paths: list[dict[str, str]]
    status: Decision | None = None


@dataclass
class LevelRow:
    series: Series
    cls: ClassSpec
    codes: str
    pay: str
    guidance: str
    variants: list[Variant]
    adds: list[str]
    below: str | None


def codes_text(cls: ClassSpec) -> str:
    return ", ".join(f"{kind.replace('_', ' ')} {code}" for kind, code in cls.codes.items())


def _path_dicts(requirement: Requirement | None) -> list[dict[str, str]]:
    out = []
    for p in paths(requirement):
        out.append({"label": p.label or "", "text": plain_words(p), "citation": str(p.citation) if p.citation else ""})
    return out


def variants(cls: ClassSpec) -> list[Variant]:
    if cls.specialties:
        return [
            Variant(sp.id, sp.title, figures(cls, sp.requirement), _path_dicts(sp.requirement))
            for sp in cls.specialties
        ]
    return [Variant(None, None, figures(cls, cls.requirement), _path_dicts(cls.requirement))]


def level_below(cls: ClassSpec, series: Series) -> ClassSpec | None:
    lower = [c for c in series.classes if c.level < cls.level]
    return max(lower, key=lambda c: c.level) if lower else None


def ksas(cls: ClassSpec) -> list[str]:
    """Knowledge, skills and abilities in the source's words, each marked with its kind."""
    return (
        [f"Knowledge: {_clean(k)}" for k in cls.knowledge]
        + [f"Skill: {_clean(x)}" for x in cls.skills]
        + [f"Ability: {_clean(a)}" for a in cls.abilities]
        + [f"Duty: {_clean(d)}" for d in cls.duties]
    )


def _clean(text: str) -> str:
    return text.strip().rstrip(".")


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def adds(cls: ClassSpec, series: Series) -> list[str]:
    """What a level adds over the one below: knowledge, skills and abilities, guidance, competency degrees."""
    below = level_below(cls, series)
    if below is None:
        return []
    out: list[str] = []
    if cls.cumulative:
        out.extend(ksas(cls))
    else:
        before = {_norm(x) for x in ksas(below)}
        out.extend(x for x in ksas(cls) if _norm(x) not in before)
    raised = []
    for cid, degree in cls.grades.items():
        was = below.grades.get(cid)
        if was and degree != was:
            raised.append(f"{cid} {was}->{degree}")
    if raised:
        out.append("Higher competency degrees: " + ", ".join(raised))
    return out


def level_rows(classes: list[tuple[ClassSpec, Series]]) -> list[LevelRow]:
    rows = []
    for cls, series in classes:
        below = level_below(cls, series)
        rows.append(
            LevelRow(
                series=series,
                cls=cls,
                codes=codes_text(cls),
                pay=cls.pay or "not stated in the source",
                guidance=cls.guidance or "not stated",
                variants=variants(cls),
                adds=adds(cls, series),
                below=below.id if below else None,
            )
        )
    return rows


def adds_text(row: LevelRow) -> str:
    if row.below is None:
        n = len(ksas(row.cls))
        return f"first level of its series ({n} knowledge, skills and abilities; see merit show {row.cls.id})" if n else "first level of its series"
    if not row.adds:
        return f"nothing stated over {row.below}"
    head = f"over {row.below}"
    if row.cls.cumulative:
        head += ", in addition to the levels below"
    return head + ":\n" + "\n".join(f"- {item}" for item in row.adds)


# --- competency charts ---------------------------------------------------------------------


@dataclass
class Chart:
    """A series' competency/proficiency chart for some of its levels."""

    series: Series
    classes: list[ClassSpec]
    rows: list[dict[str, Any]]  # id, text, grades {class id: degree}
    guidance: dict[str, str]
    degrees: dict[str, str]
    core: list[dict[str, str]]
    assessed: dict[str, str] = field(default_factory=dict)

    def column(self, cls: ClassSpec) -> str:
        grade = cls.codes.get("grade")
        return f"Grade {grade}" if grade else cls.id

    def shortfall(self, competency: str, cls: ClassSpec) -> int | None:
        """Degrees by which the assessed grade falls short of the required one; None when not assessed."""
        assessed = self.assessed.get(competency)
        required = cls.grades.get(competency)
        if assessed is None or required is None:
            return None
        return max(0, GRADES.index(required) - GRADES.index(assessed))


def chart(series: Series, classes: list[ClassSpec], assessed: dict[str, str] | None = None) -> Chart | None:
    graded = [c for c in classes if c.grades]
    if not series.competencies or not graded:
        return None
    rows = [{"id": comp.id, "text": comp.text, "grades": {c.id: c.grades.get(comp.id, "") for c in graded}} for comp in series.competencies]
    return Chart(
        series=series,
        classes=graded,
        rows=rows,
        guidance={c.id: c.guidance or "" for c in graded},
        degrees=dict(series.degrees),
        core=list(series.core_competencies),
        assessed=dict(assessed or {}),
    )


# --- the catalogue and one class ------------------------------------------------------------


def class_entry(cls: ClassSpec, series: Series) -> dict[str, Any]:
    return {
        "series": series.id,
        "class": cls.id,
        "level": cls.level,
        "codes": dict(cls.codes),
        "title": cls.title,
        "jurisdiction": series.jurisdiction,
        "pay": cls.pay,
        "specialties": [sp.id for sp in cls.specialties],
    }


@dataclass
class Section:
    """A part of a class's full description: a heading, and lines or (term, text) items."""

    title: str
    lines: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


NOT_RECORDED = "not recorded in the spec"


def source_section(series: Series) -> Section:
    """The document a reader checks a decision against: its title, its dates and its address.

    The name of the file the source was read from is the spec's own business, not the reader's.
    """
    src = Section("Source")
    src.items.append(("title", series.source.get("document") or NOT_RECORDED))
    for kind, date in series.dates.items():
        src.items.append((kind.replace("_", " "), str(date)))
    if not series.dates:
        src.items.append(("date", NOT_RECORDED))
    src.items.append(("address", series.source.get("url") or NOT_RECORDED))
    src.items.append(("jurisdiction", f"{series.jurisdiction}; {series.organization}"))
    return src


def level_text(cls, series) -> str:
    """A class's place in its series: "2 of 3"; where the spec numbers its levels otherwise (1 and 3 of
    a series of two), the number and the place: "3 (the 2nd of 2 levels, lowest first)"."""
    levels = sorted(c.level for c in series.classes)
    if levels == list(range(1, len(levels) + 1)):
        return f"{cls.level} of {len(levels)}"
    place = levels.index(cls.level) + 1
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{cls.level} (the {place}{suffix} of {len(levels)} levels, lowest first)"


def class_document(cls: ClassSpec, series: Series) -> list[Section]:
    """One class in full, section by section."""
    out: list[Section] = []
    out.append(source_section(series))

    ident = Section("Class")
    ident.items.extend(
        [
            ("id", cls.id),
            ("title", cls.title),
            ("series", f"{series.title} ({series.id})"),
            ("level", level_text(cls, series)),
        ]
    )
    if cls.codes:
        ident.items.append(("codes", codes_text(cls)))
    if cls.aliases:
        ident.items.append(("aliases", ", ".join(cls.aliases)))
    ident.items.append(("pay", cls.pay or "not stated in the source"))
    ident.items.append(("guidance", cls.guidance or "not stated in the source"))
    if cls.summary:
        ident.items.append(("summary", cls.summary.strip()))
    out.append(ident)

    levels = Section("Levels of the series")
    for c in series.classes:
        mark = "> " if c.id == cls.id else "  "
        levels.lines.append(f"{mark}{c.level}. {c.id}  {c.title}" + (f"  ({c.pay})" if c.pay else ""))
    out.append(levels)

    targets = [(sp.title, sp.requirement) for sp in cls.specialties] if cls.specialties else [(None, cls.requirement)]
    for title, req in targets:
        name = "Minimum qualifications" + (f": {title} specialty" if title else "")
        sec = Section(name)
        if cls.typical:
            sec.lines.append(f"As published: {cls.typical}")
        if req is not None:
            sec.clauses = outline(req)
        else:
            sec.lines.append("none published")
        out.append(sec)

    if cls.specialties:
        out.append(Section("Specialties", items=[(sp.id, sp.title) for sp in cls.specialties]))
    if cls.selective:
        sel = Section("Selective certification (results of their own with merit screen --selective)")
        sel.items = [(s.id, s.title) for s in cls.selective]
        out.append(sel)
    if series.questions:  # what an applicant file may answer (answers: {id: ...}), and how
        asked = Section("Supplemental questions (an applicant file answers them under answers:)")
        asked.items = [(q.id, f"{q.text} ({q.type}{': ' + ', '.join(q.values) if q.values else ''})") for q in series.questions.values()]
        out.append(asked)
    ksa = Section("Knowledge, skills and abilities" + (" (in addition to those of the levels below)" if cls.cumulative else ""))
    ksa.lines = ksas(cls)
    if ksa.lines:
        out.append(ksa)
    added = adds(cls, series)
    below = level_below(cls, series)
    if below is not None:
        out.append(Section(f"Adds over {below.id}", lines=added or ["nothing stated"]))
    if cls.desirable:
        out.append(Section("Desirable qualifications (not required)", lines=list(cls.desirable)))
    if cls.grades:
        comp = Section("Competencies and degrees of proficiency")
        texts = {c.id: c.text for c in series.competencies}
        for cid, degree in cls.grades.items():
            comp.items.append((f"{degree}", f"{cid}: {texts.get(cid, cid)}"))
        out.append(comp)
        if series.degrees:
            out.append(Section("Degrees of proficiency", items=list(series.degrees.items())))
    if series.core_competencies:
        out.append(Section("Department core competencies", items=[(c["name"], c["text"]) for c in series.core_competencies]))
    if cls.notes:
        out.append(Section("Notes (not minimum qualifications)", items=[(n.kind, n.text) for n in cls.notes]))
    if series.notes:
        out.append(Section("Series notes", lines=list(series.notes)))
    return out


def document_dict(cls: ClassSpec, series: Series) -> dict[str, Any]:
    """The JSON form of one class in full."""
    targets = [(sp.id, sp.title, sp.requirement) for sp in cls.specialties] if cls.specialties else [(None, None, cls.requirement)]
    return {
        **class_entry(cls, series),
        "aliases": list(cls.aliases),
        "series_title": series.title,
        "organization": series.organization,
        "source": dict(series.source),
        "dates": {k: str(v) for k, v in series.dates.items()},
        "guidance": cls.guidance,
        "summary": cls.summary.strip(),
        "levels": [{"level": c.level, "class": c.id, "title": c.title} for c in series.classes],
        "typical": cls.typical,
        "minimum_qualifications": [
            {
                "specialty": sid,
                "specialty_title": stitle,
                "clauses": [vars(c) for c in outline(req)] if req is not None else [],
            }
            for sid, stitle, req in targets
        ],
        "knowledge": list(cls.knowledge),
        "skills": list(cls.skills),
        "abilities": list(cls.abilities),
        "duties": list(cls.duties),
        "cumulative": cls.cumulative,
        "adds": adds(cls, series),
        "desirable": list(cls.desirable),
        "competencies": [
            {"id": cid, "text": next((c.text for c in series.competencies if c.id == cid), ""), "degree": d}
            for cid, d in cls.grades.items()
        ],
        "degrees": dict(series.degrees) if cls.grades else {},
        "core_competencies": list(series.core_competencies),
        "notes": [{"kind": n.kind, "text": n.text} for n in cls.notes],
        "series_notes": list(series.notes),
    }
