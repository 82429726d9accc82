"""One class for one applicant: a decision per class (or per specialty), with reasons, notes and projection."""

from __future__ import annotations

import datetime as dt

from merit.engine.evaluate import INF, ORDER, Eval, evaluate
from merit.engine.notes import notes
from merit.engine.projection import project
from merit.engine.timeline import JOBS, Run
from merit.model import CONDITIONAL, MET, NOT_MET, REVIEW, STATUS_OF, Applicant, ClassSpec, Decision, Series


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
    rule; its level of explanation decides how deep the reasons go (all of them by default).
    """
    if run is None or not run.serves(applicant, as_of, series.crediting):
        run = Run(applicant, as_of, series.crediting, run.explain if run is not None else JOBS)
    targets = [(sp.id, sp.requirement) for sp in cls.specialties] if cls.specialties else [(None, cls.requirement)]
    extra = notes(cls, series, applicant, as_of)
    out = []
    for specialty, root in targets:
        ev = evaluate(root, run)
        eligible_from = None
        if ev.outcome in (CONDITIONAL, REVIEW, NOT_MET) and ev.wait < INF:
            eligible_from = project(root, applicant, as_of, series.crediting, ev.wait, run)
        out.append(_decision(cls, series, applicant, as_of, specialty, None, ev, eligible_from, [ev.reason, *extra]))
        for sel in cls.selective if selective else ():
            # selective certification: the class's requirement and the certification's, together
            also = evaluate(sel.requirement, run)
            outcome = min(ev.outcome, also.outcome, key=ORDER.__getitem__)
            path = " + ".join(p for p in (ev.path, also.path or sel.title) if p)
            joint = Eval(outcome, ev.reason, path, max(ev.wait, also.wait))
            later = eligible_from if also.outcome == MET else None
            reasons = [ev.reason, also.reason, *extra]
            out.append(_decision(cls, series, applicant, as_of, specialty, sel.id, joint, later, reasons))
    return out


def _decision(cls, series, applicant, as_of, specialty, selective, ev, eligible_from, reasons) -> Decision:
    return Decision(
        applicant=applicant.id,
        file=applicant.file,
        cls=cls.id,
        specialty=specialty,
        status=STATUS_OF[ev.outcome],
        path=ev.path if ev.outcome in (MET, CONDITIONAL) else None,
        eligible_from=eligible_from,
        reasons=reasons,
        as_of=as_of,
        series=series.id,
        title=cls.title,
        selective=selective,
    )
