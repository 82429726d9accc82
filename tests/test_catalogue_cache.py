"""The catalogue cache: used when nothing changed, rebuilt when any byte changes, never able to run code
or to hand over another catalogue, and only in a directory that is the user's own."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from merit import catalogue_cache, specs, yamlsafe
from merit.problems import InputError

LA = "la-customer-service-specialist.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("MERIT_CACHE_DIR", str(where))
    monkeypatch.delenv("MERIT_NO_CACHE", raising=False)
    return where


@pytest.fixture
def own(tmp_path) -> Path:
    directory = tmp_path / "specs"
    directory.mkdir()
    shutil.copy(specs.bundled_specs_dir() / LA, directory)
    return directory


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalogue-*.json"))


def never_build(monkeypatch) -> None:
    monkeypatch.setattr(specs, "_build_catalogue", lambda *a: (_ for _ in ()).throw(AssertionError("rebuilt")))


def test_a_second_load_comes_from_the_cache(cache, own, monkeypatch):
    first = specs.load_catalogue(own)
    assert len(entries(cache)) == 1
    never_build(monkeypatch)
    second = specs.load_catalogue(own)
    assert [c.id for c in second.classes] == [c.id for c in first.classes] == ["LA-1229"]


def same(a, b, pairs: dict[int, object]) -> bool:
    """Equal values, and objects shared in a shared in b the same way."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, pairs) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k], pairs) for k in a)
    if type(a) in catalogue_cache.model_classes().values():
        if id(a) in pairs:
            return pairs[id(a)] is b
        pairs[id(a)] = b
        return all(same(getattr(a, s), getattr(b, s), pairs) for s in catalogue_cache._slots(type(a)))
    return a == b


@pytest.mark.slow
def test_the_cached_catalogue_is_the_built_one_with_refs_still_shared(cache, monkeypatch):
    bundled = specs.bundled_specs_dir()
    built = specs.load_catalogue(bundled)
    never_build(monkeypatch)
    again = specs.load_catalogue(bundled)
    assert again is not built
    assert same((built.series, built.terms), (again.series, again.terms), {})
    # PHL-6J27's Supervisory pattern refers to the billing and investigation supervision nodes
    phl = again.by_id["PHL-6J27"]
    nodes: dict[str, list] = {}
    stack = [sp.requirement for sp in phl.specialties]
    while stack:
        node = stack.pop()
        nodes.setdefault(node.id, []).append(node) if node.id else None
        stack.extend([*node.children, *node.including])
    shared = nodes["billing-supervision"]
    assert len(shared) == 2 and shared[0] is shared[1]


def test_an_edit_that_keeps_size_and_crc32_is_seen(cache, own):
    """The old key was CRC32 and size: an edit that kept both screened against the old spec."""
    spec = own / LA
    before, after, title = crc32_twins(spec.read_bytes(), b"title: Customer Service Specialist\n")
    assert len(after) == len(before) and zlib.crc32(after) == zlib.crc32(before)
    spec.write_bytes(before)
    assert specs.load_catalogue(own).classes[0].title == "Customer Service Specialist"
    spec.write_bytes(after)
    assert specs.load_catalogue(own).classes[0].title == title


def test_an_edit_of_merits_own_code_is_a_new_entry(cache, own, monkeypatch):
    specs.load_catalogue(own)
    code = Path(catalogue_cache.__file__).parent
    real = catalogue_cache._read_regular

    def edited(path, cap):
        data = real(path, cap)
        return data + b"\n# edited" if Path(path) == code / "engine" / "credit.py" else data

    monkeypatch.setattr(catalogue_cache, "_read_regular", edited)
    built = []
    monkeypatch.setattr(specs, "_build_catalogue", lambda *a, real=specs._build_catalogue: built.append(1) or real(*a))
    specs.load_catalogue(own)
    assert built == [1]


