"""Batches: results stream as they are decided, --jobs gives the same bytes as one process, and the progress bar stays off the pipe."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import SIX_MONTHS_TAX_TECHNICIAN_FILE
from merit import applicants as applicants_module
from merit import inputs as inputs_module
from merit.app import build_app
from merit.commands.screen import ScreenOptions, _progress, run_screen
from merit.env import Environment
from merit.pool import CHUNK

AS_OF = "2026-11-01"
PLACES = (
    ("state", "California", "Tax Technician, Franchise Tax Board", "B", "[customer-service, call-center]"),
    ("city", "Los Angeles", None, None, "[call-center, public-counter]"),
    ("city", "Philadelphia", None, None, "[billing, collections, investigation]"),
    ("state", "Montana", None, None, "[customer-service, policy-interpretation]"),
    ("private", None, None, None, "[customer-service]"),
)


def applicant(k: int) -> str:
    sector, place, cls, rng, duties = PLACES[k % len(PLACES)]
    lines = [f"id: B-{k:03d}", "education:", "  - level: twelfth-grade", "experience:", "  - title: Agent"]
    lines.append(f"    sector: {sector}")
    if place:
        lines.append(f"    jurisdiction: {place}")
    if cls:
        lines.append(f"    class: {cls}\n    range: {rng}")
    lines.append(f"    start: {2015 + k % 9}-0{1 + k % 9}-01")
    if k % 3:
        lines.append(f"    end: 2026-0{1 + k % 7}-15")
    if k % 4 == 0:
        lines.append("    hours_per_week: 20")
    lines.append(f"    duties: {duties}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """More files than one chunk, with a bad file and a duplicate id among them, so the pool is used."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for k in range(CHUNK * 3 + 5):
        (folder / f"a{k:03d}.yaml").write_text(applicant(k), encoding="utf-8")
    (folder / "a010-bad.yaml").write_text("id: X-1\nexperience: [{start: 2020-13-01}]\n", encoding="utf-8")
    (folder / "a020-again.yaml").write_text(applicant(3), encoding="utf-8")
    return folder


def screen(args: list[str], stdin: str | None = None):
    result = CliRunner().invoke(build_app(), ["screen", *args, "--as-of", AS_OF], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "json", "table"])
@pytest.mark.slow
def test_two_jobs_write_the_same_bytes_as_one(batch: Path, fmt: str):
    one = screen([str(batch), "--format", fmt, "--jobs", "1"])
    two = screen([str(batch), "--format", fmt, "--jobs", "2"])
    assert one == two
    assert one[0] == 2  # the bad file and the duplicate are reported; the rest are screened
    assert "duplicate applicant id 'B-003'" in one[2]


def _merit(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "merit", *args], capture_output=True, timeout=120, **kw)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
@pytest.mark.parametrize("into", ["file", "pipe"])
@pytest.mark.slow
def test_workers_text_reaches_a_real_file_or_pipe_whole_and_in_order(batch: Path, tmp_path: Path, fmt: str, into: str):
    """With --jobs the kernel copies the workers' text into the output; the bytes are those of one process,
    and the workers' files are gone afterwards."""
    spill = tmp_path / "tmp"
    spill.mkdir()
    env = {**os.environ, "TMPDIR": str(spill)}
    outputs = []
    for jobs in ("1", "2"):
        args = ["screen", str(batch), "--format", fmt, "--as-of", AS_OF, "--jobs", jobs]
        if into == "file":
            target = tmp_path / f"out-{jobs}.{fmt}"
            done = _merit([*args, "-o", str(target)], env=env)
            outputs.append((done.returncode, target.read_bytes(), done.stderr))
        else:
            done = _merit(args, env=env)
            outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 2 and b"duplicate applicant id 'B-003'" in outputs[0][2]
    if fmt == "json":
        assert len(json.loads(outputs[1][1])["results"]) > CHUNK * 3
    assert list(spill.iterdir()) == []


@pytest.mark.slow
def test_standard_input_keeps_its_place_among_files_with_jobs(batch: Path):
    files = sorted(str(p) for p in batch.glob("a0[0-4]*.yaml"))
    args = [*files[:20], "-", *files[20:], "--format", "jsonl", "--exit-zero"]
    one = screen([*args, "--jobs", "1"], stdin=applicant(900))
    two = screen([*args, "--jobs", "2"], stdin=applicant(900))
    assert one == two
    screened = [line for line in one[1].splitlines() if '"status": "error"' not in line]
    order = list(dict.fromkeys(line.split('"applicant": "')[1].split('"')[0] for line in screened))
    before = {Path(f).read_text().split()[1] for f in files[:20]} - {"X-1"}
    assert set(order[: order.index("B-900")]) == before


