#include "feeder.hpp"

#include <stdexcept>
#include <unistd.h>

namespace flu::job {

namespace {

// GStreamer 1.22's gdppay dereferences a null buffer when a CAPS event
// equal to the one before reaches it, which is legal and happens (an FGDP
// link made again sends the feed's caps again). The feeder drops such a
// repeat: gdppay already carries those caps to every eater.
GstPadProbeReturn drop_repeated_caps(GstPad *, GstPadProbeInfo *info, gpointer data) {
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
  if (!event || GST_EVENT_TYPE(event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  auto *last = static_cast<GstCaps **>(data);
  GstCaps *caps = nullptr;
  gst_event_parse_caps(event, &caps);
  if (*last && gst_caps_is_equal(*last, caps))
    return GST_PAD_PROBE_DROP;
  gst_caps_replace(last, caps);
  return GST_PAD_PROBE_OK;
}

// gdppay's packets carry no flags of their own; each gets its input's
// (an event's packet is no place to start). One streaming thread runs
// both pads, so the input seen last is the one being paid out.
GstPadProbeReturn note_input(GstPad *, GstPadProbeInfo *info, gpointer data) {
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  static_cast<std::atomic<bool> *>(data)->store(
      !buffer || GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT),
      std::memory_order_relaxed);
  return GST_PAD_PROBE_OK;
}

GstPadProbeReturn mark_keyframes(GstPad *, GstPadProbeInfo *info, gpointer data) {
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!buffer || GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER))
    return GST_PAD_PROBE_OK;
  const bool delta =
      static_cast<std::atomic<bool> *>(data)->load(std::memory_order_relaxed);
  if (delta == GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_PAD_PROBE_OK;
  buffer = gst_buffer_make_writable(buffer);
  if (delta)
    GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  else
    GST_BUFFER_FLAG_UNSET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  GST_PAD_PROBE_INFO_DATA(info) = buffer;
  return GST_PAD_PROBE_OK;
}

void free_last_caps(gpointer data) {
  auto *last = static_cast<GstCaps **>(data);
  gst_caps_replace(last, nullptr);
  delete last;
}

} // namespace

std::string Feeder::endpoint(const std::string &feeder) {
  // A feed is a live stream: a new eater starts at the latest keyframe (it
  // could not decode from elsewhere: a muxer eating from a delta frame
  // makes a stream no viewer can start), and a slow eater skips to the
  // most recent keyframe rather than stalling its feeder. The payloader's
  // packets carry their input's keyframe flag for that (mark_keyframes).
  return "gdppay name=flu-feeder-" + feeder + "-pay ! multifdsink name=flu-feeder-" +
         feeder +
         " sync=false buffers-max=500 buffers-soft-max=450 sync-method=latest-keyframe "
         "recover-policy=keyframe";
}

Feeder::~Feeder() {
  for (int fd : waiting_)
    ::close(fd);
  if (counted_pad_) {
    gst_pad_remove_probe(counted_pad_, probe_);
    gst_pad_remove_probe(counted_pad_, caps_probe_);
    gst_pad_remove_probe(counted_pad_, input_probe_);
    gst_object_unref(counted_pad_);
  }
  if (paid_pad_) {
    gst_pad_remove_probe(paid_pad_, mark_probe_);
    gst_object_unref(paid_pad_);
  }
  if (sink_)
    gst_object_unref(sink_);
}

void Feeder::attach(GstElement *pipeline) {
  sink_ = gst_bin_get_by_name(GST_BIN(pipeline), ("flu-feeder-" + name_).c_str());
  if (!sink_)
    throw std::runtime_error("the pipeline lost feeder endpoint " + name_);
  GstElement *pay =
      gst_bin_get_by_name(GST_BIN(pipeline), ("flu-feeder-" + name_ + "-pay").c_str());
  if (!pay)
    throw std::runtime_error("the pipeline lost feeder endpoint " + name_ + "-pay");
  counted_pad_ = gst_element_get_static_pad(pay, "sink");
  paid_pad_ = gst_element_get_static_pad(pay, "src");
  gst_object_unref(pay);
  input_probe_ = gst_pad_add_probe(
      counted_pad_,
      GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM),
      &note_input, &input_delta_, nullptr);
  mark_probe_ = gst_pad_add_probe(paid_pad_, GST_PAD_PROBE_TYPE_BUFFER, &mark_keyframes,
                                  &input_delta_, nullptr);
  probe_ = gst_pad_add_probe(
      counted_pad_,
      GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
      [](GstPad *, GstPadProbeInfo *info, gpointer data) {
        gsize size = 0;
        if (GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info))
          size = gst_buffer_get_size(buffer);
        else if (GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST(info))
          size = gst_buffer_list_calculate_size(list);
        static_cast<std::atomic<uint64_t> *>(data)->fetch_add(size,
                                                              std::memory_order_relaxed);
        return GST_PAD_PROBE_OK;
      },
      &bytes_, nullptr);
  caps_probe_ =
      gst_pad_add_probe(counted_pad_, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                        &drop_repeated_caps, new GstCaps *(nullptr), &free_last_caps);
  // multifdsink leaves closing to its owner.
  g_signal_connect(sink_, "client-fd-removed",
                   G_CALLBACK(+[](GstElement *, gint fd, gpointer) { ::close(fd); }),
                   nullptr);
}

uint64_t Feeder::clients() const {
  if (!sink_)
    return 0;
  guint handles = 0;
  g_object_get(sink_, "num-handles", &handles, nullptr);
  return handles;
}

void Feeder::add_client(int fd) {
  if (!playing_ || !sink_) {
    waiting_.push_back(fd);
    return;
  }
  g_signal_emit_by_name(sink_, "add", fd);
}

void Feeder::pipeline_playing() {
  playing_ = true;
  for (int fd : waiting_)
    g_signal_emit_by_name(sink_, "add", fd);
  waiting_.clear();
}

} // namespace flu::job
