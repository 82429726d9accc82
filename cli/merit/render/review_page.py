"""The analyst's review page: the decision points of saved results as one self-contained HTML page.

The page lists every question an analyst must still decide (and those decided
already), grouped by class, point pattern and applicant, with the applicant's
entry each is about, the clause and its citation, and what accepting it would
change. Answers are kept in the browser's local storage (keyed by the results'
digest) and exported as the determinations file ``merit screen --determinations``
reads, with the comments ``--format determinations`` writes.

Everything the page shows is data, embedded as JSON in a script element of type
``application/json`` and put on the page as text (never as markup): applicant
records are written by anyone. A Content-Security-Policy lets the page load
nothing; its one style sheet and one script are allowed by their digests.
"""

from __future__ import annotations

import json
import re
from importlib import resources

from merit.model.applicants import Applicant, Education, Job
from merit.model.decisions import STALE, Determination, Status
from merit.render.determinations import _answer, _comment, _q, preamble
from merit.render.html_report import COLOURS, _e, page_head
from merit.render.questions import pattern_of

# A new layout of the stored answers gets a new number, so a page never reads another's.
STORAGE_VERSION = 1
# A question's digest goes into the exported YAML as written: only one of the form merit writes is taken.
_DIGEST = re.compile(r"[0-9a-f]{16}")


def point_view(record: dict, point: dict) -> dict:
    """One decision point of a saved result, as the page reads it: the one place that knows the shape of a point's
    id and record (with ``point_class`` for an answer's id, and ``Records.entry``, which checks that the entry read
    from the applicant's file is the one the question names).

    ``pattern`` is the question asked of many applicants, as ``merit summary --questions`` counts it: the id
    with the entry made general (``JI60/pattern-i/job-*``); ``entry`` is the name of the record's entry the
    question is about (``job-office-technician-at-...-from-2025-06-01``, ``education-bachelor-in-...``), or None
    for a whole clause; ``digest`` is the digest of the question, which the export writes under the point.
    """
    pid = str(point.get("id") or "")
    last, pattern = pid.rpartition("/")[2], pattern_of(pid)
    digest = point.get("digest")
    # an answer the results carry is taken only whole and well formed: it goes into a YAML file as written
    answered = point.get("answer") in ("accept", "reject") and _is_day(point.get("date"))
    return {
        "id": pid,
        "class": str(record.get("class") or pid.split("/")[0]),
        "pattern": pattern,
        "entry": last if pattern != pid else None,  # a job or an education entry: the pattern made it general
        "digest": digest if isinstance(digest, str) and _DIGEST.fullmatch(digest) else "",
        "kind": _comment(str(point.get("kind") or "")),
        "requirement": str(point.get("requirement") or ""),
        "question": str(point.get("question") or ""),
        "if_accepted": str(point.get("if_accepted") or ""),
        "answer": [point["answer"], str(point.get("by") or ""), str(point.get("date") or ""), str(point.get("because") or "")]
        if answered
        else None,
    }


def _is_day(value) -> bool:
    import datetime as dt

    try:
        return isinstance(value, str) and len(value) == 10 and dt.date.fromisoformat(value) is not None
    except ValueError:
        return False


def point_class(point_id: str) -> str:
    """The class a decision point's id names (its first part)."""
    return point_id.split("/", 1)[0]


def _find_citation(reasons, requirement: str) -> str:
    """The citation of the clause a point belongs to, from a result's tree of reasons."""
    stack = list(reasons) if isinstance(reasons, list) else []
    while stack:
        r = stack.pop(0)
        if not isinstance(r, dict):
            continue
        if r.get("requirement") == requirement and r.get("citation"):
            return str(r["citation"])
        stack.extend(r.get("reasons") or ())
    return ""


