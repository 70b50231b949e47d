// opus-encoder: see opus_encoder.hpp.
#include "opus_encoder.hpp"

#include <stdexcept>

namespace flu::modules {

std::string OpusEncoder::pipeline(const sdk::Config &config) {
  const int64_t bitrate_bps = config.integer("bitrate", 4000, 650000);
  return "@eater:default@ ! queue ! audioconvert ! audioresample ! opusenc bitrate=" +
         std::to_string(bitrate_bps) + " ! @feeder:default@";
}

} // namespace flu::modules
