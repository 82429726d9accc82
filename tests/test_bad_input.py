"""Bad input: every mistake in an applicant or spec file gets one positioned line and exit 2.

The corpus under tests/bad/ holds one file per mistake; tests/bad/expected.txt
holds what merit prints for each, exactly.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from merit.app import main
from merit.applicants import Reading, parse_applicants
from merit.specs import bundled_specs_dir, load_catalogue

BAD = Path(__file__).parent / "bad"
ROOT = Path(__file__).resolve().parent.parent
REPO = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^[^:\n]+:[1-9][0-9]*:[1-9][0-9]*: \S.*$")


def expected_lines() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            table.setdefault(line.split(":", 1)[0], []).append(line)
    return table


EXPECTED = expected_lines()
CORPUS = sorted(str(p.relative_to(BAD)) for p in BAD.glob("*/*.yaml"))
EXPORTS = sorted(str(p.relative_to(BAD)) for p in BAD.glob("imports/*.csv"))  # imported with import-mapping.yaml


def run(argv: list[str], capsys, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """merit as a user runs it: main() turns every failure into a line and an exit code."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


@pytest.fixture(autouse=True)
def in_corpus(monkeypatch):
    monkeypatch.chdir(BAD)
    monkeypatch.delenv("MERIT_SPECS", raising=False)


def test_every_corpus_file_has_its_expected_lines():
    assert set(CORPUS) | set(EXPORTS) == set(EXPECTED), "a corpus file without expectations, or expectations without a file"


def merits(line: str) -> str:
    """A line as far as merit decides it. Where merit passes on what PyYAML (or libyaml) found, the
    words and the position are the library's and change with its version: only the file and that
    the YAML is invalid are merit's. merit's own YAML messages say what was expected."""
    path, rest = line.split(":", 1)
    what = rest.split(": ", 1)[1]
    if what.startswith("invalid YAML: ") and "(expected" not in what:
        return f"{path}: invalid YAML"
    return line


@pytest.mark.parametrize("name", CORPUS)
def test_validate_prints_exactly_the_expected_lines(name, capsys):
    code, out, err = run(["validate", "--quiet", name], capsys)
    assert code == 2
    assert out == ""
    assert all(LINE.match(line) for line in err.splitlines())
    assert [merits(line) for line in err.splitlines()] == [merits(line) for line in EXPECTED[name]]
    assert "Traceback" not in err


@pytest.mark.parametrize("name", EXPORTS)
def test_import_prints_exactly_the_expected_lines(name, capsys, tmp_path):
    """An export's problems and warnings are lines at its cells; a problem writes nothing and exits 2,
    a warning writes the applicant all the same."""
    code, out, err = run(["import", name, "--map", "import-mapping.yaml", "-o", str(tmp_path / "out")], capsys)
    *lines, tally = err.splitlines()
    assert (out, lines) == ("", EXPECTED[name])
    warned_only = all(": warning: " in line for line in lines)
    assert code == (0 if warned_only else 2)
    assert tally.startswith(f"{name}: ") and (tmp_path / "out").exists() == warned_only


@pytest.mark.parametrize("name", [n for n in CORPUS if n.startswith("applicants/")])
def test_screen_reports_the_same_lines_and_exits_2(name, capsys):
    code, out, err = run(["screen", name, "--class", "JI60", "--as-of", "2025-01-01", "--format", "jsonl"], capsys)
    assert code == 2
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(LINE.match(line) for line in lines)
    same = [merits(line) for line in EXPECTED[name] if "duplicate applicant id" not in line]
    assert [merits(line) for line in lines[: len(same)]] == same


def test_lines_are_positioned_and_one_per_problem():
    for name, lines in EXPECTED.items():
        for line in lines:
            assert LINE.match(line), line
            assert line.startswith(name + ":")


# --- the cases the contract names, spelled out --------------------------------------------