class Citations:
    """A clause's citation from the specs, for results saved without their reasons (``--reasons summary``),
    where the spec is the text the results were screened against (the same sha256)."""

    def __init__(self, catalogue) -> None:
        self.catalogue = catalogue
        self.known: dict[tuple[str, str, str], str] = {}

    def __call__(self, cls: str, digest: str, requirement: str) -> str:
        key = (cls, digest, requirement)
        if key not in self.known:
            self.known[key] = self._look_up(cls, digest, requirement)
        return self.known[key]

    def _look_up(self, cls: str, digest: str, requirement: str) -> str:
        from merit.engine.points import clause_names
        from merit.engine.wording import cite

        spec = self.catalogue.by_id.get(cls) if self.catalogue else None
        if spec is None or self.catalogue.series_of(spec).digest != digest:
            return ""
        roots = [
            spec.requirement,
            *(s.requirement for s in spec.specialties),
            *(getattr(s, "requirement", None) for s in spec.selective),
        ]
        for root in roots:
            if root is None:
                continue
            for node in clause_names(root)[1].values():
                if getattr(node, "label", None) == requirement and cite(node):
                    return cite(node)
        return ""


def _day(value) -> str:
    return value.isoformat() if value is not None else ""


def job_facts(number: int, job: Job) -> list[str]:
    """A job as the page shows it beside a question: label, value, label, value, ..."""
    assumed = set(job.assumed)
    hours = f"{job.hours_per_week:g} a week" + (
        " (assumed: the record does not say)" if any("hours" in a for a in assumed) else ""
    )
    paid = ("paid" if job.paid else "unpaid") + (" (assumed: the record does not say)" if "paid" in assumed else "")
    if isinstance(job.duties, dict) and any(v is not None for v in job.duties.values()):
        duties = ", ".join(f"{k} {v:g}%" if v is not None else k for k, v in job.duties.items())
    else:
        duties = ", ".join(job.duties)
    service = ", ".join(x for x in (job.sector, job.jurisdiction) if x)
    held = ", ".join(x for x in (job.class_, f"range {job.range}" if job.range else None) if x)
    federal = " ".join(x for x in (job.pay_plan, job.occupational_series, job.grade) if x)
    rows = [
        ("Entry", f"job {number}: {job.named()}"),
        ("Dates", f"{_day(job.start)} to {_day(job.end) or 'now (current)'}"),
        ("Hours", hours),
        ("Pay", paid),
        ("Service", service),
        ("Class held", held),
        ("Pay plan", federal),
        ("Duties", duties),
        ("In-bound calls", f"{job.inbound_call_percent:g}% of the time" if job.inbound_call_percent is not None else ""),
        ("Supervised", f"{job.supervised_staff} people" if job.supervised_staff else ""),
    ]
    return [x for k, v in rows if v for x in (k, v)]


def education_facts(number: int, entry: Education) -> list[str]:
    """An education entry as the page shows it beside a question."""
    if entry.subjects:
        subjects = ", ".join(f"{k} ({v:g} units)" if v is not None else k for k, v in entry.subjects.items())
    else:
        subjects = ""
    units = f"{entry.units:g} {entry.unit_system} units" if entry.units is not None else ""
    accredited = {True: "yes", False: "no", None: ""}[entry.accredited]
    rows = [
        ("Entry", f"education {number}: {entry.level}, {entry.status}"),
        ("Field", entry.field or ""),
        ("School", entry.school or ""),
        ("Accredited", accredited),
        ("Units", units),
        ("Subjects", subjects),
        ("Courses", "; ".join(str(getattr(c, "title", None) or c) for c in entry.courses)),
        ("Conferred", _day(entry.conferred)),
        ("Expected", _day(entry.expected)),
    ]
    return [x for k, v in rows if v for x in (k, v)]


