// The segmenter (see segmenter.hpp).
//
// MPEG-TS: why splitmuxsink: it cuts at the first video keyframe after
// max-size-time, so every segment starts with one, and it restarts its
// muxer per segment, so every segment starts with PAT/PMT and plays alone.
// Keyframe requests (send-keyframe-requests) cannot reach an encoder in
// another job through a feed: the encoders' keyframe interval must fit the
// target duration instead. hlssink2 wraps the same element but writes its
// own playlist and files; the streamer needs its own playlist (window,
// master, keys), so it uses splitmuxsink directly with a giostreamsink
// writing to memory: no disk is touched.
//
// Fragmented MP4: splitmuxsink would restart mp4mux, and with it the
// timestamps, every segment, and GStreamer 1.22 has no cmafmux. So one
// mp4mux per rendition runs on (fragment-duration = the target: it also
// starts a fragment at every keyframe), and Fmp4Cutter cuts its output at
// the fragment before a keyframe. The keyframe is known by a
// GstReferenceTimestampMeta put on it before the muxer, which the muxer
// keeps on the sample it pushes.
#include "segmenter.hpp"

#include <gio/gio.h>

#include <stdexcept>
#include <utility>

namespace flu::hls {

namespace {

std::string ts_branch(const std::string &n, const std::string &max_time) {
  const std::string split = "flu-hls-split-" + n;
  return "splitmuxsink name=" + split +
         " muxer-factory=mpegtsmux send-keyframe-requests=false async-finalize=false "
         "max-size-time=" +
         max_time + " flu-hls-demux-" + n + ". ! h264parse name=flu-hls-video-" + n +
         " ! queue ! " + split + ".video flu-hls-demux-" + n +
         ". ! aacparse name=flu-hls-audio-" + n + " ! queue ! " + split + ".audio_0 ";
}

std::string fmp4_branch(const std::string &n, uint32_t target_seconds) {
  const std::string mux = "flu-hls-mux-" + n;
  return "mp4mux name=" + mux +
         " streamable=true fragment-duration=" + std::to_string(target_seconds * 1000) +
         " ! fakesink name=flu-hls-out-" + n + " sync=false async=false flu-hls-demux-" +
         n + ". ! h264parse name=flu-hls-video-" + n + " ! queue name=flu-hls-marks-" +
         n + " ! " + mux + ".video_0 flu-hls-demux-" + n +
         ". ! aacparse name=flu-hls-audio-" + n + " ! queue ! " + mux + ".audio_0 ";
}

} // namespace

std::string Segmenter::pipeline(uint32_t feeds, uint32_t target_seconds,
                                SegmentFormat format) {
  std::string out;
  const std::string max_time = std::to_string(uint64_t{target_seconds} * GST_SECOND);
  for (uint32_t i = 0; i < feeds; ++i) {
    const std::string n = std::to_string(i);
    out += "@eater:default:" + n + "@ ! tsdemux name=flu-hls-demux-" + n + " ";
    out += format == SegmentFormat::fmp4 ? fmp4_branch(n, target_seconds)
                                         : ts_branch(n, max_time);
  }
  return out;
}

Segmenter::Segmenter(GstElement *pipeline, Catalog &catalog, uint32_t feeds,
                     uint32_t target_seconds, SegmentFormat format, Warn warn)
    : catalog_(catalog), warn_(std::move(warn)), renditions_(feeds) {
  auto find = [pipeline](const std::string &name) {
    GstElement *e = gst_bin_get_by_name(GST_BIN(pipeline), name.c_str());
    if (!e)
      throw std::runtime_error("the pipeline has no " + name);
    gst_object_unref(e); // the pipeline keeps it as long as we do
    return e;
  };
  mark_ = gst_caps_new_empty_simple("timestamp/x-flu-hls-keyframe");
  for (uint32_t i = 0; i < feeds; ++i) {
    Rendition &r = renditions_[i];
    const std::string n = std::to_string(i);
    r.owner = this;
    r.index = i;
    r.video = find("flu-hls-video-" + n);
    r.audio = find("flu-hls-audio-" + n);
    if (format == SegmentFormat::fmp4) {
      r.cutter = std::make_unique<Fmp4Cutter>(
          uint64_t{target_seconds} * GST_SECOND,
          [this, &r](std::string init) {
            if (init.empty())
              warn_("rendition " + std::to_string(r.index) +
                    ": mp4mux gave no ftyp and moov before its first fragment");
            catalog_.set_init(r.index, std::move(init));
          },
          [this, &r](double seconds, std::string bytes) {
            add(r, seconds, std::move(bytes));
          });
      r.marked = gst_element_get_static_pad(find("flu-hls-marks-" + n), "src");
      r.mark_probe = gst_pad_add_probe(r.marked, GST_PAD_PROBE_TYPE_BUFFER,
                                       &mark_keyframe, this, nullptr);
      r.muxed = gst_element_get_static_pad(find("flu-hls-out-" + n), "sink");
      r.cut_probe =
          gst_pad_add_probe(r.muxed, GST_PAD_PROBE_TYPE_BUFFER, &cut, &r, nullptr);
      continue;
    }
    r.split = find("flu-hls-split-" + n);
    r.sink = gst_element_factory_make("giostreamsink", nullptr);
    if (!r.sink)
      throw std::runtime_error(
          "GStreamer's giostreamsink (gst-plugins-base gio) is missing");
    g_object_set(r.split, "sink", r.sink, nullptr); // takes the floating ref
    r.location_handler =
        g_signal_connect(r.split, "format-location", G_CALLBACK(&on_format_location), &r);
  }
  bus_ = gst_element_get_bus(pipeline);
  gst_bus_enable_sync_message_emission(bus_);
  bus_handler_ =
      g_signal_connect(bus_, "sync-message::element", G_CALLBACK(&on_message), this);
}

Segmenter::~Segmenter() {
  g_signal_handler_disconnect(bus_, bus_handler_);
  gst_bus_disable_sync_message_emission(bus_);
  gst_object_unref(bus_);
  for (auto &r : renditions_) {
    if (r.split)
      g_signal_handler_disconnect(r.split, r.location_handler);
    if (r.stream)
      g_object_unref(r.stream);
    if (r.marked) {
      gst_pad_remove_probe(r.marked, r.mark_probe);
      gst_object_unref(r.marked);
    }
    if (r.muxed) {
      // Removing the probe waits for a running one to finish.
      gst_pad_remove_probe(r.muxed, r.cut_probe);
      gst_object_unref(r.muxed);
    }
  }
  gst_caps_unref(mark_);
}

// Before the muxer: a video keyframe gets the mark the cutter looks for.
GstPadProbeReturn Segmenter::mark_keyframe(GstPad *, GstPadProbeInfo *info,
                                           gpointer data) {
  auto *self = static_cast<Segmenter *>(data);
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_PAD_PROBE_OK;
  buffer = gst_buffer_make_writable(buffer);
  gst_buffer_add_reference_timestamp_meta(buffer, self->mark_, GST_BUFFER_PTS(buffer),
                                          GST_CLOCK_TIME_NONE);
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  return GST_PAD_PROBE_OK;
}

// After the muxer (its streaming thread): every buffer to the cutter.
GstPadProbeReturn Segmenter::cut(GstPad *, GstPadProbeInfo *info, gpointer data) {
  auto &r = *static_cast<Rendition *>(data);
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ))
    return GST_PAD_PROBE_OK;
  const std::string_view bytes(reinterpret_cast<const char *>(map.data), map.size);
  if (GST_BUFFER_PTS_IS_VALID(buffer)) {
    const bool keyframe =
        gst_buffer_get_reference_timestamp_meta(buffer, r.owner->mark_) != nullptr;
    r.cutter->sample(bytes, GST_BUFFER_PTS(buffer), keyframe);
  } else if (!r.cutter->box(bytes) && !std::exchange(r.warned, true)) {
    r.owner->warn_("rendition " + std::to_string(r.index) +
                   ": mp4mux pushed a buffer that is no box the segmenter knows (" +
                   std::to_string(map.size) + " bytes); left out");
  }
  gst_buffer_unmap(buffer, &map);
  return GST_PAD_PROBE_OK;
}

