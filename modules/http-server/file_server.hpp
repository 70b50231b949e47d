// The on-demand server's network side: its own port or a porter's sockets,
// one Asio io_context on one thread, each connection reading its request
// and sending one file (or a part of it, or a listing). Asio stays behind
// the pimpl.
#pragma once

#include "file_cache.hpp"
#include "origin_cache.hpp"

#include <flu/module.h>
#include <flu/sdk/viewer_auth.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::http_server {

struct ServerSettings {
  uint16_t port = 8800;
  bool behind_porter = false;    // no port: take_connection() brings viewers
  std::string mount_point = "/"; // ends in '/'
  std::filesystem::path root;    // canonical
  bool allow_browsing = false;
  uint64_t rate_bytes_per_second = 0; // per connection; 0: no limit
  uint64_t max_level_bytes = 0;       // the burst a limited connection may send
  std::chrono::seconds request_timeout{10};
  size_t max_request_bytes = 8192;
  size_t client_limit = 1000;
  // Proxies whose X-Forwarded-For names the viewer (normalised addresses).
  std::vector<std::string> trusted_proxies;
  std::string cors_origin; // "": no CORS headers
  std::string access_log;  // "" for none
  uint64_t access_log_max_bytes = 0;
  CacheSettings cache; // dir empty: files come from root alone
  // host set: files come from an origin server instead of root.
  OriginSettings origin;
};

struct ServerStats {
  uint64_t connections = 0; // now
  uint64_t peak = 0;
  uint64_t requests = 0;
  uint64_t bytes_sent = 0;
  uint64_t not_found = 0;
  uint64_t refused = 0; // 400, 401, 403, 405, 416, 503
  bool cached = false;  // a cache directory is in use
  CacheStats cache;
};

struct ServerHooks {
  std::function<void(flu_log_level, const std::string &)> log;
  std::function<void(const std::string &)> fail;
  std::function<void(const ServerStats &)> stats;
  // Set when a bouncer lets viewers in: asks it about a viewer's keycard;
  // the answer comes on the component's main thread.
  std::function<void(const flu::sdk::KeycardFields &,
                     std::function<void(flu::sdk::AuthResult)>)>
      authorize;
};

class FileServer {
public:
  // Binds the port unless behind a porter (throws naming what is wrong).
  FileServer(ServerSettings settings, ServerHooks hooks);
  ~FileServer();
  FileServer(const FileServer &) = delete;
  FileServer &operator=(const FileServer &) = delete;

  uint16_t port() const;
  // From any thread: a socket from the porter and the bytes it read.
  void take_connection(int fd, std::string bytes);

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::http_server