@pytest.mark.slow
def test_every_source_that_runs_to_build_a_catalogue_is_in_the_key(tmp_path):
    """A module whose code shapes the catalogue (engine/credit.py normalizes names) but is not in the
    key would keep a catalogue built by older code."""
    script = """
import sys, merit, merit.api, merit.specs, merit.applicants, merit.validate
import merit.engine  # imported by the build for engine/credit.py, whose code is what counts
from pathlib import Path
root = Path(merit.__file__).parent
ran = set()
def trace(frame, event, arg):
    name = frame.f_code.co_filename
    if event == "call" and name.startswith(str(root)):
        ran.add(Path(name).relative_to(root).as_posix())
sys.setprofile(trace)
for directory in sys.argv[1:]:
    merit.specs.load_catalogue(Path(directory))
sys.setprofile(None)
print("\\n".join(sorted(ran)))
"""
    own = tmp_path / "own"
    own.mkdir()
    shutil.copy(specs.bundled_specs_dir() / LA, own)
    (own / "duties.yaml").write_text("duties:\n  bookkeeping: keeping the books\n")
    env = {**os.environ, "MERIT_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(specs.bundled_specs_dir()), str(own)],
        capture_output=True, text=True, env=env, timeout=60, check=True,
    )
    ran = set(done.stdout.split())
    assert {"specs.py", "engine/credit.py"} <= ran
    assert ran <= set(catalogue_cache.SOURCES), ran - set(catalogue_cache.SOURCES)


def test_a_changed_spec_replaces_the_old_entry(cache, own):
    specs.load_catalogue(own)
    spec = own / LA
    spec.write_text(spec.read_text().replace("title: Customer Service Specialist\n", "title: Customer Service Specialist II\n", 1))
    assert specs.load_catalogue(own).classes[0].title == "Customer Service Specialist II"
    assert len(entries(cache)) == 1


def test_a_damaged_cache_file_is_rebuilt(cache, own):
    specs.load_catalogue(own)
    (entry,) = entries(cache)
    for damage in (b"not json", b"[]", entry.read_bytes()[:-10], entry.read_bytes().replace(b'"@":"Citation"', b'"@":"Popen"')):
        entry.write_bytes(damage)
        assert specs.load_catalogue(own).classes[0].id == "LA-1229"


def test_a_pickle_in_the_cache_runs_no_code(cache, own, tmp_path):
    """The cache was a pickle: a file an attacker placed there ran code as the user."""
    specs.load_catalogue(own)
    (entry,) = entries(cache)
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(Exploit(str(marker))))
    for old in (entry, entry.with_suffix(".pickle")):
        old.write_bytes(pickle.dumps(Exploit(str(marker))))
    assert specs.load_catalogue(own).classes[0].id == "LA-1229"
    assert not marker.exists()


class Exploit:
    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("kind", ["catalogue-of-other-specs", "file-of-the-user"])
def test_a_link_in_the_cache_is_never_followed(cache, own, tmp_path, kind):
    """A link at the entry's name, to another catalogue (the wrong specs) or to a file of the user's."""
    specs.load_catalogue(own)
    (entry,) = entries(cache)
    if kind == "catalogue-of-other-specs":
        specs.load_catalogue(specs.bundled_specs_dir())
        (target,) = [e for e in entries(cache) if e != entry]
    else:
        target = tmp_path / "notes.txt"
        target.write_text("mine\n")
    before = target.read_bytes()
    entry.unlink()
    entry.symlink_to(target)
    catalogue = specs.load_catalogue(own)
    assert [c.id for c in catalogue.classes] == ["LA-1229"]
    assert target.read_bytes() == before


