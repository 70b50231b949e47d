// jpeg-encoder: see jpeg_encoder.hpp.
#include "jpeg_encoder.hpp"

#include <charconv>
#include <stdexcept>

namespace flu::modules {

namespace {
constexpr const char *kEncoder = "flu-jpegenc";
}

std::string JpegEncoder::pipeline(const sdk::Host &config) {
  const int64_t quality = config.integer("quality", 0, 100);
  std::string rate;
  if (config.has("framerate")) {
    const sdk::Fraction f = config.fraction("framerate");
    if (f.numerator <= 0 || f.denominator <= 0)
      throw std::runtime_error("framerate must be a positive fraction such as 5/1, got " +
                               config.string("framerate"));
    rate = " ! videorate ! video/x-raw,framerate=" + std::to_string(f.numerator) + "/" +
           std::to_string(f.denominator);
  }
  return "@eater:default@ ! queue ! videoconvert" + rate + " ! jpegenc name=" + kEncoder +
         " quality=" + std::to_string(quality) + " ! @feeder:default@";
}

JpegEncoder::JpegEncoder(const sdk::Host &config, GstElement *pipeline)
    : host_(config), encoder_(gst_bin_get_by_name(GST_BIN(pipeline), kEncoder)) {
  if (!encoder_)
    throw std::runtime_error(std::string("the pipeline has no ") + kEncoder);
  publish();
}

JpegEncoder::~JpegEncoder() { gst_object_unref(encoder_); }

int JpegEncoder::quality() const {
  gint value = 0;
  g_object_get(encoder_, "quality", &value, nullptr);
  return value;
}

void JpegEncoder::publish() const {
  host_.ui_state("quality", std::to_string(quality()));
}

std::string JpegEncoder::invoke(const std::string &method,
                                const std::vector<std::string> &args) {
  if (method == "quality" && args.empty())
    return std::to_string(quality());
  if (method == "set-quality" && args.size() == 1) {
    int value = -1;
    const std::string &text = args[0];
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 100)
      throw std::runtime_error("set-quality wants a whole number from 0 to 100, got '" +
                               text + "'");
    g_object_set(encoder_, "quality", value, nullptr);
    publish();
    host_.log(FLU_LOG_INFO, "quality set to " + std::to_string(quality()));
    return std::to_string(quality());
  }
  throw std::runtime_error("no method '" + method + "' with " +
                           std::to_string(args.size()) +
                           " arguments; there are: set-quality 0-100, quality");
}

} // namespace flu::modules