class Records:
    """The applicants' records, read from the files the results name, once each."""

    def __init__(self, catalogue) -> None:
        self.catalogue = catalogue
        self.files: dict[str, dict[str, Applicant] | str] = {}

    def applicant(self, path: str, applicant: str) -> Applicant | str:
        """The applicant, or why it cannot be shown."""
        if path not in self.files:
            self.files[path] = self._read(path)
        found = self.files[path]
        if isinstance(found, str):
            return found
        return found.get(applicant) or f"{path} no longer holds applicant {applicant}"

    def _read(self, path: str) -> dict[str, Applicant] | str:
        from merit.api import read_applicants

        if not path or self.catalogue is None:
            return "the results do not name the applicant's file"
        try:
            read = read_applicants(path, self.catalogue)
        except OSError as err:
            return f"{path} cannot be read here ({err.strerror or err})"
        if not read.applicants and read.problems:
            return f"{path} cannot be read here ({read.problems[0].message})"
        return {a.id: a for a in read.applicants}

    def entry(self, record: dict, view: dict) -> list[str] | str:
        """The facts of the entry a point is about, found by its name (what it is, not where it stands), or why
        they cannot be shown (the file may have changed since the screening)."""
        from merit.engine.points import entry_names

        name = view["entry"]
        found = self.applicant(str(record.get("file") or ""), str(record.get("applicant")))
        if isinstance(found, str):
            return found
        jobs, schooling = entry_names(found)
        kind, names = ("job", jobs) if name.startswith("job-") else ("education", schooling)
        if name not in names:
            return f"the record has no {kind} {name} now: it changed since the screening"
        k = names.index(name)
        if kind == "job":
            facts, line = job_facts(k + 1, found.experience[k]), found.experience[k].line
        else:
            facts, line = education_facts(k + 1, found.education[k]), found.education[k].line
        return facts + ["Record", f"{found.file}, line {line}" if line else found.file]


