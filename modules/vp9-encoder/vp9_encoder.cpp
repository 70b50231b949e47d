// vp9-encoder: see vp9_encoder.hpp.
#include "vp9_encoder.hpp"

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-vp9enc";
constexpr int64_t kMinBitrate = 1000;
constexpr int64_t kMaxBitrate = 2147483647; // vp9enc's gint
} // namespace

std::string Vp9Encoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate", kMinBitrate, kMaxBitrate);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 2147483647);
  const int64_t threads = config.integer("threads", 1, 64);
  return std::string("@eater:default@ ! queue ! videoconvert ! vp9enc name=") + kEncoder +
         " deadline=1 cpu-used=8 end-usage=cbr lag-in-frames=0 row-mt=true "
         "target-bitrate=" +
         std::to_string(bitrate_bps) +
         " keyframe-max-dist=" + std::to_string(keyframe_distance) +
         " threads=" + std::to_string(threads) + " ! @feeder:default@";
}

Vp9Encoder::Vp9Encoder(const sdk::Host &config, GstElement *pipeline)
    : bitrate_(config, pipeline, kEncoder, "target-bitrate", kMinBitrate, kMaxBitrate) {}

} // namespace flu::modules
