"""merit test: an analyst checks an encoding of their own against its cases, without pytest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from merit.app import main

SPECS = Path(__file__).resolve().parent.parent / "specs"

CASES = """\
- name: one year at the 311 call center
  as_of: 2026-11-01
  applicant: {id: X-1, experience: [{sector: city, jurisdiction: Los Angeles, start: 2025-11-01, end: 2026-10-31, duties: [call-center]}]}
  expect: {LA-1229: eligible}
- name: a day short, expected eligible by mistake
  as_of: 2026-11-01
  applicant: {id: X-2, experience: [{sector: city, jurisdiction: Los Angeles, start: 2025-11-02, end: 2026-10-31, duties: [call-center]}]}
  expect: {LA-1229: eligible}
"""


def run(args, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    out = capsys.readouterr()
    return done.value.code, out.out, out.err


@pytest.fixture
def mine(tmp_path):
    shutil.copy(SPECS / "la-customer-service-specialist.yaml", tmp_path)
    (tmp_path / "cases").mkdir()
    return tmp_path


def test_the_bundled_cases_pass(capsys):
    code, out, err = run(["test"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1].endswith(" failed") and ", 0 failed" in out.splitlines()[-1]


def test_a_failing_case_says_where_and_what_differs(mine, capsys):
    (mine / "cases" / "mine.cases.yaml").write_text(CASES)
    code, out, err = run(["test", str(mine)], capsys)
    assert code == 1 and err == ""
    assert f"{mine}/cases/mine.cases.yaml:5: FAILED a day short, expected eligible by mistake" in out
    assert "    LA-1229: expected eligible, got ineligible (no alternative is met)" in out
    assert out.splitlines()[-1] == "2 cases in 1 file: 1 passed, 1 failed"


def test_a_case_file_with_mistakes_is_positioned_and_exits_2(mine, capsys):
    (mine / "cases" / "mine.cases.yaml").write_text(
        CASES.replace("start: 2025-11-01", "strat: 2025-11-01").replace("{LA-1229: eligible}\n- name: a day", "{LA-1229: eligble}\n- name: a day")
    )
    code, out, err = run(["test", str(mine)], capsys)
    assert code == 2
    assert f"{mine}/cases/mine.cases.yaml:3:79: unknown key 'strat' in experience entry; did you mean 'start'?" in err
    assert "unknown value 'eligble'" in err and "did you mean 'eligible'?" in err


JUDGED = """\
- name: a year of other City customer service, accepted by the analyst
  as_of: 2026-11-01
  applicant: {id: X-3, experience: [{sector: city, jurisdiction: Los Angeles, class: Clerk, start: 2025-11-01, end: 2026-10-31, duties: [customer-service]}]}
  determinations:
    - {point: LA-1229/requirement-1/job-clerk-from-2025-11-01, answer: accept, because: the service desk was public counter work}
  expect: {LA-1229: eligible}
- name: the same, rejected
  as_of: 2026-11-01
  applicant: {id: X-3, experience: [{sector: city, jurisdiction: Los Angeles, class: Clerk, start: 2025-11-01, end: 2026-10-31, duties: [customer-service]}]}
  determinations: [{point: LA-1229/requirement-1/job-clerk-from-2025-11-01, answer: reject}]
  expect: {LA-1229: ineligible}
- name: an answer to a point these results do not have
  as_of: 2026-11-01
  applicant: {id: X-4, experience: []}
  determinations: [{point: LA-1229/requirement-9/job-clerk-from-2025-11-01, answer: accept}]
  expect: {LA-1229: ineligible}
"""


def test_a_case_may_assume_an_analysts_answers(mine, capsys):
    """A path that needs an analyst's answer could not be tested through to eligible."""
    (mine / "cases" / "mine.cases.yaml").write_text(JUDGED)
    code, out, err = run(["test", str(mine)], capsys)
    assert (code, err) == (1, "")
    assert f"{mine}/cases/mine.cases.yaml:12: FAILED an answer to a point these results do not have" in out
    assert "    determination for LA-1229/requirement-9/job-clerk-from-2025-11-01: no such decision point in these results (a stale answer)" in out
    assert out.splitlines()[-1] == "3 cases in 1 file: 2 passed, 1 failed"


