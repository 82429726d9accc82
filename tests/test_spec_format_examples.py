"""The examples of docs/spec-format.md and docs/applicant-format.md marked `<!-- example: NAME -->` do what the
pages say they do.

Each example is the YAML block after its marker, taken from the page as the reader sees it; a spec fragment is
put in a series of its own (the keys the page leaves out, and `credit: [...]` made one rule on tax compliance),
then the applicants the page describes are screened and their results are the page's.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from helpers import job, licence, person, school
from merit.applicants import Reading, parse_applicants
from merit.engine import screen_class
from merit.engine.timeline import JOBS, Run
from merit.model.applicants import Course
from merit.model.decisions import Determination
from merit.specs import bundled_specs_dir, load_spec_file, load_terms

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 1)
TAX_RULE = "credit: [{certain: {duties_any: [tax-compliance]}, because: city tax work}]"


def example(page: str, name: str) -> str:
    """The YAML block after `<!-- example: NAME -->` on a page of docs/."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {re.escape(name)} -->\n```yaml\n(.*?)```", text, re.S)
    assert found, f"docs/{page} has no example {name}"
    return found.group(1)


def as_series(fragment: str) -> str:
    """A spec fragment of the page as a whole spec: a requirement, a class list or a series with its classes."""
    data = yaml.safe_load(fragment.replace("credit: [...]", TAX_RULE))
    if "experience" in data:
        data = {"requirement": {"label": "Experience", "experience": data["experience"]}}
    if "requirement" in data:
        data = {"classes": [{"id": "X", "requirement": data["requirement"]}]}
    series = {"id": "example", "title": "Example", "jurisdiction": "Los Angeles", "organization": "Test",
              "source": {"document": "test"}, **(data.get("series") or {})}
    classes = [{"title": f"Class {c['id']}", "level": n, **c} for n, c in enumerate(data["classes"], 1)]
    return yaml.safe_dump({"series": series, "classes": classes}, sort_keys=False)


def load(fragment: str, own_terms=()):
    problems: list = []
    terms = load_terms(bundled_specs_dir(), problems)
    terms.update({t: t for t in own_terms})  # a specs directory's own duties.yaml
    found = load_spec_file(Path("example.yaml"), terms, problems, text=as_series(fragment))
    assert problems == [] and found is not None, problems
    return found


def screen(series, applicant, determinations=(), selective=False):
    cls = series.classes[0]
    run = Run(applicant, AS_OF, series.crediting, JOBS, tuple(determinations))
    return screen_class(cls, series, applicant, AS_OF, run, selective)


def accept(point: str) -> Determination:
    return Determination("A-1", point, "accept", "A. Analyst", dt.date(2026, 12, 1), "seen the file")


def tax_years(years: int):
    return person(job(f"{2025 - years}-11-01", "2025-10-31", duties=["tax-compliance"]))


# --- parts that may not share a period -----------------------------------------------------------

BUYER, SUPERVISOR = dict(duties=["procurement"]), dict(duties=["procurement", "supervision"])
DISTINCT = [
    ("two years supervising procurement in one job: a year to each part", [job("2020-01-01", "2021-12-31", **SUPERVISOR)], "eligible"),
    ("a year buying and a year supervising: each job its own part",
     [job("2019-01-01", "2019-12-31", **BUYER), job("2020-01-01", "2020-12-31", **SUPERVISOR)], "eligible"),
    ("seventeen months of supervision: no month counts twice",
     [job("2000-01-01", "2000-10-31", **SUPERVISOR), job("2000-12-01", "2001-06-30", **SUPERVISOR)], "ineligible"),
]


@pytest.mark.parametrize("name, jobs, status", DISTINCT, ids=[c[0] for c in DISTINCT])
def test_parts_that_may_not_share_a_period(name, jobs, status):
    (d,) = screen(load(example("spec-format.md", "distinct-periods"), ["procurement"]), person(*jobs))
    assert d.status == status


