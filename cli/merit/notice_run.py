"""What merit notice does: decide each applicant (or read the saved decisions), fill the templates, write each notice.

A letter follows the final decision: the analyst's answers (``--determinations``) are applied as
``merit screen -d`` applies them, and saved results (``--results``) are taken as they were written. A
result still ``review`` gets no letter unless ``--allow-review`` asks for an interim one, loudly.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from merit.env import Environment, Exit, UsageError
from merit.model.decisions import Status

STILL_REVIEW = (
    "is still review: no letter written (expected its decision points answered with --determinations FILE,"
    " or --allow-review for an interim letter that says a decision is pending)"
)


class Sources:
    """Where the decisions come from: applicant files (screened here, with the answers given) or saved results."""

    def __init__(self, applicants: list[str], results: list[str], determinations: str | None, allow_review: bool) -> None:
        if not applicants and not results:
            raise UsageError("name the applicants (APPLICANT...) or the saved results (--results FILE)")
        if applicants and results:
            raise UsageError("give applicant files or --results, not both (expected one source of decisions)")
        if results and determinations:
            raise UsageError(
                "--determinations applies answers while screening; saved results carry the answers they were screened"
                " with (expected --results alone, or applicant files with --determinations)"
            )
        self.applicants = applicants
        self.results = results
        self.determinations = determinations
        self.allow_review = allow_review


def write_notices(
    env: Environment,
    sources: Sources,
    class_names: list[str],
    series: str | None,
    as_of: dt.date | None,
    notice_date: dt.date | None,
    output: str | None,
    kinds: tuple[str, ...],
    template_files: list[str],
    variables: dict[str, str],
    specs: str | None,
    policy_file: str | None = None,
) -> int:
    import merit
    from merit.commands.options import load_specs
    from merit.notice import SUFFIXES, TemplateError, Templates, context, expected_graduation, file_name
    from merit.problems import InputError
    from merit.specs import POLICY_FILE, UnknownClass, specs_dir

    try:
        catalogue = load_specs(specs_dir(specs), env)
    except InputError as err:
        for p in err.problems:
            env.error(str(p))
        return Exit.ERROR
    if not class_names and not series and not sources.results:
        raise UsageError("name the examination's class with --class ID (or its series with --series ID)")
    if policy_file and sources.results:
        raise UsageError(
            "--policy applies an office's policy while screening; saved results carry the policy they were screened"
            " with (expected --results alone, or applicant files with --policy)"
        )
    policy = None
    found = Path(policy_file) if policy_file else catalogue.directory / POLICY_FILE
    if not sources.results and (policy_file or os.path.lexists(found)):  # the office's policy: named, or the specs directory's
        try:
            policy = merit.load_policy(found)
        except InputError as err:
            for p in err.problems:
                env.error(str(p))
            return Exit.ERROR
    try:
        chosen = merit.classes(catalogue, class_names, series) if class_names or series else None
    except UnknownClass as err:
        raise UsageError(str(err)) from None
    if output is not None:
        if Path(output).exists() and not Path(output).is_dir():
            raise UsageError(f"--output {output} is not a directory (expected a directory for the notices)")
        try:
            Path(output).mkdir(parents=True, exist_ok=True)  # made as merit import makes its own
        except OSError as err:
            raise UsageError(f"--output {output}: cannot make the directory: {err.strerror or err}") from None
    try:
        templates = Templates(template_files, kinds)
    except TemplateError as err:
        env.error(str(err))
        return Exit.ERROR
    answers = _answers(sources.determinations, env)
    if answers is None:
        return Exit.ERROR
    dated = (notice_date or dt.date.today()).isoformat()
    problems = written = 0
    taken: set[str] = set()
    first = True
    decided: Iterator[tuple[str, dict | None, object]]
    if sources.results:
        ids = None if chosen is None else {c.id for c in chosen}
        decided = _saved(sources.results, ids, lambda line: env.error(f"merit notice: note: {line}"), catalogue)
    else:
        decided = _screened(sources.applicants, catalogue, chosen, as_of or dt.date.today(), answers, policy)
    for where, record, applicant in decided:
        if record is None:  # a problem, already one line
            env.error(where)
            problems += 1
            continue
        if record.get("status") == Status.REVIEW:
            who = f"{where}: {record.get('applicant')} × {_class_label(record)}"
            if not sources.allow_review:
                env.error(f"{who} {STILL_REVIEW}")
                problems += 1
                continue
            env.error(f"merit notice: warning: {who} is still review: an interim letter was written, not a decision")
        values = context(record, dated, variables, expected_graduation(applicant))
        try:
            filled = templates.fill(values)
        except TemplateError as err:
            env.error(str(err))
            return Exit.ERROR
        for kind, text in filled:
            if output is None:
                env.stdout.write(("" if first else "\n---\n\n") + text)
                first = False
                continue
            write_new(Path(output), file_name(values["result"], SUFFIXES[kind], taken), text)
            written += 1
    if output is not None:
        env.error(f"{written:,} notice file{'s' if written != 1 else ''} written to {output}")
    return Exit.ERROR if problems else Exit.OK


def _class_label(record: dict) -> str:
    return f"{record.get('class')}" + (f" ({record['specialty']})" if record.get("specialty") else "")


def _answers(path: str | None, env: Environment):
    """The analyst's answers by applicant id ({} without a file); None when the file has problems (reported)."""
    if not path:
        return {}
    from merit.determinations import load_determinations

    loaded = load_determinations(path)
    for p in loaded.problems:
        env.error(str(p))
    if loaded.problems:
        return None
    from merit.pipeline import by_applicant

    return by_applicant(loaded.determinations)


