// A capture device's failure in words an operator can act on: the job's own
// note says only which element failed and GStreamer's sentence ("Could not
// open audio device for recording."), which does not say which device. A
// producer that captures from a device keeps one DeviceErrors on its source
// element; the first error that element posts becomes an error message
// (which turns the component sad) naming the device:
//
//   pipeline:  "alsasrc name=" + sdk::device_element + " device=" +
//              sdk::launch_quoted("hw:1") + " ! ..."
//   start:     errors_(host, pipeline, "sound card 'hw:1' (alsasrc)")
//
//   -> "sound card 'hw:1' (alsasrc): Could not open audio device for
//       recording. (Recording open error on device 'hw:1': No such file or
//       directory)"
//
// GStreamer's debug text is "file(line): function (): /path:\nDETAIL"; the
// detail, when there is one, is what the element knew (errno, the device's
// answer) and is kept. Only the first error is reported: the ones after it
// ("Internal data stream error") are its consequences.
//
// Like LevelMeter, it listens to the bus's sync messages, so the job's own
// watch is untouched; Host::message may be called from any thread.
#pragma once

#include <flu/sdk.hpp>
#include <gst/gst.h>

#include <atomic>
#include <stdexcept>
#include <string>

namespace flu::sdk {

// The name a producer gives its device element ("flu-device"), which
// DeviceErrors watches unless told another.
inline constexpr const char *device_element = "flu-device";

// A value for gst-launch text, quoted (a device path or name may hold
// spaces): "hw:1" -> "\"hw:1\"", with " and \ escaped.
inline std::string launch_quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

class DeviceErrors {
public:
  // Watches the element named device_element.
  DeviceErrors(const Host &host, GstElement *pipeline, std::string device)
      : DeviceErrors(host, pipeline, device_element, std::move(device)) {}
  DeviceErrors(const Host &host, GstElement *pipeline, const char *element,
               std::string device)
      : host_(host), device_(std::move(device)) {
    element_ = gst_bin_get_by_name(GST_BIN(pipeline), element);
    if (!element_)
      throw std::runtime_error(std::string("the pipeline has no device element named ") +
                               element);
    bus_ = gst_element_get_bus(pipeline);
    gst_bus_enable_sync_message_emission(bus_);
    handler_ =
        g_signal_connect(bus_, "sync-message::error", G_CALLBACK(&on_message), this);
  }
  ~DeviceErrors() {
    g_signal_handler_disconnect(bus_, handler_);
    gst_bus_disable_sync_message_emission(bus_);
    gst_object_unref(bus_);
    gst_object_unref(element_);
  }
  DeviceErrors(const DeviceErrors &) = delete;
  DeviceErrors &operator=(const DeviceErrors &) = delete;

  // The device's words: GStreamer's message, then the element's detail.
  static std::string describe(const GError *error, const char *debug) {
    std::string text = error && error->message ? error->message : "unknown error";
    const std::string more = debug ? debug : "";
    const auto line = more.find('\n');
    if (line != std::string::npos && line + 1 < more.size())
      text += " (" + more.substr(line + 1) + ")";
    return text;
  }

private:
  static void on_message(GstBus *, GstMessage *message, gpointer self) {
    auto *me = static_cast<DeviceErrors *>(self);
    if (GST_MESSAGE_SRC(message) != GST_OBJECT(me->element_) ||
        me->reported_.exchange(true))
      return;
    GError *error = nullptr;
    gchar *debug = nullptr;
    gst_message_parse_error(message, &error, &debug);
    me->host_.message(FLU_MESSAGE_ERROR, "device-error",
                      me->device_ + ": " + describe(error, debug));
    g_clear_error(&error);
    g_free(debug);
  }

  Host host_;
  std::string device_;
  GstElement *element_ = nullptr;
  GstBus *bus_ = nullptr;
  gulong handler_ = 0;
  std::atomic<bool> reported_{false};
};

} // namespace flu::sdk