NAMED = [
    ("applicants/unknown-key.yaml", "4:5", "unknown key 'hours_per_wek' in experience entry; did you mean 'hours_per_week'?"),
    ("applicants/unknown-duty.yaml", "4:14", "did you mean 'customer-service'?"),
    ("applicants/malformed-date.yaml", "3:12", "'yesterday' is not a date (expected YYYY-MM-DD or YYYY-MM)"),
    ("applicants/impossible-date.yaml", "3:12", "2021-02-30 is not a real date"),
    ("applicants/end-before-start.yaml", "4:10", "end: 2021-01-01 is before start 2022-01-01"),
    ("applicants/end-far-ahead.yaml", "4:10", "end: 2202-06-30 is more than a year after the as-of date"),
    ("applicants/negative-hours.yaml", "4:21", "hours_per_week: -5 is negative"),
    ("applicants/too-many-hours.yaml", "4:21", "more than the 168 hours in a week"),
    ("applicants/wrong-type.yaml", "2:13", "experience: found the value 'yes' (expected a list)"),
    ("applicants/missing-id.yaml", "1:1", "missing required key 'id' in applicant"),
    ("applicants/empty.yaml", "1:1", "empty file"),
    ("applicants/binary.yaml", "1:1", "binary data (expected a YAML text file)"),
    ("applicants/latin1.yaml", "2:10", "not UTF-8 text"),
    ("applicants/scalar.yaml", "1:1", "(expected an applicant: a mapping with at least id, or a list of them)"),
    ("applicants/list-of-scalars.yaml", "1:3", "found text '1' in the list"),
    ("applicants/duplicate-key.yaml", "2:1", "duplicate key 'id' in applicant (first at line 1"),
    ("applicants/invalid-yaml.yaml", "3:1", "invalid YAML:"),
    ("applicants/bad-sector.yaml", "4:13", "did you mean 'state'?"),
    ("applicants/alias-bomb.yaml", "2:8", "YAML alias *a is not allowed"),
    ("specs/unknown-key-in-class.yaml", "13:5", "unknown key 'levle' in class; did you mean 'level'?"),
    ("specs/unknown-competency-in-grades.yaml", "16:7", "grades: unknown competency 'reserch'"),
    ("specs/ref-to-missing-node.yaml", "32:27", "ref: 'III' names no clause of this class or series"),
    ("specs/proportional-names-missing-alternative.yaml", "19:25", "proportional: 'V' is not the id of an alternative"),
    ("specs/unknown-duty-in-credit-rule.yaml", "25:55", "did you mean 'customer-service'?"),
    ("specs/duplicate-class-id.yaml", "33:9", "class id 'T-1' is used twice in this file (first at line 11"),
]


@pytest.mark.parametrize("name, position, words", NAMED)
def test_named_mistake(name, position, words):
    assert any(line.startswith(f"{name}:{position}: ") and words in line for line in EXPECTED[name]), EXPECTED[name]


# --- batches: a bad file or record is skipped, the rest are screened ------------------------


def test_batch_with_one_bad_file_screens_the_others(tmp_path, capsys):
    good = "id: {}\nexperience:\n  - {{start: 2020-01-01, sector: state, jurisdiction: California, duties: [tax-compliance]}}\n"
    for i in range(3):
        (tmp_path / f"a{i}.yaml").write_text(good.format(f"A-{i}"))
    (tmp_path / "a1.yaml").write_text("id: A-1\nexperience:\n  - start: 2020-02-30\n")
    code, out, err = run(["screen", str(tmp_path), "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl"], capsys)
    assert code == 2
    problem = "start: 2020-02-30 is not a real date: no such day in that month (expected YYYY-MM-DD or YYYY-MM)"
    # one line per problem, then what the batch lost
    assert err.splitlines() == [f"{tmp_path / 'a1.yaml'}:3:12: {problem}", "3 files: 2 screened, 1 invalid"]
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["applicant"], r["status"]) for r in records] == [("A-0", "review"), ("A-1", "error"), ("A-2", "review")]
    # the bad file is a record too, so the output accounts for every input
    assert {k: records[1][k] for k in ("file", "line", "column", "message")} == {
        "file": str(tmp_path / "a1.yaml"),
        "line": 3,
        "column": 12,
        "message": problem,
    }
    assert set(records[0]) < set(records[1])  # the keys of a result, and line, column and message


def test_a_bad_record_in_a_list_is_skipped_and_the_others_kept(capsys):
    code, out, err = run(["screen", "applicants/list-one-bad-record.yaml", "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl"], capsys)
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["applicant"], r["status"]) for r in records] == [("A-2", "error"), (None, "error"), ("A-1", "ineligible")]  # the record with no id has none
    assert len(err.splitlines()) == 2


def test_a_record_with_one_bad_job_is_not_screened_without_it(capsys):
    """Dropping the bad job and screening the rest would decide on facts the person did not give."""
    code, out, err = run(["screen", "applicants/unknown-duty.yaml", "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl"], capsys)
    assert code == 2
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["error"]


