#!/usr/bin/env bash
# Bundle cache benchmark: the default planet on a worker with an empty cache
# (cold: every bundle fetched from the manager), then the same worker
# started again on that cache (warm: nothing fetched). Prints, for each, the
# bundles and bytes fetched, the cache hits, and the time from the worker's
# start to every component happy (polled every 20 ms with flu-command).
#
#   bench/bundle-cache.sh [ROUNDS]     (default: 3 cold/warm pairs)
#
# Not a timed test: figures depend on the machine. Loopback, one host.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
rounds=${1:-3}
port=$((20000 + RANDOM % 20000))
http_port=$((40000 + RANDOM % 20000))
work=$(mktemp -d)
export FLU_MANAGER_DIR="$work/manager" # its own keys and token, not the user's
worker_pid=
cleanup() {
  [ -n "$worker_pid" ] && kill -- -"$worker_pid" 2>/dev/null || true
  kill -- -"$manager_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
sed "s|<property name=\"port\">8800</property>|<property name=\"port\">$http_port</property>|" \
  examples/planets/default.xml >"$work/default.xml"
setsid "$bin/flu-manager" "$work/default.xml" --port "$port" >"$work/manager.out" \
  2>"$work/manager.err" &
manager_pid=$!
flu_command() { "$bin/flu-command" --manager "127.0.0.1:$port" "$@"; }
until [ -s "$FLU_MANAGER_DIR/local.token" ]; do sleep 0.05; done

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Starts a worker on cache $1, waits for 6 happy components, prints a line.
run_worker() {
  local cache=$1 label=$2 start happy=0
  start=$(now_ms)
  setsid "$bin/flu-worker" --manager "127.0.0.1:$port" --name localhost --feed-port 0 \
    --cache "$cache" >"$work/worker.out" 2>"$work/worker.err" &
  worker_pid=$!
  local polls=0
  for _ in $(seq 1 3000); do
    polls=$((polls + 1))
    happy=$(flu_command list 2>/dev/null | awk '$2 == "happy"' | grep -c . || true)
    [ "$happy" = 6 ] && break
    sleep 0.02
  done
  [ "$happy" = 6 ] || { echo "$label: not happy"; cat "$work/worker.err"; exit 1; }
  local took=$(($(now_ms) - start)) figures
  sleep 0.3 # the worker's cache figures reach the manager after the starts
  figures=$(flu_command workers | awk '$1 == "localhost" {print $5, $6, $7}')
  echo "$label: all happy in $took ms ($polls polls); fetched (bytes), hits: $figures"
  kill -- -"$worker_pid"
  while kill -0 "$worker_pid" 2>/dev/null; do sleep 0.05; done
  worker_pid=
  # Until the manager has seen the worker go.
  until [ "$(flu_command list 2>/dev/null | awk '$2 == "lost"' | grep -c .)" = 6 ]; do sleep 0.05; done
}

for i in $(seq 1 "$rounds"); do
  rm -rf "$work/cache"
  run_worker "$work/cache" "cold $i"
  run_worker "$work/cache" "warm $i"
done
