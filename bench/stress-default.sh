#!/usr/bin/env bash
# Fan-out benchmark: the embedded default planet, N concurrent viewers of its
# WebM stream for S seconds (flu-stress), and the http-streamer job's CPU.
#
#   bench/stress-default.sh [VIEWERS...]     (default: 100 1000)
#   SECONDS_PER_RUN=30 bench/stress-default.sh 100 1000
#
# Everything runs on loopback, client and server on the same machine, so
# flu-stress's own CPU competes with the streamer's.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
seconds=${SECONDS_PER_RUN:-20}
port=$(( 20000 + RANDOM % 20000 ))
http_port=$(( 40000 + RANDOM % 20000 ))
work=$(mktemp -d)
export FLU_MANAGER_DIR="$work/manager" # its own keys and token, not the user's
trap 'kill -- -$manager_pid 2>/dev/null || true; rm -rf "$work"' EXIT
sed "s|<property name=\"port\">8800</property>|<property name=\"port\">$http_port</property>|" \
  examples/planets/default.xml > "$work/default.xml"
setsid "$bin/flu-manager" "$work/default.xml" --port "$port" --local-worker localhost \
  --local-feed-port 0 > "$work/manager.out" 2> "$work/manager.err" &
manager_pid=$!
for _ in $(seq 1 120); do
  happy=$("$bin/flu-command" --manager "127.0.0.1:$port" list 2>/dev/null | awk '$2 == "happy"' | grep -c . || true)
  [ "$happy" = 6 ] && break
  sleep 0.5
done
[ "$happy" = 6 ] || { echo "planet did not become happy"; cat "$work/manager.err"; exit 1; }
streamer=$("$bin/flu-command" --manager "127.0.0.1:$port" list | awk '$1 == "/default/http" {print $4}')
ticks() { awk '{print $14 + $15}' "/proc/$streamer/stat"; }
hz=$(getconf CLK_TCK)
for viewers in "${@:-100 1000}"; do
  for n in $viewers; do
    before=$(ticks); start=$(date +%s.%N)
    "$bin/flu-stress" "http://127.0.0.1:$http_port/live.webm" --viewers "$n" \
      --seconds "$seconds" --ramp-ms 2000 | tail -n +2
    after=$(ticks); end=$(date +%s.%N)
    awk -v t=$((after - before)) -v hz="$hz" -v s="$start" -v e="$end" -v n="$n" \
      'BEGIN {printf "streamer CPU with %d viewers: %.1f%% of one core (%.1f s wall)\n", n, 100 * t / hz / (e - s), e - s}'
    grep VmRSS "/proc/$streamer/status" | sed 's/^/streamer /'
  done
done
