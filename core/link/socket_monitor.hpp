// zmq_socket_monitor() on a link's socket.
//
// libzmq 4.3.4 as Debian 12 builds it has only version 1 events: the draft
// zmq_socket_monitor_versioned(), whose events carry the remote address, is
// neither declared nor exported. Version 1 gives, as measured on loopback
// (tests/core/link/zmq_link_curve_test.cpp):
//
//   ACCEPTED            value: the new connection's fd (getpeername works
//                       while the connection lives); endpoint: our own bind
//   HANDSHAKE_SUCCEEDED value 0: no fd, so no telling which connection
//   HANDSHAKE_FAILED_*  value: a ZMQ_PROTOCOL_ERROR_* code, an errno (NO_DETAIL)
//                       or a ZAP status (AUTH); no fd. libzmq emits it from
//                       the same call that then emits the connection's
//                       DISCONNECTED, on the socket's I/O thread
//   DISCONNECTED        value: the fd, emitted before libzmq closes it
//
// Bytes that are not ZMTP 3 (an HTTP probe) get no HANDSHAKE_FAILED at all
// on a CURVE server: ACCEPTED then DISCONNECTED.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
}
namespace zmq {
class context_t;
class socket_t;
} // namespace zmq

namespace flu::link {

class ZmqWatch;

struct MonitorEvent {
  uint16_t event = 0; // ZMQ_EVENT_*
  uint32_t value = 0;
  std::string address; // ACCEPTED's peer as "IP:port", when it could be read
};

// A DEALER's monitor, read on the io_context's thread.
class SocketMonitor {
public:
  // Watches `events` (a ZMQ_EVENT_* mask) of `watched`, which must belong
  // to `ctx` and outlive the monitor. on_readable runs on io's thread and
  // must read() until it gets nothing.
  SocketMonitor(boost::asio::io_context &io, zmq::context_t &ctx, zmq::socket_t &watched,
                int events, std::function<void()> on_readable);
  ~SocketMonitor();
  SocketMonitor(const SocketMonitor &) = delete;
  SocketMonitor &operator=(const SocketMonitor &) = delete;

  // The next event, without waiting.
  std::optional<MonitorEvent> read();

private:
  zmq::socket_t &watched_;
  std::unique_ptr<zmq::socket_t> pair_;
  std::unique_ptr<ZmqWatch> watch_;
};

// A ROUTER's monitor, which reads each ACCEPTED connection's address.
//
// It is read by a thread of its own, because the address can only be read
// while the connection lives, and a refused one does not live long: a peer
// with the wrong mechanism, or an HTTP probe, is closed by libzmq some
// 100 µs after ACCEPTED. Read on the io_context's thread, even an idle one,
// about half of those addresses were gone (test runs: 199 of 986 refusals,
// nearly all of them the fast kinds); read by a thread blocked on the
// monitor socket, under 1 in 200. The thread only reads events and calls
// getpeername(); everything else happens on the io_context's thread.
//
// An address is delivered only when it is the connection's own and not
// that of a newer connection that got the same fd number: libzmq emits
// DISCONNECTED(fd) before it closes fd, and ACCEPTED(fd) after accept()
// returned it. So getpeername() runs only when the queue, read just before,
// holds no DISCONNECTED(fd); and its answer is dropped when the queue, read
// again after it, shows fd closed and accepted anew. What is left is libzmq
// closing fd and accepting another connection on it in the instant between
// our last read and getpeername(), without the new ACCEPTED reaching us.
class AcceptMonitor {
public:
  // `events` as for SocketMonitor (ACCEPTED and DISCONNECTED are added).
  // on_events runs on io's thread with the events in order.
  AcceptMonitor(boost::asio::io_context &io, zmq::context_t &ctx, zmq::socket_t &watched,
                int events, std::function<void(std::vector<MonitorEvent>)> on_events);
  ~AcceptMonitor();
  AcceptMonitor(const AcceptMonitor &) = delete;
  AcceptMonitor &operator=(const AcceptMonitor &) = delete;

private:
  struct Outbox;
  static void read_accepts(zmq::socket_t pair, zmq::socket_t stop,
                           std::shared_ptr<Outbox> outbox);

  zmq::socket_t &watched_;
  std::unique_ptr<zmq::socket_t> stop_;
  std::shared_ptr<Outbox> outbox_;
  std::thread thread_;
};

// "IP:port" of the TCP peer on fd, or "" when fd is no connected socket.
std::string peer_address(int fd);

} // namespace flu::link
