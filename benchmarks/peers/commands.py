#!/usr/bin/env python3
"""Whole-command benchmarks: each `worksafe` command as a process beside a peer script doing the
same job in pandas / scikit-learn, on the same files, in the same run, runs alternating.

  trend     `worksafe trend --by community --period quarter`  vs  trend_pandas.py
  grade     `worksafe grade`                                    vs  grade_pandas.py
  cluster   `worksafe cluster --features F --init C --standardize none`  vs  cluster_sklearn.py
  validate  `worksafe validate`                                 vs  validate_pandas.py
  plan      `worksafe plan --as-of D --priorities P`            vs  `worksafe forecast --as-of D` (our own
            forecast as the reference: plan runs the same forecast and solves on its scenarios)

Each pair runs `--warmup` times untimed, then `--repeats` times timed, ours and the peer
alternating (so load drift hits both); wall time and peak resident memory (wait4) per process.
After the runs the outputs are compared (same shares, colours, labels, finding counts) and the
agreement goes into the notes. Prints one `PEER_RESULT {json}` line per side
(`command.<name>.worksafe`, `command.<name>.peer`), read by tools/report.py.

    python3 peers/commands.py --data DIR [--worksafe BIN] [--only trend,grade] [--warmup 1 --repeats 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
TODAY = "2026-12-01"
THREADS = {"OMP_NUM_THREADS": "2", "OPENBLAS_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}


def run(argv, env):
    """Wall seconds, peak resident bytes and exit status of one process (stdout discarded)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss * 1024, process.returncode, stderr.decode(errors="replace")


def compare_trend(ours, peer):
    import pandas as pd
    a = pd.read_csv(ours, dtype={"period_end": str})[["unit", "period_end", "completed", "open"]]
    b = pd.read_csv(peer, dtype={"period_end": str})
    m = a.merge(b, on=["unit", "period_end"], how="outer", suffixes=("", "_peer"))
    same = ((m["completed"] == m["completed_peer"]) & (m["open"] == m["open_peer"])).sum()
    return f"{same} of {len(m)} unit x quarter counts identical (ours {len(a)} rows, peer {len(b)})"


def compare_grade(ours, peer):
    import pandas as pd
    a = pd.read_csv(ours, dtype={"id": str})
    b = pd.read_csv(peer, dtype={"id": str})
    same = (a["id"].to_numpy() == b["id"].to_numpy()) & (a["level"].to_numpy() == b["level"].to_numpy()) \
        if len(a) == len(b) else []
    return f"{int(sum(same))} of {len(a)} enterprise colours identical (peer {len(b)} rows)"


def compare_cluster(ours, peer):
    import pandas as pd
    a = pd.read_csv(ours, dtype={"id": str})
    b = pd.read_csv(peer, dtype={"id": str})
    same = int((a["cluster"].to_numpy() == b["cluster"].to_numpy()).sum()) if len(a) == len(b) else 0
    return f"{same} of {len(a)} labels identical"


def compare_validate(ours, peer):
    import pandas as pd
    a = pd.read_csv(ours)
    counts = a.groupby(["file", "severity", "rule"]).size().rename("ours").reset_index()
    b = pd.read_csv(peer).rename(columns={"count": "peer"})
    m = counts.merge(b, on=["file", "severity", "rule"], how="outer").fillna(0)
    same = (m["ours"] == m["peer"]).sum()
    return (f"{same} of {len(m)} (file, severity, rule) finding counts identical; ours {len(a)} findings, "
            f"peer {int(b['peer'].sum())}")


def compare_plan(ours, peer):
    import pandas as pd
    a = pd.read_csv(ours)[["level", "unit", "milestone_date", "probability_as_is"]]
    b = pd.read_csv(peer)[["level", "unit", "milestone_date", "probability"]]
    m = a.merge(b, on=["level", "unit", "milestone_date"], how="outer")
    same = int((m["probability_as_is"] == m["probability"]).sum())
    return f"{same} of {len(m)} unit x milestone probabilities identical to the forecast's (plan {len(a)} rows)"


PLAN_AS_OF = "2024-06-30"


