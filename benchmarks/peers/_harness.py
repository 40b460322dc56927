"""Shared peer harness: thread pinning, data loading, warm-up + repeats, one result line.

Import this module BEFORE numpy: it pins OMP/OpenBLAS/MKL to 2 threads through the environment
(the libraries read it when they load), then threadpoolctl (when installed) enforces and reports
the limits. Every peer prints exactly one line `PEER_RESULT {json}` on stdout; run.sh collects
those lines, tools/report.py turns them into the table.
"""
import argparse
import contextlib
import json
import os
import statistics
import sys
import time

THREADS = 2
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(THREADS)

import numpy as np  # noqa: E402  (after the environment is pinned)

try:
    from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402
except ImportError:  # the peers still run; the report says the kernel is unknown
    threadpool_info = threadpool_limits = None


def arguments(description, warmup=1, repeats=5):
    """The common command line: --data DIR --warmup N --repeats N."""
    ap = argparse.ArgumentParser(description=description)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.environ.get(
        "WORKSAFE_BENCH_DATA", os.path.join(here, "..", ".data", "full")))
    ap.add_argument("--warmup", type=int, default=warmup)
    ap.add_argument("--repeats", type=int, default=repeats)
    return ap


class Data:
    """The manifest written by make_data.py and its raw arrays."""

    def __init__(self, folder):
        self.folder = os.path.abspath(folder)
        path = os.path.join(self.folder, "manifest.json")
        if not os.path.exists(path):
            sys.exit(f"missing {path}: run benchmarks/run.sh or peers/make_data.py first")
        with open(path) as f:
            self.manifest = json.load(f)

    def section(self, name):
        return self.manifest[name]

    def path(self, name, key):
        return os.path.join(self.folder, self.manifest[name][key])

    def array(self, name, key, shape, dtype="<f8"):
        return np.fromfile(self.path(name, key), dtype=dtype).reshape(shape)


def blas_description():
    """Which BLAS/OpenMP libraries are loaded, their kernel and thread counts (threadpoolctl)."""
    if threadpool_info is None:
        return "threadpoolctl not installed"
    parts = []
    for lib in threadpool_info():
        what = lib.get("internal_api")
        if lib.get("version"):
            what += " " + str(lib["version"])
        if lib.get("architecture"):
            what += " kernel=" + lib["architecture"]
        parts.append(f"{what} threads={lib.get('num_threads')}")
    return "; ".join(parts)


def measure(peer_id, work, peer, fn, warmup, repeats, notes="", extra=None):
    """Runs fn() `warmup` times untimed, then `repeats` times timed; prints the result line.

    fn may return a dict; its "seconds" entry, when present, replaces the wall time of that run
    (used for per-iteration times) and the rest goes into "extra" of the last run.
    """
    limiter = threadpool_limits(limits=THREADS) if threadpool_limits else contextlib.nullcontext()
    with limiter:
        for _ in range(warmup):
            fn()
        times, info = [], {}
        for _ in range(repeats):
            start = time.perf_counter()
            out = fn()
            elapsed = time.perf_counter() - start
            if isinstance(out, dict):
                info = out
                elapsed = out.get("seconds", elapsed)
            times.append(elapsed)
        blas = blas_description()
    result = {
        "peer_id": peer_id, "work": work, "peer": peer,
        "median_s": statistics.median(times), "times_s": times,
        "warmup": warmup, "repeats": repeats, "threads": THREADS, "blas": blas,
        "env_openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
        "notes": notes,
        "extra": {**(extra or {}), **{k: v for k, v in info.items() if k != "seconds"}},
    }
    print("PEER_RESULT " + json.dumps(result, sort_keys=True), flush=True)
    return result
