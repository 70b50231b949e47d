// The scrape endpoint: see scrape_server.hpp.
#include "scrape/scrape_server.hpp"

#include "scrape/scrape_request.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/stat.h>

#include <array>
#include <charconv>
#include <fstream>
#include <optional>
#include <stdexcept>

namespace flu::scrape {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t head_limit = 8192;
constexpr const char *content_type = "text/plain; version=0.0.4; charset=utf-8";

} // namespace

struct ScrapeServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context &io, ScrapeOptions o, Render r)
      : options(std::move(o)), render(std::move(r)), acceptor(io) {}

  void accept() {
    acceptor.async_accept(
        [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !self->acceptor.is_open())
            return;
          if (!ec) {
            if (self->connections < self->options.max_connections)
              std::make_shared<Connection>(self, std::move(socket))->read();
            // else: closed as `socket` goes; a scraper retries at its next interval
          }
          self->accept();
        });
  }

  struct Connection : std::enable_shared_from_this<Connection> {
    Connection(std::shared_ptr<Impl> s, tcp::socket socket)
        : server(std::move(s)), stream(std::move(socket)) {
      ++server->connections;
    }
    ~Connection() { --server->connections; }

    void read() {
      parser.emplace();
      parser->header_limit(head_limit);
      parser->body_limit(0);
      stream.expires_after(server->options.timeout);
      http::async_read(stream, buffer, *parser,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         self->on_read(ec);
                       });
    }

    void on_read(beast::error_code ec) {
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
          ec == asio::error::eof)
        return; // gone, or silent too long: nobody to answer
      if (ec) {
        // Beast refused the request (garbage, a head past the limit, a body).
        answer(http::status::bad_request, "bad request: " + ec.message() + "\n", false);
        return;
      }
      const auto &request = parser->get();
      const bool keep_alive = request.keep_alive();
      const auto view = [](beast::string_view v) {
        return std::string_view(v.data(), v.size());
      };
      switch (decide(view(request.method_string()), view(request.target()),
                     view(request[http::field::authorization]), server->options.token)) {
      case Answer::metrics:
        answer(http::status::ok, server->render(), keep_alive);
        break;
      case Answer::not_found:
        answer(http::status::not_found, "metrics are at /metrics\n", keep_alive);
        break;
      case Answer::method_not_allowed:
        answer(http::status::method_not_allowed, "only GET\n", keep_alive);
        break;
      case Answer::unauthorized:
        answer(http::status::unauthorized, "a bearer token is required\n", keep_alive);
        break;
      }
    }

    void answer(http::status status, std::string body, bool keep_alive) {
      response = {};
      response.result(status);
      response.version(11);
      response.set(http::field::server, "flu-manager");
      response.set(http::field::content_type,
                   status == http::status::ok ? content_type : "text/plain");
      if (status == http::status::unauthorized)
        response.set(http::field::www_authenticate, "Bearer realm=\"flu metrics\"");
      if (status == http::status::method_not_allowed)
        response.set(http::field::allow, "GET");
      response.keep_alive(keep_alive);
      response.body() = std::move(body);
      response.prepare_payload();
      stream.expires_after(server->options.timeout);
      http::async_write(
          stream, response,
          [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
            if (ec)
              return;
            if (keep_alive)
              self->read();
            else
              self->drain();
          });
    }

    // Half-closes, then reads what the client still sends until it closes
    // (bounded in time), so that closing with unread bytes does not reset
    // the connection before the client read the answer.
    void drain() {
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      stream.expires_after(std::chrono::seconds(2));
      discard();
    }
    void discard() {
      stream.async_read_some(asio::buffer(sink), [self = shared_from_this()](
                                                     beast::error_code ec, std::size_t) {
        if (!ec)
          self->discard();
      });
    }

    std::shared_ptr<Impl> server;
    beast::tcp_stream stream;
    beast::flat_buffer buffer{head_limit};
    std::optional<http::request_parser<http::empty_body>> parser;
    http::response<http::string_body> response;
    std::array<char, 4096> sink;
  };

  ScrapeOptions options;
  Render render;
  tcp::acceptor acceptor;
  std::size_t connections = 0;
};

ScrapeServer::ScrapeServer(asio::io_context &io, ScrapeOptions options, Render render)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(render))) {
  const BindAddress bind = parse_bind(impl_->options.bind);
  beast::error_code ec;
  const auto address = asio::ip::make_address(bind.host, ec);
  const tcp::endpoint endpoint(address, bind.port);
  auto &acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor.bind(endpoint, ec);
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen for scrapes at " + impl_->options.bind +
                             ": " + ec.message());
  impl_->accept();
}

ScrapeServer::~ScrapeServer() {
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

std::string ScrapeServer::address() const {
  beast::error_code ec;
  const auto endpoint = impl_->acceptor.local_endpoint(ec);
  const auto host = endpoint.address();
  return (host.is_v6() ? "[" + host.to_string() + "]" : host.to_string()) + ":" +
         std::to_string(endpoint.port());
}

BindAddress parse_bind(const std::string &text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    throw std::invalid_argument("'" + text + "' is not ADDRESS:PORT");
  BindAddress bind;
  bind.host = text.substr(0, colon);
  if (bind.host.size() >= 2 && bind.host.front() == '[' && bind.host.back() == ']')
    bind.host = bind.host.substr(1, bind.host.size() - 2);
  const std::string port = text.substr(colon + 1);
  const auto r = std::from_chars(port.data(), port.data() + port.size(), bind.port);
  if (r.ec != std::errc() || r.ptr != port.data() + port.size())
    throw std::invalid_argument("'" + text + "': '" + port + "' is not a port (0-65535)");
  beast::error_code ec;
  asio::ip::make_address(bind.host, ec);
  if (ec)
    throw std::invalid_argument("'" + text + "': '" + bind.host +
                                "' is not an IP address");
  return bind;
}

std::string read_token_file(const std::filesystem::path &file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw std::runtime_error(file.string() + ": cannot read the metrics token");
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw std::runtime_error(file.string() +
                             ": the metrics token can be read by others; chmod 600 it");
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line))
    throw std::runtime_error(file.string() + ": cannot read the metrics token");
  const auto first = line.find_first_not_of(" \t\r");
  const auto last = line.find_last_not_of(" \t\r");
  if (first == std::string::npos)
    throw std::runtime_error(file.string() + ": the metrics token is empty");
  return line.substr(first, last - first + 1);
}

} // namespace flu::scrape
