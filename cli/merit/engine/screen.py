"""The screening engine: a class spec, an applicant and an as-of date in; decisions with reasons out.

Pure: no I/O, no terminal. Every requirement is judged three ways at once:
credit that is certain, and credit that an analyst might accept. If the
certain credit meets a path the applicant is eligible; if even the possible
credit meets none, ineligible; otherwise the decision goes to review, and the
reasons say what the analyst must decide.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re

from merit.engine.calendar import ONE_DAY, add_months, after_months, months_between
from merit.engine.credit import CERTAIN, NONE, POSSIBLE, RANK, job_credit, norm
from merit.model import (
    COLLEGE_YEARS,
    CONDITIONAL,
    EDUCATION_LEVELS,
    GRADES,
    MET,
    NOT_MET,
    NOTE,
    REVIEW,
    STATUS_OF,
    Applicant,
    Citation,
    ClassSpec,
    Crediting,
    Decision,
    Education,
    Job,
    Reason,
    Requirement,
    Series,
)

EPS = 1e-9
INF = math.inf
HORIZON_MONTHS = 180  # how far ahead eligible_from is projected
UNITS_PER_YEAR = 30.0  # semester units in a year of college
_ORDER = {NOT_MET: 0, REVIEW: 1, CONDITIONAL: 2, MET: 3}
_LEVEL = {name: i for i, name in enumerate(EDUCATION_LEVELS)}

# How much of the reason tree a Run builds. Building reasons is most of the cost of
# deciding, so each caller asks only for what it shows: projection probes need the
# outcome alone; records stop at requirements (patterns, parts, nested minimums,
# substitution, proportional combination, with their arithmetic and citations);
# --explain adds a line for every job: its months and why it counts or not.
OUTCOMES, REQUIREMENTS, JOBS = 0, 1, 2


# --- formatting the arithmetic (never overstating: figures are cut, not rounded up) ---


def fmt(x: float) -> str:
    if abs(x - round(x)) < 1e-6:
        return str(int(round(x)))
    return f"{math.floor(x * 100 + 1e-6) / 100:.2f}".rstrip("0").rstrip(".")


def pct(part: float, whole: float) -> str:
    if whole <= 0:
        return "100%"
    return f"{math.floor(part / whole * 100 + 1e-6)}%"


def _hours(x: float) -> str:
    return f"{x:g}"


# --- the applicant's experience as of a date --------------------------------------------


class Span:
    """A job as it counts on the as-of date: clipped, and with its share of full time."""

    __slots__ = ("index", "key", "job", "start", "end", "rate", "ongoing", "months")

    def __init__(
        self,
        index: int,
        job: Job,
        start: dt.date,
        end: dt.date,
        rate: float,
        ongoing: bool,
        months: float,
        key: object = None,
    ) -> None:
        self.index = index  # the job's place in the record: how it counts depends on the job alone
        self.key = index if key is None else key  # which span: a job split between parts has two
        self.job = job
        self.start = start
        self.end = end
        self.rate = rate
        self.ongoing = ongoing
        self.months = months  # calendar months of the span, before the share of full time


class Run:
    """One applicant at one as-of date under one crediting rule; caches what classes share."""

    def __init__(self, applicant: Applicant, as_of: dt.date, crediting: Crediting, explain: int = JOBS):
        self.applicant = applicant
        self.as_of = as_of
        self.crediting = crediting
        self.explain = explain  # OUTCOMES, REQUIREMENTS or JOBS
        self.spans: list[Span] = []
        self.later: list[Job] = []
        full = crediting.full_time_hours
        for i, job in enumerate(applicant.experience):
            if job.start > as_of:
                self.later.append(job)
                continue
            end = job.end if job.end is not None and job.end <= as_of else as_of
            ongoing = job.end is None or job.end > as_of
            rate = min(1.0, job.hours_per_week / full)
            self.spans.append(Span(i, job, job.start, end, rate, ongoing, months_between(job.start, end)))
        self._union: dict[tuple[int, ...], float] = {}
        # keyed by job index, not span: a job counts the same on any day, so runs of
        # one applicant on other days (projection) share this
        self._credit: dict[tuple[int, bool, int, bool], tuple[str, str]] = {}
        self._segments: list[tuple[dt.date, dt.date, tuple[int, ...]]] | None = None
        self._evals: dict[tuple[int, frozenset[int], int], Eval] = {}
        self._tiers: dict[tuple[int, frozenset[int], bool], list[tuple[str, str]]] = {}
        self._days: dict[dt.date, Run] = {}
        self._met_on: dict[tuple[dt.date, int], bool] = {}

    def split(self, key: object, last: dt.date, explain: int) -> Run:
        """This run with the span ``key`` cut in two after ``last``: (key, 0) through ``last``, (key, 1) after.

        Parts that may not share a period can then share a job, each taking its own stretch of it.
        """
        view = Run.__new__(Run)
        view.__dict__.update(self.__dict__)
        view.explain = explain
        spans = []
        for s in self.spans:
            if s.key != key:
                spans.append(s)
                continue
            first = last + ONE_DAY
            spans.append(Span(s.index, s.job, s.start, last, s.rate, False, months_between(s.start, last), (key, 0)))
            spans.append(Span(s.index, s.job, first, s.end, s.rate, s.ongoing, months_between(first, s.end), (key, 1)))
        view.spans = spans
        view._union, view._segments, view._evals, view._tiers = {}, None, {}, {}
        view._days, view._met_on = {}, {}
        return view  # job credit (keyed by job) stays shared

    def serves(self, applicant: Applicant, as_of: dt.date, crediting: Crediting) -> bool:
        """Whether this run can stand in for one of this applicant, day and crediting rule.

        A run uses only the full-time hours of its rule, so series whose rules agree
        share one run (and its spans, unions, job credit and probes).
        """
        return (
            self.applicant is applicant
            and self.as_of == as_of
            and self.crediting.full_time_hours == crediting.full_time_hours
        )

    def on(self, day: dt.date) -> Run:
        """This applicant on a later day, for projection: outcomes only, job credit shared."""
        hit = self._days.get(day)
        if hit is None:
            hit = self._days[day] = Run(self.applicant, day, self.crediting, OUTCOMES)
            hit._credit = self._credit
        return hit

    def met_on(self, root: Requirement, day: dt.date) -> bool:
        """Whether ``root`` is certainly met on ``day``, remembered for every class sharing this run."""
        key = (day, id(root))
        hit = self._met_on.get(key)
        if hit is None:
            hit = self._met_on[key] = evaluate(root, self.on(day)).outcome == MET
        return hit

    def credit(self, rules, paid: bool, span: Span) -> tuple[str, str]:
        """How a span's job counts under these rules; why it does not count only when job lines are shown."""
        words = self.explain >= JOBS
        key = (id(rules), paid, span.index, words)
        hit = self._credit.get(key)
        if hit is None:
            hit = self._credit[key] = job_credit(rules, span.job, paid, words)
        return hit

    def segments(self) -> list[tuple[dt.date, dt.date, tuple[int, ...]]]:
        """The as-of timeline cut wherever a job starts or ends: (first day, last day, spans active)."""
        if self._segments is None:
            cuts = sorted({s.start for s in self.spans} | {s.end + ONE_DAY for s in self.spans})
            out = []
            for a, b in zip(cuts, cuts[1:]):
                active = tuple(k for k, s in enumerate(self.spans) if s.start <= a and s.end >= a)
                if active:
                    out.append((a, b - ONE_DAY, active))
            self._segments = out
        return self._segments

    def union(self, members: tuple[int, ...]) -> float:
        """Months credited by these spans together: overlaps add hours, never past full time."""
        if not members:
            return 0.0
        if len(members) == 1:
            s = self.spans[members[0]]
            return s.months * s.rate
        hit = self._union.get(members)
        if hit is not None:
            return hit
        chosen = set(members)
        total = 0.0
        run_start = run_end = None
        run_rate = 0.0
        for a, b, active in self.segments():
            rate = min(1.0, sum(self.spans[k].rate for k in active if k in chosen))
            if run_start is not None and rate == run_rate and a == run_end + ONE_DAY:
                run_end = b
                continue
            if run_start is not None and run_rate > 0:
                total += months_between(run_start, run_end) * run_rate
            run_start, run_end, run_rate = a, b, rate
        if run_start is not None and run_rate > 0:
            total += months_between(run_start, run_end) * run_rate
        self._union[members] = total
        return total

    def growth(self, members) -> float:
        """Share of full time still being added after the as-of date by ongoing spans among these."""
        return min(1.0, sum(self.spans[k].rate for k in members if self.spans[k].ongoing))


