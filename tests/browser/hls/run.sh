#!/usr/bin/env bash
# The hls-streamer's player page played by headless Chromium through hls.js
# (play.mjs): the streamer in a standalone flu-job on loopback eating a live
# MPEG-TS feed (x264 + AAC), the page must play and currentTime advance.
# FORMAT is the segment-format: ts (the default) or fmp4; KEYS "aes" has
# the segments encrypted (key-rotation=2): hls.js fetches the keys and
# decrypts.
#
#   tests/browser/hls/run.sh FLU_JOB MODULE [FORMAT [KEYS]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
browser_require
[ -d "$browser_dir/node_modules/hls.js" ] || {
  echo "skipped: run scripts/install-npm.sh"; [ -n "${FLU_BROWSER_REQUIRED:-}" ] && exit 1; exit 77; }
job_bin=$1 module=$2 format=${3:-ts} keys=${4:-}
extra=()
[ "$keys" = aes ] && extra=(--property key-rotation=2)
log=$browser_work/job.log

feed="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1,format=I420 \
! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 bitrate=600 ! h264parse ! m. \
audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! aacparse ! m. \
mpegtsmux name=m alignment=7 ! gdppay ! gdpdepay"
browser_start_job "$log" "$job_bin" --standalone --module "$module" --type hls-streamer \
  --eater "default:0=$feed" --property port=0 --property mount-point=/live \
  --property fragment-duration=1 --property html5-page=true --property hls-js-url=/hls.min.js \
  --property segment-format="$format" "${extra[@]}"
port=$(browser_wait_log "$log" 's|.*Serving HLS at http://localhost:\([0-9]*\)/live/.*|\1|p')
# The first media playlist comes with the first whole segment.
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/live/main.m3u8")" = 200 ] && break
  sleep 0.1
done

# The segments are the format asked for.
segment=$(curl -s "http://127.0.0.1:$port/live/0/stream.m3u8" | grep -m 1 -v '^#')
case "$format:$segment" in
  ts:*.ts|fmp4:*.m4s) ;;
  *) echo "FAIL: segment-format $format served $segment"; exit 1 ;;
esac
if [ "$keys" = aes ] &&
   ! curl -s "http://127.0.0.1:$port/live/0/stream.m3u8" | grep -q '^#EXT-X-KEY:METHOD=AES-128'; then
  echo "FAIL: no EXT-X-KEY with key-rotation"; exit 1
fi
if ! node "$here/play.mjs" "http://127.0.0.1:$port/live/"; then
  cat "$log"; echo "FAIL: Chromium did not play the page"; exit 1
fi
echo "PASS"
