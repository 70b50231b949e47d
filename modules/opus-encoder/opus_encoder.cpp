// opus-encoder: see opus_encoder.hpp.
#include "opus_encoder.hpp"

#include <stdexcept>

namespace flu::modules {

std::string OpusEncoder::pipeline(const sdk::Config &config) {
  const int64_t bitrate_bps = config.integer("bitrate");
  if (bitrate_bps < 4000 || bitrate_bps > 650000)
    throw std::runtime_error("bitrate must be between 4000 and 650000 bit/s, got " +
                             std::to_string(bitrate_bps));
  return "@eater:default@ ! queue ! audioconvert ! audioresample ! opusenc bitrate=" +
         std::to_string(bitrate_bps) + " ! @feeder:default@";
}

} // namespace flu::modules
