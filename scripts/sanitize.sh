#!/usr/bin/env bash
# Builds flu with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/ and runs the unit tests and the fuzz corpus replays under them
# (the end-to-end and module tests run on the normal build; pass a ctest
# regex as $1 to choose others, e.g. scripts/sanitize.sh . for all).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFLU_SANITIZE=address,undefined -DFLU_WERROR=ON
cmake --build build-asan -j2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ -n "${1:-}" ]; then
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 600 -R "$1"
else
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 600 -LE 'e2e|modules'
fi
