// theora-encoder: see theora_encoder.hpp.
#include "theora_encoder.hpp"

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-theoraenc";
// theoraenc counts kbit/s; 0 there would mean "use quality".
constexpr int64_t kMinBitrate = 1000;
constexpr int64_t kMaxBitrate = 16777215000;
} // namespace

std::string TheoraEncoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate", kMinBitrate, kMaxBitrate);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 32768);
  const int64_t speed_level = config.integer("speed-level", 0, 3);
  const std::string distance = std::to_string(keyframe_distance);
  return std::string("@eater:default@ ! queue ! videoconvert ! theoraenc name=") +
         kEncoder + " bitrate=" + std::to_string(bitrate_bps / 1000) +
         " keyframe-freq=" + distance + " keyframe-force=" + distance +
         " speed-level=" + std::to_string(speed_level) + " ! @feeder:default@";
}

TheoraEncoder::TheoraEncoder(const sdk::Host &config, GstElement *pipeline)
    : bitrate_(config, pipeline, kEncoder, "bitrate", kMinBitrate, kMaxBitrate, 1000) {}

} // namespace flu::modules
