#!/usr/bin/env bash
# Viewers held on one public port through the porter: a porter job and one
# or two http-streamer jobs (type slave) of the same stream behind it, all
# standalone flu-jobs; flu-stress opens N viewers on the porter's port.
# Prints flu-stress's report and each process's CPU for every run.
#
#   bench/porter-viewers.sh [VIEWERS...]          (default: 500 2000)
#   SECONDS_PER_RUN=20 STREAMERS="1 2" bench/porter-viewers.sh 1000
#
# Everything runs on loopback, on one machine: flu-stress's CPU competes
# with the streamers'.
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
port=$(( 20000 + RANDOM % 20000 ))
sock="$work/porter.sock"
feed="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 target-bitrate=500000 ! webmmux streamable=true ! gdppay ! gdpdepay"

"$bin/flu-job" --standalone --module "$mods/porter/libflu-porter.so" --type porter \
  --property "port=$port" --property "socket-path=$sock" --property username=u \
  --property password=p --property max-pending-connections=20000 \
  --property max-pending-per-address=20000 > "$work/porter.log" 2>&1 < /dev/null &
porter=$!; pids+=("$porter")
for _ in $(seq 1 100); do grep -q "Porter listening" "$work/porter.log" && break; sleep 0.1; done

start_streamer() { # $1: index
  "$bin/flu-job" --standalone --module "$mods/http-streamer/libflu-http-streamer.so" \
    --type http-streamer --property type=slave --property mount-point=/live.webm \
    --property "porter-socket-path=$sock" --property porter-username=u \
    --property porter-password=p --property client-limit=0 \
    --eater "default=$feed" > "$work/streamer$1.log" 2>&1 < <(sleep infinity) &
  pids+=("$!"); streamers+=("$!")
  for _ in $(seq 1 200); do
    grep -q "registered with the porter" "$work/streamer$1.log" &&
      grep -q "serving " "$work/streamer$1.log" && return
    sleep 0.1
  done
  echo "streamer $1 did not start"; cat "$work/streamer$1.log"; exit 1
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
streamers=()
for count in ${STREAMERS:-1 2}; do
  while [ "${#streamers[@]}" -lt "$count" ]; do start_streamer "${#streamers[@]}"; done
  for n in "${@:-500 2000}"; do
    echo "== $count streamer process(es), $n viewers through the porter on port $port"
    declare -A before=()
    for p in "$porter" "${streamers[@]}"; do before[$p]=$(ticks "$p"); done
    start=$(date +%s.%N)
    "$bin/flu-stress" "http://127.0.0.1:$port/live.webm" --viewers "$n" \
      --seconds "$seconds" --ramp-ms 2000 | tail -n +2
    end=$(date +%s.%N)
    for p in "$porter" "${streamers[@]}"; do
      name=streamer; [ "$p" = "$porter" ] && name=porter
      awk -v t=$(( $(ticks "$p") - ${before[$p]} )) -v hz="$hz" -v s="$start" -v e="$end" \
        -v who="$name $p" 'BEGIN {printf "%s CPU: %.1f%% of one core\n", who, 100 * t / hz / (e - s)}'
    done
  done
done
