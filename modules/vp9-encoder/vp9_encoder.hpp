// vp9-encoder: encodes a raw video feed to VP9 for WebM and Matroska.
//
// As vp8-encoder: realtime mode (deadline=1) at its fastest (cpu-used=8),
// constant bitrate, no lookahead, a keyframe at least every
// keyframe-distance frames. VP9 also encodes rows in parallel (row-mt),
// which is what lets 720p run in realtime on two cores.
//
// An admin changes the bitrate while it runs ("set-bitrate N"; UI state
// "bitrate"): vp9enc reconfigures itself at the next frame.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/live_bitrate.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class Vp9Encoder {
public:
  static std::string pipeline(const sdk::Host &config);

  Vp9Encoder(const sdk::Host &config, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return bitrate_.invoke(method, args);
  }

private:
  sdk::LiveBitrate bitrate_;
};

} // namespace flu::modules
