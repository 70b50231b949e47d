// The GStreamer side of the hls-streamer: each eaten MPEG-TS feed is
// demuxed and cut into keyframe-aligned segments kept in memory, each
// finished segment going to the Catalog. MPEG-TS segments come from a
// splitmuxsink; fragmented MP4 from one continuous mp4mux per rendition,
// cut by an Fmp4Cutter.
#pragma once

#include "fmp4_cutter.hpp"
#include "playlist.hpp"

#include <gio/gio.h>
#include <gst/gst.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace flu::hls {

class Segmenter {
public:
  // The pipeline text for `feeds` eaten feeds cut at `target_seconds`.
  static std::string pipeline(uint32_t feeds, uint32_t target_seconds,
                              SegmentFormat format);

  using Warn = std::function<void(const std::string &)>;
  Segmenter(GstElement *pipeline, Catalog &catalog, uint32_t feeds,
            uint32_t target_seconds, SegmentFormat format, Warn warn);
  ~Segmenter();
  Segmenter(const Segmenter &) = delete;
  Segmenter &operator=(const Segmenter &) = delete;

private:
  struct Rendition {
    Segmenter *owner = nullptr;
    size_t index = 0;
    GstElement *video = nullptr; // parsers, for the caps the master lists
    GstElement *audio = nullptr;
    // MPEG-TS
    GstElement *split = nullptr; // splitmuxsink
    GstElement *sink = nullptr;  // its giostreamsink
    gulong location_handler = 0;
    // Guarded by the Segmenter's mutex: the fragment being written.
    GOutputStream *stream = nullptr;
    GstClockTime opened = GST_CLOCK_TIME_NONE;
    // Fragmented MP4: probes before the muxer (marking keyframes) and after
    // it (the cutter's input), on the muxer's streaming thread.
    GstPad *marked = nullptr;
    GstPad *muxed = nullptr;
    gulong mark_probe = 0;
    gulong cut_probe = 0;
    std::unique_ptr<Fmp4Cutter> cutter;
    bool warned = false;
  };

  static gchar *on_format_location(GstElement *split, guint id, gpointer data);
  static void on_message(GstBus *bus, GstMessage *message, gpointer data);
  static GstPadProbeReturn mark_keyframe(GstPad *, GstPadProbeInfo *info, gpointer);
  static GstPadProbeReturn cut(GstPad *, GstPadProbeInfo *info, gpointer data);
  void closed(Rendition &r, GstClockTime end);
  void add(Rendition &r, double seconds, std::string bytes);
  StreamInfo info(const Rendition &r) const;

  Catalog &catalog_;
  Warn warn_;
  GstBus *bus_ = nullptr;
  gulong bus_handler_ = 0;
  std::mutex mutex_;
  GstCaps *mark_ = nullptr; // on video keyframes before the muxer
  std::vector<Rendition> renditions_;
};

} // namespace flu::hls
