#!/usr/bin/env bash
# Identity check (not a benchmark): do two builds of boca write byte-identical tables for every
# example scenario? Used to show that a reshaping changed no output (issue 15).
#
#   Benchmarks/identity.sh BEFORE_BOCA AFTER_BOCA [SCENARIO…]
#
# BEFORE_BOCA, AFTER_BOCA: two boca binaries (e.g. main's and a branch's .build/release/boca).
# SCENARIO: scenario files or names in scenarios/ (e.g. quickstart or scenarios/quickstart.yaml);
# default: every scenarios/*.yaml.
#
# What it does:
# 1. Copies scenarios/ (with data/, so relative `load:` paths still resolve) to a temp folder.
# 2. Cuts the top-level `replicates: N` in the copies: to $IDENTITY_REPLICATES when that is set;
#    otherwise the file's value is kept unless it is above 200, then it becomes 200. (A
#    non-numeric `replicates:`, e.g. an adaptive block, is left as it is.)
# 3. Runs every scenario with both binaries: `boca run SCENARIO --out DIR`, and also
#    `boca compare SCENARIO --out DIR` for scenarios that have campaign arms (a top-level `arms:`).
#    A fit scenario (a top-level `fits:` list) runs `boca fit SCENARIO --out DIR` instead, with
#    its ABC-SMC entries cut to 40 particles, 3 generations, 1 replicate and 40 predictive draws
#    and its predictive simulations to 200 (the shipped fits take minutes); when BEFORE_BOCA has
#    no `fit` command it is skipped and said so (`skip NAME fit`), not counted as a difference.
#    Both binaries get the same `--threads` ($IDENTITY_THREADS, default: all cores; tables do
#    not depend on it).
# 4. Compares every table (`*.csv` in the run folders, e.g. runs.csv, summary.csv,
#    timeseries.csv, comparison.csv) byte for byte with cmp, and checks that both runs wrote the
#    same set of tables.
#
# Not compared, and why: manifest.json holds wall-clock times (started_at, finished_at), the
# command line with the binary's path and out folder, the tool version and build; the progress
# report on standard error has timings; results.sqlite repeats the CSV tables in a binary file
# (it also stores the manifest); parts/ are the resumable chunks that the CSV tables are
# assembled from; scenario.yaml is a copy of the input. No CSV table holds a wall-clock time or
# a version (checked against the writers in Sources/: runs, summary, timeseries, comparison,
# netlogo-table, sensitivity, boxes, tradeoff), so no *.csv is excluded.
#
# Prints one line per scenario and command (`ok NAME run: 3 tables identical`, or `DIFF NAME
# run: FILE…`, or `FAIL NAME run: …` when a binary exits non-zero), then
# `ok: N scenarios, M tables identical`, or the differing files and exit 1.
# Exit 2 on a usage error. With the defaults the ten examples (18 runs per binary) took 2 min 48 s
# for both binaries on a shared 2-core machine (main's binary against itself, 2026-11-30). Env: IDENTITY_KEEP=1 keeps the temp folder (its path is printed).
set -euo pipefail

