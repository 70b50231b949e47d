// overlay-converter: see overlay_converter.hpp.
#include "overlay_converter.hpp"

#include "builtin_logos.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace flu::modules {

namespace {

constexpr const char *kText = "flu-text";
constexpr const char *kLogo = "flu-logo";
constexpr const char *kBuiltin = "flu-builtin-logos";

BuiltinLogos builtin_logos(const sdk::Host &config) {
  return {config.boolean("fluendo-logo"), config.boolean("cc-logo"),
          config.boolean("xiph-logo")};
}

bool shows_text(const sdk::Host &config) {
  return config.boolean("show-text") && !config.string("text").empty();
}

std::string pixels(const sdk::Host &config, const char *name) {
  return std::to_string(config.integer(name, 0, 16384));
}

// Locale-independent, shortest round-trip text: what gst-launch syntax reads.
std::string decimal(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

GstElement *element(GstElement *pipeline, const char *name) {
  GstElement *e = gst_bin_get_by_name(GST_BIN(pipeline), name);
  if (!e)
    throw std::runtime_error(std::string("the pipeline has no ") + name);
  return e;
}

} // namespace

uint32_t argb_color(const std::string &text, const std::string &name) {
  std::string hex = text;
  if (hex.rfind("#", 0) == 0)
    hex = hex.substr(1);
  else if (hex.rfind("0x", 0) == 0 || hex.rfind("0X", 0) == 0)
    hex = hex.substr(2);
  uint32_t value = 0;
  const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
  if ((hex.size() != 6 && hex.size() != 8) || ec != std::errc() ||
      end != hex.data() + hex.size())
    throw std::runtime_error(name + " must be #RRGGBB or #AARRGGBB, got '" + text + "'");
  return hex.size() == 6 ? 0xFF000000u | value : value;
}

std::string OverlayConverter::pipeline(const sdk::Host &config) {
  std::string chain = "@eater:default@ ! queue ! videoconvert";
  if (shows_text(config)) {
    config.integer("font-size", 1, 1000);
    const uint32_t color = argb_color(config.string("text-color"), "text-color");
    chain += std::string(" ! textoverlay name=") + kText +
             " halignment=left valignment=top xpad=0 ypad=0 deltax=" +
             pixels(config, "text-x") + " deltay=" + pixels(config, "text-y") +
             " color=" + std::to_string(color) + " shaded-background=false";
  }
  if (config.has("logo")) {
    const std::string path = config.string("logo");
    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (!file)
      throw std::runtime_error("logo '" + path + "' cannot be read");
    unsigned char magic[8] = {};
    const size_t n = std::fread(magic, 1, sizeof magic, file);
    std::fclose(file);
    if (n != 8 || magic[0] != 0x89 || magic[1] != 'P' || magic[2] != 'N' ||
        magic[3] != 'G')
      throw std::runtime_error("logo '" + path + "' is not a PNG file");
    const double alpha = config.real("logo-alpha");
    if (!(alpha >= 0 && alpha <= 1))
      throw std::runtime_error("logo-alpha must be between 0 and 1, got " +
                               decimal(alpha));
    chain += std::string(" ! gdkpixbufoverlay name=") + kLogo +
             " offset-x=" + pixels(config, "logo-x") +
             " offset-y=" + pixels(config, "logo-y") + " alpha=" + decimal(alpha);
  }
  // Bottom left, as in Flumotion: negative offsets count from the bottom edge.
  if (builtin_logos(config).any())
    chain += std::string(" ! gdkpixbufoverlay name=") + kBuiltin +
             " offset-x=" + std::to_string(kLogoBorder) +
             " offset-y=" + std::to_string(-kLogoBorder);
  if (config.boolean("show-time"))
    chain += " ! timeoverlay time-mode=running-time halignment=right valignment=bottom "
             "font-desc=\"Monospace 16\"";
  return chain + " ! @feeder:default@";
}

OverlayConverter::OverlayConverter(const sdk::Host &config, GstElement *pipeline) {
  if (shows_text(config)) {
    GstElement *text = element(pipeline, kText);
    const std::string font =
        config.string("font") + " " + std::to_string(config.integer("font-size"));
    g_object_set(text, "text", config.string("text").c_str(), "font-desc", font.c_str(),
                 nullptr);
    gst_object_unref(text);
  }
  if (config.has("logo")) {
    GstElement *logo = element(pipeline, kLogo);
    g_object_set(logo, "location", config.string("logo").c_str(), nullptr);
    gst_object_unref(logo);
  }
  if (GdkPixbuf *logos = draw_builtin_logos(builtin_logos(config))) {
    GstElement *overlay = element(pipeline, kBuiltin);
    g_object_set(overlay, "pixbuf", logos, nullptr);
    g_object_unref(logos);
    gst_object_unref(overlay);
  }
}

} // namespace flu::modules
