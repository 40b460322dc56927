#!/usr/bin/env python3
"""Joins one run's Swift results (package-benchmark's histogramSamples export) and peer
results (PEER_RESULT lines) into the table: prints it and writes the CSV.

Columns: work, ours_median_s, peer, peer_median_s, ratio (peer/ours: >1 means worksafe is
faster), target_ratio (from the issues), met (yes/no/—), fraction_of_limit (of the measured
peak dgemm GFLOP/s or memory bandwidth, same run), notes. A memory row ("... peak memory net of
process baseline / input size") has ratio = that net peak over the input's size, met when below
target_ratio; its notes give the gross peak too (see `memory` in ROWS).

To add a row: add an entry to ROWS (its `ours` is the Swift benchmark's name, its `peer` the
peer's peer_id, or "swift:<name>" for a Swift reference such as the direct cblas_dgemm). Whole
commands (peers/commands.py) time both sides as processes: their `ours` is "peer:<peer_id>".
"""
import argparse
import csv
import json
import os
import statistics
import sys

# work:        label (formatted with the manifest's sections)
# ours:        Swift benchmark name (Benchmark("<name>", ...))
# peer:        peer_id printed by a peers/*.py script, or "swift:<benchmark name>"; a list of
#              peer_ids compares with the fastest of them that ran (the others go to the notes)
# target:      required ratio peer/ours from the issues (None: no target)
# limit:       "flops" (fraction of peak dgemm GFLOP/s) or "bytes" (of triad GB/s) or None
# amount:      flops or bytes of one timed unit of work, from the manifest
# paired:      Swift benchmark recording wrapper_us/direct_us/ratio_ppm per interleaved pair
# per:         Swift custom metric to divide ours' wall time by (e.g. Lloyd "iterations")
# memory:      adds a row "peak memory / input size" for `ours`: the highest peakMemoryResident
#              sample less the peak of `baseline` (a benchmark with the same process and setup
#              that does no work: each benchmark runs in its own process), over size(manifest);
#              met when below `below`. That net figure is the one compared; the notes give the
#              gross peak (the process included, as package-benchmark reports it) and its ratio.
ROWS = [
    dict(work="dgemm n={gemm[n]}: Matrix.multiply(into:) vs direct cblas_dgemm (#2)",
         ours="gemm.wrapper", peer="swift:gemm.direct", peer_label="cblas_dgemm direct, same buffers",
         paired="gemm.paired",
         target=0.95, limit="flops", amount=lambda m: 2 * m["gemm"]["n"] ** 3),
    dict(work="dgemm n={gemm[n]}: Matrix.multiply(into:) vs numpy",
         ours="gemm.wrapper", peer="gemm.numpy", target=None, limit="flops",
         amount=lambda m: 2 * m["gemm"]["n"] ** 3),
    dict(work="CSV ingest {csv[rows]:,} rows x {csv[columns]}",
         ours="csv.ingest", peer="csv.pandas", target=1.5, limit="bytes",
         amount=lambda m: m["csv"]["bytes"],
         memory=dict(label="CSV ingest", baseline="csv.baseline", size=lambda m: m["csv"]["bytes"],
                     below=3.0)),
    dict(work="k-means Lloyd iteration {kmeans[n]:,} x {kmeans[d]}, k={kmeans[k]}",
         ours="kmeans.lloyd", peer="kmeans.sklearn", target=3.0, limit="bytes",
         amount=lambda m: m["kmeans"]["n"] * m["kmeans"]["d"] * 8, per="iterations"),
    dict(work="exact silhouette {silhouette[n]:,} points x {silhouette[d]}",
         ours="silhouette.exact", peer="silhouette.sklearn", target=2.0, limit="flops",
         amount=lambda m: 2 * m["silhouette"]["n"] ** 2 * m["silhouette"]["d"]),
    dict(work="hazard fit (logit IRLS) {logit[n]:,} rows x {logit[p]}",
         ours="hazard.fit", peer="logit.statsmodels", target=3.0, limit=None),
    dict(work="Monte Carlo forecast {montecarlo[enterprises]:,} x {montecarlo[scenarios]:,} x "
              "{montecarlo[months]} months",
         ours="montecarlo.forecast",
         peer=["montecarlo.numpy.searchsorted", "montecarlo.numpy.loop"], target=5.0, limit=None),
    dict(work="worksafe report end to end, {report[enterprises]:,} enterprises (time, peak memory)",
         ours="report.end-to-end", peer=None, target=None, limit=None),
    dict(work="cluster table {workbooks[rows]:,} rows written as .xlsx vs CSV (#16: within 3x)",
         ours="workbook.write", peer="swift:workbook.csv-write", peer_label="CSVWriter, same table",
         target=1 / 3, limit=None),
    dict(work="ledger of {workbooks[enterprises]:,} enterprises read from .xlsx vs CSV (#16: within 3x)",
         ours="workbook.read", peer="swift:workbook.csv-read", peer_label="LedgerReader on the CSV files",
         target=1 / 3, limit=None),
    dict(work="command: worksafe trend --by community --period quarter, {town[enterprises]:,} enterprises",
         ours="peer:command.trend.worksafe", peer="command.trend.peer", target=5.0, limit=None),
    dict(work="command: worksafe grade, {town[enterprises]:,} enterprises",
         ours="peer:command.grade.worksafe", peer="command.grade.peer", target=5.0, limit=None),
    dict(work="command: worksafe cluster --features {features[rows]:,} x {features[columns]} "
              "(read, k-means from given centres, write labels)",
         ours="peer:command.cluster.worksafe", peer="command.cluster.peer", target=2.0, limit=None),
    dict(work="command: worksafe validate, {town[enterprises]:,} enterprises",
         ours="peer:command.validate.worksafe", peer="command.validate.peer", target=3.0, limit=None),
    dict(work="command: worksafe plan --priorities vs worksafe forecast, {town[enterprises]:,} enterprises",
         ours="peer:command.plan.worksafe", peer="command.plan.peer", target=0.5, limit=None),
]

