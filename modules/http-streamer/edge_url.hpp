// The edges a full streamer may send viewers to (redirect-on-overflow),
// read from the property; no Asio, so that the settings can check them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace flu::http_streamer {

// One edge's URL, taken apart (GLib's URI parser); throws
// std::runtime_error naming the URL when it is no http:// or https:// URL
// with a host.
struct EdgeUrl {
  std::string url; // as given
  bool tls = false;
  std::string host;
  uint16_t port = 80;
  std::string target; // path and query, for the check's HEAD
  static EdgeUrl parse(const std::string &url);
};

// "http://a/x http://b/x" (blanks or line ends between URLs) → each, parsed.
std::vector<EdgeUrl> parse_edge_list(const std::string &text);

} // namespace flu::http_streamer
