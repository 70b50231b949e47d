// See request_head.hpp.
#include "request_head.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <algorithm>
#include <cctype>

namespace flu::porter {

namespace http = boost::beast::http;

namespace {

// "http://host:port/a/b?q" (absolute-form, as a proxy would send) → "/a/b?q".
std::string_view origin_form(std::string_view target) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), target.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      const auto slash = target.find('/', scheme.size());
      return slash == std::string_view::npos ? std::string_view("/")
                                             : target.substr(slash);
    }
  }
  return target;
}

} // namespace

RequestHead read_request_head(std::string_view bytes, std::size_t limit) {
  RequestHead head;
  http::request_parser<http::empty_body> parser;
  parser.header_limit(static_cast<uint32_t>(limit));
  parser.eager(false);
  boost::system::error_code ec;
  size_t used = 0;
  // Beast takes what it can each call; a head split over reads is fed again whole.
  while (used < bytes.size() && !parser.is_header_done()) {
    const size_t n =
        parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (ec == http::error::need_more) {
      ec = {};
      break;
    }
    if (ec)
      break;
    if (n == 0)
      break;
    used += n;
  }
  if (ec) {
    head.state = RequestHead::State::bad;
    return head;
  }
  if (!parser.is_header_done()) {
    head.state =
        bytes.size() >= limit ? RequestHead::State::bad : RequestHead::State::incomplete;
    return head;
  }
  const auto &req = parser.get();
  head.method = std::string(req.method_string());
  const std::string_view raw(req.target().data(), req.target().size());
  std::string_view target = origin_form(raw);
  if (const auto mark = target.find('?'); mark != std::string_view::npos) {
    head.query = std::string(target.substr(mark + 1));
    target = target.substr(0, mark);
  }
  if (target == "*")
    target = "/";
  if (target.empty() || target.front() != '/') {
    head.state = RequestHead::State::bad;
    return head;
  }
  head.path = std::string(target);
  head.state = RequestHead::State::complete;
  return head;
}

} // namespace flu::porter
