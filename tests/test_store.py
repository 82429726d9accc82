"""The results store (docs/store.md): screening again with it writes the bytes a run without it
writes, whatever changed in between, and re-decides only what changed; a store file that is
damaged, foreign or busy is one warning and a full screening, and one that is not safe is refused."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from merit.app import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
AS_OF = "2026-11-01"
GRACE_POINT = "JI60/pattern-i/job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


class Office:
    """An office's files: applicants (the samples and copies of them under other ids, so that a pool
    has work to share), its own specs, determinations and a policy, and the options of its runs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.applicants = root / "applicants"
        self.applicants.mkdir()
        for f in sorted(SAMPLES.glob("*.yaml")):
            text = f.read_text()
            (self.applicants / f.name).write_text(text)
            (self.applicants / f"copy-{f.name}").write_text(re.sub(r"\bA-1", "B-1", text))
        self.specs = root / "specs"
        shutil.copytree(ROOT / "specs", self.specs)
        self.answers = root / "answers.yaml"
        self.answers.write_text("[]\n")
        self.policy = root / "policy.yaml"
        self.policy.write_text((ROOT / "examples" / "policy.yaml").read_text())
        self.store = root / "results.db"
        self.as_of = AS_OF

    def args(self, fmt: str, *more: str) -> list[str]:
        return [
            "screen", str(self.applicants), "--specs", str(self.specs), "-f", fmt, "--as-of", self.as_of,
            "-d", str(self.answers), "--policy", str(self.policy), "--exit-zero", *more,
        ]  # fmt: skip

    def decided(self) -> int:
        """How many results the last run decided (the rest it took from the store)."""
        with sqlite3.connect(self.store) as db:
            return db.execute("SELECT count(*) FROM decisions WHERE run = (SELECT max(run) FROM runs)").fetchone()[0]

    def series_decided(self) -> set[str]:
        with sqlite3.connect(self.store) as db:
            return {s for (s,) in db.execute("SELECT DISTINCT series FROM decisions WHERE run = (SELECT max(run) FROM runs)")}


def answer(office: Office, verdict: str) -> None:
    office.answers.write_text(
        f'- applicant: "A-1013"\n  point: "{GRACE_POINT}"\n  answer: {verdict}\n  by: A. Analyst\n  date: 2026-11-02\n  because: equivalent work\n'
    )


def stale_and_by_pattern(office: Office) -> None:
    """An answer no decision point asks for (not applied, and said so), and answers by pattern: one
    that settles points of many applicants, one that settles none."""
    office.answers.write_text(
        '- applicant: "A-1013"\n  point: "JI60/pattern-i/job-that-is-not-there"\n  answer: accept\n  by: A. Analyst\n  date: 2026-11-02\n  because: a\n'
        '- applicant: "*"\n  point: "MO-CS-*/otherwise"\n  answer: reject\n  by: A. Analyst\n  date: 2026-11-02\n  because: b\n'
        '- applicant: "Z-*"\n  point: "JI60/*"\n  answer: accept\n  by: A. Analyst\n  date: 2026-11-02\n  because: c\n'
    )


def edit_applicant(office: Office) -> None:
    path = office.applicants / "maria-lopez.yaml"
    path.write_text(path.read_text().replace("hours_per_week: 40", "hours_per_week: 20", 1) + "\n# edited\n")


def edit_spec(office: Office) -> None:
    path = office.specs / "mo-customer-service.yaml"
    text = path.read_text()
    assert "months: 24\n        typical_years: [2, 4]" in text
    path.write_text(text.replace("months: 24\n        typical_years: [2, 4]", "months: 36\n        typical_years: [3, 4]", 1))


def edit_policy(office: Office) -> None:
    office.policy.write_text(office.policy.read_text().replace("paid: true ", "paid: false"))


def later(office: Office) -> None:
    office.as_of = "2026-12-01"


