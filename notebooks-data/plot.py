#!/usr/bin/env python3
"""Figures from a run exported with `boca export RUN_DIR --to notebooks-data/NAME`.

    python3 notebooks-data/plot.py notebooks-data/NAME [--metric spread] [--point 0]
                                   [--fix PARAM=VALUE ...]

Writes into the same folder (headless, PNG); a figure whose data is missing says so in the image:
  adoption_curves.png  mean adopters per step with 95% CI bands, one panel per side, one line
                       per arm, at --point (its parameter values in the title)
  heatmap.png          the metric's mean over the first two swept parameters for the first arm
                       that is not the baseline; any further parameter is a facet (one panel per
                       value combination, at most 12) or fixed with --fix, never averaged over;
                       a design that is not a grid (lhs, sobol) gives one dot per point instead
  arm_comparison.png   paired differences from the compare_to arm with 95% CIs, per point,
                       the x axis labelled by the points' parameter values (over 40 points:
                       against the first parameter's value)
  cost_adopters.png    mean cost against mean adopters per arm (one marker per point, 95% CIs)
  sobol.png            S1 and ST with 95% intervals per parameter, one panel per output
                       (sensitivity.csv from boca analyze, Sobol columns)
  morris.png           Morris mu* (95% interval) against sigma, one panel per output
                       (sensitivity.csv, Morris columns)
  prim_tradeoff.png    PRIM coverage-density trade-off (tradeoff.csv from boca discover), coloured
                       by the number of restricted parameters, the chosen box marked
  prim_box.png         the chosen box: each parameter's range relative to the data's, with the
                       quasi-p-value of each restriction (boxes.csv)

A fit folder written by `boca fit` (it holds curves.csv and fits.csv) is plotted directly:

    python3 notebooks-data/plot.py FIT_DIR
  fit_curves.png       observed cumulative adoption (points) against each fit's predictive mean
                       and 90% band, one panel per side (all nodes first), one line per fit,
                       the legend giving each fit's RMSE
Needs pandas and matplotlib (scripts/setup.sh installs them).
"""
import argparse
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def fmt(v):
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def short(name):
    """The last component of a key path (model.p.social -> p.social) for crowded labels."""
    parts = str(name).split(".")
    return ".".join(parts[-2:]) if len(parts) > 2 else str(name)


def point_labels(summary, params):
    """point -> 'a=1, b=2' from the swept parameter values."""
    labels = {}
    if not params:
        return labels
    for point, rows in summary.groupby("point"):
        first = rows.iloc[0]
        labels[point] = ", ".join(f"{short(p)}={fmt(first[p])}" for p in params if p in rows.columns)
    return labels


def message(ax, text):
    ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True)
    ax.set_axis_off()


def save(fig, folder, name):
    fig.tight_layout()
    fig.savefig(os.path.join(folder, name), dpi=120)
    plt.close(fig)


def read(folder, name):
    path = os.path.join(folder, name)
    return pd.read_csv(path) if os.path.exists(path) else pd.DataFrame()


def adoption_curves(folder, meta, summary, point):
    curves = read(folder, "curves.csv")
    labels = point_labels(summary, meta["parameters"])
    where = labels.get(point, "")
    title = f"{meta['scenario']}: adoption at point {point}" + (f" ({where})" if where else "")
    if curves.empty:
        fig, ax = plt.subplots(figsize=(7, 4.5))
        message(ax, "no time series (set outputs: {timeseries: true} in the scenario)")
        ax.set_title(title)
        return save(fig, folder, "adoption_curves.png")
    data = curves[(curves["point"] == point) & (curves["state"] == "adopted")]
    sides = ["all"] + sorted(s for s in data["side"].unique() if s != "all")
    cols, rows = panels(len(sides))
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.2 * rows), squeeze=False)
    for ax in list(axes.flat)[len(sides):]:
        ax.set_axis_off()
    for ax, side in zip(axes.flat, sides):
        d = data[data["side"] == side]
        for arm in meta["arms"]:
            c = d[d["arm"] == arm].sort_values("step")
            if c.empty:
                continue
            ax.plot(c["step"], c["mean"], label=arm)
            ax.fill_between(c["step"], c["ci_low"], c["ci_high"], alpha=0.25)
        ax.set_xlabel("step")
        ax.set_ylabel("adopters (mean, 95% CI)")
        ax.set_title("all sides" if side == "all" else f"side {side}")
        ax.legend(fontsize=8)
    fig.suptitle(title)
    save(fig, folder, "adoption_curves.png")