class Page:
    """What the page holds, gathered record by record (a batch is never held whole)."""

    def __init__(self, catalogue=None) -> None:
        self.records = Records(catalogue)
        self.citations = Citations(catalogue)
        self.strings: dict[str, int] = {}
        self.applicants: dict[tuple[str, str], int] = {}
        self.applicant_rows: list[list] = []
        self.points: list[list] = []
        self.where: dict[tuple[str, str], int] = {}  # (applicant, point id) -> index
        self.results: list[list] = []  # export order: [header comment, point indices, stale lines]
        self.titles: dict[str, str] = {}
        self.screened: set[tuple[str, str]] = set()  # (applicant, class)
        self.as_of: list[str] = []
        self.version = ""
        self.classes: list[str] = []
        self.later: list[str] = []  # answers of -d for questions not on the page

    def _s(self, text: str) -> int:
        """Strings repeat across thousands of applicants: the page holds each once."""
        k = self.strings.get(text)
        if k is None:
            k = self.strings[text] = len(self.strings)
        return k

    def add(self, record: dict) -> None:
        """One saved result."""
        if record.get("status") == "error":
            return
        cls, applicant = str(record.get("class")), str(record.get("applicant"))
        self.screened.add((applicant, cls))
        self.titles.setdefault(cls, str(record.get("title") or ""))
        if cls not in self.classes:
            self.classes.append(cls)
        if record.get("as_of") and str(record["as_of"]) not in self.as_of:
            self.as_of.append(str(record["as_of"]))
        self.version = self.version or str(record.get("merit_version") or "")
        review = record.get("status") == Status.REVIEW
        points = record.get("decision_points")
        views = [point_view(record, p) for p in points if isinstance(p, dict)] if isinstance(points, list) else []
        views = [v for v in views if (review or v["answer"]) and (applicant, v["id"]) not in self.where]
        stale = record.get("stale_determinations")
        stale = [d for d in stale if isinstance(d, dict)] if isinstance(stale, list) else []
        if not views and not stale:
            return
        who = self._applicant(record)
        indices = [self._point(record, who, v) for v in views]
        # the header comment as --format determinations writes it; every text of the results made one line
        name = record.get("name")
        label = _comment(applicant) + (f" ({_comment(str(name))})" if name else "")
        what = cls + (f" ({record['specialty']} specialty)" if record.get("specialty") else "")
        what += f", {record['selective']}" if record.get("selective") else ""
        header = (
            f"\n# {label} × {_comment(what)}, {_comment(str(record.get('title') or ''))}: {_comment(str(record.get('status')))}"
        )
        self.results.append([header, indices, [line for d in stale for line in _stale_lines(applicant, d)]])

    def _applicant(self, record: dict) -> int:
        key = (str(record.get("applicant")), str(record.get("file") or ""))
        if key not in self.applicants:
            self.applicants[key] = len(self.applicant_rows)
            self.applicant_rows.append([key[0], str(record.get("name") or ""), key[1]])
        return self.applicants[key]

    def _point(self, record: dict, who: int, view: dict) -> int:
        citation = _find_citation(record.get("reasons"), view["requirement"]) or self.citations(
            view["class"], str(record.get("spec_digest") or ""), view["requirement"]
        )
        entry = self.records.entry(record, view) if view["entry"] else None
        k = len(self.points)
        self.where[(self.applicant_rows[who][0], view["id"])] = k
        self.points.append(
            [
                who,
                view["id"],
                self._s(view["class"]),
                self._s(view["pattern"]),
                view["kind"],
                self._s(_comment(view["requirement"])),
                self._s(_comment(view["question"])),
                self._s(_comment(view["if_accepted"])),
                self._s(_comment(citation)),
                entry,
                view["answer"],
                view["digest"],
            ]
        )
        return k

    def add_answers(self, determinations: list[Determination], label: str) -> None:
        """The answers of a determinations file: on their questions, or kept for the export."""
        from merit.engine.points import is_pattern, why_stale

        later: list[str] = []
        patterns: list[str] = []
        for det in determinations:
            answer = [det.answer, det.by, det.date.isoformat(), det.because]
            k = self.where.get((det.applicant, det.point))
            if is_pattern(det.point) or is_pattern(det.applicant):  # a standing answer: kept as given, for merit screen
                patterns.extend([f"- applicant: {_q(det.applicant)}", f"  point: {_q(det.point)}", *_answer(det)])
            elif k is not None:
                self.points[k][10] = answer
            elif (det.applicant, point_class(det.point)) in self.screened:
                said = {"point": det.point, "message": why_stale(det, ()), **dict(zip(("answer", "by", "date", "because"), answer))}
                later.extend(_stale_lines(det.applicant, said))
            else:  # an applicant or class these results do not hold: kept for another run
                later.extend([f"- applicant: {_q(det.applicant)}", f"  point: {_q(det.point)}", *_answer(det)])
        if later:
            self.later.extend([f"\n# From {_comment(label)}: answers to questions these results do not ask", *later])
        if patterns:
            self.later.extend(
                [f"\n# From {_comment(label)}: answers by pattern, which merit screen applies where no answer of its own names a point", *patterns]
            )

    def data(self, digest: str, sources: list[str]) -> dict:
        one_line = {  # the preamble's comment, from the results: each text made one line
            "merit_version": _comment(self.version) or "?",
            "as_of": _comment(", ".join(self.as_of)) or "?",
            "classes": [_comment(c) for c in self.classes],
        }
        return {
            "storage": f"merit-review:{STORAGE_VERSION}:{digest}",
            "sources": sources,
            "as_of": one_line["as_of"],
            "preamble": preamble(one_line),
            "strings": list(self.strings),
            "applicants": self.applicant_rows,
            "points": self.points,
            "results": self.results,
            "later": self.later,
            "titles": self.titles,
        }


def _words(det: Determination) -> tuple:
    return (det.answer, det.by, det.date, det.because)


def _stale_lines(applicant: str, det: dict) -> list[str]:
    """An answer no question asks for now, as comments (as --format determinations keeps it)."""
    lines = [
        f"- applicant: {_q(applicant)}",
        f"  point: {_q(str(det.get('point')))}",
        f"  answer: {_comment(str(det.get('answer')))}",
        f"  by: {_q(str(det.get('by')))}",
        f"  date: {_comment(str(det.get('date')))}",
        f"  because: {_q(str(det.get('because')))}",
    ]
    why = det.get("message")
    if isinstance(why, str) and why and why != STALE:  # another text of its question, or an id by place: said as it is
        head = f"# not applied: {_comment(str(det.get('point')))} {_comment(why)}"
    else:
        head = f"# not applied, no decision point asks for it now (the spec or the record changed): {_comment(str(det.get('point')))}"
    return [head, *("# " + line for line in lines)]


