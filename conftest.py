"""Spec examples as YAML: each ``specs/cases/*.cases.yaml`` file holds applicants and the statuses the
bundled specs must give them, so an analyst can add a case without writing Python.

A case::

    - name: Tax Technician, Range B, exactly six months meets Pattern I
      as_of: 2024-01-01
      applicant: {id: T-1, experience: [...]}
      expect:                      # class id (or id/specialty) -> status
        JI60: eligible
        PHL-6J27/call-center: ineligible
      path: {JI60: Pattern I}       # optional: the path that met
      eligible_from: {LA-1229: 2027-04-30}   # optional; null means none is projected
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

_CATALOGUE = None


def _catalogue():
    global _CATALOGUE
    if _CATALOGUE is None:
        from merit.specs import bundled_specs_dir, load_catalogue

        _CATALOGUE = load_catalogue(bundled_specs_dir())
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
        cases = yaml.safe_load(self.path.read_text(encoding="utf-8")) or []
        if not isinstance(cases, list):
            raise CaseError(f"{self.path}: expected a list of cases")
        for case in cases:
            yield CaseItem.from_parent(self, name=str(case.get("name", "unnamed case")), case=case)


class CaseError(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, case: dict, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from merit.applicants import parse_applicants
        from merit.engine import screen_class

        catalogue = _catalogue()
        case = self.case
        as_of = case["as_of"]
        if isinstance(as_of, str):
            as_of = dt.date.fromisoformat(as_of)
        text = yaml.safe_dump(case["applicant"], sort_keys=False, default_flow_style=False)
        loaded = parse_applicants(text, f"{self.path.name}:{self.name}", catalogue.terms)
        if loaded.problems or not loaded.applicants:
            raise CaseError("the case's applicant is invalid: " + "; ".join(str(p) for p in loaded.problems))
        applicant = loaded.applicants[0]
        wrong = []
        decided = {}
        for key in case.get("expect", {}):
            cls_id = str(key).split("/")[0]
            cls = catalogue.find_class(cls_id)
            if cls is None:
                raise CaseError(f"unknown class {cls_id!r} in expect")
            for d in screen_class(cls, catalogue.series_of(cls), applicant, as_of):
                decided["/".join(x for x in (d.cls, d.specialty, d.selective) if x)] = d
        for key, status in case.get("expect", {}).items():
            d = decided.get(str(key))
            if d is None:
                wrong.append(f"{key}: no such result (results: {', '.join(decided)})")
            elif d.status != status:
                wrong.append(f"{key}: expected {status}, got {d.status} ({_why(d)})")
        for key, path in (case.get("path") or {}).items():
            d = decided.get(str(key))
            if d is not None and d.path != path:
                wrong.append(f"{key}: expected path {path!r}, got {d.path!r}")
        for key, day in (case.get("eligible_from") or {}).items():
            d = decided.get(str(key))
            want = dt.date.fromisoformat(day) if isinstance(day, str) else day
            if d is not None and d.eligible_from != want:
                wrong.append(f"{key}: expected eligible_from {want}, got {d.eligible_from}")
        if wrong:
            raise CaseError("\n".join(wrong))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CaseError):
            return f"{self.path.name}: {self.name}\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, f"case: {self.name}"


def _why(decision) -> str:
    root = decision.reasons[0] if decision.reasons else None
    return root.detail if root else ""
