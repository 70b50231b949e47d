#!/usr/bin/env bash
# Configures and builds flu into build/ (ccache makes rebuilds cheap).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build -j2