class Eval:
    """The outcome of one requirement: status, reason, path met and months still to wait."""

    __slots__ = ("outcome", "reason", "path", "wait", "fraction")

    def __init__(
        self,
        outcome: str,
        reason: Reason,
        path: str | None,
        wait: float,
        fraction: float = 0.0,
    ) -> None:
        self.outcome = outcome
        self.reason = reason
        self.path = path
        self.wait = wait  # months until certainly met if current jobs go on; 0 when met, inf when it cannot be told
        self.fraction = fraction  # share of the requirement met for certain


def _name(node: Requirement, fallback: str) -> str:
    return node.label or fallback


# The text of each citation, built once: every reason of a batch cites one of a few
# hundred clauses. The entry holds the citation, so its id is not reused meanwhile.
_CITES: dict[int, tuple[Citation, str]] = {}


def _cite(node: Requirement) -> str:
    citation = node.citation
    if citation is None:
        return ""
    hit = _CITES.get(id(citation))
    if hit is None or hit[0] is not citation:
        hit = _CITES[id(citation)] = (citation, str(citation))
    return hit[1]


# --- requirement kinds ------------------------------------------------------------------


def evaluate(node: Requirement, run: Run, exclude: frozenset[int] = frozenset()) -> Eval:
    """The outcome of one requirement for the run's applicant and day, with reasons to the run's level."""
    # One run may meet a clause again: under a judgment clause that names it, and
    # for each way of sharing jobs between parts that may not overlap.
    key = (id(node), exclude, run.explain)
    hit = run._evals.get(key)
    if hit is not None:
        return hit
    kind = node.kind
    if kind == "experience":
        ev = _experience(node, run, exclude)
    elif kind == "any_of":
        ev = _any_of(node, run, exclude)
    elif kind == "all_of":
        ev = _all_of(node, run, exclude)
    elif kind == "education":
        ev = _education(node, run)
    elif kind == "judgment":
        ev = _judgment(node, run)
    else:  # an unresolved ref; the loader reports it, so this is only reached on a broken spec
        ev = Eval(REVIEW, Reason(_name(node, "reference"), REVIEW, "the spec refers to a missing clause"), None, INF)
    if ev.outcome == NOT_MET and node.short == "review":
        ev.outcome = REVIEW
        ev.reason.outcome = REVIEW
        if run.explain:
            ev.reason.detail += f"; not met as stated, but the source leaves room for judgment: {node.because}"
    run._evals[key] = ev
    return ev


