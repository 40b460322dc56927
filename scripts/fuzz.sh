#!/usr/bin/env bash
# Builds the libFuzzer targets under fuzz/Targets and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]
#
# SECONDS_PER_TARGET defaults to 600; TARGET is csv-reader, ledger-validation or workbook-reader
# (default: all, one after the other). Exits non-zero when a target crashes, hangs (over 10 s on one input),
# runs out of memory, or trips AddressSanitizer; the input is saved under
# .build/fuzz/artifacts/TARGET/ and the log in .build/fuzz/TARGET.log.
#
# swiftc compiles the package's library sources directly (no SwiftPM): Linalg, Stats, Tabular,
# Spreadsheet and WorkSafe become static libraries instrumented with -sanitize=fuzzer,address
# (coverage + ASan), in dependency order; COpenBLAS and CZlib are found through
# their module maps (-I Sources/…) and the targets link -lopenblas -lz. The seed corpus is
# fuzz/corpus/TARGET (read only: new inputs go to .build/fuzz/corpus/TARGET). Leak detection is
# off: the Swift runtime caches metadata on first use, which LeakSanitizer reports as leaks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv-reader ledger-validation workbook-reader)
out=$root/.build/fuzz
mkdir -p "$out"
flags=(-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name worksafe
       -I "$out" -I "$root/Sources/COpenBLAS" -I "$root/Sources/CZlib"
       -I "$out/CKernels")

# CKernels (a C target, used by Stats and Tabular): every C file of it in one archive built
# with the same sanitizers, and a module map so that swiftc finds `import CKernels`.
ckernels() {
  mkdir -p "$out/CKernels"
  printf 'module CKernels {\n    header "%s"\n    export *\n}\n' "$root/Sources/CKernels/include/CKernels.h" \
    > "$out/CKernels/module.modulemap"
  if [ ! -f "$out/CKernels/kernels.o" ] || [ -n "$(find "$root/Sources/CKernels" "$0" -newer "$out/CKernels/kernels.o" -type f)" ]; then
    echo "fuzz: compiling CKernels" >&2
    local objects=()
    for c in "$root"/Sources/CKernels/*.c; do
      clang -O2 -g -fsanitize=fuzzer-no-link,address -I "$root/Sources/CKernels/include" \
        -c "$c" -o "$out/CKernels/$(basename "$c" .c).o"
      objects+=("$out/CKernels/$(basename "$c" .c).o")
    done
    rm -f "$out/CKernels/kernels.o"
    ld -r "${objects[@]}" -o "$out/CKernels/kernels.o"
  fi
}
ckernels

# module NAME: builds $out/libNAME.a and NAME.swiftmodule from Sources/NAME unless up to date.
module() {
  local name=$1 lib=$out/lib$1.a
  mapfile -t sources < <(find "$root/Sources/$name" -name '*.swift' | sort)
  if [ -f "$lib" ] && [ -z "$(find "$root/Sources/$name" "$0" -newer "$lib" -name '*.swift' -o -newer "$lib" -name fuzz.sh)" ]; then
    return
  fi
  echo "fuzz: compiling $name (${#sources[@]} files)" >&2
  swiftc "${flags[@]}" -module-name "$name" -emit-library -static -emit-module \
    -emit-module-path "$out/$name.swiftmodule" -o "$lib" "${sources[@]}"
}

# target NAME FILE MODULES...: links the fuzzer executable $out/NAME.
target() {
  local name=$1 file=$2; shift 2
  local libs=()
  # Static libraries link dependents first: the modules are given in dependency order, so
  # each is put in front of those it needs.
  for m in "$@"; do module "$m"; libs=("$out/lib$m.a" "${libs[@]}"); done
  echo "fuzz: linking $name" >&2
  swiftc "${flags[@]}" -module-name "$(echo "$name" | tr -d -)fuzz" "$root/fuzz/Targets/$file" \
    "${libs[@]}" "$out/CKernels/kernels.o" -lopenblas -lz -o "$out/$name"
}

status=0
for t in "${targets[@]}"; do
  case $t in
    csv-reader) target csv-reader CSVReaderFuzz.swift Tabular ;;
    ledger-validation) target ledger-validation LedgerValidationFuzz.swift Linalg Stats Tabular Spreadsheet WorkSafe ;;
    workbook-reader) target workbook-reader WorkbookReaderFuzz.swift Linalg Stats Tabular Spreadsheet WorkSafe ;;
    *) echo "fuzz: unknown target $t (csv-reader, ledger-validation, workbook-reader)" >&2; exit 64 ;;
  esac
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  echo "fuzz: running $t for $seconds s" >&2
  set +e
  dict=$root/fuzz/csv.dict max_len=16384
  [ "$t" = workbook-reader ] && dict=$root/fuzz/xlsx.dict max_len=65536
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$out/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -max_len=$max_len -print_final_stats=1 -dict="$dict" \
    -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" "$root/fuzz/corpus/$t" > "$out/$t.log" 2>&1
  rc=$?
  set -e
  grep -E '^stat::|^#[0-9]+ +DONE|INITED' "$out/$t.log" >&2 || true
  if [ $rc -ne 0 ]; then
    echo "fuzz: $t FAILED (exit $rc); see $out/$t.log and $out/artifacts/$t/" >&2
    tail -40 "$out/$t.log" >&2
    status=1
  else
    echo "fuzz: $t ran clean for $seconds s" >&2
  fi
done
exit $status
