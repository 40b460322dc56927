#!/usr/bin/env python3
"""Peer of `worksafe grade`: the rule-based colour of every enterprise, in pandas.

Each risk point of risk_points.csv is banded by its method — LEC D = L·E·C (red ≥ 320, orange
≥ 160, yellow ≥ 70) or the risk matrix R = L·S (red ≥ 20, orange ≥ 15, yellow ≥ 9) — and an
enterprise takes its highest point's colour; without points, the highest colour with a non-zero
count in its latest risk.csv row; with neither, blue. Then one level up (at most red) when that
row has a major hazard not rectified or a death. Writes id, level (CSV), enterprises in file order.

    python3 grade_pandas.py TOWN OUT.csv
"""
import sys

import numpy as np
import pandas as pd

town, out = sys.argv[1], sys.argv[2]
NAMES = np.array(["blue", "yellow", "orange", "red"])


def bands(score, red, orange, yellow):
    return np.select([score >= red, score >= orange, score >= yellow], [3, 2, 1], 0)


ent = pd.read_csv(f"{town}/enterprises.csv", dtype=str, usecols=["id"])
pts = pd.read_csv(f"{town}/risk_points.csv", dtype={"id": str, "method": str},
                  usecols=["id", "method", "l", "e", "c", "s"])
lec = (pts["method"] == "lec").to_numpy()
level = np.where(lec, bands((pts["l"] * pts["e"] * pts["c"]).to_numpy(), 320, 160, 70),
                 bands((pts["l"] * pts["s"]).to_numpy(), 20, 15, 9))
point_level = pd.Series(level, index=pts["id"]).groupby(level=0).max()

risk = pd.read_csv(f"{town}/risk.csv", dtype={"id": str, "period": str},
                   usecols=["id", "period", "hazards_major", "major_rectified", "deaths",
                            "points_red", "points_orange", "points_yellow", "points_blue"])
latest = risk.sort_values(["id", "period"], kind="stable").groupby("id").last()
count_level = pd.Series(np.select([latest["points_red"] > 0, latest["points_orange"] > 0,
                                   latest["points_yellow"] > 0], [3, 2, 1], 0), index=latest.index)
upgrade = ((latest["hazards_major"] - latest["major_rectified"] > 0) | (latest["deaths"] > 0))

base = ent["id"].map(point_level)
base = base.fillna(ent["id"].map(count_level)).fillna(0).astype(int)
up = ent["id"].map(upgrade).fillna(False).astype(bool)
final = np.minimum(base + up.astype(int), 3)
pd.DataFrame({"id": ent["id"], "level": NAMES[final]}).to_csv(out, index=False)
