#!/usr/bin/env bash
# The porter's balancer path (docs/archive.md "Load balancing"): a manager
# with a local worker runs a porter whose `balancer=/live.webm` names two
# http-streamer edges of the planet (a test picture, VP8 in WebM, feeds
# both). Every request for /live.webm is a 302 to the least-loaded edge, chosen
# from the load the manager replicates to the porter's job. One curl process
# asks REQUESTS times (a URL glob, so no process start per request),
# CONCURRENCY at a time, and does not follow the redirects. Prints, for each
# concurrency, the answers by status, redirects per second, how they were
# shared between the edges, and the CPU of the porter's job and of curl.
#
#   bench/balancer.sh [CONCURRENCY...]          (default: 1 8 32)
#   REQUESTS=10000 bench/balancer.sh 16
#
# REQUESTS must stay below the two edges' client-limits together (see the
# loop).
#
# Run it in a network namespace of its own if other servers share loopback.
# Not a timed test: the figures depend on the machine, and curl shares its
# cores with the porter.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
requests=${REQUESTS:-20000}
port=$((20000 + RANDOM % 10000))
porter_port=$((30000 + RANDOM % 10000))
edge1_port=$((40000 + RANDOM % 10000))
edge2_port=$((50000 + RANDOM % 10000))
work=$(mktemp -d)
export FLU_MANAGER_DIR="$work/manager" # its own keys and token, not the user's
cleanup() {
  kill -- -"$manager_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

edge() { # $1: name, $2: port
  cat <<EOF
    <component name="$1" type="http-streamer" worker="localhost">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="port">$2</property>
      <property name="hostname">127.0.0.1</property>
      <property name="mount-point">/edge.webm</property>
      <property name="client-limit">1000000</property>
    </component>
EOF
}
cat > "$work/balancer.xml" <<EOF
<?xml version="1.0"?>
<planet name="balancer">
  <atmosphere>
    <component name="porter" type="porter" worker="localhost">
      <property name="port">$porter_port</property>
      <property name="socket-path">$work/porter.sock</property>
      <property name="username">streamers</property>
      <property name="password">s3cret</property>
      <property name="balancer">/live.webm /default/edge-1 /default/edge-2</property>
      <property name="max-pending-connections">20000</property>
      <property name="max-pending-per-address">20000</property>
    </component>
  </atmosphere>
  <flow name="default">
    <component name="video" type="videotest-producer" worker="localhost">
      <property name="width">160</property>
      <property name="height">120</property>
      <property name="framerate">15/1</property>
    </component>
    <component name="encoder" type="vp8-encoder" worker="localhost">
      <eater name="default"><feed>video</feed></eater>
    </component>
    <component name="muxer" type="webm-muxer" worker="localhost">
      <eater name="default"><feed>encoder</feed></eater>
    </component>
$(edge edge-1 "$edge1_port")
$(edge edge-2 "$edge2_port")
  </flow>
</planet>
EOF
setsid "$bin/flu-manager" "$work/balancer.xml" --port "$port" --local-worker localhost \
  --local-feed-port 0 > "$work/manager.out" 2> "$work/manager.err" &
manager_pid=$!
flu_command() { "$bin/flu-command" --manager "127.0.0.1:$port" "$@"; }
happy=0
for _ in $(seq 1 120); do
  happy=$(flu_command list 2>/dev/null | awk '$2 == "happy"' | grep -c . || true)
  [ "$happy" = 6 ] && break
  sleep 0.5
done
[ "$happy" = 6 ] || { echo "planet did not become happy"; cat "$work/manager.err"; exit 1; }
# The porter's job has heard both edges' records from the manager.
for _ in $(seq 1 100); do
  [ "$(grep -c 'balancer /live.webm: /default/edge-[12] is in the choice' \
    "$work/manager.err")" -ge 2 ] && break
  sleep 0.1
done
porter_pid=$(flu_command list | awk '$1 ~ /porter$/ {print $4}')
[ -n "$porter_pid" ] && [ -d "/proc/$porter_pid" ] ||
  { echo "no porter job pid in:"; flu_command list; exit 1; }
echo "porter job pid $porter_pid on port $porter_port; edges on $edge1_port and $edge2_port"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
[ $# -gt 0 ] || set -- 1 8 32
for c in "$@"; do
  # The choice counts the viewers it sent to an edge until the edge's
  # figure changes or 5 s pass; these never arrive, so an edge looks full
  # after its client-limit of redirects (the descriptors the edge's job may
  # open, about 20000 here): each run starts with that forgotten.
  sleep 6
  log_lines=$(wc -l < "$work/manager.err")
  before=$(ticks "$porter_pid")
  start=$(date +%s.%N)
  # Each answer: its body ("302 Found"), then a line with its status and
  # Location.
  TIMEFORMAT='%U %S' # bash's time: curl's user and system seconds
  { time curl -s --no-progress-meter -Z --parallel-max "$c" --parallel-immediate \
    -w '\nSTATUS %{http_code} %{redirect_url}\n' \
    "http://127.0.0.1:$porter_port/live.webm?n=[1-$requests]" > "$work/answers.txt" ||
    true; } 2> "$work/curl.time"
  end=$(date +%s.%N)
  after=$(ticks "$porter_pid")
  echo "== $requests requests, $c at a time"
  awk -v s="$start" -v e="$end" -v e1=":$edge1_port/" -v e2=":$edge2_port/" '
    $1 == "STATUS" {
      n[$2]++; if ($2 == 302) { if (index($3, e1)) one++; else if (index($3, e2)) two++ }
    }
    END {
      for (s2 in n) printf "status %s: %d\n", s2, n[s2]
      printf "edge-1 %d, edge-2 %d\n", one, two
      printf "RESULT redirects_per_second=%.0f seconds=%.2f\n", n[302] / (e - s), e - s
    }' "$work/answers.txt"
  awk -v t=$((after - before)) -v hz="$hz" -v s="$start" -v e="$end" \
    'BEGIN {printf "porter CPU: %.1f%% of one core, %.1f us per request\n", 100 * t / hz / (e - s), 1e6 * t / hz / '"$requests"'}'
  read -r user sys < <(tail -1 "$work/curl.time")
  # Why an edge left the porter's choice, if one did (then some got 503).
  tail -n +"$((log_lines + 1))" "$work/manager.err" | grep -a -o 'balancer /live.webm: .*' |
    sort | uniq -c | sed 's/^ */porter log: /' || true
  awk -v u="$user" -v k="$sys" -v s="$start" -v e="$end" \
    'BEGIN {printf "curl CPU: %.1f%% of one core\n", 100 * (u + k) / (e - s)}'
done