# --- courses for experience lacking ---------------------------------------------------------------

COURSES = [
    ("12 units of business administration are four courses", school("some-college", status="enrolled", subjects={"business administration": 12}), "eligible"),
    ("a completed bachelor's in accounting", school("bachelor", field="accounting"), "eligible"),
    ("three listed courses in accounting are 18 months",
     school("some-college", status="enrolled", courses=[Course(f"Accounting {n}", 3.0) for n in (1, 2, 3)]), "ineligible"),
    ("accounting without units is at least one course", school("some-college", status="enrolled", subjects={"accounting": None}), "review"),
]


@pytest.mark.parametrize("name, entry, status", COURSES, ids=[c[0] for c in COURSES])
def test_courses_counted_from_units_and_degrees(name, entry, status):
    (d,) = screen(load(example("spec-format.md", "courses")), person(education=[entry]))
    assert d.status == status


# --- unsettled coursework in a combination --------------------------------------------------------

SIX_MONTHS = job("2026-05-01", "2026-10-31", duties=["tax-compliance"])
NINETY = dict(level="bachelor", status="enrolled", units=90)
UNSETTLED = [
    ("90 semester units, accredited: 50% and 50%", dict(NINETY, accredited=True), "eligible"),
    ("90 units, not accredited: 50%", dict(NINETY, accredited=False), "ineligible"),
    ("90 units, accreditation not given: whether the school is accredited", NINETY, "review"),
]


@pytest.mark.parametrize("name, entry, status", UNSETTLED, ids=[c[0] for c in UNSETTLED])
def test_unsettled_coursework_in_a_combination(name, entry, status):
    (d,) = screen(load(example("spec-format.md", "unsettled-coursework")), person(SIX_MONTHS, education=[school(**entry)]))
    assert d.status == status
    if status == "review":
        assert [p.id for p in d.points] == ["X/education/coursework"]


# --- ref: the keys beside it ----------------------------------------------------------------------

REF = [
    ("one year meets none of them; Requirement 3 leaves it to judgment", 1, "review"),
    ("two years meet Requirement 1", 2, "eligible"),
]


@pytest.mark.parametrize("name, years, status", REF, ids=[c[0] for c in REF])
def test_the_keys_beside_a_ref_change_the_clause_in_that_place(name, years, status):
    (d,) = screen(load(example("spec-format.md", "ref")), tax_years(years))
    assert d.status == status
    if status == "review":
        (point,) = d.points
        assert point.id == "X/requirement-3/otherwise"
        assert "experience in related fiscal work may be accepted" in point.question


def test_a_key_beside_a_ref_that_would_change_what_the_clause_asks_is_an_error():
    problems: list = []
    data = yaml.safe_load(as_series(example("spec-format.md", "ref")))
    data["classes"][0]["requirement"]["any_of"][0]["paid"] = False
    text = yaml.safe_dump(data, sort_keys=False)
    load_spec_file(Path("example.yaml"), load_terms(bundled_specs_dir(), problems), problems, text=text)
    assert any("unknown key 'paid'" in str(p) for p in problems), problems


# --- a judgment or a note -------------------------------------------------------------------------

CLERK_TYPIST = dict(class_="Clerk Typist")

JUDGMENT = [
    ("a year as a Clerk Typist: the performance is the analyst's", "2025-10-31", (), "review"),
    ("accepted: eligible", "2025-10-31", ("SENIOR-CLERK/satisfactory-performance/judgment",), "eligible"),
    ("six months: ineligible whatever the performance", "2025-04-30", (), "ineligible"),
]


@pytest.mark.parametrize("name, start, answers, status", JUDGMENT, ids=[c[0] for c in JUDGMENT])
def test_words_a_record_cannot_show_are_a_judgment_where_they_decide(name, start, answers, status):
    series = load(example("spec-format.md", "judgment-or-note"))
    applicant = person(job("2024-11-01", start, **CLERK_TYPIST))
    (d,) = screen(series, applicant, [accept(a) for a in answers])
    assert d.status == status
    if status == "review":
        assert [p.id for p in d.points] == ["SENIOR-CLERK/satisfactory-performance/judgment"]


