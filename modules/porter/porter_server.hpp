// The porter's network side: the public TCP port, where it reads each
// viewer's request head, and the Unix socket where streamers log in and
// register paths. Each head it reads sends the viewer's socket, with the
// bytes read, to the streamer holding the path (SCM_RIGHTS): the porter
// never carries media. One Asio io_context on one thread; Asio stays behind
// the pimpl.
#pragma once

#include <flu/module.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flu::porter {

struct PorterSettings {
  uint16_t port = 8800;
  std::string interface;   // "": every address
  std::string socket_path; // the streamers' socket
  unsigned socket_mode = 0666;
  bool require_password = true;
  std::string username;
  std::string password;
  // The planet's bouncer streamers log in with (their username and password
  // as a keycard) instead of username/password; "": none.
  std::string bouncer;
  std::chrono::seconds request_timeout{10}; // for a viewer's request head
  size_t max_request_bytes = 8192;
  size_t max_pending = 1024;           // viewers not yet handed over, in all
  size_t max_pending_per_address = 64; // ... and from one address
  size_t max_streamers = 256;          // logged in or trying to
  // Balancer paths: each new viewer of the path is redirected (302) to the
  // least-loaded of these http-streamers (component ids), by the state the
  // manager replicates (flu::sdk::LeastLoaded).
  std::vector<std::pair<std::string, std::vector<std::string>>> balancers;
};

struct PorterStats {
  uint64_t handed_over = 0;  // viewers given to a streamer
  uint64_t not_found = 0;    // 404: nobody holds the path
  uint64_t bad_requests = 0; // 400, or no head before the timeout
  uint64_t refused = 0;      // over a pending cap
  uint64_t unavailable = 0;  // 503: every streamer of the path failed to take it
  uint64_t pending = 0;      // now
  uint64_t streamers = 0;    // logged in now
  uint64_t routes = 0;       // paths and prefixes held now
  uint64_t redirected = 0;   // 302: sent on by a balancer path
};

struct PorterHooks {
  std::function<void(flu_log_level, const std::string &)> log;
  std::function<void(const std::string &)> fail;  // the network thread died
  std::function<void(const PorterStats &)> stats; // every 2 s, network thread
  // Another component's replicated state (flu::sdk::component_state), for the
  // balancer paths; network thread, never waits.
  std::function<std::optional<std::string>(const std::string &, const std::string &)>
      component_state;
  // Asks settings.bouncer about a streamer's keycard; `done` (ok, the
  // keycard's id when ok, why not otherwise) may come on any thread.
  std::function<void(
      std::vector<std::pair<std::string, std::string>> keycard,
      std::function<void(bool, const std::string &id, const std::string &why)> done)>
      authorize;
  // A streamer's login ended because the bouncer expired its keycard: the
  // operator hears of it (network thread).
  std::function<void(const std::string &)> login_ended;
};

class PorterServer {
public:
  // Binds both sockets (throws std::runtime_error naming what is wrong) and
  // starts the network thread.
  PorterServer(PorterSettings settings, PorterHooks hooks);
  ~PorterServer(); // closes everything, removes the socket file
  PorterServer(const PorterServer &) = delete;
  PorterServer &operator=(const PorterServer &) = delete;

  uint16_t port() const;
  // "path streamer-ids" lines, from any thread.
  std::string routes();
  // The bouncer expired keycard `id`: the streamer that logged in with it is
  // dropped (its paths freed); it logs in again and is decided anew. Any
  // thread.
  void expire_keycard(const std::string &id);

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::porter
