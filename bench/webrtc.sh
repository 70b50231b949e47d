#!/usr/bin/env bash
# webrtc-streamer figures, with real WebRTC viewers (webrtcbin, decoding)
# against the module in a standalone flu-job on loopback:
#  - time from a viewer's WHEP POST to its first decoded video frame, for
#    each of VIEWERS viewers joining one after another (a 320x240 VP8 feed
#    with a keyframe every KEYFRAME frames at 30 fps: a viewer waits for the
#    next keyframe, so the figure is about half that interval on average);
#  - the streamer's CPU (utime+stime of its job over HOLD seconds, in % of
#    one core) with no viewer and with VIEWERS viewers, and the difference
#    per viewer. The job also runs the test feeds (videotestsrc, vp8enc,
#    opusenc in its eater fragments): that is in the no-viewer figure, so
#    only the difference is the viewers' cost.
#
#   bench/webrtc.sh                   (VIEWERS=4 HOLD=10 KEYFRAME=30)
# Needs build/bin/flu-job, the module and build/tests/webrtc-viewers
# (cmake --build build --target flu-job flu-module-webrtc-streamer webrtc-viewers).
# Run it inside a network namespace of its own when others use the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
viewers=${VIEWERS:-4}
seconds=${HOLD:-10}
keyframe=${KEYFRAME:-30}
work=$(mktemp -d)
job_pid=
trap '[ -n "$job_pid" ] && kill "$job_pid" 2>/dev/null; rm -rf "$work"' EXIT

video="videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 ! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=$keyframe ! gdppay ! gdpdepay"
audio="audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! gdppay ! gdpdepay"
build/bin/flu-job --standalone --module build/lib/flu/modules/webrtc-streamer/libflu-webrtc-streamer.so \
  --type webrtc-streamer --property port=0 --property mount-point=/whep \
  --property ice-address=127.0.0.1 --property client-limit=0 \
  --eater "video=$video" --eater "audio=$audio" > "$work/job.log" 2>&1 < /dev/zero &
job_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*WHEP endpoint at http://localhost:\([0-9]*\)/whep.*|\1|p' "$work/job.log" | head -1)
  [ -n "$port" ] && grep -q "receiving video/x-vp8" "$work/job.log" && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/job.log"; echo "webrtc: the streamer did not start" >&2; exit 1; }

ticks() { awk '{print $14 + $15}' "/proc/$job_pid/stat"; }
hz=$(getconf CLK_TCK)
cpu_over() { # SECONDS → % of one core the job used over that time
  local a b; a=$(ticks); sleep "$1"; b=$(ticks)
  echo "scale=1; ($b - $a) * 100 / ($hz * $1)" | bc
}

idle=$(cpu_over "$seconds")
build/tests/webrtc-viewers "$port" /whep "$viewers" "$seconds" > "$work/viewers.log" &
viewers_pid=$!
for _ in $(seq 1 600); do grep -q all-playing "$work/viewers.log" && break; sleep 0.1; done
grep -q all-playing "$work/viewers.log" || { cat "$work/viewers.log"; exit 1; }
busy=$(cpu_over $(( seconds - 1 )))
wait "$viewers_pid"

firsts=$(sed -n 's/^first-frame-ms //p' "$work/viewers.log" | sort -n)
echo "webrtc: $viewers viewers, VP8 320x240 30 fps + Opus, keyframe every $keyframe frames"
echo "  POST to first decoded frame (ms), each viewer: $(echo $firsts | tr '\n' ' ')"
echo "  median $(echo "$firsts" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') ms, max $(echo "$firsts" | tail -1) ms"
echo "  slowest viewer's decoded frames/s: $(sed -n 's/^least-frames-per-second //p' "$work/viewers.log")"
echo "  streamer CPU: ${idle}% of a core with no viewer, ${busy}% with $viewers"
echo "  per viewer: $(echo "scale=2; ($busy - $idle) / $viewers" | bc)% of a core"