def _tiers(node: Requirement, run: Run, exclude: frozenset[int]) -> list[tuple[str, str]]:
    """How each span counts toward an experience requirement (a pattern and its combination share these)."""
    key = (id(node), exclude, run.explain >= JOBS)  # job lines need the why of each tier
    out = run._tiers.get(key)
    if out is not None:
        return out
    out = []
    capped = (POSSIBLE, f"{node.judgment} (an analyst must confirm)") if node.judgment else None
    for span in run.spans:
        if span.key in exclude:
            out.append((NONE, "credited to another part of this requirement"))
        else:
            tier_why = run.credit(node.credit, node.paid, span)
            out.append(capped if capped and tier_why[0] == CERTAIN else tier_why)
    run._tiers[key] = out
    return out


def _members(tiers, least: str) -> tuple[int, ...]:
    if least == CERTAIN:
        return tuple(k for k, (tier, _) in enumerate(tiers) if tier == CERTAIN)
    return tuple(k for k, (tier, _) in enumerate(tiers) if tier != NONE)


def _split(tiers) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The spans credited for certain, and those credited at least possibly, in one pass."""
    certain, possible = [], []
    for k, (tier, _) in enumerate(tiers):
        if tier != NONE:
            possible.append(k)
            if tier == CERTAIN:
                certain.append(k)
    return tuple(certain), tuple(possible)


def _combine_tiers(outer, inner):
    out = []
    for (t1, w1), (t2, w2) in zip(outer, inner):
        if RANK[t1] <= RANK[t2]:
            out.append((t1, w1))
        else:
            out.append((t2, w2))
    return out


def _need(node: Requirement) -> float:
    return node.months if not node.some else 0.0


def _enough(credit: float, node: Requirement) -> bool:
    if node.some:
        return credit > EPS
    return credit >= node.months - EPS


def _experience(node: Requirement, run: Run, exclude: frozenset[int]) -> Eval:
    tiers = _tiers(node, run, exclude)
    certain_ids, possible_ids = _split(tiers)
    certain = run.union(certain_ids)
    possible = run.union(possible_ids)
    need = _need(node)
    met_c = _enough(certain, node)
    met_p = _enough(possible, node)
    inner_reasons = []
    wait = 0.0 if met_c else _wait(need - certain if not node.some else 1 / 30, run.growth(certain_ids))
    for inner in node.including:
        inner_tiers = _combine_tiers(tiers, [run.credit(inner.credit, node.paid, s) for s in run.spans])
        ic_ids, ip_ids = _split(inner_tiers)
        ic, ip = run.union(ic_ids), run.union(ip_ids)
        ok_c, ok_p = _enough(ic, inner), _enough(ip, inner)
        met_c = met_c and ok_c
        met_p = met_p and ok_p
        if not ok_c:
            wait = max(wait, _wait(inner.months - ic, run.growth(ic_ids)))
        if run.explain:
            inner_reasons.append(
                Reason(
                    _name(inner, "of which"),
                    MET if ok_c else REVIEW if ok_p else NOT_MET,
                    _months_detail(ic, ip, inner, inner.summary or "of which qualifying"),
                    _cite(node),
                    _job_reasons(run, inner_tiers) if run.explain >= JOBS else [],
                )
            )
    outcome = MET if met_c else REVIEW if met_p else NOT_MET
    if not run.explain:
        return Eval(outcome, Reason(_name(node, "Experience"), outcome), node.label, wait, _frac(certain, need))
    detail = _months_detail(certain, possible, node, node.summary or "qualifying experience")
    overlap = sum(run.spans[k].months * run.spans[k].rate for k in certain_ids) - certain
    if overlap > 0.005:
        detail += f"; overlapping periods counted once, at most full time (-{fmt(overlap)} months)"
    if outcome == REVIEW:
        detail += _questions(tiers)
    children = _job_reasons(run, tiers) + inner_reasons if run.explain >= JOBS else inner_reasons
    reason = Reason(_name(node, "Experience"), outcome, detail, _cite(node), children)
    return Eval(outcome, reason, node.label, wait, _frac(certain, need))


def _questions(tiers) -> str:
    """What an analyst must decide about the jobs credited only possibly, as a clause to append."""
    whys = sorted({why for tier, why in tiers if tier == POSSIBLE and why})
    return "; an analyst must decide: " + "; ".join(whys) if whys else ""


def _frac(credit: float, need: float) -> float:
    return 1.0 if need <= 0 else credit / need


def _wait(short: float, growth: float) -> float:
    if short <= EPS:
        return 0.0
    return short / growth if growth > 0 else INF


def _months_detail(certain: float, possible: float, node: Requirement, what: str) -> str:
    if node.some:
        text = f"{what}: {fmt(certain)} months credited (any amount meets)"
    elif node.months <= 0:
        text = f"{what}: no experience required ({fmt(certain)} months credited)"
    else:
        text = f"{what}: {fmt(certain)} of {fmt(node.months)} months credited ({pct(certain, node.months)})"
    if possible > certain + 0.005:
        text += f"; {fmt(possible)} months if an analyst accepts the possible credit"
    return text


def _job_reasons(run: Run, tiers) -> list[Reason]:
    out = []
    full = run.crediting.full_time_hours
    for span, (tier, why) in zip(run.spans, tiers):
        job = span.job
        when = f"{span.start} to {span.end}" + (" (to the as-of date)" if span.ongoing else "")
        if tier == NONE:
            out.append(Reason(job.label(), NOT_MET, f"{when}: does not count: {why}"))
            continue
        credited = span.months * span.rate
        hours = ""
        if span.rate < 1:
            hours = f" × {_hours(job.hours_per_week)}/{_hours(full)} h a week"
        detail = f"{when}: {fmt(span.months)} months{hours} = {fmt(credited)} months"
        if tier == CERTAIN:
            out.append(Reason(job.label(), MET, detail + (f" ({why})" if why else "")))
        else:
            out.append(Reason(job.label(), REVIEW, f"{detail}, possible credit: {why}"))
    for job in run.later:
        out.append(Reason(job.label(), NOT_MET, f"starts {job.start}, after the as-of date {run.as_of}"))
    return out


def _best(evals: list[Eval]) -> Eval | None:
    best = None
    for ev in evals:
        if best is None or _ORDER[ev.outcome] > _ORDER[best.outcome]:
            best = ev
    return best


def _any_of(node: Requirement, run: Run, exclude: frozenset[int] = frozenset()) -> Eval:
    evals = [evaluate(child, run, exclude) for child in node.children]
    best = _best(evals)
    wait = min((e.wait for e in evals), default=INF)
    if node.proportional and (best is None or best.outcome != MET):
        combined = _proportional(node, run, exclude)
        evals.append(combined)
        wait = min(wait, combined.wait)
        if best is None or _ORDER[combined.outcome] > _ORDER[best.outcome]:
            best = combined
    outcome = best.outcome if best else NOT_MET
    path = None
    if best is not None and outcome in (MET, CONDITIONAL):
        path = best.path
    fraction = max((e.fraction for e in evals), default=0.0)
    if not run.explain:
        return Eval(outcome, Reason(_name(node, "Any of"), outcome), path, wait, fraction)
    if outcome in (MET, CONDITIONAL):
        detail = f"met by {path}" if outcome == MET else f"met on a condition by {path}"
    elif outcome == REVIEW:
        which = [e.reason.requirement for e in evals if e.outcome == REVIEW]
        detail = "no alternative is met for certain; an analyst must decide " + " or ".join(which)
    else:
        detail = "no alternative is met"
    reason = Reason(_name(node, "Any of"), outcome, detail, _cite(node), [e.reason for e in evals])
    return Eval(outcome, reason, path, wait, fraction)


def _proportional(node: Requirement, run: Run, exclude: frozenset[int] = frozenset()) -> Eval:
    """Alternatives combined on a proportional basis: each period counts once, where it counts most."""
    patterns = [c for c in node.children if c.id in node.proportional and c.kind == "experience"]
    names = " + ".join(_name(p, p.id or "?") for p in patterns)
    label = f"{names} combined"
    tiers = [_tiers(p, run, exclude) for p in patterns]
    inner_tiers = []
    for p, t in zip(patterns, tiers):
        inner_tiers.append(
            [_combine_tiers(t, [run.credit(i.credit, p.paid, s) for s in run.spans]) for i in p.including]
        )
    result = {}
    for least in (CERTAIN, POSSIBLE):
        members = [set(_members(t, least)) for t in tiers]
        inner_members = [[set(_members(it, least)) for it in its] for its in inner_tiers]
        months = [0.0] * len(patterns)
        inner_months = [[0.0] * len(p.including) for p in patterns]
        runs: list[list] = []  # [pattern, rate, inner rates, first, last]
        for a, b, active in run.segments():
            best_k, best_value, best_rate, best_inner = -1, 0.0, 0.0, ()
            for k, p in enumerate(patterns):
                rate = min(1.0, sum(run.spans[i].rate for i in active if i in members[k]))
                value = rate / p.months if p.months else rate
                if value > best_value + EPS:
                    inner = tuple(
                        min(1.0, sum(run.spans[i].rate for i in active if i in im)) for im in inner_members[k]
                    )
                    best_k, best_value, best_rate, best_inner = k, value, rate, inner
            if best_k < 0:
                continue
            last = runs[-1] if runs else None
            if last and last[0] == best_k and last[1] == best_rate and last[2] == best_inner and last[4] + ONE_DAY == a:
                last[4] = b
            else:
                runs.append([best_k, best_rate, best_inner, a, b])
        for k, rate, inner, a, b in runs:
            m = months_between(a, b)
            months[k] += m * rate
            for j, r in enumerate(inner):
                inner_months[k][j] += m * r
        fractions = []
        for k, p in enumerate(patterns):
            f = _frac(months[k], p.months)
            for j, inc in enumerate(p.including):
                f = min(f, _frac(inner_months[k][j], inc.months))
            fractions.append(f)
        result[least] = (months, fractions, sum(fractions))
    c_months, c_fracs, c_total = result[CERTAIN]
    p_months, p_fracs, p_total = result[POSSIBLE]
    outcome = MET if c_total >= 1 - EPS else REVIEW if p_total >= 1 - EPS else NOT_MET
    growth = max(
        (run.growth(_members(t, CERTAIN)) / p.months for p, t in zip(patterns, tiers) if p.months), default=0.0
    )
    wait = 0.0 if outcome == MET else _wait(1 - c_total, growth)
    if outcome == MET:  # name the path by the patterns that gave credit
        label = " + ".join(_name(p, p.id or "?") for p, m in zip(patterns, c_months) if m > 0) + " combined"
    if not run.explain:
        return Eval(outcome, Reason(label, outcome), label, wait, c_total)
    parts = [
        f"{_name(p, p.id or '?')} {fmt(m)}/{fmt(p.months)} months = {pct(f, 1)}"
        for p, m, f in zip(patterns, c_months, c_fracs)
        if m > 0
    ]
    detail = (" + ".join(parts) or "no certain credit") + f" → {pct(c_total, 1)} of 100%"
    if p_total > c_total + EPS:
        more = [f"{_name(p, p.id or '?')} {fmt(m)}/{fmt(p.months)}" for p, m in zip(patterns, p_months) if m > 0]
        detail += f"; with the possible credit ({' + '.join(more)}) {pct(p_total, 1)}"
    if outcome == REVIEW:
        whys = sorted({why for t in tiers for tier, why in t if tier == POSSIBLE and why})
        detail += "; an analyst must decide: " + "; ".join(whys)
    detail += "; each period is credited to one pattern only, the one where it counts most"
    return Eval(outcome, Reason(label, outcome, detail, _cite(node)), label, wait, c_total)


def _all_of(node: Requirement, run: Run, exclude: frozenset[int] = frozenset()) -> Eval:
    if node.distinct_periods:
        evals = _distinct(node, run, exclude)
    else:
        evals = [evaluate(child, run, exclude) for child in node.children]
    outcome = min((e.outcome for e in evals), key=_ORDER.__getitem__, default=MET)
    wait = max((e.wait for e in evals), default=0.0)
    path = node.label
    if path is None:
        parts = [e.path for e in evals if e.path]
        path = " + ".join(parts) if parts else None
    if not run.explain:
        return Eval(outcome, Reason(_name(node, "All of"), outcome), path, wait)
    short = [e.reason.requirement for e in evals if e.outcome == NOT_MET]
    unsure = [e.reason.requirement for e in evals if e.outcome == REVIEW]
    if outcome == MET:
        detail = "every part is met"
    elif outcome == CONDITIONAL:
        detail = "every part is met, one on a condition"
    elif short:
        detail = "not met: " + ", ".join(short)
    else:
        detail = "an analyst must decide: " + ", ".join(unsure)
    if node.distinct_periods:
        detail += "; a period of experience counts toward one part only"
    reason = Reason(_name(node, "All of"), outcome, detail, _cite(node), [e.reason for e in evals])
    return Eval(outcome, reason, path, wait)


def _experience_leaves(node: Requirement) -> list[Requirement]:
    """The experience requirements in a part, through its alternatives and all-ofs."""
    if node.kind == "experience":
        return [node]
    if node.kind in ("any_of", "all_of"):
        return [leaf for child in node.children for leaf in _experience_leaves(child)]
    return []


def _distinct(node: Requirement, run: Run, exclude: frozenset = frozenset()) -> list[Eval]:
    """Evaluate parts whose periods may not overlap, giving each shared job to the part where it helps most.

    A job goes whole to one part, or, when no such sharing meets every part, is
    divided: one part takes the first stretch of it, as little as that part
    needs, and another takes the rest.
    """
    # a part may itself be alternatives of experience ("two years of customer service ... or two years
    # of field work"), so a job is shared when any experience under two parts would take it
    leaves = {k: _experience_leaves(c) for k, c in enumerate(node.children)}
    parts = [k for k, found in leaves.items() if found]
    shared: list[tuple[object, list[int]]] = []
    for span in run.spans:
        if span.key in exclude:
            continue
        takers = [k for k in parts if any(run.credit(leaf.credit, leaf.paid, span)[0] != NONE for leaf in leaves[k])]
        if len(takers) > 1:
            shared.append((span.key, takers))
    if not shared:
        return [evaluate(child, run, exclude) for child in node.children]

    def excluded(owners: dict) -> list[frozenset]:
        """For each part, the spans these owners give to other parts."""
        return [exclude | frozenset(key for key, owner in owners.items() if owner != k) for k in range(len(node.children))]

    # The choices are scored on outcomes alone (reasons do not change a score);
    # only the best one is evaluated again with its reasons.
    level, run.explain = run.explain, OUTCOMES
    try:
        best = None  # (score, where a job is cut or None, owners, evals)
        for choice in itertools.islice(itertools.product(*[t for _, t in shared]), 256):
            owners = {key: owner for (key, _), owner in zip(shared, choice)}
            evals = [evaluate(child, run, ex) for child, ex in zip(node.children, excluded(owners))]
            if best is None or _score(evals) > best[0]:
                best = (_score(evals), None, owners, evals)
        if best is not None and best[0][0] < _ORDER[MET]:
            for key, takers in shared:
                for first, rest in itertools.permutations(takers, 2):
                    found = _divide(node, run, key, first, rest, best[2], excluded)
                    if found is not None and found[0] > best[0]:
                        best = found
    finally:
        run.explain = level
    if best is None:
        return []
    _, cut, owners, evals = best
    if level == OUTCOMES:
        return evals
    view = run if cut is None else run.split(cut[0], cut[1], level)
    return [evaluate(child, view, ex) for child, ex in zip(node.children, excluded(owners))]


def _score(evals: list[Eval]) -> tuple[int, int, float]:
    """Every part met first, then as many met as can be, then the most credit."""
    return (
        min(_ORDER[e.outcome] for e in evals),
        sum(_ORDER[e.outcome] for e in evals),
        sum(min(e.fraction, 1.0) for e in evals),
    )


def _divide(node: Requirement, run: Run, key: object, first: int, rest: int, owners: dict, excluded):
    """Cut the span ``key`` where part ``first`` is just met by its first stretch; part ``rest`` takes the rest.

    Credit only grows with the stretch, so the first day that meets the part is
    found by halving. None when even all but the last day of the job does not.
    """
    span = next(s for s in run.spans if s.key == key)
    days = (span.end - span.start).days  # the first stretch ends on one of days 0 .. days-1 of the span
    whole = {**owners, key: rest}
    if _ORDER[evaluate(node.children[first], run, excluded(whole)[first]).outcome] >= _ORDER[CONDITIONAL]:
        return None  # the part needs none of the job: giving the job whole to the other was tried
    whole[key] = first
    if _ORDER[evaluate(node.children[rest], run, excluded(whole)[rest]).outcome] >= _ORDER[CONDITIONAL]:
        return None  # the other part needs none of it: giving it whole to this one was tried
    divided = {k: v for k, v in owners.items() if k != key}
    divided[(key, 0)], divided[(key, 1)] = first, rest
    exclusions = excluded(divided)
    target = node.children[first]

    def met(day: int) -> bool:
        view = run.split(key, span.start + dt.timedelta(days=day), OUTCOMES)
        return _ORDER[evaluate(target, view, exclusions[first]).outcome] >= _ORDER[CONDITIONAL]

    if days < 1 or not met(days - 1):
        return None
    lo, hi = -1, days - 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if met(mid):
            hi = mid
        else:
            lo = mid
    last = span.start + dt.timedelta(days=hi)
    view = run.split(key, last, OUTCOMES)
    evals = [evaluate(child, view, ex) for child, ex in zip(node.children, exclusions)]
    return _score(evals), (key, last), divided, evals


def _judgment(node: Requirement, run: Run) -> Eval:
    label = _name(node, "Judgment")
    if node.children:
        sub = evaluate(node.children[0], run)
        if sub.outcome == NOT_MET:
            detail = f"does not apply: it needs {sub.reason.requirement}, which is not met"
            return Eval(NOT_MET, Reason(label, NOT_MET, detail, _cite(node), [sub.reason]), None, INF)
        detail = f"an analyst must decide: {node.because}"
        return Eval(REVIEW, Reason(label, REVIEW, detail, _cite(node), [sub.reason]), None, INF)
    return Eval(REVIEW, Reason(label, REVIEW, f"an analyst must decide: {node.because}", _cite(node)), None, INF)


# --- education ----------------------------------------------------------------------


def _college_years(entry: Education) -> float | None:
    units = entry.semester_units()
    if units is None and isinstance(entry.subjects, dict):
        given = [u for u in entry.subjects.values() if u is not None]
        if given and len(given) == len(entry.subjects):
            units = sum(given) * (2 / 3 if entry.unit_system == "quarter" else 1)
    if entry.status == "completed" and entry.level in COLLEGE_YEARS:
        years = COLLEGE_YEARS[entry.level]
        return max(years, units / UNITS_PER_YEAR) if units is not None else years
    if units is not None:
        return units / UNITS_PER_YEAR
    return None


def _level_outcome(node: Requirement, entry: Education) -> tuple[str, str]:
    want = node.level or "twelfth-grade"
    have = _LEVEL[entry.level]
    need = _LEVEL[want]
    status = entry.status
    if have < need:
        return NOT_MET, f"{entry.level} is below {want}"
    if status == "completed":
        return MET, f"{entry.level} completed"
    # being enrolled in college already means twelfth grade, and some college
    if want in ("twelfth-grade", "some-college") and entry.level != "twelfth-grade":
        return MET, f"{entry.level} {status} (college coursework)"
    if status == "senior" and node.senior and have >= need:
        return CONDITIONAL, f"registered as a senior: {node.senior}"
    return NOT_MET, f"{entry.level} {status}, not completed"


def _contains(words: tuple[str, ...], entry: Education) -> bool | None:
    haystack = [norm(h) for h in (entry.field, *entry.subjects) if h]
    if not haystack:
        return None
    return any(norm(w) in h for w in words for h in haystack)


def _field_outcome(node: Requirement, entry: Education) -> tuple[str, str]:
    if not node.fields_certain and not node.subjects_all:
        return MET, ""
    outcome, detail = MET, ""
    if node.fields_certain:
        hit = _contains(node.fields_certain, entry)
        if hit is True:
            detail = f"field {entry.field or ', '.join(entry.subjects)}"
        elif hit is None:
            outcome, detail = REVIEW, "the record does not give the field of study"
        elif node.fields_possible and _contains(node.fields_possible, entry):
            outcome, detail = REVIEW, f"field {entry.field or ', '.join(entry.subjects)} may be a related field"
        else:
            return (
                NOT_MET,
                f"field {entry.field or ', '.join(entry.subjects)} (needs {' or '.join(node.fields_certain)})",
            )
    for subject in node.subjects_all:
        hit = _contains((subject,), entry)
        if hit is None or (hit is False and not entry.subjects):
            outcome = REVIEW if outcome == MET else outcome
            detail += f"; the record does not say whether the coursework included {subject}"
        elif hit is False:
            outcome = REVIEW if node.fields_possible else NOT_MET
            detail += f"; coursework does not include {subject}"
    return outcome, detail.lstrip("; ")


def _education(node: Requirement, run: Run) -> Eval:
    label = _name(node, "Education")
    entries = run.applicant.education
    best, best_detail, best_entry = NOT_MET, "no education is listed", None
    for entry in entries:
        lvl, lvl_detail = _level_outcome(node, entry)
        if lvl == NOT_MET:
            outcome, detail = NOT_MET, lvl_detail
        else:
            fld, fld_detail = _field_outcome(node, entry)
            outcome = min(lvl, fld, key=_ORDER.__getitem__)
            detail = "; ".join(x for x in (lvl_detail, fld_detail) if x)
        # the best outcome; among equals, the highest level, so the reason names what the applicant has
        if (
            best_entry is None
            or _ORDER[outcome] > _ORDER[best]
            or (_ORDER[outcome] == _ORDER[best] and _LEVEL[entry.level] > _LEVEL[best_entry.level])
        ):
            best, best_detail, best_entry = outcome, detail, entry
    wait = 0.0 if best == MET else INF
    children: list[Reason] = []
    substituted = False
    if node.substitution is not None and best != MET:
        substituted = True
        sub_outcome, sub_detail, sub_wait, sub_children = _substitution(node, run)
        if run.explain:
            children.append(
                Reason("Substitution", sub_outcome, sub_detail, _cite(node.substitution.experience), sub_children)
            )
        wait = min(wait, sub_wait)
        if _ORDER[sub_outcome] > _ORDER[best]:
            best = sub_outcome
            has = f"{best_entry.level} ({best_entry.status})" if best_entry else "no education listed"
            best_detail = f"{has}; the rest by experience substituted for education (see Substitution)"
    path = f"{label} (substitution)" if best == MET and substituted else label
    if not run.explain:
        return Eval(best, Reason(label, best), path, wait)
    want = node.level or "twelfth-grade"
    detail = f"needs {want}" + (f" in {' or '.join(node.fields_certain)}" if node.fields_certain else "")
    detail += f": {best_detail}"
    return Eval(best, Reason(label, best, detail, _cite(node), children), path, wait)


def _substitution(node: Requirement, run: Run) -> tuple[str, str, float, list[Reason]]:
    sub = node.substitution
    assert sub is not None
    years_known: list[float] = []
    unknown = False
    for entry in run.applicant.education:
        y = _college_years(entry)
        if y is None:
            unknown = unknown or entry.level != "twelfth-grade"
        else:
            years_known.append(y)
    have = max(years_known, default=0.0)
    tiers = _tiers(sub.experience, run, frozenset())
    c_ids, p_ids = _split(tiers)
    c, p = run.union(c_ids), run.union(p_ids)
    sub_c = min(sub.max_years, c / 12 * sub.years_per_year)
    sub_p = min(sub.max_years, p / 12 * sub.years_per_year)
    need = sub.required_years
    if have + sub_c >= need - EPS:
        outcome = MET
    # college of unknown length might make up the rest, but only together with experience to substitute
    elif have + sub_p >= need - EPS or (unknown and sub_p > EPS):
        outcome = REVIEW
    else:
        outcome = NOT_MET
    wait = INF
    short_years = need - have
    if outcome != MET and 0 < short_years <= sub.max_years + EPS:
        wait = _wait(short_years * 12 / sub.years_per_year - c, run.growth(c_ids))
    college = f"{fmt(have)} years of college" if not unknown or have > 0 else "years of college unknown"
    detail = (
        f"{college} + {fmt(sub_c)} years of experience substituted "
        f"(year for year, at most {fmt(sub.max_years)}) = {fmt(have + sub_c)} of {fmt(need)} years"
    )
    if sub_p > sub_c + EPS:
        detail += f"; {fmt(have + sub_p)} years if an analyst accepts the possible credit"
        if outcome == REVIEW:
            detail += _questions(tiers)
    if unknown:
        detail += "; the record does not give the units of some college coursework"
    children = _job_reasons(run, tiers) if run.explain >= JOBS else []
    return outcome, detail, wait, children


# --- a class ------------------------------------------------------------------------


# Notes and competency charts repeat across a batch: most applicants list the same
# licences (or none) and no assessed grades. Each distinct one is built once and the
# Reason shared by every decision that shows it (a renderer may rely on that). The
# entry holds the note or class its key names by id; the table is bounded.
_NOTES: dict[tuple, tuple[object, Reason]] = {}
_NOTES_MAX = 256  # a few per class are shared; the rest (assessed grades) rarely repeat


def _shared_note(key: tuple, owner: object, build) -> Reason:
    hit = _NOTES.get(key)
    if hit is None or hit[0] is not owner:
        if len(_NOTES) >= _NOTES_MAX:
            _NOTES.clear()
        hit = _NOTES[key] = (owner, build())
    return hit[1]


def _notes(cls: ClassSpec, series: Series, applicant: Applicant, as_of: dt.date) -> list[Reason]:
    """The class's notes and competency chart, as they read for this applicant."""
    licences = tuple((lic.kind, lic.jurisdiction, lic.expires) for lic in applicant.licenses)
    out = [
        _shared_note((id(n), as_of, licences), n, lambda n=n: _license_reason(n, applicant, as_of)) for n in cls.notes
    ]
    if cls.grades:
        assessed = tuple(applicant.competencies.get(c) for c in cls.grades)
        out.append(_shared_note((id(cls), assessed), cls, lambda: _competency_reason(cls, series, applicant)))
    return out


