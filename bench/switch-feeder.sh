#!/usr/bin/env bash
# Switch latency at the feeder: av-basic-watchdog-combiner in a real
# standalone flu-job: the master's video (red) stops after two seconds, its
# audio goes on (a pair is healthy only when both are), the backup pair's
# video is blue. Its video feeder writes every frame it sends, shrunk to
# one pixel, to a file of its own; the files' modification times (ns) say
# when each frame left the combiner. Per round: ms from the master's last
# frame on the feeder to the backup's first, and that less the
# starve-timeout.
#
#   bench/switch-feeder.sh [ROUNDS] [STARVE_TIMEOUT]    (default: 3, 0.5)
#
# Not a timed test: figures depend on the machine. The watchdog checks
# every 20 ms. bench/switch.sh measures the same in a whole planet (the
# component's own switch time, kill to switch) and the switch back.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
timeout=${2:-0.5}
job=build/bin/flu-job
module=build/lib/flu/modules/av-basic-watchdog-combiner/libflu-av-basic-watchdog-combiner.so
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

video() { # PATTERN [num-buffers=N]
  echo "videotestsrc is-live=true pattern=$1 ${2:-} ! video/x-raw,width=320,height=240,framerate=25/1 ! gdppay ! gdpdepay"
}
audio="audiotestsrc is-live=true samplesperbuffer=960 ! audio/x-raw,rate=48000,channels=2 ! gdppay ! gdpdepay"

printf 'starve-timeout %s s, %s cores, load %s\n' "$timeout" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %10s %12s\n' round "gap ms" "past timeout"
for round in $(seq 1 "$rounds"); do
  frames="$work/round$round"
  mkdir -p "$frames"
  "$job" --standalone --module "$module" --type av-basic-watchdog-combiner \
    --property "starve-timeout=$timeout" \
    --eater "video-master=$(video red num-buffers=50)" \
    --eater "video-backup=$(video blue)" \
    --eater "audio-master=$audio" \
    --eater "audio-backup=$audio" \
    --feeder "video=videoscale ! video/x-raw,width=1,height=1 ! videoconvert ! video/x-raw,format=RGB ! multifilesink sync=false location=$frames/%06d.rgb" \
    --feeder "audio=fakesink sync=false" </dev/null >"$work/job$round.log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 30))
  until grep -qs "Switched to backup" "$work/job$round.log"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "no switch in round $round" >&2; cat "$work/job$round.log" >&2; exit 1; }
    sleep 0.1
  done
  sleep 0.5 # a few backup frames after the switch
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  compgen -G "$frames/*.rgb" >/dev/null || { echo "round $round: no frames" >&2; cat "$work/job$round.log" >&2; exit 1; }
  # Each frame: its time (ns) and R or B.
  for f in "$frames"/*.rgb; do
    printf '%s %s\n' "$(stat -c %.9Y "$f")" "$(od -An -tu1 -N3 "$f" | awk '{ print ($1 > 128 && $3 < 64) ? "R" : ($3 > 128 && $1 < 64) ? "B" : "?" }')"
  done | tee "$work/frames$round.txt" | awk -v round="$round" -v t="$timeout" '
    $2 == "R" { last_red = $1 }
    $2 == "B" && last_red && !first_blue { first_blue = $1 }
    END {
      if (!first_blue) { print round, "no backup frame after the master"; exit 1 }
      gap = (first_blue - last_red) * 1000
      printf "%-6s %10.0f %12.0f\n", round, gap, gap - t * 1000
    }'
done
