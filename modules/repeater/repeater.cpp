// repeater: see repeater.hpp.
#include "repeater.hpp"

#include <cstdio>
#include <stdexcept>

namespace flu::modules {

std::string Repeater::pipeline(const flu::sdk::Host &config) {
  std::string identity = "identity silent=true";
  // Flumotion's testing aid: drop a fraction of the buffers on purpose.
  if (config.has("drop-probability")) {
    const double p = config.real("drop-probability");
    if (!(p >= 0.0 && p <= 1.0))
      throw std::runtime_error("drop-probability must be between 0.0 and 1.0, got " +
                               config.string("drop-probability"));
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", p);
    identity += std::string(" drop-probability=") + text;
  }
  return "@eater:default@ ! " + identity + " ! @feeder:default@";
}

} // namespace flu::modules
