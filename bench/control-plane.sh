#!/usr/bin/env bash
# Control-plane benchmark: a planet of COMPONENTS lightweight components
# (token-bouncers: a flu-job each, no media) on WORKERS workers, all on this
# machine over CURVE. Prints the manager's CPU and memory at rest (every job
# publishes its UI state every 2 s) and the latency of a state change from a
# job to an admin (flu-bench-state: a job is killed, an admin sees it).
#
#   bench/control-plane.sh [COMPONENTS] [WORKERS]     (default: 200 10)
#   SECONDS_AT_REST=30 SAMPLES=100 bench/control-plane.sh
#   HAPPY_WITHIN=600 bench/control-plane.sh 1000 50   (seconds for all to turn happy; 120)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
components=${1:-200}
workers=${2:-10}
rest=${SECONDS_AT_REST:-30}
samples=${SAMPLES:-100}
happy_within=${HAPPY_WITHIN:-120}
port=$(( 20000 + RANDOM % 20000 ))
work=$(mktemp -d)
export FLU_MANAGER_DIR="$work/manager"
pids=()
trap 'for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

{
  echo '<planet name="bench"><atmosphere>'
  for i in $(seq 0 $(( components - 1 ))); do
    echo "<component name=\"b$i\" type=\"token-bouncer\" worker=\"w$(( i % workers ))\">"
    echo "  <property name=\"token\">t$i</property><restart>on-failure</restart>"
    echo "</component>"
  done
  echo '</atmosphere></planet>'
} > "$work/bench.xml"

setsid "$bin/flu-manager" "$work/bench.xml" --port "$port" \
  > "$work/manager.out" 2> "$work/manager.err" &
manager=$!
pids+=("$manager")
for _ in $(seq 1 100); do [ -f "$FLU_MANAGER_DIR/local.token" ] && break; sleep 0.1; done
for w in $(seq 0 $(( workers - 1 ))); do
  setsid "$bin/flu-worker" --manager "127.0.0.1:$port" --name "w$w" --feed-port 0 \
    > "$work/w$w.out" 2> "$work/w$w.err" &
  pids+=("$!")
done
happy=0
started=$(date +%s)
for _ in $(seq 1 $(( happy_within * 2 ))); do
  happy=$("$bin/flu-command" --manager "127.0.0.1:$port" list 2>/dev/null | awk '$2 == "happy"' | grep -c . || true)
  [ "$happy" = "$components" ] && break
  sleep 0.5
done
[ "$happy" = "$components" ] || { echo "only $happy of $components happy"; tail "$work/manager.err"; exit 1; }
echo "all $components happy after $(( $(date +%s) - started )) s"

ticks() { awk '{print $14 + $15}' "/proc/$manager/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$rest"; t1=$(ticks)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$manager/status")
echo "$components components on $workers workers: manager at rest $(( (t1 - t0) * 100 / hz / rest )).$(( ((t1 - t0) * 1000 / hz / rest) % 10 ))% of one core, RSS $(( rss / 1024 )) MB"

t0=$(ticks); start=$(date +%s.%N)
"$bin/flu-bench-state" --manager "127.0.0.1:$port" --samples "$samples" --prefix /atmosphere/
t1=$(ticks); end=$(date +%s.%N)
echo "manager during the latency run: $(echo "($t1 - $t0) * 100 / $hz / ($end - $start)" | bc -l | cut -c1-5)% of one core"
