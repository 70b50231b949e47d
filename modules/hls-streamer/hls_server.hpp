// The hls-streamer's network side: its own port or a porter's sockets, one
// Asio io_context on one thread, keep-alive connections each asking the
// Catalog for playlists and segments. Asio stays in hls_server.cpp.
#pragma once

#include "playlist.hpp"

#include <flu/module.h>
#include <flu/sdk/viewer_auth.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::hls {

struct ServerSettings {
  uint16_t port = 8800;
  bool behind_porter = false;    // no port: take_connection() brings viewers
  std::string mount_point = "/"; // ends in '/'
  std::string cors_origin;       // "": no CORS headers
  std::string page;              // "": no player page at MOUNT/index.html
  // Flumotion's hls-url joined with the mount point, ending in '/': the
  // playlists' URIs are absolute below it; "": relative URIs.
  std::string base_url;
  std::chrono::seconds request_timeout{15}; // for each request of a connection
  size_t client_limit = 1000;
  // Proxies whose X-Forwarded-For names the viewer (normalised addresses).
  std::vector<std::string> trusted_proxies;
  std::string access_log; // "" for none
  uint64_t access_log_max_bytes = 0;
  // How long a viewer the bouncer admitted is not asked again (Flumotion's
  // session-timeout): a player asks for a playlist and a segment every few
  // seconds, the bouncer need not hear each.
  std::chrono::seconds session_timeout{30};
};

struct ServerStats {
  uint64_t connections = 0; // now
  uint64_t peak = 0;
  uint64_t requests = 0;
  uint64_t bytes_sent = 0;
  uint64_t not_found = 0;
  uint64_t refused = 0; // by the bouncer
};

struct ServerHooks {
  std::function<void(flu_log_level, const std::string &)> log;
  std::function<void(const std::string &)> fail;
  std::function<void(const ServerStats &)> stats;
  // Set when a bouncer lets viewers in: asks it about a keycard; `done` may
  // run on any thread.
  std::function<void(const flu::sdk::KeycardFields &,
                     std::function<void(flu::sdk::AuthResult)> done)>
      authorize;
};

class HlsServer {
public:
  // Binds the port unless behind a porter (throws naming what is wrong).
  HlsServer(ServerSettings settings, const Catalog &catalog, ServerHooks hooks);
  ~HlsServer();
  HlsServer(const HlsServer &) = delete;
  HlsServer &operator=(const HlsServer &) = delete;

  uint16_t port() const;
  // From any thread: a socket from the porter and the bytes it read.
  void take_connection(int fd, std::string bytes);

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::hls