def _licence_kind(text: str) -> str:
    """drivers-license, Driver's License and driver licence are one kind."""
    words = re.sub(r"[\s\-_,.]+", " ", text.casefold().replace("'", "")).replace("licence", "license").split()
    return " ".join("drivers" if w == "driver" else w for w in words)


def _license_reason(cls_note, applicant: Applicant, as_of: dt.date) -> Reason:
    detail = cls_note.text
    if cls_note.requirement:
        held = [lic for lic in applicant.licenses if _licence_kind(lic.kind) == _licence_kind(cls_note.requirement)]
        valid = [lic for lic in held if lic.expires is None or lic.expires >= as_of]
        if valid:
            lic = valid[0]
            where = f"{lic.jurisdiction} " if lic.jurisdiction else ""
            until = f", valid to {lic.expires}" if lic.expires else ""
            detail += f" The applicant lists a {where}{lic.kind}{until}."
        elif held:
            detail += f" The applicant's {held[0].kind} expired {held[0].expires}."
        else:
            detail += " The applicant lists none."
    return Reason("License" if cls_note.kind == "license" else cls_note.kind.capitalize(), NOTE, detail)


def _competency_reason(cls: ClassSpec, series: Series, applicant: Applicant) -> Reason:
    children = []
    short_count = 0
    texts = {c.id: c.text for c in series.competencies}
    for cid, required in cls.grades.items():
        assessed = applicant.competencies.get(cid)
        if assessed is None:
            detail = f"required {required}, not assessed"
        else:
            gap = GRADES.index(required) - GRADES.index(assessed)
            if gap > 0:
                short_count += 1
                detail = f"required {required}, assessed {assessed}: short by {gap} degree{'s' if gap > 1 else ''}"
            else:
                detail = f"required {required}, assessed {assessed}: meets"
        children.append(Reason(f"{cid}: {texts.get(cid, cid)}", NOTE, detail))
    assessed_any = any(c in applicant.competencies for c in cls.grades)
    if not assessed_any:
        summary = "no assessed grades in the record; the chart's required degrees are listed"
    elif short_count:
        summary = f"{short_count} of {len(cls.grades)} competencies below the required degree (shown for development, not a minimum qualification)"
    else:
        summary = "every assessed competency meets the required degree"
    return Reason(
        "Competencies and degrees of proficiency", NOTE, summary, f"{series.title}, competency chart", children
    )


