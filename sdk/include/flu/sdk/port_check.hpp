// A runtime check (docs/modules.md "Checks") for components that listen:
// is a TCP port free on this worker, asked before an operator (or
// flu-admin's wizard) sets one, so a port in use is refused at once and
// not found later as a sad component.
//
//   constexpr flu_check_spec checks[] = {flu::sdk::check<flu::sdk::port_check>(
//       "port", "is a TCP port free on this worker", "PORT", flu::sdk::port_columns)};
#pragma once

#include <flu/sdk/check.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::sdk {

inline constexpr const char *port_columns[] = {"port", "state"};

// port PORT: binds it on every address, as a listener would, and lets it
// go; throws "port N is in use on this worker" (or why it is no port) when
// it cannot be had.
inline void port_check(const std::vector<std::string> &args, CheckResult &result) {
  if (args.size() != 1)
    throw std::runtime_error("port needs one argument: the port");
  const std::string &text = args[0];
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535)
    throw std::runtime_error("\"" + text + "\" is not a TCP port (1 to 65535)");
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("cannot make a socket: ") +
                             std::strerror(errno));
  const int on = 1, off = 0; // a port in TIME_WAIT is free to a listener
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  sockaddr_in6 address{};
  address.sin6_family = AF_INET6;
  address.sin6_addr = in6addr_any;
  address.sin6_port = htons(static_cast<uint16_t>(port));
  const int bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
  const int error = errno;
  ::close(fd);
  if (bound != 0 && error == EADDRINUSE)
    throw std::runtime_error("port " + text + " is in use on this worker");
  if (bound != 0)
    throw std::runtime_error("port " + text +
                             " cannot be had on this worker: " + std::strerror(error));
  result.row({text, "free"});
  result.summary("port " + text + " is free");
}

} // namespace flu::sdk
