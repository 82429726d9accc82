#!/bin/bash
# Every output a refactoring must leave byte-identical, written by one merit into a directory.
#
#   bench/same_outputs.sh OLD_MERIT old/ && bench/same_outputs.sh .venv/bin/merit new/ && diff -r old new
#
# Run from the project's root (specs/, sample_applicants/, docs/schema/ are read from there; give the
# old merit's own checkout with REPO=DIR). Covers screen (jsonl, json, csv, each with and without
# --explain; the table; --explain text; --series customer-service) on the sample applicants and 300
# applicants of bench/gen.py, show of every class, compare of every series and family, classes,
# validate specs/, schema and docs/schema/*.json, and test specs. Each output ends with its exit code.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)  # this bench/: its gen.py writes the applicants of both runs
M=$1
O=$(mkdir -p "$2" && cd "$2" && pwd)
cd "${REPO:-.}" || exit 2
export MERIT_NO_CACHE=1 COLUMNS=120 NO_COLOR=1
D=2026-11-01
GEN="${TMPDIR:-/tmp}/merit-same-outputs-applicants"  # one place for both runs: records name their file
rm -rf "$GEN"
python3 -B -c "import sys; sys.path.insert(0, '$HERE'); from gen import write_applicants; from pathlib import Path; write_applicants(Path(sys.argv[1]), 300)" "$GEN"
run() { out=$1; shift; "$M" "$@" > "$O/$out" 2>&1; echo "rc $?" >> "$O/$out"; }
for src in sample gen; do
  if [ $src = sample ]; then IN=(sample_applicants/*.yaml); else IN=("$GEN"/*.yaml); fi
  for f in jsonl json csv; do
    run "$src.$f" screen "${IN[@]}" --as-of $D -f $f
    run "$src.explain.$f" screen "${IN[@]}" --as-of $D -f $f --explain
  done
  run "$src.table" screen "${IN[@]}" --as-of $D
  run "$src.explain.text" screen "${IN[@]}" --as-of $D --explain
  run "$src.customer-service" screen "${IN[@]}" --as-of $D --series customer-service
  run "$src.customer-service.jsonl" screen "${IN[@]}" --as-of $D --series customer-service -f jsonl --explain
done
rm -rf "$GEN"
run classes classes
run classes.json classes -f json
listed=$("$M" classes -f json)
for c in $(python3 -c 'import json, sys; print(" ".join(c["class"] for s in json.loads(sys.argv[1])["series"] for c in s["classes"]))' "$listed"); do
  for f in table json markdown; do run "show.$c.$f" show "$c" -f $f; done
done
for s in $(python3 -c 'import json, sys; d = json.loads(sys.argv[1])["series"]; print(" ".join(sorted({s["id"] for s in d} | {f for s in d for f in s.get("families", [])})))' "$listed"); do
  for f in table json markdown csv; do run "compare.$s.$f" compare --series "$s" -f $f; done
done
run validate validate specs/
for k in applicant spec determinations; do run "schema.$k" schema $k; done
run test test specs
cp -r docs/schema "$O/docs-schema"
