// theora-encoder: see theora_encoder.hpp.
#include "theora_encoder.hpp"

#include <stdexcept>

namespace flu::modules {
namespace {

int64_t ranged(const sdk::Config &config, const char *name, int64_t min, int64_t max) {
  const int64_t value = config.integer(name);
  if (value < min || value > max)
    throw std::runtime_error(std::string(name) + " must be between " +
                             std::to_string(min) + " and " + std::to_string(max) +
                             ", got " + std::to_string(value));
  return value;
}

} // namespace

std::string TheoraEncoder::pipeline(const sdk::Config &config) {
  // theoraenc counts kbit/s; 0 there would mean "use quality".
  const int64_t bitrate_bps = ranged(config, "bitrate", 1000, 16777215000);
  const int64_t keyframe_distance = ranged(config, "keyframe-distance", 1, 32768);
  const int64_t speed_level = ranged(config, "speed-level", 0, 3);
  const std::string distance = std::to_string(keyframe_distance);
  return "@eater:default@ ! queue ! videoconvert ! theoraenc bitrate=" +
         std::to_string(bitrate_bps / 1000) + " keyframe-freq=" + distance +
         " keyframe-force=" + distance + " speed-level=" + std::to_string(speed_level) +
         " ! @feeder:default@";
}

} // namespace flu::modules
