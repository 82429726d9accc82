"""Safety: hostile or broken input is refused with bounded memory, output is atomic, inputs are never written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from merit import yamlsafe
from merit.app import main
from merit.applicants import parse_applicants
from merit.env import Environment
from merit.output import open_output

BAD = Path(__file__).parent / "bad"
GOOD = "id: {}\nexperience:\n  - {{start: 2020-01-01, sector: state, jurisdiction: California, duties: [tax-compliance]}}\n"


def parse(text: str):
    return parse_applicants(text, "x.yaml")


def peak_memory(fn):
    """The value of fn() and the most memory it held (refusals must not build what they refuse)."""
    tracemalloc.start()
    try:
        value = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return value, peak


def test_the_c_safe_loader_is_used_when_present():
    if yaml.__with_libyaml__:
        assert yamlsafe.Loader is yaml.CSafeLoader
    assert issubclass(yamlsafe.Loader, (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def test_alias_bomb_is_refused_with_bounded_memory():
    text = (BAD / "applicants" / "alias-bomb.yaml").read_text()
    loaded, peak = peak_memory(lambda: parse(text))
    assert peak < 5_000_000
    assert [p.message for p in loaded.problems] == ["YAML alias *a is not allowed (expected the value written out in full)"]


def test_a_large_alias_bomb_is_refused_with_the_same_bounded_memory():
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 40)]
    loaded, peak = peak_memory(lambda: parse("\n".join(lines)))
    assert peak < 5_000_000
    assert loaded.problems[0].message.startswith("YAML alias *a0 is not allowed")


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 100_000 + "]" * 100_000,
        "x: " + "{a: " * 50_000 + "1" + "}" * 50_000,
        "- " * 20_000 + "x",
        "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n",
    ],
    ids=["flow lists", "flow mappings", "block lists", "indented mappings"],
)
def test_deep_nesting_is_an_error_not_a_crash(text):
    loaded = parse("id: A-1\n" + text if not text.startswith("-") else text)
    assert len(loaded.problems) == 1
    assert "nested more than 64 levels deep" in loaded.problems[0].message
    assert loaded.problems[0].line >= 1 and loaded.problems[0].column >= 1


def test_nesting_within_the_limit_is_fine():
    text = "id: A-1\nexperience:\n  - {start: 2020-01-01, duties: [customer-service]}\n"
    assert parse(text).problems == []


def test_deep_nesting_in_a_real_process_does_not_crash(tmp_path):
    f = tmp_path / "deep.yaml"
    f.write_text("id: A-1\nx: " + "[" * 100_000 + "]" * 100_000)
    done = subprocess.run([sys.executable, "-m", "merit", "validate", "-q", str(f)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr == f"{f}:2:67: nested more than 64 levels deep (expected at most 64 levels)\n"


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(yamlsafe.MAX_BYTES + 1)  # sparse: no time or disk spent
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "-q", str(big)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err == f"{big}:1:1: file is {yamlsafe.MAX_BYTES + 1:,} bytes (expected at most {yamlsafe.MAX_BYTES:,})\n"


def test_standard_input_has_the_size_cap_too():
    text, problems = yamlsafe.read_text("<stdin>", b"x" * (yamlsafe.MAX_BYTES + 1))
    assert text is None and "expected at most" in problems[0].message


def test_tags_that_would_construct_objects_are_refused():
    loaded = parse("id: !!python/object/apply:os.system ['echo hi']\n")
    assert loaded.applicants == []
    assert loaded.problems[0].message.startswith("id: found a list")
    loaded = parse("id: !!python/name:os.system x\n")
    assert loaded.problems[0].message == "id: tag !!python/name:os.system is not allowed (expected text)"


# --- batches and output --------------------------------------------------------------------------


def digest(directory: Path) -> dict[str, tuple[str, int]]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in directory.iterdir()}


def test_input_files_are_never_written(tmp_path, capsys):
    for i in range(3):
        (tmp_path / f"a{i}.yaml").write_text(GOOD.format(f"A-{i}"))
    (tmp_path / "bad.yaml").write_bytes((BAD / "applicants" / "every-problem-reported.yaml").read_bytes())
    before = digest(tmp_path)
    for argv in (["screen", str(tmp_path), "--as-of", "2025-01-01"], ["validate", str(tmp_path)]):
        with pytest.raises(SystemExit):
            main(argv)
    capsys.readouterr()
    assert digest(tmp_path) == before


def test_output_file_is_written_whole(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text(GOOD.format("A-1"))
    out = tmp_path / "out" / "results.csv"
    out.parent.mkdir()
    out.write_text("old results\n")
    with pytest.raises(SystemExit) as exit_:
        main(["screen", str(tmp_path / "a.yaml"), "-c", "JI60", "--as-of", "2025-01-01", "-f", "csv", "-o", str(out), "--exit-zero"])
    assert exit_.value.code == 0
    assert out.read_text().startswith("applicant,file,class,")
    assert os.listdir(out.parent) == ["results.csv"]


@pytest.mark.parametrize("old_mode", [None, 0o644, 0o640])
def test_output_file_gets_the_mode_a_shell_redirection_would(tmp_path, old_mode):
    """A new file: what the umask allows (not the 0600 of a temporary file); a replaced file: its own mode."""
    out = tmp_path / "results.jsonl"
    if old_mode is not None:
        out.write_text("old\n")
        out.chmod(old_mode)
    umask = os.umask(0o022)
    try:
        with open_output(str(out), Environment()) as stream:
            stream.write("new\n")
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == (0o644 if old_mode is None else old_mode)


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "results.jsonl"
    out.write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        with open_output(str(out), Environment()) as stream:
            stream.write("half a resu")
            raise KeyboardInterrupt
    assert out.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["results.jsonl"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_output_to_a_special_file_writes_to_it_and_never_replaces_it(tmp_path):
    """-o /dev/null or a FIFO is written to in place; renaming a temporary over it would replace the device."""
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    with open_output(str(fifo), Environment()) as stream:
        stream.write("a line\n")
    assert reader.communicate(timeout=10)[0] == b"a line\n"
    assert fifo.is_fifo()
    assert os.listdir(tmp_path) == ["results.fifo"]


# --- the process: pipes, Ctrl-C, tracebacks ------------------------------------------------------


@pytest.fixture
def batch(tmp_path) -> Path:
    for i in range(200):
        (tmp_path / f"a{i:03}.yaml").write_text(GOOD.format(f"A-{i}"))
    return tmp_path


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this platform")
def test_a_closed_pipe_ends_quietly(batch):
    proc = subprocess.Popen(
        [sys.executable, "-m", "merit", "screen", str(batch), "--as-of", "2025-01-01", "-f", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline().startswith(b'{"applicant"')
    proc.stdout.close()  # what | head -1 does
    err = proc.stderr.read()
    proc.wait(timeout=30)
    assert err == b""
    assert proc.returncode in (-signal.SIGPIPE, 0)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_without_a_traceback():
    proc = subprocess.Popen(
        [sys.executable, "-m", "merit", "screen", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    time.sleep(1.0)  # started, and waiting for standard input
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert err.decode().strip() in ("merit: interrupted", "")


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback(monkeypatch, capsys, tmp_path):
    import merit.commands.screen as screen

    def broken(opts, env):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(screen, "run_screen", broken)
    with pytest.raises(SystemExit) as exit_:
        main(["screen", "x.yaml"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        "merit: internal error: RuntimeError: engine exploded (run with --debug for the traceback)\n"
    )
    with pytest.raises(RuntimeError):
        main(["--debug", "screen", "x.yaml"])


def test_start_up_imports_nothing_heavy():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "merit", "--help"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    for heavy in ("yaml", "rich", "merit.schema", "merit.specs", "merit.validate", "merit.engine", "json", "multiprocessing"):
        assert heavy not in modules, f"{heavy} is imported by merit --help"


# --- -o follows the shell's `>` and never writes an input ---------------------------------------


def screen_to(out: Path | str, *inputs: Path | str, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", *map(str, inputs), "-c", "JI60", "--as-of", "2025-01-01",
         "-f", "jsonl", "--exit-zero", "-o", str(out), *extra],
        capture_output=True, text=True, timeout=60,
    )
    return done.returncode, done.stderr


@pytest.fixture
def one(tmp_path) -> Path:
    applicant = tmp_path / "in" / "a.yaml"
    applicant.parent.mkdir()
    applicant.write_text(GOOD.format("A-1"))
    return applicant


def test_output_through_a_link_writes_the_file_it_names(tmp_path, one):
    """The link was replaced by a new file and the file it named kept its old content."""
    results = tmp_path / "results.jsonl"
    results.write_text("old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(results)
    assert screen_to(link, one) == (0, "")
    assert link.is_symlink() and os.readlink(link) == str(results)
    assert results.read_text().startswith('{"applicant": "A-1"')
    assert sorted(os.listdir(tmp_path)) == ["in", "latest.jsonl", "results.jsonl"]


def test_output_to_a_dangling_link_creates_the_file_it_names(tmp_path, one):
    link = tmp_path / "latest.jsonl"
    link.symlink_to(tmp_path / "new.jsonl")
    assert screen_to(link, one) == (0, "")
    assert link.is_symlink() and (tmp_path / "new.jsonl").read_text().startswith('{"applicant": "A-1"')


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd")
def test_output_to_an_open_descriptor_writes_it_in_place(tmp_path, one):
    """-o /dev/stdout with standard output redirected to a file: renaming a temporary file over
    /dev/stdout replaced the machine's /dev/stdout (as root). A link of our own stands in for it."""
    stdout = tmp_path / "stdout-link"
    stdout.symlink_to("/proc/self/fd/1")
    captured = tmp_path / "captured.jsonl"
    with open(captured, "w") as f:
        done = subprocess.run(
            [sys.executable, "-m", "merit", "screen", str(one), "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl", "-o", str(stdout), "--exit-zero"],
            stdout=f, stderr=subprocess.PIPE, text=True, timeout=60,
        )
    assert (done.returncode, done.stderr) == (0, "")
    assert stdout.is_symlink()
    assert captured.read_text().startswith('{"applicant": "A-1"')
    assert sorted(os.listdir(tmp_path)) == ["captured.jsonl", "in", "stdout-link"]


