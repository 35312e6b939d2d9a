#!/usr/bin/env bash
# Scaling over threads (issue 14): wall seconds of every model through `boca simulate --threads T`
# (the replicate loop, its `seconds` column) and of the example sweep and campaign comparison
# through `boca run` / `boca compare --threads T` (the whole command), median of REPEATS runs per
# cell (the thread counts alternate within each round, so drift hits them alike).
#
#   Benchmarks/scaling.sh [THREADS...]          default: 1 2
#   Benchmarks/scaling.sh 1 2 4 8 16            on a 16-core machine, unchanged
#
# Environment: BOCA (binary, default .build/release/boca, built when missing), REPEATS (3),
# SCALING_DIR (work folder, default /tmp/boca-scaling; graphs are generated there once),
# SCALE (multiplies every replicate count; 1 = sized so one run takes a few seconds at 1 thread
# on the 2-core development machine), ONLY (a regular expression: run only the matching cases).
# Writes the markdown table to stdout and to Benchmarks/results/scaling-<host>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BOCA=${BOCA:-.build/release/boca}
[ -x "$BOCA" ] || swift build -c release --product boca >&2
REPEATS=${REPEATS:-3}
SCALE=${SCALE:-1}
ONLY=${ONLY:-.}
W=${SCALING_DIR:-/tmp/boca-scaling}
mkdir -p "$W"
if [ $# -eq 0 ]; then THREADS=(1 2); else THREADS=("$@"); fi
for t in "${THREADS[@]}"; do [[ $t =~ ^[1-9][0-9]*$ ]] || { echo "scaling.sh: thread counts must be positive integers, found '$t'" >&2; exit 2; }; done

reps() { python3 -c "import sys; print(max(1, round(int(sys.argv[1]) * float(sys.argv[2]))))" "$1" "$SCALE"; }
graph() { # name spec
  [ -s "$W/$1.edges" ] || "$BOCA" graph generate --gen "$2" --seed 1 --out "$W/$1.edges" >/dev/null
}
graph ba200k ba:200000:5
graph ba10k ba:10000:5

# The example comparison with more replicates (the scenario's own 60 run in well under a second).
compare_yaml=$W/employee-advocacy-scaling.yaml
n_compare=$(reps 300)
sed -E "s/^replicates: [0-9]+/replicates: $n_compare/" scenarios/employee-advocacy-vs-corporate-ads.yaml >"$compare_yaml"

n_ic_big=$(reps 200) n_ic_small=$(reps 400000) n_lt=$(reps 60000) n_threshold=$(reps 10000)
n_sir=$(reps 1500) n_sir_c=$(reps 1500) n_bass=$(reps 2000) n_icn=$(reps 10000) n_goldenberg=$(reps 2000) n_wom=$(reps 400)
ba200k=$W/ba200k.edges ba10k=$W/ba10k.edges
# case name | kind (simulate: replicate-loop seconds; run/compare: wall seconds) | arguments besides --threads T
CASES=(
  "IC, BA 200k m=5, p=0.2, $n_ic_big replicates|simulate|--model ic --edges $ba200k --p 0.2 --seed-nodes 1,2,3 --replicates $n_ic_big"
  "IC, BA 200k m=5, p=0.02, $n_ic_small replicates|simulate|--model ic --edges $ba200k --p 0.02 --seed-nodes 1,2,3 --replicates $n_ic_small"
  "LT, BA 10k m=5, $n_lt replicates|simulate|--model lt --edges $ba10k --seed-nodes 1,2,3 --replicates $n_lt"
  "threshold (complex), BA 10k, phi=0.1, $n_threshold replicates|simulate|--model threshold --edges $ba10k --param phi=0.1 --seed-nodes 1,2,3,4,5 --replicates $n_threshold"
  "discrete SIR, BA 10k, beta=0.05 gamma=0.2, $n_sir replicates|simulate|--model sir --time discrete --edges $ba10k --param beta=0.05 --param gamma=0.2 --seed-nodes 1,2,3 --replicates $n_sir"
  "continuous SIR, BA 10k, tau=0.05 gamma=0.2, $n_sir_c replicates|simulate|--model sir --time continuous --edges $ba10k --param tau=0.05 --param gamma=0.2 --seed-nodes 1,2,3 --replicates $n_sir_c"
  "bass, BA 10k, p=0.01 q=0.3, 30 steps, $n_bass replicates|simulate|--model bass --edges $ba10k --param p=0.01 --param q=0.3 --steps 30 --replicates $n_bass"
  "IC-N, BA 10k, p=0.1 q_quality=0.7, $n_icn replicates|simulate|--model icn --edges $ba10k --param p=0.1 --param q_quality=0.7 --seed-nodes 1,2,3 --replicates $n_icn"
  "goldenberg, BA 10k, 30 steps, $n_goldenberg replicates|simulate|--model goldenberg --edges $ba10k --param alpha=0.001 --param beta_w=0.05 --param beta_s=0.05 --steps 30 --seed-nodes 1,2,3 --replicates $n_goldenberg"
  "wom, BA 10k, p=0.002 q=0.3 pic=0.05, 30 steps, $n_wom replicates|simulate|--model wom --edges $ba10k --param p=0.002 --param q=0.3 --param pic=0.05 --steps 30 --seed-nodes 1,2,3 --replicates $n_wom"
  "scenarios/sweep-prosumer-seeding.yaml (boca run)|run|scenarios/sweep-prosumer-seeding.yaml"
  "employee-advocacy compare, $n_compare replicates (boca compare)|compare|$compare_yaml"
)

now() { date +%s.%N; }
# One timed run of case $1 with $2 threads; prints seconds.
measure() {
  local kind=$1 threads=$2 args=$3 out start end
  case $kind in
    simulate)
      # shellcheck disable=SC2086
      out=$("$BOCA" simulate --threads "$threads" $args) || return 1
      python3 -c "import csv,io,sys; r=list(csv.DictReader(io.StringIO(sys.argv[1]))); print(r[0]['seconds'])" "$out"
      ;;
    run | compare)
      rm -rf "$W/out"
      start=$(now)
      "$BOCA" "$kind" "$args" --threads "$threads" --out "$W/out" --quiet >/dev/null 2>"$W/err.txt" || { cat "$W/err.txt" >&2; return 1; }
      end=$(now)
      python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$end"
      ;;
  esac
}

