// An IP network (CIDR) and the addresses in it, IPv4 and IPv6 alike, parsed
// by inet_pton. An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4
// address it maps, so that a dual-stack socket's peers match IPv4 rules.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace flu::modules {

struct Address {
  int family = 0; // AF_INET or AF_INET6
  std::array<uint8_t, 16> bytes{};
};

// An address as a keycard carries it ("10.0.0.1", "::1", "[::1]"), or
// nothing when it is none.
std::optional<Address> parse_address(const std::string &text);

struct Network {
  Address base; // host bits cleared
  int prefix_bits = 0;
  std::string text; // as configured, for messages

  bool contains(const Address &address) const;
};

// "10.0.0.0/8", "2001:db8::/32", or a bare address (/32, /128). Throws
// std::runtime_error saying what is wrong with `text`.
Network parse_network(const std::string &text);

} // namespace flu::modules