def test_results_are_written_before_the_next_file_is_read(batch: Path, monkeypatch):
    out = io.StringIO()
    seen_before_load: list[int] = []
    real = applicants_module.stream_file

    def stream_file(*args, **kwargs):
        seen_before_load.append(out.tell())
        return real(*args, **kwargs)

    monkeypatch.setattr(applicants_module, "stream_file", stream_file)
    env = Environment(stdout=out, stderr=io.StringIO(), stdout_isatty=False, stderr_isatty=False)
    run_screen(ScreenOptions(inputs=[str(batch)], format="jsonl", as_of=dt.date(2026, 11, 1), exit_zero=True), env)
    # each file's lines are out before the following file is loaded: output grows file by file
    assert seen_before_load[0] == 0 < seen_before_load[1]
    assert seen_before_load == sorted(seen_before_load)
    assert len(set(seen_before_load)) > len(seen_before_load) - 3  # only the bad file and the duplicate add nothing


@pytest.mark.parametrize(
    "isatty, ci, shown",
    [(False, False, False), (True, True, False), (True, False, True)],
    ids=["piped: no bar", "terminal in CI: no bar", "terminal: bar"],
)
def test_progress_bar_only_on_a_terminal_outside_ci(isatty: bool, ci: bool, shown: bool):
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), stdout_isatty=False, stderr_isatty=isatty, ci=ci)
    bar = _progress(env, 1000)
    assert (bar is not None) == shown
    if bar:
        bar.close()


def test_no_bar_for_a_few_files():
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), stderr_isatty=True, ci=False)
    assert _progress(env, 10) is None


def test_a_piped_batch_writes_nothing_but_problems_to_standard_error(batch: Path):
    code, _, err = screen([str(batch), "--format", "csv", "--jobs", "2"])
    *problems, last = err.splitlines()
    assert problems and all(line.startswith(str(batch)) for line in problems)
    assert last == "55 files: 53 screened, 2 invalid"


TAX_TECHNICIAN = SIX_MONTHS_TAX_TECHNICIAN_FILE
JOB_LINE = "2023-01-01 to 2023-06-30: 6 months (assumed: 40 hours a week, as the record does not say) = 6 months"


def _reasons(tree: list[dict]):
    for r in tree:
        yield r
        yield from _reasons(r["reasons"])


@pytest.mark.parametrize("explain", [False, True])
def test_every_reason_object_has_the_same_keys(explain: bool):
    """The contract's shape, leaves included: a script may read r["reasons"] on any reason."""
    code, out, _ = screen(["sample_applicants", "--format", "jsonl", "--exit-zero", *(["--explain"] if explain else [])])
    assert code == 0
    keys = {tuple(r) for line in out.splitlines() for r in _reasons(json.loads(line)["reasons"])}
    assert keys == {("requirement", "outcome", "detail", "citation", "reasons")}


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
@pytest.mark.parametrize("explain", [False, True])
def test_records_stop_at_requirements_unless_explain_asks_for_every_job(tmp_path: Path, fmt: str, explain: bool):
    path = tmp_path / "t1.yaml"
    path.write_text(TAX_TECHNICIAN, encoding="utf-8")
    code, out, _ = screen([str(path), "-c", "JI60", "--format", fmt, *(["--explain"] if explain else [])])
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else json.loads(out)["results"]
    (record,) = records
    reasons = {r["requirement"]: r for r in _reasons(record["reasons"])}
    pattern = reasons["Pattern I"]  # a requirement keeps its arithmetic and its citation
    assert pattern["outcome"] == "met"
    assert "6 of 6 months credited (100%)" in pattern["detail"]
    assert pattern["citation"].endswith("Minimum Qualifications, Pattern I")
    job_lines = [r for r in _reasons(record["reasons"]) if r["detail"].startswith(JOB_LINE)]
    assert bool(job_lines) is explain  # each job's months and why it counts: only with --explain


def test_csv_reasons_keep_the_arithmetic_of_each_requirement(tmp_path: Path):
    path = tmp_path / "t1.yaml"
    path.write_text(TAX_TECHNICIAN, encoding="utf-8")
    code, out, _ = screen([str(path), "-c", "JI60", "--format", "csv"])
    assert code == 0
    assert "Pattern I [met]: 6 months in California state service" in out
    assert "6 of 6 months credited (100%)" in out
    assert JOB_LINE not in out


