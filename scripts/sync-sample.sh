#!/bin/sh
# Copies notebooks-data/town-sample (canonical) to Sources/WorkSafeCLI/Resources/town-sample
# (embedded in the executable). Run from the repository root.
set -eu
mkdir -p Sources/WorkSafeCLI/Resources/town-sample
rm -f Sources/WorkSafeCLI/Resources/town-sample/*
cp notebooks-data/town-sample/* Sources/WorkSafeCLI/Resources/town-sample/
