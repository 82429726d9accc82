"""-o FILE on a bad day: a read-only file, a full disk, a run killed outright, a specs directory.

Each is one plain line and exit 2, the old file is kept, and what a killed run left is cleared by the next.
"""

from __future__ import annotations

import fcntl
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import test_safety

one = test_safety.one  # the fixture: one applicant file in a directory of its own


def merit(*args: str, stdin=None, limit_bytes: int | None = None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    def limited() -> None:  # ulimit -f
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "merit", *args], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60,
        preexec_fn=limited if limit_bytes is not None else None,
    )


SCREEN = ("-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl", "--exit-zero")


# --- a read-only file is refused, as a shell's > refuses it --------------------------------------


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o440], ids=oct)
def test_a_read_only_output_file_is_refused_and_kept(tmp_path, one, mode):
    """merit renamed its temporary file over a 0444 file, which a shell's > refuses (and root's rm asks about)."""
    out = tmp_path / "results.jsonl"
    out.write_text("old\n")
    out.chmod(mode)
    done = merit("screen", str(one), *SCREEN, "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"merit screen: error: cannot write {out}: the file is read-only (expected a file you may write; it is left as it is)"
    ]
    assert out.read_text() == "old\n" and out.stat().st_mode & 0o777 == mode
    assert sorted(os.listdir(tmp_path)) == ["in", "results.jsonl"]


def test_a_writable_output_file_is_still_replaced(tmp_path, one):
    out = tmp_path / "results.jsonl"
    out.write_text("old\n")
    out.chmod(0o644)
    assert merit("screen", str(one), *SCREEN, "-o", str(out)).returncode == 0
    assert out.read_text().startswith('{"applicant": "A-1"')


# --- a full disk is the user's disk, not a fault of merit ----------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_to_a_full_device_is_one_plain_line(one):
    done = merit("screen", str(one), *SCREEN, "-o", "/dev/full")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "merit screen: error: cannot write /dev/full: No space left on device (expected room for the output on its disk)"
    ]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_standard_output_on_a_full_device_is_one_plain_line(one):
    with open("/dev/full", "w") as full:
        done = merit("screen", str(one), *SCREEN, stdout=full)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "merit screen: error: cannot write the output: No space left on device (expected room for it on its disk)"
    ]


def test_a_file_size_limit_keeps_the_old_file_and_leaves_no_temporary(tmp_path, one):
    """ulimit -f: the write fails with EFBIG (Python ignores SIGXFSZ), which printed 'internal error: OSError'."""
    out = tmp_path / "results.jsonl"
    out.write_text("old\n")
    done = merit("screen", str(one), *SCREEN, "-o", str(out), limit_bytes=1024)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"merit screen: error: cannot write {out}: File too large (expected room for the output on its disk; the old file is kept)"
    ]
    assert out.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["in", "results.jsonl"]


# --- what a killed run left beside its output is cleared by the next ------------------------------


