"""The pure screening engine: spec + applicant + as-of date -> decisions with reasons."""

from merit.engine.screen import JOBS, OUTCOMES, REQUIREMENTS, Run, evaluate, project, screen_class

__all__ = ["JOBS", "OUTCOMES", "REQUIREMENTS", "Run", "evaluate", "project", "screen_class"]
