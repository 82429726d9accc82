"""Screening again with a results store (docs/store.md), as an office does: after an analyst answers
questions of 1% of the applicants, after 1% of the records change, and after one class's spec is revised.

    python bench/store.py DIR [--as-of 2026-11-01]

Each is measured against the first screening with the store (which fills it), one process each,
`--format jsonl` to a file; then the last output is compared with a run without the store. Prints a
line `measure<TAB>seconds<TAB>first screening's seconds` per measure (bench/bench.py reads them), then
notes: the first screening without the store, the store's size, and whether the bytes were the same.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import merit

PY = sys.executable
CLASS_FILE = "la-city-plumber-3443.yaml"  # a spec of one class: "one of 22 classes' specs changed"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([PY, "-m", "merit", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1, 2) or b"Traceback" in done.stderr or b"warning" in done.stderr:
        raise SystemExit(
            f"bench/store.py: merit {' '.join(args[:4])} ... exited {done.returncode}:\n{done.stderr.decode()[-2000:]}"
        )
    return took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory")
    ap.add_argument("--as-of", default="2026-11-01")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="merit-bench-store-") as tmp:
        root = Path(tmp)
        applicants = root / "applicants"
        shutil.copytree(args.directory, applicants)
        specs = root / "specs"
        shutil.copytree(merit.bundled_specs_dir(), specs)
        answers = root / "answers.yaml"
        answers.write_text("[]\n")
        store = root / "results.db"
        out = root / "out.jsonl"

        def screen(*more: str) -> list[str]:
            return [
                "screen",
                str(applicants),
                "--specs",
                str(specs),
                "-f",
                "jsonl",
                "--as-of",
                args.as_of,
                "--exit-zero",
                "-d",
                str(answers),
                "-o",
                str(out),
                *more,
            ]

        names = sorted(os.listdir(applicants))
        some = names[::100]  # 1% of the applicants
        without = timed(screen())
        first = timed(screen("--store", str(store)))
        again = timed(screen("--store", str(store)))
        # an analyst answers a question of 1% of the applicants (an answer no point asks for is not applied,
        # and said so: the applicant's results are decided again either way)
        entries = []
        for name in some:
            ident = next(
                line.split(":", 1)[1].strip().strip('"')
                for line in (applicants / name).read_text().splitlines()
                if line.startswith("id:")
            )
            entries.append(
                f'- applicant: "{ident}"\n  point: "MO-CS-G4/otherwise"\n  answer: accept\n  by: A. Analyst\n  date: 2026-11-02\n  because: written request\n'
            )
        answers.write_text("".join(entries))
        answered = timed(screen("--store", str(store)))
        for name in some:  # 1% of the records change
            path = applicants / name
            path.write_text(path.read_text() + "# corrected by the applicant\n")
        edited = timed(screen("--store", str(store)))
        spec = specs / CLASS_FILE
        spec.write_text(spec.read_text() + "# revised\n")
        revised = timed(screen("--store", str(store)))
        kept = root / "kept.jsonl"
        out.rename(kept)
        timed(screen())
        same = filecmp.cmp(kept, out, shallow=False)
        n = len(names)
        print(f"store: again, nothing changed, {n:,}\t{again}\t{first}")
        print(f"store: again, answers for 1% of {n:,}\t{answered}\t{first}")
        print(f"store: again, 1% of {n:,} records edited\t{edited}\t{first}")
        print(f"store: again, 1 class's spec revised\t{revised}\t{first}")
        size = sum(p.stat().st_size for p in root.glob("results.db*"))
        print(
            f"store: first screening {first:.1f} s with the store, {without:.1f} s without; store file {size / 1e6:.0f} MB"
            f" for {kept.stat().st_size / 1e6:.0f} MB of JSON Lines"
        )
        print(f"store: the last output identical to a run without the store: {'yes' if same else 'NO'}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
