"""Every `$ merit ...` example of the README and of docs/ prints what the page shows (the lines before a `...`)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples() -> list[tuple[str, str]]:
    """(command, shown output) for each example whose files are in the repository."""
    out = []
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ merit"):
                i += 1
                continue
            command = lines[i][2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + lines[i].strip()
            i += 1
            shown = []
            while i < len(lines) and not lines[i].startswith("$ "):
                shown.append(lines[i])
                i += 1
            files = [w for w in shlex.split(command) if w.endswith((".yaml", ".jsonl"))]
            if all((ROOT / f).exists() for f in files):  # the others are files the reader writes
                out.append((command, "\n".join(shown).rstrip("\n")))
    return out


@pytest.mark.parametrize("command, shown", examples(), ids=[c for c, _ in examples()])
def test_readme_example_prints_what_the_readme_shows(command: str, shown: str):
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "merit", *shlex.split(command)[1:]]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
    printed = (done.stdout + done.stderr).rstrip("\n").split("\n")
    for k, line in enumerate(shown.split("\n")):
        if line.strip() == "..." or line.endswith("..."):  # the README elides the rest
            assert printed[k].startswith(line.rstrip(".").rstrip()), f"line {k + 1}"
            return
        assert k < len(printed) and printed[k] == line, f"line {k + 1}: {printed[k] if k < len(printed) else '(no line)'!r}"
    assert len(printed) == len(shown.split("\n"))


def message_examples() -> list[str]:
    """The README's lines `name.yaml:line:column: message` whose file is in the bad-input corpus."""
    corpus = {p.name: p for p in (ROOT / "tests" / "bad").glob("*/*.yaml")}
    lines = [line for page in PAGES for line in page.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if re.match(r"[\w.-]+\.yaml:\d+:\d+: ", line) and line.split(":", 1)[0] in corpus]


@pytest.mark.parametrize("line", message_examples(), ids=lambda line: line.split(":", 1)[0])
def test_readme_message_is_what_merit_prints_for_that_corpus_file(line: str):
    """A message the README shows for a file of tests/bad is the line merit prints for it (tests/bad/expected.txt)."""
    name = line.split(":", 1)[0]
    expected = (ROOT / "tests" / "bad" / "expected.txt").read_text(encoding="utf-8").splitlines()
    printed = [e.split("/", 1)[1] for e in expected if e.split(":", 1)[0].split("/", 1)[-1] == name]
    assert line in printed, printed


# --- first steps from a fresh clone ----------------------------------------------------------------


def _first_steps() -> list[str]:
    """The shell blocks of the README from its set-up to its exit codes, as a reader copies them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set-up", 1)[1].split("\n## Resolving", 1)[0]
    return [b for b in re.findall(r"```sh\n(.*?)```", section, re.S) if not b.startswith("make ")]


@pytest.fixture
def fresh_clone(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A checkout after `make run`: the sample applicants, the specs and .venv, and a PATH without merit on it."""
    import shutil

    for name in ("sample_applicants", "specs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if not (Path(p) / "merit").exists())
    return tmp_path, {**os.environ, "PATH": path, "COLUMNS": "100", "NO_COLOR": "1"}


@pytest.mark.slow
def test_every_first_step_of_the_readme_works_as_written_from_a_fresh_clone(fresh_clone):
    """The quick start said `merit ...`, and a reader who had run make run got `merit: command not found`.
    The blocks run in order as in one shell: what an `export` line sets holds for the lines after it."""
    where, env = fresh_clone
    exported = ""
    for block in _first_steps():
        if "case $?" in block:  # a script: it runs whole, and its branch says how merit ended
            done = subprocess.run(["bash", "-c", exported + block], cwd=where, capture_output=True, text=True, env=env, timeout=300)
            assert done.returncode == 0 and done.stdout.strip(), done.stderr
            continue
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            done = subprocess.run(["bash", "-c", exported + command], cwd=where, capture_output=True, text=True, env=env, timeout=300)
            assert done.returncode in (0, 1), f"{command}: exit {done.returncode}: {done.stderr[-500:]}"
            assert "Traceback" not in done.stderr, command
            if command.startswith("export "):
                exported += command + "\n"


@pytest.mark.slow
def test_make_run_ends_with_the_batch_summary(fresh_clone):
    where, env = fresh_clone
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n")[1].strip()
    command = recipe.replace("$(BIN)/", ".venv/bin/")
    done = subprocess.run(["bash", "-c", command], cwd=where, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").splitlines()
    assert lines[-1].startswith("all classes") and any(line.startswith("Summary: ") for line in lines[-40:])
