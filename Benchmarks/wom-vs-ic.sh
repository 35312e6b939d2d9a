#!/usr/bin/env bash
# `wom` with every mechanism on against IC on the same graph, seed nodes and replicate seeds
# (issue 6 target: wom ≤ 3× IC). Builds release, runs the two cases alternately for ROUNDS rounds
# (default 3) with `--threads 1`, and prints the median seconds per replicate of each (`boca
# simulate`'s s_per_rep: the replicate loop alone) and their ratio, with the mean final adopters
# of each so that the cascade sizes can be compared.
#
#   bash Benchmarks/wom-vs-ic.sh                 # 3 rounds
#   ROUNDS=5 WOM_REPS=400 bash Benchmarks/wom-vs-ic.sh
#   IC_P=0.45 WOM_PARAMS="p=0.0005 q=0.3 ..." bash Benchmarks/wom-vs-ic.sh
#
# The graph is the peer bench's BA n = 10,000, m = 3 (seed 1) and its 10 seed nodes; it has one
# side, so the cross-side effect χ is set but inert (X = 1), and `lurkers=all` makes every node a
# lurker. The default wom set switches every mechanism on (docs/wom.md §4): external and internal
# influence, viral cascade, credibility feedback (gain and loss from C0 < 1), promoters (π < 1)
# and agitators (ε), promoter moderation (μ), listening (r, ρ), rewards with crowding-out (R > R*,
# κ), lurkers (λ), cross-side χ, forgetting (f). IC_P is chosen so that IC's mean spread is close
# to wom's (both are printed).
set -euo pipefail
cd "$(dirname "$0")/.."
W=${BOCA_BENCH_DIR:-/tmp/boca-bench}; mkdir -p "$W"
ROUNDS=${ROUNDS:-3}
IC_P=${IC_P:-0.45}
IC_REPS=${IC_REPS:-2000}
WOM_REPS=${WOM_REPS:-200}
WOM_PARAMS=${WOM_PARAMS:-"p=0.0005 q=0.3 pic=0.05 C0=0.7 gain=0.2 loss=0.2 pi=0.8 eps=0.01 mu=0.5 r=0.3 rho=0.5 R=0.3 Rstar=0.2 kappa=0.5 lurkers=all lambda=0.3 chi=0.5 f=0.05"}
SEEDS=2040,2271,3165,3911,6424,6761,6985,7880,7970,9883
swift build -c release --product boca >/dev/null
B=$(swift build -c release --show-bin-path)/boca
G=$W/ba_10000_3_seed1.edges
[ -f "$G" ] || "$B" graph generate --gen ba:10000:3 --seed 1 --out "$G" >/dev/null 2>&1
wom_args=()
for kv in $WOM_PARAMS; do wom_args+=(--param "$kv"); done
# Prints "s_per_rep mean_spread" of one run.
run() { "$B" simulate --edges "$G" --seed-nodes "$SEEDS" --threads 1 --rng-seed 1 "$@" | tail -1 | awk -F, '{print $8, $4}'; }
ic=(); wom=(); ic_spread=""; wom_spread=""
for round in $(seq 1 "$ROUNDS"); do
  read -r s spread < <(run --model ic --p "$IC_P" --replicates "$IC_REPS"); ic+=("$s"); ic_spread=$spread
  read -r s spread < <(run --model wom "${wom_args[@]}" --replicates "$WOM_REPS"); wom+=("$s"); wom_spread=$spread
  echo "round $round: ic ${ic[-1]} s/rep, wom ${wom[-1]} s/rep"
done
python3 - "$IC_P" "$ic_spread" "$wom_spread" "${ic[*]}" "${wom[*]}" <<'PY'
import statistics, sys
p, ic_spread, wom_spread = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
ic = [float(v) for v in sys.argv[4].split()]
wom = [float(v) for v in sys.argv[5].split()]
mi, mw = statistics.median(ic), statistics.median(wom)
print(f"ic  p={p}: median {mi:.4g} s/replicate, mean spread {ic_spread:.1f}")
print(f"wom all on: median {mw:.4g} s/replicate, mean spread {wom_spread:.1f}")
print(f"ratio wom/ic (medians): {mw / mi:.2f}x  (round ratios: {', '.join(f'{w / i:.2f}' for i, w in zip(ic, wom))})")
PY