def focus_arm(meta):
    others = [a for a in meta["arms"] if a != meta.get("compare_to")]
    return others[0] if others else meta["arms"][0]


def parse_fix(pairs, summary):
    fixed = {}
    for pair in pairs or []:
        if "=" not in pair:
            sys.exit(f"--fix {pair}: expected PARAM=VALUE")
        name, value = pair.split("=", 1)
        if name not in summary.columns:
            sys.exit(f"--fix {pair}: no parameter {name}")
        column = summary[name]
        matches = [v for v in column.unique() if fmt(v) == value or str(v) == value]
        if not matches:
            sys.exit(f"--fix {pair}: {name} takes the values {', '.join(fmt(v) for v in column.unique())}")
        fixed[name] = matches[0]
    return fixed


def heatmap(folder, meta, summary, metric, fixed):
    params = [p for p in meta["parameters"] if p not in fixed]
    arm = focus_arm(meta)
    column = f"{metric}_mean"
    data = summary[summary["arm"] == arm]
    for name, value in fixed.items():
        data = data[data[name] == value]
    note = "".join(f", {short(k)}={fmt(v)}" for k, v in fixed.items())
    if len(params) < 2 or column not in data.columns:
        fig, ax = plt.subplots(figsize=(6, 5))
        message(ax, "a heatmap needs two swept parameters" if len(params) < 2 else f"no column {column}")
        ax.set_title(f"{metric}, arm {arm}{note}")
        return save(fig, folder, "heatmap.png")
    x, y, rest = params[1], params[0], params[2:]
    if any(data[p].nunique() > 12 for p in params):
        # Not a grid (e.g. lhs, sobol): one dot per point, coloured by the metric; nothing averaged.
        fig, ax = plt.subplots(figsize=(6.5, 5))
        dots = ax.scatter(data[x], data[y], c=data[column], cmap="viridis", s=22)
        fig.colorbar(dots, ax=ax, label=f"mean {metric}")
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        others = f" ({', '.join(short(r) for r in rest)} vary: one dot per point)" if rest else ""
        ax.set_title(f"{metric}, arm {arm}{note}{others}", fontsize=9)
        return save(fig, folder, "heatmap.png")
    groups = list(data.groupby(rest)) if rest else [((), data)]
    if len(groups) > 12:
        fig, ax = plt.subplots(figsize=(7, 4))
        message(ax, f"{len(groups)} combinations of {', '.join(rest)}: too many panels;\n"
                    "fix some with --fix PARAM=VALUE (a heatmap never averages over a parameter)")
        return save(fig, folder, "heatmap.png")
    cols = min(3, len(groups))
    rows = math.ceil(len(groups) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 4.4 * rows), squeeze=False)
    low, high = data[column].min(), data[column].max()
    for ax, (key, part) in zip(axes.flat, groups):
        table = part.pivot_table(index=y, columns=x, values=column, aggfunc="first")
        image = ax.imshow(table.values, origin="lower", aspect="auto", cmap="viridis", vmin=low, vmax=high)
        ax.set_xticks(range(len(table.columns)), [fmt(v) for v in table.columns])
        ax.set_yticks(range(len(table.index)), [fmt(v) for v in table.index])
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        key = key if isinstance(key, tuple) else (key,)
        if rest:
            ax.set_title(", ".join(f"{short(k)}={fmt(v)}" for k, v in zip(rest, key)), fontsize=9)
        fig.colorbar(image, ax=ax, label=f"mean {metric}")
    for ax in list(axes.flat)[len(groups):]:
        ax.set_axis_off()
    fig.suptitle(f"{metric}, arm {arm}{note}")
    save(fig, folder, "heatmap.png")


