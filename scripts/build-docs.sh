#!/usr/bin/env bash
# Builds the DocC documentation of the libraries (Linalg, Stats, Tabular, WorkSafe) with
# swift-docc-plugin into .build/plugins/Swift-DocC/outputs/<Module>.doccarchive, and fails when
# a documentation link does not resolve (an article or doc comment naming a symbol that was
# renamed or removed). Warnings about undocumented parameters are printed, not fatal.
# The articles' code is compiled and run by the test suite (Tests/*/…Examples.swift).
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift package generate-documentation \
        --target Linalg --target Stats --target Tabular --target WorkSafe >"$log" 2>&1; then
    cat "$log" >&2
    echo "documentation build failed" >&2
    exit 1
fi
if grep -q "doesn't exist at" "$log"; then
    grep -A4 "doesn't exist at" "$log" >&2
    echo "documentation links that do not resolve (above)" >&2
    exit 1
fi
echo "documentation: $(grep -c '^warning' "$log" || true) warning(s); archives in .build/plugins/Swift-DocC/outputs/"
