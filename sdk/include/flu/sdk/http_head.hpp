// Reading a viewer's request head with limits (Beast), for the modules that
// serve HTTP: at most `limit` bytes of head and no body, the bytes a porter
// already read parsed first, a fresh parser for each request of a
// keep-alive connection. Beast: include it from a module's network .cpp
// files only (target Flu::sdk-net). Timeouts stay with the module: what to
// do with a slow viewer is its own business.
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flu::sdk {

class RequestHeadReader {
public:
  using Request = boost::beast::http::request<boost::beast::http::empty_body>;

  explicit RequestHeadReader(std::size_t limit) : limit_(limit), buffer_(limit) {
    next();
  }

  // Bytes of the request read before (by a porter): parsed before the socket
  // is read. Past `limit` they are cut, and the head is then too long anyway.
  void prime(std::string_view initial) {
    const std::size_t n = std::min(initial.size(), limit_);
    buffer_.commit(boost::asio::buffer_copy(buffer_.prepare(n),
                                            boost::asio::buffer(initial.data(), n)));
  }

  // A fresh parser for the next request; what the buffer holds after the
  // last head (a pipelined request) stays.
  void next() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limit_));
    parser_->body_limit(0);
  }

  // Reads one head: handler(error_code, size_t) as Beast's async_read_header.
  template <class Stream, class Handler>
  void async_read(Stream &stream, Handler &&handler) {
    boost::beast::http::async_read_header(stream, buffer_, *parser_,
                                          std::forward<Handler>(handler));
  }

  const Request &get() const { return parser_->get(); }
  // A header's value, "" when absent.
  std::string header(boost::beast::http::field field) const {
    const auto &request = parser_->get();
    const auto it = request.find(field);
    return it == request.end() ? std::string() : std::string(it->value());
  }
  std::string header(std::string_view name) const { // "X-Forwarded-For"
    const auto &request = parser_->get();
    const auto it = request.find(boost::beast::string_view(name.data(), name.size()));
    return it == request.end() ? std::string() : std::string(it->value());
  }
  // "GET /path?query HTTP/1.1", as access logs write it.
  std::string request_line() const {
    const auto &request = parser_->get();
    return std::string(request.method_string()) + " " + std::string(request.target()) +
           (request.version() >= 11 ? " HTTP/1.1" : " HTTP/1.0");
  }

private:
  std::size_t limit_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>>
      parser_;
};

// A read that ended because the viewer closed or went away, or the read was
// cancelled (a timeout closed the socket): nothing to answer. Any other
// error is a malformed or oversized head: 400.
inline bool viewer_left(const boost::system::error_code &ec) {
  return ec == boost::beast::http::error::end_of_stream ||
         ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset ||
         ec == boost::asio::error::operation_aborted;
}

} // namespace flu::sdk
