"""Projection: the first day a requirement is certainly met if the applicant's current jobs go on."""

from __future__ import annotations

import datetime as dt

from merit.engine.calendar import ONE_DAY, add_months, after_months
from merit.engine.timeline import OUTCOMES, Run
from merit.model.applicants import Applicant
from merit.model.specs import Crediting

HORIZON_MONTHS = 180  # how far ahead eligible_from is projected


def project(
    root,
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
    try:
        horizon = add_months(as_of, HORIZON_MONTHS)
        guess = max(after_months(as_of, wait), as_of + ONE_DAY)
    except (OverflowError, ValueError):  # past the last day a date can name: beyond any horizon
        return None
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
