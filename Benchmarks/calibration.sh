#!/usr/bin/env bash
# Times of `boca fit` on the two shipped fit scenarios (issue 12): the likelihood fits (estimates
# with profile-likelihood intervals), each fit including its predictive check (1,000 plug-in
# simulations for mle fits), and the whole command. Builds release, runs each scenario ROUNDS
# times (default 5) with --threads THREADS (default 1), and prints medians from `boca fit`'s
# progress lines. Writes Benchmarks/results/calibration.csv (scenario,fit,what,median_s,rounds).
#
#   bash Benchmarks/calibration.sh
#   ROUNDS=9 THREADS=2 bash Benchmarks/calibration.sh
set -euo pipefail
cd "$(dirname "$0")/.."
W=${BOCA_BENCH_DIR:-/tmp/boca-bench-fit}; rm -rf "$W"; mkdir -p "$W"
ROUNDS=${ROUNDS:-5}
THREADS=${THREADS:-1}
swift build -c release --product boca >/dev/null
B=$(swift build -c release --show-bin-path)/boca
for sc in medical-innovation brazilian-farmers; do
  for r in $(seq 1 "$ROUNDS"); do
    s=$(date +%s.%N)
    "$B" fit scenarios/fit-$sc.yaml --out "$W/$sc-$r" --threads "$THREADS" >/dev/null 2>"$W/$sc-$r.err"
    e=$(date +%s.%N)
    echo "total: $(echo "$e - $s" | bc)" >>"$W/$sc-$r.err"
  done
done
python3 - "$W" "$ROUNDS" "$THREADS" <<'PY'
import glob, re, statistics, sys, os
w, rounds, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
for sc in ("medical-innovation", "brazilian-farmers"):
    times = {}
    for path in sorted(glob.glob(f"{w}/{sc}-*.err")):
        for line in open(path):
            m = re.match(r"\s+(\S+): likelihood fit .* in ([0-9.]+) s", line)
            if m: times.setdefault((m[1], "likelihood fit"), []).append(float(m[2]))
            m = re.match(r"fit \d+/\d+: (\S+) by (\S+) done in ([0-9.]+) s", line)
            if m: times.setdefault((f"{m[1]}/{m[2]}", "fit + predictive check"), []).append(float(m[3]))
            m = re.match(r"total: ([0-9.]+)", line)
            if m: times.setdefault(("all", "boca fit (wall)"), []).append(float(m[1]))
    for (fit, what), v in times.items():
        rows.append((sc, fit, what, statistics.median(v), len(v)))
os.makedirs("Benchmarks/results", exist_ok=True)
with open("Benchmarks/results/calibration.csv", "w") as f:
    f.write("scenario,fit,what,median_s,rounds\n")
    for r in rows: f.write(f"{r[0]},{r[1]},{r[2]},{r[3]:.4f},{r[4]}\n")
print(f"| scenario | fit | what | median s ({rounds} rounds, --threads {threads}) |")
print("| --- | --- | --- | --- |")
for r in rows: print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.4f} |")
PY
