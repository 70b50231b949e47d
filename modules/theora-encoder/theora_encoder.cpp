// theora-encoder: see theora_encoder.hpp.
#include "theora_encoder.hpp"

namespace flu::modules {

std::string TheoraEncoder::pipeline(const sdk::Config &config) {
  // theoraenc counts kbit/s; 0 there would mean "use quality".
  const int64_t bitrate_bps = config.integer("bitrate", 1000, 16777215000);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 32768);
  const int64_t speed_level = config.integer("speed-level", 0, 3);
  const std::string distance = std::to_string(keyframe_distance);
  return "@eater:default@ ! queue ! videoconvert ! theoraenc bitrate=" +
         std::to_string(bitrate_bps / 1000) + " keyframe-freq=" + distance +
         " keyframe-force=" + distance + " speed-level=" + std::to_string(speed_level) +
         " ! @feeder:default@";
}

} // namespace flu::modules
