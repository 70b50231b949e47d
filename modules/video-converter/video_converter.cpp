// video-converter: see video_converter.hpp.
#include "video_converter.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace flu::modules {

namespace {

constexpr const char *kScaler = "flu-scale";
constexpr const char *kScaleCaps = "flu-scale-caps";
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

bool VideoConverter::keeps_input_height(const sdk::Host &config) {
  return (config.boolean("is-square") || config.has("pixel-aspect-ratio")) &&
         !config.has("width") && !config.has("height");
}

VideoConverter::VideoConverter(const sdk::Host &config, GstElement *pipeline)
    : effects_(config, pipeline,
               {{"brightness", "flu-balance", "brightness"},
                {"contrast", "flu-balance", "contrast"},
                {"hue", "flu-balance", "hue"},
                {"saturation", "flu-balance", "saturation"}}) {
  if (!keeps_input_height(config))
    return;
  GstElement *scaler = gst_bin_get_by_name(GST_BIN(pipeline), kScaler);
  scale_caps_ = gst_bin_get_by_name(GST_BIN(pipeline), kScaleCaps);
  if (!scaler || !scale_caps_) {
    if (scaler)
      gst_object_unref(scaler);
    if (scale_caps_)
      gst_object_unref(scale_caps_);
    throw std::runtime_error("the pipeline has no scaler to keep the input's height");
  }
  scaler_input_ = gst_element_get_static_pad(scaler, "sink");
  gst_object_unref(scaler);
  g_object_get(scale_caps_, "caps", &asked_, nullptr);
  probe_ = gst_pad_add_probe(scaler_input_, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                             &on_input_caps, this, nullptr);
}

VideoConverter::~VideoConverter() {
  if (scaler_input_) {
    gst_pad_remove_probe(scaler_input_, probe_);
    gst_object_unref(scaler_input_);
  }
  if (asked_)
    gst_caps_unref(asked_);
  if (scale_caps_)
    gst_object_unref(scale_caps_);
}

// Before the scaler takes the input's caps, the caps it is to scale to get
// the input's height; the scaler then picks the width that keeps the shape.
GstPadProbeReturn VideoConverter::on_input_caps(GstPad *, GstPadProbeInfo *info,
                                                gpointer self) {
  auto *converter = static_cast<VideoConverter *>(self);
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  GstCaps *input = nullptr;
  gst_event_parse_caps(event, &input);
  int height = 0;
  if (!input || gst_caps_get_size(input) == 0 ||
      !gst_structure_get_int(gst_caps_get_structure(input, 0), "height", &height))
    return GST_PAD_PROBE_OK;
  GstCaps *wanted = gst_caps_copy(converter->asked_);
  gst_caps_set_simple(wanted, "height", G_TYPE_INT, height, nullptr);
  g_object_set(converter->scale_caps_, "caps", wanted, nullptr);
  gst_caps_unref(wanted);
  return GST_PAD_PROBE_OK;
}

std::string VideoConverter::pipeline(const sdk::Host &config) {
  const std::string mode = one_of(config, "deinterlace-mode", modes);
  const std::string method = one_of(config, "deinterlace-method", methods);
  std::string chain = "@eater:default@ ! queue ! videoconvert";
  // I420 is what every method takes: fed a format it cannot handle (a
  // 16-bit RGB test picture), deinterlace passes frames through as they are.
  // "ffmpeg" is libavcodec's vertical filter, GStreamer's vfir (see
  // raw_av::video for why not avdeinterlace). One frame out per frame in
  // (fields=top), as raw_av::video and Flumotion: the frame rate is kept.
  if (mode != "disabled")
    chain += " ! video/x-raw,format=I420 ! deinterlace mode=" + mode +
             " method=" + (method == "ffmpeg" ? std::string("vfir") : method) +
             " fields=top";

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
    chain += std::string(" ! videoscale name=") + kScaler +
             " ! capsfilter name=" + kScaleCaps + " caps=\"video/x-raw" + scale + "\"";

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