def _specs_copy(tmp_path: Path) -> Path:
    from merit.specs import bundled_specs_dir

    own = tmp_path / "specs"
    own.mkdir()
    (own / "la.yaml").write_bytes((bundled_specs_dir() / "la-customer-service-specialist.yaml").read_bytes())
    return own


@pytest.mark.parametrize(
    "where",
    ["spec file", "new file in the specs directory", "hard link of a spec file", "hard link of an applicant file",
     "upper-case name in an input directory", "file given on standard input"],
)
def test_output_never_names_an_input(tmp_path, one, where):
    own = _specs_copy(tmp_path)
    spec = own / "la.yaml"
    out = {
        "spec file": spec,
        "new file in the specs directory": own / "results.yaml",
        "hard link of a spec file": tmp_path / "spec-link.jsonl",
        "hard link of an applicant file": tmp_path / "applicant-link.jsonl",
        "upper-case name in an input directory": one.parent / "RESULTS.YAML",
        "file given on standard input": one,
    }[where]
    if where == "hard link of a spec file":
        os.link(spec, out)
    if where == "hard link of an applicant file":
        os.link(one, out)
    before = {p: p.read_bytes() for p in (spec, one)}
    inputs = ["-"] if where == "file given on standard input" else [one.parent if "input directory" in where else one]
    with open(one) as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "merit", "screen", *map(str, inputs), "--specs", str(own), "-f", "jsonl", "-o", str(out)],
            stdin=stdin, capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 2
    what = "a class spec file" if "spec" in where else "an applicant file"
    assert done.stderr.splitlines() == [
        f"merit screen: error: --output {out} is, or would be read as, {what} (expected a file outside "
        f"{'the specs directory' if 'spec' in where else 'the inputs'})"
    ]
    assert {p: p.read_bytes() for p in (spec, one)} == before


