// single-generic-decoder: Flumotion's decoder for a stream with one medium.
// Whatever decodebin can decode on the eater comes out raw on `default`,
// normalised with the common A/V properties; elements named in `blacklist`
// are never chosen.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>
#include <vector>

namespace flu::modules {

class SingleGenericDecoder {
public:
  static std::string pipeline(const sdk::Host &config);
  SingleGenericDecoder(const sdk::Host &host, GstElement *pipeline);
  ~SingleGenericDecoder();

private:
  std::vector<std::string> blacklist_;
  GstElement *decoder_ = nullptr;
  gulong handler_ = 0;
  std::unique_ptr<sdk::LevelMeter> meter_;
};

} // namespace flu::modules
