#!/usr/bin/env bash
# The webrtc-streamer's player page played by headless Chromium (play.mjs):
# the streamer in a standalone flu-job on loopback, the page's first frame
# time printed, and the session gone once the page closes.
#
#   tests/browser/webrtc/run.sh FLU_JOB MODULE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
browser_require
job_bin=$1 module=$2
log=$browser_work/job.log

video="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 ! gdppay ! gdpdepay"
audio="audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! gdppay ! gdpdepay"
browser_start_job "$log" "$job_bin" --standalone --module "$module" --type webrtc-streamer \
  --property port=0 --property mount-point=/whep --property html5-page=true \
  --property ice-address=127.0.0.1 --eater "video=$video" --eater "audio=$audio"
port=$(browser_wait_log "$log" 's|.*WHEP endpoint at http://localhost:\([0-9]*\)/whep.*|\1|p' \
  "receiving video/x-vp8")

if ! node "$here/play.mjs" "http://127.0.0.1:$port/whep.html"; then
  cat "$log"; echo "FAIL: Chromium did not play the page"; exit 1
fi
grep -q "joins" "$log" || { cat "$log"; echo "FAIL: no viewer joined"; exit 1; }
for _ in $(seq 1 50); do grep -q "leaves: DELETE" "$log" && break; sleep 0.1; done
grep -q "leaves: DELETE" "$log" || {
  cat "$log"; echo "FAIL: closing the page did not end the session"; exit 1; }
echo "PASS"
