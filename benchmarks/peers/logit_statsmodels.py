#!/usr/bin/env python3
"""Peer for the hazard-model fit: statsmodels Logit (Newton, the default) on the shared
1.2M x 24 design plus an intercept column (added before timing), tol 1e-8."""
import _harness as h
import numpy as np
import statsmodels
import statsmodels.api as sm

args = h.arguments(__doc__, warmup=1, repeats=3).parse_args()
data = h.Data(args.data)
s = data.section("logit")
x = data.array("logit", "x", (s["n"], s["p"]))
y = data.array("logit", "y", (s["n"],))
design = np.column_stack([np.ones(s["n"]), x])


def run():
    result = sm.Logit(y, design).fit(method="newton", tol=1e-8, maxiter=50, disp=0)
    _ = result.bse  # standard errors are part of the fitted value we compare with
    return {"iterations": int(result.mle_retvals["iterations"]),
            "converged": bool(result.mle_retvals["converged"]),
            "intercept": float(result.params[0])}


h.measure("logit.statsmodels", f"hazard fit (logit) {s['n']:,} rows x {s['p']}",
          f"statsmodels {statsmodels.__version__} Logit newton", run, args.warmup, args.repeats,
          notes="fit + standard errors")
