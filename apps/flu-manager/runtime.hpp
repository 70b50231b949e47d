// What the manager's parts share while it runs: the io_context, the ZeroMQ
// link and the relays in flight. Kept out of manager.hpp so that Asio stays
// out of everything that includes it.
#pragma once

#include "link/zmq_link.hpp"
#include "manager.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace flu::manager {

inline const char *const who = "manager";

inline int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Manager::Runtime {
  explicit Runtime(Manager &m)
      : link(io, who, m.options_.max_frame_bytes,
             [&m](const link::Peer &peer, const message::Envelope &e) {
               m.on_frame(peer.identity, peer.address, e);
             }),
        signals(io, SIGINT, SIGTERM), tick(io) {}
  boost::asio::io_context io;
  link::ZmqLink link;
  boost::asio::signal_set signals;
  boost::asio::steady_timer tick;
  pid_t local_worker = 0;
};

// Requests the manager passes on and whose answers it routes back.
struct Manager::Relay {
  struct Invoke {
    std::string admin; // routing id
    uint32_t request_id = 0;
    std::string target;
    int64_t deadline_ms = 0;
  };
  struct Auth {
    std::string requester; // avatar id
    uint64_t request = 0;  // the requester's own id
    std::string bouncer;   // avatar id
    int64_t deadline_ms = 0;
  };
  // A keycard an atmosphere bouncer issued to a component.
  struct Keycard {
    std::string bouncer;
    std::string requester;
  };
  uint64_t next = 1;
  std::map<uint64_t, Invoke> invokes;
  std::map<uint64_t, Auth> auths;
  std::map<std::string, Keycard> keycards; // by keycard id
};

} // namespace flu::manager
