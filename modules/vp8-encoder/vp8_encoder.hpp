// vp8-encoder: encodes a raw video feed to VP8 for WebM streaming.
//
// vp8enc's defaults are for files: deadline=1000000 ("good") is about 10x
// slower than realtime on hard content (shared/reference/stack.md §3). Here
// it runs in realtime mode (deadline=1, cpu-used=8), at a constant bitrate,
// without lookahead (lag-in-frames=0, so no latency), and with a keyframe at
// least every keyframe-distance frames: a late joiner waits at most that long.
// Error resilience is left off: feeds travel over TCP, nothing is lost.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct Vp8Encoder {
  static std::string pipeline(const sdk::Config &config);
};

} // namespace flu::modules
