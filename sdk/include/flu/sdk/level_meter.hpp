// An audio level meter in a component's UI state: what an operator watches
// to see that sound is there and not clipping. Every component that handles
// raw audio (producers, audio effects, encoders) puts a GStreamer `level`
// element where it wants the measure and keeps one LevelMeter for it.
//
//   pipeline:  "... ! level name=flu-level-audio interval=200000000 ! ..."
//   start:     meter_(host, pipeline, "flu-level-audio", "audio")
//
// It publishes, a few times a second (the element's interval; the host
// coalesces UI state to one update per 500 ms):
//   level:NAME:peak  peak per channel in dBFS, "-3.01,-3.02"
//   level:NAME:rms   RMS per channel in dBFS
// where NAME is the `name` given here (the feeder or eater it measures).
// Silence is -inf in GStreamer; it is published as -200 so the text stays a
// number.
//
// It listens to the pipeline bus's sync messages, a signal any number of
// listeners share, so the job's own bus watch is untouched. The messages
// come on the streaming thread; Host::ui_state may be called from any.
#pragma once

#include <flu/sdk.hpp>
#include <gst/gst.h>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace flu::sdk {

class LevelMeter {
public:
  LevelMeter(const Host &host, GstElement *pipeline, const char *element,
             std::string name)
      : host_(host), name_(std::move(name)) {
    level_ = gst_bin_get_by_name(GST_BIN(pipeline), element);
    if (!level_)
      throw std::runtime_error(std::string("the pipeline has no level element named ") +
                               element);
    g_object_set(level_, "post-messages", TRUE, nullptr);
    bus_ = gst_element_get_bus(pipeline);
    gst_bus_enable_sync_message_emission(bus_);
    handler_ =
        g_signal_connect(bus_, "sync-message::element", G_CALLBACK(&on_message), this);
  }
  ~LevelMeter() {
    g_signal_handler_disconnect(bus_, handler_);
    gst_bus_disable_sync_message_emission(bus_);
    gst_object_unref(bus_);
    gst_object_unref(level_);
  }
  LevelMeter(const LevelMeter &) = delete;
  LevelMeter &operator=(const LevelMeter &) = delete;

  // One channel list as published: "-3.01,-200".
  static std::string decibels(const GValue *list) {
    std::string out;
    // level still posts GValueArray in 1.22.
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    if (!list || !G_VALUE_HOLDS(list, g_value_array_get_type()))
      return out;
    const GValueArray *array = static_cast<const GValueArray *>(g_value_get_boxed(list));
    for (guint i = 0; array && i < array->n_values; ++i) {
      double db =
          g_value_get_double(g_value_array_get_nth(const_cast<GValueArray *>(array), i));
      if (!std::isfinite(db) || db < -200)
        db = -200;
      char text[32];
      const auto end = std::to_chars(text, text + sizeof text, std::round(db * 100) / 100,
                                     std::chars_format::fixed, 2);
      out += (out.empty() ? "" : ",") + std::string(text, end.ptr);
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    return out;
  }

private:
  static void on_message(GstBus *, GstMessage *message, gpointer self) {
    auto *meter = static_cast<LevelMeter *>(self);
    if (GST_MESSAGE_SRC(message) != GST_OBJECT(meter->level_))
      return;
    const GstStructure *s = gst_message_get_structure(message);
    if (!s || !gst_structure_has_name(s, "level"))
      return;
    meter->host_.ui_state("level:" + meter->name_ + ":peak",
                          decibels(gst_structure_get_value(s, "peak")));
    meter->host_.ui_state("level:" + meter->name_ + ":rms",
                          decibels(gst_structure_get_value(s, "rms")));
  }

  Host host_;
  std::string name_;
  GstElement *level_ = nullptr;
  GstBus *bus_ = nullptr;
  gulong handler_ = 0;
};

} // namespace flu::sdk
