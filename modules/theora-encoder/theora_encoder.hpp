// theora-encoder: encodes a raw video feed to Theora for Ogg streaming.
//
// theoraenc is single-threaded and slow at its defaults; speed-level 2 is
// 2-3x faster (level 3 is, oddly, slower again: shared/reference/stack.md §3).
// It has no maximum keyframe distance: keyframe-freq plus keyframe-force
// bound the wait of a late joiner.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct TheoraEncoder {
  static std::string pipeline(const sdk::Config &config);
};

} // namespace flu::modules
