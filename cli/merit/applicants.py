"""The applicant file: its format, and reading records from files, directories and standard input."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import yaml

from merit.answers import ANSWERS
from merit.links import Outside, Tree, unquote
from merit.model import EDUCATION_LEVELS, EDUCATION_STATUSES, GRADES, SECTORS, Applicant, Course, Education, Job, License
from merit.problems import Problem
from merit.schema import (
    INVALID,
    Boolean,
    Choice,
    Ctx,
    Day,
    Field,
    ListOf,
    ListOrMap,
    MapOf,
    Number,
    Record,
    Term,
    Text,
    is_null,
    suggest,
)
from merit.yamlsafe import MAX_RECORDS, compose_checked, compose_records, read_stdin, read_text, split_records

MAX_HOURS_PER_WEEK = 168
MAX_ENTRIES = 500  # jobs (or education entries, or licences) of one applicant: a record, not a database

# How people write an education level on a form or a résumé, by the level it means (the README lists
# them). Case, dots and apostrophes do not matter, and a space or _ is read as -: "B.A." is "ba",
# "Bachelor's Degree" is "bachelors-degree". A word that could mean two levels is left out.
LEVELS_AS_WRITTEN = {
    "twelfth-grade": (
        "high school", "highschool", "high school diploma", "HS", "HS diploma", "GED", "HSE", "HiSET",
        "12th grade", "grade 12", "twelfth",
    ),
    "some-college": ("college coursework", "some college coursework"),
    "associate": ("associates", "associate's", "associate degree", "associate's degree", "AA", "AS", "AAS"),
    "bachelor": ("bachelors", "bachelor's", "bachelor degree", "bachelor's degree", "BA", "BS", "BSc", "BBA", "BSN", "BFA", "BSW"),
    "master": ("masters", "master's", "master degree", "master's degree", "MA", "MS", "MSc", "MBA", "MPA", "MEd", "MSN", "MSW", "MPH", "MFA"),
    "doctorate": ("PhD", "doctoral", "doctoral degree", "doctorate degree", "EdD", "DBA"),
}
LEVEL_SYNONYMS = {word: level for level, words in LEVELS_AS_WRITTEN.items() for word in words}


def _check_education(values, nodes, ctx):
    courses = values.get("courses") or []
    subjects = values.get("subjects") or {}
    if (
        values.get("unit_system") == "quarter"
        and "units" not in values
        and not any(u is not None for u in subjects.values())
        and not any(c.units is not None for c in courses)
    ):
        ctx.error(
            nodes["unit_system"],
            "unit_system: is given but no units are (expected units:, subjects with units, or courses with units)",
        )
    if any(c.units is not None for c in courses) and any(u is not None for u in subjects.values()):
        ctx.error(
            nodes["subjects"],
            "subjects: units are given by subject and by course (expected one or the other, so no unit counts twice)",
        )
    status = values.get("status", "completed")
    if "conferred" in values and status != "completed":
        ctx.error(nodes["conferred"], f"conferred: is given for status {status} (expected expected: while not completed)")
    if "expected" in values and status == "completed":
        ctx.error(nodes["expected"], "expected: is given for a completed entry (expected conferred: for the day it was completed)")


COURSE = Record(
    name="course",
    description="One course: its title, units and subject, and when it was completed.",
    fields={
        "title": Field(Text(), required=True, example="Intermediate Accounting I", description="the course's title"),
        "units": Field(Number(0, 100), description="units earned"),
        "unit_system": Field(Choice(("semester", "quarter")), description="default: the education entry's"),
        "subject": Field(Text(), description="the subject it counts in, when the title does not say (accounting)"),
        "completed": Field(Day(month_end=True), description="when it was completed (YYYY-MM means the month's end)"),
    },
    make=lambda line, **kw: Course(line=line, **kw),
)


EDUCATION = Record(
    name="education entry",
    description="A school level reached, with its field and coursework.",
    fields={
        "level": Field(
            Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS),
            required=True,
            example="bachelor",
            description="highest level of this entry",
        ),
        "status": Field(Choice(EDUCATION_STATUSES), default="completed", description="completed, senior or enrolled"),
        "field": Field(Text(), description="major or field of study"),
        "subjects": Field(
            ListOrMap(Text(), Number(0)),
            default={},
            description="subject tags, or subject -> semester units",
        ),
        "units": Field(Number(0, 1000), description="units completed"),
        "unit_system": Field(
            Choice(("semester", "quarter")), default="semester", description="quarter units count 2/3"
        ),
        "school": Field(Text(), description="name of the school"),
        "accredited": Field(Boolean(), description="whether the school is accredited (by an agency the employer recognizes)"),
        "minor": Field(Text(), description="minor field of study"),
        "concentration": Field(Text(), description="concentration or specialization within the major"),
        "conferred": Field(Day(), description="when the degree or diploma was conferred (YYYY-MM means the 1st)"),
        "expected": Field(Day(), description="when it is expected, while not completed (YYYY-MM means the 1st)"),
        "courses": Field(ListOf(COURSE), default=[], description="courses taken, with units"),
        "gpa": Field(Number(0, 5), description="grade-point average on a 4-point scale"),
        "foreign": Field(Boolean(), description="true: from a school outside the United States"),
        "evaluated": Field(
            Boolean(), description="a foreign degree: true when a credential evaluation found it equivalent to a US degree"
        ),
    },
    make=lambda line, **kw: Education(line=line, **kw),
    check=_check_education,
)


def _check_job(values, nodes, ctx):
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        ctx.error(nodes["end"], f"end: {end} is before start {start} (expected an end on or after the start)")
    elif end and end > getattr(ctx, "latest", dt.date.max) and end.year < dt.MAXYEAR:
        # a job planned to end within the year is a projection, 2202 for 2022 a slip of the keys;
        # 9999-12-31 is how personnel systems write a job with no end
        ctx.error(
            nodes["end"],
            f"end: {end} is more than a year after the as-of date (expected the day the job ended or will end;"
            " leave end out while the job is current)",
        )
    hours = values.get("hours_per_week")
    if hours is not None and hours == 0:
        ctx.error(
            nodes["hours_per_week"],
            "hours_per_week: 0 hours a week (expected more than 0; leave the job out if no hours were worked)",
        )
    shares = values.get("duties") or {}
    given = [v for v in shares.values() if v is not None]
    if given and sum(given) > 100.0001:
        ctx.error(nodes["duties"], f"duties: the shares add to {sum(given):g}% (expected at most 100%)")


JOB = Record(
    name="experience entry",
    description="One job: who, where, when, how many hours, and which duties.",
    fields={
        "title": Field(Text(), description="the working title"),
        "employer": Field(Text()),
        "sector": Field(Choice(SECTORS), description="sector of the employer"),
        "jurisdiction": Field(Text(), description="the state or city whose service this is"),
        "class": Field(Text(), attr="class_", description="the civil-service class held, if any"),
        "range": Field(Text(), description="the class's range or grade, if any"),
        "start": Field(Day(), required=True, example="2023-01-01", description="first day (YYYY-MM means the 1st)"),
        "end": Field(
            Day(month_end=True, ongoing="leave end out while the job is current"),
            description="last day, omitted while current (YYYY-MM means the last day)",
        ),
        "hours_per_week": Field(
            Number(0, MAX_HOURS_PER_WEEK, too_high=f"the {MAX_HOURS_PER_WEEK} hours in a week"),
            description="default 40 (full time), shown as assumed",
        ),
        "paid": Field(Boolean(), description="default true, shown as assumed"),
        "hours_worked": Field(
            Number(0, MAX_HOURS_PER_WEEK * 53 * 100),
            description="the hours actually worked in the job in all, where the record gives them (4,160): they count, not its weeks",
        ),
        "duties": Field(
            ListOrMap(Term(), Number(0, 100)),
            description="duty terms, or term -> percent of time",
        ),
        "duties_text": Field(
            Text(),
            description="the duties in the applicant's own words, where they are not given as terms: an analyst reads them",
        ),
        "inbound_call_percent": Field(Number(0, 100), description="share of time handling in-bound calls"),
        "supervised_staff": Field(Number(0, integer=True), description="people supervised or led"),
        "pay_plan": Field(Text(), description="federal pay plan: GS, WG, ..."),
        "occupational_series": Field(Text(), description='federal occupational series: "0592"'),
        "grade": Field(Text(), description="grade of the pay plan: 7, or in full GS-0592-07"),
    },
    make=lambda line, **kw: Job(line=line, **kw),
    check=_check_job,
)

LICENSE = Record(
    name="licence entry",
    fields={
        "kind": Field(Text(), required=True, example="drivers-license", description="drivers-license, cpa, ..."),
        "jurisdiction": Field(Text()),
        "expires": Field(Day(month_end=True)),
        "issuer": Field(Text()),
        "issued": Field(Day()),
        "by_examination": Field(Boolean(), description="obtained by passing a written examination"),
        "grade": Field(Text(), description="the licence's grade or class (T2, Class A)"),
    },
    make=lambda line, **kw: License(line=line, **kw),
)


class CompetencyId(Text):
    """A competency id of the specs (``research``); a misspelt one is an error, not a grade that is lost."""

    def build(self, node, ctx):
        word = super().build(node, ctx)
        if word is INVALID or not ctx.competencies or word in ctx.competencies:
            return word
        lowered = word.lower().replace("_", "-").replace(" ", "-")
        if lowered in ctx.competencies:
            return lowered
        known = ", ".join(sorted(ctx.competencies))
        return ctx.error(
            node, f"unknown competency {word!r} (expected one of: {known}){suggest(lowered, ctx.competencies)}"
        )


class ApplicantId(Text):
    """An applicant's id, as people see it: in NFC, so that an accented letter typed either way is
    one id, and never empty or holding an invisible character (a control, a zero-width space, a
    direction mark), with which two ids that look the same would differ."""

    def build(self, node, ctx):
        word = super().build(node, ctx)
        if word is INVALID:
            return word
        if not word:
            return ctx.value_error(node, "is empty (expected text)")
        if word.isascii() and word.isprintable():
            return word
        import unicodedata

        word = unicodedata.normalize("NFC", word)
        for char in word:
            if not char.isprintable():
                name = unicodedata.name(char, "").lower()
                what = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
                return ctx.value_error(node, f"holds an invisible character, {what} (expected letters, digits, punctuation and spaces)")
        return word


APPLICANT = Record(
    name="applicant",
    ref="applicant",
    description="One applicant: education, experience, licences and assessed competency grades.",
    fields={
        "id": Field(ApplicantId(), required=True, example="A-1001", description="unique within a batch"),
        "name": Field(Text()),
        "education": Field(ListOf(EDUCATION, most=MAX_ENTRIES, items="education entries"), default=[]),
        "experience": Field(ListOf(JOB, most=MAX_ENTRIES, items="jobs"), default=[]),
        "licenses": Field(ListOf(LICENSE, most=MAX_ENTRIES, items="licences"), default=[]),
        "competencies": Field(
            MapOf(CompetencyId(), Choice(tuple(g.lower() for g in GRADES), shown=GRADES)),
            default={},
            description="assessed grades A-E by competency id",
        ),
        "answers": Field(ANSWERS, default={}, description="answers to the specs' supplemental questions, by question id"),
    },
    make=lambda line, **kw: Applicant(line=line, **kw),
)


class _Ctx(Ctx):
    """A check of an applicant record, which knows the last day a job may end: a year after the as-of
    date its jobs are judged on (today, without one)."""

    __slots__ = ("latest",)

    def __init__(self, path: str, terms, competencies, latest: dt.date, questions: dict | None = None) -> None:
        super().__init__(path, terms, competencies, questions)
        self.latest = latest


def _latest_end(as_of: dt.date | None) -> dt.date:
    from merit.engine.calendar import add_months

    day = as_of or dt.date.today()
    return add_months(day, 12) if day.year < dt.MAXYEAR else dt.date.max


class Loaded:
    """What one file gave: the applicants that are good, and the problems of the rest."""

    __slots__ = ("path", "applicants", "problems")

    def __init__(self, path: str, applicants: list[Applicant], problems: list[Problem]) -> None:
        self.path = path
        self.applicants = applicants
        self.problems = problems


EMPTY = "empty file (expected an applicant: a mapping with at least id)"
NOT_APPLICANT = "(expected an applicant: a mapping with at least id, or a list of them)"


def parse_applicants(
    text: str,
    path: str,
    terms: dict[str, str],
    competencies: frozenset[str] | None = None,
    questions: dict | None = None,
) -> Loaded:
    """Every applicant of a YAML text: one mapping, a list of them, or several documents.

    A bad record is reported and left out; the good ones of the same file are kept.
    """
    return _whole(path, stream_applicants(text, path, terms, competencies, questions=questions))


def stream_applicants(
    text: str,
    path: str,
    terms: dict[str, str],
    competencies: frozenset[str] | None = None,
    piece: int = 64,
    as_of: dt.date | None = None,
    questions: dict | None = None,
) -> Iterator[Loaded]:
    """The applicants of a YAML text (see parse_applicants) a piece at a time, at most ``piece``
    applicants each, so that a file of 100,000 is screened and written as it is read."""
    documents, problems = compose_records(text, path, "applicant")
    if problems:
        yield Loaded(path, [], problems)
        return
    yield from applicants_in(documents, path, terms, competencies, piece, as_of=as_of, questions=questions)


def applicants_of(
    nodes: list[yaml.Node],
    path: str,
    terms: dict[str, str],
    competencies: frozenset[str] | None = None,
    questions: dict | None = None,
) -> Loaded:
    """The applicants of a file's composed YAML documents (see parse_applicants)."""
    return _whole(path, applicants_in(iter(nodes), path, terms, competencies, len(nodes) or 1, questions=questions))


