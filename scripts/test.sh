#!/usr/bin/env bash
# Second command of the README: install what is missing, then run the whole test suite (XCTest;
# the project has no Swift Testing tests, so that runner is switched off rather than left to
# report an empty run after the real one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build --disable-swift-testing