def arm_comparison(folder, meta, summary, metric):
    base = meta.get("compare_to")
    diff = f"{metric}_diff"
    arms = [a for a in meta["arms"] if a != base]
    points = sorted(summary["point"].unique())
    fig, ax = plt.subplots(figsize=(9 if len(points) > 40 else max(8, 0.45 * len(points) + 3), 5))
    if base is None or diff not in summary.columns or not arms:
        message(ax, "no compared arms (arms + compare_to)")
    else:
        params = [p for p in meta["parameters"] if p in summary.columns]
        if len(points) > 40 and params:
            # Too many points for labelled bars (lhs, sobol): the difference against the first
            # parameter's value, one marker per point.
            for arm in arms:
                data = summary[summary["arm"] == arm]
                low = (data[diff] - data[f"{diff}_ci_low"]).fillna(0)
                high = (data[f"{diff}_ci_high"] - data[diff]).fillna(0)
                ax.errorbar(data[params[0]], data[diff], yerr=[low, high], fmt="o", markersize=3, capsize=1,
                            alpha=0.7, label=f"{arm} − {base}")
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_xlabel(params[0] + (" (other parameters vary)" if len(params) > 1 else ""))
            ax.set_ylabel(f"paired difference in {metric} (95% CI)")
            ax.legend(fontsize=8)
            ax.set_title("arms compared with common random numbers")
            return save(fig, folder, "arm_comparison.png")
        width = 0.8 / len(arms)
        position = {p: i for i, p in enumerate(points)}
        for i, arm in enumerate(arms):
            data = summary[summary["arm"] == arm].sort_values("point")
            x = data["point"].map(position) + (i - (len(arms) - 1) / 2) * width
            low = (data[diff] - data[f"{diff}_ci_low"]).fillna(0)
            high = (data[f"{diff}_ci_high"] - data[diff]).fillna(0)
            ax.bar(x, data[diff], width=width, yerr=[low, high], capsize=2, label=f"{arm} − {base}")
        ax.axhline(0, color="black", linewidth=0.8)
        labels = point_labels(summary, meta["parameters"])
        if labels:
            ax.set_xticks(range(len(points)), [labels[p] for p in points], rotation=60, ha="right", fontsize=7)
            ax.set_xlabel("sweep point (parameter values)")
        else:
            ax.set_xticks(range(len(points)), [str(p) for p in points])
            ax.set_xlabel("point")
        ax.set_ylabel(f"paired difference in {metric} (95% CI)")
        ax.legend(fontsize=8)
    ax.set_title("arms compared with common random numbers")
    save(fig, folder, "arm_comparison.png")


def cost_adopters(folder, meta, summary, metric):
    fig, ax = plt.subplots(figsize=(7, 5))
    cost, spread = "cost_mean", f"{metric}_mean"
    if cost not in summary.columns or spread not in summary.columns:
        message(ax, "no cost column (a run with campaign arms records cost)")
    else:
        for arm in meta["arms"]:
            d = summary[summary["arm"] == arm]
            if d.empty:
                continue
            xerr = yerr = None
            if {"cost_ci_low", "cost_ci_high"} <= set(d.columns):
                xerr = [(d[cost] - d["cost_ci_low"]).fillna(0), (d["cost_ci_high"] - d[cost]).fillna(0)]
            if {f"{metric}_ci_low", f"{metric}_ci_high"} <= set(d.columns):
                yerr = [(d[spread] - d[f"{metric}_ci_low"]).fillna(0), (d[f"{metric}_ci_high"] - d[spread]).fillna(0)]
            ax.errorbar(d[cost], d[spread], xerr=xerr, yerr=yerr, fmt="o", markersize=4 if len(d) > 40 else 6,
                        capsize=2, alpha=0.7, label=arm)
        ax.set_xlabel("cost (mean, 95% CI)")
        ax.set_ylabel(f"{metric} (mean, 95% CI)")
        ax.legend(fontsize=8)
    ax.set_title(f"{meta['scenario']}: cost against {metric}, per arm")
    save(fig, folder, "cost_adopters.png")


