// Plain HTTP requests to the WHEP endpoint with Beast, for the tests and the
// benchmark: one request per connection, the answer whole.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace flu::webrtc_test {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string &name) const {
    for (const auto &[n, v] : headers)
      if (boost::beast::iequals(n, name))
        return v;
    return {};
  }
};

inline HttpAnswer
http_request(uint16_t port, boost::beast::http::verb verb, const std::string &target,
             const std::string &body = {}, const std::string &content_type = {},
             const std::vector<std::pair<std::string, std::string>> &extra = {}) {
  namespace asio = boost::asio;
  namespace http = boost::beast::http;
  asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(20));
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!content_type.empty())
    req.set(http::field::content_type, content_type);
  for (const auto &[n, v] : extra)
    req.set(n, v);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(verb == http::verb::head); // a HEAD answer has no body to wait for
  http::read(stream, buffer, parser);
  const auto &res = parser.get();
  HttpAnswer answer;
  answer.status = static_cast<int>(res.result_int());
  answer.body = res.body();
  for (const auto &field : res)
    answer.headers.emplace_back(std::string(field.name_string()),
                                std::string(field.value()));
  return answer;
}

} // namespace flu::webrtc_test
