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
#include <set>
#include <stdexcept>
#include <string>

namespace flu::test {

namespace detail {
inline uint16_t any_free_tcp_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("socket: ") + ::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0;
  ::close(fd);
  if (!ok)
    throw std::runtime_error("cannot find a free TCP port");
  return ntohs(addr.sin_port);
}
} // namespace detail

// A TCP port on 127.0.0.1 that was free a moment ago, and not one this
// process was given before: the kernel may hand the same port to two binds
// in a row, and a fixture that asks for two ports binds neither at once.
inline uint16_t free_tcp_port() {
  static std::set<uint16_t> given;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const uint16_t port = detail::any_free_tcp_port();
    if (given.insert(port).second)
      return port;
  }
  throw std::runtime_error("cannot find a TCP port not given before");
}

} // namespace flu::test
