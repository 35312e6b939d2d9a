#!/usr/bin/env bash
# Overhead of Boca's result tables relative to the simulation alone, on a sweep of 10 points ×
# 1,000 replicates of IC on BA n=200,000 m=5 (the peer bench's graph file and seed nodes).
#
# "Simulation alone" is the sum over the 10 points of `boca simulate`'s `seconds` (the replicate
# loop, no output); the sweep is `boca run` writing runs.csv, summary.csv, results.sqlite and the
# manifest, timed from its start to the end, minus its own graph loading (load_seconds measured
# by simulate). Overhead = sweep / simulation − 1. Median of 3 alternating rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${BOCA_BENCH_DIR:-/tmp/boca-bench}; mkdir -p "$W"
swift build -c release --product boca >/dev/null
B=$(swift build -c release --show-bin-path)/boca
G=$W/ba_200000_5_seed1.edges
[ -f "$G" ] || "$B" graph generate --gen ba:200000:5 --seed 1 --out "$G" 2>/dev/null
SEEDS="[40834, 45465, 63349, 78221, 128534, 135249, 139836, 157723, 159469, 197690]"
[ "$(grep -c . "$G")" -gt 0 ]
VALUES="0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1"
cat > "$W/overhead.yaml" <<YAML
name: sweep-overhead
seed: 7
replicates: 1000
graph: {load: {edges: $G}}
model: {name: ic, p: 0.05}
seeds: {policy: nodes, nodes: $SEEDS}
sweep: {design: grid, model.p: [$VALUES]}
outputs: {sqlite: true}
YAML
ids=$(echo "$SEEDS" | tr -d '[] ')
rounds=()
for round in 1 2 3; do
  sim=0; load=0
  for p in ${VALUES//,/}; do
    row=$("$B" simulate --model ic --edges "$G" --p "$p" --seed-nodes "$ids" --replicates 1000 --rng-seed 7 --threads 1 | tail -1)
    sim=$(python3 -c "print($sim + float('$row'.split(',')[6]))")
    load=$(python3 -c "print(float('$row'.split(',')[8]))")
  done
  rm -rf "$W/overhead-run"
  start=$(date +%s.%N)
  "$B" run "$W/overhead.yaml" --out "$W/overhead-run" --threads 1 --quiet >/dev/null
  end=$(date +%s.%N)
  sweep=$(python3 -c "print($end - $start - $load)")
  ratio=$(python3 -c "print($sweep / $sim - 1)")
  echo "round $round: simulation alone ${sim} s, sweep with tables ${sweep} s (after ${load} s load), overhead $(python3 -c "print(f'{100*$ratio:.1f}')")%" >&2
  rounds+=("$ratio")
done
python3 -c "import statistics,sys; print(f'median overhead of the tables: {100*statistics.median(map(float,sys.argv[1:])):.1f}%')" "${rounds[@]}"
