#!/usr/bin/env python3
"""Boca against the peer tools, in the same run, on the same graph file, seeds and parameters.

For each case the peer benchmark (../shared/bench/peers/peer_bench.py, venv made by its setup.sh)
and `boca simulate` run alternately for --rounds rounds; the table reports per tool the median
seconds per replicate, degree-weighted edge examinations per second (the peer bench's
work_per_rep / s_per_rep), peak resident memory, the mean spread, and the median over rounds of
the ratio peer s_per_rep / Boca s_per_rep (> 1: Boca is faster).

    python3 Benchmarks/bench.py                       # all cases, 3 rounds
    python3 Benchmarks/bench.py --cases ic-ba200k-p0.2,ic-ba200k-p0.02 --rounds 5

Writes Benchmarks/results/latest.csv and prints a Markdown table.
"""

import argparse
import csv
import io
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("BOCA_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
PEERS = os.path.join(SHARED, "bench", "peers")
VENV = os.environ.get("PEERS_VENV", "/tmp/boca-peers-venv")
WORK = os.environ.get("BOCA_BENCH_DIR", "/tmp/boca-bench")
SEEDS_10K = "2040,2271,3165,3911,6424,6761,6985,7880,7970,9883"
SEEDS_200K = "40834,45465,63349,78221,128534,135249,139836,157723,159469,197690"

# name: (graph, peer model, peer params, boca model args, {peer tool: reps}, boca reps, seeds)
CASES = {
    "ic-ba200k-p0.2": ("ba:200000:5", "IC", ["--p", "0.2"], ["--model", "ic", "--p", "0.2"],
                       {"cynetdiff": 40}, 200, SEEDS_200K),
    "ic-ba200k-p0.02": ("ba:200000:5", "IC", ["--p", "0.02"], ["--model", "ic", "--p", "0.02"],
                        {"cynetdiff": 20000}, 20000, SEEDS_200K),
    "ic-ba10k-p0.1": ("ba:10000:3", "IC", ["--p", "0.1"], ["--model", "ic", "--p", "0.1"],
                      {"cynetdiff": 10000}, 10000, SEEDS_10K),
    "lt-ba10k": ("ba:10000:3", "LT", [], ["--model", "lt"], {"cynetdiff": 10000}, 10000, SEEDS_10K),
    "sir-dt-ba10k": ("ba:10000:3", "SIR-dt", ["--beta", "0.05", "--gamma", "0.2"],
                     ["--model", "sir", "--time", "discrete", "--param", "beta=0.05", "--param", "gamma=0.2"],
                     {"ndlib": 50, "numpy": 2000}, 5000, SEEDS_10K),
    "sir-ct-ba10k": ("ba:10000:3", "SIR-ct", ["--tau", "0.05", "--gamma", "0.2"],
                     ["--model", "sir", "--time", "continuous", "--param", "tau=0.05", "--param", "gamma=0.2"],
                     {"eon": 500, "numpy": 2000}, 5000, SEEDS_10K),
}


def run(cmd):
    """Runs a command, failing the benchmark with its stderr if it fails."""
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr}")
    return p.stdout


def rss_of(cmd):
    """Runs `cmd` and returns (stdout, peak RSS MB) from wait4's rusage."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return out, usage.ru_maxrss / 1024.0


def graph_file(spec):
    path = os.path.join(WORK, spec.replace(":", "_") + "_seed1.edges")
    if not os.path.exists(path):
        subprocess.run([os.path.join(VENV, "bin", "python"), os.path.join(PEERS, "peer_bench.py"), "--gen", spec,
                        "--graph-seed", "1", "--write-edges", path, "--write-only"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1, help="boca --threads (peers are single-threaded)")
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    if not os.path.exists(os.path.join(VENV, "bin", "python")):
        subprocess.run(["bash", os.path.join(PEERS, "setup.sh")], env={**os.environ, "PEERS_VENV": VENV}, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "boca"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    boca = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                                       capture_output=True, text=True, check=True).stdout.strip(), "boca")
    rows = []
    for name in args.cases.split(","):
        spec, model, peer_params, boca_args, peer_reps, boca_reps, seeds = CASES[name]
        edges = graph_file(spec)
        samples = {}
        for rnd in range(args.rounds):
            out_csv = os.path.join(WORK, f"{name}-peers.csv")
            reps = ",".join(f"{t}={r}" for t, r in peer_reps.items())
            cmd = [os.path.join(VENV, "bin", "python"), os.path.join(PEERS, "peer_bench.py"), "--edges", edges,
                   "--models", model, "--tools", ",".join(peer_reps), "--reps", reps, "--seed-nodes", seeds,
                   "--no-compare", "--work-reps", "50" if rnd == 0 else "1", "--out", out_csv] + peer_params
            run(cmd)
            for r in csv.DictReader(open(out_csv)):
                samples.setdefault(r["tool"], []).append(
                    (float(r["s_per_rep"]), float(r["mean_spread"]), float(r["peak_rss_mb"]),
                     float(r["work_per_rep"] or 0)))
            out, rss = rss_of([boca, "simulate", "--edges", edges, "--seed-nodes", seeds, "--replicates",
                               str(boca_reps), "--rng-seed", str(rnd + 1), "--threads", str(args.threads)] + boca_args)
            lines = [l for l in out.splitlines() if l.strip()]
            row = next(csv.DictReader(io.StringIO("\n".join(lines[-2:]))))
            samples.setdefault("boca", []).append((float(row["s_per_rep"]), float(row["mean_spread"]), rss, 0.0))
            print(f"{name} round {rnd + 1}: " + ", ".join(f"{t} {v[-1][0]:.3g} s/rep" for t, v in samples.items()),
                  file=sys.stderr)
        # Work per replicate: the peer bench's numpy estimate from round 1 (50 untimed replicates).
        work = next((v[0][3] for t, v in samples.items() if t != "boca" and v[0][3] > 0), 0)
        boca_times = [s[0] for s in samples["boca"]]
        for tool, values in samples.items():
            times = [v[0] for v in values]
            ratios = [t / b for t, b in zip(times, boca_times)]
            med = statistics.median(times)
            rows.append({
                "case": name, "graph": spec, "model": model, "tool": tool, "replicates": peer_reps.get(tool, boca_reps),
                "s_per_rep": f"{med:.4g}", "edge_visits_per_s": f"{work / med:.3g}" if work else "",
                "peak_rss_mb": f"{max(v[2] for v in values):.0f}", "mean_spread": f"{statistics.mean(v[1] for v in values):.5g}",
                "ratio_to_boca": f"{statistics.median(ratios):.2f}",
            })
    os.makedirs(os.path.join(ROOT, "Benchmarks", "results"), exist_ok=True)
    out = os.path.join(ROOT, "Benchmarks", "results", "latest.csv")
    with open(out + ".partial", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    os.replace(out + ".partial", out)
    print(f"<!-- {time.strftime('%Y-%m-%d')} on {platform.machine()} {platform.processor() or ''} "
          f"{os.cpu_count()} cores; median of {args.rounds} rounds; boca --threads {args.threads} -->")
    print("| case | tool | replicates | s/replicate | edge visits/s | peak RSS MB | mean spread | peer time / Boca time |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['case']} | {r['tool']} | {r['replicates']} | {r['s_per_rep']} | {r['edge_visits_per_s']} | "
              f"{r['peak_rss_mb']} | {r['mean_spread']} | {r['ratio_to_boca']} |")


if __name__ == "__main__":
    main()
