#!/usr/bin/env python3
"""Writes every benchmark input once, for both sides: benchmarks/.data/<mode>/.

The Swift benchmarks (BenchmarkSupport/BenchData.swift) and the Python peers read these same
files, so both work on identical numbers. Layout: manifest.json (sizes, seeds, file names) and
raw little-endian row-major arrays (.f64 = float64, .i64 = int64), plus ledger.csv.

Deterministic: numpy's PCG64 seeded per workload (SEED + a fixed offset), so the same mode and
GENERATOR_VERSION give the same bytes. Re-running is a no-op when the manifest matches.

    python3 peers/make_data.py --mode full|smoke [--out DIR] [--force]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np

GENERATOR_VERSION = 2
SEED = 20261129

SIZES = {
    "full": dict(gemm_n=2000, stream_n=20_000_000, csv_rows=1_000_000, kmeans_n=1_000_000,
                 kmeans_max_iter=20, silhouette_n=20_000, logit_n=1_200_000,
                 mc_enterprises=100_000, mc_scenarios=1_000, mc_months=36,
                 report_enterprises=1_000_000, workbook_enterprises=200_000, workbook_rows=1_000_000,
                 town_enterprises=200_000, features_rows=1_000_000),
    "smoke": dict(gemm_n=200, stream_n=1_000_000, csv_rows=10_000, kmeans_n=10_000,
                  kmeans_max_iter=5, silhouette_n=1_000, logit_n=12_000,
                  mc_enterprises=2_000, mc_scenarios=20, mc_months=36,
                  report_enterprises=2_000, workbook_enterprises=2_000, workbook_rows=5_000,
                  town_enterprises=2_000, features_rows=10_000),
}
CITY_SEED = 1
TOWN_SEED = 5


def worksafe_binary(repo):
    """The release `worksafe` ($WORKSAFE_BIN, or the repository's .build/release, built if missing)."""
    path = os.environ.get("WORKSAFE_BIN") or os.path.join(repo, ".build", "release", "worksafe")
    if not os.path.exists(path):
        print("building the release worksafe for the report benchmark's city", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "worksafe"], cwd=repo, check=True,
                       stdout=sys.stderr)
    return path


def ensure_town(out, n):
    """The whole-command benchmarks' town: `worksafe simulate --enterprises n --seed TOWN_SEED`
    into <out>/town, once (reused while the stamp matches)."""
    town = os.path.join(out, "town")
    stamp_text = f"worksafe simulate --enterprises {n} --seed {TOWN_SEED}\n"
    stamp = os.path.join(town, "SIMULATED")
    if os.path.exists(stamp) and open(stamp).read() == stamp_text:
        return
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    tmp = town + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.time()
    subprocess.run([worksafe_binary(repo), "simulate", "--enterprises", str(n), "--seed", str(TOWN_SEED),
                    "--out", tmp], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(tmp, "SIMULATED"), "w") as f:
        f.write(stamp_text)
    shutil.rmtree(town, ignore_errors=True)
    os.replace(tmp, town)
    print(f"command town ({n:,} enterprises) simulated in {time.time() - started:.0f}s", file=sys.stderr)


def ensure_city(out, n):
    """The report benchmark's city: `worksafe simulate --enterprises n --seed CITY_SEED` into
    <out>/city, once. A city already there for the same n and seed is reused; so is the folder
    $WORKSAFE_BENCH_CITY (e.g. scripts/scale.sh's town; linked, not copied) when set."""
    city = os.path.join(out, "city")
    stamp_text = f"worksafe simulate --enterprises {n} --seed {CITY_SEED}\n"
    stamp = os.path.join(city, "SIMULATED")
    given = os.environ.get("WORKSAFE_BENCH_CITY")
    if given:
        if os.path.islink(city) or not os.path.exists(city):
            if os.path.islink(city):
                os.remove(city)
            os.symlink(os.path.abspath(given), city)
            print(f"report city: {city} -> {given}", file=sys.stderr)
            return
    if os.path.exists(stamp) and open(stamp).read() == stamp_text:
        return
    if os.path.islink(city):
        os.remove(city)
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    binary = worksafe_binary(repo)
    tmp = city + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.time()
    subprocess.run([binary, "simulate", "--enterprises", str(n), "--seed", str(CITY_SEED), "--out", tmp],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(tmp, "SIMULATED"), "w") as f:
        f.write(stamp_text)
    shutil.rmtree(city, ignore_errors=True)
    os.replace(tmp, city)
    print(f"report city ({n:,} enterprises) simulated in {time.time() - started:.0f}s", file=sys.stderr)


