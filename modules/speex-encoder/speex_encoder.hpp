// speex-encoder: encodes a raw audio feed to Speex, a speech codec, for Ogg
// and Matroska. Speex works on speech bandwidths: the feed is resampled to
// 32 kHz (ultra-wideband) and mono, as Flumotion's encoder fed it.
//
// speexenc takes its bitrate only when it starts (no live set-bitrate). The
// level meter (UI state level:default:peak/rms) measures the audio it
// encodes.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class SpeexEncoder {
public:
  static std::string pipeline(const sdk::Host &config);
  SpeexEncoder(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::LevelMeter level_;
};

} // namespace flu::modules