# --- a completed certificate program --------------------------------------------------------------


def test_a_completed_certificate_program_is_a_credential_in_the_record():
    series = load(example("spec-format.md", "certificate-program"))
    record = "id: A-1\n" + example("spec-format.md", "certificate-program-record")
    loaded = parse_applicants(record, "a.yaml", Reading(load_terms(bundled_specs_dir(), [])))
    assert loaded.problems == []
    (d,) = screen(series, loaded.applicants[0])
    assert d.status == "eligible"
    (d,) = screen(series, person(education=[school("some-college", status="enrolled", field="paralegal studies")]))
    assert d.status == "ineligible"


# --- issuers as records write them, and a credential of a stated length ---------------------------

ISSUERS = [
    ("written out in full", "City of Los Angeles Department of Building and Safety", "eligible"),
    ("a short form the series writes out", "LADBS", "eligible"),
    ("short words the series writes out", "Dept. of Building and Safety", "eligible"),
    ("another issuer written out in words", "State of California Department of Industrial Relations", "ineligible"),
]


@pytest.mark.parametrize("name, issuer, status", ISSUERS, ids=[c[0] for c in ISSUERS])
def test_an_issuer_as_records_write_it(name, issuer, status):
    series = load(example("spec-format.md", "issuer-abbreviation"))
    (d,) = screen(series, person(licenses=[licence("Journey Level Plumber License", expires="2027-01-15", issuer=issuer)]))
    assert d.status == status


def test_a_short_form_the_series_does_not_write_out_is_an_analysts_question():
    fragment = example("spec-format.md", "issuer-abbreviation").replace("LADBS: Department of Building and Safety, ", "")
    (d,) = screen(load(fragment), person(licenses=[licence("Journey Level Plumber License", issuer="LADBS")]))
    assert d.status == "review"
    assert [p.question for p in d.points] == ["Journey Level Plumber License: the record does not give whether LADBS is the Department of Building and Safety"]


LENGTHS = [
    ("a five-year apprenticeship", "Plumber Apprenticeship Completion Certificate (5-year)", "eligible"),
    ("five years in words", "Five-Year Plumber Apprenticeship", "eligible"),
    ("a four-year one is shorter", "Apprenticeship, 4 years (plumber)", "ineligible"),
    ("no length stated", "Plumber Apprenticeship Completion Certificate", "review"),
]


@pytest.mark.parametrize("name, kind, status", LENGTHS, ids=[c[0] for c in LENGTHS])
def test_a_credential_of_a_stated_length(name, kind, status):
    (d,) = screen(load(example("spec-format.md", "credential-length")), person(licenses=[licence(kind, issued="2019-06-30")]))
    assert d.status == status


def test_a_program_that_stands_for_experience_is_written_as_education():
    spec = """
experience:
  years: 6
  substitution: {subjects: [plumbing], accredited: true, per_year: 12, max_months: 24}
  credit: [...]
"""
    series = load(spec)
    record = "id: A-1\n" + example("spec-format.md", "program-for-experience-record")
    loaded = parse_applicants(record, "a.yaml", Reading(load_terms(bundled_specs_dir(), [])))
    assert loaded.problems == []
    program = loaded.applicants[0].education
    five_years = job("2021-11-01", "2026-10-31", duties=["tax-compliance"])
    (d,) = screen(series, person(five_years, education=program))
    assert d.status == "eligible"
    certificate = licence("Certificate of Achievement in Plumbing", issued="2021-06-15")
    (d,) = screen(series, person(five_years, licenses=[certificate]))
    assert d.status == "review"
    point = d.points[0].id
    (d,) = screen(series, person(five_years, licenses=[certificate]), [accept(point)])
    assert d.status == "eligible"
    rejected = Determination("A-1", point, "reject", "A. Analyst", dt.date(2026, 12, 1), "a welding course")
    (d,) = screen(series, person(five_years, licenses=[certificate]), [rejected])
    assert d.status == "ineligible"
    assert [p.id for p in d.points] == [point]  # the answer it rests on is shown