# each step changes something a result depends on; (step, the change, how many results it may decide
# at most, or the one series whose results it decides again)
STEPS = [
    ("first run", None, None),
    ("nothing changed", None, 0),
    ("an analyst answers a question of one applicant", lambda o: answer(o, "accept"), 22),
    ("the answer changes", lambda o: answer(o, "reject"), 22),
    ("answers not applied, and answers by pattern", stale_and_by_pattern, None),
    ("nothing changed since", None, 0),
    ("answers as they were", lambda o: answer(o, "reject"), None),
    ("one applicant's file changes", edit_applicant, 22),
    ("one spec changes", edit_spec, "mo-customer-service"),
    ("the policy changes", edit_policy, None),
    ("the as-of date changes", later, None),
]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "tsv", "determinations"])
def test_each_change_gives_with_the_store_the_bytes_of_a_run_without_it(tmp_path, capsys, fmt):
    office = Office(tmp_path)
    for step, change, most in STEPS:
        if change is not None:
            change(office)
        without = run(office.args(fmt), capsys)
        kept = run(office.args(fmt, "--store", str(office.store)), capsys)
        assert kept == without, step
        assert "error:" not in without[2] and "missing" not in without[2], step  # every step screens
        if isinstance(most, int):
            assert office.decided() <= most, step
        elif most is not None and fmt != "determinations":  # that format writes an applicant's classes as one
            assert office.series_decided() == {most}, step


@pytest.mark.slow
def test_only_the_changed_results_are_decided_again(tmp_path, capsys):
    office = Office(tmp_path)
    run(office.args("jsonl", "--store", str(office.store)), capsys)
    with sqlite3.connect(office.store) as db:
        (screened,) = db.execute("SELECT count(*) FROM screenings").fetchone()
    assert screened > 30 and office.decided() == screened * 22  # 22 results each
    run(office.args("jsonl", "--store", str(office.store)), capsys)
    assert office.decided() == 0
    answer(office, "accept")
    run(office.args("jsonl", "--store", str(office.store)), capsys)
    assert office.decided() == 22  # Grace Lee's results, all of them (her answers are part of each key)
    edit_spec(office)
    assert run(office.args("jsonl", "--store", str(office.store)), capsys)[0] == 0
    assert office.series_decided() == {"mo-customer-service"}


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pool_of_workers_fills_and_reads_the_store_with_the_same_bytes(tmp_path, capsys, jobs):
    office = Office(tmp_path)
    without = run(office.args("jsonl"), capsys)
    for _ in range(2):
        assert run(office.args("jsonl", "--jobs", "2", "--store", str(office.store)), capsys) == without
    assert office.decided() == 0
    edit_spec(office)
    assert run(office.args("jsonl", "--jobs", jobs, "--store", str(office.store)), capsys) == run(office.args("jsonl"), capsys)


@pytest.mark.slow
def test_a_long_file_shared_by_the_workers_is_stored_by_slices(tmp_path, capsys):
    office = Office(tmp_path)
    one = office.root / "export.yaml"
    docs = []
    for k in range(300):
        for f in sorted(SAMPLES.glob("*.yaml"))[:3]:
            docs.append("---\n" + re.sub(r"\bA-1", f"C{k}-1", f.read_text()))
    one.write_text("".join(docs))
    assert one.stat().st_size > 256 * 1024
    args = ["screen", str(one), "-f", "jsonl", "--as-of", AS_OF, "--exit-zero", "--class", "JI60"]
    without = run(args, capsys)
    for jobs in ("2", "2", "1", "1"):
        assert run([*args, "-j", jobs, "--store", str(office.store)], capsys) == without


def test_standard_input_is_keyed_by_its_text(tmp_path):
    store = tmp_path / "results.db"
    text = (SAMPLES / "grace-lee.yaml").read_bytes()
    env = {**os.environ, "NO_COLOR": "1"}

    def screen(*more: str) -> bytes:
        args = [sys.executable, "-m", "merit", "screen", "-", "-f", "jsonl", "--as-of", AS_OF, "--class", "JI60", *more]
        return subprocess.run(args, input=text, capture_output=True, env=env, timeout=60).stdout

    without = screen()
    assert screen("--store", str(store)) == without
    assert screen("--store", str(store)) == without
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT reused FROM screenings ORDER BY run").fetchall() == [(0,), (1,)]
        assert db.execute("SELECT DISTINCT file FROM screenings").fetchall() == [("<stdin>",)]


