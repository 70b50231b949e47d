#!/usr/bin/env bash
# disk-consumer benchmark: a WebM feed (640x360 VP8 noise, about 4 Mbit/s) is
# made once and dumped as GDP (caps, timestamps and keyframe flags kept),
# then replayed into a standalone disk-consumer job, rotating every 2 MB:
#   - as fast as it goes: disk write throughput (MB/s, fdatasync'd at each
#     file's end) and the job's CPU seconds per MB;
#   - STREAMS jobs at once, each paced at real time: CPU % per recorded
#     stream (the job's own: the feed is replayed, not encoded, in it).
# Prints the figures; every file recorded is checked with ffmpeg.
#
#   bench/disk.sh [STREAMS] [SECONDS]     (default: 4 15)
#
# Not a timed test: figures depend on the machine and its disk ($TMPDIR).
set -euo pipefail
cd "$(dirname "$0")/.."
job=build/bin/flu-job
module=build/lib/flu/modules/disk-consumer/libflu-disk-consumer.so
streams=${1:-4}
seconds=${2:-15}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

frames=$((seconds * 30))
gst-launch-1.0 -q videotestsrc num-buffers=$frames pattern=snow \
  ! video/x-raw,width=640,height=360,framerate=30/1 \
  ! vp8enc deadline=1 cpu-used=16 target-bitrate=4000000 keyframe-max-dist=60 \
  ! webmmux streamable=true ! gdppay ! filesink location="$work/feed.gdp"
feed_bytes=$(stat -c %s "$work/feed.gdp")
# Ten times over for the throughput run (GDP packets concatenate).
for _ in $(seq 1 10); do cat "$work/feed.gdp"; done >"$work/long.gdp"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# The job ends its file on EOS (and then itself); we wait for its
# "status=stopped" after files went out, or for its end.
record() { # DIR PACED(0/1) -> starts a job, prints its pid
  local dir=$1 pace="" feed=$work/long.gdp
  [ "$2" = 1 ] && pace=" ! identity sync=true" && feed=$work/feed.gdp
  mkdir -p "$dir"
  "$job" --standalone --module "$module" --type disk-consumer \
    --eater "default=filesrc location=$feed ! gdpdepay$pace" \
    --property directory="$dir" --property rotate-type=size --property size=2000000 \
    >"$dir.log" 2>&1 </dev/null &
  echo $!
}
last_ticks=0
wait_done() { # DIR PID; keeps the job's last CPU ticks in last_ticks
  for _ in $(seq 1 $((seconds * 20 + 600))); do
    last_ticks=$(cpu_ticks "$2" 2>/dev/null || echo "$last_ticks")
    grep -q "ui: status=stopped" "$1.log" 2>/dev/null && grep -q "ui: files=[1-9]" "$1.log" &&
      [ "$(grep "ui: status=" "$1.log" | tail -1)" = "ui: status=stopped" ] && return 0
    kill -0 "$2" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "timed out: $1" >&2
  return 1
}
check_files() {
  local bad=0
  for f in "$1"/*.webm; do
    [ -n "$(ffmpeg -nostdin -v error -i "$f" -f null - 2>&1)" ] && bad=$((bad + 1))
  done
  echo $bad
}

# 1. Throughput, from the first file on (not the job's start-up).
pid=$(record "$work/fast" 0)
pids+=("$pid")
until ls "$work"/fast/*.webm >/dev/null 2>&1; do sleep 0.01; done
start=$(date +%s.%N)
start_ticks=$(cpu_ticks "$pid")
wait_done "$work/fast" "$pid"
end=$(date +%s.%N)
ticks=$((last_ticks - start_ticks))
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
written=$(cat "$work"/fast/*.webm | wc -c)
awk -v b="$written" -v t0="$start" -v t1="$end" -v c="$ticks" -v hz="$ticks_per_second" \
  'BEGIN { printf "throughput: %.1f MB in %.2f s = %.1f MB/s, %.3f CPU s per MB\n",
           b / 1e6, t1 - t0, b / 1e6 / (t1 - t0), c / hz / (b / 1e6) }'
echo "files: $(ls "$work"/fast/*.webm | wc -l), not decoding: $(check_files "$work/fast")"

# 2. CPU per stream at real time.
paced=()
for i in $(seq 1 "$streams"); do
  pid=$(record "$work/live$i" 1)
  pids+=("$pid")
  paced+=("$pid")
done
sleep 2 # past start-up: measure the steady state
declare -A before
for p in "${paced[@]}"; do before[$p]=$(cpu_ticks "$p"); done
sleep $((seconds - 5))
total=0
for p in "${paced[@]}"; do total=$((total + $(cpu_ticks "$p") - ${before[$p]})); done
awk -v t="$total" -v n="$streams" -v s=$((seconds - 5)) -v hz="$ticks_per_second" \
  -v bps="$(awk -v b="$feed_bytes" -v s="$seconds" 'BEGIN{print b*8/s}')" \
  'BEGIN { printf "live: %d streams of %.1f Mbit/s, %.2f %% CPU per stream\n",
           n, bps / 1e6, 100 * t / hz / s / n }'
for i in $(seq 1 "$streams"); do wait_done "$work/live$i" "${paced[$((i - 1))]}"; done
bad=0
for i in $(seq 1 "$streams"); do bad=$((bad + $(check_files "$work/live$i"))); done
echo "live files not decoding: $bad"