def panels(n):
    cols = min(3, n)
    return cols, math.ceil(n / cols)


def sobol(folder, sens):
    if sens.empty or "S1" not in sens.columns:
        return
    outputs = list(dict.fromkeys(sens["output"]))
    cols, rows = panels(len(outputs))
    fig, axes = plt.subplots(rows, cols, figsize=(5.5 * cols, 4 * rows), squeeze=False)
    for ax, output in zip(axes.flat, outputs):
        d = sens[sens["output"] == output]
        x = range(len(d))
        for offset, name in [(-0.2, "S1"), (0.2, "ST")]:
            err = [(d[name] - d[f"{name}_ci_low"]).clip(lower=0), (d[f"{name}_ci_high"] - d[name]).clip(lower=0)]
            ax.bar([i + offset for i in x], d[name], width=0.4, yerr=err, capsize=3, label=name)
        ax.set_xticks(list(x), [short(p) for p in d["parameter"]], rotation=30, ha="right", fontsize=8)
        ax.axhline(0, color="black", linewidth=0.6)
        ax.set_title(str(output), fontsize=9)
        ax.set_ylabel("Sobol index (95% CI)")
        ax.legend(fontsize=8)
    for ax in list(axes.flat)[len(outputs):]:
        ax.set_axis_off()
    save(fig, folder, "sobol.png")


def morris(folder, sens):
    if sens.empty or "mu_star" not in sens.columns:
        return
    outputs = list(dict.fromkeys(sens["output"]))
    cols, rows = panels(len(outputs))
    fig, axes = plt.subplots(rows, cols, figsize=(5.5 * cols, 4.5 * rows), squeeze=False)
    for ax, output in zip(axes.flat, outputs):
        d = sens[sens["output"] == output]
        err = [(d["mu_star"] - d["mu_star_ci_low"]).clip(lower=0), (d["mu_star_ci_high"] - d["mu_star"]).clip(lower=0)]
        ax.errorbar(d["mu_star"], d["sigma"], xerr=err, fmt="o", capsize=3)
        for _, r in d.iterrows():
            ax.annotate(short(r["parameter"]), (r["mu_star"], r["sigma"]), fontsize=8,
                        xytext=(3, 3), textcoords="offset points")
        top = max(d["mu_star_ci_high"].max(), d["sigma"].max(), 1e-12) * 1.1
        ax.plot([0, top], [0, top], color="grey", linewidth=0.6, linestyle="--")
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("μ* (95% CI)")
        ax.set_ylabel("σ")
        ax.set_title(str(output), fontsize=9)
    for ax in list(axes.flat)[len(outputs):]:
        ax.set_axis_off()
    save(fig, folder, "morris.png")


def prim(folder):
    trade, boxes = read(folder, "tradeoff.csv"), read(folder, "boxes.csv")
    if trade.empty or boxes.empty:
        return
    fig, ax = plt.subplots(figsize=(6.5, 5))
    peel = trade[(trade["box"] == 1) & (trade["phase"] == "peel")]
    points = ax.scatter(peel["coverage"], peel["density"], c=peel["restricted_dims"], cmap="viridis", s=18)
    fig.colorbar(points, ax=ax, label="restricted parameters")
    chosen = boxes[boxes["box"] == 1].iloc[0]
    ax.scatter([chosen["coverage"]], [chosen["density"]], marker="*", s=220, color="red", label="chosen box (pasted)")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    ax.set_title("PRIM peeling trajectory (box 1)")
    save(fig, folder, "prim_tradeoff.png")

    b = boxes[boxes["box"] == 1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(b) + 1.8))
    for i, r in b.iterrows():
        span = (r["data_high"] - r["data_low"]) or 1.0
        lo = (r["low"] - r["data_low"]) / span
        hi = (r["high"] - r["data_low"]) / span
        ax.barh(i, 1, left=0, color="lightgrey")
        ax.barh(i, hi - lo, left=lo, color="tab:blue" if r["restricted"] else "tab:gray")
        text = f"[{r['low']:.3g}, {r['high']:.3g}]"
        if r["restricted"]:
            text += f"  p={r['p_value']:.2g}"
        ax.text(1.02, i, text, va="center", fontsize=8)
    ax.set_yticks(range(len(b)), [short(p) for p in b["parameter"]])
    ax.set_xlim(0, 1.6)
    ax.set_xticks([0, 0.5, 1], ["data min", "", "data max"])
    ax.set_title(f"PRIM box 1: coverage {chosen['coverage']:.2f}, density {chosen['density']:.2f}, "
                 f"mass {chosen['mass']:.2f}", fontsize=9)
    save(fig, folder, "prim_box.png")