def test_a_cache_file_others_may_write_is_not_trusted(cache, own, monkeypatch):
    specs.load_catalogue(own)
    (entry,) = entries(cache)
    entry.chmod(0o666)
    built = []
    monkeypatch.setattr(specs, "_build_catalogue", lambda *a, real=specs._build_catalogue: built.append(1) or real(*a))
    specs.load_catalogue(own)
    assert built == [1]


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_directory_others_may_write_is_not_used_and_each_catalogue_says_so(tmp_path, own, monkeypatch, capsys, mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("MERIT_CACHE_DIR", str(shared))
    said = (
        f"not caching the catalogue in {shared}: others may write to it"
        " (expected a directory of your own that only you may write; see MERIT_CACHE_DIR)"
    )
    assert specs.load_catalogue(own).warnings == [said]
    assert specs.load_catalogue(own).warnings == [said]
    assert os.listdir(shared) == []
    assert capsys.readouterr().err == ""  # the library prints nothing: the warning is a value


def test_the_command_line_prints_the_librarys_warning_as_one_line(tmp_path, own, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    applicant = tmp_path / "a.yaml"
    applicant.write_text("id: A-1\n")
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", str(applicant), "--specs", str(own), "-f", "jsonl", "--exit-zero"],
        capture_output=True, text=True, timeout=30, env={**os.environ, "MERIT_CACHE_DIR": str(shared)},
    )
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"merit: warning: not caching the catalogue in {shared}: others may write to it"
        " (expected a directory of your own that only you may write; see MERIT_CACHE_DIR)"
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a directory away")
def test_a_directory_of_another_user_is_not_used(tmp_path, own, monkeypatch, capsys):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("MERIT_CACHE_DIR", str(theirs))
    (said,) = specs.load_catalogue(own).warnings
    assert "it belongs to another user" in said
    assert os.listdir(theirs) == []


def test_a_linked_cache_directory_is_not_used(tmp_path, own, monkeypatch, capsys):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv("MERIT_CACHE_DIR", str(tmp_path / "link"))
    (said,) = specs.load_catalogue(own).warnings
    assert "it is a symbolic link" in said
    assert os.listdir(real) == []


def test_the_directory_is_made_private(cache, own):
    specs.load_catalogue(own)
    assert cache.stat().st_mode & 0o777 == 0o700
    (entry,) = entries(cache)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in cache.iterdir()] == [entry.name]  # no temporary file left


def test_old_pickles_are_removed(cache, own):
    cache.mkdir(mode=0o700)
    (cache / "catalogue-4c77d125-bd4b8f086cd6783b.pickle").write_bytes(b"old")
    specs.load_catalogue(own)
    assert not list(cache.glob("*.pickle"))


def test_entries_of_other_directories_go_after_a_month_unwritten(cache, own):
    """Every clone or temporary directory of specs left an entry behind, and the cache only grew."""
    cache.mkdir(mode=0o700)
    month_old = time.time() - 31 * 86400
    for name, age in (("catalogue-0123456789abcdef-old.json", month_old), ("catalogue-fedcba9876543210-new.json", time.time())):
        (cache / name).write_text("[]")
        os.utime(cache / name, (age, age))
    specs.load_catalogue(own)
    left = sorted(p.name for p in cache.iterdir())
    assert "catalogue-0123456789abcdef-old.json" not in left
    assert "catalogue-fedcba9876543210-new.json" in left and len(left) == 2


def test_no_cache_when_asked(cache, own, monkeypatch):
    monkeypatch.setenv("MERIT_NO_CACHE", "1")
    specs.load_catalogue(own)
    assert not cache.exists()


def test_a_spec_file_over_the_cap_is_refused_unread(cache, own):
    """The key was computed from every byte of every file before the size check: a sparse file of
    gigabytes was read whole."""
    big = own / "big.yaml"
    with open(big, "wb") as f:
        f.truncate(4 * yamlsafe.MAX_BYTES)
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as error:
            specs.load_catalogue(own)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < yamlsafe.MAX_BYTES // 4
    assert [p.message for p in error.value.problems] == [
        f"file is {4 * yamlsafe.MAX_BYTES:,} bytes (expected at most {yamlsafe.MAX_BYTES:,})"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_specs_directory_is_skipped_with_a_warning(cache, own, tmp_path):
    os.mkfifo(own / "x.yaml")
    applicant = tmp_path / "a.yaml"
    applicant.write_text("id: A-1\n")
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "merit", "screen", str(applicant), "--specs", str(own), "-f", "jsonl", "--exit-zero"],
        capture_output=True, text=True, timeout=30,
    )
    assert time.monotonic() - start < 20
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"merit: warning: skipped {own / 'x.yaml'}: a FIFO (expected a spec file: a regular YAML file)"
    ]
    assert '"class": "LA-1229"' in done.stdout


