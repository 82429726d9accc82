"""One class for one applicant: a decision per class (or per specialty), with reasons, notes and projection."""

from __future__ import annotations

import datetime as dt

from merit.engine.evaluate import INF, evaluate
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
) -> list[Decision]:
    """One decision per class, or per specialty of a class that has specialties.

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
