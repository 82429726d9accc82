"""What merit notice does: read and screen the applicants, fill the templates, write each notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from merit.env import Environment, Exit, UsageError


def write_notices(
    env: Environment,
    inputs: list[str],
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
    from merit.applicants import expand
    from merit.notice import SUFFIXES, TemplateError, Templates, context, file_name
    from merit.output import open_output
    from merit.problems import InputError
    from merit.specs import POLICY_FILE, UnknownClass, specs_dir

    try:
        catalogue = merit.load_catalogue(specs_dir(specs))
    except InputError as err:
        for p in err.problems:
            env.error(str(p))
        return Exit.ERROR
    policy = None
    found = Path(policy_file) if policy_file else catalogue.directory / POLICY_FILE
    if policy_file or found.is_file():  # the office's policy: named, or the specs directory's
        try:
            policy = merit.load_policy(found)
        except InputError as err:
            for p in err.problems:
                env.error(str(p))
            return Exit.ERROR
    try:
        chosen = merit.classes(catalogue, class_names, series)
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
    day = as_of or dt.date.today()
    dated = (notice_date or dt.date.today()).isoformat()
    problems = written = 0
    taken: set[str] = set()
    first = True
    for label, path in expand(inputs):
        import sys

        read = merit.read_applicants(sys.stdin.buffer if path is None else path, catalogue, "<stdin>" if path is None else label)
        for p in read.problems:
            env.error(str(p))
            problems += 1
        for applicant in read.applicants:
            for decision in merit.screen(applicant, catalogue, chosen, day, "jobs", policy=policy):
                values = context(merit.record(decision, None, applicant.name), dated, variables)
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
                    target = Path(output) / file_name(values["result"], SUFFIXES[kind], taken)
                    with open_output(str(target), env) as out:
                        out.write(text)
                    written += 1
    if output is not None:
        env.error(f"{written:,} notice file{'s' if written != 1 else ''} written to {output}")
    return Exit.ERROR if problems else Exit.OK
