#!/usr/bin/env bash
# The quick start: installs what is needed, builds, and runs the embedded
# default (a manager and a local worker with examples/planets/default.xml).
# The manager prints the stream's URL; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/bin/flu-manager --local-worker localhost
