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