def _whole(path: str, pieces: Iterator[Loaded]) -> Loaded:
    applicants: list[Applicant] = []
    problems: list[Problem] = []
    for loaded in pieces:
        applicants.extend(loaded.applicants)
        problems.extend(loaded.problems)
    return Loaded(path, applicants, problems)


def split_applicants(text: str, path: str) -> list[str] | None:
    """A long text of applicants cut into texts of a few hundred each that read as the same
    applicants at the same places (yamlsafe.split_records), so that worker processes share one
    large file; None when it is not cut (short, a problem as a whole, or not applicants)."""
    slices = split_records(text, path, "applicant")
    if slices is None:
        return None
    for node in compose_checked(slices[0]):
        if not is_null(node):
            head = next(iter(node.value), None) if isinstance(node, yaml.SequenceNode) else None
            return None if _other_format(node, head) else slices
    return slices


def slice_applicants(
    text: str,
    path: str,
    terms: dict[str, str],
    competencies: frozenset[str] | None = None,
    as_of: dt.date | None = None,
    questions: dict | None = None,
) -> Iterator[Loaded]:
    """The applicants of a text split_applicants cut, one at a time, each with the problems of the
    records before it (the last with those after the last applicant)."""
    return applicants_in(compose_checked(text), path, terms, competencies, 1, whole=False, as_of=as_of, questions=questions)


