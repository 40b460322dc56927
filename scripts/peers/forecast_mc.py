"""Peer for the milestone-forecast Monte Carlo benchmark: the same simulation as
`HazardForecast` (WorkSafe/Forecast/HazardForecast.swift), vectorised with numpy, one scenario
at a time over all enterprises.

Workload (matches the Swift benchmark): 100,000 open enterprises in 4 industries x 4 sizes x
20 communities (320 covariate cells) and 6 departments; 29 hazard coefficients (intercept,
3 industry, 3 size, 19 community dummies, trend, deadline, month-before-deadline); 36 months;
1,000 scenarios; 64 % completed with grades expiring inside the horizon; entries and closures.

Per scenario:
  beta* = beta_hat + L z                        (L = Cholesky of the covariance)
  s_c = static part of eta per cell; g_t = time part; G_t = sum_{u<=t} f_u exp(g_u)
  not completed: completion month = searchsorted(G, E exp(-s_c)), E ~ Exp(1)
  completed: at expiry renewed with prob r* ~ Beta, else at risk again from the next month
  closures: Exp(mu*) time -> month; entries: Poisson per community per month, template copies
  counts per unit (town, community, department) per month end via bincount + cumsum
  -> share at each milestone and first month the target is reached.
Run: OPENBLAS_NUM_THREADS=2 python3 scripts/peers/forecast_mc.py [--scenarios 1000]
"""
import argparse
import time

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--enterprises", type=int, default=100_000)
p.add_argument("--scenarios", type=int, default=1000)
p.add_argument("--months", type=int, default=36)
args = p.parse_args()

rng = np.random.default_rng(1)
N, S, H = args.enterprises, args.scenarios, args.months
NI, NS, NC, ND = 4, 4, 20, 6
P = 1 + (NI - 1) + (NS - 1) + (NC - 1) + 3
validity = 36

