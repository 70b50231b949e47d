// h264-encoder: see h264_encoder.hpp.
#include "h264_encoder.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-x264enc";
constexpr int64_t kMinBitrate = 1000;       // x264enc counts kbit/s from 1
constexpr int64_t kMaxBitrate = 2048000000; // its maximum, 2048000 kbit/s
constexpr const char *presets[] = {"ultrafast", "superfast", "veryfast",
                                   "faster",    "fast",      "medium",
                                   "slow",      "slower",    "veryslow"};
constexpr const char *profiles[] = {"constrained-baseline", "baseline", "main", "high"};

template <size_t N>
std::string one_of(const sdk::Host &config, const char *name,
                   const char *const (&choices)[N]) {
  const std::string value = config.string(name);
  if (std::find_if(std::begin(choices), std::end(choices),
                   [&](const char *c) { return value == c; }) != std::end(choices))
    return value;
  std::string list;
  for (const char *c : choices)
    list += (list.empty() ? "" : ", ") + std::string(c);
  throw std::runtime_error(std::string(name) + " '" + value + "' is not one of " + list);
}
} // namespace

std::string H264Encoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate", kMinBitrate, kMaxBitrate);
  const int64_t keyframe_distance = config.integer("keyframe-distance", 1, 2147483647);
  const int64_t threads = config.integer("threads", 0, 64);
  const std::string preset = one_of(config, "speed-preset", presets);
  const std::string profile = one_of(config, "profile", profiles);
  const bool zero_latency = config.boolean("zero-latency");
  // Browsers' and players' baseline decoders take only 4:2:0.
  return std::string("@eater:default@ ! queue ! videoconvert ! video/x-raw,format=I420 ! "
                     "x264enc name=") +
         kEncoder + " bitrate=" + std::to_string(bitrate_bps / 1000) +
         " key-int-max=" + std::to_string(keyframe_distance) + " speed-preset=" + preset +
         " threads=" + std::to_string(threads) +
         (zero_latency ? " tune=zerolatency" : "") +
         " ! video/x-h264,stream-format=byte-stream,alignment=au,profile=" + profile +
         " ! h264parse config-interval=-1 ! @feeder:default@";
}

H264Encoder::H264Encoder(const sdk::Host &config, GstElement *pipeline)
    : bitrate_(config, pipeline, kEncoder, "bitrate", kMinBitrate, kMaxBitrate, 1000) {}

} // namespace flu::modules