# --- a selective certification for a language -----------------------------------------------------

LANGUAGE = [
    ("a Spanish Proficiency Certificate meets it", [licence("Spanish Proficiency Certificate")], "eligible"),
    ("without one, the department's test is the analyst's question", [], "review"),
]


@pytest.mark.parametrize("name, licenses, status", LANGUAGE, ids=[c[0] for c in LANGUAGE])
def test_a_selective_certification_for_a_language(name, licenses, status):
    fragment = "classes:\n  - id: CLASS\n    requirement: {label: Requirement, ref: tax-year}\n" + example(
        "spec-format.md", "selective-language"
    )
    fragment = "series:\n  clauses:\n    - {id: tax-year, experience: {years: 1, credit: [...]}}\n" + fragment
    own, certification = screen(load(fragment), person(*tax_years(1).experience, licenses=licenses), selective=True)
    assert own.status == "eligible"
    assert certification.status == status
    if status == "review":
        assert [p.id for p in certification.points] == ["CLASS/spanish/tested/judgment"]


# --- duties: [] is "not given" ----------------------------------------------------------------------

AUDITING_YEAR = """
requirement:
  label: Auditing experience
  experience:
    years: 1
    credit: [{certain: {duties_any: [auditing]}, by_share: true, because: auditing work}]
"""


def test_an_empty_list_of_duties_is_not_given_never_none():
    series = load(AUDITING_YEAR)
    record = "id: A-1\nexperience:\n" + "\n".join(
        "  " + line for line in example("applicant-format.md", "duties").split("\n")[1:] if line
    )
    terms = load_terms(bundled_specs_dir(), [])
    loaded = parse_applicants(record, "a.yaml", Reading(terms))
    assert loaded.problems == []
    statuses = []
    for one in loaded.applicants[0].experience:
        (d,) = screen(series, person(one))
        statuses.append(d.status)
    assert statuses == ["review", "ineligible", "eligible"]


# --- section: inherited by everything under the clause that names it --------------------------------


def test_a_section_holds_for_every_clause_under_it():
    from helpers import walk

    (d,) = screen(load(example("spec-format.md", "section")), person())
    cited = {r.requirement: r.citation for r in walk(d.reasons) if r.citation}
    assert "Process Notes" in cited["Degree"] and "Process Notes" in cited["Six months"], cited
    assert "Minimum Qualifications" in cited["Pattern I"] and "Process Notes" not in cited["Pattern I"], cited


# --- range_at_least with a range merit cannot order -----------------------------------------------

RANGES = [("C", "eligible"), ("B", "eligible"), ("A", "ineligible"), ("C-1", "review")]


@pytest.mark.parametrize("range_, status", RANGES, ids=[r for r, _ in RANGES])
def test_a_range_merit_cannot_order_is_an_analysts_call(range_, status):
    applicant = person(job("2024-11-01", "2025-10-31", class_="Tax Technician", range=range_))
    (d,) = screen(load(example("spec-format.md", "range")), applicant)
    assert d.status == status
    if status == "review":
        assert "how C-1 compares with B" in d.points[0].question


# --- hours: calendar time at the job's share of full time ------------------------------------------

HOURS = [
    ("24 months at 40 hours a week", "2023-11-01", 40, "eligible"),
    ("24 months at 20 hours a week are 2,080 hours", "2023-11-01", 20, "ineligible"),
    ("18 months at 60 hours a week are 3,120 hours, not 4,680", "2024-05-01", 60, "ineligible"),
]


