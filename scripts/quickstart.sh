#!/usr/bin/env bash
# First command of the README: install what is missing (GSL, pkg-config), build Boca in release
# mode, and run the quickstart scenario end to end. Outputs: results/quickstart/<run-id>/
# (runs.csv, timeseries.csv, results.sqlite, manifest.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product boca
BOCA="$(swift build -c release --show-bin-path)/boca"
"$BOCA" validate scenarios/quickstart.yaml
dir=$("$BOCA" run scenarios/quickstart.yaml)
echo "quickstart results in $dir:"
ls -1 "$dir"
head -5 "$dir/runs.csv"
