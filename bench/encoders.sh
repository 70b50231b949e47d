#!/usr/bin/env bash
# Encoder CPU benchmark: each encoder module runs in a real standalone
# flu-job on a live test picture (or tone) for a few seconds; prints the CPU
# it used as a percentage of one core, less the same job with a pass-through
# component instead of the encoder (the test source and the feed's own
# cost). 640x360 at 25 fps for every video encoder, and 1280x720 for H.264,
# VP9 and AV1; audio at 44.1 kHz stereo.
#
#   bench/encoders.sh [SECONDS]        (default: 8 per encoder)
#
# Not a timed test: figures depend on the machine and on what else runs.
# The picture is a moving zone plate with the bouncing ball's background
# detail, harder than a test card and easier than camera noise.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8}
job=build/bin/flu-job
modules=build/lib/flu/modules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

video() {
  echo "videotestsrc is-live=true pattern=zone-plate kx2=20 ky2=20 kt=1 ! video/x-raw,width=$1,height=$2,framerate=25/1,format=I420"
}
audio="audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2"

# cpu_percent MODULE TYPE EATER [PROPERTY...]: CPU of the job, % of one core.
cpu_percent() {
  local module=$1 type=$2 eater=$3
  shift 3
  local args=()
  for p in "$@"; do args+=(--property "$p"); done
  "$job" --standalone --module "$modules/$module/libflu-$module.so" --type "$type" \
    --eater "default=$eater" --feeder "default=fakesink sync=false" "${args[@]}" \
    </dev/null >"$work/job.log" 2>&1 &
  local pid=$!
  # Measure from the moment it is happy: startup is not encoding.
  for _ in $(seq 200); do
    grep -q "mood: happy" "$work/job.log" && break
    sleep 0.05
  done
  if ! grep -q "mood: happy" "$work/job.log"; then
    echo "$type never turned happy (is build/ complete?):" >&2
    cat "$work/job.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  local hz start end
  hz=$(getconf CLK_TCK)
  start=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$seconds"
  end=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  awk -v t=$((end - start)) -v hz="$hz" -v s="$seconds" 'BEGIN { printf "%.1f", t * 100 / hz / s }'
}

row() { # LABEL SIZE MODULE EATER BASELINE [PROPERTY...]
  local label=$1 size=$2 module=$3 eater=$4 base=$5
  shift 5
  local used
  used=$(cpu_percent "$module" "$module" "$eater" "$@")
  printf '%-16s %-10s %5s %%   (job %s %%, source %s %%)\n' "$label" "$size" \
    "$(awk -v u="$used" -v b="$base" 'BEGIN { printf "%.1f", u - b }')" "$used" "$base"
}

echo "encoder CPU, % of one core, ${seconds}s each ($(nproc) cores, $(uname -m))"
base360=$(cpu_percent pipeline-converter pipeline-converter "$(video 640 360)" pipeline=identity)
base720=$(cpu_percent pipeline-converter pipeline-converter "$(video 1280 720)" pipeline=identity)
base_audio=$(cpu_percent pipeline-converter pipeline-converter "$audio" pipeline=identity)
row h264 640x360 h264-encoder "$(video 640 360)" "$base360" bitrate=800000
row h264 1280x720 h264-encoder "$(video 1280 720)" "$base720" bitrate=2500000
row vp8 640x360 vp8-encoder "$(video 640 360)" "$base360" bitrate=800000 threads=2
row vp9 640x360 vp9-encoder "$(video 640 360)" "$base360" bitrate=800000
row vp9 1280x720 vp9-encoder "$(video 1280 720)" "$base720" bitrate=2500000
row av1 640x360 av1-encoder "$(video 640 360)" "$base360" bitrate=600000
row av1 1280x720 av1-encoder "$(video 1280 720)" "$base720" bitrate=2000000
row theora 640x360 theora-encoder "$(video 640 360)" "$base360" bitrate=800000
row jpeg 640x360 jpeg-encoder "$(video 640 360)" "$base360"
row opus 44.1k-st opus-encoder "$audio" "$base_audio"
row vorbis 44.1k-st vorbis-encoder "$audio" "$base_audio"
row aac 44.1k-st aac-encoder "$audio" "$base_audio"
row mp3 44.1k-st mp3-encoder "$audio" "$base_audio"
row speex 32k-mono speex-encoder "$audio" "$base_audio"
row mulaw 8k-mono mulaw-encoder "$audio" "$base_audio"
