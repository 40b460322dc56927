#!/usr/bin/env python3
"""Scores of `worksafe backtest --records` split at the first deadline, and the best any
regime-blind recalibration of the same forecasts could do.

    worksafe backtest --regimes all --seeds 1,2,3 --scenarios 300 --records records.csv
    python3 scripts/backtest-by-origin.py records.csv [--first-deadline 2023-12-31]

Forecasts made before the campaign's first milestone date cannot have seen a deadline: their
deadline response is the prior's. For each regime (or the one town of a plain backtest), and for
origins before and from the first deadline, it prints the 80 % interval coverage, ECE over 10
equal-width bins, log loss and Brier score of the model, then the per-regime ECE and log loss of
the forecasts after isotonic recalibration fitted on all regimes together (scikit-learn's
IsotonicRegression, in sample, probabilities kept within [0.001, 0.999]). That map is the best
monotone correction a forecaster who cannot tell the regimes apart could apply, and it is fitted
on the very outcomes it is scored on, so its per-regime ECE is a lower bound for such a
forecaster on these towns, not an achievable figure.

Then the same question for the intervals: every 80 % interval widened or narrowed about its
median by a factor f (lower = m − f·(m − lower), upper = m + f·(upper − m), m the middle of the
50 % interval), f on a grid 0.30, 0.35, …, 3.00, separately for each cell of origins (before /
from the first deadline) × milestone year. For each regime it prints the range of f whose
coverage lies within 70–90 %, and the factors that would do so for every regime at once (none:
no width correction that cannot tell the regimes apart meets the coverage target on each).
"""
import argparse

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression


def ece(p, y, bins=10):
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return sum((idx == b).sum() / len(p) * abs(p[idx == b].mean() - y[idx == b].mean())
               for b in range(bins) if (idx == b).any())


def log_loss(p, y):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("records")
    ap.add_argument("--first-deadline", default="2023-12-31",
                    help="the first milestone date (the bundled campaign's: 2023-12-31)")
    args = ap.parse_args()
    d = pd.read_csv(args.records)
    if "regime" not in d:
        d["regime"] = "town"
    d["phase"] = np.where(d.origin < args.first_deadline, "before", "from")
    d["covered"] = (d.realized_percent >= d.lower_percent) & (d.realized_percent <= d.upper_percent)
    if "forecast_method" not in d:
        d["forecast_method"] = "hazard"
    for method, m in d.groupby("forecast_method", sort=True):
        print(f"method {method}; first deadline {args.first_deadline}")
        table(m)
        print()
        if m.regime.nunique() > 1:
            rescaling(m)
            print()


def table(d):
    print("| regime | origins | forecasts | cov 80 % | ECE | log loss | Brier | ECE, pooled recalibration | log loss, pooled recalibration |")
    print("|---|---|---|---|---|---|---|---|---|")
    for phase in ["before", "from", "all"]:
        sub = d if phase == "all" else d[d.phase == phase]
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.001, y_max=0.999)
        iso.fit(sub.probability, sub.reached)
        groups = list(sub.groupby("regime", sort=True))
        if len(groups) > 1:
            groups.append(("all regimes", sub))
        for regime, g in groups:
            p, y = g.probability.to_numpy(float), g.reached.to_numpy(float)
            q = iso.predict(p)
            label = {"before": "before the first deadline", "from": "from the first deadline on",
                     "all": "all"}[phase]
            print(f"| {regime} | {label} | {len(g)} | {g.covered.mean():.2f} | {ece(p, y):.3f} | "
                  f"{log_loss(p, y):.3f} | {np.mean((p - y) ** 2):.3f} | {ece(q, y):.3f} | {log_loss(q, y):.3f} |")


def rescaling(d, low=0.70, high=0.90):
    factors = np.round(np.arange(0.30, 3.001, 0.05), 2)
    regimes = sorted(d.regime.unique())
    print(f"Interval width factors f giving 80 % coverage within {low:.2f}–{high:.2f}, by regime")
    print("| origins | milestone | " + " | ".join(regimes) + " | every regime |")
    print("|---|---|" + "---|" * (len(regimes) + 1))
    for (phase, year), g in d.groupby([d.phase, d.milestone_date.str[:4]], sort=True):
        middle = (g.lower50_percent + g.upper50_percent) / 2
        ok = {r: [] for r in regimes}
        for f in factors:
            lower = middle - f * (middle - g.lower_percent)
            upper = middle + f * (g.upper_percent - middle)
            covered = ((g.realized_percent >= lower) & (g.realized_percent <= upper)).groupby(g.regime).mean()
            for r, c in covered.items():
                if low <= c <= high:
                    ok[r].append(f)
        common = set(factors)
        cells = []
        for r in regimes:
            common &= set(ok[r])
            cells.append(f"{min(ok[r]):.2f}–{max(ok[r]):.2f}" if ok[r] else "none")
        both = f"{min(common):.2f}–{max(common):.2f}" if common else "none"
        label = "before the first deadline" if phase == "before" else "from the first deadline on"
        print(f"| {label} | {year} | " + " | ".join(cells) + f" | {both} |")


if __name__ == "__main__":
    main()
