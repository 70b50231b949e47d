// The http-streamer component (see http_streamer.hpp).
#include "http_streamer.hpp"

#include "edge_url.hpp"
#include <flu/sdk/component_state.hpp>

#include "fd_limit.hpp"
#include "http_server.hpp"
#include "stream_format.hpp"

#include <gst/app/gstappsink.h>

#include <flu/sdk/forwarded_for.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>

#include <unistd.h>

namespace flu::http_streamer {

namespace {

constexpr const char *kSinkName = "flu-http-sink";

StreamerSettings read_settings(const flu::sdk::Host &config, uint64_t fd_limit) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  StreamerSettings s;
  s.port = static_cast<uint16_t>(config.integer("port", 0, 65535));
  s.mount_point = config.string("mount-point");
  if (s.mount_point.empty() || s.mount_point.front() != '/')
    s.mount_point.insert(s.mount_point.begin(), '/');
  s.hostname = config.string("hostname");
  s.burst_on_connect = config.boolean("burst-on-connect");
  s.burst_max_bytes = config.integer("burst-max-bytes", 0, kMax);
  s.max_client_lag_bytes = config.integer("max-client-lag-bytes", 65536, kMax);
  s.timeout = std::chrono::seconds(config.integer("timeout", 0, 86400));
  s.request_timeout = std::chrono::seconds(config.integer("request-timeout", 1, 3600));

  // Flumotion's old wizard wrote Mbit/s; it read values below 1000 so.
  int64_t bandwidth = config.integer("bandwidth-limit", 0, kMax);
  if (bandwidth > 0 && bandwidth < 1000)
    bandwidth *= 1000000;
  s.bandwidth_limit_bps = bandwidth;
  if (config.has("redirect-on-overflow")) {
    EdgeList edges = parse_edge_list(config.string("redirect-on-overflow"));
    for (const auto &edge : edges.urls)
      s.redirect_on_overflow.push_back(edge.url);
    s.redirect_components = std::move(edges.components);
  }

  if (s.burst_max_bytes > s.max_client_lag_bytes / 2) {
    // A burst starts a viewer that far behind already; leave it room.
    s.burst_max_bytes = s.max_client_lag_bytes / 2;
    config.log(FLU_LOG_WARNING, "burst-max-bytes lowered to " +
                                    std::to_string(s.burst_max_bytes) +
                                    ", half of max-client-lag-bytes");
  }

  const std::string type = config.string("type");
  if (type != "master" && type != "slave")
    throw std::runtime_error("type must be master (own port) or slave (behind a porter), "
                             "got '" +
                             type + "'");
  s.behind_porter = type == "slave";
  if (s.behind_porter) {
    if (!config.has("porter-socket-path"))
      throw std::runtime_error(
          "type slave needs porter-socket-path (and porter-username, "
          "porter-password), or porter naming a porter whose socket-path is set");
    s.porter_socket_path = config.string("porter-socket-path");
    if (config.has("porter-username"))
      s.porter_username = config.string("porter-username");
    if (config.has("porter-password"))
      s.porter_password = config.string("porter-password");
  }
  if (config.has("access-log"))
    s.access_log = config.string("access-log");
  s.access_log_max_bytes = config.integer("access-log-max-bytes", 0, kMax);
  s.trusted_proxies = flu::sdk::trusted_proxies(config.strings("trusted-proxy"));
  s.player_page = config.boolean("html5-page");
  if (config.has("cors-origin"))
    s.cors_origin = config.string("cors-origin");
  for (const char c : s.cors_origin)
    if (static_cast<unsigned char>(c) < 0x20)
      throw std::runtime_error("cors-origin holds a control character");

  if (config.has("bouncer"))
    s.bouncer = config.string("bouncer");
  if (!s.bouncer.empty() && !flu::sdk::host_authenticates(config))
    throw std::runtime_error("bouncer " + s.bouncer +
                             " is set, but this host cannot ask bouncers (ABI 1.0)");

