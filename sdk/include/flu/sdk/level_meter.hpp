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
//
// A component that learns only from its caps whether it handles raw audio
// (a switch, a gst-launch fragment) cannot put a `level` element in its
// pipeline: fed video, it would not link. It keeps a LevelTap instead (below).
#pragma once

#include <flu/sdk.hpp>
#include <gst/gst.h>

#include <atomic>
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

  // Publishes a `level` element's message as level:NAME:peak/rms; false
  // when `message` is not one.
  static bool publish(const Host &host, const std::string &name, GstElement *level,
                      GstMessage *message) {
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT ||
        GST_MESSAGE_SRC(message) != GST_OBJECT(level))
      return false;
    const GstStructure *s = gst_message_get_structure(message);
    if (!s || !gst_structure_has_name(s, "level"))
      return false;
    host.ui_state("level:" + name + ":peak",
                  decibels(gst_structure_get_value(s, "peak")));
    host.ui_state("level:" + name + ":rms", decibels(gst_structure_get_value(s, "rms")));
    return true;
  }

private:
  static void on_message(GstBus *, GstMessage *message, gpointer self) {
    auto *meter = static_cast<LevelMeter *>(self);
    publish(meter->host_, meter->name_, meter->level_, message);
  }

  Host host_;
  std::string name_;
  GstElement *level_ = nullptr;
  GstBus *bus_ = nullptr;
  gulong handler_ = 0;
};

// The level meter of a component that learns from its caps whether it
// handles raw audio: it watches what leaves `element` (its src pad) and,
// while the caps there are raw audio, meters a reference to each buffer in
// a pipeline of its own (appsrc ! audioconvert ! level ! fakesink), whose
// messages it publishes as LevelMeter does and never leaves on a bus. Fed
// anything else it publishes nothing. The component's pipeline gets no
// element and no wait: the side pipeline drops what it cannot take at once.
//
//   pipeline:  "... ! " + LevelTap::pass_through() + " ! @feeder:default@"
//   start:     tap_(host, pipeline, LevelTap::element, "default")
class LevelTap {
public:
  // The name of the pass-through a gst-launch fragment ends with to be
  // metered, and that pass-through.
  static constexpr const char *element = "flu-level-tap";
  static std::string pass_through() {
    return std::string("identity name=") + element + " silent=true";
  }

  LevelTap(const Host &host, GstElement *pipeline, const char *element, std::string name)
      : host_(host), name_(std::move(name)) {
    GstElement *tapped = gst_bin_get_by_name(GST_BIN(pipeline), element);
    if (!tapped)
      throw std::runtime_error(std::string("the pipeline has no element named ") +
                               element);
    pad_ = gst_element_get_static_pad(tapped, "src");
    gst_object_unref(tapped);
    if (!pad_)
      throw std::runtime_error(std::string(element) + " has no src pad to meter");
    GError *error = nullptr;
    // leaky-type=downstream: a full queue drops the newest buffer rather
    // than block the component's streaming thread.
    side_ = gst_parse_launch("appsrc name=src format=time leaky-type=downstream ! "
                             "audioconvert ! level name=level interval=200000000 "
                             "post-messages=true ! fakesink sync=false async=false",
                             &error);
    if (!side_) {
      const std::string why = error ? error->message : "unknown error";
      g_clear_error(&error);
      gst_object_unref(pad_);
      throw std::runtime_error("cannot make the level meter's pipeline: " + why);
    }
    g_clear_error(&error);
    src_ = gst_bin_get_by_name(GST_BIN(side_), "src");
    level_ = gst_bin_get_by_name(GST_BIN(side_), "level");
    GstBus *bus = gst_element_get_bus(side_);
    gst_bus_set_sync_handler(bus, &on_message, this, nullptr);
    gst_object_unref(bus);
    gst_element_set_state(side_, GST_STATE_PLAYING);
    probe_ = gst_pad_add_probe(pad_,
                               GstPadProbeType(GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
                                               GST_PAD_PROBE_TYPE_BUFFER |
                                               GST_PAD_PROBE_TYPE_BUFFER_LIST),
                               &on_data, this, nullptr);
  }
  ~LevelTap() {
    gst_pad_remove_probe(pad_, probe_);
    gst_object_unref(pad_);
    gst_element_set_state(side_, GST_STATE_NULL);
    GstBus *bus = gst_element_get_bus(side_);
    gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
    gst_object_unref(bus);
    gst_object_unref(level_);
    gst_object_unref(src_);
    gst_object_unref(side_);
  }
  LevelTap(const LevelTap &) = delete;
  LevelTap &operator=(const LevelTap &) = delete;

private:
  static GstPadProbeReturn on_data(GstPad *, GstPadProbeInfo *info, gpointer self) {
    auto *tap = static_cast<LevelTap *>(self);
    if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
      if (GST_EVENT_TYPE(event) == GST_EVENT_CAPS) {
        GstCaps *caps = nullptr;
        gst_event_parse_caps(event, &caps);
        const bool audio =
            caps && gst_caps_get_size(caps) > 0 &&
            gst_structure_has_name(gst_caps_get_structure(caps, 0), "audio/x-raw");
        if (audio)
          g_object_set(tap->src_, "caps", caps, nullptr);
        tap->audio_.store(audio);
      }
    } else if (tap->audio_.load()) {
      // The signals take a reference of their own; the buffer goes on.
      GstFlowReturn ignored = GST_FLOW_OK;
      if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
        g_signal_emit_by_name(tap->src_, "push-buffer", GST_PAD_PROBE_INFO_BUFFER(info),
                              &ignored);
      else
        g_signal_emit_by_name(tap->src_, "push-buffer-list",
                              GST_PAD_PROBE_INFO_BUFFER_LIST(info), &ignored);
    }
    return GST_PAD_PROBE_OK;
  }

  // Every message of the side pipeline ends here (nobody pops its bus):
  // levels are published, an error is logged once.
  static GstBusSyncReply on_message(GstBus *, GstMessage *message, gpointer self) {
    auto *tap = static_cast<LevelTap *>(self);
    if (!LevelMeter::publish(tap->host_, tap->name_, tap->level_, message) &&
        GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR && !tap->failed_.exchange(true)) {
      GError *error = nullptr;
      gst_message_parse_error(message, &error, nullptr);
      tap->host_.log(FLU_LOG_WARNING, "level meter " + tap->name_ + " stopped: " +
                                          (error ? error->message : "unknown error"));
      g_clear_error(&error);
    }
    return GST_BUS_DROP;
  }

  Host host_;
  std::string name_;
  GstPad *pad_ = nullptr;
  gulong probe_ = 0;
  GstElement *side_ = nullptr;
  GstElement *src_ = nullptr;
  GstElement *level_ = nullptr;
  std::atomic<bool> audio_{false};
  std::atomic<bool> failed_{false};
};

} // namespace flu::sdk