# Population and fitted model (synthetic, same shapes as the Swift run).
ind = rng.integers(0, NI, N); size = rng.integers(0, NS, N); com = rng.integers(0, NC, N)
dept = ind % ND
cell = (ind * NS + size) * NC + com
ncell = NI * NS * NC
ci, cs, cc = np.divmod(np.arange(ncell), NS * NC)[0], (np.arange(ncell) // NC) % NS, np.arange(ncell) % NC
Xc = np.zeros((ncell, P)); Xc[:, 0] = 1
for l in range(1, NI): Xc[ci == l, l] = 1
for l in range(1, NS): Xc[cs == l, NI - 1 + l] = 1
for l in range(1, NC): Xc[cc == l, NI + NS - 2 + l] = 1
months = np.arange(H + 1)
Xt = np.zeros((H + 1, P))
Xt[:, P - 3] = np.minimum(months + 17, 17)            # trend clamped at the last fitted month
Xt[months % 12 == 6, P - 2] = 1                        # deadline months
Xt[months % 12 == 5, P - 1] = 1                        # months before a deadline
beta_hat = np.concatenate([[-3.4], rng.normal(0, 0.2, P - 4), [0.01, 0.8, 0.4]])
A = rng.normal(0, 0.02, (P, P)); L = np.linalg.cholesky(A @ A.T + 1e-4 * np.eye(P))
completed = rng.random(N) < 0.64
expiry = np.where(completed, rng.integers(19, 37, N), -1)
f = np.ones(H + 1); f[0] = 0.0
renewed, expired, closures, open_months, entries = 0, 0, 40, 1.2e6, np.full(NC, 30)
U = 1 + NC + ND
W = H + 3
unit_com = 1 + com; unit_dept = 1 + NC + dept
members = [np.flatnonzero(com == k) for k in range(NC)]
targets = np.array([30.0, 80.0, 100.0]); slots = np.array([7, 19, 31])


t0 = time.perf_counter()
share = np.zeros((S, U, len(targets))); reach = np.zeros((S, U, len(targets)), dtype=np.int64)
for s in range(S):
    g = np.random.default_rng([1, s])
    beta = beta_hat + L @ g.standard_normal(P)
    risk = np.exp(Xc @ beta)                                   # per cell
    G = np.cumsum(f * np.exp(Xt @ beta))
    renew_p = g.beta(1 + renewed, 1 + expired - renewed)
    mu = -np.log1p(-g.beta(0.5 + closures, 0.5 + open_months - closures))
    lam = g.gamma(0.5 + entries) / 12.0
    # Closures of existing enterprises.
    T = g.exponential(1 / mu, N)
    close_month = np.where(T <= f[0], 0, np.ceil(T - f[0])).astype(np.int64)
    end_slot = np.where(close_month <= H, close_month + 1, H + 2)
    # Completions of the not completed.
    E = g.exponential(1.0, N) / risk[cell]
    t_done = np.searchsorted(G, E)                              # H + 1 = not within horizon
    start = np.where(completed, 0, t_done + 1)
    exp_m = np.where(completed, expiry, t_done + validity)
    # Expiry inside the horizon: renewal or lapse and a new completion draw.
    lapses = (exp_m <= H) & (start < end_slot) & (g.random(N) >= renew_p)
    stop = np.where(lapses, np.minimum(exp_m + 1, end_slot), end_slot)
    E2 = g.exponential(1.0, N) / risk[cell] + G[np.minimum(exp_m, H)]
    t_again = np.searchsorted(G, E2)
    again = lapses & (t_again <= H) & (t_again + 1 < end_slot)
    # Entrants.
    n_new = g.poisson(np.outer(lam, f))                         # community x month
    kk, tt = np.nonzero(n_new); reps = n_new[kk, tt]
    kk = np.repeat(kk, reps); tt = np.repeat(tt, reps)
    tmpl = np.array([members[k][g.integers(0, len(members[k]))] for k in kk], dtype=np.int64)
    life = np.maximum(1, np.ceil(g.exponential(1 / mu, len(tmpl)))).astype(np.int64)
    e_end = np.where(tt + life <= H, tt + life + 1, H + 2)
    e_done = np.searchsorted(G, g.exponential(1.0, len(tmpl)) / risk[cell[tmpl]] + G[tt])
    # Counts per unit and slot.
    comp = np.zeros(U * W, dtype=np.int64); opn = np.zeros(U * W, dtype=np.int64)
    for units in (np.zeros(N, dtype=np.int64), unit_com, unit_dept):
        opn += np.bincount(units * W, minlength=U * W)
        opn -= np.bincount(units * W + end_slot, minlength=U * W)
        ok = start < stop
        comp += np.bincount(units[ok] * W + start[ok], minlength=U * W)
        comp -= np.bincount(units[ok] * W + stop[ok], minlength=U * W)
        comp += np.bincount(units[again] * W + t_again[again] + 1, minlength=U * W)
        comp -= np.bincount(units[again] * W + end_slot[again], minlength=U * W)
    for units in (np.zeros(len(tmpl), dtype=np.int64), unit_com[tmpl], unit_dept[tmpl]):
        opn += np.bincount(units * W + tt + 1, minlength=U * W)
        opn -= np.bincount(units * W + e_end, minlength=U * W)
        ok = e_done + 1 < e_end
        comp += np.bincount(units[ok] * W + e_done[ok] + 1, minlength=U * W)
        comp -= np.bincount(units[ok] * W + e_end[ok], minlength=U * W)
    c = np.cumsum(comp.reshape(U, W), axis=1)[:, :H + 2]
    o = np.cumsum(opn.reshape(U, W), axis=1)[:, :H + 2]
    sh = 100 * c / np.maximum(o, 1)
    share[s] = sh[:, slots]
    hit = sh[:, :, None] >= targets[None, None, :] - 1e-9
    reach[s] = np.where(hit.any(axis=1), hit.argmax(axis=1), H + 2)
elapsed = time.perf_counter() - t0
prob = (share >= targets - 1e-9).mean(axis=0)
print(f"numpy forecast Monte Carlo {N} enterprises x {S} scenarios x {H} months: {elapsed:.3f} s"
      f" ({1e9 * elapsed / (N * S):.1f} ns per enterprise-scenario); town P = {prob[0].round(3).tolist()}")
