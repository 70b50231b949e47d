// shout2-consumer: see shout2_consumer.hpp.
#include "shout2_consumer.hpp"

#include "icecast_source.hpp"

#include <flu/sdk/buffer_bytes.hpp>
#include <gst/app/gstappsink.h>

#include <mutex>
#include <stdexcept>

namespace flu::shout2_consumer {

namespace {

constexpr const char *kSinkName = "shout2-sink";

// Header text goes into the login request: no line breaks.
std::string header_value(const flu::sdk::Host &config, const char *name) {
  if (!config.has(name))
    return {};
  const std::string value = config.string(name);
  if (value.find_first_of("\r\n") != std::string::npos)
    throw std::runtime_error(std::string(name) + " must be one line");
  return value;
}

IcecastSettings read_settings(const flu::sdk::Host &config) {
  IcecastSettings s;
  s.host = header_value(config, "ip");
  if (s.host.empty())
    throw std::runtime_error("ip must name the Icecast server");
  s.port = static_cast<uint16_t>(config.integer("port", 1, 65535));
  s.mount = header_value(config, "mount-point");
  if (s.mount.empty() || s.mount.front() != '/' ||
      s.mount.find_first_of(" \t?#") != std::string::npos)
    throw std::runtime_error("mount-point must be a path such as /live.webm, not '" +
                             s.mount + "'");
  s.username = header_value(config, "username");
  s.password = header_value(config, "password");
  s.name = header_value(config, "short-name");
  s.description = header_value(config, "description");
  s.genre = header_value(config, "genre");
  s.url = header_value(config, "url");
  s.is_public = config.boolean("public");
  return s;
}

// What Icecast calls the stream: its format handlers go by these types.
std::string content_type(const std::string &media_type) {
  if (media_type == "application/ogg" || media_type == "audio/ogg" ||
      media_type == "video/ogg")
    return "application/ogg";
  return media_type;
}

StreamFormat format_of(GstCaps *caps) {
  StreamFormat f;
  if (!caps || gst_caps_get_size(caps) == 0)
    return f;
  const GstStructure *s = gst_caps_get_structure(caps, 0);
  f.content_type = content_type(gst_structure_get_name(s));
  f.headers = flu::sdk::stream_headers(caps);
  return f;
}

} // namespace

struct Shout2Consumer::SinkLink {
  std::mutex mutex;
  IcecastSource source;
  GstCaps *caps = nullptr; // the caps the source has the format of
  flu::sdk::Host config;
  SinkLink(IcecastSettings s, IcecastReport r, const flu::sdk::Host &c)
      : source(std::move(s), std::move(r)), config(c) {}
  ~SinkLink() { gst_caps_replace(&caps, nullptr); }
};

namespace {

using Link = std::shared_ptr<Shout2Consumer::SinkLink>;

GstFlowReturn on_new_sample(GstAppSink *sink, gpointer data) {
  auto &link = *static_cast<Link *>(data);
  GstSample *sample = gst_app_sink_pull_sample(sink);
  if (!sample)
    return GST_FLOW_FLUSHING;
  try {
    std::lock_guard lock(link->mutex);
    GstCaps *caps = gst_sample_get_caps(sample);
    if (caps && (!link->caps || !gst_caps_is_equal(caps, link->caps))) {
      gst_caps_replace(&link->caps, caps);
      link->source.format(format_of(caps));
    }
    GstBuffer *buffer = gst_sample_get_buffer(sample);
    // Header buffers repeat the caps' streamheader, sent at each login.
    if (buffer && !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER))
      link->source.piece(flu::sdk::buffer_bytes(buffer),
                         !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT));
  } catch (const std::exception &e) {
    link->config.log(FLU_LOG_WARNING, e.what());
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK; // whatever the server does, the feed flows on
}

void free_link(gpointer data) { delete static_cast<Link *>(data); }

} // namespace

std::string Shout2Consumer::pipeline(const flu::sdk::Host &config) {
  read_settings(config); // a wrong configuration stops the job here
  return std::string("@eater:default@ ! appsink name=") + kSinkName +
         " sync=false enable-last-sample=false wait-on-eos=false";
}

Shout2Consumer::Shout2Consumer(const flu::sdk::Host &config, GstElement *pipeline) {
  const flu::sdk::Host cfg = config;
  IcecastReport report{
      .message = [cfg](flu_message_level level, const std::string &id,
                       const std::string &text) { cfg.message(level, id, text); },
      .ui = [cfg](const std::string &key,
                  const std::string &value) { cfg.ui_state(key, value); },
      .log = [cfg](flu_log_level level,
                   const std::string &text) { cfg.log(level, text); },
  };
  link_ = std::make_shared<SinkLink>(read_settings(config), std::move(report), config);
  GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), kSinkName);
  if (!sink)
    throw std::runtime_error(std::string("the pipeline has no ") + kSinkName);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = &on_new_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, new Link(link_), &free_link);
  gst_object_unref(sink);
}

Shout2Consumer::~Shout2Consumer() = default;

} // namespace flu::shout2_consumer