  const uint64_t fd_clients =
      fd_limit > 2 * kReservedFds ? fd_limit - kReservedFds : kReservedFds;
  const int64_t limit = config.integer("client-limit");
  if (limit <= 0) {
    s.client_limit = static_cast<int64_t>(fd_clients);
  } else if (static_cast<uint64_t>(limit) > fd_clients) {
    s.client_limit = static_cast<int64_t>(fd_clients);
    config.log(FLU_LOG_WARNING,
               "client-limit " + std::to_string(limit) +
                   " is above what the descriptor limit allows; serving at most " +
                   std::to_string(fd_clients) + " viewers");
  } else {
    s.client_limit = limit;
  }
  return s;
}

// The UI state an admin sees (Flumotion's streamer stats), sent only when a
// value changed. Network thread.
void publish_stats(const flu::sdk::Host &config, const StreamerStats &stats,
                   std::map<std::string, std::string> &published) {
  const std::pair<const char *, uint64_t> entries[] = {
      {"viewers", stats.current_clients},
      {"viewers-peak", stats.peak_clients},
      {"bytes-sent", stats.bytes_sent},
      {"bitrate", stats.sent_bitrate_bps},
      {"stream-bitrate", stats.stream_bitrate_bps},
      {"viewers-refused", stats.refused_viewers},
      {"viewers-dropped", stats.dropped_clients},
      {"viewers-lost-in-handover", stats.handover_lost},
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

struct HttpStreamer::SinkLink {
  std::mutex mutex;
  HttpServer *server = nullptr; // null once the component stops
  FormatTracker tracker;
  flu::sdk::Host config;
  explicit SinkLink(const flu::sdk::Host &c) : config(c) {}
};

namespace {

using Link = std::shared_ptr<HttpStreamer::SinkLink>;

GstFlowReturn on_new_sample(GstAppSink *sink, gpointer data) {
  auto &link = *static_cast<Link *>(data);
  GstSample *sample = gst_app_sink_pull_sample(sink);
  if (!sample)
    return GST_FLOW_FLUSHING;
  GstFlowReturn ret = GST_FLOW_OK;
  {
    std::lock_guard lock(link->mutex);
    GstBuffer *buffer = gst_sample_get_buffer(sample);
    if (link->server && buffer) {
      try {
        auto step = link->tracker.take(gst_sample_get_caps(sample), buffer);
        if (step.new_format) {
          link->config.log(FLU_LOG_INFO,
                           "serving " + step.new_format->content_type + " with " +
                               std::to_string(step.new_format->headers.size()) +
                               " header buffers");
          link->server->push_format(std::move(*step.new_format));
        }
        if (step.data)
          link->server->push_chunk(std::move(step.data));
      } catch (const std::exception &e) {
        link->config.message(FLU_MESSAGE_ERROR, "http-streamer-buffer", e.what());
        ret = GST_FLOW_ERROR;
      }
    }
  }
  gst_sample_unref(sample);
  return ret;
}

void on_eos(GstAppSink *, gpointer data) {
  auto &link = *static_cast<Link *>(data);
  std::lock_guard lock(link->mutex);
  if (link->server)
    link->server->push_eos();
}

void free_link(gpointer data) { delete static_cast<Link *>(data); }

} // namespace

std::string HttpStreamer::pipeline(const flu::sdk::Host &) {
  // No sync: a live stream goes out as it comes. No last-sample: the log
  // holds what must stay alive, nothing else.
  return std::string("@eater:default@ ! appsink name=") + kSinkName +
         " sync=false enable-last-sample=false wait-on-eos=false";
}

HttpStreamer::HttpStreamer(const flu::sdk::Host &config, GstElement *pipeline)
    : config_(config) {
  const uint64_t fd_limit = raise_fd_limit();
  StreamerSettings settings = read_settings(config, fd_limit);

  const flu::sdk::Host cfg = config;
  ServerHooks hooks;
  hooks.log = [cfg](flu_log_level level, const std::string &text) {
    cfg.log(level, text);
  };
  hooks.fail = [cfg](const std::string &text) {
    cfg.message(FLU_MESSAGE_ERROR, "http-streamer-network", text);
  };
  if (!settings.bouncer.empty())
    hooks.authorize = [cfg,
                       bouncer = settings.bouncer](const KeycardFields &keycard,
                                                   std::function<void(AuthResult)> done) {
      flu::sdk::authenticate(cfg, bouncer, keycard, std::move(done));
    };
  hooks.stats = [cfg, published = std::map<std::string, std::string>()](
                    const StreamerStats &stats) mutable {
    publish_stats(cfg, stats, published);
  };
  const std::string url_base = "http://" + settings.hostname + ":";
  const std::string mount = settings.mount_point;
  const int64_t client_limit = settings.client_limit;
  // What another streamer's redirect-on-overflow chooses by (edge_choice.hpp).
  hooks.component_state = [cfg](const std::string &id, const std::string &key) {
    return flu::sdk::component_state(cfg, id, key);
  };
  cfg.ui_state("client-limit", std::to_string(client_limit));
  cfg.ui_state("bandwidth-limit", std::to_string(settings.bandwidth_limit_bps));
  cfg.ui_state("draining", "no");
  hooks.listening = [cfg, url_base, mount, client_limit, fd_limit](uint16_t port) {
    cfg.ui_state("url", url_base + std::to_string(port) + mount);
    cfg.log(FLU_LOG_INFO, "listening on port " + std::to_string(port) + ", at most " +
                              std::to_string(client_limit) +
                              " viewers (descriptor limit " + std::to_string(fd_limit) +
                              ")");
    cfg.message(FLU_MESSAGE_INFO, "http-streamer-url",
                "Streaming at " + url_base + std::to_string(port) + mount);
  };
  // Started to take over a running streamer: its port and viewers come
  // from the old job (handover_in), or it binds once the handover ends.
  const bool adopt = config.handover_pending();
  if (adopt)
    config.log(FLU_LOG_INFO, "waiting for the running streamer's viewers");
  server_ = std::make_unique<HttpServer>(settings, std::move(hooks), adopt);
  if (settings.behind_porter) {
    HttpServer *server = server_.get();
    const std::string where = settings.porter_socket_path + " " + mount;
    porter_ = std::make_unique<flu::sdk::PorterClient>(
        flu::sdk::PorterClientSettings{settings.porter_socket_path,
                                       settings.porter_username,
                                       settings.porter_password,
                                       {mount},
                                       {}},
        [server](int fd, std::string bytes, std::string) {
          server->take_connection(fd, std::move(bytes));
        },
        [cfg](flu_log_level level, const std::string &text) { cfg.log(level, text); },
        [cfg, where](bool registered, const std::string &why) {
          cfg.ui_state("porter", registered ? "registered" : "waiting: " + why);
          if (registered)
            cfg.message(FLU_MESSAGE_INFO, "http-streamer-url",
                        "Streaming through the porter at " + where);
        });
  }

  appsink_ = gst_bin_get_by_name(GST_BIN(pipeline), kSinkName);
  if (!appsink_ || !GST_IS_APP_SINK(appsink_)) {
    if (appsink_)
      gst_object_unref(appsink_);
    throw std::runtime_error(std::string("the pipeline has no appsink named ") +
                             kSinkName);
  }

  link_ = std::make_shared<SinkLink>(config);
  link_->server = server_.get();
  GstAppSinkCallbacks callbacks{};
  callbacks.eos = &on_eos;
  callbacks.new_sample = &on_new_sample;
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink_), &callbacks, new Link(link_),
                             &free_link);
}

HttpStreamer::~HttpStreamer() {
  {
    // After this, a callback still running on the streaming thread touches
    // nothing of ours.
    std::lock_guard lock(link_->mutex);
    link_->server = nullptr;
  }
  GstAppSinkCallbacks none{};
  gst_app_sink_set_callbacks(GST_APP_SINK(appsink_), &none, nullptr, nullptr);
  porter_.reset(); // no new viewers from the porter
  server_.reset(); // closes the viewers and joins the network thread
  gst_object_unref(appsink_);
}

StreamerStats HttpStreamer::stats() const { return server_->stats(); }

std::string HttpStreamer::invoke(const std::string &method,
                                 const std::vector<std::string> &args) {
  if (method == "viewers" && args.empty()) {
    std::string out;
    for (const Viewer &v : server_->viewers())
      out += "address=" + v.address + " seconds=" + std::to_string(v.connected_seconds) +
             " bytes=" + std::to_string(v.bytes_sent) +
             (v.keycard_id.empty() ? "" : " keycard=" + v.keycard_id) + "\n";
    return out;
  }
  if (method == "disconnect" && args.size() == 1)
    return std::to_string(server_->disconnect(args[0]));
  if (method == "set-title") {
    // The words of the title, as a command line splits them, or one argument.
    std::string title;
    for (const auto &word : args)
      title += (title.empty() ? "" : " ") + word;
    server_->set_title(title);
    config_.ui_state("title", title);
    return "";
  }
  if (method == "set-draining" && args.size() == 1 &&
      (args[0] == "yes" || args[0] == "no")) {
    server_->set_draining(args[0] == "yes");
    config_.ui_state("draining", args[0]);
    config_.log(FLU_LOG_INFO, args[0] == "yes"
                                  ? "draining: new viewers go to the edges"
                                  : "no longer draining: taking new viewers");
    return "";
  }
  throw std::runtime_error(
      "http-streamer has no method '" + method + "' with " + std::to_string(args.size()) +
      " arguments; it has: viewers, disconnect ADDRESS, set-title TITLE (ICY listeners), "
      "set-draining yes|no");
}

void HttpStreamer::keycard_expired(const std::string &keycard_id) {
  server_->expire_keycard(keycard_id);
}

void HttpStreamer::handover_out() {
  const flu::sdk::Host cfg = config_;
  server_->hand_over({[cfg](const std::string &key, const std::string &data, int fd) {
                        cfg.handover_send(key, data, fd);
                      },
                      [cfg](const std::string &error) { cfg.handover_done(error); }});
}

void HttpStreamer::handover_in(const std::string &key, std::string_view data, int fd) {
  try {
    if (key == "listener" && fd >= 0)
      return server_->take_listener(fd);
    if (key == "viewer" && fd >= 0)
      return server_->take_viewer(decode_viewer(std::string(data)), fd);
    if (key == "counters")
      return server_->take_counters(decode_counters(std::string(data)));
    config_.log(FLU_LOG_WARNING, "unknown handover item " + key + ": ignored");
  } catch (const std::exception &e) {
    config_.log(FLU_LOG_WARNING, "handover item " + key + " refused: " + e.what());
  }
  if (fd >= 0)
    ::close(fd);
}

void HttpStreamer::handover_end(const std::string &error) {
  if (!error.empty())
    config_.log(FLU_LOG_WARNING,
                "the handover failed (" + error + "); going on as a fresh start");
  server_->end_adoption(error.empty());
}

} // namespace flu::http_streamer
