"""Checking applicant and spec files without screening: every problem of every file, with its position.

Which format a file is in is read from its first document: a mapping with
``series`` or ``classes`` is a class spec, one with only ``duties`` is a duty
vocabulary, a list of mappings with ``applicant`` and ``expect`` is a file of
spec examples (whose applicants are checked), one with ``applicant`` and
``point`` a determinations file, one with ``policy`` (or a file named ``policy.yaml``) an office's
policy, anything else is taken as applicants. A directory that holds applicants is read as merit screen reads
it: every file in it as applicants.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from merit.applicants import Reading, applicants_in
from merit.file_formats import APPLICANT, CASES, DETERMINATIONS, DUTIES, ORDERS, PLACES, POLICY, SPEC, format_of
from merit.inputs import Unread, expand
from merit.links import Outside, unquote
from merit.model.specs import Question, Series
from merit.problems import Problem
from merit.seen import id_key
from merit.yamlsafe import compose_records, read_stdin, read_text

BY_KEYS, DEFER = "by keys", "defer"  # what Validator.check does with a file that is not applicants


@dataclass
class Checked:
    """What one file turned out to be, and what is wrong with it."""

    path: str
    kind: str | None  # None when the file could not be read as YAML at all
    problems: list[Problem]
    records: int = 0  # applicants (or classes) that are good
    warnings: list[Problem] = field(default_factory=list)  # a spec that loads but never does what it says
    named: bool = False  # the file names applicants (an id), so its directory is one of applicants
    # what loading the specs warned (a spec file that is a broken link), said with the first file that needed them
    spec_warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    files: list[Checked] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    def summary(self) -> str:
        count = {APPLICANT: 0, SPEC: 0, DUTIES: 0, CASES: 0, PLACES: 0, ORDERS: 0, DETERMINATIONS: 0, POLICY: 0}
        records = {APPLICANT: 0, SPEC: 0, DETERMINATIONS: 0}
        for f in self.files:
            if f.kind in count:
                count[f.kind] += 1
            if f.kind in records:
                records[f.kind] += f.records
        parts = []
        if count[APPLICANT]:
            parts.append(f"{_n(count[APPLICANT], 'applicant file')} ({_n(records[APPLICANT], 'good applicant')})")
        if count[SPEC]:
            parts.append(f"{_n(count[SPEC], 'spec file')} ({_n(records[SPEC], 'good class', 'good classes')})")
        if count[CASES]:
            parts.append(_n(count[CASES], "example file"))
        if count[DUTIES]:
            parts.append(_n(count[DUTIES], "duty vocabulary", "duty vocabularies"))
        if count[PLACES]:
            parts.append(_n(count[PLACES], "places file"))
        if count[ORDERS]:
            parts.append(_n(count[ORDERS], "level orders file"))
        if count[DETERMINATIONS]:
            answered = _n(records[DETERMINATIONS], "answer")
            parts.append(f"{_n(count[DETERMINATIONS], 'determinations file')} ({answered})")
        if count[POLICY]:
            parts.append(_n(count[POLICY], "policy file"))
        found = len(self.problems)
        what = ", ".join(parts) or "nothing readable"
        files = sum(1 for f in self.files if f.path)
        warned = sum(len(f.warnings) for f in self.files)
        return f"checked {_n(files, 'file')}: {what}; {_n(found, 'problem')}" + (f", {_n(warned, 'warning')}" if warned else "")


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _names_applicants(nodes: list[yaml.Node]) -> bool:
    """Whether a file's first document is an applicant or a list of them: a mapping with an id."""
    first = nodes[0] if nodes else None
    if isinstance(first, yaml.SequenceNode) and first.value:
        first = first.value[0]
    return isinstance(first, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == "id" for k, _ in first.value
    )


