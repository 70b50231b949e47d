// fgdp-consumer: see fgdp_consumer.hpp.
#include "fgdp_consumer.hpp"

#include "fgdp_settings.hpp"

#include <flu/sdk/buffer_bytes.hpp>
#include <gst/app/gstappsink.h>

#include <functional>
#include <mutex>
#include <string>

namespace flu::fgdp {

namespace {

constexpr const char *kSinkName = "fgdp-sink";
constexpr const char *kPayName = "fgdp-pay";

} // namespace

struct FgdpConsumer::SinkLink {
  std::mutex mutex;
  // What gdppay is turning into packets right now (its input and its
  // output are on one streaming thread): a keyframe, or not.
  bool input_sync = false;
  std::vector<Bytes> headers; // gdppay's: the caps and events a new peer needs
  GstCaps *caps = nullptr;
  std::unique_ptr<Link> link;
  std::function<void(const std::string &)> warn;
  ~SinkLink() { gst_caps_replace(&caps, nullptr); }
};

namespace {

using Shared = std::shared_ptr<FgdpConsumer::SinkLink>;

GstFlowReturn on_new_sample(GstAppSink *sink, gpointer data) {
  auto &shared = *static_cast<Shared *>(data);
  GstSample *sample = gst_app_sink_pull_sample(sink);
  if (!sample)
    return GST_FLOW_FLUSHING;
  // An exception must not leave this C callback on GStreamer's thread.
  try {
    std::lock_guard lock(shared->mutex);
    GstCaps *caps = gst_sample_get_caps(sample);
    if (caps && (!shared->caps || !gst_caps_is_equal(caps, shared->caps))) {
      gst_caps_replace(&shared->caps, caps);
      shared->headers = flu::sdk::stream_headers(caps);
    }
    GstBuffer *buffer = gst_sample_get_buffer(sample);
    if (buffer && shared->link)
      shared->link->send(flu::sdk::buffer_bytes(buffer),
                         shared->input_sync &&
                             !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER));
  } catch (const std::exception &e) {
    if (shared->warn)
      shared->warn(e.what());
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK; // whatever the link does, the feed flows on
}

void free_shared(gpointer data) { delete static_cast<Shared *>(data); }

// gdppay's output carries no flags of its own: its input's say which
// packets a new peer may start with.
GstPadProbeReturn on_pay_input(GstPad *, GstPadProbeInfo *info, gpointer data) {
  auto &shared = *static_cast<Shared *>(data);
  std::lock_guard lock(shared->mutex);
  if (GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info))
    shared->input_sync = !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  else
    shared->input_sync = false; // an event's packet
  return GST_PAD_PROBE_OK;
}

} // namespace

std::string FgdpConsumer::pipeline(const flu::sdk::Host &config) {
  read_link_settings(config, Role::consumer); // a wrong configuration stops here
  return std::string("@eater:default@ ! gdppay name=") + kPayName +
         " ! appsink name=" + kSinkName +
         " sync=false enable-last-sample=false wait-on-eos=false";
}

FgdpConsumer::FgdpConsumer(const flu::sdk::Host &config, GstElement *pipeline)
    : link_(std::make_shared<SinkLink>()) {
  const flu::sdk::Host cfg = config;
  LinkEvents e;
  e.message = [cfg](flu_message_level level, const std::string &id,
                    const std::string &text) { cfg.message(level, id, text); };
  e.ui = [cfg](const std::string &key, const std::string &value) {
    cfg.ui_state(key, value);
  };
  e.log = [cfg](flu_log_level level, const std::string &text) { cfg.log(level, text); };
  e.hungry = [cfg](bool hungry, const std::string &why) {
    return cfg.hungry(hungry, why);
  };
  std::weak_ptr<SinkLink> weak = link_;
  e.established = [weak] {
    std::vector<Bytes> out;
    if (auto shared = weak.lock()) {
      std::lock_guard lock(shared->mutex);
      out = shared->headers;
    }
    return out;
  };
  auto link =
      std::make_unique<Link>(read_link_settings(config, Role::consumer), std::move(e));
  {
    std::lock_guard lock(link_->mutex);
    link_->link = std::move(link);
    link_->warn = [cfg](const std::string &text) { cfg.log(FLU_LOG_WARNING, text); };
  }
  GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), kSinkName);
  if (!sink)
    throw std::runtime_error(std::string("the pipeline has no ") + kSinkName);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = &on_new_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, new Shared(link_),
                             &free_shared);
  gst_object_unref(sink);
  GstElement *pay = gst_bin_get_by_name(GST_BIN(pipeline), kPayName);
  if (!pay)
    throw std::runtime_error(std::string("the pipeline has no ") + kPayName);
  GstPad *pad = gst_element_get_static_pad(pay, "sink");
  gst_pad_add_probe(
      pad,
      GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM),
      &on_pay_input, new Shared(link_), &free_shared);
  gst_object_unref(pad);
  gst_object_unref(pay);
}

FgdpConsumer::~FgdpConsumer() {
  std::unique_ptr<Link> link;
  {
    std::lock_guard lock(link_->mutex);
    link = std::move(link_->link);
  }
}

} // namespace flu::fgdp
