#!/usr/bin/env bash
# Installs what is needed, checks the formatting, builds with warnings as
# errors, and runs every test (unit, module, end to end, fuzz corpus
# replays); then builds with the address and undefined-behaviour sanitizers
# and runs the unit tests and replays again under them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/check-format.sh
scripts/build.sh -DFLU_WERROR=ON
# The browser tests' npm modules (playwright-core, hls.js; never a browser
# download): without them those tests skip.
for d in tests/browser/*/; do
  if [ -f "$d/package-lock.json" ] && command -v npm >/dev/null; then
    (cd "$d" && npm ci --no-audit --no-fund) || echo "test.sh: npm ci failed in $d"
  fi
done
ctest --test-dir build --output-on-failure -j2 --timeout 600
scripts/sanitize.sh
