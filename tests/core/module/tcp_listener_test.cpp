// The SDK's network pieces (<flu/sdk/tcp_listener.hpp>, <flu/sdk/http_head.hpp>,
// <flu/sdk/html.hpp>) over real loopback sockets: a port in use is named,
// an IPv4 viewer on the dual-stack socket is seen as IPv4, a porter's
// socket that is no TCP socket is refused, a head primed with a porter's
// bytes parses, an oversized one is an error that is not "the viewer left".
#include <flu/sdk/html.hpp>
#include <flu/sdk/http_head.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

void run_until(asio::io_context &io, const bool &done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done && std::chrono::steady_clock::now() < deadline) {
    io.restart(); // a run that ran out of work stopped the context
    io.run_for(std::chrono::milliseconds(50));
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(a_port_in_use_is_named_with_its_property) {
  asio::io_context io;
  tcp::acceptor first(io), second(io);
  flu::sdk::listen_tcp(first, 0);
  const uint16_t port = first.local_endpoint().port();
  BOOST_TEST(port != 0);
  try {
    flu::sdk::listen_tcp(second, port, "porter-port");
    BOOST_FAIL("a second listener took the same port");
  } catch (const std::runtime_error &e) {
    const std::string what = e.what();
    BOOST_TEST(what == "port " + std::to_string(port) +
                           " is already in use; choose another 'porter-port'");
  }
  BOOST_TEST(!second.is_open());
}

// The porter's `interface`: one address, or every address for "".
BOOST_AUTO_TEST_CASE(an_interface_binds_one_address_and_must_be_one) {
  asio::io_context io;
  tcp::acceptor loopback(io), every(io), bad(io), taken(io);
  flu::sdk::listen_tcp_on(loopback, "127.0.0.1", 0);
  BOOST_TEST(loopback.local_endpoint().address().to_string() == "127.0.0.1");
  flu::sdk::listen_tcp_on(every, "", 0);
  BOOST_TEST(every.local_endpoint().address().is_unspecified());
  try {
    flu::sdk::listen_tcp_on(bad, "eth0", 0);
    BOOST_FAIL("a name that is no address was taken");
  } catch (const std::runtime_error &e) {
    BOOST_TEST(std::string(e.what()) == "interface 'eth0' is not an IP address");
  }
  const uint16_t port = loopback.local_endpoint().port();
  try {
    flu::sdk::listen_tcp_on(taken, "127.0.0.1", port);
    BOOST_FAIL("a second listener took the same address and port");
  } catch (const std::runtime_error &e) {
    BOOST_TEST(std::string(e.what()) == "port " + std::to_string(port) +
                                            " is already in use; choose another 'port'");
  }
  BOOST_TEST(!taken.is_open());
}

BOOST_AUTO_TEST_CASE(an_ipv4_viewer_is_accepted_and_seen_as_ipv4) {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  flu::sdk::listen_tcp(acceptor, 0);
  acceptor.non_blocking(true);
  int accepted = 0;
  std::string address;
  bool done = false;
  flu::sdk::AcceptLoop loop(
      acceptor,
      [&](tcp::socket socket) {
        address = flu::sdk::peer_address(socket);
        done = ++accepted == 3;
      },
      {}, 8);
  loop.start();
  tcp::socket a(io), b(io), c(io);
  const tcp::endpoint to(asio::ip::make_address("127.0.0.1"),
                         acceptor.local_endpoint().port());
  a.connect(to);
  b.connect(to);
  c.connect(to);
  run_until(io, done);
  BOOST_TEST(accepted == 3);
  BOOST_TEST(address == "127.0.0.1");
  acceptor.close();
  loop.cancel();
}

BOOST_AUTO_TEST_CASE(a_porter_socket_that_is_not_tcp_is_refused) {
  asio::io_context io;
  int pair[2];
  BOOST_TEST_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
  BOOST_TEST(!flu::sdk::adopt_tcp_socket(io, pair[0]).has_value());
  BOOST_TEST(fcntl(pair[0], F_GETFD) == -1); // closed
  ::close(pair[1]);
}

BOOST_AUTO_TEST_CASE(a_primed_head_parses_and_an_oversized_one_fails) {
  asio::io_context io;
  tcp::acceptor acceptor(io);
  flu::sdk::listen_tcp(acceptor, 0);
  const tcp::endpoint to(asio::ip::make_address("127.0.0.1"),
                         acceptor.local_endpoint().port());

  tcp::socket client(io);
  client.connect(to);
  tcp::socket server = acceptor.accept();
  flu::sdk::RequestHeadReader reader(256);
  reader.prime("GET /live.webm?token=x HTTP/1.1\r\nHost: a\r\n");
  asio::write(client, asio::buffer(std::string("Referer: http://r/\r\n\r\n")));
  boost::system::error_code result = asio::error::would_block;
  bool done = false;
  reader.async_read(server, [&](boost::system::error_code ec, size_t) {
    result = ec;
    done = true;
  });
  run_until(io, done);
  BOOST_TEST(!result);
  BOOST_TEST(reader.request_line() == "GET /live.webm?token=x HTTP/1.1");
  BOOST_TEST(reader.header(boost::beast::http::field::referer) == "http://r/");
  BOOST_TEST(reader.header(boost::beast::http::field::user_agent) == "");

  tcp::socket big_client(io);
  big_client.connect(to);
  tcp::socket big = acceptor.accept();
  flu::sdk::RequestHeadReader small(64);
  asio::write(big_client,
              asio::buffer("GET /" + std::string(200, 'a') + " HTTP/1.1\r\n\r\n"));
  done = false;
  small.async_read(big, [&](boost::system::error_code ec, size_t) {
    result = ec;
    done = true;
  });
  run_until(io, done);
  BOOST_TEST(done);
  BOOST_TEST(result.failed());
  BOOST_TEST(!flu::sdk::viewer_left(result), result.message());

  big_client.close();
  tcp::socket gone = [&] {
    tcp::socket s(io);
    s.connect(to);
    return s;
  }();
  tcp::socket gone_server = acceptor.accept();
  gone.close();
  flu::sdk::RequestHeadReader after(64);
  done = false;
  after.async_read(gone_server, [&](boost::system::error_code ec, size_t) {
    result = ec;
    done = true;
  });
  run_until(io, done);
  BOOST_TEST(flu::sdk::viewer_left(result), result.message());
}

BOOST_AUTO_TEST_CASE(html_escape_leaves_no_tag_or_attribute_open) {
  BOOST_TEST(flu::sdk::html_escape("<a href=\"x\" title='y'>&</a>") ==
             "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  BOOST_TEST(flu::sdk::html_escape("/live/main.m3u8") == "/live/main.m3u8");
}
