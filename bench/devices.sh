#!/bin/sh
# bench/devices.sh [BUILD_DIR]: for the device producers that can run here,
# the time from starting a standalone flu-job to "mood: happy" and its CPU
# at rest (the job's own cpu-percent UI figure after 6 s). soundcard-producer
# captures from a PulseAudio daemon started here (a null sink's monitor, a
# tone playing into it); screencast-producer from an Xvfb started here
# (320x240 and 1280x720, 5 fps, Flumotion's default rate). Prints one line
# per producer. Run inside a network namespace of your own.
set -eu
build=${1:-build}
job=$build/bin/flu-job
mods=$build/lib/flu/modules
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# wait_for COMMAND...: polls COMMAND for up to 10 s.
wait_for() {
  n=0
  until "$@" >/dev/null 2>&1; do
    n=$((n + 1))
    [ $n -gt 200 ] && { echo "bench/devices.sh: gave up waiting for $*" >&2; exit 1; }
    sleep 0.05
  done
}

# measure LABEL MODULE ARGS...: runs the job 7 s, prints start-to-happy and CPU.
measure() {
  label=$1 module=$2
  shift 2
  log=$tmp/$module.log
  start=$(date +%s%N)
  "$job" --standalone --module "$mods/$module/libflu-$module.so" --type "$module" "$@" \
    >"$log" 2>&1 &
  pid=$!
  happy=""
  while kill -0 $pid 2>/dev/null; do
    if grep -q "mood: happy" "$log"; then
      happy=$((($(date +%s%N) - start) / 1000000))
      break
    fi
    sleep 0.02
    [ $((($(date +%s%N) - start) / 1000000)) -gt 15000 ] && break
  done
  sleep 6
  cpu=$(grep "ui: cpu-percent=" "$log" | tail -1 | cut -d= -f2)
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  printf '%-38s start-to-happy %6s ms   cpu at rest %5s %%\n' "$label" "${happy:-never}" "${cpu:-?}"
}

mkdir -p "$tmp/run"
HOME=$tmp XDG_RUNTIME_DIR=$tmp/run pulseaudio -n --daemonize=no --exit-idle-time=-1 \
  --use-pid-file=no "--load=module-null-sink sink_name=flu-null" \
  "--load=module-native-protocol-unix auth-anonymous=1 socket=$tmp/run/native" \
  >/dev/null 2>&1 &
pids="$pids $!"
export PULSE_SERVER=unix:$tmp/run/native
wait_for pactl info
gst-launch-1.0 -q audiotestsrc is-live=true volume=0.5 ! pulsesink device=flu-null &
pids="$pids $!"
measure "soundcard-producer (pulse, 44.1k)" soundcard-producer \
  --property source-element=pulsesrc --property device=flu-null.monitor \
  --feeder default=fakesink

for size in 320x240 1280x720; do
  Xvfb -displayfd 1 -noreset -nolisten tcp -screen 0 ${size}x24 >"$tmp/display" 2>/dev/null &
  pids="$pids $!"
  wait_for grep -q . "$tmp/display"
  measure "screencast-producer ($size, 5 fps)" screencast-producer \
    --property display=:$(head -1 "$tmp/display") --feeder default=fakesink
done
