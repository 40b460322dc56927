#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium (A4 at 150 dpi: 1240×1754 px).
#
#   scripts/render-report.sh REPORT.html [OUT.png] [WIDTH,HEIGHT]
#   scripts/render-report.sh --sample [OUT_DIR]
#
# --sample writes the test suite's sample report (Chinese and English, see
# Tests/WorkSafeTests/ReportSample.swift) to OUT_DIR (default .build/report-sample) and renders
# both: the first screen at A4 size (*.png), the whole document at full height (*-full.png) and
# the print layout as an A4 PDF (*.pdf, with one PNG per page when pdftoppm is installed).
# Without Chromium (chromium, chromium-browser or google-chrome on PATH) it prints a message
# and exits 0, so CI can call it unconditionally.
set -euo pipefail
cd "$(dirname "$0")/.."

find_chromium() {
  for c in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}

render() {  # html png size
  local html png size abs
  html=$1; png=$2; size=${3:-1240,1754}
  abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
  mkdir -p "$(dirname "$png")"
  "$CHROMIUM" --headless --disable-gpu --no-sandbox --hide-scrollbars --force-device-scale-factor=1 \
    --screenshot="$(cd "$(dirname "$png")" && pwd)/$(basename "$png")" --window-size="$size" \
    "file://$abs" >/dev/null 2>&1
  [ -s "$png" ] || { echo "render-report: chromium produced no $png" >&2; return 1; }
  echo "render-report: wrote $png ($size)" >&2
}

print_pdf() {  # html pdf
  local abs out
  abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  out=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
  "$CHROMIUM" --headless --disable-gpu --no-sandbox --no-pdf-header-footer --print-to-pdf="$out" \
    "file://$abs" >/dev/null 2>&1
  [ -s "$out" ] || { echo "render-report: chromium produced no $out" >&2; return 1; }
  echo "render-report: wrote $out" >&2
  if command -v pdftoppm >/dev/null 2>&1; then
    pdftoppm -r 80 -png "$out" "${out%.pdf}-page"
    echo "render-report: wrote ${out%.pdf}-page-*.png" >&2
  fi
}

if ! CHROMIUM=$(find_chromium); then
  echo "render-report: chromium not found; skipping (apt-get install -y chromium fonts-noto-cjk)" >&2
  exit 0
fi
if ! fc-list 2>/dev/null | grep -i "cjk\|wenquanyi\|source han" >/dev/null; then
  echo "render-report: warning: no CJK font installed; Chinese text will show as boxes (apt-get install -y fonts-noto-cjk)" >&2
fi

if [ "${1:-}" = "--sample" ]; then
  out=${2:-.build/report-sample}
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  swift build --build-tests >/dev/null
  WORKSAFE_REPORT_SAMPLE_DIR="$out" swift test --skip-build --filter "ReportDocumentTests/writeSampleWhenAsked" >/dev/null
  render "$out/report-stress-zh.html" "$out/report-stress-zh-full.png" 1240,5600
  for lang in zh en; do
    render "$out/report-sample-$lang.html" "$out/report-sample-$lang.png"
    render "$out/report-sample-$lang.html" "$out/report-sample-$lang-full.png" 1240,5600
    print_pdf "$out/report-sample-$lang.html" "$out/report-sample-$lang.pdf"
  done
  exit 0
fi

[ $# -ge 1 ] || { echo "usage: scripts/render-report.sh REPORT.html [OUT.png] [WIDTH,HEIGHT] | --sample [DIR]" >&2; exit 64; }
[ -f "$1" ] || { echo "render-report: no such file: $1" >&2; exit 66; }
render "$1" "${2:-${1%.html}.png}" "${3:-1240,1754}"
