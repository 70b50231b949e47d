#!/usr/bin/env bash
# HLS time to first segment: an hls-streamer in a real standalone flu-job
# eating a live MPEG-TS feed (x264 320x240 25 fps with a keyframe every
# second, AAC, mpegtsmux, through GDP as a feed arrives). For each
# fragment-duration, the time from the job turning happy (its pipeline
# playing) to the first segment being served (min-window=1) and to the
# playlist a default job serves (min-window=2), median of RUNS runs.
#
#   bench/hls.sh [RUNS] [DURATIONS...]     (default: 3 runs of 1 2 4 seconds)
#   SEGMENT_FORMAT=fmp4 bench/hls.sh ...   (fragmented MP4; default ts)
#
# Not a timed test: figures depend on the machine and on what else runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
durations=("${@:-1 2 4}")
read -r -a durations <<<"${durations[*]}"
job=build/bin/flu-job
module=build/lib/flu/modules/hls-streamer/libflu-hls-streamer.so
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

feed="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1,format=I420 \
! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=600 ! h264parse ! m. \
audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! aacparse ! m. \
mpegtsmux name=m alignment=7 ! gdppay ! gdpdepay"

now_ms() { date +%s%3N; }

# first_ms DURATION MIN_WINDOW: ms from happy to the media playlist's 200.
first_ms() {
  "$job" --standalone --module "$module" --type hls-streamer --eater "default:0=$feed" \
    --property port=0 --property mount-point=/live --property "fragment-duration=$1" \
    --property "min-window=$2" --property "segment-format=${SEGMENT_FORMAT:-ts}" </dev/null >"$work/job.log" 2>&1 &
  pid=$!
  local port="" happy=""
  for _ in $(seq 400); do
    [ -z "$happy" ] && grep -q "mood: happy" "$work/job.log" && happy=$(now_ms)
    port=$(sed -n 's|.*Serving HLS at http://[^:]*:\([0-9]*\)/.*|\1|p' "$work/job.log" | head -n 1)
    [ -n "$happy" ] && [ -n "$port" ] && break
    sleep 0.01
  done
  local code=""
  for _ in $(seq 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/live/0/stream.m3u8")
    [ "$code" = 200 ] && break
    sleep 0.01
  done
  local done_at
  done_at=$(now_ms)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  [ "$code" = 200 ] || { echo "no playlist; job log:" >&2; cat "$work/job.log" >&2; exit 1; }
  echo $((done_at - happy))
}

median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "HLS time to first segment, ms from the job playing, median of $runs ($(nproc) cores)"
printf '%-20s %-22s %-22s\n' "fragment-duration" "first segment (min 1)" "playlist (min 2)"
for d in "${durations[@]}"; do
  one=() two=()
  for _ in $(seq "$runs"); do
    one+=("$(first_ms "$d" 1)")
    two+=("$(first_ms "$d" 2)")
  done
  printf '%-20s %-22s %-22s\n' "${d} s" "$(echo "${one[*]}" | median)" "$(echo "${two[*]}" | median)"
done
