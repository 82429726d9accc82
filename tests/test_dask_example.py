"""examples/dask_screen.py: a JSON Lines batch screened by dask.bag in partitions gives merit screen's bytes.

dask is in the test extra, so make test (and CI) runs these; they are never skipped.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import merit

pytestmark = pytest.mark.slow  # left out by pytest -m 'not slow'

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dask_screen.py"
AS_OF = dt.date(2026, 11, 1)


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def batch(count: int) -> list[dict]:
    """``count`` synthetic applicants of the benchmark's mix (as plain JSON values), and two written by hand."""
    gen = _module(ROOT / "bench" / "gen.py", "merit_bench_gen")
    rng = random.Random(14)
    made = [yaml.safe_load(gen.applicant(rng, n, AS_OF)) for n in range(1, count - 1)]
    made.append({"id": "0123", "name": "José Ñúñez", "education": [{"level": "bachelor", "field": "accounting"}]})
    made.append({"id": "NO", "name": "NO"})  # text as written: not a number, not false
    return json.loads(json.dumps(made, default=str))


def test_dask_partitions_write_the_bytes_merit_screen_writes(tmp_path):
    applicants = batch(300)
    jsonl = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in applicants)
    (tmp_path / "applicants.jsonl").write_text(jsonl, encoding="utf-8")
    (tmp_path / "applicants.yaml").write_text(
        yaml.safe_dump(applicants, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    options = ["--as-of", AS_OF.isoformat(), "--series", "customer-service"]
    cli = subprocess.run(
        [sys.executable, "-m", "merit", "screen", "applicants.yaml", *options, "--format", "jsonl", "--exit-zero"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    subprocess.run(
        [sys.executable, str(EXAMPLE), "applicants.jsonl", *options, "--file", "applicants.yaml"]
        + ["--output", "results", "--blocksize", "64kB", "--scheduler", "processes"],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    parts = sorted((tmp_path / "results").glob("part-*.jsonl"))
    assert len(parts) >= 3, "the batch should be cut into several partitions"
    assert b"".join(p.read_bytes() for p in parts) == cli.stdout
    lines = cli.stdout.decode().splitlines()
    assert len(lines) == 300 * 13  # every applicant x class x specialty
    assert {json.loads(line)["highest_level"] for line in lines} > {None}


def test_the_catalogue_is_loaded_once_per_partition(tmp_path, monkeypatch):
    example = _module(EXAMPLE, "dask_screen")
    path = tmp_path / "applicants.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in batch(40)), encoding="utf-8")
    loads = []
    real = merit.load_catalogue

    def counted(directory=None):
        loads.append(directory)
        return real(directory)

    monkeypatch.setattr(merit, "load_catalogue", counted)
    bag = example.screen_bag(str(path), as_of=AS_OF, classes=("JI60",), blocksize=2000)
    lines = bag.compute(scheduler="synchronous")
    assert bag.npartitions > 2
    assert len(loads) == bag.npartitions
    assert [json.loads(line)["applicant"] for line in lines][-2:] == ["0123", "NO"]


def test_a_bad_line_is_an_error_record_in_its_place_and_the_batch_goes_on():
    example = _module(EXAMPLE, "dask_screen")
    lines = [
        '{"id": "G-1"}\n',
        "{not json\n",
        "\n",
        '{"id": "B-1", "experience": [{"start": "2023-02-30"}]}\n',
        '["a list"]\n',
        '{"id": "G-2"}\n',
    ]
    out = [json.loads(line) for line in example.screen_partition(lines, as_of=AS_OF, file="batch.jsonl", classes=("JI60",))]
    assert [(r["applicant"], r["status"], r["file"]) for r in out] == [
        ("G-1", "ineligible", "batch.jsonl"),
        (None, "error", "batch.jsonl"),
        (None, "error", "batch.jsonl"),
        (None, "error", "batch.jsonl"),
        ("G-2", "ineligible", "batch.jsonl"),
    ]
    assert out[1]["message"].startswith("invalid JSON: Expecting property name")
    assert out[2]["message"].startswith("start: 2023-02-30 is not a real date")
    assert out[3]["message"] == "found text 'a list' in the list (expected an applicant: a mapping with at least id)"
