// webm-muxer: muxes its feeds (VP8/VP9 video, Opus/Vorbis audio) into a
// live WebM stream that browsers play.
//
// webmmux runs with streamable=true: no cues, no seeking back at EOS, and a
// header carried in the output caps' streamheader, so a streamer can give
// every late joiner the header first. Each cluster starts at a video
// keyframe, and the buffer that opens it is the only one without
// GST_BUFFER_FLAG_DELTA_UNIT: a joiner started there decodes at once.
// Each feed is linked to the matching webmmux pad once its caps are known
// (flu/sdk/muxing.hpp).
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/muxing.hpp>

#include <string>

namespace flu::modules {

class WebmMuxer {
public:
  static std::string pipeline(const sdk::Host &config);
  WebmMuxer(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::MuxInputs inputs_;
};

} // namespace flu::modules
