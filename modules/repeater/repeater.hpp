// The repeater component (Flumotion's repeater): its feeder gives out its
// eater's feed unchanged, caps, timestamps, flags and stream headers as
// they came, so that a feed can be carried to another worker and fed from
// there to many eaters.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct Repeater {
  static std::string pipeline(const flu::sdk::Host &config);
};

} // namespace flu::modules
