// videotest-producer: see videotest_producer.hpp.
#include "videotest_producer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <stdexcept>

namespace flu::modules {
namespace {

// GstVideoTestSrcPattern, in enum order: Flumotion stored the number.
constexpr const char *patterns[] = {"smpte",
                                    "snow",
                                    "black",
                                    "white",
                                    "red",
                                    "green",
                                    "blue",
                                    "checkers-1",
                                    "checkers-2",
                                    "checkers-4",
                                    "checkers-8",
                                    "circular",
                                    "blink",
                                    "smpte75",
                                    "zone-plate",
                                    "gamut",
                                    "chroma-zone-plate",
                                    "solid-color",
                                    "ball",
                                    "smpte100",
                                    "bar",
                                    "pinwheel",
                                    "spokes",
                                    "gradient",
                                    "colors",
                                    "smpte-rp-219"};

// Raw formats every encoder's videoconvert takes.
constexpr const char *formats[] = {"I420", "YV12", "NV12", "YUY2", "UYVY", "Y42B",
                                   "Y444", "RGB",  "BGR",  "RGBx", "BGRx", "xRGB",
                                   "xBGR", "RGBA", "BGRA", "GRAY8"};

std::string choices() {
  std::string text;
  for (const char *name : patterns)
    text += (text.empty() ? "" : ", ") + std::string(name);
  return text;
}

} // namespace

std::string videotest_pattern(const std::string &text) {
  int number = -1;
  const char *end = text.data() + text.size();
  if (auto [ptr, ec] = std::from_chars(text.data(), end, number);
      ec == std::errc() && ptr == end) {
    if (number >= 0 && number < static_cast<int>(std::size(patterns)))
      return patterns[number];
  } else {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char *name : patterns)
      if (lower == name)
        return name;
  }
  throw std::runtime_error("pattern '" + text + "' is not a test pattern; use 0-" +
                           std::to_string(std::size(patterns) - 1) + " or one of " +
                           choices());
}

std::string videotest_format(const std::string &text) {
  if (text == "video/x-raw-yuv" || text == "video/x-raw")
    return "I420";
  if (text == "video/x-raw-rgb")
    return "RGB";
  for (const char *name : formats)
    if (text == name)
      return name;
  std::string list;
  for (const char *name : formats)
    list += std::string(", ") + name;
  throw std::runtime_error("format '" + text +
                           "' is not a raw video format; use video/x-raw-yuv, "
                           "video/x-raw-rgb" +
                           list);
}

std::string VideotestProducer::pipeline(const sdk::Host &config) {
  const int64_t width = config.integer("width", 1, 16384);
  const int64_t height = config.integer("height", 1, 16384);
  const sdk::Fraction rate = config.fraction("framerate");
  if (rate.numerator < 1 || rate.denominator < 1)
    throw std::runtime_error("framerate must be positive, got " +
                             config.string("framerate"));
  const sdk::Fraction aspect = config.fraction("pixel-aspect-ratio");
  if (aspect.numerator < 1 || aspect.denominator < 1)
    throw std::runtime_error("pixel-aspect-ratio must be positive, got " +
                             config.string("pixel-aspect-ratio"));
  const double drop = config.real("drop-probability");
  if (!(drop >= 0.0 && drop <= 1.0))
    throw std::runtime_error("drop-probability must be from 0 to 1, got " +
                             config.string("drop-probability"));
  std::string text =
      "videotestsrc is-live=true pattern=" + videotest_pattern(config.string("pattern")) +
      " ! video/x-raw,format=" + videotest_format(config.string("format")) +
      ",width=" + std::to_string(width) + ",height=" + std::to_string(height) +
      ",framerate=" + std::to_string(rate.numerator) + "/" +
      std::to_string(rate.denominator) +
      ",pixel-aspect-ratio=" + std::to_string(aspect.numerator) + "/" +
      std::to_string(aspect.denominator) + " ! ";
  if (drop > 0.0)
    // Flumotion's own way: an identity that drops buffers at random.
    text += "identity drop-probability=" + config.string("drop-probability") + " ! ";
  if (config.boolean("overlay-timestamps"))
    // Plain raw caps: a feeder accepts anything, so without them the overlay
    // may travel as undrawn metadata that the next process cannot use.
    text += "timeoverlay ! video/x-raw ! ";
  return text + "@feeder:default@";
}

} // namespace flu::modules
