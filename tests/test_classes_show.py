"""merit classes and merit show: the catalogue, one class in full, and the duty vocabulary."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from merit.commands.catalogue import run_classes, run_show
from merit.env import Environment

CUSTOMER_SERVICE_CLASSES = ["JI60", "JI55", "LA-1229", "MO-CS-G2", "MO-CS-G4", "MO-CS-G5", "MO-CS-G6", "MO-CS-G8", "MT-CSR-11", "MT-CSR-12", "MT-CSR-13", "PHL-6J27"]
LA_CITY_CLASSES = ["LA-1173", "LA-1179", "LA-1368", "LA-1513", "LA-1514", "LA-1596", "LA-2317", "LA-3443", "LA-4211"]
ALL_CLASSES = CUSTOMER_SERVICE_CLASSES + LA_CITY_CLASSES


def run(*args: str):
    return CliRunner().invoke(build_app(), list(args))


def markdown_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|(-{3,}\|)+", line):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])])
    return rows


# --- merit classes ------------------------------------------------------------------------------


def test_classes_lists_every_class_with_its_jurisdiction():
    result = run("classes")
    assert result.exit_code == 0
    for cls in ALL_CLASSES:
        assert cls in result.stdout
    for place in ("California", "Los Angeles", "Missouri", "Montana", "Philadelphia"):
        assert place in result.stdout
    assert "Classes (21 in 14 series)" in result.stdout


def test_classes_csv_has_stable_columns():
    result = run("classes", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["series", "class", "level", "codes", "title", "jurisdiction", "pay", "specialties"]
    by = {r["class"]: r for r in rows}
    assert sorted(by) == sorted(ALL_CLASSES)
    assert by["PHL-6J27"]["specialties"] == "call-center revenue-collections"
    assert by["PHL-6J27"]["pay"] == "EP17"
    assert by["JI60"]["codes"] == "schematic JI60, class 1009"


def test_classes_json_groups_by_series():
    doc = json.loads(run("classes", "--format", "json").stdout)
    assert [s["id"] for s in doc["series"]] == [
        "ca-ftb-customer-service",
        "la-city-accountant-1513",
        "la-city-building-inspector-4211",
        "la-city-correctional-nurse-2317",
        "la-city-plumber-3443",
        "la-city-senior-administrative-clerk-1368",
        "la-city-systems-analyst-1596",
        "la-city-tax-auditor-1514",
        "la-city-tax-compliance-aide-1173",
        "la-city-tax-compliance-officer-1179",
        "la-customer-service-specialist",
        "mo-customer-service",
        "mt-dor-customer-service-representative",
        "phl-6j27",
    ]
    mt = doc["series"][12]
    assert [c["class"] for c in mt["classes"]] == ["MT-CSR-11", "MT-CSR-12", "MT-CSR-13"]
    assert mt["classes"][0]["pay"] == "Grade 11"


def test_classes_markdown_parses_back():
    rows = markdown_rows(run("classes", "--format", "markdown").stdout)
    assert rows[0] == ["Series", "Class", "Codes", "Title", "Jurisdiction", "Pay", "Specialties"]
    assert sorted(r[1] for r in rows[1:]) == sorted(ALL_CLASSES)


def test_classes_of_one_series():
    result = run("classes", "--series", "mo-customer-service", "--format", "csv")
    assert [r["class"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["MO-CS-G2", "MO-CS-G4", "MO-CS-G5", "MO-CS-G6", "MO-CS-G8"]


def test_classes_of_a_family():
    def classes(family):
        result = run("classes", "--series", family, "--format", "csv")
        return sorted(r["class"] for r in csv.DictReader(io.StringIO(result.stdout)))

    assert classes("customer-service") == sorted(CUSTOMER_SERVICE_CLASSES)
    assert classes("la-city") == sorted(LA_CITY_CLASSES)


def test_classes_unknown_series_is_one_line_and_exit_2():
    result = run("classes", "--series", "mo-customer")
    assert result.exit_code == 2
    assert result.stderr.startswith("merit classes: error: unknown series 'mo-customer'; did you mean 'mo-customer-service'?")
    assert len(result.stderr.strip().splitlines()) == 1


def test_classes_on_a_terminal_fit_80_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    buf = io.StringIO()
    assert run_classes(None, "table", None, Environment(stdout=buf, stdout_isatty=True, colors=False)) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())
    assert max(len(line) for line in text.splitlines()) <= 80
    for cls in ALL_CLASSES:
        assert cls in text


# --- merit show ---------------------------------------------------------------------------------------


def test_show_gives_every_pattern_in_plain_words_with_its_citation():
    result = run("show", "1009")
    assert result.exit_code == 0
    text = re.sub(r"\s+", " ", result.stdout)
    assert text.startswith("JI60: Customer Service Specialist, Franchise Tax Board")
    for pattern in ("Pattern I:", "Pattern II:", "Pattern III:", "Pattern IV:"):
        assert pattern in text
    assert "6 months in California state service at the level of a Tax Technician, FTB, Range B" in text
    assert "source: Customer Service Specialist/Supervisor, Franchise Tax Board Series, Customer Service Specialist, Franchise Tax Board, Minimum Qualifications, Pattern IV" in text
    assert "experience under I, II, IV may be combined on a proportional basis" in text
    assert "established 2000-04-18" in text and "updated 2012-06-03" in text
    assert "> 1. JI60" in text and "2. JI55" in text


def test_show_notes_are_not_requirements():
    text = re.sub(r"\s+", " ", run("show", "LA-1229").stdout)
    assert "Notes (not minimum qualifications)" in text
    assert "license A valid California driver's license may be required prior to appointment." in text
    assert "physical Strength to perform average lifting" in text


def test_show_competencies_and_the_unpublished_grade_13():
    text = re.sub(r"\s+", " ", run("show", "MT-CSR-13").stdout)
    assert "The source publishes no education or experience for grade 13" in text
    assert "C research: Demonstrated research skill relative to the role." in text
    assert "Degrees of proficiency" in text and "Personal and Work Ethics" in text


def test_show_specialties_each_with_their_qualifications():
    text = re.sub(r"\s+", " ", run("show", "6J27").stdout)
    assert "Minimum qualifications: Call Center specialty" in text
    assert "Minimum qualifications: Revenue Collections specialty" in text
    assert "a period of experience counts toward one part only" in text
    assert "pay EP17" in text


def test_show_json_has_the_clauses_and_ksas():
    doc = json.loads(run("show", "MO-CS-G5", "--format", "json").stdout)
    assert doc["class"] == "MO-CS-G5" and doc["pay"] == "G5"
    assert doc["typical"] == "4-6 years of relevant experience. (Substitutions may be allowed.)"
    (mq,) = doc["minimum_qualifications"]
    assert mq["clauses"][0]["text"].startswith("4-6 years of relevant experience")
    assert "if not met: review" in mq["clauses"][0]["note"]
    assert doc["cumulative"] is True
    assert "Ability to provide guidance to staff" not in doc["adds"]
    assert "Ability: Provide guidance to staff" in doc["adds"]


def test_show_markdown_parses_back():
    result = run("show", "JI55", "--format", "markdown")
    assert result.stdout.startswith("# JI55: Customer Service Supervisor, Franchise Tax Board")
    rows = markdown_rows(result.stdout)
    assert ["**schematic**", "JI55"] not in rows
    assert ["**id**", "JI55"] in rows
    assert "- **Pattern II**: 2 years of tax compliance supervisory duties" in result.stdout


def test_show_on_a_terminal_draws_with_rich(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    buf = io.StringIO()
    assert run_show("JI60", False, "table", None, Environment(stdout=buf, stdout_isatty=True, colors=False)) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())
    assert "Pattern III" in text and "└──" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_show_duties_lists_the_vocabulary():
    result = run("show", "--duties")
    assert result.exit_code == 0
    for term in ("customer-service", "call-center", "public-counter", "policy-interpretation", "tax-compliance", "billing",
                 "collections", "investigation", "auditing", "supervision", "leadwork", "training"):
        assert re.search(rf"^{re.escape(term)}\s+\S", result.stdout, flags=re.M)
    doc = json.loads(run("show", "--duties", "--format", "json").stdout)
    assert doc["duties"]["call-center"].startswith("working in a centralized telephone operation")


def test_show_duties_includes_terms_of_a_users_specs_directory(tmp_path):
    import shutil

    from merit.specs import bundled_specs_dir

    shutil.copy(bundled_specs_dir() / "la-customer-service-specialist.yaml", tmp_path)
    (tmp_path / "duties.yaml").write_text("duties:\n  bookkeeping: keeping the books of account\n")
    doc = json.loads(run("show", "--duties", "--format", "json", "--specs", str(tmp_path)).stdout)
    assert doc["duties"]["bookkeeping"] == "keeping the books of account"
    assert "customer-service" in doc["duties"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["JI6O"], "merit show: error: unknown class 'JI6O'; did you mean 'JI60'?"),
        ([], "merit show: error: give a class id"),
        (["JI60", "--format", "csv"], "merit show: error: unknown format 'csv'"),
    ],
)
def test_show_usage_errors(args, message):
    result = run("show", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["compare", "classes", "show"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "--format" in result.stdout
    assert "Exit codes" in result.stdout


def test_show_keeps_values_in_one_column_when_a_label_is_longer_than_it():
    lines = run("show", "6J27").stdout.splitlines()
    long_label = next(k for k, line in enumerate(lines) if line.strip() == "training and experience approved")
    revised = next(line for line in lines if line.strip().startswith("csc revision"))
    assert lines[long_label + 1].index("2004-05") == revised.index("2004-03")


def test_who_filing_before_graduation_admits_is_said_as_the_spec_says_it():
    """Without months or senior, merit show said "a registered senior" of anyone still completing a degree."""
    from merit.kinds.words import before_words
    from merit.requirements import BeforeGraduation

    assert before_words(BeforeGraduation("deferred")) == "an applicant still completing it"
    assert before_words(BeforeGraduation("deferred", senior=True)) == "a registered senior"
    assert before_words(BeforeGraduation("deferred", 6)) == "an applicant within 6 months of completing it"
    assert before_words(BeforeGraduation("deferred", 6, True)) == "a registered senior within 6 months of completing it"
