// clock-overlay: see clock_overlay.hpp.
#include "clock_overlay.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace flu::example {
namespace {

// The values are clockoverlay's own enum nicks, so they pass straight through.
constexpr const char *horizontal[] = {"left", "center", "right"};
constexpr const char *vertical[] = {"top", "center", "bottom", "baseline"};

template <std::size_t N>
std::string one_of(const sdk::Host &config, const char *name,
                   const char *const (&choices)[N]) {
  const std::string value = config.string(name);
  if (std::find(std::begin(choices), std::end(choices), value) != std::end(choices))
    return value;
  std::string text;
  for (const char *choice : choices)
    text += (text.empty() ? "" : ", ") + std::string(choice);
  throw std::runtime_error(std::string(name) + " '" + value + "' is not one of " + text);
}

// A gst-launch quoted string: the text may hold spaces, quotes or backslashes.
std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + '"';
}

} // namespace

std::string ClockOverlay::pipeline(const sdk::Host &config) {
  const std::string halignment = one_of(config, "halignment", horizontal);
  const std::string valignment = one_of(config, "valignment", vertical);
  const int64_t font_size_pt = config.integer("font-size", 1, 500);
  const std::string time_format = config.string("time-format");
  if (time_format.empty())
    throw std::runtime_error("time-format must not be empty");
  // The feeder accepts any caps, so without the trailing "video/x-raw"
  // clockoverlay would offer video/x-raw(meta:GstVideoOverlayComposition):
  // the clock travels as metadata, undrawn, and the next component's
  // videoconvert refuses those caps (not-negotiated).
  return "@eater:default@ ! videoconvert ! clockoverlay halignment=" + halignment +
         " valignment=" + valignment +
         " font-desc=" + quoted("Sans " + std::to_string(font_size_pt)) +
         " time-format=" + quoted(time_format) + " shaded-background=" +
         (config.boolean("shaded-background") ? "true" : "false") +
         " ! video/x-raw ! @feeder:default@";
}

} // namespace flu::example
