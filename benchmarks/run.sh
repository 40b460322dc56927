#!/usr/bin/env bash
# Runs worksafe's benchmarks side by side with their Python peers, in one go:
#   1. writes the shared inputs (peers/make_data.py → .data/<mode>/, skipped when up to date),
#   2. builds the Swift benchmarks in release and runs them (package-benchmark plugin),
#   3. runs each Python peer on the same files,
#   4. prints the table and writes results/<date>-<host>.csv (smoke: ...-smoke.csv).
# Threads are pinned to 2 on both sides. Usage:
#   benchmarks/run.sh [--smoke] [--swift-only | --peers-only | --commands-only]
# --commands-only runs only the whole-command benchmarks (peers/commands.py: worksafe trend,
# grade, cluster --features and validate as processes beside their pandas / scikit-learn peers).
# Env: PYTHON (default python3). Raw output (samples, peer lines, logs): results/raw/<run>/.
set -euo pipefail
cd "$(dirname "$0")"

mode=full swift=1 peers=1 commands=1
for arg in "$@"; do
    case "$arg" in
        --smoke) mode=smoke ;;
        --swift-only) peers=0; commands=0 ;;
        --peers-only) swift=0 ;;
        --commands-only) swift=0; peers=0 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (see --help)" >&2; exit 64 ;;
    esac
done

py=${PYTHON:-python3}
data="$PWD/.data/$mode"
host=$(hostname -s 2>/dev/null || hostname)
stamp=$(date -u +%Y-%m-%d)
run="$mode-$(date -u +%Y%m%dT%H%M%SZ)"
raw="results/raw/$run"
out="results/$stamp-$host.csv"
[[ $mode == smoke ]] && out="results/$stamp-$host-smoke.csv"
mkdir -p "$raw"
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

echo "== data ($mode) → $data" >&2
city=()
(( swift )) || city=(--skip-city)
"$py" peers/make_data.py --mode "$mode" --out "$data" "${city[@]}"

swift_out=()
if (( swift )); then
    echo "== swift side: release build + package-benchmark run (log: $raw/swift.log)" >&2
    if env WORKSAFE_BENCH_MODE="$mode" WORKSAFE_BENCH_DATA="$data" \
           OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 \
           swift package --allow-writing-to-package-directory benchmark \
               --format histogramSamples --path "$raw/swift" --no-progress >"$raw/swift.log" 2>&1; then
        swift_out=("$raw/swift")
    else
        tail -30 "$raw/swift.log" >&2
        echo "swift side failed; see $raw/swift.log" >&2
        exit 1
    fi
fi

if (( peers )); then
    reps=()
    [[ $mode == smoke ]] && reps=(--warmup 1 --repeats 3)
    # The month-loop Monte Carlo peer is the slower of the two (about a minute a run in full
    # mode) and only appears in the notes: one timed run, no warm-up.
    loop_peer="montecarlo_numpy --variant loop"
    [[ $mode == full ]] && loop_peer+=" --warmup 0 --repeats 1"
    # A fair numpy: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines here for the
    # system's older OpenBLAS) are unset for the peers only; report.py shows the kernel used.
    for peer in gemm_numpy csv_pandas kmeans_sklearn silhouette_sklearn logit_statsmodels \
                "montecarlo_numpy --variant searchsorted" "$loop_peer"; do
        read -r script options <<<"$peer"
        echo "== peer $peer" >&2
        # shellcheck disable=SC2086  # options is a word list on purpose
        if ! env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
                 OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 \
                 "$py" "peers/$script.py" --data "$data" $options "${reps[@]}" \
                 >>"$raw/peers.jsonl" 2>>"$raw/peers.log"; then
            echo "   peer failed (see $raw/peers.log); its row says 'peer not run'" >&2
        fi
    done
fi

if (( commands )); then
    # Whole commands as processes, ours and the peer alternating (the release worksafe; its
    # OPENBLAS_CORETYPE handling is its own, the peers unset the variable as above).
    echo "== whole commands (release worksafe; log: $raw/commands.log)" >&2
    (cd .. && swift build -c release --product worksafe 2>&1 | grep -E "error|Compiling|Build" >&2)
    creps=()
    [[ $mode == smoke ]] && creps=(--warmup 0 --repeats 1)
    if ! "$py" peers/commands.py --data "$data" --worksafe ../.build/release/worksafe "${creps[@]}" \
            >>"$raw/peers.jsonl" 2>>"$raw/commands.log"; then
        tail -20 "$raw/commands.log" >&2
        echo "   command benchmarks failed (see $raw/commands.log)" >&2
    fi
fi

context="mode=$mode host=$host nproc=$(nproc) load_before=[$load_before]"
context+=" load_after=[$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")]"
context+=" OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} (swift side keeps it; peers unset it)"
swift_blas=$("$py" -c 'import ctypes
lib = ctypes.CDLL("libopenblas.so.0")
lib.openblas_get_config.restype = lib.openblas_get_corename.restype = ctypes.c_char_p
print(lib.openblas_get_config().decode().split(" ")[1], "kernel=" + lib.openblas_get_corename().decode())' \
    2>/dev/null || echo unknown)
context+=" swift side OpenBLAS $swift_blas"
"$py" tools/report.py --manifest "$data/manifest.json" --swift "${swift_out[@]}" \
    --peers "$raw/peers.jsonl" --out "$out" --context "$context"
