// OggChain: see ogg_chain.hpp.
#include "ogg_chain.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <string>

namespace flu::modules {
namespace {

constexpr size_t max_held = 256;

bool has_headers(GstCaps *caps) {
  return caps && gst_caps_get_size(caps) > 0 &&
         gst_structure_has_field(gst_caps_get_structure(caps, 0), "streamheader");
}

bool is_video(GstCaps *caps) {
  return caps && gst_caps_get_size(caps) > 0 &&
         g_str_has_prefix(gst_structure_get_name(gst_caps_get_structure(caps, 0)),
                          "video/");
}

} // namespace

struct OggChain::Mux {
  OggChain *chain = nullptr;
  GstElement *pipeline = nullptr;
  std::vector<GstElement *> srcs; // one per stream, linked to oggmux
  std::vector<GstCaps *> caps;    // what each stream carries

  Mux(OggChain *owner, std::vector<GstCaps *> streams)
      : chain(owner), pipeline(gst_pipeline_new("flu-ogg-chain")),
        caps(std::move(streams)) {
    GstElement *mux = gst_element_factory_make("oggmux", nullptr);
    GstElement *sink = gst_element_factory_make("appsink", nullptr);
    g_object_set(sink, "sync", FALSE, "async", FALSE, "emit-signals", TRUE, nullptr);
    g_signal_connect(sink, "new-sample", G_CALLBACK(&OggChain::on_page), this);
    gst_bin_add_many(GST_BIN(pipeline), mux, sink, nullptr);
    gst_element_link(mux, sink);
    for (GstCaps *c : caps) {
      // Not live: the muxer's time is the streams' own (shifted) running
      // time, which it makes the granule positions of.
      GstElement *src = gst_element_factory_make("appsrc", nullptr);
      g_object_set(src, "format", GST_FORMAT_TIME, "caps", c, nullptr);
      gst_bin_add(GST_BIN(pipeline), src);
      // The muxer's pad for these caps (audio_%u, video_%u...): linking
      // the elements would not look at the caps to choose.
      GstPad *out = gst_element_get_static_pad(src, "src");
      GstPad *in = c ? gst_element_get_compatible_pad(mux, out, c) : nullptr;
      if (!in || gst_pad_link(out, in) != GST_PAD_LINK_OK)
        GST_WARNING("oggmux takes no %" GST_PTR_FORMAT, c);
      if (in)
        gst_object_unref(in);
      gst_object_unref(out);
      srcs.push_back(src);
    }
    // Nobody reads this pipeline's bus: its messages are not kept.
    GstBus *bus = gst_element_get_bus(pipeline);
    gst_bus_set_flushing(bus, TRUE);
    gst_object_unref(bus);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
  }
  ~Mux() {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(pipeline);
    for (GstCaps *c : caps)
      if (c)
        gst_caps_unref(c);
  }

  bool carries(const std::vector<GstCaps *> &streams) const {
    if (streams.size() != caps.size())
      return false;
    for (size_t i = 0; i < caps.size(); ++i)
      if (!streams[i] || !gst_caps_is_equal(streams[i], caps[i]))
        return false;
    return true;
  }
};

OggChain::OggChain() = default;

OggChain::~OggChain() {
  std::unique_ptr<Mux> mux;
  {
    std::lock_guard lock(mutex_);
    mux = std::move(mux_);
  }
  mux.reset(); // its thread may be waiting for the lock: not while we hold it
  if (out_)
    gst_object_unref(out_);
  gst_caps_replace(&out_caps_, nullptr);
  for (auto &[buffer, caps] : held_) {
    gst_buffer_unref(buffer);
    gst_caps_unref(caps);
  }
}

bool OggChain::begin(std::vector<GstCaps *> streams, GstElement *out) {
  std::unique_ptr<Mux> old;
  bool goes_on = false;
  {
    std::lock_guard lock(mutex_);
    goes_on = mux_ && mux_->carries(streams);
    if (goes_on) {
      for (GstCaps *c : streams)
        if (c)
          gst_caps_unref(c);
    } else {
      old = std::move(mux_);
      mux_ = std::make_unique<Mux>(this, std::move(streams));
    }
    keyed_.assign(mux_->srcs.size(), false);
    if (out_)
      gst_object_unref(out_);
    out_ = GST_ELEMENT(gst_object_ref(out));
    gst_caps_replace(&out_caps_, nullptr);
    if (goes_on)
      while (!held_.empty()) {
        auto [buffer, caps] = held_.front();
        held_.pop_front();
        deliver(buffer, caps);
        gst_caps_unref(caps);
      }
  }
  old.reset(); // the old chain's pages stop here (not under the lock)
  if (!goes_on) {
    std::lock_guard lock(mutex_);
    for (auto &[buffer, caps] : held_) {
      gst_buffer_unref(buffer);
      gst_caps_unref(caps);
    }
    held_.clear();
  }
  return goes_on;
}

void OggChain::end(GstElement *out) {
  std::lock_guard lock(mutex_);
  if (out_ != out)
    return;
  gst_object_unref(out_);
  out_ = nullptr;
}

void OggChain::push(GstElement *out, size_t stream, GstBuffer *buffer, GstClockTime pts,
                    GstClockTime dts) {
  std::lock_guard lock(mutex_);
  if (out != out_ || !mux_ || stream >= mux_->srcs.size())
    return;
  GstCaps *caps = mux_->caps[stream];
  // The headers are the chain's, from the caps; again as data they would
  // be packets no decoder expects.
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER) && has_headers(caps))
    return;
  if (is_video(caps) && !keyed_[stream] &&
      GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return;
  keyed_[stream] = true;
  GstBuffer *copy = gst_buffer_copy(buffer);
  GST_BUFFER_PTS(copy) = pts;
  GST_BUFFER_DTS(copy) = dts;
  gst_app_src_push_buffer(GST_APP_SRC(mux_->srcs[stream]), copy);
}

GstFlowReturn OggChain::on_page(GstElement *sink, gpointer data) {
  auto *mux = static_cast<Mux *>(data);
  GstSample *sample = gst_app_sink_pull_sample(GST_APP_SINK(sink));
  if (!sample)
    return GST_FLOW_EOS;
  mux->chain->page(mux, sample);
  gst_sample_unref(sample);
  return GST_FLOW_OK;
}

void OggChain::page(Mux *from, GstSample *sample) {
  GstBuffer *buffer = gst_sample_get_buffer(sample);
  GstCaps *caps = gst_sample_get_caps(sample);
  if (!buffer || !caps)
    return;
  std::lock_guard lock(mutex_);
  if (mux_.get() != from)
    return; // a chain given up
  if (out_)
    return deliver(gst_buffer_ref(buffer), caps);
  if (held_.size() < max_held)
    held_.emplace_back(gst_buffer_ref(buffer), gst_caps_ref(caps));
}

// Takes `buffer`; under the lock.
void OggChain::deliver(GstBuffer *buffer, GstCaps *caps) {
  if (!out_caps_ || !gst_caps_is_equal(caps, out_caps_)) {
    gst_caps_replace(&out_caps_, caps);
    gst_app_src_set_caps(GST_APP_SRC(out_), caps);
  }
  gst_app_src_push_buffer(GST_APP_SRC(out_), buffer);
}

} // namespace flu::modules