median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }

host=$(hostname -s 2>/dev/null || hostname)
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown)
header="| case |"
rule="|---|"
for t in "${THREADS[@]}"; do
  header+=" $t thread$([ "$t" = 1 ] || echo s) (s) |"
  rule+="---:|"
done
for t in "${THREADS[@]:1}"; do
  header+=" speed-up at $t |"
  rule+="---:|"
done
table="$header"$'\n'"$rule"
for c in "${CASES[@]}"; do
  IFS='|' read -r name kind args <<<"$c"
  [[ $name =~ $ONLY ]] || continue
  declare -A samples=()
  for ((k = 1; k <= REPEATS; k++)); do
    for t in "${THREADS[@]}"; do
      s=$(measure "$kind" "$t" "$args") || { echo "scaling.sh: '$name' failed at $t threads" >&2; exit 1; }
      samples[$t]+=" $s"
    done
  done
  row="| $name |"
  declare -A med=()
  for t in "${THREADS[@]}"; do
    # shellcheck disable=SC2086
    med[$t]=$(median ${samples[$t]})
    row+=" ${med[$t]} |"
  done
  for t in "${THREADS[@]:1}"; do
    row+=" $(python3 -c "import sys; print(f'{float(sys.argv[1]) / max(float(sys.argv[2]), 1e-9):.2f}×')" "${med[${THREADS[0]}]}" "${med[$t]}") |"
  done
  echo "$row" >&2
  table+=$'\n'"$row"
  unset samples med
done

report="# Scaling over threads ($host)

Machine: \`nproc\` = $(nproc), CPU: $cpu; $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown).
Binary: $BOCA ($("$BOCA" --version 2>/dev/null || echo unknown)). Median of $REPEATS runs per cell; SCALE=$SCALE.
\`simulate\` rows: the replicate loop's \`seconds\`; \`run\`/\`compare\` rows: wall seconds of the whole command.
Speed-up at T = seconds at ${THREADS[0]} thread(s) / seconds at T.

$table"
echo "$report"
mkdir -p Benchmarks/results
echo "$report" >"Benchmarks/results/scaling-$host.md"
