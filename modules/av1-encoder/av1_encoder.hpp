// av1-encoder: encodes a raw video feed to AV1 with libaom, for WebM and
// Matroska.
//
// libaom's defaults are for files (good-quality, 2-pass thinking, 19 frames
// of lookahead): far slower than realtime. Here it runs the realtime usage
// profile at a high cpu-used, constant bitrate, without lookahead, with row
// multithreading and a keyframe at least every keyframe-distance frames.
// The quantizer bounds are set: av1enc leaves both at 0, and libaom's CBR
// rate control then aborts the process on an assertion (libaom 3.6).
// av1parse names the stream format (an OBU stream cut at temporal units),
// which av1enc leaves out of its caps and muxers ask for.
//
// An admin changes the bitrate while it runs ("set-bitrate N"; UI state
// "bitrate"): av1enc hands the new configuration to libaom at the next frame.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/live_bitrate.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class Av1Encoder {
public:
  static std::string pipeline(const sdk::Host &config);

  Av1Encoder(const sdk::Host &config, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return bitrate_.invoke(method, args);
  }

private:
  sdk::LiveBitrate bitrate_;
};

} // namespace flu::modules
