#!/usr/bin/env python3
"""Peer of `worksafe cluster --features FILE --init CENTRES --standardize none`: read the table
with pandas, k-means (Lloyd) from the given centres with scikit-learn, write id, cluster (CSV).

    python3 cluster_sklearn.py FEATURES.csv CENTRES.csv OUT.csv
"""
import os
import sys

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import pandas as pd  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

features, centres, out = sys.argv[1], sys.argv[2], sys.argv[3]
table = pd.read_csv(features)
init = pd.read_csv(centres)
x = table.iloc[:, 1:].to_numpy()
fit = KMeans(n_clusters=len(init), init=init[table.columns[1:]].to_numpy(), n_init=1,
             algorithm="lloyd", max_iter=300, tol=1e-4).fit(x)
pd.DataFrame({"id": table.iloc[:, 0], "cluster": fit.labels_}).to_csv(out, index=False)
print(f"n_iter {fit.n_iter_} inertia {fit.inertia_:.6g}", file=sys.stderr)
