"""The pure screening engine: spec + applicant + as-of date -> decisions with reasons."""

from merit.engine.screen import Run, evaluate, project, screen_class

__all__ = ["Run", "evaluate", "project", "screen_class"]
