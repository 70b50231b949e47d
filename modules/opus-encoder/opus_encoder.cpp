// opus-encoder: see opus_encoder.hpp.
#include "opus_encoder.hpp"

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-opusenc";
constexpr int64_t kMinBitrate = 4000; // opusenc's range
constexpr int64_t kMaxBitrate = 650000;
} // namespace

std::string OpusEncoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate", kMinBitrate, kMaxBitrate);
  return std::string(
             "@eater:default@ ! queue ! audioconvert ! "
             "level name=flu-level interval=200000000 ! audioresample ! opusenc name=") +
         kEncoder + " bitrate=" + std::to_string(bitrate_bps) + " ! @feeder:default@";
}

OpusEncoder::OpusEncoder(const sdk::Host &config, GstElement *pipeline)
    : bitrate_(config, pipeline, kEncoder, "bitrate", kMinBitrate, kMaxBitrate),
      level_(config, pipeline, "flu-level", "default") {}

} // namespace flu::modules
