"""The speed budgets of PRODUCT.md, measured as ratios on this machine in one run.

    python bench/bench.py [--n 10000] [--big 100000] [--seed 2026] [--quick]

- start-up: `merit screen` of one applicant against one class, whole process,
  against `python -c "import typer, yaml"` (medians of interleaved runs);
- batch: N applicants x every class in one process (--format jsonl to a file)
  against a process that only parses the same files with PyYAML's C loader (no slower than in 2026:
  ≤ 14× for full records; summary and none are reported beside it, their budget is against full records);
- jobs: one applicant with 400 and 1,600 jobs against 100 and 400 (linear: ≤ 5×);
- memory: peak RSS of the screening process alone (started by a small launcher) for N and for --big applicants;
- jobs: `--jobs 2` against `--jobs 1` on the N batch, with byte-identical output;
- store: screening again with `--store` after 1% of the applicants' answers or records changed, or
  one class's spec, against the first screening with the store (≤ 10%; bench/store.py);
- reasons: `--reasons summary` against full records in the same run (≤ 0.75×), and the bytes a
  record of each `--reasons`;

then where the batch's time goes, phase by phase (bench/phases.py).

Prints a table and exits 1 when a budget is missed. Applicant files are
generated into a temporary directory (bench/gen.py, reproducible from --seed).
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen import write_applicants  # noqa: E402

AS_OF = "2026-11-01"
PY = sys.executable
MERIT = [PY, "-m", "merit"]
SCREEN = ["screen", "--format", "jsonl", "--as-of", AS_OF, "--exit-zero"]

PARSE_ONLY = """\
import os, sys, yaml
from yaml import CSafeLoader
for root in sys.argv[1:]:
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), "rb") as f:
            yaml.load(f.read(), Loader=CSafeLoader)
"""


# A small process starts the measured one and reports its peak RSS alone. Measured straight from
# here, the peak would include this process: a fork copies it, and the kernel keeps the copy's
# high-water mark across the exec.
LAUNCH = """\
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB of the command (the largest of it and its workers) and the exit code."""
    with tempfile.NamedTemporaryFile("r", prefix="merit-bench-rss-") as rss:
        start = time.perf_counter()
        proc = subprocess.run([PY, "-c", LAUNCH, rss.name, *cmd], stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        peak = int(rss.read() or 0)
    if proc.returncode not in (0, 1):
        err = proc.stderr.decode(errors="replace")
        raise SystemExit(f"bench: {' '.join(cmd[:6])} ... exited {proc.returncode}:\n{err[-2000:]}")
    return wall, peak, proc.returncode


SCALING = """\
import datetime as dt, random, sys, time
import merit
from merit.model.applicants import Applicant, Job
catalogue = merit.load_catalogue()
rng = random.Random(7)
for n in map(int, sys.argv[1:]):
    jobs = []
    for _ in range(n):  # overlapping City call-center and supervision jobs: every class weighs them
        start = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 4000))
        end = min(start + dt.timedelta(days=rng.randint(200, 2000)), dt.date(2026, 10, 31))
        jobs.append(Job(start=start, end=end, sector=rng.choice(["city", "state", "private"]),
                        jurisdiction=rng.choice(["Philadelphia", "Los Angeles", "California"]),
                        hours_per_week=rng.choice([10, 20, 40]), inbound_call_percent=95, supervised_staff=2,
                        duties={d: None for d in ("call-center", "supervision", "customer-service", "collections")}))
    applicant = Applicant(id=f"J-{n}", experience=jobs)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        merit.screen(applicant, catalogue, None, dt.date(2026, 11, 1), "requirements")
        best = min(best, time.perf_counter() - t)
    print(n, best)
