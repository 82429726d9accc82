"""The pure screening engine: spec + applicant + as-of date -> decisions with reasons.

One module per rule concept: ``timeline`` (jobs as of a date), ``credit`` (how a
job counts under a rule), ``evaluate`` (the three-valued tree and its
combinators), ``experience``, ``proportional``, ``distinct``, ``education``,
``notes``, ``projection``, ``wording`` (how the arithmetic reads), ``points``
(the questions behind a review, and an analyst's answers to them) and
``decide`` (one class for one applicant).
"""

from merit.engine.decide import screen_applicant, screen_class
from merit.engine.evaluate import evaluate
from merit.engine.projection import project
from merit.engine.timeline import JOBS, OUTCOMES, REQUIREMENTS, SUMMARY, Run

__all__ = ["JOBS", "OUTCOMES", "REQUIREMENTS", "SUMMARY", "Run", "evaluate", "project", "screen_applicant", "screen_class"]
