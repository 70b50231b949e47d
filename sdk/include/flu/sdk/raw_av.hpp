// Flumotion's common A/V properties for producers and decoders (its
// avproducer properties.xml): what a planet sets to normalise what it
// captures, and the gst-launch fragments that apply them to raw video and
// raw audio. Needs no GStreamer: the fragments are text.
//
//   entry.cpp:  const flu_property_spec props[] = {
//                   property("location", ...), raw_av::width, raw_av::height,
//                   raw_av::is_square, raw_av::add_borders, raw_av::framerate,
//                   raw_av::deinterlace_mode, raw_av::deinterlace_method,
//                   raw_av::volume};
//   pipeline:   "... ! " + raw_av::video(host) + "@feeder:video@"
//               "... ! " + raw_av::audio(host, "flu-level-audio") + "@feeder:audio@"
//
// video(): any raw video in, I420 out, deinterlaced when it is interlaced
// (deinterlace-mode auto) at the frame rate it came in, scaled to width/height (one alone
// keeps the display aspect, with square pixels), square pixels with is-square, black
// borders with add-borders, at framerate when it is set. Each property is read only when
// the type declares it, so a producer lists only those that apply.
//
// audio(): any raw audio in, volume applied, then a `level` element named as
// asked, for <flu/sdk/level_meter.hpp>, then samplerate and channels when set.
#pragma once

#include <flu/sdk/entry.hpp>
#include <flu/sdk/host.hpp>

#include <charconv>
#include <stdexcept>
#include <string>

namespace flu::sdk::raw_av {

inline constexpr flu_property_spec width =
    property("width", FLU_PROPERTY_INT, "The final width, including correction");
inline constexpr flu_property_spec height =
    property("height", FLU_PROPERTY_INT, "The height to scale to");
inline constexpr flu_property_spec is_square =
    property("is-square", FLU_PROPERTY_BOOL,
             "Whether to scale to a 1:1 pixel aspect ratio", "false");
inline constexpr flu_property_spec add_borders =
    property("add-borders", FLU_PROPERTY_BOOL,
             "Add black borders if the display aspect ratio can't be kept", "true");
inline constexpr flu_property_spec framerate =
    property("framerate", FLU_PROPERTY_FRACTION, "The framerate (in fps)");
inline constexpr flu_property_spec deinterlace_mode =
    property("deinterlace-mode", FLU_PROPERTY_STRING,
             "The deinterlacing mode: auto, interlaced or disabled", "auto");
inline constexpr flu_property_spec deinterlace_method =
    property("deinterlace-method", FLU_PROPERTY_STRING,
             "The deinterlacing method: ffmpeg (libavcodec's vertical filter), yadif, "
             "tomsmocomp, greedyh, greedyl, vfir, linear, linearblend, scalerbob, "
             "weave, weavetff or weavebff",
             "ffmpeg");
// The decoders' audio properties.
inline constexpr flu_property_spec samplerate =
    property("samplerate", FLU_PROPERTY_INT, "Output samplerate");
inline constexpr flu_property_spec channels =
    property("channels", FLU_PROPERTY_INT, "Number of output audio channels");
inline constexpr flu_property_spec volume =
    property("volume", FLU_PROPERTY_FLOAT, "Volume factor (2 = 200%)", "1.0");

namespace detail {

inline bool declared(const Host &host, const char *name) {
  try {
    return host.has(name);
  } catch (const std::exception &) {
    return false;
  }
}

inline std::string one_of(const Host &host, const char *name, const char *const *choices,
                          const char *fallback) {
  if (!declared(host, name))
    return fallback;
  const std::string value = host.string(name);
  std::string list;
  for (const char *const *c = choices; *c; ++c) {
    if (value == *c)
      return value;
    list += (list.empty() ? "" : ", ") + std::string(*c);
  }
  throw std::runtime_error(std::string(name) + " '" + value + "' is not one of " + list);
}

inline std::string decimal(double value) {
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end.ptr);
}

} // namespace detail

inline std::string video(const Host &host) {
  static const char *const modes[] = {"auto", "interlaced", "disabled", nullptr};
  static const char *const methods[] = {
      "ffmpeg",      "yadif",     "tomsmocomp", "greedyh",  "greedyl",  "vfir", "linear",
      "linearblend", "scalerbob", "weave",      "weavetff", "weavebff", nullptr};
  const std::string mode = detail::one_of(host, "deinterlace-mode", modes, "auto");
  const std::string method =
      detail::one_of(host, "deinterlace-method", methods, "ffmpeg");
  std::string text = "videoconvert ! ";
  // I420 in: a format a deinterlacer cannot handle passes through it as it
  // is. Flumotion's "ffmpeg" was libavcodec's deinterlacer (ffdeinterlace):
  // a vertical [-1 4 2 4 -1]/8 filter over the bottom field, which is
  // GStreamer's vfir. gst-libav 1.22's avdeinterlace applies it too but
  // sends its first frame out unwritten (whatever the memory held), so
  // GStreamer's deinterlace does it. One frame out per frame in
  // (fields=top) as Flumotion kept the frame rate.
  if (mode != "disabled")
    text += "video/x-raw,format=I420 ! deinterlace mode=" + mode +
            " method=" + (method == "ffmpeg" ? std::string("vfir") : method) +
            " fields=top ! videoconvert ! ";
  const bool borders =
      detail::declared(host, "add-borders") && host.boolean("add-borders");
  text += std::string("videoscale add-borders=") + (borders ? "true" : "false") +
          " ! videorate ! video/x-raw,format=I420";
  if (detail::declared(host, "width"))
    text += ",width=" + std::to_string(host.integer("width", 1, 16384));
  if (detail::declared(host, "height"))
    text += ",height=" + std::to_string(host.integer("height", 1, 16384));
  // One dimension alone: square pixels, or videoscale would keep the other
  // dimension and stretch the pixels instead.
  const bool one_alone =
      detail::declared(host, "width") != detail::declared(host, "height");
  if (one_alone || (detail::declared(host, "is-square") && host.boolean("is-square")))
    text += ",pixel-aspect-ratio=1/1";
  if (detail::declared(host, "framerate")) {
    const Fraction rate = host.fraction("framerate");
    if (rate.numerator < 1 || rate.denominator < 1)
      throw std::runtime_error("framerate must be positive, got " +
                               host.string("framerate"));
    text += ",framerate=" + std::to_string(rate.numerator) + "/" +
            std::to_string(rate.denominator);
  }
  return text + " ! ";
}

inline std::string audio(const Host &host, const std::string &level_name) {
  std::string text = "audioconvert ! audioresample ! ";
  if (detail::declared(host, "volume")) {
    const double factor = host.real("volume");
    if (!(factor >= 0 && factor <= 10))
      throw std::runtime_error("volume must be between 0 and 10, got " +
                               host.string("volume"));
    text += "volume volume=" + detail::decimal(factor) + " ! ";
  }
  text += "level name=" + level_name +
          " interval=200000000 ! audioconvert ! audioresample ! ";
  std::string caps;
  if (detail::declared(host, "samplerate"))
    caps += ",rate=" + std::to_string(host.integer("samplerate", 1000, 384000));
  if (detail::declared(host, "channels"))
    caps += ",channels=" + std::to_string(host.integer("channels", 1, 64));
  return caps.empty() ? text : text + "audio/x-raw" + caps + " ! ";
}

} // namespace flu::sdk::raw_av
