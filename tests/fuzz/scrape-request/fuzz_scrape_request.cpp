// What a scraper sends flu-manager's metrics endpoint: Beast reads the
// request with the server's limits (core/scrape/scrape_server.cpp), then
// decide() answers it. Never a crash; metrics only for GET /metrics with
// the token; and the address parser refuses or gives back a port and host.
#include "../fuzz_target.hpp"

#include "scrape/scrape_request.hpp"
#include "scrape/scrape_server.hpp"

#include <boost/beast/http.hpp>

namespace http = boost::beast::http;
using namespace flu::scrape;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view text = flu::fuzz::bytes(data, size);
  try {
    parse_bind(std::string(text));
  } catch (const std::invalid_argument &) {
  }

  http::request_parser<http::empty_body> parser;
  parser.header_limit(8192);
  parser.body_limit(0);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(text.data(), text.size()), ec);
  if (ec || !parser.is_header_done())
    return 0;
  const auto &request = parser.get();
  const auto view = [](boost::beast::string_view v) {
    return std::string_view(v.data(), v.size());
  };
  const std::string token = "s3cret";
  const std::string_view method = view(request.method_string());
  const std::string_view target = view(request.target());
  const std::string_view authorization = view(request[http::field::authorization]);
  const Answer with_token = decide(method, target, authorization, token);
  const Answer open = decide(method, target, authorization, "");
  if (with_token == Answer::metrics || open == Answer::metrics) {
    FUZZ_CHECK(method == "GET");
    FUZZ_CHECK(target.substr(0, target.find('?')) == "/metrics");
  }
  if (with_token == Answer::metrics)
    FUZZ_CHECK(authorization.find(token) != std::string_view::npos);
  if (!bearer_matches(authorization, token))
    FUZZ_CHECK(with_token == Answer::unauthorized);
  return 0;
}
