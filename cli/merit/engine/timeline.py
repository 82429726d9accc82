"""An applicant's experience as of a date: each job clipped to the as-of date, with its share of full time.

A ``Run`` is one applicant on one day under one crediting rule. It holds what
every class of the applicant shares: the spans of the jobs, the timeline cut
wherever a job starts or ends, unions of overlapping jobs, how each job counts
under each credit rule, and the probes on later days that project
``eligible_from``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from merit.engine.calendar import ONE_DAY, months_between
from merit.engine.credit import job_credit
from merit.model.applicants import Applicant, Job
from merit.model.decisions import Detail, Determination
from merit.model.specs import Crediting

if TYPE_CHECKING:
    from merit.engine.evaluate import Eval

# The last day a run may stand on: the day after it must still be a date.
LAST_DAY = dt.date.max - ONE_DAY

# How much of the reason tree a Run builds (merit.model.decisions.Detail): projection probes need the
# outcome alone; summary records the one-line reason and the decision points (the clauses'
# words written when read); full records stop at requirements (patterns, parts, nested minimums,
# substitution, proportional combination, with their arithmetic and citations);
# --explain adds a line for every job. The members are ints, compared in the inner loop as fast as ints.
OUTCOMES, SUMMARY, REQUIREMENTS, JOBS = Detail


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

    probe = False  # a run on a later day, made to find eligible_from: only its outcomes count

    def __init__(
        self,
        applicant: Applicant,
        as_of: dt.date,
        crediting: Crediting,
        explain: Detail = JOBS,
        determinations: tuple[Determination, ...] = (),
    ):
        self.applicant = applicant
        self.as_of = as_of
        self.crediting = crediting
        self.explain = explain  # OUTCOMES, SUMMARY, REQUIREMENTS or JOBS
        # An analyst's answers to this applicant's decision points: given by point id, and
        # resolved by each class before it is judged to (clause node id, entry) -> determination
        # (see merit.engine.points). ``used`` collects those the evaluation met.
        self.determinations = determinations
        self.answers: dict[tuple[int, str], Determination] = {}
        self.used: set[int] = set()  # ids of the determinations applied
        self.changed: dict[int, Determination] = {}  # those whose question is not the one answered, by id
        self.assumed: tuple[str, ...] | None = None  # the record's assumed facts in words, made once (see decide)
        self.spans: list[Span] = []
        self.later: list[Job] = []
        full = crediting.full_time_hours
        last = min(as_of, LAST_DAY)
        for i, job in enumerate(applicant.experience):
            if job.start > last:
                self.later.append(job)
                continue
            end = job.end if job.end is not None and job.end <= last else last
            ongoing = job.end is None or job.end > last
            rate = min(1.0, job.hours_per_week / full)
            if job.hours_worked is not None:  # the hours the record gives, spread over the job's months
                whole = months_between(job.start, job.end if job.end is not None else last)
                rate = min(1.0, job.hours_worked / (crediting.hours_per_month * whole)) if whole > 0 else 0.0
            self.spans.append(Span(i, job, job.start, end, rate, ongoing, months_between(job.start, end)))
        self._union: dict[tuple, float] = {}
        # how each job counts under a rule list, a list each indexed by job, not span: a job counts
        # the same on any day, so runs of one applicant on other days (projection) and views of
        # this one share it
        self._credit: dict[tuple[int, bool, bool], list[tuple[str, str, float] | None]] = {}
        self._segments: list[tuple[dt.date, dt.date, tuple[int, ...]]] | None = None
        self._evals: dict[tuple, Eval] = {}
        self._tiers: dict[tuple, Any] = {}  # memo of the clause kinds: what each stores is its own key's business
        self._days: dict[dt.date, Run] = {}
        self._met_on: dict[tuple[dt.date, int], bool] = {}
        self._after: dict[tuple[dt.date, dt.date | None], Run] = {}

    def _view(self, spans: list[Span], explain: Detail) -> Run:
        """This run with other spans: job credit (keyed by job) stays shared, everything built on spans does not."""
        view = Run.__new__(Run)
        view.__dict__.update(self.__dict__)
        view.explain = explain
        view.spans = spans
        view._union, view._segments, view._evals, view._tiers = {}, None, {}, {}
        view._days, view._met_on, view._after = {}, {}, {}
        return view

    def split(self, key: object, last: dt.date, explain: Detail) -> Run:
        """This run with the span ``key`` cut in two after ``last``: (key, 0) through ``last``, (key, 1) after.

        Parts that may not share a period can then share a job, each taking its own stretch of it.
        """
        spans = []
        for s in self.spans:
            if s.key != key:
                spans.append(s)
                continue
            first = last + ONE_DAY
            spans.append(Span(s.index, s.job, s.start, last, s.rate, False, months_between(s.start, last), (key, 0)))
            spans.append(Span(s.index, s.job, first, s.end, s.rate, s.ongoing, months_between(first, s.end), (key, 1)))
        return self._view(spans, explain)

    def after(self, day: dt.date, until: dt.date | None = None) -> Run:
        """This run with only what follows ``day`` of each job (experience after a credential), and, with
        ``until``, nothing after that day (experience while a credential was held)."""
        hit = self._after.get((day, until))
        if hit is None:
            spans = []
            for s in self.spans:
                if s.end <= day or (until is not None and s.start > until):
                    continue
                first = max(s.start, day + ONE_DAY)
                last = s.end if until is None else min(s.end, until)
                ongoing = s.ongoing and last == s.end
                spans.append(Span(s.index, s.job, first, last, s.rate, ongoing, months_between(first, last), s.key))
            hit = self._after[(day, until)] = self._view(spans, self.explain)
        return hit

    def answer(self, clause, entry: str) -> Determination | None:
        """The analyst's answer to the decision point of ``clause`` (a requirement node) and ``entry``, if any."""
        if not self.answers:
            return None
        found = self.answers.get((id(clause), entry))
        if found is not None:
            self.used.add(id(found))
        return found

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
            hit = self._days[day] = Run(self.applicant, day, self.crediting, OUTCOMES, self.determinations)
            hit.probe = True
            hit._credit = self._credit
            hit.answers, hit.used, hit.changed = self.answers, self.used, self.changed  # the same answers on any day
        return hit

    def met_on(self, root, day: dt.date) -> bool:
        """Whether ``root`` is certainly met on ``day``, remembered for every class sharing this run."""
        from merit.engine.evaluate import MET, evaluate

        key = (day, id(root))
        hit = self._met_on.get(key)
        if hit is None:
            hit = self._met_on[key] = evaluate(root, self.on(day)).outcome == MET
        return hit

    def credits(self, rules, paid: bool) -> list[tuple[str, str, float]]:
        """How each job counts under these rules (tier, why, share of its time), indexed by ``Span.index``
        and worked out for this run's spans; why a job does not count only when job lines are shown.

        One list for a whole rule list, so a clause looks its jobs up by index rather than
        building a key for every span.
        """
        words = self.explain >= JOBS
        key = (id(rules), paid, words)
        column = self._credit.get(key)
        if column is None:
            column = self._credit[key] = [None] * len(self.applicant.experience)
        for span in self.spans:
            if column[span.index] is None:
                column[span.index] = job_credit(rules, span.job, paid, words)
        # set at every span's index, the only indices callers read (jobs that make no span stay None)
        return cast("list[tuple[str, str, float]]", column)

    def segments(self) -> list[tuple[dt.date, dt.date, tuple[int, ...]]]:
        """The as-of timeline cut wherever a job starts or ends: (first day, last day, spans active).

        One sweep: each span is entered in the pieces it covers, so the cost is the
        size of the answer, not the number of pieces times the number of spans.
        """
        if self._segments is None:
            spans = self.spans
            cuts = sorted({s.start for s in spans} | {s.end + ONE_DAY for s in spans})
            place = {day: i for i, day in enumerate(cuts)}
            active: list[list[int]] = [[] for _ in cuts]
            for k, s in enumerate(spans):
                for i in range(place[s.start], place[s.end + ONE_DAY]):
                    active[i].append(k)
            self._segments = [
                (a, b - ONE_DAY, tuple(members)) for a, b, members in zip(cuts, cuts[1:], active) if members
            ]
        return self._segments

    def union(self, members: tuple[int, ...], shares: tuple[float, ...] | None = None) -> float:
        """Months credited by these spans together: overlaps add hours, never past full time.

        ``shares``, where given, is each member's share of its time that counts (its
        qualifying duties), multiplying its share of full time. One sweep over the
        members' starts and ends: the cost grows with the members, not their overlaps.
        """
        if not members:
            return 0.0
        if len(members) == 1:
            s = self.spans[members[0]]
            return s.months * s.rate * (shares[0] if shares else 1.0)
        key = members if shares is None else (members, shares)
        hit = self._union.get(key)
        if hit is not None:
            return hit
        change: dict[dt.date, float] = {}
        spans = self.spans
        for i, k in enumerate(members):
            s = spans[k]
            rate = s.rate * (shares[i] if shares else 1.0)
            change[s.start] = change.get(s.start, 0.0) + rate
            after = s.end + ONE_DAY
            change[after] = change.get(after, 0.0) - rate
        total = 0.0
        level = 0.0
        run_start = run_end = None
        run_rate = 0.0
        days = sorted(change)
        for a, b in zip(days, days[1:]):
            level += change[a]
            rate = min(1.0, round(level, 9))
            last = b - ONE_DAY
            if run_end is not None and rate == run_rate and a == run_end + ONE_DAY:  # a run is open: both ends set
                run_end = last
                continue
            if run_start is not None and run_rate > 0:
                total += months_between(run_start, run_end) * run_rate
            run_start, run_end, run_rate = a, last, rate
        if run_start is not None and run_rate > 0:
            total += months_between(run_start, run_end) * run_rate
        self._union[key] = total
        return total

    def growth(self, members) -> float:
        """Share of full time still being added after the as-of date by ongoing spans among these."""
        return min(1.0, sum(self.spans[k].rate for k in members if self.spans[k].ongoing))
