// opus-encoder: encodes a raw audio feed to Opus for WebM streaming. Opus
// takes only 8, 12, 16, 24 or 48 kHz; audioresample converts other rates.
// An admin changes the bitrate while it runs ("set-bitrate N"; UI state
// "bitrate"). The level meter (UI state level:default:peak/rms) measures
// what it encodes.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>
#include <flu/sdk/live_bitrate.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class OpusEncoder {
public:
  static std::string pipeline(const sdk::Host &config);

  OpusEncoder(const sdk::Host &config, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return bitrate_.invoke(method, args);
  }

private:
  sdk::LiveBitrate bitrate_;
  sdk::LevelMeter level_;
};

} // namespace flu::modules
