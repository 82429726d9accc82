"""merit: screen civil-service applicants against class specifications, and explain every decision.

The library API (documented in docs/python-api.md)::

    import merit
    catalogue = merit.load_catalogue()                 # the bundled specs, or load_catalogue("my-specs")
    applicant = merit.applicant_from_mapping({"id": "A-1", "experience": [...]}, catalogue)
    for decision in merit.screen(applicant, catalogue, ["JI60"], as_of=datetime.date(2026, 11, 1)):
        print(decision.status, decision.path, merit.record(decision)["reasons"])

Names are imported on first use, so ``import merit`` costs the command line nothing.
"""

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "REASONS",
    "Applicant",
    "Audit",
    "Batch",
    "Catalogue",
    "ClassSpec",
    "Decision",
    "DecisionPoint",
    "Detail",
    "Determination",
    "InputError",
    "KnownPlaces",
    "Outcome",
    "Part",
    "Problem",
    "Read",
    "Reason",
    "Result",
    "Series",
    "Status",
    "StoreRefused",
    "UnknownClass",
    "ValidationReport",
    "applicant_from_mapping",
    "applicant_yaml",
    "batch",
    "bundled_specs_dir",
    "case_files",
    "check_case",
    "classes",
    "detail_for",
    "error_line",
    "highest_level",
    "import_csv",
    "import_mapping",
    "is_applicant_name",
    "json_line",
    "json_schema",
    "load_cases",
    "load_catalogue",
    "load_determinations",
    "load_policy",
    "load_terms",
    "office_policy",
    "parse_date",
    "read_applicants",
    "read_results",
    "record",
    "safe_name",
    "screen",
    "screen_lines",
    "screen_records",
    "series_named",
    "specs_dir",
    "suggest",
    "validate_files",
]

_HOME = {
    "Applicant": "merit.model.applicants",
    "Audit": "merit.audit",
    "ClassSpec": "merit.model.specs",
    "Decision": "merit.model.decisions",
    "Detail": "merit.model.decisions",
    "DecisionPoint": "merit.model.decisions",
    "Determination": "merit.model.decisions",
    "Reason": "merit.model.decisions",
    "Outcome": "merit.model.decisions",
    "Status": "merit.model.decisions",
    "Series": "merit.model.specs",
    "Problem": "merit.problems",
    "InputError": "merit.problems",
    "FORMATS": "merit.pipeline",
    "REASONS": "merit.pipeline",
    "Batch": "merit.pipeline",
    "Part": "merit.pipeline",
    "Result": "merit.pipeline",
    "batch": "merit.pipeline",
    "detail_for": "merit.pipeline",
    "is_applicant_name": "merit.inputs",
    "applicant_yaml": "merit.importer",
    "import_csv": "merit.importer",
    "KnownPlaces": "merit.known_places",
    "import_mapping": "merit.csv_mapping:load_mapping",
    "safe_name": "merit.names",
    "read_results": "merit.results",
    "case_files": "merit.cases",
    "check_case": "merit.cases:check",
    "load_cases": "merit.cases",
    "validate_files": "merit.validate:validate",
    "ValidationReport": "merit.validate:Report",
    "load_terms": "merit.specs",
    "suggest": "merit.schema",
    "bundled_specs_dir": "merit.specs",
    "specs_dir": "merit.specs",
    "Catalogue": "merit.specs",
    "UnknownClass": "merit.specs",
    "StoreRefused": "merit.store",
}


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module 'merit' has no attribute {name!r}")
    import importlib

    module, _, attr = _HOME.get(name, "merit.api").partition(":")
    value = getattr(importlib.import_module(module), attr or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
