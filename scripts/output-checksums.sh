#!/usr/bin/env bash
# Checksums of the outputs of the analysis commands, to prove that a change (a faster reader, a
# new ledger store) changes no number: run it before and after, and compare the two listings.
#
#   scripts/output-checksums.sh [--binary PATH] [--town DIR] [--work DIR] > sums.txt
#   diff before.txt after.txt
#
# It runs validate, trend (default and --by community --period quarter), grade, cluster (the
# ledger, and --features on a table cut from risk.csv), assess --quarter 2024Q3 and
# assess --year 2024, on the bundled sample town (notebooks-data/town-sample) and, with
# --town DIR, on that town too (e.g. `worksafe simulate --enterprises 200000 --seed 5 --out
# /tmp/ws200k`). Each line: town, command, exit status, sha256 of stdout/--output, sha256 of
# stderr. The quarterly bulletin's forecast_probability column comes from the forecast model,
# which changes on its own schedule: a second line gives the bulletin's checksum without it.
# forecast, backtest and report are left out for the same reason. `--today` is fixed so that the
# "in the future" checks do not depend on the day the script runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/worksafe
towns=(notebooks-data/town-sample)
work=$(mktemp -d /tmp/ws-checksums.XXXXXX)
while (($#)); do
    case "$1" in
        --binary) bin=$2; shift 2 ;;
        --town) towns+=("$2"); shift 2 ;;
        --work) work=$2; mkdir -p "$work"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 64 ;;
    esac
done
[ -x "$bin" ] || { echo "no executable at $bin (swift build -c release --product worksafe)" >&2; exit 1; }
today=2026-12-01
py=${PYTHON:-python3}

sum() { sha256sum "$1" | cut -c1-16; }

# town, label, args... (the output goes to $work/out.csv)
check() {
    local town=$1 label=$2; shift 2
    local status=0
    rm -f "$work/out.csv"
    "$bin" "$@" --output "$work/out.csv" >"$work/stdout" 2>"$work/stderr" || status=$?
    [ -f "$work/out.csv" ] || : >"$work/out.csv"
    echo "$town $label exit=$status out=$(sum "$work/out.csv") err=$(sum "$work/stderr")"
}

for town in "${towns[@]}"; do
    name=$(basename "$town")
    d=(--data "$town" --today "$today")
    check "$name" validate validate "${d[@]}"
    check "$name" validate-zh validate "${d[@]}" --lang zh
    check "$name" trend trend "${d[@]}"
    check "$name" trend-community-quarter trend "${d[@]}" --by community --period quarter
    check "$name" trend-department-month trend "${d[@]}" --by department --period month
    check "$name" grade grade "${d[@]}"
    check "$name" grade-lec-2024Q3 grade "${d[@]}" --method lec --period 2024Q3
    check "$name" cluster cluster "${d[@]}" --n-init 2
    check "$name" cluster-2024Q3 cluster "${d[@]}" --period 2024Q3 --k 3 --n-init 1 --seed 3
    check "$name" assess-2024Q3 assess "${d[@]}" --quarter 2024Q3 --scenarios 200
    "$py" - "$work/out.csv" <<'EOF'
import csv, hashlib, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
if rows:
    drop = rows[0].index("forecast_probability") if "forecast_probability" in rows[0] else None
    text = "\n".join(",".join(c for i, c in enumerate(r) if i != drop) for r in rows)
    print(hashlib.sha256(text.encode()).hexdigest()[:16], file=open(sys.argv[1] + ".noforecast", "w"))
else:
    print("empty", file=open(sys.argv[1] + ".noforecast", "w"))
EOF
    echo "$name assess-2024Q3-without-forecast out=$(cat "$work/out.csv.noforecast")"
    check "$name" assess-2024 assess "${d[@]}" --year 2024
    # A numeric table: id and the eight element scores of the 2024Q3 rows of risk.csv.
    "$py" - "$town/risk.csv" "$work/features.csv" <<'EOF'
import csv, sys
rows = csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))
header = next(rows)
pick = [0] + list(range(2, 10))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow([header[i] for i in pick])
    for r in rows:
        if r[1] == "2024Q3":
            w.writerow([r[i] for i in pick])
EOF
    check "$name" cluster-features cluster --features "$work/features.csv" --k 5 --n-init 1 --seed 2 --standardize none
    check "$name" cluster-features-zscore cluster --features "$work/features.csv" --k 3 --n-init 2
done