def screen_class(
    cls: ClassSpec,
    series: Series,
    applicant: Applicant,
    as_of: dt.date,
    run: Run | None = None,
) -> list[Decision]:
    """One decision per class, or per specialty of a class that has specialties.

    ``run`` may be shared by the classes of one applicant, as-of date and crediting
    rule; its level of explanation decides how deep the reasons go (all of them by default).
    """
    if run is None or not run.serves(applicant, as_of, series.crediting):
        run = Run(applicant, as_of, series.crediting, run.explain if run is not None else JOBS)
    targets = [(sp.id, sp.requirement) for sp in cls.specialties] if cls.specialties else [(None, cls.requirement)]
    extra = _notes(cls, series, applicant, as_of)
    out = []
    for specialty, root in targets:
        ev = evaluate(root, run)
        status = STATUS_OF[ev.outcome]
        eligible_from = None
        if ev.outcome in (REVIEW, NOT_MET) and ev.wait < INF:
            eligible_from = project(root, applicant, as_of, series.crediting, ev.wait, run)
        out.append(
            Decision(
                applicant=applicant.id,
                file=applicant.file,
                cls=cls.id,
                specialty=specialty,
                status=status,
                path=ev.path if ev.outcome in (MET, CONDITIONAL) else None,
                eligible_from=eligible_from,
                reasons=[ev.reason, *extra],
                as_of=as_of,
                series=series.id,
                title=cls.title,
            )
        )
    return out


