#!/bin/sh
# Regenerates the bundled sample town, notebooks-data/town-sample: 800 enterprises,
# 2023-01-01 to 2026-09-30, seed 20230101, and its embedded copy
# Sources/WorkSafeCLI/Resources/town-sample (SwiftPM copies a symlink as a link, so the
# executable's resource is a real copy; SampleCopyTests checks both are identical).
# Run from the repository root.
set -eu
swift build --product worksafe
rm -rf notebooks-data/town-sample.new
.build/debug/worksafe simulate --enterprises 800 --seed 20230101 \
    --start 2023-01-01 --end 2026-09-30 --out notebooks-data/town-sample.new
rm -rf notebooks-data/town-sample
mv notebooks-data/town-sample.new notebooks-data/town-sample
sh scripts/sync-sample.sh