@pytest.mark.parametrize("name, start, hours, status", HOURS, ids=[c[0] for c in HOURS])
def test_hours_are_judged_as_calendar_time(name, start, hours, status):
    applicant = person(job(start, "2025-10-31", duties=["tax-compliance"], hours_per_week=hours))
    (d,) = screen(load(example("spec-format.md", "hours")), applicant)
    assert d.status == status


# --- after: experience following a credential ------------------------------------------------------

AFTER = [
    ("two years, all after the certificate", "2022-01-01", "eligible"),
    ("two years before the certificate and one after", "2024-01-01", "ineligible"),
]


@pytest.mark.parametrize("name, issued, status", AFTER, ids=[c[0] for c in AFTER])
def test_experience_after_a_credential_counts_from_the_day_after_it(name, issued, status):
    applicant = person(
        job("2022-01-02", "2024-12-31", duties=["tax-compliance"]),
        licenses=[licence("Plumbing Apprenticeship", issued=issued)],
    )
    (d,) = screen(load(example("spec-format.md", "after")), applicant)
    assert d.status == status


# --- with_college: the college's years, not its field or accreditation ----------------------------


def test_experience_for_education_counts_only_the_college_the_clause_takes():
    applicant = person(
        job("2022-11-01", "2025-10-31", duties=["tax-compliance"]),
        education=[school("some-college", status="enrolled", units=30, field="art history", accredited=False)],
    )
    (d,) = screen(load(example("spec-format.md", "with-college")), applicant)
    assert d.status == "ineligible"
    assert "not counted as college toward it" in str(d.reasons)


# --- dates: any names, the latest is the spec's date -----------------------------------------------


def test_the_latest_of_the_dates_whatever_their_names_is_the_spec_date():
    fragment = example("spec-format.md", "hours")
    data = yaml.safe_load(as_series(fragment))
    data["series"]["dates"] = {"revised": "2019-01-01", "bulletin": "2021-03-05", "established": "1998-07-01"}
    problems: list = []
    series = load_spec_file(Path("x.yaml"), load_terms(bundled_specs_dir(), problems), problems, text=yaml.safe_dump(data))
    assert problems == []
    (d,) = screen(series, person())
    assert d.spec_date == "2021-03-05"


# --- the schema for an editor, in an analyst's own specs directory ---------------------------------


def test_the_schema_command_of_the_page_writes_a_schema_with_the_directorys_own_duty_terms(tmp_path):
    import json
    import subprocess
    import sys

    (tmp_path / "duties.yaml").write_text("duties:\n  procurement: buying goods and services\n")
    command = re.search(r"```sh\n(merit schema spec --specs DIR) > DIR/spec.schema.json\n```", (ROOT / "docs" / "spec-format.md").read_text())
    assert command, "the page shows the command"
    argv = [sys.executable, "-m", "merit", *command.group(1).replace("DIR", str(tmp_path)).split()[1:]]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "procurement" in json.dumps(json.loads(done.stdout))


# --- courses under other titles -------------------------------------------------------------------

NAMED = ["Principles of Accounting I", "Principles of Accounting II", "Intermediate Accounting I", "Intermediate Accounting II", "Cost Accounting", "Auditing"]
OTHER_TITLES = ["Financial Accounting", "Managerial Accounting", *NAMED[2:]]
EQUIVALENCE = [
    ("the named courses", [*NAMED, "Tax Accounting", "Governmental Accounting I"], "eligible"),
    ("other titles for Principles I and II", [*OTHER_TITLES, "Tax Accounting", "Governmental Accounting I"], "review"),
    ("too few units even if every course counted", NAMED[:4], "ineligible"),
]


@pytest.mark.parametrize("name, titles, status", EQUIVALENCE, ids=[c[0] for c in EQUIVALENCE])
def test_courses_under_other_titles_are_an_analysts_call(name, titles, status):
    series = load(example("spec-format.md", "course-equivalence"))
    courses = [Course(t, units=3) for t in titles]
    (d,) = screen(series, person(education=[school("bachelor", field="business administration", courses=courses)]))
    assert d.status == status
