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
  std::string identity; // ROUTER-made routing id ("" on a DEALER's side)
  std::string address;  // the remote IP as ZeroMQ saw it, when known
};

// The manager's side of CURVE: its long-term secret key (Z85). Insecure
// means no encryption and no server authentication; it is logged loudly
// (a warning that begins "INSECURE:").
struct ServerSecurity {
  bool insecure = false;
  std::string secret_key;
};

// A peer's side: the manager's public key it pins (Z85). Each connection
// uses a fresh client key pair: peers prove who they are with keycards.
// Insecure is logged loudly too.
struct ClientSecurity {
  bool insecure = false;
  std::string server_key;
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

  // The manager's side. Returns the endpoint actually bound. Peers cannot
  // choose their routing id, so one peer cannot take over another's route.
  // With CURVE every client key is accepted (ZAP logs it at debug level):
  // peers prove who they are with keycards. A refused connection (a peer
  // pinning another key, an insecure peer, bytes that are not ZMTP) is
  // logged as a warning naming the peer, e.g. "refused a connection from
  // 127.0.0.1:53412: CURVE handshake failed (the peer does not have this
  // manager's key?)"; "from an unknown address" when the connection was gone
  // before its address could be read (see socket_monitor.hpp). Throws
  // std::invalid_argument for a malformed key, zmq::error_t when the
  // endpoint cannot be bound; the link is then as before.
  std::string bind_router(const std::string &endpoint, const ServerSecurity &security);
  // A peer's side. Throws as bind_router() does.
  void connect_dealer(const std::string &endpoint, const ClientSecurity &security);
  // A peer's side: drops the connection and makes a new one (new routing
  // id, new client key, new handshake), for when the manager went silent.
  // Queued frames are dropped. Throws std::logic_error on a ROUTER.
  void reconnect();
  // A peer's side: the handshake with the manager failed. Called on the
  // io_context's thread (posted: it may reconnect() or destroy the link),
  // once per run of failures (again only after a handshake succeeded or
  // reconnect()); the text is also logged as a warning. `why` names the
  // endpoint, e.g. "the manager at tcp://host:8642 closed the connection
  // during the CURVE handshake: is the pinned manager key right?" (a wrong
  // key shows only as that, reported at the second such close in a row), or
  // "... does not speak CURVE: is it running insecure?". After an explicit
  // refusal (a mechanism mismatch) ZeroMQ stops retrying: reconnect() to
  // try again.
  void on_handshake_failed(std::function<void(const std::string &why)> handler);

  // To a ROUTER peer by identity, or (DEALER) to the manager with "".
  // False when the peer is unknown or gone.
  bool send(const std::string &identity, const std::string &frame);

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::link
