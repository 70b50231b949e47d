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

// redirect-on-overflow's value: URLs of edges outside the planet, checked
// by HEAD, and component ids ("/flow/name") of http-streamers in the
// planet, chosen by the load the manager replicates.
struct EdgeList {
  std::vector<EdgeUrl> urls;
  std::vector<std::string> components;
};

// "http://a/x /edges/streamer-1" (blanks or line ends between entries) →
// each, parsed; throws std::runtime_error naming a bad one.
EdgeList parse_edge_list(const std::string &text);

} // namespace flu::http_streamer
