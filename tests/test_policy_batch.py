"""An office's policy in a batch: every worker process applies it, forked or spawned, and so does the
path that cuts one long file into slices; --jobs 2 writes the same bytes as one process."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit import yamlsafe
from merit.app import build_app
from merit.pool import CHUNK
from test_screen_batch import applicant

AS_OF = "2026-11-01"
# A week of 30 hours for the jobs whose records give none, and a standing answer for every
# applicant: both change results, so a worker without the policy writes other bytes.
POLICY = """\
policy: Example County Personnel Department
date: 2026-01-15
presume:
  hours_per_week: 30
answers:
  - point: "LA-1229/*"
    answer: reject
    because: the office reads no equivalence into a counter job
"""


def screen(args: list[str]):
    result = CliRunner().invoke(build_app(), ["screen", *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of more files than one chunk (so a pool is used), and the office's policy file."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for k in range(CHUNK * 2 + 3):
        (folder / f"a{k:03d}.yaml").write_text(applicant(k), encoding="utf-8")
    policy = tmp_path / "office.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    return folder, policy


def with_and_without(inputs: list[str], policy: Path, jobs: str) -> tuple[tuple, tuple]:
    args = [*inputs, "-c", "JI60,LA-1229", "-f", "jsonl", "--jobs", jobs]
    return screen([*args, "--policy", str(policy)]), screen(args)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "determinations"])
@pytest.mark.slow
def test_forked_workers_apply_the_policy_and_write_the_same_bytes_as_one_process(office, fmt):
    folder, policy = office
    args = [str(folder), "-c", "JI60,LA-1229", "-f", fmt, "--policy", str(policy)]
    one = screen([*args, "--jobs", "1"])
    two = screen([*args, "--jobs", "2"])
    assert one == two
    assert one[1] != screen([str(folder), "-c", "JI60,LA-1229", "-f", fmt, "--jobs", "1"])[1]


@pytest.mark.slow
def test_spawned_workers_apply_the_policy_too(office, monkeypatch):
    """Where processes cannot fork, each worker loads the specs itself: the policy goes with its work."""
    folder, policy = office
    one, _ = with_and_without([str(folder)], policy, "1")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned, plain = with_and_without([str(folder)], policy, "2")
    assert spawned == one
    assert "presumed by office policy" in spawned[1] and '"policy_digest"' in spawned[1]
    assert "presumed by office policy" not in plain[1]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers inherit the short slices")
@pytest.mark.slow
def test_the_slices_of_one_long_file_are_screened_under_the_policy(tmp_path, office, monkeypatch):
    _, policy = office
    monkeypatch.setattr(yamlsafe, "STREAM_AFTER", 1000)
    monkeypatch.setattr(yamlsafe, "SLICE_RECORDS", 20)
    long = tmp_path / "export.yaml"
    long.write_text("".join("---\n" + applicant(k) for k in range(90)), encoding="utf-8")
    one, _ = with_and_without([str(long)], policy, "1")
    two, plain = with_and_without([str(long)], policy, "2")
    assert two == one
    assert two[1].count('"policy_digest"') == 180  # 90 applicants x 2 classes
    assert '"policy_digest"' not in plain[1]
