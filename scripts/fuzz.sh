#!/usr/bin/env bash
# On-demand fuzzing of boca (docs/fuzzing.md): mutated scenarios, node/edge tables and edge
# lists, and command-line values, run under time and memory limits, classified and summarised.
#
#   bash scripts/fuzz.sh [--scenarios N] [--tables N] [--cli N] [--seed S] [--jobs J]
#                        [--save-corpus Tests/Fixtures/fuzz] [--report FILE] [--check]
#   bash scripts/fuzz.sh --replay Tests/Fixtures/fuzz      # the regression corpus only
#
# Defaults: 1,000 scenario, 500 table and 100 command-line mutants from seed 1 on 2 jobs, with
# the release binary (built here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import yaml' 2>/dev/null || { echo "fuzz: needs PyYAML (python3 -m pip install pyyaml)" >&2; exit 1; }
if [ ! -x .build/release/boca ] && [[ " $* " != *" --binary "* ]]; then
  swift build -c release --product boca
fi
if [ $# -eq 0 ]; then set -- --scenarios 1000 --tables 500 --cli 100; fi
exec python3 scripts/fuzz/main.py "$@"
