#!/usr/bin/env bash
# Hot-upgrade benchmark: the embedded default planet, N viewers of its WebM
# stream (flu-viewers); http-streamer 1.1.0 is built from the recipe, signed
# with the development key and published, then `flu-command upgrade
# /default/http` runs UPGRADES times, to 1.1.0 and back to 1.0.0 in turn. Prints viewers, how many were disconnected, the longest gap any
# viewer saw between two reads (ms, over the whole run) and each upgrade's
# duration (ms, as flu-command waited for it: new job started, became happy,
# took every viewer over).
#
#   bench/hot-upgrade.sh [VIEWERS] [UPGRADES]     (default: 200 2)
#
# Not a timed test: figures depend on the machine. Everything runs on
# loopback, viewers and streamer on the same cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
viewers=${1:-200}
upgrades=${2:-2}
port=$(( 20000 + RANDOM % 20000 ))
http_port=$(( 40000 + RANDOM % 20000 ))
work=$(mktemp -d)
export FLU_MANAGER_DIR="$work/manager" # its own keys and token, not the user's
cleanup() {
  [ -n "${viewers_pid:-}" ] && kill "$viewers_pid" 2>/dev/null || true
  kill -- -"$manager_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
sed "s|<property name=\"port\">8800</property>|<property name=\"port\">$http_port</property>|" \
  examples/planets/default.xml > "$work/default.xml"
setsid "$bin/flu-manager" "$work/default.xml" --port "$port" --local-worker localhost \
  --local-feed-port 0 > "$work/manager.out" 2> "$work/manager.err" &
manager_pid=$!
flu_command() { "$bin/flu-command" --manager "127.0.0.1:$port" "$@"; }
for _ in $(seq 1 120); do
  happy=$(flu_command list 2>/dev/null | awk '$2 == "happy"' | grep -c . || true)
  [ "$happy" = 6 ] && break
  sleep 0.5
done
[ "$happy" = 6 ] || { echo "planet did not become happy"; cat "$work/manager.err"; exit 1; }

"$bin/flu-viewers" "$http_port" /live.webm --viewers "$viewers" --save "$work/viewer.webm" \
  --status "$work/status" > "$work/viewers.out" &
viewers_pid=$!
for _ in $(seq 1 100); do # until every viewer has data
  [ -f "$work/status" ] && awk '/^bytes/ {for (i = 2; i <= NF; i++) if ($i == 0) exit 1; exit NF < 2}' \
    "$work/status" && break
  sleep 0.1
done
"$bin/flu-bundle" create --recipe bundles/http-streamer.xml --module-dir build/lib/flu/modules \
  --version 1.1.0 --key build/release-keys/flu-dev.key --output "$work/http-streamer-1.1.0.flub" >/dev/null
"$bin/flu-bundle" publish "$work/http-streamer-1.1.0.flub" --manager "127.0.0.1:$port" >/dev/null
sleep 2 # a steady stream before the first upgrade
for i in $(seq 1 "$upgrades"); do
  version=1.1.0
  [ $((i % 2)) = 0 ] && version=1.0.0
  start=$(date +%s%N)
  flu_command upgrade /default/http "$version" > "$work/upgrade.out"
  end=$(date +%s%N)
  echo "upgrade $i: $(( (end - start) / 1000000 )) ms ($(head -1 "$work/upgrade.out"))"
  sleep 2 # the viewers read on from the new process
done
kill "$viewers_pid"
wait "$viewers_pid" || true
viewers_pid=
awk '/^(viewers|disconnected|longest-gap-ms) / {print}' "$work/viewers.out"
flu_command status /default/http | grep -E 'version|bytes-sent|viewers-lost-in-handover'
if gst-launch-1.0 -q filesrc location="$work/viewer.webm" ! matroskademux ! vp8dec ! fakesink \
  > "$work/decode.log" 2>&1; then
  echo "saved viewer stream decodes"
else
  echo "saved viewer stream does NOT decode:"; cat "$work/decode.log"
fi