def applicants_in(
    documents: Iterator[yaml.Node],
    path: str,
    terms: dict[str, str],
    competencies: frozenset[str] | None,
    piece: int = 64,
    whole: bool = True,
    as_of: dt.date | None = None,
    questions: dict | None = None,
) -> Iterator[Loaded]:
    """The applicants of composed YAML documents (see stream_applicants), a piece at a time; a
    part of a file (not ``whole``) is neither empty nor of another format: its file was checked. An
    end date more than a year after ``as_of`` (today, without one) is a problem of the record."""
    out: list[Applicant] = []
    problems: list[Problem] = []
    first: yaml.Node | None = None  # the first document, null or not, for the line of "empty file"
    latest = _latest_end(as_of)
    seen = records = 0
    for node in documents:
        first = first or node
        if is_null(node):
            continue
        seen += 1
        if isinstance(node, yaml.SequenceNode):
            items = iter(node.value)  # a long text's list is composed an item at a time
            head = next(items, None)
            if head is None:
                problems.append(_at(path, node, f"empty list {NOT_APPLICANT}"))
            other = _other_format(node, head) if seen == 1 and whole else None
            batch = itertools.chain((head,), items) if head is not None else iter(())
        else:
            other = _other_format(node, None) if seen == 1 and whole else None
            batch = iter((node,)) if isinstance(node, yaml.MappingNode) else iter(())
            if not isinstance(node, yaml.MappingNode):
                # plain text is not YAML an applicant is written in: nothing of it is quoted (it may be any
                # file a link leads to, a key or a password)
                problems.append(_at(path, node, f"found plain text, not quoted here {NOT_APPLICANT}"))
        if other:
            yield Loaded(path, [], [_at(path, node, f"this is {other}, not applicants (expected an applicant: a mapping with at least id)")])
            return
        for record in batch:
            records += 1
            if records > MAX_RECORDS:
                problems.append(
                    _at(path, record, f"more than {MAX_RECORDS:,} applicants in one file (expected at most {MAX_RECORDS:,}; split the file)")
                )
                yield Loaded(path, out, problems)
                return
            applicant = _applicant(record, path, terms, competencies, problems, latest, questions)
            if applicant is not None:
                out.append(applicant)
                if len(out) >= piece:
                    yield Loaded(path, out, problems)
                    out, problems = [], []
    if not seen and whole:
        line = first.start_mark.line + 1 if first is not None else 1
        problems.append(Problem(path, line, 1, EMPTY))
    yield Loaded(path, out, problems)


