// See timeline.hpp.
#include "timeline.hpp"

#include <chrono>

namespace flu::modules {

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {

constexpr auto kProbes =
    GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST |
                    GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH);

bool is_flush_or_eos(GstEvent *event) {
  switch (GST_EVENT_TYPE(event)) {
  case GST_EVENT_FLUSH_START:
  case GST_EVENT_FLUSH_STOP:
  case GST_EVENT_EOS:
    return true;
  default:
    return false;
  }
}

GstClockTime running(const GstSegment &segment, GstClockTime t) {
  if (!GST_CLOCK_TIME_IS_VALID(t))
    return t;
  return gst_segment_to_running_time(&segment, GST_FORMAT_TIME, t);
}

void attach_probe(GstPad *&pad, gulong &id, GstPad *to, GstPadProbeCallback callback,
                  gpointer self) {
  pad = GST_PAD(gst_object_ref(to));
  id = gst_pad_add_probe(pad, kProbes, callback, self, nullptr);
}

void detach_probe(GstPad *&pad, gulong &id) {
  if (!pad)
    return;
  gst_pad_remove_probe(pad, id);
  gst_object_unref(pad);
  pad = nullptr;
}

} // namespace

void BranchTimeline::attach(GstPad *pad) {
  attach_probe(pad_, probe_, pad, &probe, this);
}
void BranchTimeline::detach() { detach_probe(pad_, probe_); }

GstPadProbeReturn BranchTimeline::probe(GstPad *, GstPadProbeInfo *info, gpointer data) {
  auto *self = static_cast<BranchTimeline *>(data);
  if (GST_PAD_PROBE_INFO_TYPE(info) & GST_PAD_PROBE_TYPE_EVENT_BOTH) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
    // A producer that went away, or the eater starting over: not the end of
    // the combined stream.
    if (is_flush_or_eos(event))
      return GST_PAD_PROBE_DROP;
    if (GST_EVENT_TYPE(event) != GST_EVENT_SEGMENT)
      return GST_PAD_PROBE_OK;
    const GstSegment *segment = nullptr;
    gst_event_parse_segment(event, &segment);
    if (segment->format != GST_FORMAT_TIME)
      return GST_PAD_PROBE_OK; // not ours to change; raw feeds are in time
    gst_segment_copy_into(segment, &self->segment_);
    self->have_segment_ = true;
    GstSegment zero;
    gst_segment_init(&zero, GST_FORMAT_TIME);
    GstEvent *replacement = gst_event_new_segment(&zero);
    gst_event_unref(event);
    GST_PAD_PROBE_INFO_DATA(info) = replacement;
    return GST_PAD_PROBE_OK;
  }
  self->last_buffer_ns_.store(steady_ns());
  if (!self->have_segment_)
    return GST_PAD_PROBE_OK;
  const GstSegment &segment = self->segment_;
  auto restamp = [&segment](GstBuffer *buffer) {
    GST_BUFFER_PTS(buffer) = running(segment, GST_BUFFER_PTS(buffer));
    GST_BUFFER_DTS(buffer) = running(segment, GST_BUFFER_DTS(buffer));
  };
  if (GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info)) {
    buffer = gst_buffer_make_writable(buffer);
    restamp(buffer);
    GST_PAD_PROBE_INFO_DATA(info) = buffer;
  } else if (GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST(info)) {
    list = gst_buffer_list_make_writable(list);
    gst_buffer_list_foreach(
        list,
        [](GstBuffer **buffer, guint, gpointer segment) -> gboolean {
          *buffer = gst_buffer_make_writable(*buffer);
          GST_BUFFER_PTS(*buffer) =
              running(*static_cast<GstSegment *>(segment), GST_BUFFER_PTS(*buffer));
          GST_BUFFER_DTS(*buffer) =
              running(*static_cast<GstSegment *>(segment), GST_BUFFER_DTS(*buffer));
          return TRUE;
        },
        &self->segment_);
    GST_PAD_PROBE_INFO_DATA(info) = list;
  }
  return GST_PAD_PROBE_OK;
}

void OutputTimeline::attach(GstPad *pad) {
  attach_probe(pad_, probe_, pad, &probe, this);
}
void OutputTimeline::detach() { detach_probe(pad_, probe_); }

GstPadProbeReturn OutputTimeline::probe(GstPad *, GstPadProbeInfo *info, gpointer data) {
  auto *self = static_cast<OutputTimeline *>(data);
  if (GST_PAD_PROBE_INFO_TYPE(info) & GST_PAD_PROBE_TYPE_EVENT_BOTH) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
    if (is_flush_or_eos(event))
      return GST_PAD_PROBE_DROP;
    // Once buffers flow, nothing the selector replays on a switch (stream
    // start, segment, tags, the same caps) goes on: behind us it would start
    // a new stream. Only caps that really change pass.
    if (!self->flowing_)
      return GST_PAD_PROBE_OK;
    if (GST_EVENT_TYPE(event) == GST_EVENT_CAPS) {
      GstCaps *caps = nullptr;
      gst_event_parse_caps(event, &caps);
      GstPad *pad = self->pad_;
      GstCaps *current = gst_pad_get_current_caps(pad);
      const bool same = current && gst_caps_is_equal(caps, current);
      if (current)
        gst_caps_unref(current);
      return same ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
    }
    return GST_EVENT_IS_SERIALIZED(event) ? GST_PAD_PROBE_DROP : GST_PAD_PROBE_OK;
  }
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (!buffer) // lists do not come out of input-selector
    return GST_PAD_PROBE_OK;
  self->flowing_ = true;
  const GstClockTime pts = GST_BUFFER_PTS(buffer);
  if (!GST_CLOCK_TIME_IS_VALID(pts))
    return GST_PAD_PROBE_OK;
  if (GST_CLOCK_TIME_IS_VALID(self->end_) && pts < self->end_) {
    self->dropped_.fetch_add(1);
    return GST_PAD_PROBE_DROP;
  }
  const GstClockTime duration = GST_BUFFER_DURATION(buffer);
  self->end_ = pts + (GST_CLOCK_TIME_IS_VALID(duration) ? duration : 1);
  return GST_PAD_PROBE_OK;
}

} // namespace flu::modules