"""


def output_size(path: Path) -> tuple[int, int]:
    """Bytes and records (lines) of a JSON Lines output."""
    records = 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            records += block.count(b"\n")
    return path.stat().st_size, records


def medians(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command, runs interleaved so that drift hits all alike."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    for cmd in commands.values():  # warm the page cache once
        run(cmd)
    for _ in range(repeat):
        for name, cmd in commands.items():
            times[name].append(run(cmd)[0])
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="applicants in the batch (default 10000)")
    ap.add_argument("--big", type=int, default=100_000, help="applicants in the memory run (default 100000; 0 skips it)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeat", type=int, default=21, help="start-up runs of each command (median)")
    ap.add_argument("--rounds", type=int, default=3, help="batch runs of each kind (the best counts)")
    ap.add_argument("--quick", action="store_true", help="n=2000, big=0, repeat=9, rounds=1: a smoke run, not the figures")
    ap.add_argument("--dir", help="keep the generated applicants here (default: a temporary directory)")
    args = ap.parse_args()
    if args.quick:
        args.n, args.big, args.repeat, args.rounds = 2000, 0, 9, 1

    # An installed merit has its bytecode compiled; an editable checkout may not (PYTHONDONTWRITEBYTECODE).
    spec = importlib.util.find_spec("merit")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("bench: merit is not installed in this Python (run make bench, or pip install -e .)")
    compileall.compile_dir(list(spec.submodule_search_locations)[0], quiet=1)

    with tempfile.TemporaryDirectory(prefix="merit-bench-") as tmp:
        root = Path(args.dir) if args.dir else Path(tmp)
        small = root / f"applicants-{args.n}"
        t = time.perf_counter()
        if not small.is_dir() or len(os.listdir(small)) != args.n:
            write_applicants(small, args.n, args.seed)
        print(f"generated {args.n} applicants in {time.perf_counter() - t:.1f} s ({small})", file=sys.stderr)
        one = small / "applicant-000001.yaml"
        # the same applicants as one file of many documents, as an office's export gives them
        export = root / f"applicants-{args.n}.yaml"
        if not export.is_file():
            with export.open("w", encoding="utf-8") as f:
                for name in sorted(os.listdir(small)):
                    f.write("---\n" + (small / name).read_text(encoding="utf-8"))
        rows = []

        # start-up
        m = medians(
            {
                "base": [PY, "-c", "import typer, yaml"],
                "merit": [*MERIT, *SCREEN, "--class", "JI60", str(one)],
            },
            args.repeat,
        )
        rows.append(("start-up: 1 applicant x 1 class", m["merit"], m["base"], "python -c 'import typer, yaml'", 1.3, "max"))

        # batch, jobs 1 and 2, and memory at N: the best of --rounds interleaved runs of each,
        # as timeit takes the best, since other load on the machine only ever adds time
        out1, out2 = root / "jobs1.jsonl", root / "jobs2.jsonl"
        base = one_job = two_jobs = file_one_job = file_two_jobs = float("inf")
        lean = {"summary": float("inf"), "none": float("inf")}  # --reasons: records without the tree, or without reasons
        outputs = {}  # bytes and records of each --reasons's output
        for _ in range(args.rounds):
            base = min(base, run([PY, "-c", PARSE_ONLY, str(small)])[0])
            wall, rss_small, _ = run([*MERIT, *SCREEN, "-o", str(out1), str(small)])
            one_job = min(one_job, wall)
            two_jobs = min(two_jobs, run([*MERIT, *SCREEN, "--jobs", "2", "-o", str(out2), str(small)])[0])
            file_one_job = min(file_one_job, run([*MERIT, *SCREEN, "-o", str(root / "file1.jsonl"), str(export)])[0])
            file_two_jobs = min(file_two_jobs, run([*MERIT, *SCREEN, "--jobs", "2", "-o", str(root / "file2.jsonl"), str(export)])[0])
            for reasons in lean:
                command = [*MERIT, *SCREEN, "--reasons", reasons, "-o", str(root / "lean.jsonl"), str(small)]
                lean[reasons] = min(lean[reasons], run(command)[0])
                outputs[reasons] = output_size(root / "lean.jsonl")
        (root / "lean.jsonl").unlink()
        outputs["full"] = output_size(out1)
        rows.append((f"batch: {args.n:,} applicants x every class", one_job, base, "parse only (PyYAML C loader)", 14.0, "max"))
        rows.append((f"batch, --reasons summary, {args.n:,} applicants", lean["summary"], base, "parse only", None, "max"))
        rows.append((f"batch, --reasons none, {args.n:,} applicants", lean["none"], base, "parse only", None, "max"))
        rows.append(("--reasons summary vs full records, same run", lean["summary"], one_job, "full records", 0.75, "max"))
        same = filecmp.cmp(out1, out2, shallow=False)  # streamed: holding both would inflate later RSS figures
        rows.append((f"--jobs 2 vs --jobs 1, {args.n:,} applicants", one_job, two_jobs, "--jobs 1 / --jobs 2 (speed-up)", 1.7, "min"))
        same_file = filecmp.cmp(root / "file1.jsonl", root / "file2.jsonl", shallow=False)
        rows.append((f"--jobs 2 vs --jobs 1, one file of {args.n:,}", file_one_job, file_two_jobs, "speed-up", 1.7, "min"))
        (root / "file1.jsonl").unlink()
        (root / "file2.jsonl").unlink()
        size = out1.stat().st_size
        out1.unlink()
        out2.unlink()

        # cost linear in an applicant's jobs: one applicant with 4 times the jobs takes at most 5 times as long
        sizes = (100, 400, 1600)
        done = subprocess.run([PY, "-c", SCALING, *map(str, sizes)], capture_output=True, text=True, check=True).stdout
        took = {int(n): float(t) for n, t in (line.split() for line in done.splitlines())}
        for a, b in zip(sizes, sizes[1:]):
            rows.append((f"1 applicant, {b:,} jobs vs {a:,} (every class)", took[b], took[a], "time", 5.0, "max"))

        # where the batch's time goes, phase by phase (no budget: it explains the batch figure)
        here = Path(__file__).resolve().parent
        phases = "".join(
            subprocess.run(
                [PY, str(here / "phases.py"), str(small), "--as-of", AS_OF, "--reasons", reasons],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for reasons in ("full", "summary")
        )

        # the office loop: screening again with a results store after a few changes (bench/store.py)
        store = subprocess.run([PY, str(here / "store.py"), str(small), "--as-of", AS_OF], capture_output=True, text=True, check=True).stdout
        store_rows = [line.split("\t") for line in store.splitlines() if line.count("\t") == 2]
        for name, mine, theirs in store_rows:
            rows.append((name, float(mine), float(theirs), "first screening with the store", 0.10, "max"))
        store_notes = [line for line in store.splitlines() if line.count("\t") != 2]

        rss_big = None
        if args.big:
            # The big run screens --big distinct applicants: the first N are the
            # batch's files, the rest are generated beside them with another seed.
            extra = root / f"applicants-extra-{args.big - args.n}"
            if not extra.is_dir() or len(os.listdir(extra)) != args.big - args.n:
                t = time.perf_counter()
                write_applicants(extra, args.big - args.n, args.seed + 1, first=args.n + 1)
                print(f"generated {args.big - args.n} more in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            t = time.perf_counter()
            _, rss_big, _ = run([*MERIT, *SCREEN, "--jobs", "2", "-o", str(root / "big.jsonl"), str(small), str(extra)])
            (root / "big.jsonl").unlink()
            big_wall = time.perf_counter() - t
            # the same kind of run (2 jobs) at N, for a like-for-like comparison
            _, rss_small2, _ = run([*MERIT, *SCREEN, "--jobs", "2", "-o", str(root / "small.jsonl"), str(small)])
            (root / "small.jsonl").unlink()
            rows.append((f"peak RSS: {args.big:,} vs {args.n:,} (--jobs 2)", rss_big / 1024, rss_small2 / 1024, "MiB", 1.10, "max"))
            print(f"memory run: {args.big:,} applicants in {big_wall:.0f} s", file=sys.stderr)

    failed = False
    print(f"\nmerit benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, seed {args.seed}\n")
    print(f"| {'measure':<44} | {'merit':>9} | {'against':>9} | {'ratio':>6} | budget  | ok |")
    print(f"|{'-' * 46}|{'-' * 11}|{'-' * 11}|{'-' * 8}|---------|----|")
    for name, mine, theirs, unit, budget, kind in rows:
        ratio = mine / theirs
        fig = (lambda x: f"{x:8.1f}M") if unit == "MiB" else (lambda x: f"{x:8.3f}s")
        if budget is None:  # reported for its figure, with no budget of its own
            print(f"| {name:<44} | {fig(mine)} | {fig(theirs)} | {ratio:5.2f}× | {'-':<7} | {'-':>2} |")
            continue
        ok = ratio <= budget if kind == "max" else ratio >= budget
        failed |= not ok
        sign = "≤" if kind == "max" else "≥"
        print(f"| {name:<44} | {fig(mine)} | {fig(theirs)} | {ratio:5.2f}× | {sign} {budget:<4}× | {'yes' if ok else 'NO':>2} |")
    print(f"\npeak RSS, {args.n:,} applicants, --jobs 1: {rss_small / 1024:.1f} MiB; output {size / 1e6:.0f} MB of JSON Lines")
    if rss_big:
        print(f"peak RSS, {args.big:,} applicants, --jobs 2: {rss_big / 1024:.1f} MiB")
    print(f"--jobs 2 output identical to --jobs 1: {'yes' if same else 'NO'}; on one file: {'yes' if same_file else 'NO'}")
    print("\n".join(store_notes))
    full_time = one_job
    for reasons, took in (("full", full_time), ("summary", lean["summary"]), ("none", lean["none"])):
        written, records = outputs[reasons]
        print(
            f"--reasons {reasons:<7}: {took:6.2f} s, {took / full_time:.2f}× full records; "
            f"{written / max(records, 1):,.0f} bytes a record ({records:,} records, {written / 1e6:.0f} MB)"
        )
    print(phases, end="")
    failed |= not same or not same_file
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
