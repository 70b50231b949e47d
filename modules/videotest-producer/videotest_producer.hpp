// videotest-producer: Flumotion's live test picture, raw I420 video from
// videotestsrc, optionally with the running time drawn on it.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct VideotestProducer {
  static std::string pipeline(const sdk::Host &config);
};

// The videotestsrc pattern nick for a Flumotion pattern number ("0" .. "25",
// the videotestsrc enum that Flumotion set directly) or a nick in any case
// ("smpte", "Ball"). Throws std::runtime_error listing the choices.
std::string videotest_pattern(const std::string &text);

} // namespace flu::modules
