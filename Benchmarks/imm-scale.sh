#!/usr/bin/env bash
# IMM at scale: `boca seeds --policy imm --k 50` on BA n=200,000 m=5 (the peer bench's graph) for
# several IC probabilities, from subcritical (p=0.01) to strongly supercritical (p=0.2).
#
# Reports, per p, the median over 3 rounds of the selection time alone (from `--verbose`: RR-set
# sampling and greedy, no graph loading) and of the whole command, the certified ratio
# σˡ(S)/σᵘ(OPT), and the Monte Carlo spread (1,000 IC replicates, same seeds for both) of the IMM
# seeds against the 50 highest-degree nodes. Writes Benchmarks/results/imm-scale.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
W=${BOCA_BENCH_DIR:-/tmp/boca-bench}; mkdir -p "$W"
swift build -c release --product boca >/dev/null
B=$(swift build -c release --show-bin-path)/boca
G=$W/ba_200000_5_seed1.edges
[ -f "$G" ] || "$B" graph generate --gen ba:200000:5 --seed 1 --out "$G" 2>/dev/null
OUT=Benchmarks/results/imm-scale.csv
mkdir -p Benchmarks/results
"$B" seeds --policy degree --k 50 --edges "$G" > "$W/imm-degree.txt"
spread() { "$B" simulate --edges "$G" --model ic --param "p=$1" --seed-nodes "$(paste -sd, "$2")" \
  --replicates 1000 --rng-seed 5 --threads 1 | tail -1 | cut -d, -f4; }
echo "p,select_seconds_median,wall_seconds_median,rr_sets,entries_stored,sentinel,certified_ratio,imm_spread,degree_spread" > "$OUT.tmp"
for p in 0.01 0.02 0.05 0.1 0.2; do
  sel=(); wall=()
  for r in 1 2 3; do
    t0=$(date +%s.%N)
    "$B" seeds --policy imm --k 50 --edges "$G" --p "$p" --rng-seed 1 --verbose > "$W/imm-$p.txt" 2> "$W/imm-$p.log"
    t1=$(date +%s.%N)
    wall+=("$(python3 -c "print(round($t1 - $t0, 3))")")
    sel+=("$(sed -n 's/.*, \([0-9.e+-]*\) s$/\1/p' "$W/imm-$p.log")")
  done
  med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
  line=$(cat "$W/imm-$p.log")
  sets=$(echo "$line" | sed -n 's/.* rounds, \([0-9]*\) RR sets.*/\1/p')
  entries=$(echo "$line" | sed -n 's/.*), \([0-9]*\) entries stored.*/\1/p')
  sentinel=$(echo "$line" | sed -n 's/.*sentinel \([0-9]*\) nodes.*/\1/p')
  ratio=$(echo "$line" | sed -n 's/.*certified ratio \([0-9.]*\),.*/\1/p')
  echo "$p,$(med "${sel[@]}"),$(med "${wall[@]}"),$sets,$entries,$sentinel,$ratio,$(spread "$p" "$W/imm-$p.txt"),$(spread "$p" "$W/imm-degree.txt")" >> "$OUT.tmp"
done
mv "$OUT.tmp" "$OUT"
column -s, -t "$OUT" 2>/dev/null || cat "$OUT"
