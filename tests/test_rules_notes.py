"""Notes that are not MQs, competency grades, and the shape of reasons (arithmetic and citation)."""

import pytest

from helpers import LA_CITY, TAX_TECHNICIAN, decide, job, licence, person, walk

LA_MET = job("2023-01-01", "2023-12-31", **dict(LA_CITY, duties=["call-center"]))

# LA 1229: "A valid California driver's license may be required prior to appointment." and physical requirements.
LICENCES = [
    ("no licence: still eligible, the note says none is listed", [], "The applicant lists none."),
    ("a valid licence is named", [licence("drivers-license", "2028-05-01", "California")], "valid to 2028-05-01"),
    ("an expired licence is named as expired", [licence("drivers-license", "2024-05-01", "California")], "expired 2024-05-01"),
]


@pytest.mark.parametrize("name, licences, words", LICENCES, ids=[c[0] for c in LICENCES])
def test_driver_licence_is_a_note_not_a_failure(name, licences, words):
    decision = decide("LA-1229", person(LA_MET, licenses=licences))
    assert decision.status == "eligible"
    note = next(r for r in decision.reasons if r.requirement == "License")
    assert note.outcome == "note"
    assert "may be required prior to appointment" in note.detail
    assert words in note.detail


def test_physical_requirements_are_a_note():
    decision = decide("LA-1229", person(LA_MET))
    physical = next(r for r in decision.reasons if r.requirement == "Physical")
    assert physical.outcome == "note" and "lifting" in physical.detail
    assert decision.status == "eligible"


def test_notes_do_not_rescue_an_ineligible_applicant():
    decision = decide("LA-1229", person(licenses=[licence("drivers-license", "2028-05-01")]))
    assert decision.status == "ineligible"


# Montana competency chart: required degree, assessed degree and shortfall; never the status.
COMPETENCIES = [
    ("short by one degree", "MT-CSR-12", {"multitasking": "B"}, "multitasking", "required C, assessed B: short by 1 degree"),
    ("short by two degrees", "MT-CSR-12", {"multitasking": "A"}, "multitasking", "required C, assessed A: short by 2 degrees"),
    ("meets the degree", "MT-CSR-12", {"research": "B"}, "research", "required B, assessed B: meets"),
    ("above the degree meets", "MT-CSR-11", {"research": "D"}, "research", "required A, assessed D: meets"),
    ("not assessed", "MT-CSR-13", {}, "research", "required C, not assessed"),
]


@pytest.mark.parametrize("name, cls, assessed, competency, words", COMPETENCIES, ids=[c[0] for c in COMPETENCIES])
def test_competency_grades_show_the_shortfall(name, cls, assessed, competency, words):
    decision = decide(cls, person(competencies=assessed))
    chart = next(r for r in decision.reasons if r.requirement == "Competencies and degrees of proficiency")
    assert chart.outcome == "note"
    line = next(r for r in chart.children if r.requirement.startswith(f"{competency}:"))
    assert line.detail == words


def test_competency_shortfalls_do_not_change_the_status():
    strong = dict(education=[], competencies={c: "E" for c in ("multitasking", "research")})
    weak = dict(education=[], competencies={c: "A" for c in ("multitasking", "research")})
    assert decide("MT-CSR-12", person(**strong)).status == decide("MT-CSR-12", person(**weak)).status


def test_competency_summary_counts_the_shortfalls():
    decision = decide("MT-CSR-12", person(competencies={"multitasking": "A", "research": "B"}))
    chart = next(r for r in decision.reasons if r.requirement == "Competencies and degrees of proficiency")
    assert chart.detail.startswith("1 of 12 competencies below the required degree")


# Every reason about a requirement carries a citation; experience reasons carry their arithmetic.
EXAMPLES = [
    ("JI60", person(job("2023-01-01", "2023-03-31", **dict(TAX_TECHNICIAN, range="B")))),
    ("JI55", person(job("2020-01-01", "2023-12-31", sector="private", duties=["customer-service", "supervision"]))),
    ("LA-1229", person(LA_MET)),
    ("PHL-6J27", person(job("2020-01-01", "2023-12-31", duties=["supervision", "call-center"]))),
    ("MT-CSR-12", person(job("2020-01-01", "2023-12-31", jurisdiction="Montana", duties=["customer-service"]))),
    ("MO-CS-G8", person(job("2020-01-01", "2023-12-31", duties=["customer-service"]))),
]


@pytest.mark.parametrize("cls, applicant", EXAMPLES, ids=[c[0] for c in EXAMPLES])
def test_reasons_carry_arithmetic_and_citation(cls, applicant):
    for sp in ("call-center", "revenue-collections") if cls == "PHL-6J27" else (None,):
        decision = decide(cls, applicant, specialty=sp)
        root = decision.reasons[0]
        requirements = [r for r in walk([root]) if r.citation]
        assert requirements, "the requirement tree is cited"
        for r in walk([root]):
            assert r.outcome in ("met", "conditional", "review", "not met")
            assert r.detail, f"{r.requirement} says why"
        for r in requirements:
            # series, then class: a reader can find the clause in the source
            assert r.citation.count(",") >= 1
            if "months credited" in r.detail and "any amount meets" not in r.detail:
                assert " of " in r.detail and "%" in r.detail


def test_a_citation_names_series_class_section_and_pattern():
    decision = decide("JI60", person())
    pattern_ii = next(r for r in walk(decision.reasons) if r.requirement == "Pattern II")
    assert pattern_ii.citation == (
        "Customer Service Specialist/Supervisor, Franchise Tax Board Series, "
        "Customer Service Specialist, Franchise Tax Board, Minimum Qualifications, Pattern II"
    )
    assert "0 of 12 months credited (0%)" in pattern_ii.detail
