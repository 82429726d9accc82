"""An office's policy: what it presumes where a record is silent, and its standing answers to decision points.

Pure: ``presume`` takes an applicant and a policy and gives a copy of the applicant
with the presumed facts filled in, each entry keeping what it presumed (the value
before and the words) so that the record's ``assumed``, the reasons and the notice
name it. docs/policy.md documents the file; merit.policy reads it.
"""

from __future__ import annotations

import copy
import datetime as dt

from merit.model.applicants import FULL_TIME_HOURS, Applicant
from merit.model.decisions import ACCEPT, Determination

# How a reason, the record's assumed facts and a notice say where a presumption comes from.
BY_POLICY = "presumed by office policy"


class Policy:
    """An office's presumptions and standing answers, as read from its policy file.

    ``accredited``: a school the record names is accredited unless the record says
    otherwise (True), or nothing is presumed (None). ``paid``: a job the record does
    not mark paid or unpaid counts as paid (True) or unpaid (False), or as today
    (None: assumed paid, and said so). ``hours_per_week``: the week of a job whose
    record gives no hours. ``empty_duties``: ``duties: []`` means the job did none of
    the vocabulary's duties (rather than that the record does not say). ``foreign_accept``: a
    credential from a school outside the United States (``foreign: true``) that the record does
    not show evaluated counts as equivalent to the US level it names (without it, an education
    clause it would meet asks an analyst: merit.engine.education).
    """

    __slots__ = ("name", "date", "accredited", "paid", "hours_per_week", "empty_duties", "foreign_accept", "answers", "file", "digest")

    def __init__(
        self,
        name: str,
        date: dt.date,
        accredited: bool | None = None,
        paid: bool | None = None,
        hours_per_week: float | None = None,
        empty_duties: bool = False,
        foreign_accept: bool = False,
        answers: tuple[StandingAnswer, ...] = (),
        file: str = "",
        digest: str = "",
    ) -> None:
        self.name = name  # the office whose policy it is
        self.date = date  # the day it took effect
        self.accredited = accredited
        self.paid = paid
        self.hours_per_week = hours_per_week
        self.empty_duties = empty_duties
        self.foreign_accept = foreign_accept
        self.answers = answers
        self.file = file
        self.digest = digest  # sha256 of the file's bytes: the stamp of every result it touched

    def presumes(self) -> bool:
        return (
            self.accredited is not None or self.paid is not None or self.hours_per_week is not None
            or self.empty_duties or self.foreign_accept
        )


class StandingAnswer(Determination):
    """An answer an office gives once, by point pattern, for every applicant (``applicant: "*"``)."""

    __slots__ = ()

    def words(self) -> str:
        done = "accepted" if self.answer == ACCEPT else "rejected"
        return f"{done} by office policy ({self.by}, {self.date})" + (f": {self.because}" if self.because else "")


def presume(applicant: Applicant, policy: Policy | None) -> Applicant:
    """The applicant with the policy's presumptions filled in where the record is silent; the same
    object when nothing is presumed."""
    if policy is None or not policy.presumes():
        return applicant
    jobs = [_job(job, policy) for job in applicant.experience]
    schooling = [_education(entry, policy) for entry in applicant.education]
    if all(a is b for a, b in zip(jobs, applicant.experience)) and all(a is b for a, b in zip(schooling, applicant.education)):
        return applicant
    out = copy.copy(applicant)
    out.experience, out.education = jobs, schooling
    return out


_ASSUMED_HOURS = f"{FULL_TIME_HOURS:g} hours a week"


def _job(job, policy: Policy):
    presumed = {}
    assumed = list(job.assumed)
    if policy.paid is not None and "paid" in assumed:
        assumed.remove("paid")
        presumed["paid"] = (job.paid, "paid" if policy.paid else "unpaid")
    if policy.hours_per_week is not None and _ASSUMED_HOURS in assumed:
        assumed.remove(_ASSUMED_HOURS)
        presumed["hours_per_week"] = (job.hours_per_week, f"{policy.hours_per_week:g} hours a week")
    if policy.empty_duties and job.duties_stated and not job.duties:
        presumed["duties"] = (job.duties, "none of the duties")
    if not presumed:
        return job
    out = copy.copy(job)
    out.assumed = tuple(assumed)
    out.presumed = presumed
    if "paid" in presumed:
        out.paid = policy.paid
    if "hours_per_week" in presumed:
        out.hours_per_week = policy.hours_per_week
    return out


def _education(entry, policy: Policy):
    presumed = {}
    if policy.accredited and entry.accredited is None and entry.school and entry.level != "twelfth-grade":
        presumed["accredited"] = (None, "accredited")
    if policy.foreign_accept and entry.foreign and not entry.evaluated:
        presumed["evaluated"] = (entry.evaluated, "equivalent to a US degree without a credential evaluation")
    if not presumed:
        return entry
    out = copy.copy(entry)
    if "accredited" in presumed:
        out.accredited = True
    if "evaluated" in presumed:
        out.evaluated = True
    out.presumed = presumed
    return out


def presumed_words(applicant: Applicant) -> tuple[str, ...]:
    """What the policy presumed of a record, in words, each entry named as the record's assumed facts
    name it ("job 2: unpaid, presumed by office policy")."""
    out = [
        f"job {n}: {' and '.join(w for _, w in job.presumed.values())}, {BY_POLICY}"
        for n, job in enumerate(applicant.experience, 1)
        if job.presumed
    ]
    out += [
        f"education {n}{f' ({entry.school})' if entry.school else ''}: {' and '.join(w for _, w in entry.presumed.values())}, {BY_POLICY}"
        for n, entry in enumerate(applicant.education, 1)
        if entry.presumed
    ]
    return tuple(out)
