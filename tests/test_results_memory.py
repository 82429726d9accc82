"""summary and report read results a record at a time: ten times the records cost them no more than a
little memory (Python's own allocations, traced), where they once held every record (about 9 KB a record
for summary, 18 KB for report)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("memory") / "base.jsonl"
    files = [str(SAMPLES / n) for n in ("maria-lopez.yaml", "james-chen.yaml", "david-brown.yaml", "grace-lee.yaml")]
    result = CliRunner().invoke(build_app(), ["screen", *files, "-c", "JI60,JI55,6J27", "--as-of", "2026-11-01", "-o", str(out), "--exit-zero"])
    assert result.exit_code == 0, result.stderr
    return out.read_text().splitlines()


def batch(base: list[str], count: int, path: Path) -> Path:
    """``count`` records: the screened ones again and again under new applicant ids."""
    with path.open("w") as out:
        for n in range(count):
            r = json.loads(base[n % len(base)])
            r["applicant"] = f"{r['applicant']}-{n // len(base)}"
            out.write(json.dumps(r) + "\n")
    return path


def peak(*args: str) -> int:
    """Peak bytes Python allocated while the command ran."""
    tracemalloc.start()
    try:
        result = CliRunner().invoke(build_app(), list(args))
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0, result.stderr
    return top


@pytest.mark.parametrize("command", ["summary", "report"])
def test_ten_times_the_records_cost_little_more_memory(tmp_path: Path, base: list[str], command: str):
    small, big = batch(base, 500, tmp_path / "small.jsonl"), batch(base, 5000, tmp_path / "big.jsonl")
    out = ["-f", "json"] if command == "summary" else ["-o", str(tmp_path / "report.html")]
    grown = peak(command, str(big), *out) - peak(command, str(small), *out)
    # the duplicate check's tables take tens of bytes a record; holding the records took about 12,000
    assert grown < 4500 * 200
