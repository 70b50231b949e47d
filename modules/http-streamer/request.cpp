// See request.hpp.
#include "request.hpp"

#include <boost/asio/buffer.hpp>

#include <algorithm>
#include <boost/beast/http/parser.hpp>

namespace flu::http_streamer {

namespace http = boost::beast::http;

Request request_of(const http::request<http::empty_body> &head) {
  Request request;
  request.method = std::string(head.method_string());
  const std::string_view target(head.target().data(), head.target().size());
  const auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos)
    request.query = std::string(target.substr(question + 1));
  if (const auto it = head.find(http::field::authorization); it != head.end())
    request.authorization = std::string(it->value());
  request.version = head.version() >= 11 ? 11 : 10;
  request.target = std::string(target);
  if (const auto it = head.find(http::field::referer); it != head.end())
    request.referer = std::string(it->value());
  if (const auto it = head.find(http::field::user_agent); it != head.end())
    request.user_agent = std::string(it->value());
  if (const auto it = head.find("X-Forwarded-For"); it != head.end())
    request.forwarded_for = std::string(it->value());
  if (const auto it = head.find("Icy-MetaData"); it != head.end())
    request.icy_metadata = it->value() == "1";
  return request;
}

std::optional<Request> parse_request_head(std::string_view bytes, std::size_t limit) {
  http::request_parser<http::empty_body> parser;
  parser.header_limit(static_cast<uint32_t>(limit));
  parser.body_limit(0);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_header_done())
    return std::nullopt;
  return request_of(parser.get());
}

} // namespace flu::http_streamer