def test_output_never_keeps_a_setuid_or_setgid_bit(tmp_path, one):
    out = tmp_path / "results.jsonl"
    out.write_text("old\n")
    out.chmod(0o6755)
    assert screen_to(out, one) == (0, "")
    assert out.stat().st_mode & 0o7777 == 0o755


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to write another user's file")
def test_output_keeps_the_owner_of_the_file_it_replaces(tmp_path, one):
    """Root writing a user's results file took it over; a shell redirection leaves it the user's."""
    out = tmp_path / "results.jsonl"
    out.write_text("old\n")
    os.chown(out, 65534, 65534)
    assert screen_to(out, one) == (0, "")
    assert (out.stat().st_uid, out.stat().st_gid) == (65534, 65534)


# --- signals, workers and what they leave behind ------------------------------------------------


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory) -> Path:
    """Enough applicants that a run is still going a second after it starts."""
    folder = tmp_path_factory.mktemp("big")
    sample = (Path(__file__).resolve().parent.parent / "sample_applicants" / "maria-lopez.yaml").read_text()
    head, rest = sample.split("\nid: ", 1)
    rest = rest.split("\n", 1)[1]
    for i in range(4000):
        (folder / f"a{i:04}.yaml").write_text(f"{head}\nid: B-{i}\n{rest}")
    return folder


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def gone(pids: list[int], seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        alive = []
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return True
        time.sleep(0.1)
    return False


def wait_for(condition, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(signal, "SIGHUP"), reason="POSIX signals and /proc")


@needs_proc
@pytest.mark.parametrize("signum, jobs", [(signal.SIGTERM, "1"), (signal.SIGHUP, "1"), (signal.SIGTERM, "2")])
@pytest.mark.slow
def test_sigterm_and_sighup_clean_up_like_ctrl_c(tmp_path, big_batch, signum, jobs):
    """A stopped run left its .tmp beside the output, and with --jobs its workers and spill directory."""
    out = tmp_path / "out" / "results.jsonl"
    out.parent.mkdir()
    out.write_text("old\n")
    spills = tmp_path / "tmp"
    spills.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "merit", "screen", str(big_batch), "-f", "jsonl", "--as-of", "2025-01-01", "--jobs", jobs, "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": str(spills)},
    )
    wait_for(lambda: len(os.listdir(out.parent)) == 2 and (jobs == "1" or len(children(proc.pid)) == 2))
    workers = children(proc.pid)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum
    assert err.decode().splitlines() == [f"merit: interrupted by {signal.Signals(signum).name}"]
    assert os.listdir(out.parent) == ["results.jsonl"] and out.read_text() == "old\n"
    assert gone(workers)
    assert os.listdir(spills) == []


