#!/usr/bin/env bash
# Fuzzes one target for real: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   TARGET: a folder of tests/fuzz (envelope, codec, planet, ...); SECONDS: how long.
# Builds the libFuzzer binaries in build-fuzz (clang, address + undefined)
# when needed, starts from the committed corpus and writes what it finds
# new into build-fuzz/corpus/TARGET (never into the committed corpus), and
# any crash into build-fuzz/crashes/TARGET/. A crash input belongs in
# tests/fuzz/TARGET/corpus/ once fixed, as a regression (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]" >&2
  echo "targets: $(cd tests/fuzz && ls -d */ | grep -v seeds | tr -d / | tr '\n' ' ')" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
if [ ! -d "tests/fuzz/$target/corpus" ]; then
  echo "fuzz.sh: no target '$target' (no tests/fuzz/$target/corpus)" >&2
  exit 2
fi
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFLU_FUZZ=ON -DFLU_BUILD_MODULES=OFF -DFLU_BUILD_TUI=OFF -DFLU_BUILD_EXAMPLES=OFF
fi
cmake --build build-fuzz -j2 --target "fuzz-$target"
work=build-fuzz/corpus/$target crashes=build-fuzz/crashes/$target
mkdir -p "$work" "$crashes"
exec build-fuzz/tests/fuzz/"fuzz-$target" "$work" "tests/fuzz/$target/corpus" \
  -max_total_time="$seconds" -artifact_prefix="$crashes/" -print_final_stats=1 "$@"