def _applicant(
    record: yaml.Node,
    path: str,
    terms: dict[str, str],
    competencies: frozenset[str] | None,
    problems: list[Problem],
    latest: dt.date = dt.date.max,
    questions: dict | None = None,
) -> Applicant | None:
    """One record of a file as an applicant, or None after adding its problems."""
    if not isinstance(record, yaml.MappingNode):
        what = "nothing" if is_null(record) else "a list" if isinstance(record, yaml.SequenceNode) else _describe(record)
        problems.append(_at(path, record, f"found {what} in the list (expected an applicant: a mapping with at least id)"))
        return None
    ctx = _Ctx(path, terms, competencies, latest, questions)
    applicant = APPLICANT.build(record, ctx)
    if applicant is INVALID:
        ident = _plain_id(record, path)
        for p in ctx.problems:
            p.applicant = ident
    problems.extend(sorted(ctx.problems, key=lambda p: (p.line, p.column)))
    if applicant is INVALID:
        return None
    for c in applicant.competencies:
        applicant.competencies[c] = applicant.competencies[c].upper()
    applicant.file = path
    return applicant


def _plain_id(record: yaml.MappingNode, path: str) -> str | None:
    """The id of a record that could not be read, for its error records: only one that is a good id
    by itself (its own problems, if any, are already among the record's)."""
    for key, value in record.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "id":
            ident = ApplicantId().build(value, Ctx(path))
            return None if ident is INVALID else ident
    return None


