// The webrtc-streamer component (see webrtc_streamer.hpp).
#include "webrtc_streamer.hpp"

#include "whep_server.hpp"

#include <flu/sdk/forwarded_for.hpp>
#include <flu/sdk/viewer_auth.hpp>

#include <limits>
#include <map>
#include <stdexcept>

namespace flu::webrtc_streamer {

namespace {

constexpr const char *kVideoTee = "flu-webrtc-video";
constexpr const char *kAudioTee = "flu-webrtc-audio";

WhepSettings read_settings(const flu::sdk::Host &config) {
  WhepSettings s;
  s.port = static_cast<uint16_t>(config.integer("port", 0, 65535));
  s.mount = config.string("mount-point");
  if (s.mount.empty() || s.mount.front() != '/')
    s.mount.insert(s.mount.begin(), '/');
  if (s.mount.size() > 1 && s.mount.back() == '/')
    s.mount.pop_back();
  s.client_limit = config.integer("client-limit", 0, 100000);
  s.gather_timeout =
      std::chrono::milliseconds(config.integer("ice-gathering-timeout", 100, 60000));
  s.player_page = config.boolean("html5-page");
  if (config.has("cors-origin"))
    s.cors_origin = config.string("cors-origin");
  for (const char c : s.cors_origin)
    if (static_cast<unsigned char>(c) < 0x20)
      throw std::runtime_error("cors-origin holds a control character");
  s.trusted_proxies = flu::sdk::trusted_proxies(config.strings("trusted-proxy"));
  if (config.has("access-log"))
    s.access_log = config.string("access-log");
  s.access_log_max_bytes = static_cast<uint64_t>(
      config.integer("access-log-max-bytes", 0, std::numeric_limits<int64_t>::max()));
  return s;
}

} // namespace

struct WebrtcStreamer::Codecs {
  std::mutex mutex;
  std::string video;  // "VP8", "H264"; "" until the video caps came
  bool audio = false; // the audio feed is Opus
  flu::sdk::Host config;
  explicit Codecs(const flu::sdk::Host &c) : config(c) {}
};

namespace {

using CodecsPtr = std::shared_ptr<WebrtcStreamer::Codecs>;

// Learns the feeds' codecs from their caps; a codec WebRTC cannot carry is
// an error for the operator, not a crash.
GstPadProbeReturn on_caps(GstPad *pad, GstPadProbeInfo *info, gpointer data) {
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
  if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  auto &codecs = **static_cast<CodecsPtr *>(data);
  GstCaps *caps = nullptr;
  gst_event_parse_caps(event, &caps);
  const std::string name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  const bool video = g_str_has_prefix(GST_OBJECT_NAME(GST_OBJECT_PARENT(pad)), kVideoTee);
  std::string problem;
  {
    std::lock_guard lock(codecs.mutex);
    if (video && name == "video/x-vp8")
      codecs.video = "VP8";
    else if (video && name == "video/x-h264")
      codecs.video = "H264";
    else if (!video && name == "audio/x-opus")
      codecs.audio = true;
    else
      problem =
          std::string("the ") + (video ? "video" : "audio") + " feed is " + name +
          (video ? ": WebRTC viewers get VP8 or H.264" : ": WebRTC viewers get Opus");
  }
  if (problem.empty())
    codecs.config.log(FLU_LOG_INFO, "receiving " + name);
  else
    codecs.config.message(FLU_MESSAGE_ERROR, "webrtc-streamer-codec", problem);
  return GST_PAD_PROBE_OK;
}

void free_codecs(gpointer data) { delete static_cast<CodecsPtr *>(data); }

GstElement *tee(GstElement *pipeline, const char *name) {
  GstElement *e = gst_bin_get_by_name(GST_BIN(pipeline), name);
  if (!e)
    throw std::runtime_error(std::string("the pipeline has no tee named ") + name);
  gst_object_unref(e); // the pipeline keeps it
  return e;
}

void watch_caps(GstElement *tee, const CodecsPtr &codecs) {
  GstPad *sink = gst_element_get_static_pad(tee, "sink");
  gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_caps,
                    new CodecsPtr(codecs), free_codecs);
  gst_object_unref(sink);
}

void publish(const flu::sdk::Host &config, const WhepStats &stats,
             std::map<std::string, std::string> &published) {
  const std::pair<const char *, uint64_t> entries[] = {
      {"viewers", stats.viewers},
      {"viewers-peak", stats.peak},
      {"bytes-sent", stats.bytes_sent},
      {"viewers-refused", stats.refused},
  };
  for (const auto &[key, value] : entries) {
    const std::string text = std::to_string(value);
    auto [it, inserted] = published.try_emplace(key, text);
    if (!inserted && it->second == text)
      continue;
    it->second = text;
    config.ui_state(key, text);
  }
}

} // namespace

std::string WebrtcStreamer::pipeline(const flu::sdk::Host &config) {
  // The eaters' appsrc threads push into the tees; each viewer's branch has
  // its own queue, so no queue is needed here.
  std::string text =
      std::string("@eater:video@ ! tee name=") + kVideoTee + " allow-not-linked=true";
  if (config.feed_count("audio") > 0)
    text +=
        std::string(" @eater:audio@ ! tee name=") + kAudioTee + " allow-not-linked=true";
  return text;
}