DASH = "—"


# Header units of the samples export → factor to seconds (time) or to plain counts.
UNIT_SCALE = {"(ns)": 1e-9, "(μs)": 1e-6, "(us)": 1e-6, "(ms)": 1e-3, "(s)": 1.0, "#": 1.0,
              "(#)": 1.0, "(K)": 1e3, "(M)": 1e6, "(G)": 1e9, "(T)": 1e12, "(P)": 1e15}


def load_swift(folders):
    """Swift benchmark name → {"median_s", "samples", "metrics": {metric: median}}.

    Reads package-benchmark's `--format histogramSamples` export: one file per benchmark and
    metric, `<baseline>.<Target>.<name>.<metric>.histogram.samples.tsv`, whose first line is
    "<metric description> (<unit>)" and the rest one sample a line. BenchMode pins the time
    unit to nanoseconds and custom metrics to plain counts; other units are converted.
    """
    out = {}
    for folder in folders:
        if not folder or not os.path.isdir(folder):
            continue
        for file in sorted(os.listdir(folder)):
            suffix = ".histogram.samples.tsv"
            if not file.endswith(suffix):
                continue
            parts = file[: -len(suffix)].split(".")
            # parts: baseline, target, name (may contain dots), metric (raw description)
            name, metric = ".".join(parts[2:-1]), parts[-1]
            with open(os.path.join(folder, file)) as f:
                lines = f.read().split("\n")
            header, values = lines[0], [float(v) for v in lines[1:] if v.strip()]
            if not values:
                continue
            # The unit is a last "(...)" word; a description may itself end in ")" ("Memory Δ
            # (resident peak) " for a raw count).
            last = header.rstrip().rsplit(" ", 1)[-1]
            unit = last if last.startswith("(") and last.endswith(")") else "#"
            if unit not in UNIT_SCALE:
                sys.exit(f"{file}: unknown unit in header {header!r}")
            values = [v * UNIT_SCALE[unit] for v in values]
            entry = out.setdefault(name, {"median_s": None, "samples": 0, "metrics": {},
                                          "metric_min": {}, "metric_max": {}})
            if metric == "wallClock":
                entry["median_s"] = statistics.median(values)
                entry["min_s"] = min(values)
                entry["samples"] = len(values)
            else:
                entry["metrics"][metric] = statistics.median(values)
                entry["metric_min"][metric] = min(values)
                entry["metric_max"][metric] = max(values)
    return {k: v for k, v in out.items() if v["median_s"] is not None}


def load_peers(path):
    out = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.startswith("PEER_RESULT "):
                    r = json.loads(line[len("PEER_RESULT "):])
                    out[r["peer_id"]] = r
    return out


def rate(amount, seconds, kind):
    value = amount / seconds / 1e9
    return value, ("GFLOP/s" if kind == "flops" else "GB/s")


def fmt(x, digits=4):
    return "" if x is None else f"{x:.{digits}g}"