def test_other_odd_entries_in_a_specs_directory_are_skipped(cache, own, capsys):
    (own / "sub.yaml").mkdir()
    (own / "gone.yaml").symlink_to(own / "nowhere")
    (own / ".#la.yaml").symlink_to("user@host.1234")  # an editor's lock file: hidden, left out quietly
    catalogue = specs.load_catalogue(own)
    assert [c.id for c in catalogue.classes] == ["LA-1229"]
    assert capsys.readouterr().err == ""
    assert catalogue.warnings == [
        f"skipped {own / 'gone.yaml'}: a broken link (expected a spec file: a regular YAML file)",
        f"skipped {own / 'sub.yaml'}: a directory (expected a spec file: a regular YAML file)",
    ]


def test_what_loading_skipped_comes_with_the_problems_when_the_specs_do_not_load(cache, own):
    (own / "gone.yaml").symlink_to(own / "nowhere")
    (own / "broken.yaml").write_text("series: [\n")
    with pytest.raises(InputError) as error:
        specs.load_catalogue(own)
    assert error.value.warnings == [f"skipped {own / 'gone.yaml'}: a broken link (expected a spec file: a regular YAML file)"]
    assert [p.line for p in error.value.problems] == [2]


# --- a CRC32 collision, to show that the old key could not tell two files apart --------------------


def crc32_twins(data: bytes, line: bytes) -> tuple[bytes, bytes, str]:
    """Two spec texts of one length and one CRC32 that differ in a title: data with a comment at
    its end, and data with another title in ``line`` and a comment chosen to keep the CRC32."""
    pick = random.Random(13)
    key, old = line.split(b": ", 1)
    for _ in range(10_000):
        title = old[:9] + bytes(pick.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(len(old) - 10)) + b"\n"
        before = data + b"# ....\n"
        after = _force_crc32(data.replace(line, key + b": " + title, 1) + b"# ....\n", len(data) + 2, zlib.crc32(before))
        if after is not None and all(0x21 <= b < 0x7F for b in after[len(data) + 2 : len(data) + 6]):
            return before, after, title.decode().strip()
    raise AssertionError("no printable comment keeps the CRC32")


def _force_crc32(data: bytes, at: int, target: int) -> bytes | None:
    """data with the four bytes at ``at`` changed so that its CRC32 is ``target``: CRC32 is affine
    over GF(2), so the change each of the 32 bits makes is a column of a linear system."""
    base = bytearray(data)
    base[at : at + 4] = bytes(4)
    start = zlib.crc32(base)
    rows = []
    for bit in range(32):
        probe = bytearray(base)
        probe[at + bit // 8] ^= 1 << (bit % 8)
        rows.append((zlib.crc32(probe) ^ start, 1 << bit))
    for pivot in range(32):  # Gauss-Jordan: row p's CRC change becomes the single bit p
        found = next((i for i in range(pivot, 32) if rows[i][0] >> pivot & 1), None)
        if found is None:
            return None
        rows[pivot], rows[found] = rows[found], rows[pivot]
        for i in range(32):
            if i != pivot and rows[i][0] >> pivot & 1:
                rows[i] = (rows[i][0] ^ rows[pivot][0], rows[i][1] ^ rows[pivot][1])
    want, patch = start ^ target, 0
    for pivot in range(32):
        if want >> pivot & 1:
            patch ^= rows[pivot][1]
    base[at : at + 4] = patch.to_bytes(4, "little")
    return bytes(base)