def test_an_output_file_the_summary_and_quiet_runs_are_the_same_with_the_store(tmp_path, capsys):
    store = str(tmp_path / "results.db")
    grace = str(SAMPLES / "grace-lee.yaml")
    for more in (["-o", str(tmp_path / "out.csv")], ["--summary", "-f", "jsonl"], ["--quiet"]):
        args = ["screen", grace, str(SAMPLES / "county-fair-batch.yaml"), "--as-of", AS_OF, *more]
        without = run(args, capsys)
        saved = (tmp_path / "out.csv").read_bytes() if "-o" in more else None
        for _ in range(2):
            assert run([*args, "--store", store], capsys) == without
            assert saved is None or (tmp_path / "out.csv").read_bytes() == saved


def test_merit_store_names_the_store_and_no_store_turns_it_off(tmp_path, capsys, monkeypatch):
    store = tmp_path / "results.db"
    monkeypatch.setenv("MERIT_STORE", str(store))
    args = ["screen", str(SAMPLES / "grace-lee.yaml"), "-f", "jsonl", "--as-of", AS_OF, "--class", "JI60"]
    run([*args, "--no-store"], capsys)
    assert not store.exists()
    run(args, capsys)
    assert store.exists()


# --- a store file that cannot be trusted -------------------------------------------------------------


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def sql(path: Path, *statements: tuple) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        db.execute(*statement)
    db.close()


def other_layout(path: Path) -> None:
    sql(path, ("PRAGMA user_version = 99",))


def other_program(path: Path) -> None:
    path.unlink()
    sql(path, ("CREATE TABLE notes (text TEXT)",))


def text_file(path: Path) -> None:
    path.write_text("id: A-1\n")


def tampered_bodies(path: Path) -> None:
    sql(path, ("UPDATE results SET body = CAST('nonsense' AS BLOB)",))


def wrong_shape(path: Path) -> None:
    import zlib

    statuses = "JI60\x1f\x1feligible-ish\x1e"  # a status merit does not know, with a checksum that matches
    db = sqlite3.connect(path, isolation_level=None)
    for rowid, body in db.execute("SELECT rowid, body FROM results").fetchall():
        crc = zlib.adler32(body, zlib.adler32(statuses.encode()))
        db.execute("UPDATE results SET statuses = ?, extra = '', crc = ? WHERE rowid = ?", (statuses, crc, rowid))
    db.close()


# (what is wrong with the file, the warning, whether the file is left as it was)
DAMAGE = [
    (garbage, "is not a database", True),
    (truncated, "malformed", None),
    (other_layout, "of another merit (layout 99, expected 1)", True),
    (other_program, "is not a merit results store", True),
    (text_file, "is not a database", True),
    (tampered_bodies, None, None),
    (wrong_shape, None, None),
]


@pytest.mark.parametrize(("damage", "warning", "untouched"), DAMAGE, ids=[d[0].__name__ for d in DAMAGE])
def test_a_damaged_or_foreign_store_is_one_warning_and_a_full_screening(tmp_path, capsys, damage, warning, untouched):
    store = tmp_path / "results.db"
    args = ["screen", str(SAMPLES / "grace-lee.yaml"), str(SAMPLES / "county-fair-batch.yaml"), "-f", "jsonl", "--as-of", AS_OF]
    code, out, err = run(args, capsys)
    run([*args, "--store", str(store)], capsys)
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    damage(store)
    before = store.read_bytes()
    got = run([*args, "--store", str(store)], capsys)
    assert got[:2] == (code, out)
    if warning is None:
        assert got[2] == err
    else:
        (line,) = [x for x in got[2].splitlines() if x not in err.splitlines()]
        assert line.startswith(f"merit: warning: {store}: ") and warning in line and "screening without it" in line
    if untouched:
        assert store.read_bytes() == before


