"""How one job counts toward one requirement: the facts of the job against the spec's credit rules.

Matching is three-valued: a fact can hold, fail, or be missing from the record.
A missing fact never fails a job silently; it makes the credit ``possible``
so that an analyst looks at it.

Every fact a credit rule may state is one entry of ``FACTS``: its key in the
spec format, what it asks, how a job is checked against it, and how a failure
reads. The spec format's checks, the matcher, the why-not text and the
documentation's table all come from that one table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from merit.engine.policy import BY_POLICY
from merit.model.applicants import SECTORS, Job
from merit.model.specs import Condition, CreditRule, LevelOrder, Places

CERTAIN, POSSIBLE, NONE = "certain", "possible", "none"
RANK = {CERTAIN: 2, POSSIBLE: 1, NONE: 0}

_PREFIX = re.compile(r"^(?:the\s+)?(?:state|city|county|commonwealth)\s+of\s+")
_SPACE = re.compile(r"[\s,.]+")


# Employers, classes and places repeat across a batch's jobs: remember the few
# thousand seen last rather than run the regular expressions on every match.
@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    return _SPACE.sub(" ", text.casefold()).strip()


NO_PLACES = Places()  # a condition built without the loader knows places by their full names only


@lru_cache(maxsize=4096)
def place(text: str, places: Places | None = None) -> str:
    """A place as the specs name it, with the short forms records use (places.yaml): 'State of
    California', 'CA' and 'Calif.' are 'california'; a city followed by its state ('Philadelphia,
    PA') is the city."""
    of = (places or NO_PLACES).of
    name = _PREFIX.sub("", norm(text))
    if name in of:
        return of[name]
    for words in (1, 2, 3):  # the state may take several words: "Trenton, New Jersey"
        parts = name.rsplit(" ", words)
        if len(parts) == words + 1 and " ".join(parts[1:]) in of:
            return parts[0]
    return name


