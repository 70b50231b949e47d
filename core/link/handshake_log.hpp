// What the monitor events of a link's socket mean, as lines for the log
// (the manager's ROUTER) or as a report to the owner (a peer's DEALER).
// Plain logic over MonitorEvent values (socket_monitor.hpp), so that the
// awkward cases can be tested without sockets.
//
// The ROUTER's side must name the peer behind a refused connection, but
// HANDSHAKE_FAILED carries no fd. Two facts make up for it: libzmq emits a
// failure and the DISCONNECTED(fd) of the same connection back to back from
// one call on the socket's I/O thread (each ROUTER has a context with one
// I/O thread, see zmq_link.cpp), so a failure belongs to the next
// DISCONNECTED; and ACCEPTED(fd) lets us read the address while the
// connection lives. Bytes that are not ZMTP 3 produce no failure event at
// all, so a connection that ends without a HANDSHAKE_SUCCEEDED that can be
// pinned on it is refused too. HANDSHAKE_SUCCEEDED has no fd either: while
// one connection is in its handshake it is that one's; while several are,
// we only count the successes, and a connection ending then is called
// refused only when the count says none of them succeeded. An unsure case
// is logged at debug level: never a warning about a peer that did nothing
// wrong.
#pragma once

#include "link/socket_monitor.hpp"
#include "log/log.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace flu::link {

class ServerHandshakes {
public:
  // curve: whether the server speaks CURVE (for what a mismatch means).
  explicit ServerHandshakes(bool curve) : curve_(curve) {}

  struct Line {
    log::Level level;
    std::string text;
  };

  // address: "IP:port", or "" when it could not be read in time.
  void accepted(int fd, std::string address);
  // HANDSHAKE_*, DISCONNECTED; a line to log, if any.
  std::optional<Line> event(const MonitorEvent &e);

private:
  struct Connection {
    std::string address;
    bool established = false;
  };
  std::optional<Line> disconnected(int fd);
  std::size_t handshaking() const;
  void settle();

  bool curve_;
  std::map<int, Connection> connections_; // by fd
  std::size_t unattributed_successes_ = 0;
  std::optional<std::string> failure_; // for the next DISCONNECTED
};

class ClientHandshakes {
public:
  ClientHandshakes(std::string endpoint, bool curve)
      : endpoint_(std::move(endpoint)), curve_(curve) {}

  // A report for the owner, when the event shows the handshake with the
  // manager failing: at once for an explicit refusal, after the second
  // connection in a row closed during its handshake otherwise (a wrong
  // server key only shows as that). Once per run of failures.
  std::optional<std::string> event(const MonitorEvent &e);

private:
  std::string endpoint_;
  bool curve_;
  int closed_in_handshake_ = 0;
  bool reported_ = false;
};

} // namespace flu::link
