#!/usr/bin/env bash
# Installs the npm modules the browser tests use (tests/browser/: playwright-
# core driving Debian's chromium; never a browser download), pinned by
# tests/browser/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "install-npm: tests/browser/node_modules is up to date"
  exit 0
fi
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
