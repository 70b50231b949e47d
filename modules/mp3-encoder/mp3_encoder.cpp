// mp3-encoder: see mp3_encoder.hpp.
#include "mp3_encoder.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace flu::modules {

namespace {
// The rates a constant-bitrate MP3 (MPEG-1/2 layer III) can have, kbit/s.
constexpr int64_t rates[] = {8,  16,  24,  32,  40,  48,  56,  64, 80,
                             96, 112, 128, 160, 192, 224, 256, 320};
} // namespace

std::string Mp3Encoder::pipeline(const sdk::Host &config) {
  const int64_t bitrate_bps = config.integer("bitrate");
  if (bitrate_bps % 1000 != 0 || std::find(std::begin(rates), std::end(rates),
                                           bitrate_bps / 1000) == std::end(rates)) {
    std::string list;
    for (int64_t r : rates)
      list += (list.empty() ? "" : ", ") + std::to_string(r * 1000);
    throw std::runtime_error("bitrate must be one of MP3's rates (" + list + "), got " +
                             std::to_string(bitrate_bps));
  }
  return "@eater:default@ ! queue ! audioconvert ! "
         "level name=flu-level interval=200000000 ! audioresample ! "
         "lamemp3enc target=bitrate cbr=true bitrate=" +
         std::to_string(bitrate_bps / 1000) + " ! mpegaudioparse ! @feeder:default@";
}

Mp3Encoder::Mp3Encoder(const sdk::Host &config, GstElement *pipeline)
    : level_(config, pipeline, "flu-level", "default") {}

} // namespace flu::modules
