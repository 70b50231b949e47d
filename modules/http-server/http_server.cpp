// The http-server component (see http_server.hpp).
#include "http_server.hpp"

#include "file_server.hpp"

#include <flu/sdk/forwarded_for.hpp>

#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>
#include <string_view>

namespace flu::http_server {

namespace {

ServerSettings read_settings(const flu::sdk::Host &config) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  ServerSettings s;
  const bool from_origin = config.has("virtual-hostname");
  if (!from_origin && !config.has("path"))
    throw std::runtime_error(
        "set 'path' (a directory) or 'virtual-hostname' (an origin)");
  if (!from_origin) {
    const std::string path = config.string("path");
    std::error_code ec;
    s.root = std::filesystem::canonical(path, ec);
    if (ec || !std::filesystem::is_directory(s.root))
      throw std::runtime_error("path " + path + " is not a directory that can be served" +
                               (ec ? ": " + ec.message() : std::string()));
  }
  s.mount_point = config.string("mount-point");
  if (s.mount_point.empty() || s.mount_point.front() != '/')
    s.mount_point.insert(s.mount_point.begin(), '/');
  if (s.mount_point.back() != '/')
    s.mount_point += '/';
  s.port = static_cast<uint16_t>(config.integer("port", 0, 65535));
  s.allow_browsing = config.boolean("allow-browsing");
  // ratecontroller-fixed's rate is in bit/s.
  s.rate_bytes_per_second = static_cast<uint64_t>(config.integer("rate", 0, kMax) / 8);
  s.max_level_bytes = static_cast<uint64_t>(config.integer("max-level", 0, kMax));
  s.request_timeout = std::chrono::seconds(config.integer("request-timeout", 1, 3600));
  s.client_limit = static_cast<size_t>(config.integer("client-limit", 1, kMax));
  s.trusted_proxies = flu::sdk::trusted_proxies(config.strings("trusted-proxy"));
  if (config.has("cors-origin"))
    s.cors_origin = config.string("cors-origin");
  for (const char c : s.cors_origin)
    if (static_cast<unsigned char>(c) < 0x20)
      throw std::runtime_error("cors-origin holds a control character");
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
  // fileprovider-localcached's properties; without cleanup the original
  // serves files from their directory alone.
  if (from_origin && !config.has("cache-dir"))
    throw std::runtime_error(
        "virtual-hostname needs a cache-dir to keep the origin's files");
  if (config.has("cache-dir") && (from_origin || config.boolean("cleanup-enabled"))) {
    s.cache.dir = config.string("cache-dir");
    s.cache.root = s.root;
    s.cache.size_bytes =
        static_cast<uint64_t>(config.integer("cache-size", 1, kMax / 1'000'000)) *
        1'000'000;
    s.cache.high_watermark = config.real("cleanup-high-watermark");
    s.cache.low_watermark = config.real("cleanup-low-watermark");
    if (!(s.cache.low_watermark >= 0 && s.cache.low_watermark <= s.cache.high_watermark &&
          s.cache.high_watermark <= 1))
      throw std::runtime_error(
          "cleanup-low-watermark and cleanup-high-watermark must be fractions of "
          "cache-size with low <= high");
  }
  if (from_origin) {
    s.origin.host = config.string("virtual-hostname");
    s.origin.port = static_cast<uint16_t>(config.integer("virtual-port", 1, 65535));
    s.origin.path = config.string("virtual-path");
    if (s.origin.path.empty() || s.origin.path.front() != '/')
      s.origin.path.insert(s.origin.path.begin(), '/');
    if (s.origin.path.back() != '/')
      s.origin.path += '/';
    s.origin.cache = s.cache;
    s.cache = {}; // the origin's cache, not one of 'path'
    s.origin.ttl = std::chrono::seconds(config.integer("cache-ttl", 0, kMax / 1000));
    s.origin.connect_timeout =
        std::chrono::seconds(config.integer("connection-timeout", 1, 3600));
    s.origin.idle_timeout = std::chrono::seconds(config.integer("idle-timeout", 1, 3600));
  }
  return s;
}

} // namespace

std::string HttpServer::pipeline(const flu::sdk::Host &) {
  return "appsrc name=flu-http-server-idle is-live=true ! fakesink async=false";
}

HttpServer::HttpServer(const flu::sdk::Host &config, GstElement *) {
  ServerSettings settings = read_settings(config);
  const flu::sdk::Host cfg = config;
  ServerHooks hooks;
  hooks.log = [cfg](flu_log_level level, const std::string &text) {
    cfg.log(level, text);
  };
  hooks.fail = [cfg](const std::string &text) {
    cfg.message(FLU_MESSAGE_ERROR, "http-server-network", text);
  };
  hooks.stats = [cfg, published = std::map<std::string, std::string>()](
                    const ServerStats &st) mutable {
    const std::pair<const char *, uint64_t> entries[] = {
        {"connections", st.connections}, {"connections-peak", st.peak},
        {"requests", st.requests},       {"bytes-sent", st.bytes_sent},
        {"not-found", st.not_found},     {"refused", st.refused},
        {"cache-hits", st.cache.hits},   {"cache-misses", st.cache.misses},
        {"cache-bytes", st.cache.bytes}, {"cache-evicted", st.cache.evicted},
    };
    for (const auto &[key, value] : entries) {
      if (!st.cached && std::string_view(key).rfind("cache-", 0) == 0)
        continue;
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
  // What is served, as messages name it: a directory or an origin.
  const std::string root = settings.origin.host.empty()
                               ? settings.root.string()
                               : "http://" + settings.origin.host + ":" +
                                     std::to_string(settings.origin.port) +
                                     settings.origin.path;
  const bool behind_porter = settings.behind_porter;
  server_ = std::make_unique<FileServer>(std::move(settings), std::move(hooks));
  if (!behind_porter) {
    cfg.message(FLU_MESSAGE_INFO, "http-server-url",
                "Serving " + root + " at http://" + config.string("hostname") + ":" +
                    std::to_string(server_->port()) + mount);
    return;
  }
  if (!config.has("porter-socket-path"))
    throw std::runtime_error(
        "type slave needs porter-socket-path (and porter-username, porter-password)");
  const std::string socket_path = config.string("porter-socket-path");
  FileServer *server = server_.get();
  porter_ = std::make_unique<flu::sdk::PorterClient>(
      flu::sdk::PorterClientSettings{
          socket_path,
          config.has("porter-username") ? config.string("porter-username") : "",
          config.has("porter-password") ? config.string("porter-password") : "",
          {mount.substr(0, mount.size() - 1)}, // "/files" redirects to "/files/"
          {mount}},
      [server](int fd, std::string bytes, std::string) {
        server->take_connection(fd, std::move(bytes));
      },
      [cfg](flu_log_level level, const std::string &text) { cfg.log(level, text); },
      [cfg, socket_path, mount, root](bool registered, const std::string &why) {
        cfg.ui_state("porter", registered ? "registered" : "waiting: " + why);
        if (registered)
          cfg.message(FLU_MESSAGE_INFO, "http-server-url",
                      "Serving " + root + " through the porter at " + socket_path + " " +
                          mount);
      });
}

HttpServer::~HttpServer() {
  porter_.reset(); // no new viewers from the porter
  server_.reset();
}

} // namespace flu::http_server