def test_validate_checks_every_key_of_a_case_as_merit_test_does(mine, capsys):
    """validate said 0 problems of a case file that merit test then refused."""
    bad = JUDGED.replace("answer: reject}", "answr: reject}").replace(
        "expect: {LA-1229: ineligible}\n- name: an answer", "expect: {LA-1229: Requirement 1, experience}\n- name: an answer"
    )
    (mine / "cases" / "mine.cases.yaml").write_text(bad)
    code, out, err = run(["validate", str(mine)], capsys)
    assert code == 2
    assert "unknown key 'answr' in case determination; did you mean 'answer'?" in err
    assert "in {...} a comma starts a new key" in err
    assert out.strip().endswith("3 problems")
    code, out, err = run(["test", str(mine)], capsys)
    assert code == 2 and out.splitlines()[-1].endswith("; 3 problems in case files")


def test_no_cases_is_an_error(mine, capsys):
    code, _, err = run(["test", str(mine)], capsys)
    assert code == 2 and "no cases in" in err


SHADOWED = """\
series: {id: w, title: W, jurisdiction: Los Angeles, organization: City, source: {document: w}}
classes:
  - id: W-1
    title: W one
    level: 1
    requirement:
      label: Requirement
      experience:
        years: 1
        credit:
          - certain: {sector: city}
          - possible: {sector: city, duties_any: [billing]}
            because: never reached
  - id: W-2
    title: W two
    level: 2
    requirement:
      label: Requirement
      experience:
        years: 1
        credit:
          - none: {sector: private}
"""


def test_validate_warns_of_a_rule_that_never_applies_and_a_clause_never_met(tmp_path, capsys):
    f = tmp_path / "w.yaml"
    f.write_text(SHADOWED)
    code, out, err = run(["validate", str(f)], capsys)
    assert code == 0
    assert err.splitlines() == [
        f"{f}:12:1: warning: this credit rule never applies: the certain rule at line 11 already decides every job"
        " it would (expected rules from the most precise to the loosest)",
        f"{f}:18:1: warning: Requirement can never be met: every credit rule is none"
        " (expected at least one certain or possible rule)",
    ]
    assert out.strip().endswith("0 problems, 2 warnings")


def test_the_spec_format_documents_every_credit_fact():
    """The facts a credit rule may state come from one table; the docs' table names each of them."""
    from merit.engine.credit import FACTS

    doc = (SPECS.parent / "docs" / "spec-format.md").read_text()
    missing = [f.key for f in FACTS if f"`{f.key}`" not in doc]
    assert missing == []


def test_the_architecture_page_names_every_module():
    """docs/architecture.md is the module map the code has: every module of the package is in it."""
    root = SPECS.parent / "cli" / "merit"
    doc = (SPECS.parent / "docs" / "architecture.md").read_text()
    missing = [
        str(p.relative_to(root))
        for p in sorted(root.rglob("*.py"))
        if p.name not in ("__main__.py",) and not (p.name == "__init__.py" and p.parent != root)
        and not p.name.endswith("_cli.py")  # each command's options: the page names them as one kind
        and f"`{p.name}`" not in doc and f"`{p.stem}`" not in doc and f"{p.name}" not in doc
    ]
    assert missing == []


def test_the_cases_example_of_the_spec_format_passes(tmp_path, capsys):
    """docs/spec-format.md shows a cases file; it runs and passes against the bundled LA-1229 and LA-1173."""
    doc = (SPECS.parent / "docs" / "spec-format.md").read_text()
    example = doc.split("run them with `merit test DIR`:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    for name in ("la-city-tax-compliance-aide-1173.yaml", "duties.yaml", "places.yaml"):
        shutil.copy(SPECS / name, tmp_path)
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "doc.cases.yaml").write_text(example)
    code, out, err = run(["test", str(tmp_path)], capsys)
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1] == "2 cases in 1 file: 2 passed, 0 failed"
