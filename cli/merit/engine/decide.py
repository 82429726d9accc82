"""One class for one applicant: a decision per class (or per specialty), with reasons, notes and projection."""

from __future__ import annotations

import datetime as dt

from merit.engine.evaluate import INF, ORDER, Eval, evaluate
from merit.engine.notes import notes
from merit.engine.points import carry, for_applicant, name_points, resolve, unmatched, why_stale
from merit.engine.policy import presumed_words
from merit.engine.projection import project
from merit.engine.timeline import JOBS, REQUIREMENTS, SUMMARY, Run
from merit.model.applicants import Applicant
from merit.model.decisions import CONDITIONAL, MET, NOT_MET, REVIEW, STATUS_OF, Decision, Detail, Determination
from merit.model.specs import ClassSpec, Series


def screen_class(
    cls: ClassSpec,
    series: Series,
    applicant: Applicant,
    as_of: dt.date,
    run: Run | None = None,
    selective: bool = False,
) -> list[Decision]:
    """One decision per class (or per specialty of a class that has specialties), and with ``selective``
    one more for each selective certification of the class.

    ``run`` may be shared by the classes of one applicant, as-of date and crediting
    rule; its level of explanation decides how deep the reasons go (all of them by
    default), and its determinations (an analyst's answers) are applied.
    """
    if run is None or not run.serves(applicant, as_of, series.crediting):
        level, given = (run.explain, run.determinations) if run is not None else (JOBS, ())
        run = Run(applicant, as_of, series.crediting, level, given)
    targets = [(sp.id, sp.requirement) for sp in cls.specialties] if cls.specialties else [(None, cls.requirement)]
    extra = notes(cls, series, applicant, as_of) if run.explain != SUMMARY else []  # a summary shows no notes
    out = []
    if run.determinations and selective:
        for sel in cls.selective:
            resolve(f"{cls.id}/{sel.id}", sel.requirement, run)
    for specialty, root in targets:
        prefix = f"{cls.id}/{specialty}" if specialty else cls.id
        if run.determinations:
            resolve(prefix, root, run)
        ev = evaluate(root, run)
        eligible_from = None
        if ev.outcome in (CONDITIONAL, REVIEW, NOT_MET) and ev.wait < INF:
            eligible_from = project(root, applicant, as_of, series.crediting, ev.wait, run)
        points = name_points(prefix, root, list(ev.points), applicant) if ev.points else []
        out.append(
            _decision(cls, series, run, specialty, None, ev, eligible_from, [ev.reason, *extra], points)
        )
        for sel in cls.selective if selective else ():
            # selective certification: the class's requirement and the certification's, together
            also = evaluate(sel.requirement, run)
            outcome = min(ev.outcome, also.outcome, key=ORDER.__getitem__)
            path = " + ".join(p for p in (ev.path, also.path or sel.title) if p)
            joint = Eval(outcome, ev.reason, path, max(ev.wait, also.wait))
            later = eligible_from if also.outcome == MET else None
            reasons = [ev.reason, also.reason, *extra]
            both = name_points(prefix, root, carry(outcome, [ev], run), applicant) + name_points(
                f"{cls.id}/{sel.id}", sel.requirement, carry(outcome, [also], run), applicant
            )
            out.append(_decision(cls, series, run, specialty, sel.id, joint, later, reasons, both))
    return out


def _decision(cls, series, run, specialty, selective, ev, eligible_from, reasons, points) -> Decision:
    applicant = run.applicant
    return Decision(
        applicant=applicant.id,
        file=applicant.file,
        cls=cls.id,
        specialty=specialty,
        status=STATUS_OF[ev.outcome],
        path=ev.path if ev.outcome in (MET, CONDITIONAL) else None,
        eligible_from=eligible_from,
        reasons=reasons,
        as_of=run.as_of,
        series=series.id,
        title=cls.title,
        selective=selective,
        points=points,
        spec_digest=series.digest,
        spec_date=series.date,
        assumed=run.assumed if run.assumed is not None else _assumed(run),
    )


def _assumed(run: Run) -> tuple[str, ...]:
    if run.assumed is None:
        run.assumed = assumed(run.applicant)
    return run.assumed


def assumed(applicant: Applicant) -> tuple[str, ...]:
    """The facts of an applicant's jobs that are assumed for want of them in the record, in words, then
    those an office's policy presumed; an entry is named by its place in the record ("job 2: 40 hours a week")."""
    own = tuple(f"job {n}: {' and '.join(job.assumed)}" for n, job in enumerate(applicant.experience, 1) if job.assumed)
    return own + presumed_words(applicant) if applicant.experience or applicant.education else own


def screen_applicant(
    applicant: Applicant,
    targets: list[tuple[ClassSpec, Series]],
    as_of: dt.date,
    level: Detail = JOBS,
    determinations: tuple[Determination, ...] = (),
    selective: bool = False,
) -> list[Decision]:
    """Every decision for one applicant against (class, series) pairs, reasons to ``level``, with the
    analyst's determinations for this applicant applied (and with ``selective``, a decision more per
    selective certification of a class).

    A determination for a class screened here that names no decision point of its
    results (the spec or the record changed since it was made) is not applied, and
    is listed on the decision as ``stale``.
    """
    mine = for_applicant(determinations, applicant.id) if determinations else ()
    runs: dict[float, Run] = {}  # one per full-time week: classes share spans, credit and probes
    out: list[Decision] = []
    for cls, series in targets:
        full = series.crediting.full_time_hours
        run = runs.get(full)
        if run is None:
            run = runs[full] = Run(applicant, as_of, series.crediting, level, mine)
        out.extend(screen_class(cls, series, applicant, as_of, run, selective))
    if mine:
        _stale(applicant, targets, as_of, mine, runs, out, selective)
    return out


def _stale(applicant, targets, as_of, mine, runs, decisions: list[Decision], selective: bool) -> None:
    """Mark each determination for a class screened here that its results did not ask for.

    A determination counts as asked for if the evaluation applied it, or if the
    point is open when judged without any determination (an answer elsewhere may
    have settled the clause before this one was reached).
    """
    used = set().union(*(r.used for r in runs.values()))
    changed: dict[int, Determination] = {}
    for r in runs.values():
        changed.update(r.changed)
    asked = {p.id for d in decisions for p in d.points}
    of_class = {cls.id: (cls, series) for cls, series in targets}
    left = [d for d in unmatched(mine, used, asked, changed) if _class_of(d, of_class) is not None]
    if not left:
        return
    plain: dict[float, Run] = {}
    for cls, series in {_class_of(d, of_class) for d in left}:
        full = series.crediting.full_time_hours
        run = plain.get(full)
        if run is None:
            run = plain[full] = Run(applicant, as_of, series.crediting, REQUIREMENTS)
        asked.update(p.id for d in screen_class(cls, series, applicant, as_of, run, selective) for p in d.points)
    for det in unmatched(left, used, asked, changed):
        cls = _class_of(det, of_class)[0]
        own = [d for d in decisions if d.cls == cls.id]
        where = next((d for d in own if d.specialty and det.point.startswith(f"{d.cls}/{d.specialty}/")), own[0])
        where.stale.append(det.not_applied(why_stale(det, changed)))


def _class_of(det: Determination, of_class: dict):
    """The (class, series) screened here that a determination's point names, or None."""
    for cls_id, target in of_class.items():
        if det.point.startswith(cls_id + "/"):
            return target
    return None
