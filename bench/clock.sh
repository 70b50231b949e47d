#!/usr/bin/env bash
# The flow's network clock (docs/clock.md): a manager and two workers on
# this machine, worker "ahead" under faketime with its wall clock OFFSET
# ahead (FAKETIME_DONT_FAKE_MONOTONIC=1: only the wall clock, as on a
# machine NTP does not keep right), audio captured and encoded there, video
# captured, encoded and muxed on worker "true". Run once without a clock
# master and once with the video producer as master; prints how far apart
# the two machines' pipeline clocks are as the muxer sees them (audio lead
# minus video lead, median of READINGS readings half a second apart), and,
# with the master, how long each slaved job took to lock to it and the
# round trip its net clock measures.
#
#   bench/clock.sh                    (OFFSET=+2s READINGS=10)
#   OFFSET=-5s bench/clock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/build/bin
offset=${OFFSET:-+2s}
readings=${READINGS:-10}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done
  pids=()
}
trap 'cleanup; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

planet() { # $1: "true" for a clock master
  local master=""
  [ "$1" = true ] && master="<clock-master>true</clock-master>"
  cat <<EOF
<planet name="clock"><flow name="sync">
  <component name="audio" type="audiotest-producer" worker="ahead"/>
  <component name="audio-encoder" type="opus-encoder" worker="ahead">
    <eater name="default"><feed>audio</feed></eater></component>
  <component name="video" type="videotest-producer" worker="true">$master
    <property name="width">160</property><property name="height">120</property></component>
  <component name="video-encoder" type="vp8-encoder" worker="true">
    <eater name="default"><feed>video</feed></eater></component>
  <component name="muxer" type="webm-muxer" worker="true">
    <eater name="default"><feed>video-encoder</feed><feed>audio-encoder</feed></eater></component>
</flow></planet>
EOF
}

ui() { # $1 component, $2 key: its UI-state value, or nothing
  "$bin/flu-command" --manager "127.0.0.1:$port" --timeout-ms 2000 status "$1" 2>/dev/null |
    awk -v k="$2" '$1 == k { print $2 }'
}

run() { # $1: "true" for a clock master
  port=$(( 20000 + RANDOM % 20000 ))
  export FLU_MANAGER_DIR="$work/manager-$1" FLU_WORKER_CACHE="$work/cache"
  planet "$1" > "$work/clock-$1.xml"
  setsid "$bin/flu-manager" "$work/clock-$1.xml" --port "$port" \
    > "$work/manager-$1.out" 2> "$work/manager-$1.err" &
  pids+=("$!")
  for _ in $(seq 1 100); do [ -f "$FLU_MANAGER_DIR/local.token" ] && break; sleep 0.1; done
  setsid "$bin/flu-worker" --manager "127.0.0.1:$port" --name true --feed-port 0 \
    > "$work/true-$1.out" 2> "$work/true-$1.err" &
  pids+=("$!")
  FAKETIME_DONT_FAKE_MONOTONIC=1 setsid faketime -f "$offset" "$bin/flu-worker" \
    --manager "127.0.0.1:$port" --name ahead --feed-port 0 \
    > "$work/ahead-$1.out" 2> "$work/ahead-$1.err" &
  pids+=("$!")
  local skews=() a v
  for _ in $(seq 1 120); do
    a=$(ui /sync/muxer clock-lead-ms:default-1)
    v=$(ui /sync/muxer clock-lead-ms:default-0)
    if [ -n "$a" ] && [ -n "$v" ]; then
      skews+=($(( a - v )))
      [ "${#skews[@]}" -ge "$readings" ] && break
    fi
    sleep 0.5
  done
  if [ "${#skews[@]}" -eq 0 ]; then
    echo "the muxer published no leads; logs in $work (KEEP=1 keeps them)" >&2
    KEEP=1
    return 1
  fi
  local median
  median=$(printf '%s\n' "${skews[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  if [ "$1" = true ]; then
    echo "with a clock master:    audio minus video at the muxer ${median} ms (median of ${#skews[@]})"
    for id in /sync/audio /sync/audio-encoder /sync/video-encoder /sync/muxer; do
      echo "  $id: locked in $(ui "$id" clock-lock-ms) ms, round trip $(ui "$id" clock-rtt-ms) ms"
    done
  else
    echo "without a clock master: audio minus video at the muxer ${median} ms (median of ${#skews[@]})"
  fi
  cleanup
}

echo "worker ahead's wall clock: $offset"
run false
run true