def test_the_level_of_detail_never_changes_a_decision():
    from merit.api import screen_targets as screen_applicant
    from merit.applicants import Reading, load_file
    from merit.engine import JOBS, OUTCOMES, REQUIREMENTS
    from merit.specs import bundled_specs_dir, load_catalogue

    catalogue = load_catalogue(bundled_specs_dir())
    targets = [(c, catalogue.series_of(c)) for c in catalogue.classes]
    samples = Path(__file__).resolve().parent.parent / "sample_applicants"
    for path in sorted(samples.glob("*.yaml")):
        for a in load_file(path, Reading(catalogue.terms)).applicants:
            for as_of in (dt.date(2024, 1, 1), dt.date(2026, 11, 1)):
                seen = {
                    level: [
                        (d.cls, d.specialty, d.status, d.path, d.eligible_from)
                        for d in screen_applicant(a, targets, as_of, level)
                    ]
                    for level in (OUTCOMES, REQUIREMENTS, JOBS)
                }
                assert seen[OUTCOMES] == seen[REQUIREMENTS] == seen[JOBS], f"{path.name} {a.id} {as_of}"


def test_a_json_line_is_its_record_encoded():
    """json_line splices the encoded notes it shares between decisions; the text must not change."""
    from merit.api import screen_targets as screen_applicant
    from merit.applicants import Reading, load_file
    from merit.render.records import json_line, record
    from merit.specs import bundled_specs_dir, load_catalogue

    catalogue = load_catalogue(bundled_specs_dir())
    targets = [(c, catalogue.series_of(c)) for c in catalogue.classes]
    samples = Path(__file__).resolve().parent.parent / "sample_applicants"
    for path in sorted(samples.glob("*.yaml")):
        for a in load_file(path, Reading(catalogue.terms)).applicants:
            for d in screen_applicant(a, targets, dt.date(2026, 11, 1)):
                assert json_line(d, "x") == json.dumps(record(d, "x"), ensure_ascii=False)


def test_a_json_line_escapes_what_json_escapes():
    """Reasons carry what applicants wrote (titles, employers): quotes, backslashes, accents, control characters."""
    from merit.model.decisions import Decision, Reason
    from merit.render.records import json_line, record

    tricky = 'Agent "Senior" \\ Niño – 日本 \t\n\x01 \u2028'
    leaf = Reason(tricky, "met", tricky, tricky)
    decision = Decision(
        applicant=tricky, file="a.yaml", cls="JI60", specialty=None, status="eligible", path=tricky,
        eligible_from=None, reasons=[Reason("Minimum Qualifications", "met", tricky, "", [leaf]), Reason("Note", "note", tricky)],
        as_of=dt.date(2026, 11, 1), series="s", title=tricky,
    )
    line = json_line(decision)
    assert line == json.dumps(record(decision), ensure_ascii=False)
    assert json.loads(line)["reasons"][0]["reasons"][0]["detail"] == tricky


@pytest.mark.slow
def test_without_a_writable_temporary_directory_workers_send_their_text_back(batch: Path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    one = screen([str(batch), "--format", "jsonl", "--jobs", "1"])
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    assert screen([str(batch), "--format", "jsonl", "--jobs", "2"]) == one


def test_a_directory_named_twice_walks_the_inputs_again_once_not_once_per_duplicate(batch: Path, monkeypatch):
    """Every id of the second naming is a duplicate; finding each first place must not list the
    inputs again per duplicate (that made 100,000 duplicates take hours)."""
    walks = []
    real = inputs_module.expand

    def counted(inputs, *args, **kwargs):
        walks.append(inputs)
        return real(inputs, *args, **kwargs)

    monkeypatch.setattr(inputs_module, "expand", counted)
    code, out, err = screen([str(batch), str(batch), "-c", "JI60", "-f", "jsonl"])
    files = len(list(batch.iterdir()))
    assert err.count("duplicate applicant id") == files - 1 + 1  # the bad file has no id; a020-again twice
    assert f"(first at {batch / 'a000.yaml'}:1); skipped" in err
    # the batch's own walk, and one more each time a first place lies behind the last one found
    # (a020-again has a003's id): 4 however many files, where a walk per duplicate made 56 here
    assert len(walks) <= 4


def test_a_file_of_many_applicants_is_one_file_in_first_places_and_counts(tmp_path: Path):
    """A file of more than 64 applicants is screened in parts; a later duplicate still names it,
    and the closing count is of files, not parts."""
    (tmp_path / "a.yaml").write_text("".join(f"---\nid: A-{k}\n" for k in range(100)), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: B-1\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("id: A-80\n---\nid: B-1\n", encoding="utf-8")
    code, _, err = screen([str(tmp_path), "-c", "JI60", "-f", "jsonl"])
    assert code == 2
    assert f"c.yaml:1:1: duplicate applicant id 'A-80' (first at {tmp_path / 'a.yaml'}:162); skipped" in err
    assert f"c.yaml:3:1: duplicate applicant id 'B-1' (first at {tmp_path / 'b.yaml'}:1); skipped" in err
    assert err.endswith("3 files: 2 screened, 1 invalid\n")
