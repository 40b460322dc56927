#!/usr/bin/env python3
"""Peer for the exact silhouette: sklearn.metrics.silhouette_score (Euclidean) on the shared
points and labels."""
import _harness as h
import sklearn
from sklearn.metrics import silhouette_score

args = h.arguments(__doc__, warmup=1, repeats=5).parse_args()
data = h.Data(args.data)
s = data.section("silhouette")
x = data.array("silhouette", "x", (s["n"], s["d"]))
labels = data.array("silhouette", "labels", (s["n"],), dtype="<i8")


def run():
    return {"silhouette": float(silhouette_score(x, labels, metric="euclidean"))}


h.measure("silhouette.sklearn", f"exact silhouette {s['n']:,} points",
          f"scikit-learn {sklearn.__version__} silhouette_score", run, args.warmup, args.repeats)