// Called (on a streaming thread, the sink stopped) before each fragment.
gchar *Segmenter::on_format_location(GstElement *, guint, gpointer data) {
  auto &r = *static_cast<Rendition *>(data);
  GOutputStream *stream = g_memory_output_stream_new_resizable();
  g_object_set(r.sink, "stream", stream, nullptr);
  std::lock_guard lock(r.owner->mutex_);
  if (r.stream)
    g_object_unref(r.stream); // a fragment that never closed
  r.stream = stream;
  return nullptr; // the giostreamsink has no location to set
}

void Segmenter::on_message(GstBus *, GstMessage *message, gpointer data) {
  auto *self = static_cast<Segmenter *>(data);
  const GstStructure *s = gst_message_get_structure(message);
  if (!s)
    return;
  const bool opened = gst_structure_has_name(s, "splitmuxsink-fragment-opened");
  if (!opened && !gst_structure_has_name(s, "splitmuxsink-fragment-closed"))
    return;
  for (auto &r : self->renditions_) {
    if (!r.split || GST_MESSAGE_SRC(message) != GST_OBJECT(r.split))
      continue;
    guint64 time = GST_CLOCK_TIME_NONE;
    gst_structure_get_uint64(s, "running-time", &time);
    if (opened) {
      std::lock_guard lock(self->mutex_);
      r.opened = time;
    } else {
      self->closed(r, time);
    }
  }
}

