#!/usr/bin/env bash
# Builds flu with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-asan/ and runs the unit tests and the fuzz corpus replays under them
# (the end-to-end and module tests run on the normal build; pass a ctest
# regex as $1 to choose others, e.g. scripts/sanitize.sh . for all). Only
# the chosen tests' targets are built, with what they depend on (modules,
# flu-job), which keeps CI's sanitizer pass short: flu-bundle's test, which
# needs every module's bundle, runs on the normal build only (label
# "bundles"; the bundle parsers' fuzz replays run here).
#
# It builds at -O0 with assertions on: the tests it runs are quick at any
# level, and -O0 compiles in about a third of -O2's time with the
# sanitizers (the Asio unit of test-core-link: 41 s of CPU at -O2, 29 s at
# -O1, 15 s at -O0); the compile is most of this pass.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
  -DCMAKE_C_FLAGS_DEBUG="-O0 -g1" -DFLU_SANITIZE=address,undefined -DFLU_WERROR=ON
if [ -n "${1:-}" ]; then
  select=(-R "$1")
else
  select=(-LE 'e2e|modules|browser|bundles')
fi
# A test is named after its executable's target (a per-case test
# NAME.CASE); a test that runs a script builds what the script uses.
mapfile -t tests < <(ctest --test-dir build-asan -N "${select[@]}" |
  sed -n 's/^ *Test *#[0-9]*: \([^ .]*\).*/\1/p' | sort -u)
# (A lookup, not `printf | grep -q`: grep's early exit can end printf with
# SIGPIPE, which pipefail turned into "no such target", and so into
# building everything, on a loaded machine.)
declare -A known=()
while read -r target; do
  known[$target]=1
done < <(cmake --build build-asan --target help | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p')
targets=()
for t in "${tests[@]}"; do
  if [ -n "${known[$t]:-}" ]; then
    targets+=("$t")
  else
    targets=(all)
    break
  fi
done
if [ ${#tests[@]} -eq 0 ]; then
  echo "sanitize.sh: no test matches" >&2
  exit 1
fi
cmake --build build-asan -j2 --target "${targets[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j2 --timeout 600 "${select[@]}"