def memory_row(row, manifest, swift):
    """The "peak memory / input size" row of a benchmark (see `memory` in ROWS)."""
    spec = row["memory"]
    size = spec["size"](manifest)
    work = f"{spec['label']} peak memory net of baseline / input (met: < {spec['below']:g})"
    ours, base = swift.get(row["ours"]), swift.get(spec["baseline"])
    gross = ours["metric_max"].get("peakMemoryResident") if ours else None
    baseline = base["metric_max"].get("peakMemoryResident") if base else None
    if gross is None or baseline is None:
        missing = "peakMemoryResident not measured" if gross is None else f"{spec['baseline']} not run"
        return [work, "", DASH, "", "", f"{spec['below']:g}", DASH, "", missing]
    net = gross - baseline
    ratio = net / size
    notes = [f"net {net / 1e6:.1f} MB = {ratio:.2f}x input ({size / 1e6:.1f} MB) is the figure compared",
             f"gross peak resident {gross / 1e6:.1f} MB = {gross / size:.2f}x input (package-benchmark "
             f"peakMemoryResident, highest sample, process included)",
             f"process baseline {baseline / 1e6:.1f} MB ({spec['baseline']}: same process and setup, no work)"]
    delta = ours["metric_max"].get("peakMemoryResidentDelta")
    if delta is not None:
        notes.append(f"peakMemoryResidentDelta (peak less resident set at start) {delta / 1e6:.1f} MB")
    return [work, "", DASH, "", fmt(ratio, 3), f"{spec['below']:g}",
            "yes" if ratio < spec["below"] else "no", "", "; ".join(notes)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--swift", nargs="*", default=[])
    ap.add_argument("--peers", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--context", default="", help="free text for the first note (host, load)")
    args = ap.parse_args()
    with open(args.manifest) as f:
        manifest = json.load(f)
    swift = load_swift(args.swift)
    peers = load_peers(args.peers)

    # The limits are best rates, as STREAM reports them: the fastest direct cblas_dgemm call of
    # the run (gemm.direct and the direct half of gemm.paired) for peak GFLOP/s, the fastest
    # triad for GB/s. On a shared machine a median can land in a busy minute; a best rate is
    # what the hardware did when it had the cores. Medians are shown beside them.
    peak = swift.get("gemm.direct")
    paired = swift.get("gemm.paired")
    triad = swift.get("limits.triad")
    # A manifest written with make_data.py --only has some sections: rows and limits of the
    # others are left out.
    flops = 2 * manifest["gemm"]["n"] ** 3 if "gemm" in manifest else 1
    triad_bytes = manifest["stream"]["n"] * manifest["stream"]["bytes_per_element"] if "stream" in manifest else 1
    peak_times = ([peak["min_s"]] if peak else []) + (
        [paired["metric_min"]["direct_us"] / 1e6]
        if paired and "direct_us" in paired["metric_min"] else [])
    peak_gflops = flops / min(peak_times) / 1e9 if peak_times else None
    bandwidth = triad_bytes / triad["min_s"] / 1e9 if triad else None
    limits = {"flops": peak_gflops, "bytes": bandwidth}

    table = []
    for row in ROWS:
        try:
            work = row["work"].format(**manifest)
        except KeyError:
            continue  # inputs of an older manifest
        ours = swift.get(row["ours"])
        ours_s = None
        notes = []
        if row["ours"].startswith("peer:"):
            # A whole command timed as a process beside its peer (peers/commands.py).
            r = peers.get(row["ours"][5:])
            ours = None
            if r is not None:
                ours_s = r["median_s"]
                notes.append(f"ours min {min(r['times_s']):.4g} s of {len(r['times_s'])}, "
                             f"peak RSS {r['extra']['peak_rss_bytes'] / 2**20:.0f} MiB")
                if r.get("blas"):
                    notes.append(f"ours BLAS: {r['blas']}")
                if r.get("notes"):
                    notes.append(r["notes"])
            else:
                notes.append("command benchmark not run")
        elif ours is not None:
            ours_s = ours["median_s"]
            notes.append(f"ours min {ours['min_s']:.4g} s of {ours['samples']}")
            if row.get("per"):
                count = ours["metrics"].get(row["per"])
                if count:
                    ours_s /= count
                    notes.append(f"ours per {row['per'][:-1]}: {int(count)} {row['per']}")
                else:
                    notes.append(f"ours: no '{row['per']}' metric; whole run timed")
        elif not args.swift:
            notes.append("swift side not run")
        else:
            notes.append("swift side not yet written")
        peer_label, peer_s, peer_rate = DASH, None, None
        if row["peer"] is None and ours is not None:
            # No peer (the report end to end): the peer column shows our peak resident memory.
            memory = next((v for k, v in ours["metrics"].items() if "emory" in k), None)
            if memory is not None:
                peer_label = f"no peer; peak RSS {memory / 2**30:.2f} GiB"
                notes.append(f"peak resident memory {memory / 2**30:.3f} GiB")
        peer_id = row["peer"]
        if isinstance(peer_id, list):
            ran = sorted((peers[p]["median_s"], p) for p in peer_id if p in peers)
            peer_id = ran[0][1] if ran else peer_id[0]
            for median, other in ran[1:]:
                notes.append(f"slower peer {peers[other]['peer']}: median {median:.4g} s")
        if peer_id and peer_id.startswith("swift:"):
            ref = swift.get(peer_id[6:])
            peer_label = row.get("peer_label", peer_id)
            peer_s = ref["median_s"] if ref else None
            if ref:
                notes.append(f"peer min {ref['min_s']:.4g} s of {ref['samples']}")
        elif peer_id:
            r = peers.get(peer_id)
            if r is not None:
                peer_label = r["peer"]
                peer_s = r["median_s"]
                notes.append(f"peer min {min(r['times_s']):.4g} s of {len(r['times_s'])}")
                if r.get("blas"):
                    notes.append(f"peer BLAS: {r['blas']}")
                extra = r.get("extra", {})
                if "peak_rss_bytes" in extra:
                    notes.append(f"peer peak RSS {extra['peak_rss_bytes'] / 2**20:.0f} MiB")
                if "n_iter" in extra:
                    notes.append(f"peer n_iter {extra['n_iter']}")
            else:
                peer_label = peer_id
                notes.append("peer not run")
        ratio = peer_s / ours_s if (peer_s and ours_s) else None
        paired = swift.get(row.get("paired", ""))
        if paired and all(k in paired["metrics"] for k in ("wrapper_us", "direct_us", "ratio_ppm")):
            # Interleaved pairs (see Benchmarks/Gemm): immune to load drift between benchmarks.
            ours_s = paired["metrics"]["wrapper_us"] / 1e6
            peer_s = paired["metrics"]["direct_us"] / 1e6
            ratio = paired["metrics"]["ratio_ppm"] / 1e6
            notes.append(f"interleaved pairs (gemm.paired, {paired['samples']} pairs): medians; "
                         "ratio = median per-pair ratio")
        target = row["target"]
        met = DASH if (target is None or ratio is None) else ("yes" if ratio >= target else "no")
        fraction = None
        kind = row["limit"]
        if kind and limits.get(kind) and row.get("amount"):
            amount = row["amount"](manifest)
            if ours_s:
                value, unit = rate(amount, ours_s, kind)
                fraction = value / limits[kind]
                notes.append(f"ours {value:.3g} {unit}")
            if peer_s:
                value, unit = rate(amount, peer_s, kind)
                notes.append(f"peer {value:.3g} {unit} ({value / limits[kind]:.3g} of limit)")
        table.append([work, fmt(ours_s), peer_label, fmt(peer_s), fmt(ratio, 3),
                      "" if target is None else f"{target:g}", met, fmt(fraction, 3),
                      "; ".join(notes)])
        if row.get("memory"):
            table.append(memory_row(row, manifest, swift))

    # The machine's limits, measured in this run.
    if "gemm" in manifest: table.append(["limit: peak dgemm (direct cblas_dgemm, n={}, 2 threads)".format(
        manifest["gemm"]["n"]), fmt(peak["median_s"] if peak else None), DASH, "", "", "", DASH,
        "1" if peak else "",
        f"best {peak_gflops:.3g} GFLOP/s (fastest direct call, gemm.direct or gemm.paired), "
        f"median {flops / peak['median_s'] / 1e9:.3g}" if peak else "not measured"])
    if "stream" in manifest: table.append(["limit: memory bandwidth (triad, {:,} doubles x 3, 2 threads)".format(
        manifest["stream"]["n"]), fmt(triad["median_s"] if triad else None), DASH, "", "", "",
        DASH, "1" if triad else "",
        f"best {bandwidth:.3g} GB/s, median {triad_bytes / triad['median_s'] / 1e9:.3g}"
        if triad else "not measured"])
    if args.context:
        table.append(["run context", "", DASH, "", "", "", DASH, "", args.context])

    header = ["work", "ours_median_s", "peer", "peer_median_s", "ratio", "target_ratio", "met",
              "fraction_of_limit", "notes"]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out + ".tmp", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(table)
    os.replace(args.out + ".tmp", args.out)

    shown = [header[:8]] + [r[:8] for r in table]
    widths = [min(62, max(len(r[i]) for r in shown)) for i in range(8)]
    for r in shown:
        print("  ".join(c[:widths[i]].ljust(widths[i]) for i, c in enumerate(r)))
    print(f"\nwritten: {args.out} (notes column there)", file=sys.stderr)


if __name__ == "__main__":
    main()
