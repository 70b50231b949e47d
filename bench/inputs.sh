#!/bin/sh
# bench/inputs.sh [BUILD_DIR]: per producer, the time from starting a
# standalone flu-job to "mood: happy" and its CPU at rest (the job's own
# cpu-percent UI figure after 5 s). Sources are made here: a one-second WebM
# for loop-producer, a test signal for the others. Prints one line per
# producer. Run inside a network namespace of your own.
set -eu
build=${1:-build}
job=$build/bin/flu-job
mods=$build/lib/flu/modules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gst-launch-1.0 -q videotestsrc num-buffers=15 ! video/x-raw,width=320,height=240,framerate=15/1 \
  ! vp8enc ! queue ! webmmux name=m audiotestsrc num-buffers=22 samplesperbuffer=2048 \
  ! vorbisenc ! queue ! m. m. ! filesink location="$tmp/clip.webm"

# measure NAME MODULE ARGS...: runs the job 7 s, prints start-to-happy and CPU.
measure() {
  name=$1 module=$2
  shift 2
  log=$tmp/$name.log
  start=$(date +%s%N)
  "$job" --standalone --module "$mods/$module/libflu-$module.so" --type "$name" "$@" \
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
  printf '%-20s start-to-happy %6s ms   cpu at rest %5s %%\n' "${label:-$name}" "${happy:-never}" "${cpu:-?}"
}

measure loop-producer loop-producer --property location="$tmp/clip.webm" \
  --feeder audio=fakesink --feeder video=fakesink
measure pipeline-producer pipeline-producer \
  --property "pipeline=videotestsrc is-live=true ! video/x-raw,width=320,height=240" \
  --feeder default=fakesink
if [ -x /usr/bin/icecast2 ] && [ -x /usr/bin/ffmpeg ]; then
  port=18731
  chmod 777 "$tmp"
  cat >"$tmp/icecast.xml" <<XML
<icecast><authentication><source-password>hackme</source-password><admin-password>hackme</admin-password></authentication>
<listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket><fileserve>0</fileserve>
<paths><basedir>/usr/share/icecast2</basedir><logdir>$tmp</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
<logging><errorlog>error.log</errorlog><accesslog>access.log</accesslog></logging>
<security><chroot>0</chroot><changeowner><user>icecast2</user><group>icecast</group></changeowner></security></icecast>
XML
  icecast2 -c "$tmp/icecast.xml" >/dev/null 2>&1 &
  ice=$!
  sleep 1
  ffmpeg -hide_banner -loglevel error -re -f lavfi -i sine=frequency=440:sample_rate=44100 \
    -c:a libvorbis -f ogg -content_type application/ogg \
    "icecast://source:hackme@127.0.0.1:$port/radio.ogg" &
  ff=$!
  sleep 2
  measure icecast-producer icecast-producer --property "url=http://127.0.0.1:$port/radio.ogg" \
    --feeder default=fakesink
  # The same over HTTPS: stunnel with a self-signed certificate in front.
  if [ -x /usr/bin/stunnel4 ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=bench" \
      -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls.key" -out "$tmp/tls.pem" 2>/dev/null
    printf 'foreground = yes\npid =\n[https]\naccept = 127.0.0.1:18732\nconnect = 127.0.0.1:%s\ncert = %s\nkey = %s\n' \
      "$port" "$tmp/tls.pem" "$tmp/tls.key" >"$tmp/stunnel.conf"
    stunnel4 "$tmp/stunnel.conf" >/dev/null 2>&1 &
    tls=$!
    sleep 1
    label="icecast https"
    measure icecast-producer icecast-producer \
      --property "url=https://127.0.0.1:18732/radio.ogg" --property "ca-file=$tmp/tls.pem" \
      --feeder default=fakesink
    label=""
    kill $tls 2>/dev/null || true
    wait $tls 2>/dev/null || true
  fi
  kill $ff $ice 2>/dev/null || true
  wait $ff $ice 2>/dev/null || true
fi
# rtsp-producer (H.264 + AAC from tests/peers' RTSP server, over TCP) and
# srt-producer (H.264 + AAC MPEG-TS from srtsink, decoded and passed through).
if [ -x "$build/bin/flu-test-rtsp-server" ]; then
  "$build/bin/flu-test-rtsp-server" 18654 /live "videotestsrc is-live=true \
    ! video/x-raw,width=320,height=240,framerate=15/1 ! x264enc tune=zerolatency \
    speed-preset=ultrafast key-int-max=30 ! rtph264pay name=pay0 pt=96 audiotestsrc \
    is-live=true ! audio/x-raw,rate=48000 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97" \
    >/dev/null 2>&1 &
  srv=$!
  sleep 1
  measure rtsp-producer rtsp-producer --property location=rtsp://127.0.0.1:18654/live \
    --property transport=tcp --feeder audio=fakesink --feeder video=fakesink
  kill $srv 2>/dev/null || true
  wait $srv 2>/dev/null || true
fi
gst-launch-1.0 -q videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 \
  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 ! h264parse config-interval=-1 \
  ! mpegtsmux alignment=7 name=m audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! avenc_aac \
  ! aacparse ! m. m. ! srtsink wait-for-connection=false "uri=srt://127.0.0.1:18655?mode=listener" \
  >/dev/null 2>&1 &
snd=$!
sleep 1
measure srt-producer srt-producer --property port=18655 --feeder default=fakesink \
  --feeder audio=fakesink --feeder video=fakesink
kill $snd 2>/dev/null || true
wait $snd 2>/dev/null || true
# playlist-producer: the filler (black, silence) between entries, the
# playlist's one entry long past, so "at rest" is the filler's cost.
printf '<playlist>\n  <entry filename="clip.webm" time="2000-01-01T00:00:00Z"/>\n</playlist>\n' \
  >"$tmp/playlist.xml"
measure playlist-producer playlist-producer --property playlist="$tmp/playlist.xml" \
  --feeder audio=fakesink --feeder video=fakesink
