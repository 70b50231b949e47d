# Sourced by the browser tests' run.sh: the common parts.
#   browser_require           skip (77), or fail under scripts/test.sh
#                             (FLU_BROWSER_REQUIRED), without playwright-core
#                             or /usr/bin/chromium
#   browser_start_job LOG ARGS...   a standalone flu-job in the background
#   browser_wait_log LOG SED [GREP]  prints what SED extracts from LOG once
#                             GREP is in it too (20 s), or fails
browser_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
browser_job_pid=
browser_work=$(mktemp -d)
trap '[ -n "$browser_job_pid" ] && kill "$browser_job_pid" 2>/dev/null; rm -rf "$browser_work"' EXIT

browser_require() {
  local skip=77
  [ -n "${FLU_BROWSER_REQUIRED:-}" ] && skip=1
  [ -d "$browser_dir/node_modules/playwright-core" ] ||
    { echo "skipped: run scripts/install-npm.sh"; exit $skip; }
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "skipped: no chromium"; exit $skip; }
}

browser_start_job() {
  local log=$1; shift
  "$@" > "$log" 2>&1 < /dev/zero &
  browser_job_pid=$!
}

browser_wait_log() {
  local log=$1 expr=$2 also=${3:-} value=
  for _ in $(seq 1 200); do
    value=$(sed -n "$expr" "$log" | head -1)
    if [ -n "$value" ] && { [ -z "$also" ] || grep -q "$also" "$log"; }; then
      echo "$value"
      return 0
    fi
    kill -0 "$browser_job_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$log" >&2
  echo "FAIL: the job did not get ready ($expr${also:+, $also})" >&2
  return 1
}