def ensure_workbook_city(out, n):
    """The workbook benchmark's ledger: `worksafe simulate --enterprises n --seed CITY_SEED` into
    <out>/wbcity/csv, and its enterprises, status and risk_points tables converted to workbooks
    by openpyxl (scripts/fixtures/sample_workbooks.py) into <out>/wbcity/xlsx, once. (The risk
    table, 14 quarters × n rows, exceeds a worksheet's 1,048,576 rows.)"""
    root = os.path.join(out, "wbcity")
    stamp_text = f"worksafe simulate --enterprises {n} --seed {CITY_SEED}; openpyxl enterprises,status,risk_points\n"
    stamp = os.path.join(root, "MADE")
    if os.path.exists(stamp) and open(stamp).read() == stamp_text:
        return
    repo = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    binary = worksafe_binary(repo)
    shutil.rmtree(root, ignore_errors=True)
    started = time.time()
    csv_dir, xlsx_dir = os.path.join(root, "csv"), os.path.join(root, "xlsx")
    subprocess.run([binary, "simulate", "--enterprises", str(n), "--seed", str(CITY_SEED), "--out", csv_dir],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, os.path.join(repo, "scripts", "fixtures", "sample_workbooks.py"),
                    "--source", csv_dir, "--out", xlsx_dir, "--tables", "enterprises,status,risk_points"],
                   check=True, stdout=subprocess.DEVNULL)
    with open(stamp, "w") as f:
        f.write(stamp_text)
    print(f"workbook city ({n:,} enterprises) made in {time.time() - started:.0f}s", file=sys.stderr)


def rng(offset):
    return np.random.default_rng(SEED + offset)


def write(folder, name, array, dtype):
    np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tofile(
        os.path.join(folder, name))
    return name


