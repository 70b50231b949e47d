// The GStreamer side of the hls-streamer: each eaten MPEG-TS feed is
// demuxed and cut by a splitmuxsink into keyframe-aligned MPEG-TS segments
// written to memory; each finished segment goes to the Catalog.
#pragma once

#include "playlist.hpp"

#include <gio/gio.h>
#include <gst/gst.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace flu::hls {

class Segmenter {
public:
  // The pipeline text for `feeds` eaten feeds cut at `target_seconds`.
  static std::string pipeline(uint32_t feeds, uint32_t target_seconds);

  using Warn = std::function<void(const std::string &)>;
  Segmenter(GstElement *pipeline, Catalog &catalog, uint32_t feeds, Warn warn);
  ~Segmenter();
  Segmenter(const Segmenter &) = delete;
  Segmenter &operator=(const Segmenter &) = delete;

private:
  struct Rendition {
    Segmenter *owner = nullptr;
    size_t index = 0;
    GstElement *split = nullptr; // splitmuxsink
    GstElement *sink = nullptr;  // its giostreamsink
    GstElement *video = nullptr; // parsers, for the caps the master lists
    GstElement *audio = nullptr;
    gulong location_handler = 0;
    // Guarded by the Segmenter's mutex: the fragment being written.
    GOutputStream *stream = nullptr;
    GstClockTime opened = GST_CLOCK_TIME_NONE;
  };

  static gchar *on_format_location(GstElement *split, guint id, gpointer data);
  static void on_message(GstBus *bus, GstMessage *message, gpointer data);
  void closed(Rendition &r, GstClockTime end);
  StreamInfo info(const Rendition &r) const;

  Catalog &catalog_;
  Warn warn_;
  GstBus *bus_ = nullptr;
  gulong bus_handler_ = 0;
  std::mutex mutex_;
  std::vector<Rendition> renditions_;
};

} // namespace flu::hls
