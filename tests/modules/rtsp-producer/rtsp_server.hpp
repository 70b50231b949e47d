// A real RTSP server (tests/peers' flu-test-rtsp-server, GStreamer's RTSP
// server library) on a loopback port, serving a test signal encoded as
// H.264 + AAC or VP8 + Opus, for the rtsp-producer's tests. It can be killed
// and started again on the same port.
#pragma once

#include "free_port.hpp"
#include "process.hpp"
#include "temp_dir.hpp"
#include "wait.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

namespace flu::test {

class RtspServer {
public:
  // "h264" (H.264 + AAC) or "vp8" (VP8 + Opus), 160x120 at 15 fps, a key
  // frame every 2 s. With `credentials` ("user:password"), only a client
  // giving them gets the stream.
  explicit RtspServer(std::string codecs, std::string credentials = {})
      : codecs_(std::move(codecs)), credentials_(std::move(credentials)) {
    start();
  }

  std::string url(const std::string &mount = "/live") const {
    return "rtsp://127.0.0.1:" + std::to_string(port_) + mount;
  }

  void start() {
    const std::string video =
        "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=15/1 ! ";
    const std::string audio = "audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! ";
    const std::string launch =
        codecs_ == "h264"
            ? video +
                  "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 ! "
                  "rtph264pay name=pay0 pt=96 " +
                  audio + "avenc_aac ! rtpmp4gpay name=pay1 pt=97"
            : video +
                  "vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay name=pay0 pt=96 " +
                  audio + "opusenc ! rtpopuspay name=pay1 pt=97";
    std::vector<std::string> argv{FLU_TEST_RTSP_SERVER, std::to_string(port_), "/live",
                                  launch};
    if (!credentials_.empty())
      argv.push_back(credentials_);
    server_ = std::make_unique<Process>(
        argv, SpawnOptions{dir_.file("server.out"), dir_.file("server.err"), {}, true});
    BOOST_TEST_REQUIRE(
        poll_until([this] { return server_->out().find("ready") == 0; }, 10s, 50ms),
        "flu-test-rtsp-server did not start: " + server_->err());
  }

  // What the server printed: "ready ..." and a "transport ..." line for
  // each SETUP (the transport the client asked for).
  std::string output() const { return server_ ? server_->out() : std::string(); }

  // Another client (gst-launch over TCP) watching the stream from now on;
  // returns once the server has set it up.
  void watch() {
    const auto setups = count(output(), "transport ");
    viewer_ = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/gst-launch-1.0", "-q", "rtspsrc",
                                 "location=" + url(), "protocols=tcp", "!", "fakesink"},
        SpawnOptions{{}, dir_.file("viewer.err"), {}, true});
    BOOST_TEST_REQUIRE(
        poll_until([&] { return count(output(), "transport ") > setups; }, 10s, 50ms),
        "the other client did not connect: " + read_text(dir_.file("viewer.err")));
  }

  // The server goes away at once (SIGKILL, as a crash).
  void kill() {
    server_->signal(SIGKILL);
    server_->stop(1s);
    server_.reset();
  }

private:
  static size_t count(const std::string &text, const std::string &part) {
    size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
      ++n;
    return n;
  }

  std::string codecs_;
  std::string credentials_;
  TempDir dir_{"flu-rtsp"};
  uint16_t port_ = free_tcp_port();
  std::unique_ptr<Process> server_;
  std::unique_ptr<Process> viewer_;
};

} // namespace flu::test
