#!/usr/bin/env python3
"""Peer for the Monte Carlo milestone forecast, vectorised numpy as an analyst would write it.

Model (cloglog discrete-time hazard): per scenario s, θ_s = [β_s, γ_s] ~ N(θ, Σ) (by the Cholesky
factor of Σ); for enterprise i, η_it = x_i·β_s + γ_s,t and the completion month is the first t
with Σ_{u≤t} exp(η_iu) ≥ E_is, E_is ~ Exp(1) (inversion of the cumulative hazard); never within
the horizon → bucket `months`. Output: completions per scenario × unit × month
(counts[s, unit, month], month = 0..months, the last one meaning "not by the horizon").

Two honest variants, both over blocks of scenarios (an n × block array at a time):
  loop         accumulate H += exp(η_t) month by month and record the first crossing (the
               direct reading of the model; 36 passes over n × block)
  searchsorted use exp(η_it) = exp(x_i·β_s)·exp(γ_s,t): the crossing month is the first t with
               C_s,t = Σ_{u≤t} exp(γ_s,u) ≥ E_is·exp(-x_i·β_s), one searchsorted per scenario
Random draws come from numpy's PCG64 seeded with the manifest's seed, so they differ from the
Swift side's generator; the inputs (x, θ, Σ, units) are the shared files.
"""
import _harness as h
import numpy as np

ap = h.arguments(__doc__.splitlines()[0], warmup=1, repeats=3)
ap.add_argument("--variant", choices=["loop", "searchsorted"], default="loop")
ap.add_argument("--block", type=int, default=8, help="scenarios per block")
args = ap.parse_args()
data = h.Data(args.data)
s = data.section("montecarlo")
n, scenarios, months, p, units = (s["enterprises"], s["scenarios"], s["months"], s["p"],
                                  s["units"])
x = data.array("montecarlo", "x", (n, p))
theta = data.array("montecarlo", "theta", (p + months,))
sigma = data.array("montecarlo", "sigma", (p + months, p + months))
unit = data.array("montecarlo", "unit", (n,), dtype="<i8")
chol = np.linalg.cholesky(sigma)
buckets = units * (months + 1)


def simulate():
    rng = np.random.default_rng(s["seed"])
    counts = np.empty((scenarios, units, months + 1), dtype=np.int64)
    for s0 in range(0, scenarios, args.block):
        b = min(args.block, scenarios - s0)
        draws = theta + rng.standard_normal((b, p + months)) @ chol.T   # b × (p + months)
        xb = x @ draws[:, :p].T                                          # n × b
        e = rng.standard_exponential((n, b))
        if args.variant == "loop":
            month = np.full((n, b), months, dtype=np.int64)
            hazard = np.zeros((n, b))
            step = np.empty((n, b))
            for t in range(months):
                np.add(xb, draws[:, p + t], out=step)
                np.exp(step, out=step)
                hazard += step
                month[(hazard >= e) & (month == months)] = t
        else:
            cumulative = np.cumsum(np.exp(draws[:, p:]), axis=1)        # b × months
            threshold = e * np.exp(-xb)                                  # n × b
            month = np.empty((n, b), dtype=np.int64)
            for j in range(b):
                month[:, j] = np.searchsorted(cumulative[j], threshold[:, j], side="left")
        index = (np.arange(b) * buckets)[None, :] + (unit * (months + 1))[:, None] + month
        counts[s0:s0 + b] = np.bincount(index.ravel(), minlength=b * buckets).reshape(
            b, units, months + 1)
    return counts


def run():
    counts = simulate()
    done = counts[:, :, :months].sum() / (scenarios * n)
    return {"completed_share": float(done)}


label = "month loop" if args.variant == "loop" else "searchsorted inversion"
h.measure(f"montecarlo.numpy.{args.variant}",
          f"Monte Carlo forecast {n:,} x {scenarios:,} scenarios x {months} months",
          f"numpy ({label}, blocks of {args.block})", run, args.warmup, args.repeats)
