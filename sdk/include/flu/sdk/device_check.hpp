// A runtime check (check.hpp) that lists the capture devices GStreamer's
// device monitor finds on the worker, for the device producers:
//
//   void sources(const std::vector<std::string> &args, flu::sdk::CheckResult &r) {
//     flu::sdk::list_devices("Audio/Source", args, r);
//   }
//   ... check<sources>("devices", "...", "", flu::sdk::device_columns) ...
//
// Each row says what to put in the producer's properties: the element that
// captures from the device (source-element) and its `device` value.
#pragma once

#include <flu/sdk/check.hpp>

#include <gst/gst.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::sdk {

inline constexpr const char *device_columns[] = {"name", "element", "device", "class"};

// classes: a GstDeviceMonitor filter ("Audio/Source", "Video/Source").
inline void list_devices(const char *classes, const std::vector<std::string> &args,
                         CheckResult &result) {
  if (!args.empty())
    throw std::invalid_argument("this check takes no arguments");
  std::unique_ptr<GstDeviceMonitor, decltype(&gst_object_unref)> monitor(
      gst_device_monitor_new(), &gst_object_unref);
  gst_device_monitor_add_filter(monitor.get(), classes, nullptr);
  // start() probes every provider once, synchronously; a provider whose
  // system is absent (no PulseAudio server) just finds nothing.
  if (!gst_device_monitor_start(monitor.get()))
    throw std::runtime_error(std::string("GStreamer's device monitor cannot look for ") +
                             classes + " devices");
  GList *devices = gst_device_monitor_get_devices(monitor.get());
  gst_device_monitor_stop(monitor.get());
  std::size_t n = 0;
  for (GList *l = devices; l; l = l->next, ++n) {
    GstDevice *device = GST_DEVICE(l->data);
    gchar *name = gst_device_get_display_name(device);
    gchar *klass = gst_device_get_device_class(device);
    std::string element, value;
    if (GstElement *e = gst_device_create_element(device, nullptr)) {
      if (GstElementFactory *f = gst_element_get_factory(e))
        element = GST_OBJECT_NAME(f);
      GParamSpec *spec = g_object_class_find_property(G_OBJECT_GET_CLASS(e), "device");
      if (spec && G_PARAM_SPEC_VALUE_TYPE(spec) == G_TYPE_STRING) {
        gchar *text = nullptr;
        g_object_get(e, "device", &text, nullptr);
        value = text ? text : "";
        g_free(text);
      }
      gst_object_unref(gst_object_ref_sink(e));
    }
    result.row({name ? name : "", element, value, klass ? klass : ""});
    g_free(name);
    g_free(klass);
  }
  g_list_free_full(devices, gst_object_unref);
  result.summary(std::to_string(n) + " " + classes + " device" + (n == 1 ? "" : "s") +
                 " on this worker");
}

} // namespace flu::sdk
