#!/usr/bin/env bash
# The http-streamer's player page (html5-page) played by headless Chromium
# (play.mjs): a WebM stream of VP8 and Opus from a standalone flu-job on
# loopback; the page's first frame time printed; the viewer counted by the
# streamer while the page plays.
#
#   tests/browser/player/run.sh FLU_JOB MODULE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
browser_require
job_bin=$1 module=$2
log=$browser_work/job.log

feed="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 ! m. audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! m. webmmux name=m streamable=true ! gdppay ! gdpdepay"
browser_start_job "$log" "$job_bin" --standalone --module "$module" --type http-streamer \
  --property port=0 --property mount-point=/live.webm --property html5-page=true \
  --eater "default=$feed"
port=$(browser_wait_log "$log" 's|.*Streaming at http://[^:]*:\([0-9]*\)/live.webm.*|\1|p')

if ! node "$here/play.mjs" "http://127.0.0.1:$port/live.webm.html"; then
  cat "$log"; echo "FAIL: Chromium did not play the page"; exit 1
fi
echo "PASS"
