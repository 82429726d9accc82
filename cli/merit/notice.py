"""Notices of results: a letter per applicant and class (and specialty), from a Jinja2 template the agency edits.

The letter states the decision, the requirements that decided it with their
arithmetic, the citation of each clause, and the agency's appeal text. Jinja2
is imported here only, when a notice is written: screening never pays for it.
Templates run in Jinja2's sandbox, and HTML templates escape every value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from merit.engine.policy import BY_POLICY
from merit.problems import Problem

ADMITTED = ("eligible", "conditional")
DECIDING = {"eligible": ("met",), "conditional": ("met", "conditional"), "review": ("review",), "ineligible": ("not met",)}
DEFAULTS = {"agency": "the Personnel Department", "appeal_days": "30", "contact": ""}
SUFFIXES = {"markdown": ".md", "html": ".html"}


class TemplateError(Exception):
    """A template that cannot be read, compiled or filled: one positioned line."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def considered(result: dict) -> list[dict]:
    """The requirements that decided a result: what met (eligible, conditional), what an analyst must
    decide (review), or what was not met (ineligible); the top requirement itself when it has no parts."""
    reasons = result.get("reasons") or []
    if not reasons:
        return []
    root = reasons[0]
    wanted = DECIDING.get(result.get("status", ""), ("not met", "review"))
    parts = [r for r in root.get("reasons", []) if r.get("outcome") in wanted]
    return parts or [root]


def context(result: dict, notice_date: str, variables: dict[str, str]) -> dict[str, Any]:
    """Everything a template can use (docs/reports.md lists it)."""
    reasons = result.get("reasons") or []
    return {
        **DEFAULTS,
        **variables,
        "result": result,
        "applicant": {"id": result.get("applicant"), "name": result.get("name"), "file": result.get("file")},
        "admitted": result.get("status") in ADMITTED,
        "considered": considered(result),
        "notes": [r for r in reasons[1:] if r.get("outcome") == "note"],
        # what the office's policy presumed where the application was silent (docs/policy.md)
        "presumed": [a for a in result.get("assumed") or () if a.endswith(BY_POLICY)],
        "notice_date": notice_date,
    }


class Templates:
    """The templates to fill, each with its kind (markdown or html): the bundled ones, or the agency's files."""

    def __init__(self, files: list[str], kinds: tuple[str, ...]) -> None:
        import jinja2
        from jinja2.sandbox import SandboxedEnvironment

        self.templates: list[tuple[str, str, Any]] = []
        for kind, name, source in self._sources(files, kinds):
            env = SandboxedEnvironment(
                # the loader names the template's file, so that a problem in it is placed by file and line
                loader=jinja2.FunctionLoader(lambda n, source=source: (source, n, lambda: True)),
                autoescape=kind == "html",
                # a value (a name, an id) shows its control characters, never sends them to a terminal
                # that prints the letter; Markdown viewers pass HTML through, so it cannot open a tag either
                finalize=_shown if kind == "html" else _no_tags,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            try:
                self.templates.append((kind, name, env.get_template(name)))
            except jinja2.TemplateSyntaxError as err:
                raise TemplateError(Problem(name, err.lineno or 1, 1, f"{_tidy(err.message)} (expected a Jinja2 template)")) from None

    @staticmethod
    def _sources(files: list[str], kinds: tuple[str, ...]):
        if not files:
            from importlib.resources import files as package_files

            folder = package_files("merit") / "templates"
            for kind in kinds:
                name = f"notice{SUFFIXES[kind]}.j2"
                yield kind, name, (folder / name).read_text(encoding="utf-8")
            return
        for name in files:
            kind = "html" if re.search(r"\.html?(\.j2|\.jinja2?)?$", name, re.I) else "markdown"
            try:
                yield kind, name, Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                why = getattr(err, "strerror", None) or str(err)
                raise TemplateError(Problem(name, 1, 1, f"cannot read the template: {why} (expected a UTF-8 text file)")) from None

    def fill(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """(kind, text) of each template filled with ``values``."""
        import jinja2

        out = []
        for kind, name, template in self.templates:
            try:
                out.append((kind, template.render(values)))
            except jinja2.TemplateError as err:
                raise TemplateError(Problem(name, _template_line(err, name), 1, _message(err))) from None
        return out


def _shown(value: Any) -> Any:
    from merit.render.visible import visible

    return visible(value) if isinstance(value, str) else value


def _no_tags(value: Any) -> Any:
    value = _shown(value)
    return value.replace("<", "&lt;") if isinstance(value, str) else value


def _template_line(err: Exception, name: str) -> int:
    """The template's line where filling failed: Jinja2 puts template lines into the traceback."""
    line = getattr(err, "lineno", None)
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line or 1


def _tidy(text: str | None) -> str:
    """Jinja2's sentences as merit's messages are written: lower case first, no full stop."""
    text = (text or "").strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _message(err: Exception) -> str:
    text = _tidy(str(getattr(err, "message", None) or err))
    if "is undefined" in text:
        return f"{text} (expected one of the names docs/reports.md lists, or a --var NAME=VALUE)"
    return text


def file_name(result: dict, suffix: str, taken: set[str]) -> str:
    """A file name of the applicant, class and specialty, safe in any directory and unique in this run."""
    from merit.names import safe_name

    parts = [str(result.get("applicant") or "applicant"), str(result.get("class") or "")]
    if result.get("specialty"):
        parts.append(str(result["specialty"]))
    return safe_name(parts, suffix, taken)