def _other_format(node: yaml.Node, head: yaml.Node | None) -> str | None:
    """Name the format of a file that is plainly not applicants (a spec given where applicants belong);
    ``head`` is the first item of a list."""
    if isinstance(node, yaml.MappingNode):
        keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        if "id" not in keys and keys & {"series", "classes"}:
            return "a class spec file (give it with --specs DIR)"
        if keys == {"duties"}:
            return "a duty vocabulary"
    if isinstance(head, yaml.MappingNode):
        keys = {k.value for k, _ in head.value if isinstance(k, yaml.ScalarNode)}
        if "id" not in keys and {"applicant", "expect"} <= keys:
            return "a file of spec examples"
    return None


def _at(path: str, node: yaml.Node, message: str) -> Problem:
    return Problem(path, node.start_mark.line + 1, node.start_mark.column + 1, message)


def _describe(node: yaml.Node) -> str:
    value = str(node.value)
    return f"text {value[:40] + '...' if len(value) > 40 else value!r}"


def load_file(
    path: Path | Unread | None,
    terms: dict[str, str],
    name: str | None = None,
    competencies: frozenset[str] | None = None,
    questions: dict | None = None,
) -> Loaded:
    """Every applicant of a file, or of standard input for None (see parse_applicants)."""
    return _whole(name or str(path), stream_file(path, terms, name, competencies, questions=questions))


