"""Peak memory of `merit summary` and `merit report` as the batch of saved results grows.

    python bench/results_memory.py [--small 10000] [--big 100000] [--seed 2026] [--merit PATH]

Screens a few hundred generated applicants (bench/gen.py) against every class once, then writes
results files of --small and --big records by repeating those records under new applicant ids (the
records are as large as real ones; only the ids are new). For each file it measures the peak RSS of
`merit summary -f json` and of `merit report -o FILE` (each process alone, started by a small
launcher), and the size of the report's pages. --merit measures another merit executable (an older
one, for comparison) instead of this environment's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import AS_OF, MERIT, run  # noqa: E402
from gen import write_applicants  # noqa: E402


def results_file(base: list[str], count: int, path: Path) -> Path:
    """``count`` records: the base records again and again, each round under new applicant ids and files."""
    with path.open("w", encoding="utf-8") as out:
        written, round_ = 0, 0
        while written < count:
            for line in base:
                if written == count:
                    break
                r = json.loads(line)
                r["applicant"] = f"{r['applicant']}-{round_}"
                r["file"] = f"{r['file']}#{round_}"
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                written += 1
            round_ += 1
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--applicants", type=int, default=500, help="applicants screened for the base records")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--merit", help="another merit executable to measure")
    args = parser.parse_args()
    merit = [args.merit] if args.merit else MERIT
    with tempfile.TemporaryDirectory(prefix="merit-bench-results-") as tmp:
        root = Path(tmp)
        write_applicants(root / "applicants", args.applicants, args.seed)
        base = root / "base.jsonl"
        subprocess.run([*MERIT, "screen", str(root / "applicants"), "-f", "jsonl", "--as-of", AS_OF, "--exit-zero", "-o", str(base)], check=True)
        lines = base.read_text(encoding="utf-8").splitlines()
        print(f"{len(lines):,} base records from {args.applicants:,} applicants x every class")
        print("| records | results file | summary peak RSS | report peak RSS | report pages | largest page |")
        print("|---|---|---|---|---|---|")
        for count in (args.small, args.big):
            data = results_file(lines, count, root / f"results-{count}.jsonl")
            _, summary_kib, _ = run([*merit, "summary", str(data), "-f", "json"])
            out = root / f"report-{count}" / "report.html"
            out.parent.mkdir()
            _, report_kib, _ = run([*merit, "report", str(data), "-o", str(out)])
            pages = sorted(out.parent.iterdir())
            largest = max(p.stat().st_size for p in pages)
            print(
                f"| {count:,} | {data.stat().st_size / 2**20:,.0f} MiB | {summary_kib / 1024:,.1f} MiB | {report_kib / 1024:,.1f} MiB"
                f" | {len(pages)} | {largest / 2**20:,.1f} MiB |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