def test_a_store_another_run_keeps_busy_is_one_warning_and_the_same_bytes(tmp_path, capsys, monkeypatch):
    import merit.store

    store = tmp_path / "results.db"
    args = ["screen", str(SAMPLES / "grace-lee.yaml"), "-f", "jsonl", "--as-of", AS_OF]
    code, out, err = run(args, capsys)
    run([*args, "--store", str(store), "--class", "JI60"], capsys)
    monkeypatch.setattr(merit.store, "BUSY_MS", 200)
    other = sqlite3.connect(store, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run, writing
    try:
        got = run([*args, "--store", str(store)], capsys)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert got[:2] == (code, out)
    assert "another merit run kept the results store busy" in got[2]


@pytest.mark.slow
def test_two_runs_writing_one_store_at_once_both_write_the_same_bytes(tmp_path):
    store = tmp_path / "results.db"
    office = Office(tmp_path)
    env = {**os.environ, "NO_COLOR": "1"}
    base = [sys.executable, "-m", "merit", *office.args("jsonl")]
    without = subprocess.run(base, capture_output=True, env=env, timeout=120).stdout
    runs = [
        subprocess.Popen([*base, "--store", str(store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(2)
    ]
    for proc in runs:
        out, err = proc.communicate(timeout=120)
        assert out == without
        assert b"Traceback" not in err
    again = subprocess.run([*base, "--store", str(store)], capture_output=True, env=env, timeout=120)
    assert again.stdout == without
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM decisions WHERE run = (SELECT max(run) FROM runs)").fetchone()[0] == 0


def _link(path: Path) -> None:
    target = path.parent / "elsewhere.db"
    target.write_bytes(b"")
    path.symlink_to(target)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _writable_by_others(path: Path) -> None:
    path.write_bytes(b"")
    path.chmod(0o666)


def _another_users(path: Path) -> None:
    path.write_bytes(b"")
    os.chown(path, 65534, 65534)


HOSTILE = [
    (_link, "is a symbolic link"),  # it could lead anywhere: another user's file, a file merit must not write
    (_fifo, "is not a regular file"),
    (_writable_by_others, "can be written by other users"),
    pytest.param(
        _another_users,
        "belongs to another user",
        marks=pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away"),
    ),
]


@pytest.mark.parametrize(("make", "why"), HOSTILE, ids=["symlink", "fifo", "writable-by-others", "another-users"])
def test_a_store_file_that_is_not_safe_is_refused_in_one_line(tmp_path, capsys, make, why):
    store = tmp_path / "results.db"
    make(store)
    code, out, err = run(
        ["screen", str(SAMPLES / "grace-lee.yaml"), "-f", "jsonl", "--as-of", AS_OF, "--store", str(store)], capsys
    )
    assert code == 2 and out == ""
    assert err.startswith(f"merit screen: error: {store}: results store {why} (expected ") and err.endswith("); not used\n")
    assert err.count("\n") == 1


# --- the page: docs/store.md -------------------------------------------------------------------------

PAGE = ROOT / "docs" / "store.md"


def test_the_page_s_commands_fill_a_store_and_its_queries_run_on_it(tmp_path):
    text = PAGE.read_text(encoding="utf-8")
    (commands,) = [b for b in re.findall(r"```sh\n(.*?)```", text, re.S) if "--store" in b]
    queries = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(queries) >= 4
    (tmp_path / "sample_applicants").symlink_to(SAMPLES)
    env = {**os.environ, "NO_COLOR": "1"}
    outputs = []
    for line in commands.strip().splitlines():
        args = line.split()
        assert args[0] == "merit"
        done = subprocess.run([sys.executable, "-m", "merit", *args[1:]], cwd=tmp_path, capture_output=True, env=env, timeout=120)
        assert done.returncode in (0, 1) and b"warning" not in done.stderr
        outputs.append((tmp_path / "results.jsonl").read_bytes())
    assert outputs[0] == outputs[1]
    db = sqlite3.connect(tmp_path / "office-results.db")
    answers = [db.execute(query).fetchall() for query in queries]
    db.close()
    runs, history, last, _changed = answers[:4]
    assert [(r[0], r[4], r[5]) for r in runs] == [
        (2, 16, 16),
        (1, 16, 0),
    ]  # 16 applicants: the second run took every result from the store
    assert {row[2] for row in history} >= {"JI60"} and all(row[0] == 1 for row in history)
    assert len(last) == 16 and all(row[3] == 1 for row in last)


# --- keys: what a result's key digests --------------------------------------------------------------


def test_a_series_digests_the_same_built_or_read_back_from_the_cache_and_after_screening(tmp_path, monkeypatch):
    import datetime as dt

    import merit
    from merit.store import digest

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    built = merit.load_catalogue(tmp_path / "specs")  # built from the files (the cache is empty)
    cached = merit.load_catalogue(tmp_path / "specs")  # read back from the cache
    assert built is not cached
    before = [digest(s) for s in built.series]
    assert before == [digest(s) for s in cached.series]
    for f in sorted(SAMPLES.glob("*.yaml")):  # the engine fills what it finds once (Condition.stated)
        for a in merit.read_applicants(f, built).applicants:
            merit.screen(a, built, None, dt.date(2026, 11, 1), "jobs")
    assert [digest(s) for s in built.series] == before


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"a", "b", "c"}, {"c", "b", "a"}),  # a set is digested in a stable order, whatever the hash seed
        ([1, (2, "x")], [1, (2, "x")]),
    ],
)
def test_equal_values_digest_alike(one, other):
    from merit.store import digest

    assert digest(one) == digest(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [([1, 2], (1, 2)), ({"a": 1}, {"a": 1.0}), ("1", 1), (None, "None"), (["ab"], ["a", "b"])],
    ids=["list-tuple", "int-float", "text-number", "none-text", "joined-split"],
)
def test_different_values_digest_apart(one, other):
    from merit.store import digest

    assert digest(one) != digest(other)