def stream_file(
    path: Path | Unread | None,
    terms: dict[str, str],
    name: str | None = None,
    competencies: frozenset[str] | None = None,
    as_of: dt.date | None = None,
    questions: dict | None = None,
    read: tuple[str | None, list[Problem]] | None = None,
) -> Iterator[Loaded]:
    """The applicants of a file, or of standard input for None, a piece at a time (see stream_applicants);
    ``read`` is what reading it gave, when the caller has read it (merit.store keys results by the text)."""
    label = "<stdin>" if path is None else name or str(path)
    if isinstance(path, Unread):
        yield Loaded(label, [], [path.problem])
        return
    text, problems = read if read is not None else read_stdin() if path is None else read_text(path)
    if text is None:
        yield Loaded(label, [], [Problem(label, p.line, p.column, p.message) for p in problems])
        return
    if isinstance(path, Outside):
        yield from _unquoted(stream_applicants(text, label, terms, competencies, 64, as_of, questions))
        return
    yield from stream_applicants(text, label, terms, competencies, 64, as_of, questions)


def _unquoted(pieces: Iterator[Loaded]) -> Iterator[Loaded]:
    for loaded in pieces:
        unquote(loaded.problems)
        yield loaded


def is_applicant_name(name: str) -> bool:
    """A file that a directory given as input holds applicants in: *.yaml or *.yml in any case, not hidden."""
    return not name.startswith(".") and name.lower().endswith((".yaml", ".yml"))


class Unread:
    """A place in an input directory that cannot be read: a directory that cannot be listed, a link
    that leads in a loop, or a FIFO with an applicant file's name. It is reported in its place and
    the batch goes on."""

    __slots__ = ("problem",)

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def expand(arguments: list[str]) -> Iterator[tuple[str, str | Unread | None]]:
    """Files to read, in order: files as given, the applicant files below directories, and '-' for stdin."""
    for arg in arguments:
        if arg == "-":
            yield "-", None
        elif os.path.isdir(arg):
            yield from _yaml_files(arg, (), Tree(arg))
        else:
            yield arg, arg


