// TCP for the modules that serve viewers (http-streamer, http-server,
// hls-streamer, webrtc-streamer): one way to open a port (dual-stack, the
// same error for a port in use), one accept loop that survives running out
// of descriptors, one way to take a socket a porter passed, one way to name
// a peer. Asio: include it from a module's network .cpp files only, never
// from a header the rest of the module includes (target Flu::sdk-net).
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace flu::sdk {

namespace detail {

// Binds an open acceptor to `endpoint` and listens; closes it and throws on
// failure.
inline void bind_and_listen(boost::asio::ip::tcp::acceptor &acceptor,
                            const boost::asio::ip::tcp::endpoint &endpoint,
                            const std::string &property) {
  namespace asio = boost::asio;
  const std::string where = "port " + std::to_string(endpoint.port());
  boost::system::error_code ec;
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error(where + " is already in use; choose another '" + property +
                             "'");
  }
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  }
}

} // namespace detail

// Opens `acceptor` on `port` of every address, dual-stack IPv6 when the
// host has IPv6, IPv4 otherwise, and listens. Throws std::runtime_error
// naming the port and the property that set it ("port 8800 is already in
// use; choose another 'port'").
inline void listen_tcp(boost::asio::ip::tcp::acceptor &acceptor, uint16_t port,
                       const std::string &property = "port") {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  boost::system::error_code ec;
  tcp::endpoint endpoint(tcp::v6(), port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(asio::ip::v6_only(false), ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    endpoint = tcp::endpoint(tcp::v4(), port);
    acceptor.open(endpoint.protocol(), ec);
    if (ec)
      throw std::runtime_error("cannot open a socket for port " + std::to_string(port) +
                               ": " + ec.message());
  }
  detail::bind_and_listen(acceptor, endpoint, property);
}

// listen_tcp on one address (Flumotion's `interface` property), or on every
// address when `interface` is "". Throws, naming `interface_property`, when
// it is not an IP address.
inline void listen_tcp_on(boost::asio::ip::tcp::acceptor &acceptor,
                          const std::string &interface, uint16_t port,
                          const std::string &property = "port",
                          const std::string &interface_property = "interface") {
  if (interface.empty())
    return listen_tcp(acceptor, port, property);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(interface, ec);
  if (ec)
    throw std::runtime_error(interface_property + " '" + interface +
                             "' is not an IP address");
  const boost::asio::ip::tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (ec)
    throw std::runtime_error("cannot open a socket for port " + std::to_string(port) +
                             ": " + ec.message());
  detail::bind_and_listen(acceptor, endpoint, property);
}

// Accepts on an open acceptor until it is closed, handing each socket to
// `welcome` (on the acceptor's executor). A failed accept (out of
// descriptors or memory) waits `retry` instead of spinning: the waiting
// connections stay in the backlog. `on_error` hears of the first failure of
// a run. With `batch` > 0 each completion also takes up to that many
// connections already waiting, so thousands arriving at once are not
// admitted one per turn of the event loop (the acceptor must then be
// non-blocking). The loop must outlive the acceptor's pending operations:
// close the acceptor (and cancel()) before destroying it.
class AcceptLoop {
public:
  using Socket = boost::asio::ip::tcp::socket;
  using Welcome = std::function<void(Socket)>;
  using OnError = std::function<void(const boost::system::error_code &)>;

  AcceptLoop(boost::asio::ip::tcp::acceptor &acceptor, Welcome welcome,
             OnError on_error = {}, int batch = 0,
             std::chrono::milliseconds retry = std::chrono::milliseconds(100))
      : acceptor_(acceptor), retry_timer_(acceptor.get_executor()),
        welcome_(std::move(welcome)), on_error_(std::move(on_error)), batch_(batch),
        retry_(retry) {}
  AcceptLoop(const AcceptLoop &) = delete;
  AcceptLoop &operator=(const AcceptLoop &) = delete;

  void start() {
    acceptor_.async_accept([this](boost::system::error_code ec, Socket socket) {
      if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open())
        return;
      if (ec) {
        if (!failing_ && on_error_)
          on_error_(ec);
        failing_ = true;
        retry_timer_.expires_after(retry_);
        retry_timer_.async_wait([this](boost::system::error_code e) {
          if (!e)
            start();
        });
        return;
      }
      failing_ = false;
      welcome_(std::move(socket));
      for (int i = 0; i < batch_; ++i) {
        Socket more(acceptor_.get_executor());
        boost::system::error_code more_ec;
        acceptor_.accept(more, more_ec);
        if (more_ec)
          break; // would_block; a real error shows up in async_accept
        welcome_(std::move(more));
      }
      start();
    });
  }

  // Stops a pending retry (the acceptor's own close ends a pending accept).
  void cancel() { retry_timer_.cancel(); }

private:
  boost::asio::ip::tcp::acceptor &acceptor_;
  boost::asio::steady_timer retry_timer_;
  Welcome welcome_;
  OnError on_error_;
  int batch_;
  std::chrono::milliseconds retry_;
  bool failing_ = false;
};

// A viewer's socket a porter passed (SCM_RIGHTS) as a socket on `io`;
// nullopt, with `fd` closed, when it is no TCP socket.
inline std::optional<boost::asio::ip::tcp::socket>
adopt_tcp_socket(boost::asio::io_context &io, int fd) {
  using tcp = boost::asio::ip::tcp;
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length) != 0 ||
      (local.ss_family != AF_INET && local.ss_family != AF_INET6)) {
    ::close(fd);
    return std::nullopt;
  }
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
  if (ec) {
    ::close(fd);
    return std::nullopt;
  }
  return socket;
}

// Runs `io` on a thread of its own named `name` (15 bytes at most, as top
// and gdb show it). An exception out of a handler ends the thread and goes
// to `fail` (the component turns sad).
inline std::thread network_thread(boost::asio::io_context &io, const char *name,
                                  std::function<void(const std::string &)> fail) {
  return std::thread([&io, name, fail = std::move(fail)] {
    pthread_setname_np(pthread_self(), name);
    try {
      io.run();
    } catch (const std::exception &e) {
      if (fail)
        fail(std::string("the network thread stopped: ") + e.what());
    }
  });
}

// An address as logs and bouncers see it: an IPv4-mapped IPv6 address (a
// viewer on IPv4 reaching a dual-stack socket) as plain IPv4.
inline std::string address_text(const boost::asio::ip::address &address) {
  namespace ip = boost::asio::ip;
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return ip::make_address_v4(ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

// The peer of a connected socket (address_text), "" when it is gone.
inline std::string peer_address(const boost::asio::ip::tcp::socket &socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  return ec ? std::string() : address_text(peer.address());
}

} // namespace flu::sdk
