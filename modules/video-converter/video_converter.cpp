// video-converter: see video_converter.hpp.
#include "video_converter.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace flu::modules {

namespace {

constexpr const char *modes[] = {"auto", "interlaced", "disabled"};
constexpr const char *methods[] = {"ffmpeg",    "yadif", "tomsmocomp", "greedyh",
                                   "greedyl",   "vfir",  "linear",     "linearblend",
                                   "scalerbob", "weave", "weavetff",   "weavebff"};

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
  throw std::runtime_error("'" + value + "' is not a valid " + name + "; use one of " +
                           list);
}

std::string fraction(const sdk::Host &config, const char *name) {
  const sdk::Fraction f = config.fraction(name);
  if (f.numerator <= 0 || f.denominator <= 0)
    throw std::runtime_error(std::string(name) + " must be a positive fraction, got " +
                             config.string(name));
  return std::to_string(f.numerator) + "/" + std::to_string(f.denominator);
}

// A size given, rounded down to a multiple of its correction.
int64_t corrected(const sdk::Host &config, const char *name,
                  const char *correction_name) {
  const int64_t value = config.integer(name, 1, 16384);
  const int64_t correction = config.integer(correction_name, 0, 1024);
  const int64_t out = correction > 1 ? value - value % correction : value;
  if (out < 1)
    throw std::runtime_error(std::string(name) + " " + std::to_string(value) +
                             " rounds down to 0 with " + correction_name + " " +
                             std::to_string(correction));
  return out;
}

} // namespace

std::string VideoConverter::pipeline(const sdk::Host &config) {
  const std::string mode = one_of(config, "deinterlace-mode", modes);
  const std::string method = one_of(config, "deinterlace-method", methods);
  std::string chain = "@eater:default@ ! queue ! videoconvert";
  // I420 is what every method takes: fed a format it cannot handle (a
  // 16-bit RGB test picture), deinterlace passes frames through as they are.
  if (mode != "disabled")
    chain += " ! video/x-raw,format=I420" +
             (method == "ffmpeg" ? " ! avdeinterlace mode=" + mode
                                 : " ! deinterlace mode=" + mode + " method=" + method);

  std::string scale;
  if (config.has("width"))
    scale += ",width=" + std::to_string(corrected(config, "width", "width-correction"));
  if (config.has("height"))
    scale +=
        ",height=" + std::to_string(corrected(config, "height", "height-correction"));
  if (config.boolean("is-square"))
    scale += ",pixel-aspect-ratio=1/1";
  else if (config.has("pixel-aspect-ratio"))
    scale += ",pixel-aspect-ratio=" + fraction(config, "pixel-aspect-ratio");
  if (!scale.empty())
    chain += " ! videoscale ! video/x-raw" + scale;

  if (config.has("framerate"))
    chain += " ! videorate ! video/x-raw,framerate=" + fraction(config, "framerate");
  const auto knob = [&](const char *name, double min, double max) {
    const double value = config.real(name);
    if (!(value >= min && value <= max))
      throw std::runtime_error(
          std::string(name) + " must be between " + sdk::LiveEffects::decimal(min) +
          " and " + sdk::LiveEffects::decimal(max) + ", got " + config.string(name));
    return std::string(" ") + name + "=" + sdk::LiveEffects::decimal(value);
  };
  chain += " ! videobalance name=flu-balance" + knob("brightness", -1, 1) +
           knob("contrast", 0, 2) + knob("hue", -1, 1) + knob("saturation", 0, 2);
  return chain + " ! @feeder:default@";
}

} // namespace flu::modules