@needs_proc
@pytest.mark.slow
def test_a_reader_that_stops_leaves_no_worker_and_no_spill_directory(tmp_path, big_batch):
    """| head -1 with --jobs 2 left workers running under init and a spill directory on every run."""
    spills = tmp_path / "tmp"
    spills.mkdir()
    err = tmp_path / "stderr"
    with open(err, "wb") as stderr:  # a file: a worker left behind would keep a pipe open for ever
        proc = subprocess.Popen(
            [sys.executable, "-m", "merit", "screen", str(big_batch), "-f", "jsonl", "--as-of", "2025-01-01", "--jobs", "2"],
            stdout=subprocess.PIPE, stderr=stderr, env={**os.environ, "TMPDIR": str(spills)},
        )
    assert proc.stdout.readline().startswith(b'{"applicant"')
    workers = children(proc.pid)
    proc.stdout.close()
    proc.wait(timeout=30)
    assert err.read_bytes() == b""
    assert proc.returncode == -signal.SIGPIPE
    assert workers and gone(workers)
    assert os.listdir(spills) == []


_PARENT = 0
_REAL_CHUNK = None


def _killed_on_a020(chunk):
    """A worker's chunk as the system would end it: the worker holding a020.yaml is killed."""
    if os.getpid() != _PARENT and any(label.endswith("a020.yaml") for label, _ in chunk):
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_CHUNK(chunk)


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGALRM"), reason="a forked worker inherits the patched function")
@pytest.mark.slow
def test_a_worker_killed_mid_batch_costs_no_record_and_no_hang(tmp_path, capsys, monkeypatch):
    """A worker the system kills (out of memory) never answered, and the batch waited for ever."""
    from merit import pool as screen_module

    files = batch_of(tmp_path / "in", 60)
    monkeypatch.setattr(sys.modules[__name__], "_PARENT", os.getpid())
    monkeypatch.setattr(sys.modules[__name__], "_REAL_CHUNK", screen_module._screen_chunk)
    monkeypatch.setattr(screen_module, "_screen_chunk", _killed_on_a020)
    out = tmp_path / "out.jsonl"

    def hung(*_):
        raise TimeoutError("the batch still waits for the killed worker's chunk")

    before = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        with pytest.raises(SystemExit):
            main(["screen", "-o", str(out), "--as-of", "2026-11-01", "--jobs", "2", "--exit-zero", str(tmp_path / "in")])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    err = capsys.readouterr().err
    assert out.exists(), err
    records = [json.loads(line)["file"] for line in out.read_text().splitlines()]
    assert list(dict.fromkeys(records)) == [str(f) for f in files]  # every applicant, in order
    assert len(records) == 60 * records.count(str(files[0]))  # each with every class
    assert "merit: warning: a --jobs worker process ended unexpectedly; the rest of the batch is screened in this process" in err


