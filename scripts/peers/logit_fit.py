"""Peer for the IRLS logistic-regression benchmark: statsmodels Logit (and GLM cloglog) on the
1.2 million x 24 design that the Swift side builds from the same deterministic hash
(splitmix64 of i*25 + j, 53-bit uniforms):
  col 0 = 1; cols 1-12 = [u < 0.3]; cols 13-22 = 2u - 1; col 23 = (i mod 36)/36;
  y = [u(i, 24) < logistic(-2 + sum_j 0.1*((j mod 5) - 2)*x_j)].
Prints the best of 3 wall-clock times (design construction excluded).
Run: OPENBLAS_NUM_THREADS=2 python3 scripts/peers/logit_fit.py [--cloglog]
"""
import sys
import time

import numpy as np
import statsmodels.api as sm

N, P = 1_200_000, 24


def splitmix(x):
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def design():
    idx = np.arange(N * 25, dtype=np.uint64).reshape(N, 25)
    u = (splitmix(idx) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    x = np.empty((N, P))
    x[:, 0] = 1
    x[:, 1:13] = (u[:, 1:13] < 0.3)
    x[:, 13:23] = 2 * u[:, 13:23] - 1
    x[:, 23] = (np.arange(N) % 36) / 36
    beta = np.array([0.0] + [0.1 * ((j % 5) - 2) for j in range(1, P)])
    eta = -2.0 + x @ beta
    y = (u[:, 24] < 1 / (1 + np.exp(-eta))).astype(float)
    return x, y


if __name__ == "__main__":
    x, y = design()
    best, res = 1e9, None
    for _ in range(3):
        t0 = time.perf_counter()
        if "--cloglog" in sys.argv:
            res = sm.GLM(y, x, family=sm.families.Binomial(link=sm.families.links.CLogLog())).fit()
        else:
            res = sm.Logit(y, x).fit(disp=0)
        best = min(best, time.perf_counter() - t0)
    print(f"statsmodels {'GLM cloglog' if '--cloglog' in sys.argv else 'Logit'} {N}x{P}: best of 3 = {best:.3f} s;"
          f" b0 {res.params[0]:.10f} b1 {res.params[1]:.10f} se1 {res.bse[1]:.10f}")
