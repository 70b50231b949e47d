// A TCP port for a test's server, so that tests running side by side do
// not fight over fixed ports.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>

namespace flu::test {

namespace detail {

// Whether `port` can be bound on every address now.
inline bool bindable(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("socket: ") + ::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons(port);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// The first port the kernel hands out by itself (to a bind to port 0, or
// to a connection's own end): /proc/sys/net/ipv4/ip_local_port_range.
inline uint16_t first_ephemeral_port() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0;
  if (!(range >> low) || low < 2048 || low > 65535)
    return 32768;
  return static_cast<uint16_t>(low);
}

} // namespace detail

// A TCP port for a test's server that was free a moment ago, and not one
// this process was given before. It lies below the kernel's ephemeral range
// (the upper half of the ports under it), so that no process the test
// starts can be handed it for a port it leaves to the kernel (a worker's
// feed server, a connection) between our choosing it and the server
// binding it; seen in a CI run, an edge's port taken by a worker's feeds.
// Chosen at random there, so tests running side by side rarely pick alike.
inline uint16_t free_tcp_port() {
  static std::set<uint16_t> given;
  static std::mt19937 random{std::random_device{}()};
  const uint16_t end = detail::first_ephemeral_port();
  std::uniform_int_distribution<unsigned> pick(end / 2u, end - 1u);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const auto port = static_cast<uint16_t>(pick(random));
    if (!given.count(port) && detail::bindable(port)) {
      given.insert(port);
      return port;
    }
  }
  throw std::runtime_error("cannot find a free TCP port under " + std::to_string(end));
}

} // namespace flu::test
