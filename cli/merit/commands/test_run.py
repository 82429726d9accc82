"""merit test: each cases file of a specs directory, case by case, with what differs."""

from __future__ import annotations

from merit.env import Environment, Exit


def run_tests(directory: str | None, quiet: bool, env: Environment) -> int:
    from merit import InputError, case_files, check_case, load_cases, specs_dir
    from merit.commands.options import load_specs

    where = specs_dir(directory)
    try:
        catalogue = load_specs(where, env)
    except InputError as err:
        for p in err.problems:
            env.error(str(p))
        return Exit.ERROR
    files = list(case_files(where))
    if not files:
        env.error(f"merit test: error: no cases in {where} (expected {where}/cases/*.cases.yaml)")
        return Exit.ERROR
    passed = failed = invalid = 0
    for path in files:
        cases, problems = load_cases(path, catalogue)
        for p in problems:
            env.error(str(p))
        invalid += len(problems)
        bad = 0
        for case in cases:
            wrong = check_case(case, catalogue)
            if wrong:
                bad += 1
                print(f"{path}:{case.line}: FAILED {case.name}", file=env.stdout)
                for line in wrong:
                    print(f"    {line}", file=env.stdout)
        passed += len(cases) - bad
        failed += bad
        if not quiet:
            print(f"{path}: {len(cases) - bad} passed, {bad} failed", file=env.stdout)
    if not quiet or failed or invalid:
        summary = f"{_n(passed + failed, 'case')} in {_n(len(files), 'file')}: {passed} passed, {failed} failed"
        print(summary + (f"; {_n(invalid, 'problem')} in case files" if invalid else ""), file=env.stdout)
    if invalid:
        return Exit.ERROR
    return Exit.NOT_ALL_ELIGIBLE if failed else Exit.OK


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