def test_standard_input_is_named_in_the_line(capsys, monkeypatch):
    code, out, err = run(["validate", "-q", "-"], capsys, stdin=b"id: A-1\nhours: 3\n", monkeypatch=monkeypatch)
    assert code == 2
    assert err.startswith("<stdin>:2:1: unknown key 'hours' in applicant")


def test_validate_passes_good_files_and_the_bundled_specs(capsys):
    code, out, err = run(["validate", str(bundled_specs_dir())], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("checked ") and out.rstrip().endswith("; 0 problems")


def test_validate_tells_applicant_files_from_spec_files_named_on_the_line(capsys, tmp_path):
    """Files named one by one are told apart by their keys (a directory is read as screen reads it)."""
    (tmp_path / "a.yaml").write_text("id: A-1\n")
    spec = (BAD / "specs" / "missing-series-id.yaml").read_text().replace("series:\n", "series:\n  id: t\n")
    (tmp_path / "s.yaml").write_text(spec)
    code, out, err = run(["validate", str(tmp_path / "a.yaml"), str(tmp_path / "s.yaml")], capsys)
    assert code == 0 and all(" warning: " in line for line in err.splitlines())  # a loose possible rule warns, never fails
    assert "1 applicant file (1 good applicant), 1 spec file (1 good class)" in out


def test_validate_reports_every_problem_not_only_the_first(capsys):
    code, out, err = run(["validate", "-q", "applicants/every-problem-reported.yaml"], capsys)
    assert len(err.splitlines()) == 4


def test_spec_given_as_applicant_is_named(capsys):
    spec = str(bundled_specs_dir() / "phl-6j27.yaml")
    code, out, err = run(["screen", spec], capsys)
    assert code == 2
    assert err.splitlines() == [f"{spec}:3:1: this is a class spec file (give it with --specs DIR), not applicants (expected an applicant: a mapping with at least id)"]


def test_applicants_given_as_specs_are_named_in_one_line_each(capsys, tmp_path):
    """The opposite mistake: --specs pointed at applicants says so once per file, not once per key."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("aisha-patel.yaml", "carlos-mendez.yaml"):
        (specs / name).write_bytes((ROOT / "sample_applicants" / name).read_bytes())
    with pytest.raises(SystemExit) as exit_:
        main(["screen", str(ROOT / "sample_applicants" / "aisha-patel.yaml"), "--specs", str(specs)])
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert all("this is an applicant file, not a class spec" in line for line in lines)


def test_spec_problems_stop_screen_with_the_spec_positions(capsys, tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "t.yaml").write_text((BAD / "specs" / "ref-to-missing-node.yaml").read_text())
    (tmp_path / "a.yaml").write_text("id: A-1\n")
    code, out, err = run(["screen", str(tmp_path / "a.yaml"), "--specs", str(specs)], capsys)
    assert code == 2
    assert err.splitlines() == [f"{specs / 't.yaml'}:32:27: " + EXPECTED["specs/ref-to-missing-node.yaml"][0].split(": ", 1)[1]]


@pytest.mark.parametrize(
    "argv, words",
    [
        (["screen", "x.yaml", "--class", "JI6"], "unknown class 'JI6'; did you mean 'JI60'?"),
        (["screen", "x.yaml", "--series", "custmer-service"], "did you mean 'customer-service'?"),
        (["screen", "x.yaml", "--format", "xml"], "unknown format 'xml'"),
        (["screen", "x.yaml", "--as-of", "2025-02-30"], "'2025-02-30' is not a date"),
        (["screen", "x.yaml", "--jobs", "0"], "is not a number of processes"),
        (["screen", "x.yaml", "--specs", "no-such-dir"], "no-such-dir:1:1: no such directory"),
        (["screen", "no-such-file.yaml"], "no-such-file.yaml:1:1: no such file"),
        (["schema", "aplicant"], "did you mean 'applicant'?"),
        (["validate", "no-such-file.yaml"], "no-such-file.yaml:1:1: no such file"),
        (["screen", "x.yaml", "--bogus"], "merit screen: error: no such option: --bogus"),
        (["screen", "x.yaml", "--as-of", "2025-13-01"], "merit screen: error: invalid value for --as-of"),
        (["screen", "x.yaml", "--as-of", "20261101"], "'20261101' is not a date (expected YYYY-MM-DD); did you mean 2026-11-01?"),
        (["screen", "x.yaml", "--as-of", "11/30/2026"], "did you mean 2026-11-30?"),
        (["screen", "x.yaml", "--as-of", "2026-11"], "'2026-11' is not a date (expected YYYY-MM-DD); give the day too"),
        (["compare", "--series", "customer-service", "--as-of", "Nov 1, 2026"], "did you mean 2026-11-01?"),
        (["screen", "x.yaml", "-o", "no-such-dir/out.csv"], "merit screen: error: cannot write no-such-dir/out.csv"),
        (["screen", "x.yaml", "--class", ""], "empty class name ''"),
        (["screen", "x.yaml", "--class", " , "], "empty class name ' , '"),
        (["show", "JI60", "--duties"], "give a class id or --duties, not both"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(argv, words, capsys, tmp_path):
    code, out, err = run(argv, capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and words in err, err


# --- YAML 1.1 surprises do not change meaning -------------------------------------------------


@pytest.mark.parametrize(
    "text, check",
    [
        ("id: 0123\n", lambda a: a.id == "0123"),
        ("id: 1229\n", lambda a: a.id == "1229"),
        ("id: 1_000\n", lambda a: a.id == "1_000"),
        ("id: 0x1F\n", lambda a: a.id == "0x1F"),
        ("id: 2023-01-01\n", lambda a: a.id == "2023-01-01"),
        ("id: A-1\nname: NO\n", lambda a: a.name == "NO"),
        ("id: yes\nname: off\n", lambda a: (a.id, a.name) == ("yes", "off")),
        ("id: A-1\nexperience:\n  - {start: 2023-01-01, class: 1229, range: 0123}\n", lambda a: (a.experience[0].class_, a.experience[0].range) == ("1229", "0123")),
        ("id: A-1\nexperience:\n  - {start: 2023-04, end: 2024-02}\n", lambda a: (str(a.experience[0].start), str(a.experience[0].end)) == ("2023-04-01", "2024-02-29")),
        ("id: 1.10\n", lambda a: a.id == "1.10"),
    ],
)
def test_values_stay_as_written(text, check):
    loaded = parse_applicants(text, "a.yaml")
    assert loaded.problems == []
    assert check(loaded.applicants[0])


def test_spec_codes_stay_strings(tmp_path):
    spec = (BAD / "specs" / "missing-series-id.yaml").read_text()
    spec = spec.replace("series:\n", "series:\n  id: t\n").replace('codes: {class: "0123"}', "codes: {class: 0123, schematic: NO}")
    (tmp_path / "t.yaml").write_text(spec)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.by_id["T-1"].codes == {"class": "0123", "schematic": "NO"}
    assert catalogue.find_class("0123").id == "T-1"


# --- the whole process, as a shell runs it ------------------------------------------------------


def test_one_line_no_traceback_in_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", "applicants/unknown-key.yaml", "applicants/binary.yaml"],
        cwd=BAD, capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    *problems, last = done.stderr.splitlines()
    assert problems == EXPECTED["applicants/unknown-key.yaml"] + EXPECTED["applicants/binary.yaml"]
    assert last == "2 files: 0 screened, 2 invalid"


# --- JSON Schemas for editors, from the same model that validates -------------------------------

SCHEMAS = REPO / "docs" / "schema"


@pytest.mark.parametrize("kind", ["applicant", "spec", "determinations", "policy"])
def test_committed_schema_is_what_merit_schema_prints(kind, capsys):
    code, out, err = run(["schema", kind], capsys)
    assert (code, err) == (0, "")
    assert (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8") == out, "run: merit schema {kind} > docs/schema/{kind}.schema.json"


def _refs(node, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        if "$ref" in node:
            found.append(node["$ref"])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
    return found


@pytest.mark.parametrize("kind", ["applicant", "spec", "determinations", "policy"])
def test_schema_references_resolve_and_close_every_record(kind):
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/")
    for ref in _refs(schema, []):
        assert ref.startswith("#/$defs/") and ref.split("/")[-1] in schema["$defs"], ref


def test_schema_knows_the_duty_vocabulary_and_the_keys():
    schema = json.loads((SCHEMAS / "applicant.schema.json").read_text(encoding="utf-8"))
    applicant = schema["$defs"]["applicant"]
    assert applicant["required"] == ["id"] and applicant["additionalProperties"] is False
    job = applicant["properties"]["experience"]["items"]
    assert job["properties"]["hours_per_week"]["maximum"] == 168
    assert "customer-service" in job["properties"]["duties"]["oneOf"][0]["items"]["anyOf"][0]["enum"]


def test_bundled_specs_name_the_committed_schema():
    for spec in bundled_specs_dir().glob("*.yaml"):
        if spec.name not in ("duties.yaml", "places.yaml"):
            first = spec.read_text(encoding="utf-8").splitlines()[0]
            assert first == "# yaml-language-server: $schema=../docs/schema/spec.schema.json", spec.name


@pytest.mark.slow
def test_files_valid_for_merit_are_valid_for_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    spec_schema = json.loads((SCHEMAS / "spec.schema.json").read_text(encoding="utf-8"))
    for spec in bundled_specs_dir().glob("*.yaml"):
        if spec.name not in ("duties.yaml", "places.yaml"):
            jsonschema.validate(json.loads(json.dumps(yaml_load(spec), default=str)), spec_schema)
    applicant_schema = json.loads((SCHEMAS / "applicant.schema.json").read_text(encoding="utf-8"))
    for sample in (REPO / "sample_applicants").glob("*.yaml"):
        jsonschema.validate(json.loads(json.dumps(yaml_load(sample), default=str)), applicant_schema)


@pytest.mark.parametrize(
    "field, value",
    [
        ("level", "high school"),
        ("level", "GED"),
        ("level", "Bachelor"),
        ("level", "Bachelor's"),
        ("level", "B.A."),
        ("level", "High School Diploma"),
        ("level", "Ph.D."),
        ("sector", "State"),
        ("duties", "customer service"),
    ],
)
def test_forms_merit_reads_are_valid_for_the_schema(field, value):
    """An editor using the schema accepts what merit accepts: any case, a space for a hyphen, synonyms."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "applicant.schema.json").read_text(encoding="utf-8"))
    if field == "level":
        record = {"id": "A-1", "education": [{"level": value}]}
    else:
        job = {"start": "2020-01-01", field: [value] if field == "duties" else value}
        record = {"id": "A-1", "experience": [job]}
    assert not parse_applicants(yaml.safe_dump(record), "a.yaml", Reading(load_catalogue(bundled_specs_dir()).terms)).problems
    jsonschema.validate(record, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "education": [{"level": "bachelour"}]}, schema)


