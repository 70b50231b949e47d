// The scrape endpoint over a real socket: what each request gets, and that
// a silent or slow client holds neither its thread nor another scraper.
#define BOOST_TEST_MODULE scrape
#include "scrape/scrape_request.hpp"
#include "scrape/scrape_server.hpp"
#include "temp_dir.hpp"
#include "wait.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

using namespace flu::scrape;
using namespace flu::test;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

ScrapeOptions options(std::string bind, std::string token = {},
                      std::chrono::milliseconds timeout = 10s) {
  ScrapeOptions o;
  o.bind = std::move(bind);
  o.token = std::move(token);
  o.timeout = timeout;
  return o;
}

// A server on its own thread, as the manager runs it on its loop.
struct Served {
  explicit Served(std::string token = {}, std::chrono::milliseconds timeout = 10s)
      : server(io, options("127.0.0.1:0", std::move(token), timeout),
               [this] {
                 ++renders;
                 return std::string("flu_up 1\n");
               }),
        thread([this] { io.run(); }) {}
  ~Served() {
    io.stop();
    thread.join();
  }
  uint16_t port() const {
    const std::string a = server.address();
    return static_cast<uint16_t>(std::stoi(a.substr(a.rfind(':') + 1)));
  }
  asio::io_context io;
  std::atomic<int> renders{0};
  ScrapeServer server;
  std::thread thread;
};

tcp::socket connect(uint16_t port) {
  static asio::io_context client_io;
  tcp::socket socket(client_io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  return socket;
}

// Sends `bytes`, returns everything until the server closes.
std::string send_and_read(uint16_t port, const std::string &bytes) {
  auto socket = connect(port);
  asio::write(socket, asio::buffer(bytes));
  std::string out;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(out), ec);
  return out;
}

std::string get(uint16_t port, const std::string &target, const std::string &extra = {}) {
  return send_and_read(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extra +
                                 "Connection: close\r\n\r\n");
}

bool starts(const std::string &text, const std::string &prefix) {
  return text.rfind(prefix, 0) == 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(decides_by_method_path_and_token) {
  BOOST_TEST((decide("GET", "/metrics", "", "") == Answer::metrics));
  BOOST_TEST((decide("GET", "/metrics?x=1", "", "") == Answer::metrics));
  BOOST_TEST((decide("GET", "/other", "", "") == Answer::not_found));
  BOOST_TEST((decide("POST", "/metrics", "", "") == Answer::method_not_allowed));
  BOOST_TEST((decide("GET", "/metrics", "", "s3cret") == Answer::unauthorized));
  BOOST_TEST((decide("GET", "/other", "", "s3cret") == Answer::unauthorized));
  BOOST_TEST(
      (decide("GET", "/metrics", "Bearer s3cre", "s3cret") == Answer::unauthorized));
  BOOST_TEST(
      (decide("GET", "/metrics", "Basic s3cret", "s3cret") == Answer::unauthorized));
  BOOST_TEST((decide("GET", "/metrics", "bearer  s3cret ", "s3cret") == Answer::metrics));
}

BOOST_AUTO_TEST_CASE(bind_addresses) {
  BOOST_TEST(parse_bind("127.0.0.1:9100").host == "127.0.0.1");
  BOOST_TEST(parse_bind("127.0.0.1:9100").port == 9100);
  BOOST_TEST(parse_bind("[::1]:0").host == "::1");
  BOOST_CHECK_THROW(parse_bind("9100"), std::invalid_argument);
  BOOST_CHECK_THROW(parse_bind("localhost:9100"), std::invalid_argument);
  BOOST_CHECK_THROW(parse_bind("127.0.0.1:65536"), std::invalid_argument);
  BOOST_CHECK_THROW(parse_bind("127.0.0.1:"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(token_files) {
  TempDir dir;
  const auto file = dir.file("token");
  std::ofstream(file) << "  s3cret \nsecond line\n";
  ::chmod(file.c_str(), 0644);
  BOOST_CHECK_THROW(read_token_file(file), std::runtime_error);
  ::chmod(file.c_str(), 0600);
  BOOST_TEST(read_token_file(file) == "s3cret");
  BOOST_CHECK_THROW(read_token_file(dir.file("missing")), std::runtime_error);
  std::ofstream(file) << " \n";
  BOOST_CHECK_THROW(read_token_file(file), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(answers_over_http) {
  Served s;
  const std::string ok = get(s.port(), "/metrics");
  BOOST_TEST(starts(ok, "HTTP/1.1 200 OK\r\n"), ok);
  BOOST_TEST(ok.find("Content-Type: text/plain; version=0.0.4") != std::string::npos, ok);
  BOOST_TEST(ok.find("\r\n\r\nflu_up 1\n") != std::string::npos, ok);
  BOOST_TEST(starts(get(s.port(), "/"), "HTTP/1.1 404 "));
  BOOST_TEST(starts(send_and_read(s.port(), "POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n"),
                    "HTTP/1.1 405 "));
  BOOST_TEST(starts(send_and_read(s.port(), "garbage\r\n\r\n"), "HTTP/1.1 400 "));
  BOOST_TEST(starts(send_and_read(s.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n" +
                                                std::string(20000, 'a') + ": b\r\n\r\n"),
                    "HTTP/1.1 400 "));
  BOOST_TEST(starts(send_and_read(s.port(), "GET /metrics HTTP/1.1\r\nContent-Length: "
                                            "5\r\n\r\nhello"),
                    "HTTP/1.1 400 "));
  // Two requests on one connection (what Prometheus does).
  const std::string two =
      send_and_read(s.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
                              "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                              "Connection: close\r\n\r\n");
  BOOST_TEST(two.find("HTTP/1.1 200", 1) != std::string::npos, two);
}

BOOST_AUTO_TEST_CASE(a_token_is_required_when_configured) {
  Served s("s3cret");
  const std::string none = get(s.port(), "/metrics");
  BOOST_TEST(starts(none, "HTTP/1.1 401 "), none);
  BOOST_TEST(none.find("WWW-Authenticate: Bearer") != std::string::npos, none);
  BOOST_TEST(starts(get(s.port(), "/metrics", "Authorization: Bearer wrong\r\n"),
                    "HTTP/1.1 401 "));
  BOOST_TEST(starts(get(s.port(), "/metrics", "Authorization: Bearer s3cret\r\n"),
                    "HTTP/1.1 200 "));
  BOOST_TEST(s.renders == 1);
}

BOOST_AUTO_TEST_CASE(a_silent_client_holds_nobody_and_is_closed) {
  Served s({}, 500ms);
  auto silent = connect(s.port());
  asio::write(silent, asio::buffer(std::string("GET /metr")));
  // Another scraper is served meanwhile.
  BOOST_TEST(starts(get(s.port(), "/metrics"), "HTTP/1.1 200 "));
  // The silent one is closed after the time limit, unanswered.
  const auto start = std::chrono::steady_clock::now();
  std::string out;
  boost::system::error_code ec;
  asio::read(silent, asio::dynamic_buffer(out), ec);
  BOOST_TEST(out.empty(), out);
  BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
}

BOOST_AUTO_TEST_CASE(refuses_an_address_it_cannot_take) {
  asio::io_context io;
  Served s;
  BOOST_CHECK_THROW(ScrapeServer(io, options("127.0.0.1:" + std::to_string(s.port())),
                                 [] { return std::string(); }),
                    std::runtime_error);
}
