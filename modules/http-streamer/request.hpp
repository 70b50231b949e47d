// A viewer's request as the streamer decides on it: method, path, query,
// credentials and HTTP version, taken from the request head Beast parsed.
// Kept apart from the socket so that the parsing can be fuzzed
// (tests/fuzz/http-request) exactly as a viewer's bytes reach it.
#pragma once

#include <flu/sdk/forwarded_for.hpp>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flu::http_streamer {

struct Request {
  std::string method;        // "GET"
  std::string path;          // target without the query string
  std::string query;         // after the '?', still percent-encoded
  std::string authorization; // the Authorization header, if any
  unsigned version = 11;     // 10 or 11
  std::string target;        // as sent, for the access log
  std::string referer;
  std::string user_agent;
  std::string forwarded_for; // X-Forwarded-For, if any
  bool icy_metadata = false; // Icy-MetaData: 1 (icy.hpp)
};

Request
request_of(const boost::beast::http::request<boost::beast::http::empty_body> &head);

// A whole request head in `bytes` (at most `limit` bytes, no body), parsed
// as the streamer's client reads one; nullopt for what it answers 400.
std::optional<Request> parse_request_head(std::string_view bytes, std::size_t limit);

// The viewer's address behind trusted proxies (<flu/sdk/forwarded_for.hpp>).
using flu::sdk::forwarded_address;

} // namespace flu::http_streamer
