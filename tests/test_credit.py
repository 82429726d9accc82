"""Job facts against credit rules: each fact holds, fails, or is missing (and a missing fact means review)."""

import pytest

from helpers import job
from merit.engine.credit import CERTAIN, NONE, POSSIBLE, job_credit, match, range_order
from merit.model.specs import Condition, CreditRule
from merit.specs import bundled_specs_dir, load_places

PLACES = load_places(bundled_specs_dir(), [])

CA = dict(sector="state", jurisdiction="California")

MATCH = [
    # name, condition, job facts, expected (True / False / None)
    ("sector in the list holds", Condition(sector=("state",)), dict(sector="state"), True),
    ("another sector fails", Condition(sector=("state",)), dict(sector="private"), False),
    ("no sector given is unknown", Condition(sector=("state",)), dict(), None),
    ("'State of California' is California", Condition(jurisdiction=("California",)), dict(jurisdiction="State of California"), True),
    ("'City of Los Angeles' is Los Angeles", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="City of Los Angeles"), True),
    ("Nevada is not California", Condition(jurisdiction=("California",)), dict(jurisdiction="Nevada"), False),
    ("'CA' is California", Condition(jurisdiction=("California",)), dict(jurisdiction="CA"), True),
    ("'Calif.' is California", Condition(jurisdiction=("California",)), dict(jurisdiction="Calif."), True),
    ("'NV' is not California", Condition(jurisdiction=("California",)), dict(jurisdiction="NV"), False),
    ("'MT' is Montana", Condition(jurisdiction=("Montana",)), dict(jurisdiction="MT"), True),
    ("'Los Angeles, CA' is Los Angeles", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="Los Angeles, CA"), True),
    ("'L.A.' is Los Angeles", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="L.A."), True),
    ("'LA' may be Los Angeles or Louisiana", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="LA"), None),
    ("'Los Angles' may be Los Angeles misspelt", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="Los Angles"), None),
    ("'City of Philadelphai' may be Philadelphia misspelt", Condition(jurisdiction=("Philadelphia",)), dict(jurisdiction="City of Philadelphai"), None),
    ("'Glendale' is not Los Angeles", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="Glendale"), False),
    ("Kansas is a state of its own, not a slip for Arkansas", Condition(jurisdiction=("Arkansas",)), dict(jurisdiction="Kansas"), False),
    ("Los Angeles County is not Los Angeles", Condition(jurisdiction=("Los Angeles",)), dict(jurisdiction="Los Angeles County"), False),
    ("'City of Philadelphia, Pennsylvania' is Philadelphia", Condition(jurisdiction=("Philadelphia",)), dict(jurisdiction="City of Philadelphia, Pennsylvania"), True),
    ("'Pittsburgh, PA' is not Philadelphia", Condition(jurisdiction=("Philadelphia",)), dict(jurisdiction="Pittsburgh, PA"), False),
    ("'Kansas City, MO' is not Missouri", Condition(jurisdiction=("Missouri",)), dict(jurisdiction="Kansas City, MO"), False),
    ("employer name contains the words", Condition(employer=("Office of Finance",)), dict(employer="City of Los Angeles Office of Finance"), True),
    ("another employer fails", Condition(employer=("Office of Finance",)), dict(employer="Department of Water and Power"), False),
    ("class matches whatever the case and punctuation", Condition(class_=("Tax Technician, Franchise Tax Board",)), dict(class_="tax technician franchise tax board"), True),
    ("another class fails", Condition(class_=("Tax Technician, Franchise Tax Board",)), dict(class_="Office Technician"), False),
    ("no class given is unknown", Condition(class_=("Tax Technician, Franchise Tax Board",)), dict(), None),
    ("Range B is at least B", Condition(range_at_least="B"), dict(range="B"), True),
    ("Range C is at least B", Condition(range_at_least="B"), dict(range="C"), True),
    ("Range A is not at least B", Condition(range_at_least="B"), dict(range="A"), False),
    ("no range given is unknown", Condition(range_at_least="B"), dict(), None),
    ("a range that does not compare is unknown", Condition(range_at_least="B"), dict(range="II"), None),
    ("Range A is below B", Condition(range_below="B"), dict(range="A"), True),
    ("Range B is not below B", Condition(range_below="B"), dict(range="B"), False),
    ("one of duties_any holds", Condition(duties_any=("call-center", "public-counter")), dict(duties=["public-counter"]), True),
    ("none of duties_any fails", Condition(duties_any=("call-center",)), dict(duties=["billing"]), False),
    ("no duties given is unknown", Condition(duties_any=("call-center",)), dict(), None),
    ("duties_all needs every term", Condition(duties_all=("supervision", "call-center")), dict(duties=["call-center"]), False),
    ("duties_all with every term holds", Condition(duties_all=("supervision", "call-center")), dict(duties=["call-center", "supervision"]), True),
    ("in-bound calls 90% meets at least 90%", Condition(inbound_call_percent=90), dict(inbound_call_percent=90), True),
    ("in-bound calls 89% fails at least 90%", Condition(inbound_call_percent=90), dict(inbound_call_percent=89), False),
    ("in-bound share not given is unknown", Condition(inbound_call_percent=90), dict(), None),
    ("duty share 75% meets at least 50%", Condition(duties_any=("tax-compliance",), duties_share=50), dict(duties={"tax-compliance": 75, "clerical": 25}), True),
    ("duty share 25% fails at least 50%", Condition(duties_any=("tax-compliance",), duties_share=50), dict(duties={"tax-compliance": 25, "clerical": 75}), False),
    ("duty share not given is unknown", Condition(duties_any=("tax-compliance",), duties_share=50), dict(duties=["tax-compliance", "clerical"]), None),
    ("a list of only those duties is all of the time", Condition(duties_any=("tax-compliance",), duties_share=50), dict(duties=["tax-compliance"]), True),
    ("a known failing fact beats a missing one", Condition(sector=("state",), class_=("Tax Technician, Franchise Tax Board",)), dict(class_="Office Technician"), False),
    ("supervised 3 meets at least 2", Condition(supervised_staff=2), dict(supervised_staff=3), True),
    ("supervised 1 fails at least 2", Condition(supervised_staff=2), dict(supervised_staff=1), False),
]


