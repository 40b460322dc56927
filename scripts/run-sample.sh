#!/usr/bin/env bash
# The README's first command: install what is missing, build in release mode, and run the main
# job on the bundled sample town (notebooks-data/town-sample): the committee's report as of the
# end of 2024Q3 (mid-campaign, so the forecast has milestones ahead), plus the CSV exports an
# analyst would take from it. Everything is written to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build -c release --product worksafe 2>&1 | grep -E "error|warning:|Compiling|Build" | grep -v "^\[" || true
ws=.build/release/worksafe
mkdir -p out
asof=2024-09-30
$ws validate --output out/findings.csv || true
$ws trend --by community --as-of $asof --output out/trend-community.csv
$ws forecast --as-of $asof --output out/forecast.csv
$ws assess --quarter 2024Q3 --output out/bulletin-2024Q3.csv
$ws assess --year 2023 --output out/assessment-2023.csv --vetoes out/vetoes-2023.csv
$ws report --as-of $asof --lang zh --output out/report.html
echo "worksafe: wrote $(ls out | tr '\n' ' ')to out/" >&2
echo "Open out/report.html in a browser; the CSV files open in Excel, WPS or pandas." >&2
