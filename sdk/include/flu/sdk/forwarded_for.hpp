// X-Forwarded-For from trusted proxies only (Flumotion's http-streamer
// did this): a viewer behind a proxy the operator named is known by the
// address the proxy saw, for bouncers, access logs and `invoke viewers`;
// anyone else's header is ignored, since anyone can send one. Asio's
// address parsing: include it from .cpp files (target Flu::sdk-net).
#pragma once

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::sdk {

// The `trusted-proxy` property's values, normalised as peer addresses are
// written (an IPv4-mapped IPv6 address as IPv4). Throws std::runtime_error
// naming a value that is not an IP address.
inline std::vector<std::string>
trusted_proxies(const std::vector<std::string> &values,
                const std::string &property = "trusted-proxy") {
  namespace ip = boost::asio::ip;
  std::vector<std::string> out;
  for (const std::string &value : values) {
    boost::system::error_code ec;
    const auto address = ip::make_address(value, ec);
    if (ec)
      throw std::runtime_error(property + " '" + value + "' is not an IP address");
    out.push_back(address.is_v6() && address.to_v6().is_v4_mapped()
                      ? ip::make_address_v4(ip::v4_mapped, address.to_v6()).to_string()
                      : address.to_string());
  }
  return out;
}

// The viewer's address: `peer`, unless `peer` is one of the `trusted`
// proxies (normalised addresses); then the rightmost X-Forwarded-For entry
// that is not a trusted proxy itself. An entry that is not an IP address
// makes the header untrusted: `peer` it is.
inline std::string forwarded_address(const std::string &peer,
                                     std::string_view forwarded_for,
                                     const std::vector<std::string> &trusted) {
  namespace ip = boost::asio::ip;
  const auto is_trusted = [&](const std::string &a) {
    return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
  };
  if (!is_trusted(peer))
    return peer;
  std::string found = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    std::string_view entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for = comma == std::string_view::npos ? std::string_view()
                                                    : forwarded_for.substr(0, comma);
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
      entry.remove_prefix(1);
    while (!entry.empty() && (entry.back() == ' ' || entry.back() == '\t'))
      entry.remove_suffix(1);
    boost::system::error_code ec;
    const auto address = ip::make_address(std::string(entry), ec);
    if (ec)
      return peer;
    found = address.is_v6() && address.to_v6().is_v4_mapped()
                ? ip::make_address_v4(ip::v4_mapped, address.to_v6()).to_string()
                : address.to_string();
    if (!is_trusted(found))
      return found;
  }
  return found;
}

} // namespace flu::sdk