class Validator:
    """Checks files one by one; the duty vocabulary comes from the specs directory (and a spec's own directory)."""

    def __init__(self, specs: Path):
        self.specs = specs
        self._terms: dict[Path, tuple[dict[str, str], list[Problem]]] = {}
        self.series: list[Series] = []
        self.applicant_ids: dict[str, tuple[str, int]] = {}
        self._competencies: frozenset[str] | None  # set by competencies(), with _questions
        self._questions: dict[str, Question] | None
        self._unsaid: list[str] = []  # the warnings of loading the specs, until a checked file carries them

    def terms(self, directory: Path) -> tuple[dict[str, str], list[Problem]]:
        from merit.specs import load_terms

        key = directory.resolve()
        if key not in self._terms:
            problems: list[Problem] = []
            self._terms[key] = (load_terms(directory, problems), problems)
        return self._terms[key]

    def competencies(self) -> frozenset[str] | None:
        """The competency ids of the specs, or None when the specs do not load (their problems come elsewhere)."""
        if not hasattr(self, "_competencies"):
            from merit.problems import InputError
            from merit.specs import load_catalogue

            try:
                catalogue = load_catalogue(self.specs)
                self._competencies, self._questions = catalogue.competency_ids, catalogue.questions
                self._unsaid = catalogue.warnings
            except InputError as err:
                self._competencies = self._questions = None
                self._unsaid = err.warnings
        return self._competencies

    def questions(self) -> dict | None:
        """The supplemental questions of the specs, or None when the specs do not load: answers are then
        checked for their shape only, and against the questions when screened."""
        self.competencies()
        return self._questions

    def directory(self, directory: str) -> Iterator[Checked]:
        """Every file of a directory, as merit screen reads it when the directory holds applicants.

        merit screen takes every file of a directory as applicants, so a spec file (or a duty
        vocabulary) among applicant files is reported as screen reports it. A directory with
        no applicant file in it (a specs directory) is checked file by file, each by its keys.
        """
        others: list[tuple[str, str | Unread | None]] = []
        applicants = False
        for label, path in expand([directory]):
            checked = self.check(label, path, others=DEFER)
            if checked is None:  # not applicants: known only once the whole directory is read
                others.append((label, path))
                continue
            applicants = applicants or checked.named
            yield checked
        for label, path in others:
            checked = self.check(label, path, others=APPLICANT if applicants else BY_KEYS)
            if checked is not None:  # None only when deferred
                yield checked

    def check(self, label: str, path: str | Unread | None, others: str = "by keys") -> Checked | None:
        """One file, checked as the format its keys name; a file that is not applicants is checked by its keys
        (BY_KEYS), as applicants, as merit screen reads it (APPLICANT), or left for later: None (DEFER)."""
        checked = self._check(label, path, others)
        if checked is not None and isinstance(path, Outside):  # a link out of the directory: nothing quoted
            unquote(checked.problems)
        if checked is not None and self._unsaid:
            checked.spec_warnings, self._unsaid = self._unsaid, []
        return checked

    def _check(self, label: str, path: str | Unread | None, others: str) -> Checked | None:
        if isinstance(path, Unread):
            return Checked(label, None, [path.problem])
        if path is None:
            label = "<stdin>"
            text, problems = read_stdin()
        else:
            text, problems = read_text(path)
            problems = [Problem(label, p.line, p.column, p.message) for p in problems]
        if text is None:
            return Checked(label, None, problems)
        documents, problems = compose_records(text, label, "applicant")
        if problems:
            return Checked(label, None, problems)
        first = next(documents, None)
        # a long text's list comes an item at a time (its value is no list): only applicants are that long
        lazy = isinstance(first, yaml.SequenceNode) and not isinstance(first.value, list)
        kind = APPLICANT if lazy else format_of(first, label) or APPLICANT
        if kind != APPLICANT and others == DEFER:
            return None
        if others == APPLICANT:
            kind = APPLICANT
        if kind == SPEC:
            return self._spec(label, path, text)
        nodes = itertools.chain([first] if first is not None else [], documents)
        if kind in (DUTIES, PLACES, ORDERS):
            return self._shared(label, kind, list(nodes))
        if kind == CASES:
            return self._cases(label, list(nodes), path)
        if kind == DETERMINATIONS:
            from merit.determinations import parse_determinations

            answers = parse_determinations(text, label)
            return Checked(label, DETERMINATIONS, answers.problems, len(answers.determinations))
        if kind == POLICY:
            from merit.policy import parse_policy

            checked = parse_policy(text, label)
            return Checked(label, POLICY, checked.problems, 0 if checked.policy is None else 1)
        terms, _ = self.terms(self.specs)
        problems = []
        good = 0
        named = lazy or _names_applicants([first] if first is not None else [])
        for loaded in applicants_in(nodes, label, Reading(terms, self.competencies(), self.questions())):
            problems.extend(loaded.problems)
            for a in loaded.applicants:
                key = id_key(a.id)
                if key in self.applicant_ids:
                    first_file, first_line = self.applicant_ids[key]
                    where = f"line {first_line}" if first_file == label else f"{first_file}:{first_line}"
                    problems.append(
                        Problem(label, a.line, 1, f"duplicate applicant id {a.id!r} (first at {where}; expected ids unique within a batch)")
                    )
                    continue
                self.applicant_ids[key] = (label, a.line)
                good += 1
        return Checked(label, APPLICANT, problems, good, named=named)

    def _spec(self, label: str, path: str | None, text: str) -> Checked:
        from merit.specs import load_orders, load_spec_file

        directory = Path(path).parent if path is not None else self.specs
        terms, term_problems = self.terms(directory)
        problems: list[Problem] = []
        orders = load_orders(directory, [])  # its own problems come with the orders file
        series = load_spec_file(Path(label), terms, problems, text=text, orders=orders)
        if term_problems and directory != self.specs:
            problems.extend(p for p in term_problems if p not in problems)
        if series is None:
            return Checked(label, SPEC, problems)
        self.series.append(series)
        from merit.spec_checks import warnings

        return Checked(label, SPEC, problems, len(series.classes), warnings(series) if not problems else [])

    def _cases(self, label: str, nodes: list[yaml.Node], path: str | None = None) -> Checked:
        """Spec examples: each case's applicant is checked like an applicant file, with the duty
        vocabulary of the specs the cases are for (those of DIR for DIR/cases/x.cases.yaml)."""
        from merit.cases import CASES as CASE_LIST
        from merit.schema import Ctx

        directory = self.specs
        if path is not None:
            parent = Path(path).parent
            directory = parent.parent if parent.name == "cases" else parent
        terms, _ = self.terms(directory)
        ctx = Ctx(label, terms)
        CASE_LIST.build(nodes[0], ctx)  # every key of every case, as merit test reads them
        return Checked(label, CASES, sorted(ctx.problems, key=lambda p: (p.line, p.column)))

    def _shared(self, label: str, kind: str, nodes: list[yaml.Node]) -> Checked:
        """A file the specs of a directory share: the duty vocabulary, the places or the level orders."""
        from merit.schema import Ctx
        from merit.specs import DUTIES_FORMAT, ORDERS_FORMAT, PLACES_FORMAT

        if len(nodes) != 1:
            return Checked(label, kind, [Problem(label, 1, 1, f"{len(nodes)} YAML documents (expected one)")])
        ctx = Ctx(label)
        {DUTIES: DUTIES_FORMAT, PLACES: PLACES_FORMAT, ORDERS: ORDERS_FORMAT}[kind].build(nodes[0], ctx)
        replaced = _replaced_terms(label, nodes[0]) if kind == DUTIES and not ctx.problems else []
        return Checked(label, kind, ctx.problems, warnings=replaced)

    def finish(self) -> list[Problem]:
        """Problems that involve several spec files: a class id used twice."""
        from merit.specs import _check_unique

        problems: list[Problem] = []
        _check_unique(self.series, problems)
        return problems