def test_a_directorys_places_add_to_the_bundled_ones(tmp_path):
    (tmp_path / "places.yaml").write_text("names:\n  Philly: Philadelphia\nambiguous:\n  Springfield: Illinois or Massachusetts\n")
    places = load_places(tmp_path, [])
    cond = Condition(jurisdiction=("Philadelphia",))
    cond.places = places
    assert match(cond, job("2020-01-01", "2020-12-31", jurisdiction="Philly"))[0] is True
    assert match(cond, job("2020-01-01", "2020-12-31", jurisdiction="Philadelphia, PA"))[0] is True  # bundled PA
    cond = Condition(jurisdiction=("Illinois",))
    cond.places = places
    ok, why = match(cond, job("2020-01-01", "2020-12-31", jurisdiction="Springfield"))
    assert ok is None and "Illinois or Massachusetts" in why


def test_a_bad_places_file_says_where(tmp_path):
    (tmp_path / "places.yaml").write_text("states:\n  oregon: OR\n")
    problems = []
    load_places(tmp_path, problems)
    assert [(p.line, "list" in p.message) for p in problems] == [(2, True)]


@pytest.mark.parametrize("name, cond, facts, expected", MATCH, ids=[c[0] for c in MATCH])
def test_match(name, cond, facts, expected):
    cond.places = PLACES  # the short forms of the bundled places.yaml, as the loader hands them on
    ok, why = match(cond, job("2020-01-01", "2020-12-31", **facts))
    assert ok is expected
    if ok is not True:
        assert why, "a failing or unknown fact says why"
    if "misspelt" in name:
        assert "perhaps" in why and "misspelt" in why


RANGES = [
    ("letters in order", "A", "B", -1),
    ("same letter", "b", "B", 0),
    ("numbers in order", "12", "9", 1),
    ("letters and numbers do not compare", "A", "1", None),
]


@pytest.mark.parametrize("name, a, b, expected", RANGES, ids=[c[0] for c in RANGES])
def test_range_order(name, a, b, expected):
    assert range_order(a, b) == expected


# The JI60 Pattern I rules in miniature: named class and range certain, lower range none, the rest possible.
RULES = [
    CreditRule(CERTAIN, Condition(sector=("state",), jurisdiction=("California",), class_=("Tax Technician, Franchise Tax Board",), range_at_least="B")),
    CreditRule(NONE, Condition(sector=("state",), jurisdiction=("California",), class_=("Tax Technician, Franchise Tax Board",), range_below="B")),
    CreditRule(POSSIBLE, Condition(sector=("state",), jurisdiction=("California",), duties_any=("customer-service",)), "equivalence is an analyst's call"),
]

JOB_CREDIT = [
    ("Tax Technician Range B is certain", dict(CA, class_="Tax Technician, Franchise Tax Board", range="B"), False, CERTAIN),
    ("Tax Technician Range C is certain", dict(CA, class_="Tax Technician, Franchise Tax Board", range="C"), False, CERTAIN),
    ("Tax Technician Range A is none", dict(CA, class_="Tax Technician, Franchise Tax Board", range="A"), False, NONE),
    ("Tax Technician without a range is possible", dict(CA, class_="Tax Technician, Franchise Tax Board"), False, POSSIBLE),
    ("another state class in customer service is possible", dict(CA, class_="Office Technician", duties=["customer-service"]), False, POSSIBLE),
    ("private customer service is none", dict(sector="private", duties=["customer-service"]), False, NONE),
    ("unpaid work is none where paid is asked", dict(CA, class_="Tax Technician, Franchise Tax Board", range="B", paid=False), True, NONE),
    ("unpaid work counts where paid is not asked", dict(CA, class_="Tax Technician, Franchise Tax Board", range="B", paid=False), False, CERTAIN),
]


@pytest.mark.parametrize("name, facts, paid_only, expected", JOB_CREDIT, ids=[c[0] for c in JOB_CREDIT])
def test_job_credit(name, facts, paid_only, expected):
    tier, why, _ = job_credit(RULES, job("2020-01-01", "2020-12-31", **facts), paid_only)
    assert tier == expected
    if tier != CERTAIN:
        assert why


def test_possible_credit_says_what_the_analyst_decides():
    tier, why, _ = job_credit(RULES, job("2020-01-01", **dict(CA, class_="Office Technician", duties=["customer-service"])), False)
    assert tier == POSSIBLE and "analyst" in why
