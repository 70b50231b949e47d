// opus-encoder: encodes a raw audio feed to Opus for WebM streaming. Opus
// takes only 8, 12, 16, 24 or 48 kHz; audioresample converts other rates.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct OpusEncoder {
  static std::string pipeline(const sdk::Config &config);
};

} // namespace flu::modules
