"""docs/errors.md from the bad-input corpus: every problem merit reports, by its stable code.

    python tests/errors_doc.py > docs/errors.md

The corpus (tests/bad/) holds a file for each mistake and expected.txt the
lines merit prints for them; a test checks that the page is what this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

BAD = Path(__file__).resolve().parent / "bad"

HEAD = """\
# When a file is wrong: every problem merit reports

Each problem is one line on standard error, `path:line:column: what is wrong
(what was expected)`, with lines and columns counted from 1, and the exit code
is 2. `merit validate --format json` gives each problem a stable `code` (the
headings below); `--format github` writes annotations for GitHub Actions. In
a batch, a bad file (or a bad applicant in a file of several) is reported and
skipped, the others are screened, and the output holds an `error` record in
its place.

These are the lines merit prints for the files of its bad-input corpus
(`tests/bad/`), generated from it (`python tests/errors_doc.py`).
"""


def render() -> str:
    from merit.problems import code_of

    lines = [line for line in (BAD / "expected.txt").read_text().splitlines() if line and not line.startswith("#")]
    by_code: dict[str, list[str]] = {}
    for line in lines:
        message = line.split(": ", 1)[1] if ": " in line else line
        by_code.setdefault(code_of(message), []).append(line)
    out = [HEAD]
    for code in sorted(by_code):
        out.append(f"\n## `{code}`\n\n```\n" + "\n".join(by_code[code]) + "\n```\n")
    return "".join(out)


if __name__ == "__main__":
    sys.stdout.write(render())
