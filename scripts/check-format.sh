#!/usr/bin/env bash
# Fails, naming the files, when clang-format (.clang-format at the root)
# would change any C or C++ file the repository tracks. `-i` formats them.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
if [ "${1:-}" = "-i" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! out=$(clang-format --dry-run -Werror "${files[@]}" 2>&1); then
  echo "$out" | grep -oE '^[^ :][^:]*:[0-9]+:[0-9]+: (warning|error):' | cut -d: -f1,2 | sort -u -t: -k1,1 | sed 's/^/not formatted: /'
  echo "check-format: run scripts/check-format.sh -i (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1))" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
