// What the manager's parts share while it runs: the io_context and the
// ZeroMQ link. Kept out of manager.hpp so that Asio stays
// out of everything that includes it.
#pragma once

#include "link/zmq_link.hpp"
#include "manager.hpp"
#include "scrape/scrape_server.hpp"

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
  std::unique_ptr<scrape::ScrapeServer> metrics; // --metrics-bind; after io, gone first
};

} // namespace flu::manager
