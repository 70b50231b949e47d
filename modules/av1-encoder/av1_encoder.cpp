// av1-encoder: see av1_encoder.hpp.
#include "av1_encoder.hpp"

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-av1enc";
constexpr int64_t kMinBitrate = 1000;       // av1enc counts kbit/s
constexpr int64_t kMaxBitrate = 1000000000; // far above any live stream
} // namespace

std::string Av1Encoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate", kMinBitrate, kMaxBitrate);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 2147483647);
  const int64_t speed = config.integer("speed", 6, 10);
  const int64_t threads = config.integer("threads", 1, 64);
  return std::string("@eater:default@ ! queue ! videoconvert ! video/x-raw,format=I420 ! "
                     "av1enc name=") +
         kEncoder +
         " usage-profile=realtime end-usage=cbr lag-in-frames=0 row-mt=true "
         "min-quantizer=4 max-quantizer=56 "
         "cpu-used=" +
         std::to_string(speed) + " target-bitrate=" + std::to_string(bitrate_bps / 1000) +
         " keyframe-max-dist=" + std::to_string(keyframe_distance) +
         " threads=" + std::to_string(threads) +
         " ! av1parse ! video/x-av1,stream-format=obu-stream,alignment=tu ! "
         "@feeder:default@";
}

Av1Encoder::Av1Encoder(const sdk::Host &config, GstElement *pipeline)
    : bitrate_(config, pipeline, kEncoder, "target-bitrate", kMinBitrate, kMaxBitrate,
               1000) {}

} // namespace flu::modules
