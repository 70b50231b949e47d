#!/usr/bin/env bash
# Installs the Debian 12 packages flu needs to build, run and test.
# Runs apt-get as root (through sudo when not root already).
set -euo pipefail
packages=(
  build-essential cmake pkg-config ccache
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-tools
  gstreamer1.0-plugins-base-apps gstreamer1.0-x
  libboost-dev libboost-serialization-dev libboost-test-dev libboost-filesystem-dev
  libzmq3-dev cppzmq-dev libarchive-dev libncurses-dev libsodium-dev libpugixml-dev
  ffmpeg curl gettext python3
  clang-format clang libclang-rt-14-dev
  libical-dev
  # real peers the tests run (add a peer with the first test that runs it)
  icecast2 faketime tmux
  iproute2 # network namespaces: a partition between two planets
  gstreamer1.0-pulseaudio pulseaudio pulseaudio-utils # soundcard-producer: a PulseAudio of the test's own
  gstreamer1.0-alsa # soundcard-producer: alsasrc (its default source)
  xvfb x11-utils x11-xserver-utils # screencast-producer: an X server of the test's own, xwininfo, xsetroot
  gstreamer1.0-nice # webrtc-streamer: webrtcbin's ICE (libnice)
  libgstreamer-plugins-bad1.0-dev # webrtc-streamer: GstWebRTC and GstSDP headers
  chromium nodejs # browser tests: headless Chromium driven by playwright-core (npm)
  gstreamer1.0-rtsp libgstrtspserver-1.0-dev # rtsp-producer tests: a real RTSP server
  glib-networking stunnel4 openssl # icecast-producer over https: souphttpsrc's TLS; a TLS server with a certificate made by the tests
  libssl-dev # hls-streamer: AES-128 segment encryption (OpenSSL EVP)
  prometheus # promtool: checks flu-manager's metrics (tests/e2e/metrics, tests/core/metrics)
  libpango1.0-dev libcairo2-dev libgdk-pixbuf-2.0-dev # overlay-converter: its built-in logos, drawn with cairo and pango
)
# Debian's nodejs comes without npm (package npm); NodeSource's nodejs has
# npm inside and conflicts with Debian's npm package.
command -v npm >/dev/null || packages+=(npm)
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${packages[@]}"
