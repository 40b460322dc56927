#!/usr/bin/env bash
# Scale check: simulate a city of N enterprises (default 1,000,000) and run validate, trend,
# forecast, cluster, assess and report on it with the release build, recording wall time and
# peak memory (maximum resident set size) of each, with the CPU time (user + system, which
# contention does not inflate) and the 1-minute load average when each command started (the
# machine may be shared). Prints a markdown table and writes it to
# benchmarks/results/scale-<date>-<host>.md.
#
#   scripts/scale.sh [N] [WORKDIR]
#
# WORKSAFE_BIN=PATH runs that executable instead of building and running .build/release/worksafe
# (e.g. a copy, so that the tree can be rebuilt while the run goes on).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=${2:-/tmp/worksafe-scale}
scripts/bootstrap.sh
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
if [ -n "${WORKSAFE_BIN:-}" ]; then
  ws=$WORKSAFE_BIN
else
  swift build -c release --product worksafe 2>&1 | grep -E "error|Build" || true
  ws=$PWD/.build/release/worksafe
fi
mkdir -p "$work" benchmarks/results
out=benchmarks/results/scale-$(date +%Y-%m-%d)-$(hostname).md
rows=()
run() {  # name, args...
  local name=$1; shift
  local log="$work/$name.time"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if /usr/bin/time -v "$ws" "$@" >"$work/$name.out" 2>"$log"; then status=ok; else status="exit $?"; fi
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$log" | awk '{printf "%.2f", $NF/1048576}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.0f s", s}' "$log")
  rows+=("| $name | $wall | $cpu | $rss | $load | $status |")
  echo "scale: $name: $wall ($cpu CPU), $rss GiB, load $load, $status" >&2
}
[ -f "$work/town/enterprises.csv" ] || run simulate simulate --enterprises "$n" --seed 1 --out "$work/town"
du -sh "$work/town" >&2
d=(--data "$work/town")
run validate validate "${d[@]}" --output "$work/findings.csv"
run trend trend "${d[@]}" --by community --as-of 2024-09-30 --output "$work/trend.csv"
run forecast forecast "${d[@]}" --as-of 2024-09-30 --scenarios 1000 --output "$work/forecast.csv"
run cluster cluster "${d[@]}" --k 4 --period 2024Q3 --n-init 1 --output "$work/cluster.csv"
run assess assess "${d[@]}" --quarter 2024Q3 --output "$work/bulletin.csv"
run report report "${d[@]}" --as-of 2024-09-30 --output "$work/report.html"
{
  echo "Scale run: $n enterprises, $(date -u +%Y-%m-%dT%H:%MZ), $(hostname), $(nproc) cores"
  echo
  echo "| command | wall time | CPU time | peak memory (GiB) | load at start | result |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out"
