#!/usr/bin/env bash
# Installs what is needed, checks the formatting, builds with warnings as
# errors, and runs every test (unit, module, end to end, fuzz corpus
# replays); then builds with the address and undefined-behaviour sanitizers
# and runs the unit tests and replays again under them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/install-npm.sh
# Here a browser test that cannot run fails; elsewhere it is skipped.
export FLU_BROWSER_REQUIRED=1
scripts/check-format.sh
scripts/build.sh -DFLU_WERROR=ON
ctest --test-dir build --output-on-failure -j2 --timeout 600
scripts/sanitize.sh