def commands(data, manifest, out):
    town = os.path.join(data, manifest["town"]["folder"])
    features = os.path.join(data, manifest["features"]["file"])
    centres = os.path.join(data, manifest["features"]["centres"])
    n = manifest["town"]["enterprises"]
    rows = manifest["features"]["rows"]
    return {
        "trend": dict(work=f"trend by community x quarter, {n:,} enterprises",
                      ours=["trend", "--data", town, "--by", "community", "--period", "quarter", "--today", TODAY],
                      peer=["trend_pandas.py", town], peer_label="pandas script", check=compare_trend),
        "grade": dict(work=f"grade (LEC/LS bands per point, colour per enterprise), {n:,} enterprises",
                      ours=["grade", "--data", town, "--today", TODAY],
                      peer=["grade_pandas.py", town], peer_label="pandas script", check=compare_grade),
        "cluster": dict(work=f"cluster --features {rows:,} x {manifest['features']['columns']}, "
                             f"k={manifest['features']['k']} from given centres, end to end",
                        ours=["cluster", "--features", features, "--init", centres, "--standardize", "none"],
                        peer=["cluster_sklearn.py", features, centres], peer_label="pandas + scikit-learn",
                        check=compare_cluster, blas=True),
        "validate": dict(work=f"validate, {n:,} enterprises",
                         ours=["validate", "--data", town, "--today", TODAY],
                         peer=["validate_pandas.py", town], peer_extra=["--today", TODAY],
                         peer_label="pandas column checks", check=compare_validate),
        "plan": dict(work=f"plan (required pace, priorities, expiring) vs forecast, {n:,} enterprises",
                     ours=["plan", "--data", town, "--as-of", PLAN_AS_OF, "--today", TODAY,
                           "--priorities", os.path.join(out, "plan-priorities.csv"),
                           "--expiring", os.path.join(out, "plan-expiring.csv")],
                     peer=["forecast", "--data", town, "--as-of", PLAN_AS_OF, "--today", TODAY],
                     peer_worksafe=True, peer_label="worksafe forecast", check=compare_plan),
    }


def peer_blas(python, env):
    code = ("import sklearn.cluster, threadpoolctl\n"
            "print('; '.join(f\"{l['internal_api']} {l.get('version')} kernel={l.get('architecture')}\""
            " for l in threadpoolctl.threadpool_info()))")
    r = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env)
    return r.stdout.strip() or "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--worksafe", default=os.environ.get("WORKSAFE_BIN") or
                    os.path.join(REPO, ".build", "release", "worksafe"))
    ap.add_argument("--baseline", default=None,
                    help="another worksafe build timed in the same rounds (command.<name>.baseline)")
    ap.add_argument("--only", default="")
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    with open(os.path.join(args.data, "manifest.json")) as f:
        manifest = json.load(f)
    python = sys.executable
    ours_env = {**os.environ, **THREADS}
    peer_env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    peer_env.update(THREADS)
    version = subprocess.run([args.worksafe, "--version"], capture_output=True, text=True, env=ours_env).stdout
    kernels = (version.splitlines()[1:2] or ["?"])[0].replace("OpenBLAS kernels: ", "")
    wanted = [w for w in args.only.split(",") if w]
    out = tempfile.mkdtemp(prefix="ws-commands-")
    for name, spec in commands(args.data, manifest, out).items():
        if wanted and name not in wanted:
            continue
        ours_out, peer_out = os.path.join(out, f"{name}-ours.csv"), os.path.join(out, f"{name}-peer.csv")
        ours = [args.worksafe] + spec["ours"] + ["--output", ours_out]
        peer = [python, os.path.join(HERE, spec["peer"][0])] + spec["peer"][1:] + [peer_out] + spec.get("peer_extra", [])
        if spec.get("peer_worksafe"):
            peer = [args.worksafe] + spec["peer"] + ["--output", peer_out]
        samples = {"ours": [], "peer": [], "baseline": []}
        sides = [("ours", ours, ours_env), ("peer", peer, ours_env if spec.get("peer_worksafe") else peer_env)]
        if args.baseline:
            base_out = os.path.join(out, f"{name}-baseline.csv")
            sides.append(("baseline", [args.baseline] + spec["ours"] + ["--output", base_out], ours_env))
        for i in range(args.warmup + args.repeats):
            for side, argv, env in sides:
                seconds, rss, status, err = run(argv, env)
                if status not in (0, 65) or (status == 65 and name != "validate"):
                    sys.exit(f"{name} ({side}) failed with exit {status}: {' '.join(argv)}\n{err[-2000:]}")
                if i >= args.warmup:
                    samples[side].append((seconds, rss))
                print(f"   {name} {side}: {seconds:.3f} s, {rss / 2**20:.0f} MiB", file=sys.stderr)
        agreement = spec["check"](ours_out, peer_out)
        blas = {"ours": f"OpenBLAS {kernels}", "peer": peer_blas(python, peer_env) if spec.get("blas") else ""}
        labels = [("ours", "worksafe"), ("peer", "peer")] + ([("baseline", "baseline")] if args.baseline else [])
        if args.baseline:
            blas["baseline"] = blas["ours"]
            identical = open(ours_out, "rb").read() == open(base_out, "rb").read()
            agreement += f"; baseline output {'byte-identical' if identical else 'DIFFERENT'}"
        for side, label in labels:
            times = [t for t, _ in samples[side]]
            rss = max(r for _, r in samples[side])
            result = {
                "peer_id": f"command.{name}.{label}", "work": spec["work"],
                "peer": spec["peer_label"] if side == "peer" else "worksafe " + spec["ours"][0],
                "median_s": statistics.median(times), "times_s": times,
                "warmup": args.warmup, "repeats": args.repeats, "threads": 2, "blas": blas[side],
                "env_openblas_coretype": (ours_env if side == "ours" else peer_env).get("OPENBLAS_CORETYPE", ""),
                "notes": agreement, "extra": {"peak_rss_bytes": rss, "process": True},
            }
            print("PEER_RESULT " + json.dumps(result, sort_keys=True), flush=True)


if __name__ == "__main__":
    main()
