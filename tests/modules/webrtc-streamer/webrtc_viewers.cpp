// N real WebRTC viewers of a WHEP endpoint, for bench/webrtc.sh: each POSTs
// its offer, and the time from its POST to its first decoded frame is
// printed; then all of them keep playing for SECONDS (while the benchmark
// measures the streamer's CPU) and leave with DELETE.
//
//   webrtc-viewers PORT PATH VIEWERS SECONDS
#include "whep_viewer.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace flu::webrtc_test;

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: webrtc-viewers PORT PATH VIEWERS SECONDS\n");
    return 2;
  }
  gst_init(nullptr, nullptr);
  const auto port = static_cast<uint16_t>(std::stoi(argv[1]));
  const std::string path = argv[2];
  const int count = std::stoi(argv[3]);
  const int seconds = std::stoi(argv[4]);
  std::vector<std::unique_ptr<WhepViewer>> viewers;
  std::vector<std::string> sessions;
  for (int i = 0; i < count; ++i) {
    viewers.push_back(std::make_unique<WhepViewer>());
    const HttpAnswer answer = viewers.back()->connect(port, path);
    if (answer.status != 201) {
      std::fprintf(stderr, "viewer %d: %d %s\n", i, answer.status, answer.body.c_str());
      return 1;
    }
    sessions.push_back(answer.header("location"));
    // One at a time: each figure is one viewer's join, not a crowd's.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (viewers.back()->first_frame_after().count() == 0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const double ms = viewers.back()->first_frame_after().count() / 1000.0;
    if (ms == 0) {
      std::fprintf(stderr, "viewer %d: no frame within 10 s\n", i);
      return 1;
    }
    std::printf("first-frame-ms %.1f\n", ms);
    std::fflush(stdout);
  }
  std::printf("all-playing\n");
  std::fflush(stdout);
  std::vector<uint64_t> before;
  for (auto &v : viewers)
    before.push_back(v->video_frames());
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  uint64_t least = UINT64_MAX;
  for (size_t i = 0; i < viewers.size(); ++i)
    least = std::min(least, viewers[i]->video_frames() - before[i]);
  std::printf("least-frames-per-second %.1f\n", double(least) / seconds);
  for (const auto &s : sessions)
    http_request(port, boost::beast::http::verb::delete_, s);
  return 0;
}
