// rtsp-producer: see rtsp_producer.hpp.
#include "rtsp_producer.hpp"

#include <flu/sdk/raw_av.hpp>

#include <stdexcept>

namespace flu::modules {
namespace {

std::string appsrc(const char *name) {
  return std::string("appsrc name=") + name + " is-live=true format=time max-bytes=0 ! ";
}

std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

// The URL checked: an RTSP scheme with a host; throws naming it otherwise.
std::string checked_location(const std::string &url) {
  GstUri *uri = gst_uri_from_string(url.c_str());
  const char *scheme = uri ? gst_uri_get_scheme(uri) : nullptr;
  const char *host = uri ? gst_uri_get_host(uri) : nullptr;
  bool ok = scheme && host && *host;
  if (ok) {
    ok = false;
    for (const char *known : {"rtsp", "rtsps", "rtspt", "rtspu"})
      ok = ok || g_ascii_strcasecmp(scheme, known) == 0;
  }
  if (uri)
    gst_uri_unref(uri);
  if (!ok)
    throw std::runtime_error("location '" + url + "' is not an rtsp:// URL");
  return url;
}

// The URL as messages name it: without a user:password it may carry.
std::string shown(const std::string &url) {
  GstUri *uri = gst_uri_from_string(url.c_str());
  if (!uri)
    return url;
  gst_uri_set_userinfo(uri, nullptr);
  gchar *text = gst_uri_to_string(uri);
  std::string out = text ? text : url;
  g_free(text);
  gst_uri_unref(uri);
  return out;
}

// rtspsrc's `protocols` for the transport property.
std::string protocols(const sdk::Host &config) {
  const std::string transport = config.string("transport");
  if (transport == "tcp")
    return "tcp";
  if (transport == "udp")
    return "udp";
  if (transport == "auto")
    return "udp+tcp";
  throw std::runtime_error("transport must be tcp, udp or auto, got '" + transport + "'");
}

// rtspsrc's streams appear as it learns them from the server's description:
// each goes to the branch of its media (video, audio), the first of each.
void link_stream(GstElement *, GstPad *pad, GstElement *inner) {
  GstCaps *caps = gst_pad_get_current_caps(pad);
  if (!caps)
    caps = gst_pad_query_caps(pad, nullptr);
  const char *media =
      caps ? gst_structure_get_string(gst_caps_get_structure(caps, 0), "media") : nullptr;
  const std::string branch = std::string("flu-") + (media ? media : "") + "-in";
  if (GstElement *queue = gst_bin_get_by_name(GST_BIN(inner), branch.c_str())) {
    GstPad *sink = gst_element_get_static_pad(queue, "sink");
    if (!gst_pad_is_linked(sink))
      gst_pad_link(pad, sink);
    gst_object_unref(sink);
    gst_object_unref(queue);
  }
  if (caps)
    gst_caps_unref(caps);
}

void prepare(GstElement *inner) {
  GstElement *source = gst_bin_get_by_name(GST_BIN(inner), "flu-source");
  g_signal_connect(source, "pad-added", G_CALLBACK(&link_stream), inner);
  gst_object_unref(source);
}

} // namespace

std::string RtspProducer::pipeline(const sdk::Host &config) {
  checked_location(config.string("location"));
  protocols(config);
  config.integer("latency", 0, 60000);
  // Without audio, silence (as Flumotion did), so a flow does not depend on
  // what the server sends; also with passthrough, as the job's pipeline
  // plays only once every feeder has data.
  const std::string silence = "audiotestsrc is-live=true wave=silence ! ";
  const bool audio_in = config.boolean("has-audio");
  if (config.boolean("passthrough"))
    return appsrc("flu-rtsp-video") + "@feeder:video@ " +
           (audio_in ? appsrc("flu-rtsp-audio")
                     : silence + sdk::raw_av::audio(config, "flu-level-audio")) +
           "@feeder:audio@";
  const std::string audio = audio_in ? appsrc("flu-rtsp-audio") + "queue ! " : silence;
  return appsrc("flu-rtsp-video") + "queue ! " + sdk::raw_av::video(config) +
         "@feeder:video@ " + audio + sdk::raw_av::audio(config, "flu-level-audio") +
         "@feeder:audio@";
}

RtspProducer::RtspProducer(const sdk::Host &host, GstElement *pipeline) {
  const std::string url = host.string("location");
  const bool passthrough = host.boolean("passthrough");
  const bool audio = host.boolean("has-audio");
  // rtspsrc's own retries are Pull's; tcp-timeout bounds a server that
  // accepts and never answers, timeout (UDP) a stream that stops coming.
  std::string inner = "rtspsrc name=flu-source location=" + quoted(url) +
                      " protocols=" + protocols(host) +
                      " latency=" + std::to_string(host.integer("latency")) +
                      " tcp-timeout=10000000 timeout=5000000 ";
  if (host.has("user"))
    inner += "user-id=" + quoted(host.string("user")) + " ";
  if (host.has("password"))
    inner += "user-pw=" + quoted(host.string("password")) + " ";
  // Each media's branch: decoded to raw, or depayloaded and parsed (parsebin
  // puts the codec headers in the caps and marks key frames).
  const auto branch = [&](const std::string &media, const std::string &raw) {
    std::string text = " queue name=flu-" + media + "-in ! ";
    text += passthrough ? "parsebin ! queue ! " : "decodebin ! " + raw + " ! queue ! ";
    return text + "appsink name=" + media + " sync=false";
  };
  inner += branch("video", "videoconvert ! video/x-raw,format=I420");
  std::vector<sdk::Pull::Route> routes{{"video", "flu-rtsp-video", false, passthrough}};
  if (audio) {
    inner += branch("audio", "audioconvert ! audioresample ! audio/x-raw,format=S16LE");
    routes.push_back({"audio", "flu-rtsp-audio", false, passthrough});
  }
  if (!passthrough || !audio)
    meter_ =
        std::make_unique<sdk::LevelMeter>(host, pipeline, "flu-level-audio", "audio");
  sdk::Pull::Options options;
  options.prepare = &prepare;
  options.protocol = "RTSP";
  pull_ = std::make_unique<sdk::Pull>(host, pipeline, inner, routes, shown(url),
                                      std::move(options));
}

} // namespace flu::modules
