#!/usr/bin/env bash
# Runs the numeric test suites (Linalg, Stats, and WorkSafe's reference tests) under every
# OpenBLAS kernel set this processor can run (`worksafe doctor --list-kernels`: Prescott,
# Sandybridge, Haswell, Zen, and SkylakeX on AVX-512), forcing each with OPENBLAS_CORETYPE:
# the documented tolerances must hold whichever kernels OpenBLAS picks.
#
#   scripts/test-kernels.sh [KERNELS...]     # default: every runnable set
# Expects a debug build with tests (swift build --build-tests).
set -euo pipefail
cd "$(dirname "$0")/.."
ws=.build/debug/worksafe
[ -x "$ws" ] || { echo "build first: swift build --build-tests" >&2; exit 1; }
if (($#)); then kernels=("$@"); else mapfile -t kernels < <(env -u OPENBLAS_CORETYPE "$ws" doctor --list-kernels); fi
filter='LinalgTests|StatsTests|WorkSafeTests'
logs=$(mktemp -d /tmp/test-kernels.XXXXXX)
failed=()
for k in "${kernels[@]}"; do
    running=$(OPENBLAS_CORETYPE=$k "$ws" --version | sed -n 2p)
    echo "== $k: $running (log: $logs/$k.log)" >&2
    if OPENBLAS_CORETYPE=$k swift test --skip-build --filter "$filter" >"$logs/$k.log" 2>&1; then
        tail -1 "$logs/$k.log"
    else
        grep -E "✘|recorded an issue" "$logs/$k.log" | head -20
        failed+=("$k")
    fi
done
if ((${#failed[@]})); then echo "failed under: ${failed[*]}" >&2; exit 1; fi
echo "numeric suites pass under: ${kernels[*]}" >&2