def embedded(data: dict) -> str:
    """JSON that cannot end its script element or open a comment: every <, > and & inside strings escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def _asset(name: str) -> str:
    return resources.files("merit.render").joinpath(name).read_text(encoding="utf-8")


def render(data: dict, title: str = "Decision points to review") -> str:
    """The whole page, as text."""
    # the status colours of the report, which pass contrast checks on white and as backgrounds of white text
    colours = {"open": COLOURS[Status.REVIEW], "accept": COLOURS[Status.ELIGIBLE], "reject": COLOURS[Status.INELIGIBLE]}
    css = ":root { " + " ".join(f"--{k}: {v};" for k, v in colours.items()) + " }\n" + _asset("review_page.css")
    script = _asset("review_page.js")
    count = len(data["points"])
    return "\n".join(
        [
            *page_head(f"{_e(title)}: as of {_e(data['as_of'])}", css, script, script_in_head=False),  # the report's policy
            '<a class="skip" href="#questions">Skip to the questions</a>',
            "<header>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="stamp">Results read from {_e(", ".join(data["sources"]))}; qualifications judged as of {_e(data["as_of"])}; '
            f"{count:,} question{'s' if count != 1 else ''}.</p>",
            '<p id="kept" class="note" role="status"></p>',
            "<noscript><p>This page needs JavaScript to take answers; the questions are in the results file.</p></noscript>",
            "</header>",
            '<main id="app"></main>',
            f'<script type="application/json" id="review-data">{embedded(data)}</script>',
            f"<script>{script}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def results_digest(sources: list[str], records_of_stdin: list[str]) -> str:
    """The sha256 of the results the page is made from: the files' bytes (standard input: its records), in order."""
    import hashlib

    digest = hashlib.sha256()
    for source in sources:
        if source == "-":
            for line in records_of_stdin:
                digest.update(line.encode())
            continue
        try:
            with open(source, "rb") as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            digest.update(source.encode())
    return digest.hexdigest()


def build(sources: list[str], answers: list[str], catalogue, error) -> tuple[dict | None, int]:
    """The page's data from results files and determinations files; each problem goes to ``error`` as one line.

    Returns None (and the count of problems) when there is nothing to make a page of: no result could be
    read, or a determinations file has a problem (its answers would be silently left out).
    """
    from merit.determinations import load_determinations
    from merit.problems import Problem
    from merit.results import read_results

    if catalogue is None:  # the specs of --specs cannot be read
        error("merit review: note: the specs cannot be read: the page shows no entries, nor citations the results do not carry")
    page = Page(catalogue)
    problems = results = 0
    stdin: list[str] = []
    for source in sources:
        for item in read_results(source):
            if isinstance(item, Problem):
                error(str(item))
                problems += 1
                continue
            results += 1
            if source == "-":
                stdin.append(json.dumps(item, sort_keys=True))
            page.add(item)
    if not results:
        error("merit review: no results to review; nothing written")
        return None, problems
    failed = False
    given: dict[tuple[str, str], Determination] = {}
    for path in answers:
        loaded = load_determinations(path)
        for problem in loaded.problems:
            error(str(problem))
            failed = True
        new = []
        for det in loaded.determinations:  # several files merge; the same answer twice is one answer
            first = given.setdefault((det.applicant, det.point), det)
            if first is det:
                new.append(det)
            elif _words(first) != _words(det):
                error(
                    f"{det.file}:{det.line}:{det.column}: determination for {det.applicant} {det.point} contradicts the one"
                    f" at {first.file}:{first.line} (expected one answer per applicant and point)"
                )
                failed = True
        page.add_answers(new, path)
    if failed:
        error("merit review: a determinations file has problems (fix them: its answers belong on the page); nothing written")
        return None, problems + 1
    labels = ["<stdin>" if s == "-" else s for s in sources]
    return page.data(results_digest(sources, stdin), labels), problems
