// videotest-producer: Flumotion's live test picture, raw video (I420 by
// default) from videotestsrc, optionally with the running time drawn on it
// and frames dropped at random as Flumotion's drop-probability did.
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

// The GStreamer raw format for a `format` value: Flumotion's caps names
// ("video/x-raw-yuv" is I420, "video/x-raw-rgb" is RGB), GStreamer 1.x's
// "video/x-raw" (I420) or a format name. Throws listing the choices.
std::string videotest_format(const std::string &text);

} // namespace flu::modules