def fit_curves(folder):
    curves = read(folder, "curves.csv")
    fits = read(folder, "fits.csv")
    if curves.empty:
        fig, ax = plt.subplots(figsize=(7, 4.5))
        message(ax, "no curves in curves.csv")
        save(fig, folder, "fit_curves.png")
        return
    sides = ["all"] + [s for s in dict.fromkeys(curves["side"]) if s != "all"]
    rows, cols = panels(len(sides))
    fig, axes = plt.subplots(rows, cols, figsize=(5.5 * cols, 4.2 * rows), squeeze=False)
    rmse = {(r.model, r.method): r.rmse for r in fits.itertuples()} if not fits.empty else {}
    keys = list(dict.fromkeys(zip(curves["model"], curves["method"])))
    colour = {key: f"C{i % 10}" for i, key in enumerate(keys)}
    for k, side in enumerate(sides):
        ax = axes[k // cols][k % cols]
        part = curves[curves["side"] == side]
        observed = part.drop_duplicates("period").sort_values("period")
        for (model, method), c in part.groupby(["model", "method"], sort=False):
            c = c.sort_values("period")
            err = rmse.get((model, method))
            label = f"{model} ({method})" + (f", rmse {err:.3f}" if side == "all" and err == err and err is not None else "")
            ax.plot(c["period"], c["predictive_mean"], label=label, color=colour[(model, method)])
            ax.fill_between(c["period"], c["band_low"], c["band_high"], color=colour[(model, method)], alpha=0.15)
        ax.plot(observed["period"], observed["observed"], "ko", markersize=3.5, label="observed")
        ax.set_title(f"side {side}" if side != "all" else "all nodes")
        ax.set_xlabel("period")
        ax.set_ylabel("cumulative adoption (fraction)")
        ax.set_ylim(0, 1.02)
        if k == 0:
            ax.legend(fontsize=7)
    for k in range(len(sides), rows * cols):
        axes[k // cols][k % cols].set_axis_off()
    save(fig, folder, "fit_curves.png")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="a folder written by boca export")
    parser.add_argument("--metric", default="spread")
    parser.add_argument("--point", type=int, default=0)
    parser.add_argument("--fix", action="append", metavar="PARAM=VALUE",
                        help="hold a swept parameter at a value in the heatmap (repeatable)")
    args = parser.parse_args(argv)
    if os.path.exists(os.path.join(args.folder, "curves.csv")) and os.path.exists(
            os.path.join(args.folder, "fits.csv")):
        fit_curves(args.folder)
        print(args.folder)
        return 0
    with open(os.path.join(args.folder, "meta.json")) as f:
        meta = json.load(f)
    summary = pd.read_csv(os.path.join(args.folder, "summary.csv"))
    fixed = parse_fix(args.fix, summary)
    adoption_curves(args.folder, meta, summary, args.point)
    heatmap(args.folder, meta, summary, args.metric, fixed)
    arm_comparison(args.folder, meta, summary, args.metric)
    cost_adopters(args.folder, meta, summary, args.metric)
    sens = read(args.folder, "sensitivity.csv")
    sobol(args.folder, sens)
    morris(args.folder, sens)
    prim(args.folder)
    print(args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
