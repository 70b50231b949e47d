// ogg-muxer: muxes its feeds (Theora video, Vorbis/Opus audio...) into a
// live Ogg stream, Flumotion's original format.
//
// oggmux carries the codec headers in the output caps' streamheader, and the
// pages that start at a video keyframe are the only buffers without
// GST_BUFFER_FLAG_DELTA_UNIT, so a streamer can start a late joiner there.
// Each feed is linked to the matching oggmux pad once its caps are known
// (flu/sdk/muxing.hpp).
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/muxing.hpp>

#include <string>

namespace flu::modules {

class OggMuxer {
public:
  static std::string pipeline(const sdk::Host &config);
  OggMuxer(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::MuxInputs inputs_;
};

} // namespace flu::modules
