// aac-encoder: encodes a raw audio feed to AAC-LC (VisualOn's encoder) in
// ADTS frames: each frame carries its own header, so MPEG-TS takes it as is
// and an http-streamer serves it alone as internet radio does (audio/aac),
// a listener starting at any frame.
//
// voaacenc takes its bitrate only when it starts, so there is no live
// set-bitrate. The level meter (UI state level:default:peak/rms) measures
// the audio it encodes.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class AacEncoder {
public:
  static std::string pipeline(const sdk::Host &config);
  AacEncoder(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::LevelMeter level_;
};

} // namespace flu::modules