@pytest.mark.slow
def test_a_pool_found_broken_when_a_chunk_is_handed_over_loses_no_chunk(tmp_path, capsys, monkeypatch):
    """A pool already broken when the next chunk was handed over lost that chunk's records."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    files = batch_of(tmp_path / "in", 60)
    real, handed = ProcessPoolExecutor.submit, []

    def submit(self, *args, **kwargs):
        handed.append(args)
        if len(handed) == 2:
            raise BrokenProcessPool("a worker ended")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit):
        main(["screen", "-o", str(out), "--as-of", "2026-11-01", "--jobs", "2", "--exit-zero", "-c", "JI60", str(tmp_path / "in")])
    err = capsys.readouterr().err
    assert [json.loads(line)["file"] for line in out.read_text().splitlines()] == [str(f) for f in files]
    assert "merit: warning: a --jobs worker process ended unexpectedly" in err


def _disk_full_after(writes: int):
    """os.write as a worker sees it on a temporary directory that fills up after ``writes`` writes."""
    done = []

    def write(fd, data):
        if os.getpid() != _PARENT and len(done) >= writes:
            import errno

            raise OSError(errno.ENOSPC, "No space left on device")
        done.append(fd)
        return os.write(fd, data)

    return write


def _no_room(real):
    """A tempfile function that fails as on a full disk (in a worker only, for mkstemp: -o makes its own)."""

    def made(*args, **kwargs):
        import errno

        if real.__name__ == "mkdtemp" or os.getpid() != _PARENT:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    return made


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a forked worker inherits the patched function")
@pytest.mark.parametrize(
    "full",
    ["before the first spill file", "after a few pieces of text", "when the spill directory is made", "when a spill file is made"],
)
@pytest.mark.slow
def test_a_full_temporary_directory_while_spilling_keeps_every_record_in_order(tmp_path, capsys, monkeypatch, full):
    """With TMPDIR full, -j 2 died with 'internal error: OSError: [Errno 28]' and wrote nothing."""
    import tempfile

    from merit import pool

    batch_of(tmp_path / "in", 60)
    monkeypatch.setattr(sys.modules[__name__], "_PARENT", os.getpid())
    monkeypatch.setattr(pool, "SPILL_BUFFER", 1)  # every applicant's text is written as it comes
    if full == "before the first spill file":
        monkeypatch.setattr(pool, "_write", _disk_full_after(0))
    elif full == "after a few pieces of text":
        monkeypatch.setattr(pool, "_write", _disk_full_after(3))
    elif full == "when the spill directory is made":
        monkeypatch.setattr(tempfile, "mkdtemp", _no_room(tempfile.mkdtemp))
    else:
        monkeypatch.setattr(tempfile, "mkstemp", _no_room(tempfile.mkstemp))
    args = ["screen", "--as-of", "2026-11-01", "--exit-zero", str(tmp_path / "in")]
    with pytest.raises(SystemExit) as exit_:
        main([*args, "-o", str(tmp_path / "two.jsonl"), "--jobs", "2"])
    assert exit_.value.code == 0, capsys.readouterr().err
    monkeypatch.undo()
    with pytest.raises(SystemExit):
        main([*args, "-o", str(tmp_path / "one.jsonl")])
    assert capsys.readouterr().err == ""
    one = (tmp_path / "one.jsonl").read_text()
    assert len(one.splitlines()) > 60
    assert (tmp_path / "two.jsonl").read_text() == one


@needs_proc
@pytest.mark.slow
def test_workers_die_with_a_killed_parent_and_the_next_run_sweeps_its_spills(tmp_path, big_batch):
    spills = tmp_path / "tmp"
    spills.mkdir()
    env = {**os.environ, "TMPDIR": str(spills)}
    args = [sys.executable, "-m", "merit", "screen", str(big_batch), "-f", "jsonl", "--as-of", "2025-01-01", "--jobs", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wait_for(lambda: len(children(proc.pid)) == 2 and os.listdir(spills))
    workers = children(proc.pid)
    proc.kill()
    proc.wait(timeout=30)
    assert gone(workers)
    left = os.listdir(spills)
    assert len(left) == 1 and left[0].startswith(f"merit-spill-{proc.pid}-")
    some = sorted(big_batch.iterdir())[:40]
    done = subprocess.run([*args[:4], *map(str, some), *args[5:]], capture_output=True, env=env, timeout=60)
    assert done.returncode in (0, 1)
    assert os.listdir(spills) == []


def test_jobs_are_capped_at_the_processors(tmp_path, capsys, monkeypatch):
    from merit.commands import screen

    monkeypatch.setattr(screen, "usable_cpus", lambda: 2)
    for i in range(3):
        (tmp_path / f"a{i}.yaml").write_text(GOOD.format(f"A-{i}"))
    with pytest.raises(SystemExit) as exit_:
        main(["screen", str(tmp_path), "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl", "--jobs", "500", "--exit-zero"])
    assert exit_.value.code == 0
    out, err = capsys.readouterr()
    assert err == "merit screen: warning: --jobs 500 is more than the 2 processors here; using 2\n"
    assert len(out.splitlines()) == 3


# --- one odd file or applicant never aborts a batch ---------------------------------------------


def batch_of(folder: Path, count: int, prefix: str = "A") -> list[Path]:
    folder.mkdir(exist_ok=True)
    files = []
    for i in range(count):
        files.append(folder / f"a{i:03}.yaml")
        files[-1].write_text(GOOD.format(f"{prefix}-{i}"))
    return files


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_applicant_merit_cannot_screen_is_one_line_and_the_batch_goes_on(tmp_path, capsys, monkeypatch, jobs):
    """An exception while screening one applicant ended the run ('merit: internal error', no file
    name), and with --jobs lost the rest of its chunk."""
    from merit import engine

    real = engine.screen_applicant

    def fragile(applicant, *args):
        if applicant.id == "A-20":
            raise OverflowError("date value out of range")
        return real(applicant, *args)

    monkeypatch.setattr(engine, "screen_applicant", fragile)
    batch_of(tmp_path / "in", 40)
    with pytest.raises(SystemExit) as exit_:
        main(["screen", str(tmp_path / "in"), "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl", "--jobs", jobs, "--exit-zero"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert err.splitlines() == [
        f"{tmp_path / 'in' / 'a020.yaml'}:1:1: internal error screening this applicant: OverflowError: date value out of range"
        " (run with --debug for the traceback)",
        "40 files: 39 screened, 1 invalid",
    ]
    assert len([line for line in out.splitlines() if '"status": "error"' not in line]) == 39


def test_a_file_merit_cannot_read_is_one_line_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    from merit import applicants

    real = applicants.stream_applicants

    def fragile(text, path, *args):
        if path.endswith("a005.yaml"):
            raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
        return real(text, path, *args)

    monkeypatch.setattr(applicants, "stream_applicants", fragile)
    batch_of(tmp_path / "in", 20)
    with pytest.raises(SystemExit) as exit_:
        main(["screen", str(tmp_path / "in"), "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl", "--jobs", "2", "--exit-zero"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2
    assert err == (
        f"{tmp_path / 'in' / 'a005.yaml'}:1:1: internal error reading this file: ValueError: Exceeds the limit"
        " (4300 digits) for integer string conversion (run with --debug for the traceback)\n"
        "20 files: 19 screened, 1 invalid\n"
    )
    assert len([line for line in out.splitlines() if '"status": "error"' not in line]) == 19


def test_debug_shows_the_traceback_of_an_applicant_merit_cannot_screen(tmp_path, monkeypatch):
    from merit import engine

    monkeypatch.setattr(engine, "screen_applicant", lambda *a: (_ for _ in ()).throw(OverflowError("boom")))
    batch_of(tmp_path / "in", 1)
    with pytest.raises(OverflowError):
        main(["--debug", "screen", str(tmp_path / "in"), "-c", "JI60", "-f", "jsonl"])


def test_a_december_9999_end_is_a_date_not_a_crash():
    """end: 9999-12 meant 'the day before 10000-01-01', which Python cannot make."""
    for key in ("end", "expires"):
        where = "experience:\n  - {start: 2020-01, end: 9999-12}" if key == "end" else "licenses:\n  - {kind: x, expires: 9999-12}"
        loaded = parse(f"id: A-1\n{where}\n")
        assert loaded.problems == []


def test_a_directory_merit_cannot_list_is_one_line_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    batch_of(tmp_path / "in", 2)
    closed = tmp_path / "in" / "b-closed"
    batch_of(closed, 1, "B")
    batch_of(tmp_path / "in" / "c-open", 1, "C")
    real = os.scandir

    def scandir(path="."):
        if str(path) == str(closed):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root may list any directory, so chmod 000 would not do
    for command in (["screen", "-c", "JI60", "--as-of", "2025-01-01", "-f", "jsonl"], ["validate", "-q"]):
        with pytest.raises(SystemExit) as exit_:
            main([command[0], str(tmp_path / "in"), *command[1:]])
        out, err = capsys.readouterr()
        assert exit_.value.code == 2
        assert err.splitlines()[0] == f"{closed}:1:1: cannot read this directory: Permission denied (expected a directory merit may list)"
        if command[0] == "screen":
            assert [line.split('"')[3] for line in out.splitlines() if '"status": "error"' not in line] == ["A-0", "A-1", "C-0"]


def test_a_link_loop_in_an_input_directory_is_one_line_and_the_batch_goes_on(tmp_path, capsys):
    """A link to a directory above walked for ever (or to the path-length limit) and ended the run."""
    batch_of(tmp_path / "in", 1)
    sub = tmp_path / "in" / "sub"
    batch_of(sub, 1, "S")
    (sub / "up").symlink_to("..")
    (tmp_path / "in" / "x").symlink_to(tmp_path / "in" / "y")
    (tmp_path / "in" / "y").symlink_to(tmp_path / "in" / "x")
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "-q", str(tmp_path / "in")])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{sub / 'up'}:1:1: a symbolic link loop: it leads back to a directory above it (expected a directory of applicant files)",
        f"{tmp_path / 'in' / 'x'}:1:1: a symbolic link loop (expected a file or directory of applicants)",
        f"{tmp_path / 'in' / 'y'}:1:1: a symbolic link loop (expected a file or directory of applicants)",
    ]


def test_a_fifo_named_as_an_applicant_file_in_a_directory_is_reported_not_read(tmp_path, capsys):
    """A FIFO named x.yaml in an input directory was passed over without a word; a link to one would
    have been waited on for ever. Each is one line in its place, and the batch goes on."""
    batch_of(tmp_path / "in", 1)
    os.mkfifo(tmp_path / "in" / "x.yaml")
    (tmp_path / "in" / "y.yaml").symlink_to(tmp_path / "in" / "x.yaml")
    (tmp_path / "in" / "notes").symlink_to(tmp_path / "in" / "x.yaml")  # not an applicant name: none of merit's
    with pytest.raises(SystemExit) as exit_:
        main(["screen", "-f", "jsonl", "--as-of", "2026-11-01", str(tmp_path / "in")])
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    why = "not a regular file (a FIFO, socket or device), not read (expected an applicant file)"
    assert err.splitlines()[:2] == [f"{tmp_path / 'in' / name}:1:1: {why}" for name in ("x.yaml", "y.yaml")]
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in records if r["status"] == "error"] == [str(tmp_path / "in" / n) for n in ("x.yaml", "y.yaml")]
    assert any(r["status"] != "error" for r in records)


def test_which_files_a_directory_gives(tmp_path):
    from merit.inputs import expand

    for name in ("a.yaml", "B.YAML", "c.Yml", ".hidden.yaml", "notes.txt", "sub/d.yml", ".git/e.yaml", "sub/.f.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("id: A\n")
    given = [str(Path(label).relative_to(tmp_path)) for label, _ in expand([str(tmp_path)])]
    assert given == ["B.YAML", "a.yaml", "c.Yml", "sub/d.yml"]


def test_a_large_directory_is_listed_in_packed_runs_in_the_order_of_full_paths(tmp_path, monkeypatch):
    """Runs of a few entries each, merged, give what one sorted list gave: names that share long
    beginnings, directories sorted with their separator, names that are not UTF-8, loops in place."""
    from merit import inputs
    from merit.inputs import expand

    names = ["a.yaml", "a-b.yaml", "a0.yaml", "b.yml", "B.YAML", "é.yaml", "e\u0301.yaml", "z.yaml.yaml", "y.yamlx.yml"]
    names += [f"applicant-{k:06d}.yaml" for k in range(25)] + ["x" * 240 + ".yaml", "x" * 241 + ".yaml", ".hidden.yaml", "notes.txt"]
    for name in names:
        (tmp_path / name).write_text("id: A\n")
    for sub in ("a", "a.yaml.d", "applicant-000003"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "in.yaml").write_text("id: A\n")
    (tmp_path / os.fsdecode(b"\xff-not-utf8.yaml")).write_text("id: A\n")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")

    def listed():
        return [(label, type(path).__name__) for label, path in expand([str(tmp_path)])]

    whole = listed()
    monkeypatch.setattr(inputs, "RUN", 4)
    assert listed() == whole
    given = [str(Path(label).relative_to(tmp_path)) for label, _ in whole]
    assert given[:5] == ["B.YAML", "a-b.yaml", "a.yaml", "a.yaml.d/in.yaml", "a/in.yaml"]
    assert given.index("applicant-000003.yaml") < given.index("applicant-000003/in.yaml") < given.index("applicant-000004.yaml")
    assert len(given) == len(names) - 2 + 3 + 1 + 1 and ("loop.yaml", "Unread") in [(g, k) for g, (_, k) in zip(given, whole)]


@pytest.mark.slow
def test_listing_a_directory_of_20000_files_holds_a_few_bytes_a_name(tmp_path):
    """A list of the names held 11 MiB for 90,000 files while they were read (2.4 MiB for these)."""
    from merit.inputs import _listing

    for k in range(20_000):
        (tmp_path / f"applicant-{k:06d}.yaml").touch()
    count, peak = peak_memory(lambda: sum(1 for _ in _listing(str(tmp_path))))
    assert count == 20_000
    assert peak < 500_000


# --- memory bounded by the input cap --------------------------------------------------------------


class Endless(io.RawIOBase):
    """cat /dev/zero: reading it whole never ends."""

    def __init__(self, stop_after: int):
        self.given = 0
        self.stop_after = stop_after

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.given > self.stop_after:
            raise AssertionError("read far past the cap")
        buffer[:] = bytes(len(buffer))
        self.given += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("command", [["screen", "-"], ["validate", "-"], ["compare", "--series", "mo-customer-service", "--applicant", "-"]])
def test_standard_input_is_read_only_to_the_cap(command, capsys, monkeypatch):
    endless = Endless(stop_after=2 * yamlsafe.MAX_BYTES)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    with pytest.raises(SystemExit) as exit_:
        main(command)
    assert exit_.value.code == 2
    assert endless.given <= yamlsafe.MAX_BYTES + 1 + (1 << 20)
    assert capsys.readouterr().err == (
        f"<stdin>:1:1: input is more than {yamlsafe.MAX_BYTES:,} bytes (expected at most {yamlsafe.MAX_BYTES:,})\n"
    )


@pytest.mark.slow
def test_a_file_of_100000_applicants_is_read_in_pieces(tmp_path):
    """Composing a 1.4 MB file of 100,000 applicants at once, and keeping every result, took 4 GB."""
    from merit.applicants import stream_file

    big = tmp_path / "many.yaml"
    big.write_text("".join(f"- {{id: A{i}}}\n" for i in range(100_000)))
    count, peak = peak_memory(lambda: sum(len(loaded.applicants) for loaded in stream_file(big)))
    assert count == 100_000
    assert peak < 40_000_000


@pytest.mark.parametrize("item", ["- {id: a}\n", "- 1\n"])
@pytest.mark.slow
def test_16_mib_of_tiny_items_is_refused_quickly(tmp_path, item):
    """It took 50 s and 2.2 GB to refuse."""
    big = tmp_path / "tiny.yaml"
    big.write_text(item * (yamlsafe.MAX_BYTES // len(item)))
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "merit", "validate", "-q", str(big)], capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 10
    assert done.returncode == 2
    assert done.stderr == f"{big}:100001:3: more than 100,000 applicants in one file (expected at most 100,000; split the file)\n"


@pytest.mark.slow
def test_one_applicant_of_too_many_values_is_refused_before_it_is_built(tmp_path):
    big = tmp_path / "huge.yaml"
    big.write_text("id: A-1\nexperience:\n" + "  - {start: 2020-01-01}\n" * 60_000)
    loaded, peak = peak_memory(lambda: parse(big.read_text()))
    assert [str(p) for p in loaded.problems] == [
        "x.yaml:1:1: an applicant of more than 50,000 values (expected far fewer)"
    ]
    assert peak < 40_000_000


def test_a_long_file_gives_what_a_short_one_does(monkeypatch):
    """Files over 256 KiB are composed a record at a time: the same applicants and problems."""
    text = "\n---\n".join(
        [GOOD.format("A-1"), "- " + GOOD.format("A-2").replace("\n", "\n  ").rstrip() + "\n- just text\n- id: A-3\n  hours: 2", "[]", "id: A-4"]
    )
    short = parse(text)
    monkeypatch.setattr(yamlsafe, "STREAM_AFTER", 0)
    long = parse(text)
    assert [a.id for a in long.applicants] == [a.id for a in short.applicants] == ["A-1", "A-2", "A-4"]
    assert long.problems == short.problems and len(short.problems) == 3


# --- ids -------------------------------------------------------------------------------------------


def test_an_id_typed_two_ways_is_one_id(tmp_path, capsys):
    """é as one character or as e and a combining accent looked the same and were two applicants."""
    (tmp_path / "a.yaml").write_text('id: "Jos\\u00e9-1"\n')
    (tmp_path / "b.yaml").write_text('id: "Jose\\u0301-1"\n')
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "-q", str(tmp_path)])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'b.yaml'}:1:1: duplicate applicant id 'José-1' (first at {tmp_path / 'a.yaml'}:1; expected ids unique within a batch)\n"
    )
