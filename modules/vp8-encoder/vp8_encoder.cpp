// vp8-encoder: see vp8_encoder.hpp.
#include "vp8_encoder.hpp"

namespace flu::modules {

std::string Vp8Encoder::pipeline(const sdk::Config &config) {
  const int64_t bitrate_bps = config.integer("bitrate", 1000, 2147483647);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 2147483647);
  const int64_t threads = config.integer("threads", 1, 64);
  return "@eater:default@ ! queue ! videoconvert ! vp8enc deadline=1 cpu-used=8 "
         "end-usage=cbr lag-in-frames=0 target-bitrate=" +
         std::to_string(bitrate_bps) +
         " keyframe-max-dist=" + std::to_string(keyframe_distance) +
         " threads=" + std::to_string(threads) + " ! @feeder:default@";
}

} // namespace flu::modules
