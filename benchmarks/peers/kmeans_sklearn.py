#!/usr/bin/env python3
"""Peer for one k-means Lloyd iteration: sklearn KMeans(algorithm='lloyd') from the shared
initial centres, n_init=1, tol=0, max_iter fixed; reports fit seconds / n_iter_ (the fit's
fixed overhead, input validation, centring copy and the final label pass, is spread over
the iterations)."""
import time

import _harness as h
import sklearn
from sklearn.cluster import KMeans

args = h.arguments(__doc__, warmup=1, repeats=3).parse_args()
data = h.Data(args.data)
s = data.section("kmeans")
x = data.array("kmeans", "x", (s["n"], s["d"]))
init = data.array("kmeans", "init", (s["k"], s["d"]))


def run():
    model = KMeans(n_clusters=s["k"], init=init, n_init=1, max_iter=s["max_iter"], tol=0.0,
                   algorithm="lloyd", copy_x=True, random_state=0)
    start = time.perf_counter()
    model.fit(x)
    total = time.perf_counter() - start
    return {"seconds": total / model.n_iter_, "n_iter": int(model.n_iter_),
            "fit_seconds": total, "inertia": float(model.inertia_)}


h.measure("kmeans.sklearn", f"k-means Lloyd iteration {s['n']:,} x {s['d']}, k={s['k']}",
          f"scikit-learn {sklearn.__version__} KMeans lloyd", run, args.warmup, args.repeats,
          notes="per iteration = fit / n_iter_")
