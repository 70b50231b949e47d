// The hls-streamer component (see hls_streamer.hpp).
#include "hls_streamer.hpp"

#include "hls_server.hpp"
#include "player_page.hpp"
#include "playlist.hpp"
#include "segment_keys.hpp"
#include "segmenter.hpp"

#include <flu/sdk/forwarded_for.hpp>

#include <limits>
#include <map>
#include <stdexcept>

namespace flu::hls {

namespace {

// A name that goes into a URL path as it is: no '/', no escapes needed.
std::string plain_name(const flu::sdk::Host &config, const char *property) {
  const std::string value = config.string(property);
  if (value.empty())
    throw std::runtime_error(std::string(property) + " must not be empty");
  for (const char c : value)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      throw std::runtime_error(std::string(property) + " '" + value +
                               "' may hold only letters, digits, '-', '_' and '.'");
  return value;
}

SegmentFormat segment_format(const flu::sdk::Host &config) {
  const std::string format = config.string("segment-format");
  if (format == "ts")
    return SegmentFormat::ts;
  if (format == "fmp4")
    return SegmentFormat::fmp4;
  throw std::runtime_error(
      "segment-format must be ts (MPEG-TS) or fmp4 (fragmented MP4), "
      "got '" +
      format + "'");
}

WindowSettings window_settings(const flu::sdk::Host &config) {
  WindowSettings w;
  w.format = segment_format(config);
  w.target_seconds = static_cast<uint32_t>(config.integer("fragment-duration", 1, 60));
  w.min_window = static_cast<size_t>(config.integer("min-window", 1, 100));
  w.max_window = static_cast<size_t>(config.integer("max-window", 1, 1000));
  if (w.min_window > w.max_window)
    throw std::runtime_error("min-window (" + std::to_string(w.min_window) +
                             ") must not exceed max-window (" +
                             std::to_string(w.max_window) + ")");
  w.extra = config.has("max-extra-buffers")
                ? static_cast<size_t>(config.integer("max-extra-buffers", 0, 1000))
                : w.max_window + 1; // Flumotion's default
  w.key_rotation = static_cast<uint32_t>(config.integer("key-rotation", 0, 100000));
  if (w.key_rotation > 0) {
    w.new_key = &new_segment_key;
    w.encrypt = &encrypt_segment;
  }
  w.fragment_prefix = plain_name(config, "fragment-prefix");
  w.main_playlist = plain_name(config, "main-playlist");
  w.stream_playlist = plain_name(config, "stream-playlist");
  return w;
}

ServerSettings server_settings(const flu::sdk::Host &config, const WindowSettings &w) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  ServerSettings s;
  s.mount_point = config.string("mount-point");
  if (s.mount_point.empty() || s.mount_point.front() != '/')
    s.mount_point.insert(s.mount_point.begin(), '/');
  if (s.mount_point.back() != '/')
    s.mount_point += '/';
  s.port = static_cast<uint16_t>(config.integer("port", 0, 65535));
  s.request_timeout = std::chrono::seconds(config.integer("request-timeout", 1, 3600));
  s.client_limit = static_cast<size_t>(config.integer("client-limit", 1, kMax));
  s.session_timeout = std::chrono::seconds(config.integer("session-timeout", 0, 86400));
  if (config.has("cors-origin"))
    s.cors_origin = config.string("cors-origin");
  s.trusted_proxies = flu::sdk::trusted_proxies(config.strings("trusted-proxy"));
  if (config.has("hls-url"))
    s.base_url = hls_base_url(config.string("hls-url"), s.mount_point);
  if (config.has("access-log"))
    s.access_log = config.string("access-log");
  s.access_log_max_bytes =
      static_cast<uint64_t>(config.integer("access-log-max-bytes", 0, kMax));
  const std::string type = config.string("type");
  if (type != "master" && type != "slave")
    throw std::runtime_error("type must be master (own port) or slave (behind a porter), "
                             "got '" +
                             type + "'");
  s.behind_porter = type == "slave";
  if (config.boolean("html5-page"))
    s.page = player_page(s.mount_point, w.main_playlist,
                         config.has("hls-js-url") ? config.string("hls-js-url") : "");
  return s;
}

} // namespace

std::string HlsStreamer::pipeline(const flu::sdk::Host &config) {
  const uint32_t feeds = config.feed_count("default");
  if (feeds == 0)
    throw std::runtime_error("the hls-streamer eats at least one MPEG-TS feed");
  return Segmenter::pipeline(
      feeds, static_cast<uint32_t>(config.integer("fragment-duration", 1, 60)),
      segment_format(config));
}

