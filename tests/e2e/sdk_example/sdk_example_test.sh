#!/usr/bin/env bash
# The SDK end to end, as a third party meets it:
#   1. `cmake --install` the flu build tree into a fresh prefix;
#   2. configure and build examples/module out of tree with
#      -DCMAKE_PREFIX_PATH=<prefix> (find_package(FluSDK), flu_add_module);
#   3. check that the module's manifest names clock-overlay;
#   4. make a release key and a signed bundle of the module with the
#      installed flu-bundle, as a third party would;
#   5. run the installed flu-manager (importing that bundle, trusting that
#      key) and a flu-worker with an empty cache on a copy of
#      examples/planets/example-module.xml (free ports patched in), wait
#      until every component is happy, and check that the stream is WebM
#      with VP8 and that the worker fetched the bundle from the manager.
# Any missing piece (install rule, package config, module, component) fails.
#
#   sdk_example_test.sh --build-dir DIR --example-dir DIR --planet FILE
#                       [--cmake CMAKE] [--cxx COMPILER]
set -euo pipefail

build_dir="" example_dir="" planet="" cmake_bin="cmake" cxx=""
while (($#)); do
  case "$1" in
  --build-dir) build_dir="$2" ;;
  --example-dir) example_dir="$2" ;;
  --planet) planet="$2" ;;
  --cmake) cmake_bin="$2" ;;
  --cxx) cxx="$2" ;;
  *)
    echo "usage: $0 --build-dir DIR --example-dir DIR --planet FILE [--cmake CMAKE] [--cxx CXX]" >&2
    exit 2
    ;;
  esac
  shift 2
done
[[ -d "$build_dir" && -d "$example_dir" && -f "$planet" ]] || {
  echo "missing --build-dir, --example-dir or --planet" >&2
  exit 2
}

happy_timeout_s=30
stream_s=5

work=$(mktemp -d "${TMPDIR:-/tmp}/flu-sdk-example.XXXXXX")
prefix="$work/prefix"
example_build="$work/example-build"
pids=()

log() { echo "[sdk-example] $*"; }