def project(
    root: Requirement,
    applicant: Applicant,
    as_of: dt.date,
    crediting: Crediting,
    wait: float,
    run: Run | None = None,
) -> dt.date | None:
    """The first day the requirement is certainly met if current jobs go on as they are, or None.

    ``wait`` is the engine's estimate in months: most often the day itself or the day
    before, so two or three probes (evaluations on a later day) confirm it. Credit
    only grows as days pass, so the first day met is found by walking out from the
    estimate and halving the gap. ``run``, the applicant's run on ``as_of``, lets
    probes share job credit and results across classes.
    """
    if run is None or not run.serves(applicant, as_of, crediting):
        run = Run(applicant, as_of, crediting, OUTCOMES)
    horizon = add_months(as_of, HORIZON_MONTHS)
    guess = max(after_months(as_of, wait), as_of + ONE_DAY)
    if guess > horizon:
        return None
    if run.met_on(root, guess):
        # step back 1, 2, 4 ... days until a day that is not met
        hi, step = guess, 1
        while True:
            lo = hi - dt.timedelta(days=step)
            if lo <= as_of:  # not met on the as-of date: that is why we project
                lo = as_of
                break
            if not run.met_on(root, lo):
                break
            hi, step = lo, step * 2
    else:
        # Not met by the horizon is the commonest miss (a current job ends before the
        # gap closes): one probe settles it. Then the day after the estimate; then
        # steps of 2, 4, 8 ... days.
        if not run.met_on(root, horizon):
            return None
        lo, step = guess, 1
        while True:
            hi = min(lo + dt.timedelta(days=step), horizon)
            if hi >= horizon or run.met_on(root, hi):
                break
            lo, step = hi, step * 2
    while (hi - lo).days > 1:
        mid = lo + dt.timedelta(days=(hi - lo).days // 2)
        if run.met_on(root, mid):
            hi = mid
        else:
            lo = mid
    return hi
