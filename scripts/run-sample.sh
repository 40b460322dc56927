#!/usr/bin/env bash
# The README's first command: install what is missing, build in release mode, and run the main
# job on the bundled sample town (notebooks-data/town-sample). Outputs go to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product worksafe 2>&1 | grep -v '^\[' || true
bin=.build/release/worksafe
mkdir -p out
echo "worksafe $($bin --version)" >&2
$bin --help
