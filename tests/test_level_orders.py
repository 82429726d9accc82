"""Level orders as data: a series declares its orders (Range I < II < III, named levels, the classes of a
series by level), and range_at_least, range_below and class_at_least compare by them. An equal level meets;
a level outside the order is an analyst's question, never a silent pass or fail."""

from pathlib import Path

import pytest

from helpers import job
from merit.app import main
from merit.engine.credit import match
from merit.model.specs import Condition, LevelOrder

ROOT = Path(__file__).resolve().parent.parent


def run(args, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    out = capsys.readouterr()
    return done.value.code, out.out, out.err

ROMAN = LevelOrder("range", (("I", "1"), ("II", "2"), ("III", "3"), ("IV", "4")))
CLERICAL = LevelOrder("clerical", (("Clerk Typist",), ("Senior Clerk Typist",), ("Secretary",), ("Executive Administrative Assistant",)))


def cond(orders=(ROMAN, CLERICAL), **facts) -> Condition:
    c = Condition(**facts)
    c.orders = {o.name: o for o in orders}
    return c


LEVELS = [
    # name, condition, job facts, expected (True / False / None)
    ("range II meets Range II or above", cond(range_at_least="II"), dict(range="II"), True),
    ("range III meets Range II or above", cond(range_at_least="II"), dict(range="III"), True),
    ("range IV meets Range II or above: Roman numerals are not letters", cond(range_at_least="II"), dict(range="IV"), True),
    ("range I does not meet Range II or above", cond(range_at_least="II"), dict(range="I"), False),
    ("range 3, another name of III, meets Range II or above", cond(range_at_least="II"), dict(range="3"), True),
    ("range ii is range II, whatever the case", cond(range_at_least="II"), dict(range="ii"), True),
    ("range V, outside the order, is an analyst's question", cond(range_at_least="II"), dict(range="V"), None),
    ("range I is below Range III", cond(range_below="III"), dict(range="I"), True),
    ("range IV is not below Range III", cond(range_below="III"), dict(range="IV"), False),
    ("without orders, range II is at least II (the same words)", cond((), range_at_least="II"), dict(range="II"), True),
    ("without orders, range III and II do not compare", cond((), range_at_least="II"), dict(range="III"), None),
    ("without orders, letters still compare", cond((), range_at_least="B"), dict(range="C"), True),
    ("a Secretary is at least at the level of Secretary", cond(class_at_least="Secretary"), dict(class_="Secretary"), True),
    ("an Executive Administrative Assistant is above Secretary", cond(class_at_least="Secretary"), dict(class_="executive administrative assistant"), True),
    ("a Senior Clerk Typist is below Secretary", cond(class_at_least="Secretary"), dict(class_="Senior Clerk Typist"), False),
    ("a class the order does not rank is an analyst's question", cond(class_at_least="Secretary"), dict(class_="Administrative Clerk"), None),
    ("no class given is an analyst's question", cond(class_at_least="Secretary"), dict(title="Secretary"), None),
    ("the named order decides, not the first that holds the level", cond(range_at_least="II", order="clerical"), dict(range="III"), None),
]


@pytest.mark.parametrize("name, condition, facts, expected", LEVELS, ids=[c[0] for c in LEVELS])
def test_a_level_compares_by_its_order(name, condition, facts, expected):
    assert match(condition, job("2020-01-01", **facts))[0] is expected


def test_a_level_outside_the_order_asks_how_it_compares_and_shows_the_order():
    ok, why = match(cond(range_at_least="II"), job("2020-01-01", range="V"))
    assert ok is None
    assert why == "the record does not give how V compares with II (V is not a level of the order I / 1 < II / 2 < III / 3 < IV / 4) (range)"


def test_the_example_specs_decide_what_their_cases_expect(capsys):
    code, out, err = run(["test", str(ROOT / "examples" / "specs")], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "4 cases in 1 file: 4 passed, 0 failed"


SERIES_ORDER = """\
series:
  id: ex-inspectors
  title: Inspectors
  jurisdiction: Los Angeles
  organization: Example
  source: {document: example}
  orders:
    inspectors: {series: ex-inspectors}
classes:
  - id: EX-1
    title: Assistant Inspector
    level: 1
    requirement: {judgment: an analyst decides}
  - id: EX-2
    title: Building Inspector
    level: 2
    requirement: {judgment: an analyst decides}
  - id: EX-3
    title: Senior Building Inspector
    level: 3
    requirement:
      experience:
        years: 1
        credit:
          - certain: {class_at_least: Building Inspector, order: inspectors}
"""


@pytest.mark.parametrize(
    "held, status",
    [("Building Inspector", "eligible"), ("Senior Building Inspector", "eligible"), ("Assistant Inspector", "ineligible")],
    ids=["the named class meets", "a class above it meets", "a class below it does not"],
)
def test_an_order_may_be_the_classes_of_a_series_by_level(tmp_path, capsys, held, status):
    (tmp_path / "ex.yaml").write_text(SERIES_ORDER)
    applicant = tmp_path / "in" / "a.yaml"
    applicant.parent.mkdir()
    applicant.write_text(f"id: A-1\nexperience:\n  - {{class: {held}, start: 2020-01-01, end: 2020-12-31}}\n")
    code, out, err = run(["screen", str(applicant), "--specs", str(tmp_path), "--class", "EX-3", "--as-of", "2021-01-01", "--format", "csv"], capsys)
    assert f",EX-3,,{status}," in out, err


BAD_ORDERS = [
    ("an order the series does not declare", "credit: [{certain: {range_at_least: II, order: ranges}}]",
     ":15:77: order: 'ranges' is not an order of this series or its directory (expected one of: range, inspectors); did you mean 'range'?"),
    ("a level the named order does not hold", "credit: [{certain: {range_at_least: V, order: range}}]",
     ":15:66: range_at_least: 'V' is not a level of the order range (expected one of: I, II, III)"),
    ("an order of a series not in the directory", "credit: [{certain: {class_at_least: Inspector, order: inspectors}}]",
     ":9:1: orders: series 'ex-nowhere' is not in this directory (expected one of: ex-orders); did you mean 'ex-orders'?"),
]

BAD_SPEC = """\
series:
  id: ex-orders
  title: Orders
  jurisdiction: Los Angeles
  organization: Example
  source: {document: example}
  orders:
    range: {levels: [I, II, III]}
    inspectors: {series: ex-nowhere}
classes:
  - id: EX-1
    title: Clerk
    level: 1
    requirement:
      experience: {years: 1, CREDIT}
"""


@pytest.mark.parametrize("name, credit, message", BAD_ORDERS, ids=[c[0] for c in BAD_ORDERS])
def test_an_order_that_does_not_fit_is_a_positioned_error(tmp_path, capsys, name, credit, message):
    spec = tmp_path / "ex.yaml"
    spec.write_text(BAD_SPEC.replace("CREDIT", credit))
    code, out, err = run(["validate", str(spec)] if "series 'ex-nowhere'" not in message else ["classes", "--specs", str(tmp_path)], capsys)
    assert code == 2
    assert f"{spec}{message}" in err


DIRECTORY_SPEC = """\
series: {id: ex-dir, title: Dir, jurisdiction: Los Angeles, organization: Example, source: {document: example}}
classes:
  - id: EX-EAA
    title: Executive Administrative Assistant
    level: 1
    requirement:
      experience:
        years: 1
        credit: [{certain: {class_at_least: Secretary, order: clerical}}]
"""

ORDERS_FILE = "orders:\n  clerical: {levels: [Clerk Typist, Secretary, Executive Administrative Assistant]}\n"


@pytest.mark.parametrize(
    "held, status", [("Secretary", "eligible"), ("Clerk Typist", "ineligible"), ("Mail Clerk", "review")],
    ids=["the level itself", "a level below", "a class the order does not hold"],
)
def test_a_specs_directory_declares_orders_every_spec_may_use(tmp_path, capsys, held, status):
    (tmp_path / "ex.yaml").write_text(DIRECTORY_SPEC)
    (tmp_path / "orders.yaml").write_text(ORDERS_FILE)
    applicant = tmp_path / "in" / "a.yaml"
    applicant.parent.mkdir()
    applicant.write_text(f"id: A-1\nexperience:\n  - {{class: {held}, start: 2020-01-01, end: 2020-12-31}}\n")
    code, out, err = run(["screen", str(applicant), "--specs", str(tmp_path), "--as-of", "2021-01-01", "--format", "csv"], capsys)
    assert f",EX-EAA,,{status}," in out, err


def test_validate_checks_the_specs_that_use_an_orders_file(tmp_path, capsys):
    (tmp_path / "ex.yaml").write_text(DIRECTORY_SPEC.replace("order: clerical", "order: clericl"))
    (tmp_path / "orders.yaml").write_text(ORDERS_FILE)
    code, out, err = run(["validate", str(tmp_path / "orders.yaml"), str(tmp_path / "ex.yaml")], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"{tmp_path / 'ex.yaml'}:9:63: order: 'clericl' is not an order of this series or its directory"
        " (expected one of: clerical); did you mean 'clerical'?",
    ]
    assert "1 level orders file" in out


def test_validate_checks_an_orders_file(tmp_path, capsys):
    (tmp_path / "orders.yaml").write_text(ORDERS_FILE + "  range: {levels: [I]}\n")
    code, out, err = run(["validate", str(tmp_path / "orders.yaml")], capsys)
    assert code == 2
    assert err.splitlines() == [
        f"{tmp_path / 'orders.yaml'}:3:19: levels: an order needs at least two levels (expected them lowest first: [I, II, III])"
    ]
