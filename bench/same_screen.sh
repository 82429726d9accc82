#!/bin/bash
# Every output of a batch that a change to the batch pipeline must leave byte-identical, written by one
# merit into a directory: merit screen in every format, with and without --explain and --reasons,
# --jobs 1 and 2, on a directory, on the same applicants as files, as one long file (a YAML list and
# many documents) and on standard input, each batch with a bad file and a duplicate id in it.
#
#   bench/same_screen.sh OLD_MERIT old/ && bench/same_screen.sh .venv/bin/merit new/ && diff -r old new
#
# Each output is standard output, then standard error, then the exit code. N (default 200) applicants;
# SOURCES (default "dir files many list stdin") picks the inputs. Over about 370 applicants the long
# file (many, list) is cut into slices for --jobs 2.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
M=$1
O=$(mkdir -p "$2" && cd "$2" && pwd)
cd "${REPO:-.}" || exit 2
export MERIT_NO_CACHE=1 COLUMNS=120 NO_COLOR=1
D=2026-11-01
GEN="${TMPDIR:-/tmp}/merit-same-screen-applicants"  # one place for both runs: records name their file
rm -rf "$GEN"
python3 -B - "$GEN" "${N:-200}" <<EOF
import sys; sys.path.insert(0, "$HERE")
from pathlib import Path
from gen import write_applicants
root = Path(sys.argv[1]); paths = write_applicants(root / "dir", int(sys.argv[2]))
texts = [p.read_text() for p in paths]
(root / "dir" / "applicant-000007b.yaml").write_text("id: [unclosed\n")  # a bad file
(root / "dir" / "applicant-000009b.yaml").write_text(texts[8])  # an id seen before
docs = texts[:50] + ["id: A-BAD\nbirth: nope\n"] + texts[50:] + [texts[3]]
(root / "many.yaml").write_text("".join("---\n" + t for t in docs))
(root / "list.yaml").write_text("".join("- " + t.replace("\n", "\n  ").rstrip(" ") for t in docs))
EOF
run() { out=$1; shift; "$M" "$@" > "$O/$out" 2> "$O/$out.err" < "${STDIN:-/dev/null}"; echo "rc $?" >> "$O/$out.err"; }
for jobs in 1 2; do
  for src in ${SOURCES:-dir files many list stdin}; do
    case $src in
      dir) IN=("$GEN/dir") ;;
      files) IN=("$GEN"/dir/*.yaml) ;;
      many|list) IN=("$GEN/$src.yaml") ;;
      stdin) IN=("$GEN/dir" - "$GEN/list.yaml") ;;
    esac
    export STDIN="$GEN/many.yaml"
    k="$src.j$jobs"
    for f in table jsonl json csv tsv determinations; do
      run "$k.$f" screen "${IN[@]}" --as-of $D -f $f -j $jobs
      run "$k.explain.$f" screen "${IN[@]}" --as-of $D -f $f --explain -j $jobs
    done
    for r in summary none; do
      for f in jsonl csv; do run "$k.reasons-$r.$f" screen "${IN[@]}" --as-of $D -f $f --reasons $r -j $jobs; done
    done
    run "$k.series" screen "${IN[@]}" --as-of $D --series customer-service -j $jobs
    run "$k.series.jsonl" screen "${IN[@]}" --as-of $D --series customer-service -f jsonl -j $jobs
    run "$k.summary" screen "${IN[@]}" --as-of $D -f jsonl --summary -c JI60 -j $jobs
    run "$k.quiet" screen "${IN[@]}" --as-of $D --quiet -j $jobs
    run "$k.output" screen "${IN[@]}" --as-of $D -o "$O/$k.out.jsonl" -j $jobs
  done
done
rm -rf "$GEN"