def test_the_temporary_file_of_a_killed_run_is_removed_by_the_next_run(tmp_path, one):
    """SIGKILL leaves .NAME.XXXXXXXX.tmp (no cleanup can run); no later run removed it."""
    out = tmp_path / "results.jsonl"
    waiting = subprocess.Popen(  # reads standard input, which never ends: its temporary file is open meanwhile
        [sys.executable, "-m", "merit", "screen", "-", *SCREEN, "-o", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        end = time.monotonic() + 30
        while not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]:
            assert time.monotonic() < end and waiting.poll() is None, "no temporary file appeared"
            time.sleep(0.02)
        waiting.send_signal(signal.SIGKILL)
        waiting.wait(timeout=30)
    finally:
        if waiting.poll() is None:
            waiting.kill()
        waiting.stdin.close()
    [left] = [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
    assert left.startswith(".results.jsonl.")
    assert merit("screen", str(one), *SCREEN, "-o", str(out)).returncode == 0
    assert sorted(os.listdir(tmp_path)) == ["in", "results.jsonl"]


STALE = ".results.jsonl.k3j_9x2a.tmp"


def _held(path: Path):
    """A run still writing this temporary file: it holds its lock."""
    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


@pytest.mark.parametrize(
    "name, make, swept",
    [
        (STALE, "stale file", True),
        (STALE, "file a run holds locked", False),
        (STALE, "directory", False),
        (STALE, "symbolic link", False),
        (STALE, "another user's file", False),
        (".results.jsonl.backup.tmp", "stale file", False),  # not mkstemp's 8 characters
        ("results.jsonl.k3j_9x2a.tmp", "stale file", False),  # not hidden
        (".other.jsonl.k3j_9x2a.tmp", "stale file", False),  # another output's
        (".results.jsonl.k3j_9x2a.tmp.bak", "stale file", False),
    ],
)
def test_only_merits_own_unheld_temporary_files_of_this_output_are_swept(tmp_path, name, make, swept):
    from merit.output import sweep_temporaries

    left = tmp_path / name
    held = None
    if make == "directory":
        left.mkdir()
    elif make == "symbolic link":
        (tmp_path / "target").write_text("keep\n")
        left.symlink_to(tmp_path / "target")
    else:
        left.write_text("half a resu")
    if make == "another user's file":
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(left, 65534, 65534)
    if make == "file a run holds locked":
        held = _held(left)
    try:
        removed = sweep_temporaries(tmp_path, "results.jsonl")
    finally:
        if held is not None:
            os.close(held)
    assert removed == ([name] if swept else [])
    assert os.path.lexists(left) is not swept


# --- never into a specs directory in use ---------------------------------------------------------


@pytest.mark.parametrize("where", ["cases/x.cases.yaml", "cases/results.jsonl", "results.jsonl"])
def test_output_never_goes_into_the_specs_directory_in_use(tmp_path, one, where):
    """-o specs/cases/x.cases.yaml was accepted, and merit test then read the results as spec examples."""
    from merit.specs import bundled_specs_dir

    own = tmp_path / "specs"
    (own / "cases").mkdir(parents=True)
    for name in ("la-customer-service-specialist.yaml", "cases/la-customer-service-specialist.cases.yaml"):
        (own / name).write_bytes((bundled_specs_dir() / name).read_bytes())
    out = own / where
    done = merit("screen", str(one), "--specs", str(own), "--as-of", "2025-01-01", "-f", "jsonl", "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"merit screen: error: --output {out} is, or would be read as, a file of the specs directory in use"
        " (expected a file outside the specs directory)"
    ]
    assert not out.exists()
    assert merit("test", "--specs", str(own)).returncode == 0


@pytest.mark.parametrize("command", ["summary", "report"])
@pytest.mark.parametrize("where", ["cases/x.cases.yaml", "summary.txt"])
def test_summary_and_report_never_write_into_the_specs_directory_in_use(tmp_path, one, command, where):
    """What screen refuses, the commands that read its results refuse too: -o into the specs that --specs names."""
    from merit.specs import bundled_specs_dir

    own = tmp_path / "specs"
    (own / "cases").mkdir(parents=True)
    for name in ("la-customer-service-specialist.yaml", "cases/la-customer-service-specialist.cases.yaml"):
        (own / name).write_bytes((bundled_specs_dir() / name).read_bytes())
    results = tmp_path / "results.jsonl"
    assert merit("screen", str(one), "--specs", str(own), *SCREEN[2:], "-o", str(results)).returncode == 0
    out = own / where
    done = merit(command, str(results), "--specs", str(own), "-o", str(out))
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        2, f"merit {command}: error: --output {out} is, or would be read as, a file of the specs directory in use"
           " (expected a file outside the specs directory)")
    assert not out.exists()
    assert merit("test", "--specs", str(own)).returncode == 0
