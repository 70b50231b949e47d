// How far ahead of the pipeline's running time each eater's buffers are
// (see watch_eater_leads in flow_clock.hpp). The eaters' depayloaders are
// named flu-eater-EATER-N-depay (eater.cpp).
#include "flow_clock.hpp"
#include "steady_ms.hpp"

#include <atomic>
#include <chrono>
#include <string>

namespace flu::job {
namespace {

constexpr int64_t every_ms = 250;
constexpr std::string_view prefix = "flu-eater-";
constexpr std::string_view suffix = "-depay";

struct Lead {
  std::string key;
  std::function<void(const std::string &, const std::string &)> ui;
  std::atomic<int64_t> published_ms{0};
};

GstPadProbeReturn on_buffer(GstPad *pad, GstPadProbeInfo *info, gpointer data) {
  auto *lead = static_cast<Lead *>(data);
  const int64_t now_ms = steady_ms();
  if (now_ms - lead->published_ms.load(std::memory_order_relaxed) < every_ms)
    return GST_PAD_PROBE_OK;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!buffer || !GST_BUFFER_PTS_IS_VALID(buffer))
    return GST_PAD_PROBE_OK;
  GstElement *element = gst_pad_get_parent_element(pad);
  if (!element)
    return GST_PAD_PROBE_OK;
  if (GstClock *clock = gst_element_get_clock(element)) {
    const int64_t running =
        int64_t(gst_clock_get_time(clock)) - int64_t(gst_element_get_base_time(element));
    const int64_t lead_ns = int64_t(GST_BUFFER_PTS(buffer)) - running;
    lead->published_ms.store(now_ms, std::memory_order_relaxed);
    lead->ui(lead->key, std::to_string(lead_ns / 1000000));
    gst_object_unref(clock);
  }
  gst_object_unref(element);
  return GST_PAD_PROBE_OK;
}

} // namespace

void watch_eater_leads(GstElement *pipeline,
                       std::function<void(const std::string &, const std::string &)> ui) {
  GstIterator *it = gst_bin_iterate_recurse(GST_BIN(pipeline));
  GValue item = G_VALUE_INIT;
  while (gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    auto *element = GST_ELEMENT(g_value_get_object(&item));
    gchar *raw = gst_element_get_name(element);
    const std::string name = raw;
    g_free(raw);
    if (name.size() > prefix.size() + suffix.size() && name.starts_with(prefix) &&
        name.ends_with(suffix)) {
      if (GstPad *src = gst_element_get_static_pad(element, "src")) {
        auto *lead = new Lead{
            "clock-lead-ms:" +
                name.substr(prefix.size(), name.size() - prefix.size() - suffix.size()),
            ui};
        gst_pad_add_probe(src, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, lead,
                          [](gpointer data) { delete static_cast<Lead *>(data); });
        gst_object_unref(src);
      }
    }
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
}

} // namespace flu::job
