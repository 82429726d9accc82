"""One long applicant file is cut into slices that --jobs workers share, and the output is the
same, byte for byte, as reading it whole in one process: records in input order, problems where
they were, duplicates named at their first place."""

from __future__ import annotations

import os

import pytest
import yaml
from typer.testing import CliRunner

from merit import engine, pool, yamlsafe
from merit.app import build_app
from merit.yamlsafe import split_records

AS_OF = "2026-11-01"


def record(k: int) -> str:
    """An applicant's record; every 37th is bad, every 50th repeats the id of the one before."""
    ident = f"S-{k - 1 if k and k % 50 == 0 else k:04d}"
    start = "2020-13-01" if k % 37 == 0 else f"{2010 + k % 12}-0{1 + k % 9}-01"
    return (
        f"id: {ident}\n"
        "education:\n  - level: twelfth-grade\n"
        f"experience:\n  - title: Agent\n    sector: state\n    jurisdiction: California\n    start: {start}\n"
        f"    duties: [customer-service]\n"
    )


def as_documents(count: int) -> str:
    return "".join("---\n" + record(k) for k in range(count))


def as_list(count: int) -> str:
    return "# applicants\n" + "".join("- " + record(k).replace("\n", "\n  ").rstrip(" ") for k in range(count))


@pytest.fixture
def small_slices(monkeypatch):
    """Slices of 20 records of any text over 1,000 characters, so that a short test file is long."""
    monkeypatch.setattr(yamlsafe, "STREAM_AFTER", 1000)
    monkeypatch.setattr(yamlsafe, "SLICE_RECORDS", 20)


def places(text: str) -> list[tuple[int, int, str]]:
    """(line, column, id) of each record of a text, as merit composes it."""
    found = []
    for node in yamlsafe.compose_checked(text):
        for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
            ident = next(v.value for k, v in item.value if k.value == "id")
            found.append((item.start_mark.line, item.start_mark.column, ident))
    return found


@pytest.mark.parametrize("write", [as_documents, as_list], ids=["documents", "a list"])
def test_slices_hold_the_same_records_at_the_same_places(small_slices, write):
    text = write(130)
    slices = split_records(text, "a.yaml")
    assert slices is not None and len(slices) == 7  # 130 records, 20 a slice
    assert [p for s in slices for p in places(s)] == places(text)


@pytest.mark.parametrize(
    "text, why",
    [
        ("%YAML 1.1\n" + as_documents(60), "a YAML directive"),
        (as_list(60).replace("- id: S-0040", "-\n  id: S-0040"), "at a cut, an item's dash on a line of its own"),
        (as_documents(60) + "---\n- id: X-1\n", "several documents, one a list"),
        ("[" + ", ".join(f"{{id: S-{k}}}" for k in range(300)) + "]\n", "a list in flow style"),
        (as_documents(60) + "---\nid: [unclosed\n", "a syntax error (reported for the whole file)"),
        (as_documents(10), "fewer records than a slice"),
    ],
)
def test_a_text_that_cannot_be_cut_cleanly_is_read_whole(small_slices, text, why):
    assert len(text) > 1000, why
    assert split_records(text, "a.yaml") is None, why


def screen(args: list[str]):
    result = CliRunner().invoke(build_app(), ["screen", *args, "--as-of", AS_OF, "-c", "JI60"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers inherit the short slices")
@pytest.mark.parametrize("write", [as_documents, as_list], ids=["documents", "a list"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "table"])
@pytest.mark.slow
def test_two_jobs_share_one_long_file_and_write_the_same_bytes_as_one(tmp_path, small_slices, monkeypatch, write, fmt):
    long = tmp_path / "export.yaml"
    long.write_text(write(300), encoding="utf-8")
    (tmp_path / "after.yaml").write_text("id: S-0007\n", encoding="utf-8")  # a duplicate of a record inside the long file
    real = engine.screen_applicant

    def fragile(applicant, *args):  # an applicant merit cannot screen is a problem in its place
        if applicant.id == "S-0123":
            raise OverflowError("date value out of range")
        return real(applicant, *args)

    monkeypatch.setattr(engine, "screen_applicant", fragile)
    tasks = []
    split = pool._tasks
    monkeypatch.setattr(pool, "_tasks", lambda chunk: [tasks.append(t) or t for t in split(chunk)])
    inputs = [str(long), str(tmp_path / "after.yaml"), "-f", fmt]
    one = screen([*inputs, "--jobs", "1"])
    two = screen([*inputs, "--jobs", "2"])
    assert one == two
    assert sum(isinstance(t[0], pool.Slice) for t in tasks) == 15  # the workers shared the file, 20 records a slice
    code, _, err = one
    assert code == 2
    assert f"after.yaml:1:1: duplicate applicant id 'S-0007' (first at {long}:" in err
    assert "internal error screening this applicant: OverflowError" in err
    assert err.count("month 13") == len(range(0, 300, 37))


def test_a_long_file_given_with_jobs_uses_the_pool_even_alone(tmp_path, small_slices):
    long = tmp_path / "export.yaml"
    long.write_text(as_documents(45), encoding="utf-8")
    tasks = list(pool._tasks([(str(long), str(long))]))
    assert [len(t) for t in tasks] == [1, 1, 1]
    assert [t[0].first for t in tasks] == [True, False, False]
    short = tmp_path / "one.yaml"
    short.write_text(record(1), encoding="utf-8")
    assert pool._long(str(long)) and not pool._long(str(short))
