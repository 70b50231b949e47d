// audiotest-producer: see audiotest_producer.hpp.
#include "audiotest_producer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <stdexcept>

namespace flu::modules {
namespace {

// GstAudioTestSrcWave, in enum order.
constexpr const char *waves[] = {
    "sine",        "square",     "saw",         "triangle", "silence",
    "white-noise", "pink-noise", "sine-table",  "ticks",    "gaussian-noise",
    "red-noise",   "blue-noise", "violet-noise"};

// Locale-independent, shortest round-trip text: what gst-launch syntax reads.
std::string decimal(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

} // namespace

std::string audiotest_wave(const std::string &text) {
  int number = -1;
  const char *end = text.data() + text.size();
  if (auto [ptr, ec] = std::from_chars(text.data(), end, number);
      ec == std::errc() && ptr == end) {
    if (number >= 0 && number < static_cast<int>(std::size(waves)))
      return waves[number];
  } else {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char *name : waves)
      if (lower == name)
        return name;
  }
  std::string names;
  for (const char *name : waves)
    names += (names.empty() ? "" : ", ") + std::string(name);
  throw std::runtime_error("wave '" + text + "' is not a test wave; use 0-" +
                           std::to_string(std::size(waves) - 1) + " or one of " + names);
}

std::string AudiotestProducer::pipeline(const sdk::Host &config) {
  const int64_t rate = config.integer("samplerate");
  if (rate < 1000 || rate > 384000)
    throw std::runtime_error("samplerate must be between 1000 and 384000 Hz, got " +
                             std::to_string(rate));
  const double frequency = config.real("frequency");
  if (!(frequency >= 0) || frequency > rate / 2.0)
    throw std::runtime_error("frequency must be between 0 and half the samplerate (" +
                             decimal(rate / 2.0) + " Hz), got " + decimal(frequency));
  const double volume = config.real("volume");
  if (!(volume >= 0 && volume <= 1))
    throw std::runtime_error("volume must be between 0 and 1, got " + decimal(volume));
  const double drop = config.real("drop-probability");
  if (!(drop >= 0 && drop <= 1))
    throw std::runtime_error("drop-probability must be from 0 to 1, got " +
                             decimal(drop));
  // The volume is the effect's (an operator changes it live), applied to a
  // full-scale tone: the same samples audiotestsrc's own volume would give.
  // Dropped buffers leave gaps after the meter: what the operator hears is
  // measured, what the next component gets is discontinuous (Flumotion's way).
  return "audiotestsrc is-live=true wave=" + audiotest_wave(config.string("wave")) +
         " freq=" + decimal(frequency) +
         " volume=1 ! audio/x-raw,rate=" + std::to_string(rate) +
         ",channels=2 ! volume name=flu-volume volume=" + decimal(volume) +
         " ! level name=flu-level interval=200000000 ! " +
         (drop > 0 ? "identity drop-probability=" + decimal(drop) + " ! " : "") +
         "@feeder:default@";
}

} // namespace flu::modules
