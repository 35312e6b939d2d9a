#!/usr/bin/env bash
# Scale benchmark (not a test): a Barabási–Albert graph of N nodes and about M·N edges is
# generated, written, read back and run through IC replicates. Prints a Markdown table.
#
#   Benchmarks/scale.sh [N] [M] [REPLICATES]      (default 10000000 5 20)
#
# Env: BOCA (the binary; default .build/release/boca, built with
# `swift build -c release --product boca` if missing), OUT (the edge list; default
# /tmp/ba<N>_<M>.edges), KEEP=1 keeps the file. Peak RSS comes from /usr/bin/time (max RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
M=${2:-5}
REPS=${3:-20}
BOCA=${BOCA:-.build/release/boca}
OUT=${OUT:-/tmp/ba${N}_${M}.edges}
[ -x "$BOCA" ] || swift build -c release --product boca >&2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; [ "${KEEP:-0}" = 1 ] || rm -f "$OUT"' EXIT

/usr/bin/time -f '%e %M' -o "$TMP/gen.time" \
  "$BOCA" graph generate --gen "ba:$N:$M" --seed 1 --out "$OUT" 2> "$TMP/gen.err"
read -r GEN_S GEN_KB < "$TMP/gen.time"
BYTES=$(stat -c %s "$OUT")

/usr/bin/time -f '%e %M' -o "$TMP/sim.time" \
  "$BOCA" simulate --model ic --edges "$OUT" --p 0.05 --seed-nodes 1,2,3 --replicates "$REPS" --threads 1 \
  > "$TMP/sim.csv" 2> "$TMP/sim.err"
read -r SIM_S SIM_KB < "$TMP/sim.time"
# Columns by name from the CSV header.
col() { awk -F, -v k="$1" 'NR==1{for(i=1;i<=NF;i++) if($i==k) c=i} NR==2{print $c}' "$TMP/sim.csv"; }
LOAD_S=$(col load_seconds)
S_PER_REP=$(col s_per_rep)
GRAPH_MB=$(col graph_mb)
EDGES=$(col edges)
MEAN=$(col mean_spread)

awk -v n="$N" -v m="$M" -v edges="$EDGES" -v reps="$REPS" -v gen="$GEN_S" -v bytes="$BYTES" \
  -v load="$LOAD_S" -v gmb="$GRAPH_MB" -v genkb="$GEN_KB" -v simkb="$SIM_KB" -v spr="$S_PER_REP" \
  -v simall="$SIM_S" -v mean="$MEAN" 'BEGIN {
  printf "Graph: ba:%d:%d (%d nodes, %d edges), IC p=0.05, seeds 1,2,3, %d replicates (mean spread %s)\n\n", n, m, n, edges, reps, mean
  print "| measure | value |"
  print "| --- | ---: |"
  printf "| generate + write, s | %.2f |\n", gen
  printf "| edge-list file, MB | %.1f |\n", bytes / 1e6
  printf "| load (read + build), s | %.2f |\n", load
  printf "| read speed, MB/s | %.1f |\n", bytes / 1e6 / load
  printf "| graph_mb (adjacency) | %.1f |\n", gmb
  printf "| peak RSS generate, MiB | %.1f |\n", genkb / 1024
  printf "| peak RSS simulate, MiB | %.1f |\n", simkb / 1024
  printf "| IC s per replicate | %.4f |\n", spr
  printf "| simulate wall, s | %.2f |\n", simall
}'