def test_the_store_is_never_an_input_nor_the_output(tmp_path, capsys):
    empty = tmp_path / "applicants" / "new.yaml"  # an empty applicant file: SQLite would take it for a new store
    empty.parent.mkdir()
    empty.write_text("")
    grace = str(SAMPLES / "grace-lee.yaml")
    cases = [
        (
            ["screen", grace, str(empty.parent), "--store", str(empty)],
            f"--store {empty} is, or would be read as, an applicant file",
        ),
        (["screen", grace, "-o", str(tmp_path / "r.db"), "--store", str(tmp_path / "r.db")], "is the --store file"),
    ]
    for args, said in cases:
        code, out, err = run([*args, "--as-of", AS_OF], capsys)
        assert code == 2 and said in err and err.count("\n") == 1
    assert empty.read_text() == "" and not (tmp_path / "r.db").exists()


@pytest.mark.slow
def test_the_highest_level_of_a_series_is_the_same_when_some_of_its_levels_come_from_the_store(tmp_path, capsys):
    office = Office(tmp_path)
    args = office.args("jsonl", "--series", "mo-customer-service", "--class", "JI60")
    for change in (None, None, edit_spec, lambda o: answer(o, "accept")):
        if change is not None:
            change(office)
        assert run([*args, "--store", str(office.store)], capsys) == run(args, capsys)


def test_a_store_in_a_directory_that_does_not_exist_is_one_line(tmp_path, capsys):
    store = tmp_path / "no-such-directory" / "results.db"
    code, out, err = run(
        ["screen", str(SAMPLES / "grace-lee.yaml"), "-f", "jsonl", "--as-of", AS_OF, "--store", str(store)], capsys
    )
    assert (code, out) == (2, "")
    assert (
        err
        == f"merit screen: error: {store}: cannot make the results store: No such file or directory (expected a file in a directory you can write)\n"
    )
