#!/usr/bin/env bash
# Encoder throughput benchmark: each encoder module in a real standalone
# flu-job eats a non-live source as fast as it can (a moving zone plate at
# 1280x720 for video, made once and read back raw so that drawing it costs
# nothing; a 44.1 kHz stereo tone for audio) until the source ends; prints frames per second for video and the real-time factor (media
# seconds per wall second) for audio, timed from the job's "happy" to its
# end of stream. The first row of each kind is a pass-through
# pipeline-converter: the source's and the feed's own limit.
#
#   bench/encoder-throughput.sh [FRAMES] [AUDIO_SECONDS]   (default: 100, 60)
#
# Not a timed test: figures depend on the machine and what else runs on it.
# The encoders run with the modules' defaults (vp8/vp9 realtime deadline,
# x264 its default preset) apart from the bitrates given below.
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-100}
audio_seconds=${2:-60}
job=build/bin/flu-job
modules=build/lib/flu/modules
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gst-launch-1.0 -q videotestsrc num-buffers="$frames" pattern=zone-plate kx2=20 ky2=20 kt=1 ! \
  video/x-raw,width=1280,height=720,framerate=25/1,format=I420 ! filesink location="$work/frames.yuv"
video="filesrc location=$work/frames.yuv ! rawvideoparse width=1280 height=720 format=i420 framerate=25/1"
audio_buffers=$((audio_seconds * 44100 / 1024))
audio="audiotestsrc num-buffers=$audio_buffers samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=2"

# seconds MODULE EATER [PROPERTY...]: wall seconds from happy to end of stream.
seconds() {
  local module=$1 eater=$2
  shift 2
  local args=()
  for p in "$@"; do args+=(--property "$p"); done
  "$job" --standalone --module "$modules/$module/libflu-$module.so" --type "$module" \
    --eater "default=$eater" --feeder "default=fakesink sync=false" "${args[@]}" \
    </dev/null 2>&1 | {
    local happy="" line
    while IFS= read -r line; do
      case $line in
      "mood: happy") happy=$EPOCHREALTIME ;;
      *pipeline-eos*)
        [ -n "$happy" ] && awk -v a="$happy" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'
        happy=""
        ;;
      esac
    done
  }
}

video_row() { # LABEL MODULE [PROPERTY...]
  local label=$1 module=$2
  shift 2
  local s
  s=$(seconds "$module" "$video" "$@" || true)
  [ -n "$s" ] || { printf '%-12s failed\n' "$label"; return; }
  printf '%-12s %-9s %7.1f fps  (%d frames in %s s)\n' "$label" 1280x720 \
    "$(awk -v f="$frames" -v s="$s" 'BEGIN { print f / s }')" "$frames" "$s"
}

audio_row() { # LABEL MODULE [PROPERTY...]
  local label=$1 module=$2
  shift 2
  local s media
  s=$(seconds "$module" "$audio" "$@" || true)
  [ -n "$s" ] || { printf '%-12s failed\n' "$label"; return; }
  media=$(awk -v n="$audio_buffers" 'BEGIN { printf "%.1f", n * 1024 / 44100 }')
  printf '%-12s %-9s %7.1f x real time  (%s s of audio in %s s)\n' "$label" 44.1k-st \
    "$(awk -v m="$media" -v s="$s" 'BEGIN { print m / s }')" "$media" "$s"
}

echo "encoder throughput ($(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg))"
video_row pass-through pipeline-converter pipeline=identity
video_row vp8 vp8-encoder bitrate=2500000
video_row vp9 vp9-encoder bitrate=2500000
video_row h264 h264-encoder bitrate=2500000
video_row theora theora-encoder bitrate=2500000
audio_row pass-through pipeline-converter pipeline=identity
audio_row opus opus-encoder
audio_row vorbis vorbis-encoder
audio_row aac aac-encoder
audio_row mp3 mp3-encoder
audio_row speex speex-encoder
audio_row mulaw mulaw-encoder
