// aac-encoder: see aac_encoder.hpp.
#include "aac_encoder.hpp"

namespace flu::modules {

std::string AacEncoder::pipeline(const sdk::Host &config) {
  // voaacenc's range; below 8 kbit/s it writes nothing useful.
  const int64_t bitrate_bps = config.integer("bitrate", 8000, 320000);
  return "@eater:default@ ! queue ! audioconvert ! "
         "level name=flu-level interval=200000000 ! audioresample ! "
         "audio/x-raw,channels=[1,2] ! voaacenc bitrate=" +
         std::to_string(bitrate_bps) +
         " ! aacparse ! audio/mpeg,mpegversion=4,stream-format=adts ! @feeder:default@";
}

AacEncoder::AacEncoder(const sdk::Host &config, GstElement *pipeline)
    : level_(config, pipeline, "flu-level", "default") {}

} // namespace flu::modules