def _replaced_terms(label: str, node: yaml.Node) -> list[Problem]:
    """A directory's duty term that has a bundled term's name, and another meaning, replaces it for every
    spec there: say so, since an author who missed the bundled one (merit show --duties) may mean another thing."""
    from merit.specs import bundled_specs_dir, load_terms

    bundled = load_terms(bundled_specs_dir(), [])
    out = []
    for key, value in node.value:
        if key.value != "duties" or not isinstance(value, yaml.MappingNode):
            continue
        for term, text in value.value:
            name = str(term.value).lower()
            if name in bundled and str(text.value) != bundled[name]:  # a copy of the bundled file says nothing new
                out.append(
                    Problem(
                        label, term.start_mark.line + 1, term.start_mark.column + 1,
                        f"warning: duty term {name!r} replaces the bundled term of that name, which means: {bundled[name]}",
                    )
                )
    return out


def validate(arguments: list[str], specs: Path) -> Iterator[Checked]:
    """Check every file named (directories: every *.yaml/*.yml in them), one at a time."""
    validator = Validator(specs)
    for arg in arguments:
        files = expand([arg])
        first = next(files, None)
        if first is None:  # a directory with no applicant or spec files below it
            yield Checked(arg, None, [Problem(arg, 1, 1, "no *.yaml or *.yml files in this directory")])
            continue
        if arg != "-" and Path(arg).is_dir():
            yield from validator.directory(arg)
            continue
        for label, path in itertools.chain((first,), files):
            checked = validator.check(label, path)
            if checked is not None:  # None only when deferred
                yield checked
    extra = validator.finish()
    if extra:
        yield Checked("", None, extra)
