// vp8-encoder: encodes a raw video feed to VP8 for WebM streaming.
//
// vp8enc's defaults are for files: deadline=1000000 ("good") is about 10x
// slower than realtime on hard content (shared/reference/stack.md §3). Here
// it runs in realtime mode (deadline=1, cpu-used=8), at a constant bitrate,
// without lookahead (lag-in-frames=0, so no latency), and with a keyframe at
// least every keyframe-distance frames: a late joiner waits at most that long.
// Error resilience is left off: feeds travel over TCP, nothing is lost.
//
// An admin changes the bitrate while it runs ("set-bitrate N"; UI state
// "bitrate"): vp8enc reconfigures itself at the next frame.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/live_bitrate.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class Vp8Encoder {
public:
  static std::string pipeline(const sdk::Host &config);

  Vp8Encoder(const sdk::Host &config, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return bitrate_.invoke(method, args);
  }

private:
  sdk::LiveBitrate bitrate_;
};

} // namespace flu::modules
