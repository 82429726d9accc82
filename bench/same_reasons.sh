#!/bin/bash
# Every record of `merit screen --reasons summary`, `full` and `none` (and --explain and the table), written
# by one merit into a directory, to compare a change to how records are decided or rendered byte for byte.
#
#   bench/same_reasons.sh OLD_MERIT old/ && bench/same_reasons.sh .venv/bin/merit new/ && diff -r old new
#
# Run from the project's root (give the old merit's own checkout with REPO=DIR). N (default 2000)
# applicants of bench/gen.py against every class, in jsonl, json, csv and tsv with each --reasons,
# each four ways: as they are, with --policy examples/policy.yaml, with a determinations file that
# answers every open decision point of the batch (accept and reject by turns, and one answer that
# names no point, which is stale), and with both. The determinations file is made from the merit's
# own `-f determinations` output and kept with the outputs. Each output ends with its exit code.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
M=$1
O=$(mkdir -p "$2" && cd "$2" && pwd)
cd "${REPO:-.}" || exit 2
export MERIT_NO_CACHE=1 COLUMNS=120 NO_COLOR=1
D=2026-11-01
GEN="${TMPDIR:-/tmp}/merit-same-reasons-applicants"  # one place for both runs: records name their file
rm -rf "$GEN"
python3 -B -c "import sys; sys.path.insert(0, '$HERE'); from gen import write_applicants; from pathlib import Path; write_applicants(Path(sys.argv[1]), int(sys.argv[2]))" "$GEN/in" "${N:-2000}"
"$M" screen "$GEN/in" --as-of $D -f determinations --exit-zero -j 2 > "$GEN/open.yaml"
python3 -B - "$GEN/open.yaml" "$GEN/answers.yaml" <<'EOF'
import sys
turn, out = 0, []
for line in open(sys.argv[1], encoding="utf-8"):
    key = line.strip()
    if key == "answer:":
        turn += 1
        line = line.replace("answer:", "answer: " + ("accept" if turn % 2 else "reject"))
    elif key == "by:":
        line = line.replace("by:", "by: J. Analyst")
    elif key == "date:":
        line = line.replace("date:", "date: 2026-10-15")
    elif key == "because:":
        line = line.replace("because:", "because: checked with the employer")
    out.append(line)
out.append('- applicant: "A-000001"\n  point: "JI60/pattern-i/job-nothing-at-nowhere-from-2020-01-01"\n'
           "  answer: accept\n  by: J. Analyst\n  date: 2026-10-15\n  because: a point no result asks\n")
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
EOF
cp "$GEN/answers.yaml" "$O/answers.yaml"
run() { out=$1; shift; "$M" "$@" > "$O/$out" 2>&1; echo "rc $?" >> "$O/$out"; }
for way in plain policy answers both; do
  case $way in
    plain) X=() ;;
    policy) X=(--policy examples/policy.yaml) ;;
    answers) X=(-d "$GEN/answers.yaml") ;;
    both) X=(--policy examples/policy.yaml -d "$GEN/answers.yaml") ;;
  esac
  for r in summary full none; do
    for f in jsonl json csv tsv; do
      run "$way.$r.$f" screen "$GEN/in" --as-of $D -f $f --reasons $r -j 2 "${X[@]}"
    done
  done
  run "$way.explain.jsonl" screen "$GEN/in" --as-of $D -f jsonl --explain -j 2 "${X[@]}"
  run "$way.table" screen "$GEN/in" --as-of $D -j 2 "${X[@]}"
done
rm -rf "$GEN"
