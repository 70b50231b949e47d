// Remux: see remux.hpp.
#include "remux.hpp"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <string>

namespace flu::modules {
namespace {

// One connection's state, owned by its inner pipeline.
struct State {
  Remux *remux = nullptr;
  GstElement *inner = nullptr;
  std::mutex mutex;
  GstElement *muxer = nullptr;
  bool bare_linked = false;
  bool shifted = false; // the connection's shift is known
  GstClockTimeDiff shift = 0;
};

GstClockTime moved(GstClockTime t, GstClockTimeDiff shift) {
  if (!GST_CLOCK_TIME_IS_VALID(t))
    return t;
  const GstClockTimeDiff to = static_cast<GstClockTimeDiff>(t) + shift;
  return to < 0 ? 0 : static_cast<GstClockTime>(to);
}

// Shifts a stream's buffers by the connection's shift (fixed at its first
// buffer, whichever stream it is on).
GstPadProbeReturn shift_buffer(GstPad *pad, GstPadProbeInfo *info, gpointer data) {
  auto *state = static_cast<State *>(data);
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  const GstClockTime stamp =
      GST_BUFFER_DTS_IS_VALID(buffer) ? GST_BUFFER_DTS(buffer) : GST_BUFFER_PTS(buffer);
  if (!GST_CLOCK_TIME_IS_VALID(stamp))
    return GST_PAD_PROBE_OK;
  GstClockTimeDiff shift = 0;
  {
    std::lock_guard lock(state->mutex);
    if (!state->shifted) {
      GstEvent *event = gst_pad_get_sticky_event(pad, GST_EVENT_SEGMENT, 0);
      const GstSegment *segment = nullptr;
      if (event)
        gst_event_parse_segment(event, &segment);
      const GstClockTime running =
          segment ? gst_segment_to_running_time(segment, GST_FORMAT_TIME, stamp) : stamp;
      state->shift =
          state->remux->shift_for(GST_CLOCK_TIME_IS_VALID(running) ? running : stamp);
      state->shifted = true;
      if (event)
        gst_event_unref(event);
    }
    shift = state->shift;
  }
  buffer = gst_buffer_make_writable(buffer);
  GST_BUFFER_PTS(buffer) = moved(GST_BUFFER_PTS(buffer), shift);
  GST_BUFFER_DTS(buffer) = moved(GST_BUFFER_DTS(buffer), shift);
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  const GstClockTime last =
      GST_BUFFER_PTS_IS_VALID(buffer) ? GST_BUFFER_PTS(buffer) : GST_BUFFER_DTS(buffer);
  state->remux->ended(
      GST_BUFFER_DURATION_IS_VALID(buffer) ? last + GST_BUFFER_DURATION(buffer) : last);
  return GST_PAD_PROBE_OK;
}

std::string container(GstElement *inner) {
  GstElement *typefind = gst_bin_get_by_name(GST_BIN(inner), "flu-type");
  GstCaps *caps = nullptr;
  if (typefind) {
    g_object_get(typefind, "caps", &caps, nullptr);
    gst_object_unref(typefind);
  }
  std::string name = caps ? gst_structure_get_name(gst_caps_get_structure(caps, 0)) : "";
  if (caps)
    gst_caps_unref(caps);
  return name;
}

GstElement *streamable(const char *factory) {
  GstElement *muxer = gst_element_factory_make(factory, nullptr);
  if (muxer)
    g_object_set(muxer, "streamable", TRUE, nullptr);
  return muxer;
}

GstElement *muxer_for(const std::string &type) {
  if (type == "video/webm" || type == "audio/webm")
    return streamable("webmmux");
  if (type == "video/x-matroska" || type == "audio/x-matroska")
    return streamable("matroskamux");
  if (type == "application/ogg" || type == "audio/ogg" || type == "video/ogg")
    return gst_element_factory_make("oggmux", nullptr);
  return nullptr; // a bare stream: no container to rebuild
}

GstPad *out_pad(GstElement *inner) {
  GstElement *out = gst_bin_get_by_name(GST_BIN(inner), "flu-out");
  GstPad *pad = gst_element_get_static_pad(out, "sink");
  gst_object_unref(out);
  return pad;
}

// parsebin adds every pad of the stream before it lets data through any of
// them, so each is linked here, on the muxer made at the first, before the
// muxer writes its headers.
void on_pad(GstElement *, GstPad *pad, State *state) {
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, &shift_buffer, state, nullptr);
  std::lock_guard lock(state->mutex);
  GstBin *bin = GST_BIN(state->inner);
  if (!state->muxer && !state->bare_linked) {
    state->muxer = muxer_for(container(state->inner));
    GstPad *sink = out_pad(state->inner);
    if (state->muxer) {
      gst_bin_add(bin, state->muxer);
      GstPad *src = gst_element_get_static_pad(state->muxer, "src");
      gst_pad_link(src, sink);
      gst_object_unref(src);
      gst_element_sync_state_with_parent(state->muxer);
    } else {
      gst_pad_link(pad, sink);
      state->bare_linked = true;
    }
    gst_object_unref(sink);
    if (!state->muxer)
      return;
  }
  if (!state->muxer)
    return; // a bare stream carries one elementary stream only
  GstElement *queue = gst_element_factory_make("queue", nullptr);
  gst_bin_add(bin, queue);
  GstPad *queue_sink = gst_element_get_static_pad(queue, "sink");
  gst_pad_link(pad, queue_sink);
  gst_object_unref(queue_sink);
  gst_element_link(queue, state->muxer);
  gst_element_sync_state_with_parent(queue);
}

} // namespace

GstClockTimeDiff Remux::shift_for(GstClockTime first_running) {
  std::lock_guard lock(mutex_);
  if (!ever_)
    return 0; // the first connection keeps the source's own time
  const auto away = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - end_at_)
                        .count();
  const GstClockTime start = end_ + static_cast<GstClockTime>(std::max<int64_t>(away, 0));
  return GST_CLOCK_DIFF(first_running, start);
}

void Remux::ended(GstClockTime end) {
  std::lock_guard lock(mutex_);
  ever_ = true;
  if (GST_CLOCK_TIME_IS_VALID(end) && end > end_)
    end_ = end;
  end_at_ = std::chrono::steady_clock::now();
}

void Remux::attach(GstElement *inner) {
  GstElement *parse = gst_bin_get_by_name(GST_BIN(inner), "flu-parse");
  if (!parse)
    return;
  auto *state = new State;
  state->remux = this;
  state->inner = inner;
  g_object_set_data_full(G_OBJECT(inner), "flu-remux", state,
                         [](gpointer p) { delete static_cast<State *>(p); });
  g_signal_connect(parse, "pad-added", G_CALLBACK(&on_pad), state);
  gst_object_unref(parse);
}

} // namespace flu::modules
