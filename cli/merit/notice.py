"""Notices of results: a letter per applicant and class (and specialty), from a Jinja2 template the agency edits.

The letter states the decision, the requirements that decided it with their
arithmetic, the citation of each clause, and the agency's appeal text. Jinja2
is imported here only, when a notice is written: screening never pays for it.
Templates run in Jinja2's sandbox, and HTML templates escape every value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from merit.engine.policy import BY_POLICY
from merit.model.decisions import CONDITIONAL, MET, NOT_MET, REVIEW, Status
from merit.problems import Problem

ADMITTED = (Status.ELIGIBLE, Status.CONDITIONAL)
DECIDING = {Status.ELIGIBLE: (MET,), Status.CONDITIONAL: (MET, CONDITIONAL), Status.REVIEW: (REVIEW,), Status.INELIGIBLE: (NOT_MET,)}
# The agency's words, each a --var NAME=VALUE (docs/reports.md); a letter without them still reads whole.
DEFAULTS = {
    "agency": "the Personnel Department",
    "appeal_days": "30",
    "contact": "",
    "greeting": "",  # default: "Dear NAME,"
    "signature": "",  # default: the agency
    "next_steps": "",  # default: by the decision (NEXT_STEPS)
    "appeal": "",  # default: the bundled appeal paragraph, with appeal_days, agency and contact
}
NEXT_STEPS: dict[str, str] = {
    Status.ELIGIBLE: "You will be notified of the date, time and place of the examination.",
    Status.CONDITIONAL: "You will be notified of the date, time and place of the examination. Keep the evidence of the condition"
    " below ready: you will be asked for it before appointment.",
    Status.REVIEW: "An analyst will decide the questions below, and you will receive a further notice with the decision.",
    Status.INELIGIBLE: "",
}
SUFFIXES = {"markdown": ".md", "html": ".html"}
# The most a notice may hold, in characters: a letter is a few thousand; a template that would write more
# (`{{ 'a' * 10**10 }}`, a loop of a million lines) is stopped before it takes the machine's memory.
MAX_NOTICE = 1_000_000
# A template is one file: a statement that would read another template is refused where it stands.
OTHER_TEMPLATES = {"Include": "include", "Extends": "extend", "Import": "import", "FromImport": "import"}


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
    wanted = DECIDING.get(result.get("status", ""), (NOT_MET, REVIEW))
    parts = [r for r in root.get("reasons", []) if r.get("outcome") in wanted]
    return parts or [root]


def parts(reasons: list[dict], depth: int = 1) -> list[dict]:
    """A requirement's parts in order, each with its ``depth`` (1 for a part), and under a part that is a
    clause of the class its own clauses, however deep (all of > any of > all of > part): what each asks and
    what was found. A job's line is shown under its clause, never taken further."""
    out = []
    for r in reasons:
        out.append({**r, "depth": depth})
        if r.get("citation"):
            out += parts([c for c in r.get("reasons") or [] if c.get("citation")], depth + 1)
    return out


def context(result: dict, notice_date: str, variables: dict[str, str], deadline: str | None = None) -> dict[str, Any]:
    """Everything a template can use (docs/reports.md lists it): the reasons in the applicant's words
    (merit.letter), and the agency's greeting, signature, next steps and appeal text, or their defaults.

    ``deadline`` is the expected date of graduation the applicant's record gives, for a conditional letter."""
    from merit.letter import plain, plain_reasons

    reasons = result.get("reasons") or []
    status = result.get("status")
    final = status != Status.REVIEW
    name = result.get("name")
    values = {**DEFAULTS, **variables}
    deciding = [{**r, "parts": parts(r.get("reasons") or [])} for r in plain_reasons(considered(result), final)]
    if status == Status.CONDITIONAL and deadline is None:
        deadline = _expected(deciding)
    return {
        **values,
        "greeting": values["greeting"] or f"Dear {name or 'applicant'},",
        "signature": values["signature"] or values["agency"][:1].upper() + values["agency"][1:],
        "next_steps": values["next_steps"] or NEXT_STEPS.get(str(status), ""),
        "result": {**result, "reason": plain(str(result.get("reason") or ""), final)},
        "applicant": {"id": result.get("applicant"), "name": name, "file": result.get("file")},
        "admitted": status in ADMITTED,
        "considered": deciding,
        "notes": plain_reasons([r for r in reasons[1:] if isinstance(r, dict) and r.get("outcome") == "note"], final),
        "deadline": deadline if status == Status.CONDITIONAL else None,
        # what the office's policy presumed where the application was silent (docs/policy.md)
        "presumed": [a for a in result.get("assumed") or () if a.endswith(BY_POLICY)],
        "notice_date": notice_date,
    }


def _expected(reasons: list[dict]) -> str | None:
    """The expected date a conditional reason gives (", expected 2027-05-31, within 6 months")."""
    for r in reasons:
        found = re.search(r"\bexpected (\d{4}-\d{2}-\d{2})", str(r.get("detail") or "")) or None
        if found:
            return found.group(1)
        inner = _expected(r.get("reasons") or [])
        if inner:
            return inner
    return None


def expected_graduation(applicant: Any) -> str | None:
    """The latest expected date of an education entry still in progress, as the applicant's record gives it."""
    dates = [e.expected for e in getattr(applicant, "education", ()) if e.status != "completed" and e.expected is not None]
    return max(dates).isoformat() if dates else None


