"""Where the time of a batch goes: each phase of `merit screen --format jsonl`, measured in one process.

    python bench/phases.py DIR [--as-of 2026-11-01] [--reasons full|summary|none]

Every applicant file of DIR goes through the phases one at a time, as in a
real run, with a clock around each: reading and validating (into the model),
deciding (every class, reasons down to requirements, as records carry them;
with ``--reasons summary``, what a summary record shows; with ``none``, the
outcomes alone), rendering JSON Lines, and writing them to a file. Each is shown against
parsing the same files with PyYAML's C loader in the same process, the
yardstick of the batch budget: the ratios add up to what the batch costs
beyond start-up, and any phase alone shows how much of the budget it leaves.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time

import yaml

import merit

# How deep each --reasons decides, as merit screen does (merit.detail_for)
DETAIL = {"full": "requirements", "summary": "summary", "none": "outcomes"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory")
    ap.add_argument("--as-of", default="2026-11-01")
    ap.add_argument("--reasons", default="full", choices=sorted(DETAIL), help="the records' reasons, as merit screen --reasons")
    args = ap.parse_args()
    detail, reasons = DETAIL[args.reasons], args.reasons
    as_of = dt.date.fromisoformat(args.as_of)
    files = [os.path.join(args.directory, n) for n in sorted(os.listdir(args.directory))]

    t = time.perf_counter()
    for name in files:
        with open(name, "rb") as f:
            yaml.load(f.read(), Loader=yaml.CSafeLoader)
    parse = time.perf_counter() - t

    catalogue = merit.load_catalogue()
    classes = catalogue.classes
    clock = time.perf_counter
    spent = {"read and validate": 0.0, "decide": 0.0, "render": 0.0, "write": 0.0}
    results = 0
    with tempfile.TemporaryFile("w", encoding="utf-8") as out:
        for name in files:
            t0 = clock()
            loaded = merit.read_applicants(name, catalogue)
            t1 = clock()
            decided = [(a, merit.screen(a, catalogue, classes, as_of, detail)) for a in loaded.applicants]
            t2 = clock()
            texts = ["".join(merit.json_line(d, None, a.name, reasons) + "\n" for d in ds) for a, ds in decided]
            t3 = clock()
            for text in texts:
                out.write(text)
            out.flush()
            t4 = clock()
            spent["read and validate"] += t1 - t0
            spent["decide"] += t2 - t1
            spent["render"] += t3 - t2
            spent["write"] += t4 - t3
            results += sum(len(ds) for _, ds in decided)

    total = sum(spent.values())
    print(f"\nwhere a batch's time goes: {len(files):,} files, {results:,} results, --reasons {reasons}, one process\n")
    print(f"| {'phase':<30} | {'seconds':>8} | {'share':>6} | {'× parse':>8} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 8}|{'-' * 10}|")
    print(f"| {'parse only (PyYAML C loader)':<30} | {parse:8.3f} | {'':>6} | {1:7.2f}× |")
    for phase, seconds in spent.items():
        print(f"| {phase:<30} | {seconds:8.3f} | {seconds / total:6.0%} | {seconds / parse:7.2f}× |")
    print(f"| {'all phases':<30} | {total:8.3f} | {1:6.0%} | {total / parse:7.2f}× |")
    floor = total - spent["decide"]
    print(f"\nwithout deciding at all, reading, rendering and writing alone are {floor / parse:.2f}× parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
