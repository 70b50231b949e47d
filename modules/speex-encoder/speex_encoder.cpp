// speex-encoder: see speex_encoder.hpp.
#include "speex_encoder.hpp"

#include <stdexcept>

namespace flu::modules {

std::string SpeexEncoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate");
  // Ultra-wideband Speex tops out near 44 kbit/s; below 2 kbit/s is noise.
  if (bitrate_bps != 0 && (bitrate_bps < 2000 || bitrate_bps > 44000))
    throw std::runtime_error(
        "bitrate must be 0 (automatic) or between 2000 and 44000 bit/s, got " +
        std::to_string(bitrate_bps));
  return "@eater:default@ ! queue ! audioconvert ! "
         "level name=flu-level interval=200000000 ! audioresample ! "
         "audio/x-raw,rate=32000,channels=1 ! speexenc" +
         (bitrate_bps ? " bitrate=" + std::to_string(bitrate_bps) : std::string()) +
         " ! @feeder:default@";
}

SpeexEncoder::SpeexEncoder(const sdk::Host &config, GstElement *pipeline)
    : level_(config, pipeline, "flu-level", "default") {}

} // namespace flu::modules