def yaml_load(path: Path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_all_beside_a_class_is_refused_rather_than_one_dropped(capsys):
    code, out, err = run(["screen", str(ROOT / "sample_applicants" / "aisha-patel.yaml"), "--all", "-c", "1229"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "merit screen: error: --all screens every class and --class names some"
        " (expected one of them: --class 1229 for that class, --all for every class)\n"
    )


def test_version(capsys):
    from merit import __version__

    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out == f"merit {__version__}\n"


def test_every_problem_of_the_corpus_has_a_stable_code(capsys):
    """merit validate --format json gives each problem a code from its message's shape; none is left generic."""
    import json

    code, out, err = run(["validate", "--format", "json", *CORPUS], capsys)
    assert code == 2 and err == ""
    found = [json.loads(line) for line in out.splitlines()]
    assert len(found) >= sum(len(lines) for name, lines in EXPECTED.items() if name in CORPUS)  # and what files share (an id used twice)
    assert [f for f in found if f["code"] == "invalid"] == []
    assert {f["severity"] for f in found} == {"error"}


def test_every_problem_of_an_export_has_a_stable_code():
    """What merit import prints is named in docs/errors.md by a code of its own, as validate's lines are."""
    from merit.problems import code_of

    lines = [line for name in EXPORTS for line in EXPECTED[name]]
    assert [line for line in lines if code_of(line.split(": ", 1)[1]) in ("invalid", "warning")] == []


def test_github_annotations_name_the_file_line_and_code(capsys):
    code, out, _ = run(["validate", "--format", "github", "applicants/unknown-top-key.yaml"], capsys)
    assert code == 2
    assert out.splitlines() == [
        "::error file=applicants/unknown-top-key.yaml,line=2,col=1,title=merit unknown-key::unknown key 'nmae' in applicant; did you mean 'name'?"
    ]


def test_the_errors_page_is_what_the_corpus_prints():
    """docs/errors.md is generated from the corpus: run python tests/errors_doc.py > docs/errors.md."""
    sys.path.insert(0, str(BAD.parent))
    from errors_doc import render

    assert (BAD.parent.parent / "docs" / "errors.md").read_text(encoding="utf-8") == render()
