// Remux: see remux.hpp.
#include "remux.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

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
  // Ogg: the streams go to the Remux's OggChain, its pages come back
  // through ogg_out (an appsrc of ours, a ref), into flu-out.
  bool typed = false, ogg = false;
  // Each stream's caps once its parser has the headers in them (at its
  // first data buffer); until every stream's are known, whether the chain
  // goes on is not, and the samples wait in `pending`.
  std::vector<GstCaps *> ogg_streams;
  std::vector<std::pair<size_t, GstSample *>> pending;
  GstElement *ogg_out = nullptr;
  bool ogg_begun = false;
  size_t ogg_count = 0, ogg_ended = 0; // streams, and those at their end

  ~State() {
    for (GstCaps *c : ogg_streams)
      if (c)
        gst_caps_unref(c);
    for (auto &[stream, sample] : pending)
      gst_sample_unref(sample);
    if (ogg_out) {
      remux->ogg().end(ogg_out);
      gst_object_unref(ogg_out);
    }
  }
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

bool is_ogg(const std::string &type) {
  return type == "application/ogg" || type == "audio/ogg" || type == "video/ogg";
}

GstElement *muxer_for(const std::string &type) {
  if (type == "video/webm" || type == "audio/webm")
    return streamable("webmmux");
  if (type == "video/x-matroska" || type == "audio/x-matroska")
    return streamable("matroskamux");
  return nullptr; // a bare stream: no container to rebuild
}

GstPad *out_pad(GstElement *inner) {
  GstElement *out = gst_bin_get_by_name(GST_BIN(inner), "flu-out");
  GstPad *pad = gst_element_get_static_pad(out, "sink");
  gst_object_unref(out);
  return pad;
}

void push_ogg(State *state, size_t stream, GstSample *sample) {
  const GstSegment *segment = gst_sample_get_segment(sample);
  const auto running = [&](GstClockTime t) {
    return segment && GST_CLOCK_TIME_IS_VALID(t)
               ? gst_segment_to_running_time(segment, GST_FORMAT_TIME, t)
               : t;
  };
  if (GstBuffer *buffer = gst_sample_get_buffer(sample))
    state->remux->ogg().push(state->ogg_out, stream, buffer,
                             running(GST_BUFFER_PTS(buffer)),
                             running(GST_BUFFER_DTS(buffer)));
}

// A stream that never brings data (or a parser that never puts its
// headers in the caps) must not hold the others for ever.
constexpr size_t max_pending = 500;

GstFlowReturn on_ogg_sample(GstAppSink *sink, gpointer data) {
  auto *state = static_cast<State *>(data);
  GstSample *sample = gst_app_sink_pull_sample(sink);
  if (!sample)
    return GST_FLOW_EOS;
  const auto stream = static_cast<size_t>(
      GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(sink), "flu-stream")));
  std::lock_guard lock(state->mutex);
  if (state->ogg_begun) {
    push_ogg(state, stream, sample);
    gst_sample_unref(sample);
    return GST_FLOW_OK;
  }
  GstBuffer *buffer = gst_sample_get_buffer(sample);
  GstCaps *caps = gst_sample_get_caps(sample);
  if (buffer && caps && !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER))
    gst_caps_replace(&state->ogg_streams[stream], caps);
  state->pending.emplace_back(stream, sample);
  const bool known = std::all_of(state->ogg_streams.begin(), state->ogg_streams.end(),
                                 [](GstCaps *c) { return c != nullptr; });
  if (!known && state->pending.size() < max_pending)
    return GST_FLOW_OK;
  // Every stream's headers are known: the chain goes on with them, or
  // starts anew; then what waited goes in, in the order it came.
  state->ogg_begun = true;
  state->remux->ogg().begin(std::move(state->ogg_streams), state->ogg_out);
  state->ogg_streams.clear();
  for (auto &[s, waiting] : state->pending) {
    push_ogg(state, s, waiting);
    gst_sample_unref(waiting);
  }
  state->pending.clear();
  return GST_FLOW_OK;
}

// The source's streams ended: so does what goes into flu-out, or the inner
// pipeline would never end (the pull waits for its end of stream); pages
// the muxer writes from now on wait for the next connection.
void on_ogg_eos(GstAppSink *, gpointer data) {
  auto *state = static_cast<State *>(data);
  std::lock_guard lock(state->mutex);
  if (++state->ogg_ended < state->ogg_count)
    return;
  state->remux->ogg().end(state->ogg_out);
  gst_app_src_end_of_stream(GST_APP_SRC(state->ogg_out));
}

// An Ogg stream goes to an appsink of its own, whose buffers the chain's
// muxer takes; the first one also brings in the appsrc for its pages.
// Under state->mutex.
void add_ogg_stream(GstPad *pad, State *state) {
  GstBin *bin = GST_BIN(state->inner);
  if (!state->ogg_out) {
    state->ogg_out = gst_element_factory_make("appsrc", nullptr);
    g_object_set(state->ogg_out, "is-live", TRUE, "format", GST_FORMAT_TIME, nullptr);
    gst_object_ref(state->ogg_out);
    gst_bin_add(bin, state->ogg_out);
    GstPad *src = gst_element_get_static_pad(state->ogg_out, "src");
    GstPad *sink = out_pad(state->inner);
    gst_pad_link(src, sink);
    gst_object_unref(src);
    gst_object_unref(sink);
    gst_element_sync_state_with_parent(state->ogg_out);
  }
  if (state->ogg_begun)
    return; // a stream the chain was begun without: left out
  GstElement *sink = gst_element_factory_make("appsink", nullptr);
  g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
  g_object_set_data(G_OBJECT(sink), "flu-stream",
                    GSIZE_TO_POINTER(state->ogg_streams.size()));
  GstAppSinkCallbacks callbacks = {};
  callbacks.new_sample = &on_ogg_sample;
  callbacks.eos = &on_ogg_eos;
  ++state->ogg_count;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, state, nullptr);
  state->ogg_streams.push_back(nullptr);
  gst_bin_add(bin, sink);
  GstPad *sink_pad = gst_element_get_static_pad(sink, "sink");
  gst_pad_link(pad, sink_pad);
  gst_object_unref(sink_pad);
  gst_element_sync_state_with_parent(sink);
}

// parsebin adds every pad of the stream before it lets data through any of
// them, so each is linked here, on the muxer made at the first, before the
// muxer writes its headers.
void on_pad(GstElement *, GstPad *pad, State *state) {
  gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, &shift_buffer, state, nullptr);
  std::lock_guard lock(state->mutex);
  if (!state->typed) {
    state->typed = true;
    state->ogg = is_ogg(container(state->inner));
  }
  if (state->ogg)
    return add_ogg_stream(pad, state);
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