class Templates:
    """The templates to fill, each with its kind (markdown or html): the bundled ones, or the agency's files."""

    def __init__(self, files: list[str], kinds: tuple[str, ...]) -> None:
        import jinja2

        self.templates: list[tuple[str, str, Any]] = []
        for kind, name, source in self._sources(files, kinds):
            env = _bounded_environment()(
                # the loader names the template's file, so that a problem in it is placed by file and line;
                # it serves that one template and no other
                loader=jinja2.FunctionLoader(_only(name, source)),
                autoescape=kind == "html",
                # a value (a name, an id) shows its control characters, never sends them to a terminal
                # that prints the letter; in Markdown it can open no tag, link or emphasis either
                finalize=_shown if kind == "html" else _no_markup,
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            _bound_filters(env)
            try:
                _one_file(env, name, source)
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
                out.append((kind, _render(template, values)))
            except jinja2.TemplateError as err:
                raise TemplateError(Problem(name, _template_line(err, name), 1, _message(err))) from None
            except (ArithmeticError, TypeError) as err:  # {{ 1 / 0 }}, {{ "a" + 1 }}: the template's, at its line
                raise TemplateError(Problem(name, _template_line(err, name), 1, _failed(err))) from None
        return out


def _one_file(env: Any, name: str, source: str) -> None:
    """Refuse include, extends and import, at their line: a template that read itself recursed without end."""
    from jinja2 import nodes

    for node in env.parse(source, name, name).find_all((nodes.Include, nodes.Extends, nodes.Import, nodes.FromImport)):
        verb = OTHER_TEMPLATES[type(node).__name__]
        what = f"a notice template cannot {verb} another template (expected one template file with the whole letter)"
        raise TemplateError(Problem(name, node.lineno or 1, 1, what))


def _only(name: str, source: str) -> Callable[[str], tuple[str, str, Callable[[], bool]] | None]:
    """A template loader's function that serves one template (its source, its file, always up to date) and no other."""

    def load(wanted: str) -> tuple[str, str, Callable[[], bool]] | None:
        return (source, wanted, lambda: True) if wanted == name else None

    return load


def _too_large() -> Exception:
    from jinja2.sandbox import SecurityError

    return SecurityError(f"the notice would be larger than {MAX_NOTICE:,} characters (expected a template that writes a letter)")


def _check_size(value: Any) -> None:
    """An argument that would make a value longer than any notice may be (a width, a count)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NOTICE:
        raise _too_large()


def _bounded_environment() -> type:
    """Jinja2's sandbox, with repetition, powers, %-widths and call arguments bounded by MAX_NOTICE."""
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        intercepted_binops = frozenset(("*", "**", "%"))

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                for times, seq in ((left, right), (right, left)):
                    if isinstance(times, int) and isinstance(seq, (str, list, tuple)) and len(seq) * times > MAX_NOTICE:
                        raise _too_large()
            elif operator == "**":
                # an int of more than a thousand digits or so is no letter's (a decimal power is at most 1.8e308)
                if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right * abs(left).bit_length() > 4096:
                    raise _too_large()
            elif isinstance(left, str) and any(int(w) > MAX_NOTICE for w in re.findall(r"%[-+ #0]*(\d+)", left)):
                raise _too_large()
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's own signature
            for value in (*args, *kwargs.values()):
                _check_size(value)
            return super().call(__context, __obj, *args, **kwargs)

    return Bounded


def _bound_filters(env: Any) -> None:
    """Every filter refuses a width or count beyond MAX_NOTICE (`center(10**10)` allocated it whole)."""

    import functools

    def bounded(function):
        skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context or environment, then the value

        # pass_context, pass_environment: the marker (an attribute of the function) travels with it
        @functools.wraps(function)
        def checked(*args, **kwargs):
            for value in (*args[skip:], *kwargs.values()):
                _check_size(value)
            return function(*args, **kwargs)

        return checked

    env.filters = {name: bounded(f) for name, f in env.filters.items()}


def _render(template: Any, values: dict[str, Any]) -> str:
    """The filled template, stopped once it passes MAX_NOTICE characters."""
    pieces, size = [], 0
    for piece in template.generate(values):
        size += len(piece)
        if size > MAX_NOTICE:
            raise _too_large()
        pieces.append(piece)
    return "".join(pieces)


def _shown(value: Any) -> Any:
    from merit.render.visible import visible

    return visible(value) if isinstance(value, str) else value


# Markdown's inline punctuation: a value escapes it so that a name such as `[click](javascript:…) **bold**` is
# text, never a link, emphasis, code, an image or a tag (Markdown viewers pass HTML through)
_MARKDOWN = re.compile(r"([\\`*_\[\]<>!|~#&])")
_LINE_START = re.compile(r"^(\d{1,9}[.)]|[-+=])(?=[\s=]|$)")  # a list item or heading, where a value starts a line


def _no_markup(value: Any) -> Any:
    """A value as Markdown text: control characters shown, every piece of markup escaped with a backslash."""
    value = _shown(value)
    if not isinstance(value, str):
        return value
    value = _MARKDOWN.sub(r"\\\1", value)
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], value)


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


def _failed(err: ArithmeticError | TypeError) -> str:
    """What went wrong in a template's expression, and what it needs."""
    if isinstance(err, OverflowError):
        return "a number too large to write (expected a number a letter can show)"
    if isinstance(err, ZeroDivisionError):
        return f"{_tidy(str(err))} (expected a divisor other than 0)"
    return f"{_tidy(str(err))} (expected values the expression can work on: numbers for arithmetic)"


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