usage() {
  echo "usage: $0 BEFORE_BOCA AFTER_BOCA [SCENARIO…]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
BEFORE=$1
AFTER=$2
shift 2
for bin in "$BEFORE" "$AFTER"; do
  if [ ! -x "$bin" ]; then
    echo "$0: $bin: not an executable file" >&2
    exit 2
  fi
done
BEFORE=$(cd "$(dirname "$BEFORE")" && pwd)/$(basename "$BEFORE")
AFTER=$(cd "$(dirname "$AFTER")" && pwd)/$(basename "$AFTER")

ROOT=$(cd "$(dirname "$0")/.." && pwd)
THREADS=${IDENTITY_THREADS:-$(nproc)}
if [ -n "${IDENTITY_REPLICATES:-}" ] && ! [[ "$IDENTITY_REPLICATES" =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: IDENTITY_REPLICATES: expected a positive integer, found '$IDENTITY_REPLICATES'" >&2
  exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/boca-identity.XXXXXX")
if [ "${IDENTITY_KEEP:-0}" = 1 ]; then
  echo "keeping $TMP" >&2
else
  trap 'rm -rf "$TMP"' EXIT
fi
cp -R "$ROOT/scenarios" "$TMP/scenarios"

# The scenarios to run, as base names in the copy.
NAMES=()
if [ $# -eq 0 ]; then
  for f in "$TMP"/scenarios/*.yaml; do NAMES+=("$(basename "$f" .yaml)"); done
else
  for s in "$@"; do
    name=$(basename "$s")
    name=${name%.yaml}
    if [ ! -f "$TMP/scenarios/$name.yaml" ]; then
      echo "$0: $s: no scenarios/$name.yaml" >&2
      exit 2
    fi
    NAMES+=("$name")
  done
fi

# Cut replicates in the copies.
for name in "${NAMES[@]}"; do
  f="$TMP/scenarios/$name.yaml"
  current=$(sed -n 's/^replicates:[[:space:]]*\([0-9][0-9]*\)[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$f" | head -n 1)
  [ -n "$current" ] || continue
  if [ -n "${IDENTITY_REPLICATES:-}" ]; then
    target=$IDENTITY_REPLICATES
  elif [ "$current" -gt 200 ]; then
    target=200
  else
    continue
  fi
  sed -i "s/^replicates:[[:space:]]*[0-9][0-9]*/replicates: $target/" "$f"
done

# Cut the ABC-SMC entries and predictive simulations of fit scenarios.
for name in "${NAMES[@]}"; do
  f="$TMP/scenarios/$name.yaml"
  grep -q '^fits:' "$f" || continue
  sed -i -E 's/^([[:space:]]+particles:)[[:space:]]*[0-9]+/\1 40/; s/^([[:space:]]+generations:)[[:space:]]*[0-9]+/\1 3/;
    s/^([[:space:]]+replicates:)[[:space:]]*[0-9]+/\1 1/; s/^([[:space:]]+predictive_draws:)[[:space:]]*[0-9]+/\1 40/;
    s/^predictive: \{simulations: [0-9]+\}/predictive: {simulations: 200}/' "$f"
  grep -q '^[[:space:]]*generations:' "$f" || sed -i -E 's/^([[:space:]]+)(particles: 40)/\1\2\n\1generations: 3/' "$f"
done

# run_one BIN COMMAND NAME DIR: runs one command; its stderr goes to DIR.err.
run_one() {
  local bin=$1 command=$2 name=$3 dir=$4
  (cd "$TMP/scenarios" && "$bin" "$command" "$name.yaml" --out "$dir" --threads "$THREADS" \
    --quiet > "$dir.out" 2> "$dir.err")
}

SCENARIOS=0
TABLES=0
FAILED=0
DIFFERING=()
for name in "${NAMES[@]}"; do
  commands=(run)
  grep -q '^arms:' "$TMP/scenarios/$name.yaml" && commands+=(compare)
  if grep -q '^fits:' "$TMP/scenarios/$name.yaml"; then
    commands=(fit)
    if ! "$BEFORE" --help 2>/dev/null | grep -qE "^[[:space:]]+fit[[:space:]]"; then
      echo "skip $name fit: $BEFORE has no fit command"
      continue
    fi
  fi
  SCENARIOS=$((SCENARIOS + 1))
  for command in "${commands[@]}"; do
    before="$TMP/out/before/$name.$command"
    after="$TMP/out/after/$name.$command"
    mkdir -p "$(dirname "$before")" "$(dirname "$after")"
    status=ok
    if ! run_one "$BEFORE" "$command" "$name" "$before"; then
      echo "FAIL $name $command: $BEFORE exited non-zero: $(tail -n 3 "$before.err" | tr '\n' ' ')"
      status=fail
    fi
    if ! run_one "$AFTER" "$command" "$name" "$after"; then
      echo "FAIL $name $command: $AFTER exited non-zero: $(tail -n 3 "$after.err" | tr '\n' ' ')"
      status=fail
    fi
    if [ "$status" = fail ]; then
      FAILED=$((FAILED + 1))
      continue
    fi
    tables_before=$(cd "$before" && find . -name '*.csv' -type f | sort)
    tables_after=$(cd "$after" && find . -name '*.csv' -type f | sort)
    diffs=()
    if [ "$tables_before" != "$tables_after" ]; then
      diffs+=("table sets differ: before [$(echo $tables_before)] after [$(echo $tables_after)]")
    fi
    identical=0
    for table in $tables_before; do
      [ -f "$after/$table" ] || continue
      if cmp -s "$before/$table" "$after/$table"; then
        identical=$((identical + 1))
      else
        where=$(cmp "$before/$table" "$after/$table" 2>&1 | head -n 1 | sed 's/.*differ: //' || true)
        diffs+=("${table#./} ($where)")
      fi
    done
    TABLES=$((TABLES + identical))
    if [ ${#diffs[@]} -eq 0 ]; then
      echo "ok $name $command: $identical tables identical"
    else
      echo "DIFF $name $command: ${diffs[*]}"
      DIFFERING+=("$name $command: ${diffs[*]}")
    fi
  done
done

if [ "$FAILED" -gt 0 ] || [ ${#DIFFERING[@]} -gt 0 ]; then
  echo "not ok: $FAILED failed runs, ${#DIFFERING[@]} runs with differing tables ($TABLES tables identical)"
  for d in "${DIFFERING[@]}"; do echo "  $d"; done
  exit 1
fi
echo "ok: $SCENARIOS scenarios, $TABLES tables identical"
