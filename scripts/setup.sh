#!/usr/bin/env bash
# Installs what Boca needs on a fresh Debian machine that has only the Swift toolchain:
# the GNU Scientific Library (libgsl-dev) and pkg-config, found through `pkg-config gsl`.
# Idempotent: does nothing when they are already there. Needs root (or sudo) for apt-get.
set -euo pipefail

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
if ! pkg-config --exists gsl 2>/dev/null; then need+=(libgsl-dev); fi

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
pkg-config --exists gsl || { echo "setup: pkg-config still cannot find gsl" >&2; exit 1; }
echo "setup: gsl $(pkg-config --modversion gsl) ready" >&2

# Plots (notebooks-data/plot.py): pandas and matplotlib, from PyPI when missing (Debian's
# packages as a fallback where pip refuses to touch the system Python).
if ! python3 -c 'import pandas, matplotlib' >/dev/null 2>&1; then
  echo "setup: installing pandas and matplotlib" >&2
  python3 -m pip install --quiet pandas matplotlib >/dev/null 2>&1 \
    || python3 -m pip install --quiet --break-system-packages pandas matplotlib >/dev/null 2>&1 \
    || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; export DEBIAN_FRONTEND=noninteractive;
         $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends python3-pandas python3-matplotlib >/dev/null; } \
    || echo "setup: could not install pandas/matplotlib; plot tests will be skipped" >&2
fi
python3 -c 'import pandas, matplotlib' >/dev/null 2>&1 && echo "setup: pandas and matplotlib ready" >&2 || true

# The fuzzing harness (scripts/fuzz/, run by FuzzCLITests): PyYAML, from PyPI when missing.
if ! python3 -c 'import yaml' >/dev/null 2>&1; then
  echo "setup: installing PyYAML" >&2
  python3 -m pip install --quiet pyyaml >/dev/null 2>&1 \
    || python3 -m pip install --quiet --break-system-packages pyyaml >/dev/null 2>&1 \
    || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; export DEBIAN_FRONTEND=noninteractive;
         $SUDO apt-get install -y -qq --no-install-recommends python3-yaml >/dev/null; } \
    || echo "setup: could not install PyYAML; the fuzzing tests will be skipped" >&2
fi
