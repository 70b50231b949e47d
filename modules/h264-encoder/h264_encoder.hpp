// h264-encoder: encodes a raw video feed to H.264 with x264, for MPEG-TS
// (HLS-style players, set-top boxes) and anything else that plays H.264.
//
// The feed is an Annex B byte stream cut at access units, with SPS and PPS
// repeated before every keyframe (h264parse config-interval=-1): a viewer or
// a muxer that joins late decodes from the next keyframe without having seen
// the start. zero-latency (x264's tune) drops lookahead and B-frames, which
// is what a live stream wants; speed-preset trades CPU for quality.
//
// An admin changes the bitrate while it runs ("set-bitrate N"; UI state
// "bitrate"): x264 reconfigures at the next frame.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/live_bitrate.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class H264Encoder {
public:
  static std::string pipeline(const sdk::Host &config);

  H264Encoder(const sdk::Host &config, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return bitrate_.invoke(method, args);
  }

private:
  sdk::LiveBitrate bitrate_;
};

} // namespace flu::modules
