"""Spec examples as YAML: each ``specs/cases/*.cases.yaml`` file holds applicants and the statuses the
bundled specs must give them, so an analyst can add a case without writing Python (see merit.cases;
``merit test`` runs the same cases without pytest).
"""

from __future__ import annotations

from pathlib import Path

import pytest

_CATALOGUE = None


def _catalogue():
    global _CATALOGUE
    if _CATALOGUE is None:
        import merit

        _CATALOGUE = merit.load_catalogue()
    return _CATALOGUE


def pytest_configure(config) -> None:
    # the catalogue cache of the tests stays out of the user's own cache
    import os
    import tempfile

    os.environ.setdefault("MERIT_CACHE_DIR", tempfile.mkdtemp(prefix="merit-cache-"))


def pytest_collect_file(file_path: Path, parent):
    if file_path.name.endswith(".cases.yaml"):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CasesFile(pytest.File):
    def collect(self):
        from merit.cases import load_cases

        cases, problems = load_cases(self.path, _catalogue())
        if problems:
            raise CaseError("\n".join(str(p) for p in problems))
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseError(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from merit.cases import check

        wrong = check(self.case, _catalogue())
        if wrong:
            raise CaseError("\n".join(wrong))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseError):
            return f"{self.path.name}:{self.case.line}: {self.name}\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.case.line, f"case: {self.name}"