WebrtcStreamer::WebrtcStreamer(const flu::sdk::Host &config, GstElement *pipeline)
    : config_(config), codecs_(std::make_shared<Codecs>(config)) {
  if (!gst_element_factory_find("webrtcbin"))
    throw std::runtime_error(
        "GStreamer has no webrtcbin: install gstreamer1.0-plugins-bad and "
        "gstreamer1.0-nice");
  // dtlsdec makes its DTLS certificate (a key pair) on first use and keeps
  // it for the process: make it now, not while the first viewer waits.
  if (GstElement *dtls = gst_element_factory_make("dtlsdec", nullptr))
    gst_object_unref(dtls);
  WhepSettings settings = read_settings(config);
  feeds_.pipeline = pipeline;
  feeds_.ice_addresses = config.strings("ice-address");
  feeds_.video_tee = tee(pipeline, kVideoTee);
  watch_caps(feeds_.video_tee, codecs_);
  if (config.feed_count("audio") > 0) {
    feeds_.audio_tee = tee(pipeline, kAudioTee);
    watch_caps(feeds_.audio_tee, codecs_);
  }

  std::string bouncer;
  if (config.has("bouncer"))
    bouncer = config.string("bouncer");
  if (!bouncer.empty() && !flu::sdk::host_authenticates(config))
    throw std::runtime_error("bouncer " + bouncer +
                             " is set, but this host cannot ask bouncers (ABI 1.0)");
  settings.authorize = !bouncer.empty();

  const flu::sdk::Host cfg = config;
  WhepHooks hooks;
  hooks.log = [cfg](flu_log_level level, const std::string &text) {
    cfg.log(level, text);
  };
  if (!bouncer.empty())
    hooks.authorize = [cfg, bouncer](const flu::sdk::KeycardFields &keycard,
                                     std::function<void(flu::sdk::AuthResult)> done) {
      flu::sdk::authenticate(cfg, bouncer, keycard, std::move(done));
    };
  hooks.stats = [cfg, published = std::map<std::string, std::string>()](
                    const WhepStats &stats) mutable { publish(cfg, stats, published); };
  const std::string url =
      "http://" + config.string("hostname") + ":%PORT%" + settings.mount;
  hooks.listening = [cfg, url](uint16_t port) {
    std::string text = url;
    text.replace(text.find("%PORT%"), 6, std::to_string(port));
    cfg.message(FLU_MESSAGE_INFO, "webrtc-streamer-url", "WHEP endpoint at " + text);
  };
  hooks.make_peer = [this](const std::string &id, const std::string &offer,
                           Peer::Gone gone) {
    return make_peer(id, offer, std::move(gone));
  };
  server_ = std::make_unique<WhepServer>(settings, std::move(hooks));
}

WebrtcStreamer::~WebrtcStreamer() { server_.reset(); }

std::unique_ptr<Peer> WebrtcStreamer::make_peer(const std::string &id,
                                                const std::string &offer,
                                                Peer::Gone gone) {
  Feeds feeds = feeds_;
  {
    std::lock_guard lock(codecs_->mutex);
    feeds.video_codec = codecs_->video;
    if (!codecs_->audio)
      feeds.audio_tee = nullptr;
  }
  if (feeds.video_codec.empty())
    throw std::runtime_error("the stream has not started yet (no video has come)");
  const OfferedCodecs offered = read_offer(offer, feeds.video_codec);
  config_.log(
      FLU_LOG_INFO,
      "viewer " + id + ": " + feeds.video_codec + " as payload type " +
          std::to_string(*offered.video_pt) + ", " +
          (offered.audio_pt && feeds.audio_tee
               ? "Opus as " + std::to_string(*offered.audio_pt)
               : std::string(feeds.audio_tee ? "the viewer takes no Opus" : "no audio")));
  return std::make_unique<Peer>(feeds, id, offered, std::move(gone));
}

std::string WebrtcStreamer::invoke(const std::string &method,
                                   const std::vector<std::string> &args) {
  if (method == "viewers" && args.empty()) {
    std::string out;
    for (const ViewerInfo &v : server_->viewers())
      out += "id=" + v.id + " address=" + v.address +
             " seconds=" + std::to_string(v.connected_seconds) +
             " bytes=" + std::to_string(v.bytes_sent) +
             (v.keycard_id.empty() ? "" : " keycard=" + v.keycard_id) + "\n";
    return out;
  }
  if (method == "disconnect" && args.size() == 1)
    return server_->disconnect(args[0]) ? "1" : "0";
  throw std::runtime_error("webrtc-streamer has no method '" + method + "' with " +
                           std::to_string(args.size()) +
                           " arguments; it has: viewers, disconnect ID");
}

void WebrtcStreamer::keycard_expired(const std::string &keycard_id) {
  server_->expire_keycard(keycard_id);
}

} // namespace flu::webrtc_streamer
