#!/usr/bin/env bash
# Viewers held by an origin and two edges: three http-streamer jobs
# (standalone flu-jobs) serving the same stream, the origin with a client
# limit and redirect-on-overflow listing both edges. For each total N the
# origin is filled to its limit (N/3) by flu-stress, the Location of a few
# viewers past the limit is printed (they alternate between the edges that
# answer), and the other 2N/3 viewers are held on the edges (flu-stress
# does not follow redirects, so it opens them where the origin sends them).
# Prints each flu-stress report, the sum of viewers streamed, and each
# process's CPU.
#
#   bench/edges.sh [TOTAL_VIEWERS...]           (default: 600 3000)
#   SECONDS_PER_RUN=20 bench/edges.sh 1500
#
# On one machine the edges eat the test feed themselves (in a deployment
# an fgdp-producer feeds them from the origin's planet: see docs/archive.md);
# flu-stress's CPU competes with the streamers'.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
mods=build/lib/flu/modules
seconds=${SECONDS_PER_RUN:-15}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"
feed="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 target-bitrate=500000 ! webmmux streamable=true ! gdppay ! gdpdepay"

start_streamer() { # $1: name, then properties; sets port_$1
  local name=$1; shift
  local props=()
  for p in "$@"; do props+=(--property "$p"); done
  "$bin/flu-job" --standalone --module "$mods/http-streamer/libflu-http-streamer.so" \
    --type http-streamer --property port=0 --property mount-point=/live.webm \
    "${props[@]}" --eater "default=$feed" > "$work/$name.log" 2>&1 < <(sleep infinity) &
  pids+=("$!"); eval "pid_$name=$!"
  for _ in $(seq 1 200); do
    if grep -q "serving " "$work/$name.log"; then
      eval "port_$name=$(grep -o 'Streaming at http://localhost:[0-9]*' "$work/$name.log" |
        head -1 | sed 's/.*://')"
      return
    fi
    sleep 0.1
  done
  echo "$name did not start"; cat "$work/$name.log"; exit 1
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

for total in "${@:-600 3000}"; do
  share=$(( total / 3 ))
  start_streamer edge1 client-limit=0
  start_streamer edge2 client-limit=0
  e1="http://127.0.0.1:$port_edge1/live.webm"; e2="http://127.0.0.1:$port_edge2/live.webm"
  start_streamer origin "client-limit=$share" "redirect-on-overflow=$e1 $e2"
  for _ in $(seq 1 100); do
    [ "$(grep -c 'answers: in the choice' "$work/origin.log")" -ge 2 ] && break; sleep 0.1
  done
  echo "== $total viewers: origin (limit $share) on $port_origin, edges on $port_edge1 and $port_edge2"
  declare -A before=()
  for p in "$pid_origin" "$pid_edge1" "$pid_edge2"; do before[$p]=$(ticks "$p"); done
  start=$(date +%s.%N)
  "$bin/flu-stress" "http://127.0.0.1:$port_origin/live.webm" --viewers "$share" \
    --seconds "$seconds" --ramp-ms 2000 > "$work/stress-origin.txt" &
  origin_stress=$!
  sleep 3 # the origin is full once the ramp is over
  for i in 1 2 3 4; do
    echo "viewer past the limit $i: $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' \
      "http://127.0.0.1:$port_origin/live.webm?token=t$i")"
  done
  for e in edge1 edge2; do
    port_var="port_$e"
    "$bin/flu-stress" "http://127.0.0.1:${!port_var}/live.webm?flu-overflow=1" \
      --viewers "$share" --seconds $(( seconds - 3 )) --ramp-ms 2000 > "$work/stress-$e.txt" &
    pids+=("$!"); eval "stress_$e=$!"
  done
  wait "$origin_stress" "$stress_edge1" "$stress_edge2"
  end=$(date +%s.%N)
  held=0
  for w in origin edge1 edge2; do
    echo "-- $w"; tail -n +2 "$work/stress-$w.txt"
    ok=$(grep -o ' ok=[0-9]*' "$work/stress-$w.txt" | cut -d= -f2); held=$(( held + ok ))
  done
  echo "RESULT total_requested=$(( share * 3 )) streamed=$held"
  for w in origin edge1 edge2; do
    pid_var="pid_$w"; p=${!pid_var}
    awk -v t=$(( $(ticks "$p") - ${before[$p]} )) -v hz="$hz" -v s="$start" -v e="$end" \
      -v who="$w" 'BEGIN {printf "%s CPU: %.1f%% of one core\n", who, 100 * t / hz / (e - s)}'
  done
  for p in "$pid_origin" "$pid_edge1" "$pid_edge2"; do kill "$p"; wait "$p" 2>/dev/null || true; done
done