def blobs(g, n, d, k):
    """n points in d dimensions around k well-separated centres; returns X and the true labels."""
    centres = g.normal(0.0, 4.0, size=(k, d))
    labels = g.integers(0, k, size=n)
    x = centres[labels] + g.standard_normal((n, d))
    return x, labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=sorted(SIZES), default="full")
    ap.add_argument("--out", default=None, help="default: benchmarks/.data/<mode>")
    ap.add_argument("--force", action="store_true", help="rewrite even if the manifest matches")
    ap.add_argument("--only", default=None,
                    help="comma-separated sections to write (e.g. workbooks); the manifest then has only those")
    ap.add_argument("--skip-city", action="store_true",
                    help="do not simulate the report benchmark's city (when only the command benchmarks run)")
    args = ap.parse_args()
    s = SIZES[args.mode]
    here = os.path.dirname(os.path.abspath(__file__))
    out = args.out or os.path.join(here, "..", ".data", args.mode)
    out = os.path.abspath(out)
    os.makedirs(out, exist_ok=True)
    manifest_path = os.path.join(out, "manifest.json")
    if args.only:
        only = set(args.only.split(","))
        m = {"generator": "benchmarks/peers/make_data.py", "version": GENERATOR_VERSION,
             "mode": args.mode, "seed": SEED, "sizes": s, "only": sorted(only)}
        if "workbooks" in only:
            ensure_workbook_city(out, s["workbook_enterprises"])
            m["workbooks"] = workbook_section(s)
        with open(manifest_path + ".tmp", "w") as f:
            json.dump(m, f, indent=1, sort_keys=True)
        os.replace(manifest_path + ".tmp", manifest_path)
        return
    # The report city lives beside the arrays and is checked on every run (cheap when present).
    if not args.skip_city:
        ensure_city(out, s["report_enterprises"])
    ensure_workbook_city(out, s["workbook_enterprises"])
    ensure_town(out, s["town_enterprises"])
    if not args.force and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = json.load(f)
        if old.get("version") == GENERATOR_VERSION and old.get("sizes") == s and "only" not in old:
            print(f"data up to date: {out}", file=sys.stderr)
            return
    started = time.time()
    m = {"generator": "benchmarks/peers/make_data.py", "version": GENERATOR_VERSION,
         "mode": args.mode, "seed": SEED, "sizes": s}

    # gemm: A, B ~ N(0, 1), n × n.
    n = s["gemm_n"]
    g = rng(1)
    m["gemm"] = {"n": n,
                 "a": write(out, "gemm_a.f64", g.standard_normal((n, n)), "f8"),
                 "b": write(out, "gemm_b.f64", g.standard_normal((n, n)), "f8")}

    # stream: generated in place by the triad benchmark; only its length is shared.
    m["stream"] = {"n": s["stream_n"], "bytes_per_element": 24}

    # CSV: 13 numeric columns shaped like risk.csv: an integer id, the 8 element scores
    # (0-100, one decimal), and 4 small counts. Comma-separated, header line, '\n' endings.
    rows = s["csv_rows"]
    g = rng(2)
    scores = np.round(g.uniform(0, 100, size=(rows, 8)), 1)
    counts = g.poisson([3.0, 0.2, 1.0, 0.05], size=(rows, 4))
    names = (["id"] + [f"element_{i}" for i in range(1, 9)]
             + ["hazards_general", "hazards_major", "violations", "accidents"])
    path = os.path.join(out, "ledger.csv")
    with open(path, "w", newline="\n") as f:
        f.write(",".join(names) + "\n")
        block = 100_000
        for start in range(0, rows, block):
            stop = min(rows, start + block)
            ids = np.arange(start + 1, stop + 1)
            lines = [f"{i},{a:.1f},{b:.1f},{c:.1f},{d:.1f},{e:.1f},{f_:.1f},{g_:.1f},{h:.1f},"
                     f"{p},{q},{r},{t}"
                     for i, (a, b, c, d, e, f_, g_, h), (p, q, r, t)
                     in zip(ids.tolist(), scores[start:stop].tolist(), counts[start:stop].tolist())]
            f.write("\n".join(lines) + "\n")
    m["csv"] = {"rows": rows, "columns": 13, "file": "ledger.csv", "bytes": os.path.getsize(path),
                "header": names}

    # k-means: 8 Gaussian blobs in 12 dimensions; the initial centres are 8 distinct rows
    # chosen at random, used by both sides (sklearn: init=<array>, n_init=1).
    n, d, k = s["kmeans_n"], 12, 8
    g = rng(3)
    x, _ = blobs(g, n, d, k)
    init = x[np.sort(g.choice(n, size=k, replace=False))]
    m["kmeans"] = {"n": n, "d": d, "k": k, "max_iter": s["kmeans_max_iter"],
                   "x": write(out, "kmeans_x.f64", x, "f8"),
                   "init": write(out, "kmeans_init.f64", init, "f8")}

    # cluster --features: the first `features_rows` k-means points as a CSV table (an id, then the
    # 12 features with 4 decimals) and the initial centres (rounded the same way), for the
    # whole-command benchmark (`worksafe cluster --features` against pandas + scikit-learn).
    rows = s["features_rows"]
    names = ["id"] + [f"f{j + 1}" for j in range(d)]
    path = os.path.join(out, "features.csv")
    with open(path, "w", newline="\n") as f:
        f.write(",".join(names) + "\n")
        for start in range(0, rows, 100_000):
            block = x[start:min(rows, start + 100_000)]
            f.write("\n".join(f"E{start + i + 1}," + ",".join(f"{v:.4f}" for v in r)
                              for i, r in enumerate(block.tolist())) + "\n")
    with open(os.path.join(out, "centres.csv"), "w", newline="\n") as f:
        f.write(",".join(names[1:]) + "\n")
        f.write("\n".join(",".join(f"{v:.4f}" for v in r) for r in init.tolist()) + "\n")
    m["features"] = {"rows": rows, "columns": d, "k": k, "file": "features.csv", "centres": "centres.csv",
                     "bytes": os.path.getsize(path)}
    m["town"] = {"enterprises": s["town_enterprises"], "seed": TOWN_SEED, "folder": "town"}

    # silhouette: 20,000 points from the same kind of blobs, with their true labels (0..7).
    n = s["silhouette_n"]
    g = rng(4)
    x, labels = blobs(g, n, d, k)
    m["silhouette"] = {"n": n, "d": d, "k": k,
                       "x": write(out, "silhouette_x.f64", x, "f8"),
                       "labels": write(out, "silhouette_labels.i64", labels, "i8")}

    # logit (the hazard-model fit): 24 covariates ~ N(0,1), y ~ Bernoulli(expit(-2 + xβ)),
    # β_j = 0.3·(-1)^j / sqrt(j+1). Both sides add the intercept column: 25 parameters.
    n, p = s["logit_n"], 24
    g = rng(5)
    x = g.standard_normal((n, p))
    beta = np.array([0.3 * (-1) ** j / np.sqrt(j + 1) for j in range(p)])
    eta = -2.0 + x @ beta
    y = (g.uniform(size=n) < 1.0 / (1.0 + np.exp(-eta))).astype(np.float64)
    m["logit"] = {"n": n, "p": p, "intercept": True, "true_intercept": -2.0,
                  "x": write(out, "logit_x.f64", x, "f8"),
                  "y": write(out, "logit_y.f64", y, "f8")}

    # Monte Carlo forecast: enterprises' covariates x (n × 24), coefficient mean
    # θ = [β (24), γ_1..γ_36] and covariance Σ (60 × 60), each enterprise's unit (0..19).
    # Per scenario θ_s ~ N(θ, Σ); η_it = x_i·β_s + γ_s,t; completion month = first t with
    # Σ_{u≤t} exp(η_iu) ≥ E_i, E_i ~ Exp(1) (cloglog hazard); counts per scenario, unit, month.
    # The E and θ_s draws come from each side's own seeded generator (not shared).
    n, sc, months, p, units = s["mc_enterprises"], s["mc_scenarios"], s["mc_months"], 24, 20
    g = rng(6)
    x = g.standard_normal((n, p))
    beta = 0.15 * g.standard_normal(p) / np.sqrt(p)
    gamma = -4.0 + 0.03 * np.arange(1, months + 1)
    theta = np.concatenate([beta, gamma])
    q = p + months
    sd = np.concatenate([np.full(p, 0.02), np.full(months, 0.05)])
    corr = 0.3 ** np.abs(np.subtract.outer(np.arange(q), np.arange(q)))
    sigma = corr * np.outer(sd, sd)
    unit = g.integers(0, units, size=n)
    m["montecarlo"] = {"enterprises": n, "scenarios": sc, "months": months, "p": p,
                       "units": units, "seed": SEED + 60,
                       "x": write(out, "mc_x.f64", x, "f8"),
                       "theta": write(out, "mc_theta.f64", theta, "f8"),
                       "sigma": write(out, "mc_sigma.f64", sigma, "f8"),
                       "unit": write(out, "mc_unit.i64", unit, "i8")}

    # report: `worksafe report` end to end on the simulated city (see ensure_city).
    m["report"] = {"enterprises": s["report_enterprises"], "seed": CITY_SEED, "folder": "city"}
    m["workbooks"] = workbook_section(s)

    with open(manifest_path + ".tmp", "w") as f:
        json.dump(m, f, indent=1, sort_keys=True)
    os.replace(manifest_path + ".tmp", manifest_path)
    print(f"data written to {out} in {time.time() - started:.1f}s", file=sys.stderr)


def workbook_section(s):
    """workbooks: the cluster-shaped table written as CSV and as a workbook (rows made by the
    benchmark itself), and the ledger read from CSV and from workbooks (see ensure_workbook_city)."""
    return {"rows": s["workbook_rows"], "enterprises": s["workbook_enterprises"],
            "csv": "wbcity/csv", "xlsx": "wbcity/xlsx"}


if __name__ == "__main__":
    main()
