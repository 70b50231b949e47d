// The player page (see player_page.hpp).
#include "player_page.hpp"

namespace flu::webrtc_streamer {

std::string player_page_path(const std::string &mount) {
  return mount == "/" ? "/index.html" : mount + ".html";
}

std::string player_page() {
  // The endpoint is the page's own path without ".html" (or "/" for
  // /index.html), with the page's query, so ?token= reaches the bouncer.
  return R"html(<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live (WebRTC)</title>
<style>body{margin:0;background:#000}video{width:100%;height:100vh}</style>
</head>
<body>
<video id="video" autoplay playsinline muted controls></video>
<script>
"use strict";
const video = document.getElementById("video");
const path = location.pathname.endsWith("/index.html")
    ? location.pathname.slice(0, -"index.html".length)
    : location.pathname.replace(/\.html$/, "");
const endpoint = path + location.search;
let session = null;
window.fluSteps = {}; // ms since page load at each step, for whoever asks
const step = (name) => { window.fluSteps[name] = Math.round(performance.now()); };

// Non-trickle WHEP: the offer goes with its candidates. Without a STUN
// server they are host candidates, found at once, but a browser may take
// seconds to call gathering complete: a short quiet time after the first
// candidate is enough, and 3 s the most.
function gathered(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    let quiet = null;
    pc.addEventListener("icecandidate", (e) => {
      if (!e.candidate) return resolve();
      clearTimeout(quiet);
      quiet = setTimeout(resolve, 200);
    });
    setTimeout(resolve, 3000);
  });
}

function firstFrame() {
  const done = () => { window.fluFirstFrameMs = performance.now(); };
  if ("requestVideoFrameCallback" in video) video.requestVideoFrameCallback(done);
  else video.addEventListener("playing", done, {once: true});
}

async function play() {
  const pc = new RTCPeerConnection();
  pc.addTransceiver("video", {direction: "recvonly"});
  pc.addTransceiver("audio", {direction: "recvonly"});
  const stream = new MediaStream();
  pc.addEventListener("track", (e) => {
    stream.addTrack(e.track);
    video.srcObject = stream;
  });
  await pc.setLocalDescription(await pc.createOffer());
  step("offer");
  await gathered(pc);
  step("gathered");
  const res = await fetch(endpoint, {
    method: "POST",
    headers: {"Content-Type": "application/sdp"},
    body: pc.localDescription.sdp,
  });
  if (res.status !== 201) throw new Error(res.status + " " + (await res.text()));
  session = new URL(res.headers.get("Location"), location.href).href;
  step("answered");
  pc.addEventListener("connectionstatechange", () => {
    if (pc.connectionState === "connected") step("connected");
  });
  await pc.setRemoteDescription({type: "answer", sdp: await res.text()});
  firstFrame();
}

// Leaving the page ends the session at once rather than when ICE times out.
window.addEventListener("pagehide", () => {
  if (session) fetch(session, {method: "DELETE", keepalive: true});
});
play().catch((e) => { document.body.dataset.error = String(e.message || e); });
</script>
</body>
</html>
)html";
}

} // namespace flu::webrtc_streamer
