// screencast-producer: see screencast_producer.hpp.
#include "screencast_producer.hpp"

#include <flu/sdk/raw_av.hpp>

#include <cstdlib>
#include <stdexcept>

namespace flu::modules {
namespace {

// "100x80+50+40" as X geometry, or "320x... from +50+40" without a size.
std::string region(const sdk::Host &config) {
  const auto side = [&](const char *name) {
    return config.has(name) ? config.string(name) : std::string("(edge)");
  };
  return side("width") + "x" + side("height") + "+" + config.string("x-offset") + "+" +
         config.string("y-offset");
}

} // namespace

std::string screencast_display(const sdk::Host &config) {
  if (config.has("display"))
    return config.string("display");
  const char *display = std::getenv("DISPLAY");
  if (!display || !*display)
    throw std::runtime_error("no X display to capture: set the display property (:0) or "
                             "DISPLAY in the worker's environment");
  return display;
}

std::string ScreencastProducer::pipeline(const sdk::Host &config) {
  const std::string display = screencast_display(config);
  const int64_t x = config.integer("x-offset", 0, 65535);
  const int64_t y = config.integer("y-offset", 0, 65535);
  // ximagesrc's end coordinates are inclusive; 0 is the screen's edge.
  std::string text = "ximagesrc name=" + std::string(sdk::device_element) +
                     " display-name=" + sdk::launch_quoted(display) +
                     " use-damage=false" +
                     " show-pointer=" + (config.boolean("cursor") ? "true" : "false") +
                     " startx=" + std::to_string(x) + " starty=" + std::to_string(y);
  if (config.has("width"))
    text += " endx=" + std::to_string(x + config.integer("width", 1, 16384) - 1);
  if (config.has("height"))
    text += " endy=" + std::to_string(y + config.integer("height", 1, 16384) - 1);
  // The rate asked of ximagesrc itself, so it grabs no frame it would drop.
  const sdk::Fraction rate = config.fraction("framerate");
  if (rate.numerator < 1 || rate.denominator < 1)
    throw std::runtime_error("framerate must be positive, got " +
                             config.string("framerate"));
  text += " ! video/x-raw,framerate=" + std::to_string(rate.numerator) + "/" +
          std::to_string(rate.denominator) + " ! ";
  return text + sdk::raw_av::video(config) + "@feeder:default@";
}

ScreencastProducer::ScreencastProducer(const sdk::Host &host, GstElement *pipeline)
    : host_(host), errors_(host, pipeline,
                           "X display '" + screencast_display(host) + "' (ximagesrc)") {
  GstElement *source = gst_bin_get_by_name(GST_BIN(pipeline), sdk::device_element);
  GstPad *pad = gst_element_get_static_pad(source, "src");
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, &on_event, this, nullptr);
  gst_object_unref(pad);
  gst_object_unref(source);
}

// ximagesrc replaces a region that does not fit the screen by the whole
// screen, saying nothing: its caps then have the screen's size, not the
// region's.
GstPadProbeReturn ScreencastProducer::on_event(GstPad *, GstPadProbeInfo *info,
                                               gpointer self) {
  auto *me = static_cast<ScreencastProducer *>(self);
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  GstCaps *caps = nullptr;
  gst_event_parse_caps(event, &caps);
  const GstStructure *s = gst_caps_get_structure(caps, 0);
  int width = 0, height = 0;
  gst_structure_get_int(s, "width", &width);
  gst_structure_get_int(s, "height", &height);
  const sdk::Host &host = me->host_;
  const bool fits = (!host.has("width") || width == host.integer("width")) &&
                    (!host.has("height") || height == host.integer("height"));
  if (!fits && !me->reported_.exchange(true))
    host.message(FLU_MESSAGE_ERROR, "region",
                 "region " + region(host) + " does not fit X display '" +
                     screencast_display(host) + "' (" + std::to_string(width) + "x" +
                     std::to_string(height) + ")");
  return GST_PAD_PROBE_OK;
}

} // namespace flu::modules
