"""Duplicate applicant ids are found by hash, and confirmed by the id itself: ids whose hashes collide
are all screened, and a real duplicate still names its first place."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit import seen as seen_module
from merit.app import build_app
from merit.seen import Seen

DIGESTS = {  # and how many ids: enough to double the table twice where probes stay short
    "every id hashes alike": (lambda applicant_id: 0, 300),
    "ids share 3 bits of hash": (lambda applicant_id: hash(applicant_id) & 7, 300),
    "ids share the top 24 bits of hash": (lambda applicant_id: hash(applicant_id) & (1 << 40) - 1, 1700),  # the table's tag
    "the process's own hash": (hash, 1700),
}
WHERE = {
    "log in memory": None,
    "log in a temporary file": 64,  # bytes held before they are written out
    "no temporary file to be had": "refused",
}


@pytest.mark.parametrize("where", WHERE.values(), ids=WHERE.keys())
@pytest.mark.parametrize("digest", DIGESTS.values(), ids=DIGESTS.keys())
def test_colliding_ids_are_all_new_and_each_repeat_finds_its_own_first_place(monkeypatch, digest, where):
    digest, count = digest
    monkeypatch.setattr(seen_module, "_digest", digest)
    if where == "refused":
        monkeypatch.setattr(seen_module, "KEPT", 64)

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    elif where is not None:
        monkeypatch.setattr(seen_module, "KEPT", where)
    ids = [f"A-{k}" for k in range(count)] + ["", "José-1", "Jose-1", "A-1 ", "a-1", "x" * 5000]
    seen = Seen()
    try:
        assert [seen.first(i, place) for place, i in enumerate(ids)] == [None] * len(ids)
        assert len(seen) == len(ids)
        assert [seen.first(i, -1) for i in reversed(ids)] == list(reversed(range(len(ids))))
        assert len(seen) == len(ids)
    finally:
        seen.close()


def test_a_place_is_any_64_bit_number():
    seen = Seen()
    for place in (0, 1, 1 << 32 | 7, (1 << 63) - 1):
        assert seen.first(str(place), place) is None
        assert seen.first(str(place), 0) == place


def test_the_log_goes_to_a_file_past_a_few_hundred_kib_and_back_to_memory_when_the_file_fails(monkeypatch):
    monkeypatch.setattr(seen_module, "KEPT", 100)
    seen = Seen()
    for k in range(10):
        seen.first(f"A-{k}", k)
    assert seen.file is not None and seen.written > 0 and not seen.in_memory

    class Full:
        def __init__(self, file):
            self.file = file

        def write(self, data):
            raise OSError(28, "No space left on device")

        def fileno(self):
            return self.file.fileno()

        def close(self):
            self.file.close()

    seen.file = Full(seen.file)
    for k in range(10, 20):
        seen.first(f"A-{k}", k)
    assert seen.in_memory
    assert [seen.first(f"A-{k}", -1) for k in range(20)] == list(range(20))
    seen.close()


def _applicant(applicant_id: str) -> str:
    return f"id: {applicant_id}\neducation:\n  - level: twelfth-grade\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_whose_ids_all_hash_alike_screens_every_distinct_id(tmp_path: Path, monkeypatch, jobs: str):
    folder = tmp_path / "batch"
    folder.mkdir()
    for k in range(40):
        (folder / f"a{k:03d}.yaml").write_text(_applicant(f"A-{k}"), encoding="utf-8")
    (folder / "b-again.yaml").write_text(_applicant("A-7") + "---\n" + _applicant("A-40") + "---\n" + _applicant("A-39"), encoding="utf-8")
    monkeypatch.setattr(seen_module, "_digest", lambda applicant_id: 0)
    result = CliRunner().invoke(
        build_app(), ["screen", str(folder), "-c", "JI60", "-f", "jsonl", "--as-of", "2026-11-01", "--jobs", jobs]
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    screened = [r["applicant"] for r in records if r["status"] != "error"]
    assert screened == [f"A-{k}" for k in range(41)]
    assert result.stderr.splitlines()[:2] == [
        f"{folder / 'b-again.yaml'}:1:1: duplicate applicant id 'A-7' (first at {folder / 'a007.yaml'}:1); skipped",
        f"{folder / 'b-again.yaml'}:9:1: duplicate applicant id 'A-39' (first at {folder / 'a039.yaml'}:1); skipped",
    ]
    assert result.exit_code == 2
