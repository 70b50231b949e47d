#!/usr/bin/env bash
# The SDK for a non-media module, as a third party meets it:
#   1. `cmake --install` the flu build tree into a fresh prefix;
#   2. hide GStreamer from pkg-config (a pkg-config directory holding every
#      .pc file of the system but gstreamer's), so that a module that needed
#      it could not even be configured;
#   3. configure and build the password bouncer in --project-dir out of tree
#      against the installed package (find_package(FluSDK),
#      flu_add_module(... SDK password)): it gets libsodium from
#      Flu::sdk-password and nothing else, and its source refuses to compile
#      if <gst/gst.h> is reachable;
#   4. check that no compile command names GStreamer, and that the
#      installed flu-inspect wrote a manifest declaring the bouncer.
#
#   sdk_bouncer_test.sh --build-dir DIR --project-dir DIR [--cmake CMAKE] [--cxx CXX]
set -euo pipefail

build_dir="" project_dir="" cmake_bin="cmake" cxx=""
while (($#)); do
  case "$1" in
  --build-dir) build_dir="$2" ;;
  --project-dir) project_dir="$2" ;;
  --cmake) cmake_bin="$2" ;;
  --cxx) cxx="$2" ;;
  *)
    echo "usage: $0 --build-dir DIR --project-dir DIR [--cmake CMAKE] [--cxx CXX]" >&2
    exit 2
    ;;
  esac
  shift 2
done
[[ -d "$build_dir" && -f "$project_dir/CMakeLists.txt.in" ]] || {
  echo "missing --build-dir or --project-dir" >&2
  exit 2
}

work=$(mktemp -d "${TMPDIR:-/tmp}/flu-sdk-bouncer.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
source_dir="$work/source"
module_build="$work/build"

log() { echo "[sdk-bouncer] $*"; }
fail() {
  echo "[sdk-bouncer] FAIL: $*" >&2
  for f in "$work"/*.log; do
    [[ -f "$f" ]] || continue
    echo "---- $(basename "$f") (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
  exit 1
}

# --- 1. install ---------------------------------------------------------
log "installing $build_dir into $prefix"
"$cmake_bin" --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  fail "cmake --install failed"
for f in lib/cmake/FluSDK/FluSDKConfig.cmake include/flu/module.h \
  include/flu/sdk/bouncer.hpp include/flu/sdk/password_bouncer.hpp bin/flu-inspect; do
  [[ -e "$prefix/$f" ]] || fail "the install lacks $f"
done

# --- 2. pkg-config without GStreamer -------------------------------------
pc_dir="$work/pkgconfig"
mkdir -p "$pc_dir"
IFS=: read -r -a pc_path <<<"$(pkg-config --variable pc_path pkg-config)"
for dir in "${pc_path[@]}"; do
  for pc in "$dir"/*.pc; do
    [[ -e "$pc" ]] || continue
    name=$(basename "$pc")
    [[ "$name" == gstreamer-* || -e "$pc_dir/$name" ]] && continue
    ln -s "$pc" "$pc_dir/$name"
  done
done
[[ -e "$pc_dir/glib-2.0.pc" && -e "$pc_dir/libsodium.pc" ]] ||
  fail "glib-2.0.pc or libsodium.pc not found on pkg-config's path"
export PKG_CONFIG_LIBDIR="$pc_dir"
unset PKG_CONFIG_PATH
pkg-config --exists gstreamer-1.0 && fail "GStreamer is still visible to pkg-config"

# --- 3. out-of-tree build -------------------------------------------------
mkdir -p "$source_dir"
cp "$project_dir/entry.cpp" "$source_dir/"
cp "$project_dir/CMakeLists.txt.in" "$source_dir/CMakeLists.txt"
log "building the bouncer against the installed SDK, without GStreamer"
configure=("$cmake_bin" -S "$source_dir" -B "$module_build" "-DCMAKE_PREFIX_PATH=$prefix"
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
[[ -n "$cxx" ]] && configure+=("-DCMAKE_CXX_COMPILER=$cxx")
"${configure[@]}" >"$work/configure.log" 2>&1 || fail "configuring the bouncer failed"
"$cmake_bin" --build "$module_build" >"$work/build.log" 2>&1 || fail "building the bouncer failed"

# --- 4. what it was built with, and what it declares ----------------------
commands="$module_build/compile_commands.json"
[[ -s "$commands" ]] || fail "no $commands"
grep -q 'entry.cpp' "$commands" || fail "$commands does not compile entry.cpp"
if grep -qi 'gstreamer' "$commands"; then
  fail "a GStreamer flag reached the bouncer's compilation: $(grep -io '[^ "]*gstreamer[^ "]*' "$commands" | head -3)"
fi
manifest="$module_build/lib/flu/modules/list-bouncer/module.xml"
[[ -f "$manifest" ]] || fail "no manifest at $manifest"
grep -q '<component type="list-bouncer"[^>]*bouncer="true"' "$manifest" ||
  fail "$manifest does not declare the bouncer: $(cat "$manifest")"
library="$module_build/lib/flu/modules/list-bouncer/libflu-list-bouncer.so"
[[ -f "$library" ]] || fail "no $library"
# Read whole first: grep -q would end the pipe early, and pipefail would
# count ldd's SIGPIPE as a failure.
libraries=$(ldd "$library") || fail "ldd $library failed"
grep -q libsodium <<<"$libraries" || fail "the bouncer does not link libsodium: $libraries"
if grep -q libgst <<<"$libraries"; then
  fail "the bouncer links GStreamer: $libraries"
fi
log "PASS: a password bouncer built with the installed SDK alone"
