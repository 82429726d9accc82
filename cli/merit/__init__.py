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
    "Applicant",
    "Catalogue",
    "ClassSpec",
    "Decision",
    "DecisionPoint",
    "Determination",
    "InputError",
    "Problem",
    "Read",
    "Reason",
    "Series",
    "UnknownClass",
    "applicant_from_mapping",
    "classes",
    "error_line",
    "highest_level",
    "json_line",
    "load_catalogue",
    "load_determinations",
    "load_policy",
    "read_applicants",
    "record",
    "screen",
    "screen_lines",
    "screen_records",
]

_HOME = {
    "Applicant": "merit.model",
    "ClassSpec": "merit.model",
    "Decision": "merit.model",
    "DecisionPoint": "merit.model",
    "Determination": "merit.model",
    "Reason": "merit.model",
    "Series": "merit.model",
    "Problem": "merit.problems",
    "InputError": "merit.problems",
    "Catalogue": "merit.specs",
    "UnknownClass": "merit.specs",
}


def __getattr__(name: str):
    if name not in __all__:
        raise AttributeError(f"module 'merit' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_HOME.get(name, "merit.api")), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
