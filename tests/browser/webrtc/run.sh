#!/usr/bin/env bash
# The webrtc-streamer's player page played by headless Chromium (play.mjs):
# the streamer in a standalone flu-job on loopback, the page's first frame
# time printed, and the session gone once the page closes.
#
#   tests/browser/webrtc/run.sh FLU_JOB MODULE
# Needs scripts/install-npm.sh first (playwright-core); without it the test
# is skipped (exit 77; a failure under scripts/test.sh), never passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
job_bin=$1 module=$2
# scripts/test.sh sets FLU_BROWSER_REQUIRED: there a missing part fails.
skip=77; [ -n "${FLU_BROWSER_REQUIRED:-}" ] && skip=1
[ -d "$here/node_modules/playwright-core" ] || { echo "skipped: run scripts/install-npm.sh"; exit $skip; }
[ -x /usr/bin/chromium ] || { echo "skipped: no /usr/bin/chromium"; exit $skip; }
work=$(mktemp -d)
job_pid=
trap '[ -n "$job_pid" ] && kill "$job_pid" 2>/dev/null; rm -rf "$work"' EXIT

video="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 ! gdppay ! gdpdepay"
audio="audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! gdppay ! gdpdepay"
"$job_bin" --standalone --module "$module" --type webrtc-streamer \
  --property port=0 --property mount-point=/whep --property html5-page=true \
  --property ice-address=127.0.0.1 \
  --eater "video=$video" --eater "audio=$audio" > "$work/job.log" 2>&1 < /dev/zero &
job_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*WHEP endpoint at http://localhost:\([0-9]*\)/whep.*|\1|p' "$work/job.log" | head -1)
  [ -n "$port" ] && grep -q "receiving video/x-vp8" "$work/job.log" && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/job.log"; echo "FAIL: the streamer did not start"; exit 1; }

if ! node "$here/play.mjs" "http://127.0.0.1:$port/whep.html"; then
  cat "$work/job.log"; echo "FAIL: Chromium did not play the page"; exit 1
fi
grep -q "joins" "$work/job.log" || { cat "$work/job.log"; echo "FAIL: no viewer joined"; exit 1; }
for _ in $(seq 1 50); do grep -q "leaves: DELETE" "$work/job.log" && break; sleep 0.1; done
grep -q "leaves: DELETE" "$work/job.log" || {
  cat "$work/job.log"; echo "FAIL: closing the page did not end the session"; exit 1; }
echo "PASS"
