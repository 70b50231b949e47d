#!/usr/bin/env bash
# The hls-streamer's player page played by headless Chromium through hls.js
# (play.mjs): the streamer in a standalone flu-job on loopback eating a live
# MPEG-TS feed (x264 + AAC), the page must play and currentTime advance.
#
#   tests/browser/hls/run.sh FLU_JOB MODULE
# Needs `npm ci` in this folder first (playwright-core, hls.js); without it
# the test is skipped (exit 77), never passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
job_bin=$1 module=$2
for m in playwright-core hls.js; do
  [ -d "$here/node_modules/$m" ] || { echo "skipped: run npm ci in $here"; exit 77; }
done
[ -x /usr/bin/chromium ] || { echo "skipped: no /usr/bin/chromium"; exit 77; }
work=$(mktemp -d)
job_pid=
trap '[ -n "$job_pid" ] && kill "$job_pid" 2>/dev/null; rm -rf "$work"' EXIT

feed="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1,format=I420 \
! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=600 ! h264parse ! m. \
audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! aacparse ! m. \
mpegtsmux name=m alignment=7 ! gdppay ! gdpdepay"
"$job_bin" --standalone --module "$module" --type hls-streamer --eater "default:0=$feed" \
  --property port=0 --property mount-point=/live --property fragment-duration=1 \
  --property html5-page=true --property hls-js-url=/hls.min.js \
  > "$work/job.log" 2>&1 < /dev/zero &
job_pid=$!
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's|.*Serving HLS at http://localhost:\([0-9]*\)/live/.*|\1|p' "$work/job.log" | head -1)
  [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/live/main.m3u8")" = 200 ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/job.log"; echo "FAIL: the streamer did not start"; exit 1; }

if ! node "$here/play.mjs" "http://127.0.0.1:$port/live/"; then
  cat "$work/job.log"; echo "FAIL: Chromium did not play the page"; exit 1
fi
echo "PASS"