@lru_cache(maxsize=4096)
def written_out(name: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    """A normalized name with its abbreviations written out: 'tax technician ftb' -> 'tax technician franchise tax board'."""
    if not abbreviations:
        return name
    words = dict(abbreviations)
    return " ".join(words.get(w, w) for w in name.split(" "))


# A condition's names, normalized once: (places, employers, classes). Keyed by id;
# the entry holds the condition itself, so the id cannot be reused while cached.
_NORMALIZED: dict[int, tuple[Condition, frozenset[str], tuple[str, ...], frozenset[str]]] = {}


def _normalized(cond: Condition) -> tuple[Condition, frozenset[str], tuple[str, ...], frozenset[str]]:
    hit = _NORMALIZED.get(id(cond))
    if hit is None or hit[0] is not cond:
        hit = _NORMALIZED[id(cond)] = (
            cond,
            frozenset(place(j, cond.places) for j in cond.jurisdiction),
            tuple(norm(e) for e in cond.employer),
            frozenset(norm(c) for c in cond.class_),
        )
    return hit


def _may_name(title: str, classes: frozenset[str]) -> bool:
    """Whether a working title may be one of these classes: the class itself, or its name without
    the department ('Customer Service Specialist' for 'Customer Service Specialist, Franchise Tax Board')."""
    return title in classes or any(c.startswith(title + " ") for c in classes)


def _words(values) -> str:
    return " or ".join(str(v) for v in values)


def range_order(value: str, other: str) -> int | None:
    """-1, 0, 1 comparing two ranges (letters or numbers, or the same words), or None when they do not compare."""
    a, b = value.strip().upper(), other.strip().upper()
    if a == b:  # "Range II" is range II, whatever order the levels have
        return 0
    if a.isdigit() and b.isdigit():
        x, y = int(a), int(b)
    elif len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha():
        x, y = ord(a), ord(b)
    else:
        return None
    return (x > y) - (x < y)


def order_of(cond: Condition, level: str, normal: Callable[[str], str] = norm) -> LevelOrder | None:
    """The level order a condition compares ``level`` by: the one it names, else the first declared one
    that holds ``level`` (the series' orders, then its directory's)."""
    if cond.order is not None:
        return cond.orders.get(cond.order)
    return next((o for o in cond.orders.values() if o.rank(level, normal) is not None), None)


def level_order(cond: Condition, value: str, level: str, normal: Callable[[str], str] = norm) -> tuple[int | None, str]:
    """-1, 0, 1 comparing a job's value with a condition's level, by the condition's level order when it
    has one, else as range_order; (None, the question an analyst must answer) when they do not compare."""
    order = order_of(cond, level, normal)
    if order is None:
        found = range_order(value, level)
        return found, "" if found is not None else f"how {value} compares with {level}"
    mine, theirs = order.rank(value, normal), order.rank(level, normal)
    if mine is None or theirs is None:
        outside = value if mine is None else level
        return None, f"how {value} compares with {level} ({outside} is not a level of the order {order.shown()})"
    return (mine > theirs) - (mine < theirs), ""


_FEDERAL = re.compile(r"^\s*([A-Za-z]{2})(?:[\s-]+(\d{3,4}))?[\s-]+(\d{1,2})\s*$")


def federal(job: Job) -> tuple[str | None, str | None, int | None]:
    """(pay plan, occupational series, grade) of a job: from its own keys, or read from a grade such as GS-0592-04."""
    plan, series, grade = job.pay_plan, job.occupational_series, None
    if job.grade is not None:
        text = job.grade.strip()
        if text.isdigit():
            grade = int(text)
        else:
            m = _FEDERAL.match(text)
            if m:
                plan = plan or m[1]
                series = series or m[2]
                grade = int(m[3])
    return (plan.upper() if plan else None), (series.zfill(4) if series else None), grade


# --- the facts ------------------------------------------------------------------------------


class Fact:
    """One fact a credit rule may state: its key, its type in the spec format, and how a job meets it.

    ``test`` gives (True, ''), (False, '') or (None, what the record does not give);
    ``why_not`` says in words why a job fails it.
    """

    __slots__ = ("key", "attr", "kind", "description", "test", "why_not")

    def __init__(
        self,
        key: str,
        kind: str,
        description: str,
        test: Callable[[Condition, Job], tuple[bool | None, str]],
        why_not: Callable[[Condition, Job], str],
        attr: str | None = None,
    ) -> None:
        self.key = key
        self.attr = attr or key
        self.kind = kind  # how the spec format reads it: sectors, words, text, terms, percent, count, flag, grade
        self.description = description
        self.test = test
        self.why_not = why_not


def _sector(cond, job):
    if job.sector is None:
        return None, "the sector"
    return job.sector in cond.sector, ""


def _jurisdiction(cond, job):
    if job.jurisdiction is None:
        return None, "the jurisdiction"
    places = cond.places or NO_PLACES
    where = place(job.jurisdiction, places)
    if where in places.ambiguous:  # "LA": the record does not say which
        return None, f"which place {job.jurisdiction} is ({places.ambiguous[where]})"
    wanted = _normalized(cond)[1]
    if where in wanted:
        return True, ""
    near = _misspelt(where, wanted) if where not in _known(places) else None
    if near is not None:  # "Los Angles": a typing slip must not cost the job its credit
        named = next((j for j in cond.jurisdiction if place(j, places) == near), near)
        return None, f"which place {job.jurisdiction} is (perhaps {named}, misspelt)"
    return False, ""


_KNOWN: dict[int, tuple[Places, frozenset[str]]] = {}  # places.yaml's places, by id of the Places held with them


def _known(places: Places) -> frozenset[str]:
    """The places places.yaml names: a record that names one of them means it, however close another is."""
    hit = _KNOWN.get(id(places))
    if hit is None:
        hit = _KNOWN[id(places)] = (places, frozenset(places.of.values()))
    return hit[1]


@lru_cache(maxsize=4096)
def _misspelt(where: str, wanted: frozenset[str]) -> str | None:
    """The place of ``wanted`` that ``where`` is a letter or two away from ("los angles"), if any."""
    from difflib import SequenceMatcher

    if len(where) < 4:
        return None
    for name in sorted(wanted):
        if SequenceMatcher(None, where, name).ratio() >= 0.85:
            return name
    return None


def _employer(cond, job):
    if job.employer is None:
        return None, "the employer"
    employer = written_out(norm(job.employer), cond.abbreviations)
    return any(e in employer for e in _normalized(cond)[2]), ""


def _class(cond, job):
    classes = _normalized(cond)[3]
    if job.class_ is not None:
        return written_out(norm(job.class_), cond.abbreviations) in classes, ""
    if job.title is not None and not _may_name(written_out(norm(job.title), cond.abbreviations), classes):
        # no class given: the working title is the record's word for the job, and it is another one
        return False, ""
    return None, "the civil-service class held"


def _why_class(cond, job):
    if job.class_ is not None:
        return f"class {job.class_} (needs {_words(cond.class_)})"
    return f"title {job.title}, no civil-service class given (needs {_words(cond.class_)})"


def _title(cond, job):
    if job.title is None:
        return None, "the working title"
    title = written_out(norm(job.title), cond.abbreviations)
    return any(norm(t) in title for t in cond.title), ""


def _range_at_least(cond, job):
    if job.range is None:
        return None, "the range"
    order, question = level_order(cond, job.range, cond.range_at_least)
    if order is None:
        return None, f"{question} (range)"
    return order >= 0, ""


def _range_below(cond, job):
    if job.range is None:
        return None, "the range"
    order, question = level_order(cond, job.range, cond.range_below)
    if order is None:
        return None, f"{question} (range)"
    return order < 0, ""


def _class_at_least(cond, job):
    if job.class_ is None:
        return None, "the civil-service class held"
    order, question = level_order(cond, job.class_, cond.class_at_least, lambda t: written_out(norm(t), cond.abbreviations))
    if order is None:
        return None, question
    return order >= 0, ""


def _held_on(cond, job):
    return job.start <= cond.held_on and (job.end is None or cond.held_on <= job.end), ""


def _duties_any(cond, job):
    if not job.duties.keys().isdisjoint(cond.duties_any):  # one of them among the job's: a set operation
        return True, ""
    return _duties_unknown(job)


def _duties_all(cond, job):
    if job.duties and all(map(job.duties.__contains__, cond.duties_all)):
        return True, ""
    return _duties_unknown(job)


def _duties_unknown(job):
    """Duties the terms do not give: missing, or told in the applicant's own words, which an analyst reads."""
    if job.duties_text:
        return None, f'the duties as terms (it tells them in words: "{job.duties_text}")'
    return _no_duties(job) if not job.duties else (False, "")


def _no_duties(job):
    """A job the record gives no duties for: unknown, or none where the office's policy reads ``duties: []`` so."""
    return (False, "") if "duties" in job.presumed else (None, "the duties")


def _duty_words(job) -> str:
    return f"duties {', '.join(job.duties)}" if job.duties else f"no duties, {BY_POLICY}"


def share_in(terms, job: Job) -> float | None:
    """The percent of a job's time in these duty terms, or None when the record gives no shares for them."""
    shares = [job.duties.get(d) for d in terms if d in job.duties]
    if None in shares and len(shares) == len(job.duties):
        return 100.0  # every duty the job lists is one of these: all of its time is in them, shares or not
    if not shares:
        return 0.0 if job.duties and all(s is not None for s in job.duties.values()) else None
    if any(s is None for s in shares):
        return None
    return float(sum(shares))  # type: ignore[arg-type]


def _duties_share(cond, job):
    if not job.duties:
        return True, ""  # no duties: duties_any already says what is missing
    share = share_in(cond.duties_any, job)
    if share is None:
        return None, "the share of time in those duties"
    return share >= cond.duties_share, ""


def _inbound(cond, job):
    if job.inbound_call_percent is None:
        return None, "the share of time on in-bound calls"
    return job.inbound_call_percent >= cond.inbound_call_percent, ""


def _supervised(cond, job):
    if job.supervised_staff is None:
        return None, "how many people were supervised"
    return job.supervised_staff >= cond.supervised_staff, ""


def _current(cond, job):
    return (job.end is None) == cond.current, ""


def _not_federal(job: Job) -> bool:
    """A job the record places outside federal service has no federal pay plan, series or grade."""
    return job.sector is not None and job.sector != "federal"


def _pay_plan(cond, job):
    plan = federal(job)[0]
    if plan is None:
        return (False, "") if _not_federal(job) else (None, "the pay plan")
    return plan in {p.upper() for p in cond.pay_plan}, ""


def _occupational_series(cond, job):
    series = federal(job)[1]
    if series is None:
        return (False, "") if _not_federal(job) else (None, "the occupational series")
    return series in {s.zfill(4) for s in cond.occupational_series}, ""


def _grade_at_least(cond, job):
    grade = federal(job)[2]
    if grade is None:
        return (False, "") if _not_federal(job) and job.grade is None else (None, "the grade")
    return grade >= cond.grade_at_least, ""


def _grade_below(cond, job):
    grade = federal(job)[2]
    if grade is None:
        return (False, "") if _not_federal(job) and job.grade is None else (None, "the grade")
    return grade < cond.grade_below, ""


FACTS: tuple[Fact, ...] = (
    Fact("sector", "sectors", "sector of the employer is one of these",
         _sector, lambda c, j: f"sector {j.sector} (needs {_words(c.sector)})"),
    Fact("jurisdiction", "words", 'the state or city whose service it is ("State of", "City of" and postal codes ignored)',
         _jurisdiction, lambda c, j: f"jurisdiction {j.jurisdiction} (needs {_words(c.jurisdiction)})"),
    Fact("employer", "words", "the employer's name contains one of these",
         _employer, lambda c, j: f"employer {j.employer} (needs {_words(c.employer)})"),
    Fact("class", "words", "the civil-service class held is one of these (case and punctuation ignored)",
         _class, _why_class, attr="class_"),
    Fact("title", "words", 'the working title contains one of these ("as a security guard", where no civil-service class is held)',
         _title, lambda c, j: f"title {j.title} (needs {_words(c.title)})"),
    Fact("range_at_least", "text", "the class's range is at least this (by the level order, else letters A < B < C or numbers)",
         _range_at_least, lambda c, j: f"range {j.range} (needs {c.range_at_least} or higher)"),
    Fact("range_below", "text", "the class's range is below this (compared as range_at_least)",
         _range_below, lambda c, j: f"range {j.range} (not below {c.range_below})"),
    Fact("class_at_least", "text", "the class held is this class or one above it in a level order (orders)",
         _class_at_least, lambda c, j: f"class {j.class_} (needs {c.class_at_least} or higher)"),
    Fact("held_on", "date", 'the job covers this day, from its start to its end ("in a title on June 2, 2008")',
         _held_on, lambda c, j: f"{j.start} to {j.end or 'now'} (needs the job held on {c.held_on})"),
    Fact("duties_any", "terms", "the duties include one of these terms of the duty vocabulary",
         _duties_any, lambda c, j: f"{_duty_words(j)} (needs {_words(c.duties_any)})"),
    Fact("duties_all", "terms", "the duties include every one of these terms",
         _duties_all, lambda c, j: f"{_duty_words(j)} (needs {' and '.join(c.duties_all)})"),
    Fact("duties_share", "percent", "the duties_any terms take at least this percent of the time (duties given with shares)",
         _duties_share, lambda c, j: f"{share_in(c.duties_any, j):g}% of time in {_words(c.duties_any)} (needs {c.duties_share:g}%)"),
    Fact("inbound_call_percent", "percent", "in-bound calls take at least this percent of the time",
         _inbound, lambda c, j: f"in-bound calls {j.inbound_call_percent:g}% of the time (needs {c.inbound_call_percent:g}%)"),
    Fact("supervised_staff", "count", "at least this many people supervised or led",
         _supervised, lambda c, j: f"supervised {j.supervised_staff} (needs at least {c.supervised_staff})"),
    Fact("current", "flag", "true: the applicant still holds the job (no end date); false: a past job",
         _current, lambda c, j: "a past job (needs current employment)" if c.current else "a current job (needs a past one)"),
    Fact("pay_plan", "words", "federal pay plan: GS, WG (from pay_plan, or a grade written GS-0592-04)",
         _pay_plan, lambda c, j: f"pay plan {federal(j)[0] or 'none, ' + str(j.sector) + ' sector'} (needs {_words(c.pay_plan)})"),
    Fact("occupational_series", "words", 'federal occupational series: "0592"',
         _occupational_series, lambda c, j: f"series {federal(j)[1]} (needs {_words(c.occupational_series)})"),
    Fact("grade_at_least", "grade", "the grade of the pay plan is at least this (GS-5: 5)",
         _grade_at_least, lambda c, j: f"grade {federal(j)[2] if federal(j)[2] is not None else 'none, ' + str(j.sector) + ' sector'} (needs {c.grade_at_least} or higher)"),
    Fact("grade_below", "grade", "the grade of the pay plan is below this",
         _grade_below, lambda c, j: f"grade {federal(j)[2]} (not below {c.grade_below})"),
)  # fmt: skip


def _stated(cond: Condition) -> tuple[Fact, ...]:
    """The facts a condition states, in the table's order, found once per condition."""
    found = cond.stated
    if found is None:
        found = cond.stated = tuple(
            f for f in FACTS if getattr(cond, f.attr) not in (None, ())
        )
    return found


def match(cond: Condition, job: Job, words: bool = True) -> tuple[bool | None, str]:
    """(True, ''), (False, why not) or (None, what the record does not say).

    Without ``words`` a failed match says no why: most jobs fail most rules, and
    only --explain shows why a job does not count.
    """
    unknown: list[str] | None = None
    for fact in _stated(cond):
        ok, missing = fact.test(cond, job)
        if ok is False:
            return False, fact.why_not(cond, job) if words else ""
        if ok is None:
            if unknown is None:
                unknown = []
            unknown.append(missing)
    if unknown:
        return None, "the record does not give " + ", ".join(dict.fromkeys(unknown))
    return True, ""


def rule_share(rule: CreditRule, job: Job) -> float | None:
    """The share of a job that a prorating rule credits (1.0 for a rule that credits the whole job), None if unknown."""
    if not rule.by_share:
        return 1.0
    share = share_in(rule.when.duties_any, job)
    return None if share is None else min(100.0, share) / 100


def job_credit(rules: list[CreditRule], job: Job, paid_only: bool, words: bool = True) -> tuple[str, str, float]:
    """How a job counts under a list of credit rules: (certain|possible|none, why, share of its time).

    Without ``words``, a job that does not count says no why (see match).
    """
    if paid_only and not job.paid:
        presumed = f", {BY_POLICY}" if "paid" in job.presumed else ""
        return NONE, f"unpaid{presumed} (the source asks for paid experience)", 0.0
    first_miss = None
    # A rule whose facts the record does not give may or may not decide: the job's credit is
    # possible, unless a later rule that holds credits it for certain and every rule before
    # it that might hold would too (a certain rule on duties the record does not list, then
    # a certain rule on the class the record gives).
    unknown = None  # (why, every such rule certain and crediting the whole job)
    for rule in rules:
        ok, why = match(rule.when, job, False)
        if ok is True:
            found = _credit(rule, job)
            if unknown is None or (found[0] == CERTAIN and found[2] == 1.0 and unknown[1]):
                return found
            return POSSIBLE, unknown[0], 1.0
        if ok is None and rule.credit != NONE:
            if unknown is None:
                extra = f"; {rule.because}" if rule.credit == POSSIBLE and rule.because else ""
                unknown = (why + extra, rule.credit == CERTAIN and not rule.by_share)
            elif rule.credit != CERTAIN or rule.by_share:
                unknown = (unknown[0], False)
            continue
        if first_miss is None and ok is False and rule.credit != NONE:
            first_miss = rule.when
    if unknown is not None:
        return POSSIBLE, unknown[0], 1.0
    if first_miss is None:
        return NONE, "no credit rule applies", 0.0
    return NONE, match(first_miss, job)[1] if words else "", 0.0


def _credit(rule: CreditRule, job: Job) -> tuple[str, str, float]:
    """How a job counts under the rule whose facts all hold."""
    # a job that does not count must always say why in the reasons
    because = rule.because or ("a credit rule of the spec excludes it" if rule.credit == NONE else "")
    if rule.credit == NONE:
        return NONE, because, 0.0
    share = rule_share(rule, job)
    if share is None:
        return POSSIBLE, "the record does not give the share of time in those duties" + (f"; {because}" if because else ""), 1.0
    if share <= 0:
        return NONE, f"no time in {_words(rule.when.duties_any)}", 0.0
    return rule.credit, because, share


__all__ = ["CERTAIN", "FACTS", "NONE", "POSSIBLE", "RANK", "SECTORS", "job_credit", "match", "norm", "place"]
