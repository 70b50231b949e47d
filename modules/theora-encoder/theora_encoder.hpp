// theora-encoder: encodes a raw video feed to Theora for Ogg streaming.
//
// theoraenc is single-threaded and slow at its defaults; speed-level 2 is
// 2-3x faster (level 3 is, oddly, slower again: shared/reference/stack.md §3).
// It has no maximum keyframe distance: keyframe-freq plus keyframe-force
// bound the wait of a late joiner. An admin changes the bitrate while it
// runs ("set-bitrate N"; UI state "bitrate"): theoraenc restarts its encoder
// at the next frame.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/live_bitrate.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class TheoraEncoder {
public:
  static std::string pipeline(const sdk::Host &config);

  TheoraEncoder(const sdk::Host &config, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return bitrate_.invoke(method, args);
  }

private:
  sdk::LiveBitrate bitrate_;
};

} // namespace flu::modules
