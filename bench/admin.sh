#!/usr/bin/env bash
# flu-admin's figures, in tmux against a real manager on this machine:
#  - latency from a mood change to the console's screen: `flu-command watch`
#    stamps when each of the manager's deltas reached a client (received_ms);
#    the reference is the delta that carries the new mood (not the first one
#    for the component, which may only announce the pending mood while the
#    job is still stopping or starting: that older reference is printed too,
#    for comparison). The script polls tmux's pane until the component's row
#    shows the new mood itself (not as "happy→sleeping" pending). p50/p99 of
#    SAMPLES stop/start changes of /default/http (default planet, local
#    worker); the pane poll adds a few ms (one tmux call per poll).
#  - console CPU at rest (SECONDS_AT_REST) and resident memory, with the
#    default planet, then with COMPONENTS token-bouncers (no workers, so they
#    sleep: the screen holds them all, but no job publishes UI state).
#
#   bench/admin.sh                       (SAMPLES=20 SECONDS_AT_REST=10 COMPONENTS=1000)
# Run it inside a network namespace of its own when others use the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
samples=${SAMPLES:-20}
rest=${SECONDS_AT_REST:-10}
components=${COMPONENTS:-1000}
work=$(mktemp -d)
sock="flu-admin-bench-$$"
pids=()
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
now_ms() { date +%s%3N; }

start_manager() { # PLANET-FILE EXTRA-ARGS...
  local planet=$1; shift
  port=$(( 20000 + RANDOM % 20000 ))
  export FLU_MANAGER_DIR="$work/manager-$port" FLU_WORKER_CACHE="$work/cache"
  setsid "$bin/flu-manager" "$planet" --port "$port" "$@" > "$work/manager.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 100); do [ -f "$FLU_MANAGER_DIR/local.token" ] && break; sleep 0.1; done
}
cmd() { "$bin/flu-command" --manager "127.0.0.1:$port" "$@"; }
start_console() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  tmux -L "$sock" new-session -d -x 120 -y 40 \
    "env LANG=C.UTF-8 FLU_MANAGER_DIR=$FLU_MANAGER_DIR $bin/flu-admin --manager 127.0.0.1:$port"
  for _ in $(seq 1 100); do tmux -L "$sock" capture-pane -p | grep -q '\[live\]' && break; sleep 0.1; done
  console=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rest_figures() { # LABEL
  local t0; t0=$(cpu_ticks "$console"); sleep "$rest"
  local t1; t1=$(cpu_ticks "$console")
  local hz; hz=$(getconf CLK_TCK)
  echo "$1: CPU at rest $(awk -v d=$(( t1 - t0 )) -v hz="$hz" -v s="$rest" 'BEGIN{printf "%.2f", 100*d/hz/s}')%," \
    "RSS $(awk '/VmRSS/{print $2, $3}' "/proc/$console/status")"
}

sed -E 's#<property name="port">[0-9]+</property>#<property name="port">'$(( 40000 + RANDOM % 20000 ))'</property>#' \
  examples/planets/default.xml > "$work/default.xml"
start_manager "$work/default.xml" --local-worker localhost --local-feed-port 0
for _ in $(seq 1 600); do [ "$(cmd list | awk 'NR>1 && $2!="happy"' | wc -l)" = 0 ] && break; sleep 0.1; done
start_console
latencies=()
firsts=()
percentiles() { # LABEL, then the figures on stdin
  sort -n | awk -v label="$1" '{a[NR]=$1} END {
    printf "%s: %d samples, p50 %d ms, p99 %d ms\n", label, NR, a[int(NR*0.5+0.5)], a[int(NR*0.99+0.5)] }'
}
for i in $(seq 1 "$samples"); do
  for verb in stop start; do
    want=$([ $verb = stop ] && echo sleeping || echo happy)
    : > "$work/watch.err"
    cmd watch /default/http --json > "$work/watch" 2> "$work/watch.err" &
    watcher=$!
    # Subscribed once it has the snapshot: the login is not what is measured.
    for _ in $(seq 1 500); do grep -q 'watching planet' "$work/watch.err" && break; sleep 0.01; done
    cmd "$verb" /default/http > /dev/null || true
    until tmux -L "$sock" capture-pane -p | grep -Eq "^. http +[^ ]+ $want( |\$)"; do :; done
    seen=$(now_ms)
    for _ in $(seq 1 200); do grep -aq "\"mood\":\"$want\"" "$work/watch" && break; sleep 0.01; done
    kill "$watcher" 2>/dev/null || true
    wait "$watcher" 2>/dev/null || true
    got=$(grep -a "\"mood\":\"$want\"" "$work/watch" | head -1 | sed -n 's/.*"received_ms":\([0-9]*\).*/\1/p')
    first=$(head -1 "$work/watch" | sed -n 's/.*"received_ms":\([0-9]*\).*/\1/p')
    [ -n "$got" ] && latencies+=($(( seen - got )))
    [ -n "$first" ] && firsts+=($(( seen - first )))
    [ $verb = start ] && for _ in $(seq 1 300); do cmd list | grep -q '^/default/http .*happy' && break; sleep 0.1; done
  done
done
printf '%s\n' "${latencies[@]}" | percentiles "mood change to screen (the delta with the mood)"
printf '%s\n' "${firsts[@]}" | percentiles "  for comparison, from the first delta (old reference)"
rest_figures "default planet (6 components)"

{
  echo '<planet name="bench"><atmosphere>'
  for i in $(seq 0 $(( components - 1 ))); do
    echo "<component name=\"b$i\" type=\"token-bouncer\" worker=\"w0\"><property name=\"token\">t$i</property></component>"
  done
  echo '</atmosphere></planet>'
} > "$work/bench.xml"
start_manager "$work/bench.xml"
start_console
rest_figures "$components sleeping components"
