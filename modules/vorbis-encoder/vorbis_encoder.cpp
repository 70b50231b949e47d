// vorbis-encoder: see vorbis_encoder.hpp.
#include "vorbis_encoder.hpp"

#include <charconv>
#include <stdexcept>

namespace flu::modules {
namespace {

// Locale-independent, shortest round-trip text: what gst-launch syntax reads.
std::string decimal(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

} // namespace

std::string VorbisEncoder::pipeline(const sdk::Host &config) {
  std::string settings;
  const int64_t bitrate_bps = config.integer("bitrate");
  if (bitrate_bps == -1) {
    const double quality = config.real("quality");
    if (!(quality >= -0.1 && quality <= 1))
      throw std::runtime_error("quality must be between -0.1 and 1, got " +
                               decimal(quality));
    settings = "quality=" + decimal(quality);
  } else if (bitrate_bps >= 8000 && bitrate_bps <= 250000) {
    settings = "bitrate=" + std::to_string(bitrate_bps);
  } else {
    throw std::runtime_error("bitrate must be -1 (use quality) or between 8000 and "
                             "250000 bit/s, got " +
                             std::to_string(bitrate_bps));
  }
  return "@eater:default@ ! queue ! audioconvert ! "
         "level name=flu-level interval=200000000 ! audioresample ! "
         "audiorate skip-to-first=true ! vorbisenc " +
         settings + " ! @feeder:default@";
}

} // namespace flu::modules