HlsStreamer::HlsStreamer(const flu::sdk::Host &config, GstElement *pipeline) {
  const uint32_t feeds = config.feed_count("default");
  WindowSettings window = window_settings(config);
  ServerSettings settings = server_settings(config, window);
  const uint32_t target_seconds = window.target_seconds;
  const SegmentFormat format = window.format;
  catalog_ = std::make_unique<Catalog>(std::move(window), feeds);
  const flu::sdk::Host cfg = config;
  segmenter_ = std::make_unique<Segmenter>(
      pipeline, *catalog_, feeds, target_seconds, format,
      [cfg](const std::string &text) { cfg.log(FLU_LOG_WARNING, text); });
  ServerHooks hooks;
  hooks.log = [cfg](flu_log_level level, const std::string &text) {
    cfg.log(level, text);
  };
  hooks.fail = [cfg](const std::string &text) {
    cfg.message(FLU_MESSAGE_ERROR, "hls-streamer-network", text);
  };
  hooks.stats =
      [cfg, catalog = catalog_.get(), feeds,
       published = std::map<std::string, std::string>()](const ServerStats &st) mutable {
        std::map<std::string, uint64_t> entries = {
            {"connections", st.connections}, {"connections-peak", st.peak},
            {"requests", st.requests},       {"bytes-sent", st.bytes_sent},
            {"not-found", st.not_found},     {"refused", st.refused}};
        for (uint32_t i = 0; i < feeds; ++i)
          entries["rendition:" + std::to_string(i) + ":segments"] = catalog->segments(i);
        for (const auto &[key, value] : entries) {
          const std::string text = std::to_string(value);
          auto [it, inserted] = published.try_emplace(key, text);
          if (!inserted && it->second == text)
            continue;
          it->second = text;
          cfg.ui_state(key, text);
        }
      };
  if (config.has("bouncer")) {
    const std::string bouncer = config.string("bouncer");
    if (!flu::sdk::host_authenticates(config))
      throw std::runtime_error("bouncer " + bouncer +
                               " is set, but this host cannot ask bouncers (ABI 1.0)");
    hooks.authorize = [cfg, bouncer](const flu::sdk::KeycardFields &keycard,
                                     std::function<void(flu::sdk::AuthResult)> done) {
      flu::sdk::authenticate(cfg, bouncer, keycard, std::move(done));
    };
  }
  const std::string mount = settings.mount_point;
  const std::string main = catalog_->main_playlist_name();
  const bool behind_porter = settings.behind_porter;
  server_ = std::make_unique<HlsServer>(std::move(settings), *catalog_, std::move(hooks));
  if (!behind_porter) {
    cfg.message(FLU_MESSAGE_INFO, "hls-streamer-url",
                "Serving HLS at http://" + config.string("hostname") + ":" +
                    std::to_string(server_->port()) + mount + main);
    return;
  }
  if (!config.has("porter-socket-path"))
    throw std::runtime_error(
        "type slave needs porter-socket-path (and porter-username, porter-password)");
  const std::string socket_path = config.string("porter-socket-path");
  HlsServer *server = server_.get();
  porter_ = std::make_unique<flu::sdk::PorterClient>(
      flu::sdk::PorterClientSettings{
          socket_path,
          config.has("porter-username") ? config.string("porter-username") : "",
          config.has("porter-password") ? config.string("porter-password") : "",
          {},
          {mount}},
      [server](int fd, std::string bytes, std::string) {
        server->take_connection(fd, std::move(bytes));
      },
      [cfg](flu_log_level level, const std::string &text) { cfg.log(level, text); },
      [cfg, socket_path, mount, main](bool registered, const std::string &why) {
        cfg.ui_state("porter", registered ? "registered" : "waiting: " + why);
        if (registered)
          cfg.message(FLU_MESSAGE_INFO, "hls-streamer-url",
                      "Serving HLS through the porter at " + socket_path + " " + mount +
                          main);
      });
}

HlsStreamer::~HlsStreamer() {
  porter_.reset(); // no new viewers from the porter
  server_.reset();
  segmenter_.reset();
}

std::string HlsStreamer::invoke(const std::string &method,
                                const std::vector<std::string> &) {
  if (method == "master-playlist")
    return catalog_->master_playlist();
  throw std::runtime_error("unknown method " + method + " (try master-playlist)");
}

} // namespace flu::hls