def _screened(inputs: list[str], catalogue, chosen, day: dt.date, answers: dict, policy=None) -> Iterator[tuple[str, dict | None, object]]:
    """(where, record, applicant) of each applicant × class screened here, with the answers for the applicant
    applied; (line, None, None) for each problem of a file and each answer no decision point asks for."""
    import merit
    from merit.inputs import expand
    from merit.model.decisions import STALE
    from merit.pipeline import answers_for, stale_line

    reported: set[tuple[str, int]] = set()
    for label, path in expand(inputs):
        read = merit.read_applicants("-" if path is None else path, catalogue, None if path is None else label)
        for p in read.problems:
            yield str(p), None, None
        for applicant in read.applicants:
            mine = answers_for(answers, applicant.id)
            for decision in merit.screen(applicant, catalogue, chosen, day, "jobs", determinations=mine, policy=policy):
                for det in decision.stale:
                    if (det.file, det.line) not in reported:
                        reported.add((det.file, det.line))
                        yield stale_line(det, STALE), None, None
                yield f"{applicant.file}:{applicant.line}:1", merit.record(decision, None, applicant.name), applicant


def _saved(results: list[str], ids: set[str] | None, note, catalogue) -> Iterator[tuple[str, dict | None, None]]:
    """(where, record, None) of each saved result of the chosen classes (all without a choice), at its line:
    a saved result holds no applicant record. Results are read as summary and report read them
    (merit.audit), so that a status merit never writes, or a second record of a result with another
    decision, gets no letter (an error at its line), and the same result given twice gets one."""
    from merit import __version__
    from merit.audit import Audit
    from merit.problems import Problem
    from merit.results import Run, read_numbered

    said: list[str] = []  # the audit's errors, yielded as problems at their place
    letters: list[dict] = []  # the records the audit counted: each gets its letter
    audit = Audit(said.append, note, catalogue, __version__, on_record=letters.append)
    for number, source in enumerate(results):
        label = "<stdin>" if source == "-" else source
        audit.sources.append(label)
        for item in read_numbered(source):
            if isinstance(item, Problem):
                yield str(item), None, None
                continue
            if isinstance(item, Run):  # the run's parameters at the head of a JSON document
                continue
            line, record = item
            if record.get("status") == "error":
                where = f"{record.get('file')}:{record.get('line') or 1}:{record.get('column') or 1}"
                yield f"{where}: {record.get('message')} (read from {label}:{line}; no letter written)", None, None
                continue
            if ids is not None and record.get("class") not in ids:
                continue
            audit.add(number, label, line, record)
            yield from ((problem, None, None) for problem in said)
            yield from ((f"{label}:{line}:1", r, None) for r in letters)
            said.clear()
            letters.clear()
    audit.finish()


def write_new(folder: Path, name: str, text: str) -> None:
    """Write ``folder/name`` whole, never through a link: a link planted there (to a file outside, or to
    nothing) is replaced by the notice, since a rename replaces the name and follows nothing."""
    import contextlib
    import os
    import tempfile

    from merit.output import OutputError, _take_over

    try:
        # mkstemp creates a new file (O_EXCL), so it too follows no link
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(f"cannot write {folder / name}: {err.strerror or err}") from None
    try:
        _take_over(fd, None)  # the mode a new file gets from the umask, as merit's other outputs
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, folder / name)
    except OSError as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise OutputError(f"cannot write {folder / name}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
