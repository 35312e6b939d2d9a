#!/usr/bin/env python3
"""Figures from a run exported with `boca export RUN_DIR --to notebooks-data/NAME`.

    python3 notebooks-data/plot.py notebooks-data/NAME [--metric spread] [--point 0]

Writes into the same folder (headless, PNG):
  adoption_curves.png  mean adopters per step with 95% CI bands, one line per arm (at --point)
  heatmap.png          the metric's mean over the first two swept parameters (first arm that is
                       not the baseline, averaged over any other parameters)
  arm_comparison.png   paired differences from the compare_to arm with 95% CIs, per point
Needs pandas and matplotlib (scripts/setup.sh installs them).
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def adoption_curves(folder, meta, point):
    path = os.path.join(folder, "curves.csv")
    curves = pd.read_csv(path) if os.path.exists(path) else pd.DataFrame()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    if curves.empty:
        ax.text(0.5, 0.5, "no time series (set outputs.timeseries: true)", ha="center", va="center")
    else:
        data = curves[(curves["point"] == point) & (curves["side"] == "all") & (curves["state"] == "adopted")]
        for arm in meta["arms"]:
            c = data[data["arm"] == arm].sort_values("step")
            if c.empty:
                continue
            ax.plot(c["step"], c["mean"], label=arm)
            ax.fill_between(c["step"], c["ci_low"], c["ci_high"], alpha=0.25)
        ax.set_xlabel("step")
        ax.set_ylabel("adopters (mean, 95% CI)")
        ax.legend()
    ax.set_title(f"{meta['scenario']}: adoption at point {point}")
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "adoption_curves.png"), dpi=120)
    plt.close(fig)


def focus_arm(meta):
    others = [a for a in meta["arms"] if a != meta.get("compare_to")]
    return others[0] if others else meta["arms"][0]


def heatmap(folder, meta, summary, metric):
    fig, ax = plt.subplots(figsize=(6, 5))
    params = meta["parameters"]
    arm = focus_arm(meta)
    column = f"{metric}_mean"
    if len(params) < 2:
        ax.text(0.5, 0.5, "a heatmap needs two swept parameters", ha="center", va="center")
    else:
        data = summary[summary["arm"] == arm]
        table = data.pivot_table(index=params[0], columns=params[1], values=column, aggfunc="mean")
        image = ax.imshow(table.values, origin="lower", aspect="auto", cmap="viridis")
        ax.set_xticks(range(len(table.columns)), [f"{v:g}" if isinstance(v, float) else str(v) for v in table.columns])
        ax.set_yticks(range(len(table.index)), [f"{v:g}" if isinstance(v, float) else str(v) for v in table.index])
        ax.set_xlabel(params[1])
        ax.set_ylabel(params[0])
        fig.colorbar(image, ax=ax, label=f"mean {metric}")
    ax.set_title(f"{metric}, arm {arm}")
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "heatmap.png"), dpi=120)
    plt.close(fig)


def arm_comparison(folder, meta, summary, metric):
    fig, ax = plt.subplots(figsize=(8, 4.5))
    base = meta.get("compare_to")
    diff = f"{metric}_diff"
    arms = [a for a in meta["arms"] if a != base]
    if base is None or diff not in summary.columns or not arms:
        ax.text(0.5, 0.5, "no compared arms (arms + compare_to)", ha="center", va="center")
    else:
        width = 0.8 / len(arms)
        for i, arm in enumerate(arms):
            data = summary[summary["arm"] == arm].sort_values("point")
            x = data["point"] + (i - (len(arms) - 1) / 2) * width
            low = (data[diff] - data[f"{diff}_ci_low"]).fillna(0)
            high = (data[f"{diff}_ci_high"] - data[diff]).fillna(0)
            ax.bar(x, data[diff], width=width, yerr=[low, high], capsize=2, label=f"{arm} − {base}")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xlabel("point")
        ax.set_ylabel(f"paired difference in {metric} (95% CI)")
        ax.legend()
    ax.set_title("arms compared with common random numbers")
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "arm_comparison.png"), dpi=120)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a folder written by boca export")
    parser.add_argument("--metric", default="spread")
    parser.add_argument("--point", type=int, default=0)
    args = parser.parse_args(argv)
    with open(os.path.join(args.folder, "meta.json")) as f:
        meta = json.load(f)
    summary = pd.read_csv(os.path.join(args.folder, "summary.csv"))
    adoption_curves(args.folder, meta, args.point)
    heatmap(args.folder, meta, summary, args.metric)
    arm_comparison(args.folder, meta, summary, args.metric)
    print(args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
