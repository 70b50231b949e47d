// vp8-encoder: see vp8_encoder.hpp.
#include "vp8_encoder.hpp"

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-vp8enc";
constexpr int64_t kMinBitrate = 1000;
constexpr int64_t kMaxBitrate = 2147483647; // vp8enc's gint
} // namespace

std::string Vp8Encoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate", kMinBitrate, kMaxBitrate);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 2147483647);
  const int64_t threads = config.integer("threads", 1, 64);
  return std::string("@eater:default@ ! queue ! videoconvert ! vp8enc name=") + kEncoder +
         " deadline=1 cpu-used=8 end-usage=cbr lag-in-frames=0 target-bitrate=" +
         std::to_string(bitrate_bps) +
         " keyframe-max-dist=" + std::to_string(keyframe_distance) +
         " threads=" + std::to_string(threads) + " ! @feeder:default@";
}

Vp8Encoder::Vp8Encoder(const sdk::Host &config, GstElement *pipeline)
    : bitrate_(config, pipeline, kEncoder, "target-bitrate", kMinBitrate, kMaxBitrate) {}

} // namespace flu::modules
