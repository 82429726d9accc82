"""Every ```python example of docs/python-api.md runs, in order and in one session as in a notebook,
and prints what the ```output block after it shows."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
import yaml

import merit

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "python-api.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def examples() -> list[tuple[str, str | None]]:
    """(code, what it prints or None) for each python block, with the output block that follows it, if any."""
    text = DOC.read_text(encoding="utf-8")
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in FENCE.finditer(text)]
    out: list[tuple[str, str | None]] = []
    for k, (kind, body, _, end) in enumerate(blocks):
        if kind != "python":
            continue
        after = blocks[k + 1] if k + 1 < len(blocks) else None
        shown = after[1] if after and after[0] == "output" and not text[end : after[2]].strip() else None
        out.append((body, shown))
    return out


def run_page() -> dict:
    """Run the page's examples in the working directory; the session's names afterwards."""
    session: dict = {"__name__": "__main__"}  # as in a notebook: Dask pickles its functions by value
    for number, (code, shown) in enumerate(examples(), 1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{DOC.name} example {number}", "exec"), session)
        if shown is not None:
            assert printed.getvalue() == shown, f"example {number} printed:\n{printed.getvalue()}"
    return session


@pytest.mark.slow
def test_every_example_of_the_page_runs_and_prints_what_the_page_shows(tmp_path, monkeypatch):
    assert len(examples()) >= 12
    assert sum(shown is not None for _, shown in examples()) >= 10
    monkeypatch.chdir(tmp_path)
    session = run_page()
    _spark_sketch_writes_what_merit_writes(session, tmp_path)


def test_the_page_shows_the_partition_function_of_the_dask_example():
    """The page and examples/dask_screen.py hold the same partition function, so they cannot drift apart."""
    example = (ROOT / "examples" / "dask_screen.py").read_text(encoding="utf-8")
    shown = next(code for code, _ in examples() if "def screen_partition(" in code)
    for name in ("screen_partition", "applicant_of_line"):
        assert _function(shown, name) == _function(example, name)


def _function(source: str, name: str) -> str:
    start = source.index(f"def {name}(")
    end = re.compile(r"^\S", re.M).search(source, start + 1)
    return source[start : end.start() if end else len(source)].rstrip()


class _SparkContext:
    """A stand-in for a SparkContext with the three calls the sketch makes, as Spark does them."""

    def textFile(self, path: str, minPartitions: int) -> _RDD:  # noqa: N802, N803 - Spark's names
        lines = Path(path).read_text(encoding="utf-8").splitlines()  # as Spark gives them: no newlines
        n = minPartitions
        return _RDD([lines[k * len(lines) // n : (k + 1) * len(lines) // n] for k in range(n)])


class _RDD:
    def __init__(self, partitions: list[list[str]]) -> None:
        self.partitions = partitions

    def mapPartitions(self, f) -> _RDD:  # noqa: N802 - Spark's name
        return _RDD([list(f(iter(p))) for p in self.partitions])

    def saveAsTextFile(self, path: str) -> None:  # noqa: N802 - Spark's name
        Path(path).mkdir()
        for k, lines in enumerate(self.partitions):
            Path(path, f"part-{k:05d}").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _spark_sketch_writes_what_merit_writes(session: dict, directory: Path) -> None:
    applicants = [{"id": f"S-{n}", "name": "Sam Ali", "education": [{"level": "bachelor"}]} for n in range(20)]
    source = directory / "spark.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in applicants), encoding="utf-8")
    as_of = dt.date(2026, 11, 1)
    session["screen_with_spark"](_SparkContext(), str(source), str(directory / "spark-out"), as_of, "customer-service")
    parts = sorted((directory / "spark-out").glob("part-*"))
    assert len(parts) == 8
    # the same applicants as a YAML file of the same name, through the lines merit screen writes
    catalogue = merit.load_catalogue()
    read = merit.read_applicants(io.StringIO(yaml.safe_dump(applicants)), catalogue, name=str(source))
    expected = merit.screen_lines(read.applicants, catalogue, series="customer-service", as_of=as_of)
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == "".join(line + "\n" for line in expected)
