#!/usr/bin/env bash
# Installs the Python peers of the benchmarks (and the data generator's numpy) with pip.
set -euo pipefail
py=${PYTHON:-python3}
"$py" -m pip install --upgrade-strategy only-if-needed \
    numpy pandas scikit-learn statsmodels threadpoolctl
