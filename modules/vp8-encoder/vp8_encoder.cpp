// vp8-encoder: see vp8_encoder.hpp.
#include "vp8_encoder.hpp"

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

std::string Vp8Encoder::pipeline(const sdk::Config &config) {
  const int64_t bitrate_bps = ranged(config, "bitrate", 1000, 2147483647);
  const int64_t keyframe_distance = ranged(config, "keyframe-distance", 1, 2147483647);
  const int64_t threads = ranged(config, "threads", 1, 64);
  return "@eater:default@ ! queue ! videoconvert ! vp8enc deadline=1 cpu-used=8 "
         "end-usage=cbr lag-in-frames=0 target-bitrate=" +
         std::to_string(bitrate_bps) +
         " keyframe-max-dist=" + std::to_string(keyframe_distance) +
         " threads=" + std::to_string(threads) + " ! @feeder:default@";
}

} // namespace flu::modules