def _yaml_files(
    directory: str, above: tuple[tuple[int, int], ...], tree: Tree, outside: bool = False
) -> Iterator[tuple[str, str | Unread]]:
    """Every applicant file below a directory (sub-directories too, links followed), sorted by path.

    Hidden files and directories are left out. Only names are held, so a huge batch stays small.
    A file that a link leads to outside the directory given (or a file below a directory a link
    leads to out there) is given as ``Outside``; a link to nothing says where it leads only when
    that is inside.
    """
    try:
        here = os.stat(directory)
        if (here.st_dev, here.st_ino) in above:
            problem = "a symbolic link loop: it leads back to a directory above it (expected a directory of applicant files)"
            yield directory, Unread(Problem(directory, 1, 1, problem))
            return
        children = _listing(directory)
    except OSError as err:
        problem = f"cannot read this directory: {err.strerror or err} (expected a directory merit may list)"
        yield directory, Unread(Problem(directory, 1, 1, problem))
        return
    above = (*above, (here.st_dev, here.st_ino))
    for name, kind in children:
        path = os.path.join(directory, name.rstrip(os.sep))
        if kind == "directory":
            yield from _yaml_files(path, above, tree, outside or (os.path.islink(path) and not tree.holds(path)))
        elif kind == "link":
            yield path, Outside(path) if outside or not tree.holds(path) else path
        elif kind == "broken":
            where = f"a symbolic link to {tree.shown(path)}" if not outside and tree.holds(path) else "a symbolic link outside the directory given"
            yield path, Unread(Problem(path, 1, 1, f"no such file: {where} that does not exist (expected an applicant file)"))
        elif outside:
            yield path, Outside(path)
        elif kind == "loop":
            problem = "a symbolic link loop (expected a file or directory of applicants)"
            yield path, Unread(Problem(path, 1, 1, problem))
        elif kind == "special":
            problem = "not a regular file (a FIFO, socket or device), not read (expected an applicant file)"
            yield path, Unread(Problem(path, 1, 1, problem))
        else:
            yield path, path  # a str: a Path interns its parts, and the names of a batch would stay


def _listing(directory: str) -> Iterator[tuple[str, str]]:
    """The entries of a directory merit reads, sorted as full paths would sort (a directory's name
    with a separator after it): applicant files, directories, links that lead in a loop, and
    applicant names that are not files (a FIFO), which are reported.

    The directory is read at once. A large one is held as runs of sorted entries packed a few bytes
    an entry, merged as they are taken: 90,000 names as a list of str took 11 MiB.
    """
    import errno

    runs: list[bytes] = []
    children: list[tuple[str, str]] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    children.append((entry.name + os.sep, "directory"))
                elif is_applicant_name(entry.name):
                    # a link to a file is judged by where it leads; a FIFO, socket or device (or a
                    # link to one) is never waited on, and never passed over in silence
                    if entry.is_symlink():
                        kind = "broken" if not os.path.exists(entry.path) else "link" if entry.is_file() else "special"
                    else:
                        kind = "file" if entry.is_file() else "special"
                    children.append((entry.name, kind))
                elif entry.is_symlink():
                    os.stat(entry.path)
            except OSError as err:  # a link to nothing that is not an applicant file is none of merit's
                if err.errno == errno.ELOOP:
                    children.append((entry.name, "loop"))
            if len(children) == RUN:
                runs.append(_packed(children))
                children = []
    children.sort()
    if not runs:
        return iter(children)
    import heapq

    runs.append(_packed(children))
    return heapq.merge(*map(_unpacked, runs))


RUN = 1024  # entries of a directory sorted at a time
KINDS = ("directory", "file", "loop", "special", "link", "broken")
ENDING = b".yaml"  # the end of most names: left out of a packed name, and told by a bit of its kind's byte


def _packed(children: list[tuple[str, str]]) -> bytes:
    """Entries sorted and front-coded: each is how many bytes of its name it shares with the name
    before it, its kind, the rest of its name, and a NUL (which no name holds)."""
    children.sort()
    packed = bytearray()
    before = b""
    for name, kind in children:
        raw = os.fsencode(name)
        ends = raw.endswith(ENDING)
        if ends:
            raw = raw[: -len(ENDING)]
        shared, most = 0, min(len(raw), len(before), 255)
        while shared < most and raw[shared] == before[shared]:
            shared += 1
        packed += bytes((shared, KINDS.index(kind) | ends << 3))
        packed += raw[shared:]
        packed += b"\0"
        before = raw
    return bytes(packed)


def _unpacked(packed: bytes) -> Iterator[tuple[str, str]]:
    name = b""
    at = 0
    while at < len(packed):
        end = packed.index(0, at + 2)
        name = name[: packed[at]] + packed[at + 2 : end]
        kind = packed[at + 1]
        yield os.fsdecode(name + ENDING if kind & 8 else name), KINDS[kind & 7]
        at = end + 1
