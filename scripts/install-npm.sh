#!/usr/bin/env bash
# Installs the npm modules the browser tests use (playwright-core driving
# Debian's chromium; never a browser download), one folder per test under
# tests/browser/, each pinned by its package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
for lock in tests/browser/*/package-lock.json; do
  [ -e "$lock" ] || continue
  dir=$(dirname "$lock")
  if [ -d "$dir/node_modules" ] && [ "$dir/node_modules/.package-lock.json" -nt "$lock" ]; then
    continue
  fi
  echo "install-npm: $dir"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
done