void Segmenter::closed(Rendition &r, GstClockTime end) {
  std::string bytes;
  double seconds = 0;
  {
    std::lock_guard lock(mutex_);
    if (!r.stream)
      return;
    auto *memory = G_MEMORY_OUTPUT_STREAM(r.stream);
    const auto *data = static_cast<const char *>(g_memory_output_stream_get_data(memory));
    bytes.assign(data ? data : "", g_memory_output_stream_get_data_size(memory));
    g_object_unref(r.stream);
    r.stream = nullptr;
    if (GST_CLOCK_TIME_IS_VALID(r.opened) && GST_CLOCK_TIME_IS_VALID(end) &&
        end > r.opened)
      seconds = static_cast<double>(end - r.opened) / GST_SECOND;
  }
  add(r, seconds, std::move(bytes));
}

void Segmenter::add(Rendition &r, double seconds, std::string bytes) {
  if (bytes.empty() || seconds <= 0) {
    warn_("rendition " + std::to_string(r.index) + ": an empty segment was dropped");
    return;
  }
  catalog_.set_info(r.index, info(r));
  catalog_.add_segment(r.index, seconds, std::move(bytes));
}
StreamInfo Segmenter::info(const Rendition &r) const {
  StreamInfo out;
  auto caps_of = [](GstElement *parser) {
    GstPad *pad = gst_element_get_static_pad(parser, "src");
    GstCaps *caps = gst_pad_get_current_caps(pad);
    gst_object_unref(pad);
    return caps;
  };
  auto field = [](const GstStructure *s, const char *name) {
    const char *v = gst_structure_get_string(s, name);
    return std::string(v ? v : "");
  };
  if (GstCaps *caps = caps_of(r.video)) {
    const GstStructure *s = gst_caps_get_structure(caps, 0);
    gst_structure_get_int(s, "width", &out.width);
    gst_structure_get_int(s, "height", &out.height);
    out.video_codec = h264_codec(field(s, "profile"), field(s, "level"));
    gst_caps_unref(caps);
  }
  if (GstCaps *caps = caps_of(r.audio)) {
    out.audio_codec = aac_codec(field(gst_caps_get_structure(caps, 0), "profile"));
    gst_caps_unref(caps);
  }
  return out;
}

} // namespace flu::hls
