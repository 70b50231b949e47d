// Network: see network.hpp.
#include "network.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <stdexcept>

namespace flu::modules {
namespace {

constexpr uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool is_v4_mapped(const Address &a) {
  return a.family == AF_INET6 && std::memcmp(a.bytes.data(), v4_mapped_prefix, 12) == 0;
}

Address unmapped(const Address &a) {
  Address v4;
  v4.family = AF_INET;
  std::memcpy(v4.bytes.data(), a.bytes.data() + 12, 4);
  return v4;
}

std::optional<Address> parse_plain(const std::string &text) {
  Address a;
  if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

int bits_of(const Address &a) { return a.family == AF_INET ? 32 : 128; }

bool same_prefix(const Address &a, const Address &b, int bits) {
  const int whole = bits / 8;
  if (std::memcmp(a.bytes.data(), b.bytes.data(), whole) != 0)
    return false;
  const int rest = bits % 8;
  if (!rest)
    return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a.bytes[whole] & mask) == (b.bytes[whole] & mask);
}

void clear_host_bits(Address &a, int bits) {
  for (int i = 0; i < 16; ++i) {
    const int keep = std::max(0, std::min(8, bits - i * 8));
    a.bytes[i] &= static_cast<uint8_t>(keep ? 0xff << (8 - keep) : 0);
  }
}

} // namespace

std::optional<Address> parse_address(const std::string &text) {
  std::string plain = text;
  if (plain.size() > 2 && plain.front() == '[' && plain.back() == ']')
    plain = plain.substr(1, plain.size() - 2);
  auto a = parse_plain(plain);
  if (a && is_v4_mapped(*a))
    return unmapped(*a);
  return a;
}

Network parse_network(const std::string &text) {
  const auto slash = text.find('/');
  const std::string address = text.substr(0, slash);
  auto base = parse_plain(address);
  if (!base)
    throw std::runtime_error("'" + text + "' is not a network: '" + address +
                             "' is not an IPv4 or IPv6 address");
  int prefix = bits_of(*base);
  if (slash != std::string::npos) {
    const std::string digits = text.substr(slash + 1);
    const char *end = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(digits.data(), end, prefix);
    if (digits.empty() || ec != std::errc() || ptr != end || prefix < 0 ||
        prefix > bits_of(*base))
      throw std::runtime_error("'" + text +
                               "' is not a network: the prefix length must be " +
                               "0 to " + std::to_string(bits_of(*base)));
  }
  if (is_v4_mapped(*base) && prefix >= 96) {
    base = unmapped(*base);
    prefix -= 96;
  }
  Network n;
  n.base = *base;
  clear_host_bits(n.base, prefix);
  n.prefix_bits = prefix;
  n.text = text;
  return n;
}

bool Network::contains(const Address &address) const {
  return address.family == base.family && same_prefix(address, base, prefix_bits);
}

} // namespace flu::modules
