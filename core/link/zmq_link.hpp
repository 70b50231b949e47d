// A ZeroMQ socket driven by Boost.Asio: the manager's ROUTER and the DEALER
// of every worker and admin.
//
// ZMQ_FD only says "something may have changed", so every wake-up drains
// all queued messages and every send re-checks for input
// (shared/reference/stack.md §6). Linger is 0: a dead peer never hangs
// shutdown. Frames are checked against the envelope rules before anyone
// sees them; a bad one is dropped with a log line naming the peer.
#pragma once

#include "message/envelope.hpp"

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::link {

struct Peer {
  std::string identity; // the DEALER's routing id ("" on a DEALER's side)
  std::string address;  // the remote IP as ZeroMQ saw it, when known
};

// A peer's routing id fit for a log line: control and non-ASCII bytes
// become '?', so that a hostile id cannot forge log lines.
std::string printable_id(const std::string &identity);

class ZmqLink {
public:
  using FrameHandler = std::function<void(const Peer &, const message::Envelope &)>;

  // Log lines say `who`. Frames larger than max_frame_bytes are refused.
  ZmqLink(boost::asio::io_context &io, std::string who, std::size_t max_frame_bytes,
          FrameHandler on_frame);
  ~ZmqLink();
  ZmqLink(const ZmqLink &) = delete;
  ZmqLink &operator=(const ZmqLink &) = delete;

  // The manager's side. Returns the endpoint actually bound.
  std::string bind_router(const std::string &endpoint);
  // A peer's side; identity is its stable routing id.
  void connect_dealer(const std::string &endpoint, const std::string &identity);

  // To a ROUTER peer by identity, or (DEALER) to the manager with "".
  // False when the peer is unknown or gone.
  bool send(const std::string &identity, const std::string &frame);

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::link
