#!/usr/bin/env python3
"""Peer for the gemm row: numpy matmul (A @ B into a preallocated C) on the shared A, B."""
import _harness as h
import numpy as np

args = h.arguments(__doc__, warmup=2, repeats=7).parse_args()
data = h.Data(args.data)
n = data.section("gemm")["n"]
a = data.array("gemm", "a", (n, n))
b = data.array("gemm", "b", (n, n))
c = np.empty((n, n))

h.measure("gemm.numpy", f"dgemm n={n}", "numpy matmul",
          lambda: np.matmul(a, b, out=c), args.warmup, args.repeats,
          extra={"n": n, "flops": 2 * n ** 3})
