// A peer's session with the manager (a worker's or an admin's): connects
// over CURVE, logs in with a keycard (answering the bouncer's challenge, so
// the password never crosses the wire), pings, notices a silent manager and
// logs in again with exponential back-off (Flumotion's
// ReconnectingFPBClientFactory).
#pragma once

#include "link/zmq_link.hpp"
#include "message/envelope.hpp"
#include "message/messages.hpp"

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::session {

// What a peer proves itself with: a token, or a username and password.
struct Credentials {
  std::string token;
  std::string username;
  std::string password;
};

struct SessionOptions {
  std::string manager = "127.0.0.1:7531"; // HOST[:PORT]
  link::ClientSecurity security;
  message::PeerRole role = message::PeerRole::invalid;
  std::string name; // the worker's name; an admin's label
  Credentials credentials;
  int heartbeat_ms = 2000;        // until the manager says otherwise
  int manager_timeout_ms = 30000; // silence after which the manager is lost
  int max_backoff_ms = 10000;     // Flumotion: 10 s for workers, 20 s for admins
  std::size_t max_frame_bytes = 1 << 20;
};

class PeerSession {
public:
  PeerSession(boost::asio::io_context &io, SessionOptions options, std::string who);
  ~PeerSession();
  PeerSession(const PeerSession &) = delete;
  PeerSession &operator=(const PeerSession &) = delete;

  // Each time a login succeeds (the first and after every reconnection).
  void on_logged_in(std::function<void(const message::LoginReply &)> handler);
  // Every message from the manager once logged in, except the session's own
  // (heartbeats, login replies, refusals that ask for a new login).
  void on_message(std::function<void(const message::Envelope &)> handler);
  // The manager refused the keycard (wrong password, unknown user, expired
  // keycard...), or the handshake failed. The session retries with back-off
  // unless the handler calls stop().
  void on_refused(std::function<void(const std::string &why)> handler);
  // The manager went silent or the session was dropped; a new login follows.
  void on_lost(std::function<void(const std::string &why)> handler);

  void start();
  void stop();
  // False when not logged in (the frame is dropped).
  bool send(const std::string &frame);
  bool logged_in() const;
  // "tcp://HOST:PORT" for HOST[:PORT], port 7531 by default.
  static std::string endpoint(const std::string &manager);

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::session