cleanup() {
  local pid
  # Each daemon leads its own process group (setsid), so its jobs go too.
  for pid in "${pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "[sdk-example] FAIL: $*" >&2
  for f in "$work"/*.log; do
    [[ -f "$f" ]] || continue
    echo "---- $(basename "$f") (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
  exit 1
}

# A TCP port nobody listens on now (the kernel may still hand it out later,
# so it is picked just before use).
taken=" "
free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 40000))
    [[ "$taken" == *" $port "* ]] && continue
    if command -v ss >/dev/null; then
      ss -Htan "sport = :$port" | grep -q . && continue
    elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      continue
    fi
    taken+="$port "
    echo "$port"
    return 0
  done
  fail "no free TCP port found"
}

# Runs "$@" in its own session and process group; its pid is remembered.
start() {
  local name="$1"
  shift
  setsid "$@" >"$work/$name.log" 2>&1 </dev/null &
  pids+=($!)
}

alive() { kill -0 "$1" 2>/dev/null; }

# --- 1. install ---------------------------------------------------------
log "installing $build_dir into $prefix"
"$cmake_bin" --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  fail "cmake --install failed"
for f in bin/flu-manager bin/flu-worker bin/flu-job bin/flu-command bin/flu-inspect bin/flu-bundle \
  lib/cmake/FluSDK/FluSDKConfig.cmake include/flu/sdk.hpp include/flu/module.h; do
  [[ -e "$prefix/$f" ]] || fail "the install lacks $f"
done
compgen -G "$prefix/lib/flu/modules/*/module.xml" >/dev/null ||
  fail "the install has no modules in lib/flu/modules"

# --- 2. out-of-tree build -----------------------------------------------
log "building $example_dir against the installed SDK"
configure=("$cmake_bin" -S "$example_dir" -B "$example_build" "-DCMAKE_PREFIX_PATH=$prefix")
[[ -n "$cxx" ]] && configure+=("-DCMAKE_CXX_COMPILER=$cxx")
command -v ccache >/dev/null && configure+=("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
"${configure[@]}" >"$work/configure.log" 2>&1 || fail "configuring the example failed"
"$cmake_bin" --build "$example_build" >"$work/build.log" 2>&1 || fail "building the example failed"

# --- 3. the manifest ----------------------------------------------------
module_dir="$example_build/lib/flu/modules"
manifest="$module_dir/clock-overlay/module.xml"
[[ -f "$manifest" ]] || fail "no manifest at $manifest"
grep -q '<module id="clock-overlay"' "$manifest" || fail "$manifest does not name module clock-overlay"
grep -q '<component type="clock-overlay"' "$manifest" ||
  fail "$manifest does not provide type clock-overlay"
library=$(sed -n 's/.*library="\([^"]*\)".*/\1/p' "$manifest")
[[ -n "$library" && -f "$module_dir/clock-overlay/$library" ]] ||
  fail "the manifest's library '$library' is not beside it"

# --- 4. the bundle --------------------------------------------------------
"$prefix/bin/flu-bundle" keygen example --key-dir "$work/keys" >"$work/keygen.log" 2>&1 ||
  fail "flu-bundle keygen failed"
bundle="$work/bundles/clock-overlay-1.0.0.flub"
mkdir -p "$work/bundles"
"$prefix/bin/flu-bundle" create --from "$example_build/lib/flu" --name clock-overlay \
  --version 1.0.0 --depends flu-base:^1.0 --key "$work/keys/example.key" \
  --output "$bundle" >"$work/create.log" 2>&1 || fail "flu-bundle create failed"
"$prefix/bin/flu-bundle" verify --trust "$work/keys" "$bundle" >"$work/verify.log" 2>&1 ||
  fail "flu-bundle verify refused the example's bundle"

# --- 5. a real flow -----------------------------------------------------
manager_port=$(free_port)
http_port=$(free_port)
mount=$(sed -n 's|.*<property name="mount-point">\([^<]*\)</property>.*|\1|p' "$planet")
[[ -n "$mount" ]] || fail "no mount-point in $planet"
sed "s|<property name=\"port\">[0-9]*</property>|<property name=\"port\">$http_port</property>|" \
  "$planet" >"$work/planet.xml"
grep -q "<property name=\"port\">$http_port</property>" "$work/planet.xml" ||
  fail "could not set the http port in $planet"
components=$(grep -c '<component ' "$work/planet.xml")

export FLU_MANAGER_DIR="$work/manager"
trust=(--trusted-keys "$prefix/share/flu/trusted-keys" --trusted-keys "$work/keys")
log "manager on $manager_port, stream on $http_port$mount"
start manager "$prefix/bin/flu-manager" "$work/planet.xml" --port "$manager_port" \
  "${trust[@]}" --bundle-dir "$prefix/share/flu/bundles" --bundle-dir "$work/bundles"
manager_pid=${pids[-1]}
# The worker reads the key and the local token the manager makes on its
# first start, the token last.
deadline=$((SECONDS + 10))
until [[ -s "$FLU_MANAGER_DIR/local.token" ]]; do
  alive "$manager_pid" || fail "flu-manager exited"
  ((SECONDS < deadline)) || fail "the manager made no key and token in 10 s"
  sleep 0.1
done
# Not --local-worker: that worker would take the fixed feed port 8600, which
# other tests running at the same time may hold.
start worker "$prefix/bin/flu-worker" --manager "127.0.0.1:$manager_port" \
  --name localhost --feed-port 0 "${trust[@]}" --cache "$work/worker-cache"
worker_pid=${pids[-1]}

flu_command() {
  "$prefix/bin/flu-command" --manager "127.0.0.1:$manager_port" --timeout-ms 1000 "$@"
}
list() { flu_command --json list; }

deadline=$((SECONDS + happy_timeout_s))
state=""
while :; do
  alive "$manager_pid" || fail "flu-manager exited"
  alive "$worker_pid" || fail "flu-worker exited"
  state=$(list 2>/dev/null) || state=""
  if [[ -n "$state" ]]; then
    moods=$(grep -o '"mood":"[a-z]*"' <<<"$state" || true)
    [[ "$moods" == *'"mood":"sad"'* ]] && fail "a component is sad: $state"
    total=$(grep -c . <<<"$moods" || true)
    happy=$(grep -c '"mood":"happy"' <<<"$moods" || true)
    [[ "$total" -eq "$components" && "$happy" -eq "$total" ]] && break
  fi
  ((SECONDS < deadline)) || fail "not every component happy after ${happy_timeout_s}s: $state"
  sleep 0.2
done
[[ "$state" == *'"type":"clock-overlay"'* ]] || fail "no clock-overlay component: $state"
log "all $components components happy"

stream="$work/stream.webm"
curl -s --max-time "$stream_s" -o "$stream" "http://127.0.0.1:$http_port$mount" 2>"$work/curl.log" || {
  rc=$?
  # 28: --max-time ran out, which is how a live stream ends here.
  [[ $rc -eq 28 ]] || fail "curl failed with $rc"
}
[[ -s "$stream" ]] || fail "the stream was empty"
log "fetched $(stat -c %s "$stream") bytes"

if command -v gst-discoverer-1.0 >/dev/null; then
  gst-discoverer-1.0 "$stream" >"$work/discoverer.log" 2>&1 || fail "gst-discoverer-1.0 failed"
  grep -q 'container.*: WebM' "$work/discoverer.log" || fail "the stream is not WebM"
  grep -q 'video.*: VP8' "$work/discoverer.log" || fail "the stream has no VP8 video"
elif command -v ffprobe >/dev/null; then
  ffprobe -v error -show_entries format=format_name:stream=codec_name -of default=nw=1 \
    "$stream" >"$work/ffprobe.log" 2>&1 || fail "ffprobe failed"
  grep -q 'format_name=.*webm' "$work/ffprobe.log" || fail "the stream is not WebM"
  grep -qx 'codec_name=vp8' "$work/ffprobe.log" || fail "the stream has no VP8 video"
else
  fail "neither gst-discoverer-1.0 nor ffprobe is installed"
fi

# The components must still be happy after serving a client.
state=$(list) || fail "flu-command list failed after streaming"
[[ "$state" != *'"mood":"sad"'* ]] || fail "a component turned sad while streaming: $state"
# The module reached the worker as the signed bundle, through its cache.
status=$(flu_command status /default/clock) || fail "flu-command status failed"
[[ "$status" == *"version   clock-overlay 1.0.0"* ]] || fail "the overlay does not run the bundle: $status"
compgen -G "$work/worker-cache/*/modules/clock-overlay/libflu-clock-overlay.so" >/dev/null ||
  fail "the worker's cache has no clock-overlay module"
log "PASS: WebM with VP8 through clock-overlay"
