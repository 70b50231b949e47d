#!/usr/bin/env bash
# Switch benchmark: the failover planet of tests/e2e/failover (a red master
# and a blue backup picture, a single-basic-watchdog-combiner, VP8, WebM,
# HTTP) with one viewer, then ROUNDS times each:
#   watchdog   SIGKILL the master's job; ms until the switch (its own
#              switched-at-ms) minus the starve-timeout (1000 ms);
#   recovery   `flu-command restart` the master; ms until the switch back,
#              minus the recover-time (1000 ms);
#   manual     `invoke switch-to-backup` (and back); ms from asking to the
#              switch, and the whole flu-command round trip;
#   scheduled  an iCalendar event written to start 2 s ahead; ms from the
#              event's start (and end) to the switch.
#
#   bench/switch.sh [ROUNDS]     (default: 3)
#
# Not a timed test: figures depend on the machine. The component checks
# its feeds every 20 ms; the schedule has whole seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
rounds=${1:-3}
port=$(( 20000 + RANDOM % 20000 ))
http_port=$(( 40000 + RANDOM % 20000 ))
work=$(mktemp -d)
export FLU_MANAGER_DIR="$work/manager" FLU_WORKER_CACHE="$work/cache"
cleanup() {
  [ -n "${viewer_pid:-}" ] && kill "$viewer_pid" 2>/dev/null || true
  [ -n "${worker_pid:-}" ] && kill "$worker_pid" 2>/dev/null || true
  [ -n "${manager_pid:-}" ] && kill "$manager_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ics="$work/schedule.ics"
schedule() { # START END (Unix seconds)
  printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//flu//bench//EN\r\nBEGIN:VEVENT\r\nUID:bench@flu\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:%s\r\nDTEND:%s\r\nSUMMARY:bench\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' \
    "$(date -u -d "@$1" +%Y%m%dT%H%M%SZ)" "$(date -u -d "@$2" +%Y%m%dT%H%M%SZ)" > "$ics.part"
  mv "$ics.part" "$ics"
}
schedule 1600000000 1600000060
props="<property name=\"starve-timeout\">1.0</property><property name=\"recover-time\">1.0</property><property name=\"ical-schedule\">$ics</property>"
sed -e "s|@TYPE@|single-basic-watchdog-combiner|" -e "s|@PROPERTIES@|$props|" \
  -e "s|<property name=\"port\">8800</property>|<property name=\"port\">$http_port</property>|" \
  tests/e2e/failover/failover.xml > "$work/planet.xml"

"$bin/flu-manager" "$work/planet.xml" --port "$port" --heartbeat-ms 300 >"$work/manager.log" 2>&1 &
manager_pid=$!
until [ -e "$FLU_MANAGER_DIR/local.token" ]; do sleep 0.1; done
"$bin/flu-worker" --manager "127.0.0.1:$port" --name localhost --feed-port 0 >"$work/worker.log" 2>&1 &
worker_pid=$!
cmd() { "$bin/flu-command" --manager "127.0.0.1:$port" "$@"; }
ui() { cmd invoke /f/switch ui-state 2>/dev/null | sed -n "s/^$1=//p"; }
now_ms() { date +%s%3N; }
wait_active() { # FEED: prints the switch's switched-at-ms
  local deadline=$(( $(now_ms) + 60000 ))
  while [ "$(ui active-eater)" != "$1" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "no switch to $1" >&2; exit 1; }
    sleep 0.05
  done
  ui switched-at-ms
}
pid_of() { cmd list | awk -v id="$1" '$1 == id { print $4 }'; }

wait_active master >/dev/null
until [ "$(cmd list | awk '$1 ~ /^\/f\// && $2 != "happy"' | wc -l)" = 0 ]; do sleep 0.2; done
curl -s -N -o "$work/viewer.webm" "http://127.0.0.1:$http_port/live.webm" &
viewer_pid=$!
sleep 1

printf '%-10s %8s %s\n' round kind "ms"
for round in $(seq 1 "$rounds"); do
  master=$(pid_of /f/master); killed=$(now_ms); kill -9 "$master"
  at=$(wait_active backup)
  printf '%-10s %8s %6d  (after the 1000 ms starve-timeout: %d)\n' "$round" watchdog $(( at - killed )) $(( at - killed - 1000 ))
  restarted=$(now_ms); cmd restart /f/master >/dev/null
  at=$(wait_active master)
  printf '%-10s %8s %6d  (restart to switch back, 1000 ms recover-time included)\n' "$round" recovery $(( at - restarted ))
  sleep 1
  asked=$(now_ms); cmd invoke /f/switch switch-to-backup >/dev/null; answered=$(now_ms)
  at=$(wait_active backup)
  printf '%-10s %8s %6d  (invoke round trip %d)\n' "$round" manual $(( at - asked )) $(( answered - asked ))
  cmd invoke /f/switch switch-to-master >/dev/null; wait_active master >/dev/null
  start=$(( $(date +%s) + 2 )); end=$(( start + 2 ))
  schedule "$start" "$end"
  at=$(wait_active backup)
  printf '%-10s %8s %6d  (from the event start)\n' "$round" scheduled $(( at - start * 1000 ))
  at=$(wait_active master)
  printf '%-10s %8s %6d  (from the event end)\n' "$round" unscheduled $(( at - end * 1000 ))
done
kill -0 "$viewer_pid" && echo "viewer still connected" || echo "viewer DISCONNECTED"
kill "$viewer_pid"; wait "$viewer_pid" 2>/dev/null || true; viewer_pid=
if ffmpeg -v error -nostdin -i "$work/viewer.webm" -f null - 2>"$work/decode.err" && [ ! -s "$work/decode.err" ]; then
  echo "viewer's $(stat -c %s "$work/viewer.webm") bytes decode whole"
else
  echo "viewer's bytes do not decode:"; head -5 "$work/decode.err"
fi
