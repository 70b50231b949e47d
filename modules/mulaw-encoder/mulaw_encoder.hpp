// mulaw-encoder: encodes a raw audio feed to G.711 mu-law, telephone sound:
// 8 kHz mono at 64 kbit/s, a fixed rate (no bitrate to set). For Matroska,
// multipart and RTP-minded peers. The level meter (UI state
// level:default:peak/rms) measures the audio it encodes.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class MulawEncoder {
public:
  static std::string pipeline(const sdk::Host &config);
  MulawEncoder(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::LevelMeter level_;
};

} // namespace flu::modules
