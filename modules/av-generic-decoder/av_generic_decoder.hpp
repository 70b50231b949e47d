// av-generic-decoder: Flumotion's decoder for a stream with audio and video
// (a muxed feed, a pull passed through). decodebin's audio comes out raw on
// `audio`, its video on `video`, normalised with the common A/V properties;
// elements named in `blacklist` are never chosen.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>
#include <vector>

namespace flu::modules {

class AvGenericDecoder {
public:
  static std::string pipeline(const sdk::Host &config);
  AvGenericDecoder(const sdk::Host &host, GstElement *pipeline);
  ~AvGenericDecoder();

private:
  std::vector<std::string> blacklist_;
  GstElement *decoder_ = nullptr;
  gulong handler_ = 0;
  std::unique_ptr<sdk::LevelMeter> meter_;
};

} // namespace flu::modules
