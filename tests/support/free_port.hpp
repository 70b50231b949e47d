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
#include <stdexcept>
#include <string>

namespace flu::test {

// A TCP port on 127.0.0.1 that was free a moment ago.
inline uint16_t free_tcp_port() {
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

} // namespace flu::test
