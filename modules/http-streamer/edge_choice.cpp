// http-streamer: see edge_choice.hpp.
#include "edge_choice.hpp"

#include <flu/sdk/least_loaded.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <glib.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace flu::http_streamer {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

EdgeUrl EdgeUrl::parse(const std::string &url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw std::runtime_error("redirect-on-overflow must be an http:// or https:// URL, "
                             "got '" +
                             url + "'");
  GError *error = nullptr;
  GUri *uri = g_uri_parse(url.c_str(), G_URI_FLAGS_ENCODED, &error);
  if (!uri) {
    const std::string why = error ? error->message : "malformed";
    g_clear_error(&error);
    throw std::runtime_error("redirect-on-overflow: '" + url + "' is no URL: " + why);
  }
  EdgeUrl e;
  e.url = url;
  const std::string scheme = g_uri_get_scheme(uri) ? g_uri_get_scheme(uri) : "";
  e.tls = scheme == "https";
  e.host = g_uri_get_host(uri) ? g_uri_get_host(uri) : "";
  const int port = g_uri_get_port(uri);
  e.port = static_cast<uint16_t>(port > 0 ? port : (e.tls ? 443 : 80));
  e.target = g_uri_get_path(uri);
  if (e.target.empty())
    e.target = "/";
  if (const char *query = g_uri_get_query(uri))
    e.target += std::string("?") + query;
  g_uri_unref(uri);
  if (e.host.empty())
    throw std::runtime_error("redirect-on-overflow: '" + url + "' names no host");
  return e;
}

EdgeList parse_edge_list(const std::string &text) {
  EdgeList out;
  std::istringstream in(text);
  std::string entry;
  while (in >> entry) {
    if (entry.front() != '/') {
      out.urls.push_back(EdgeUrl::parse(entry));
      continue;
    }
    // A component id: /flow/name, each part a planet name.
    const auto slash = entry.find('/', 1);
    const bool ok = slash != std::string::npos && slash > 1 && slash + 1 < entry.size() &&
                    entry.find('/', slash + 1) == std::string::npos &&
                    std::all_of(entry.begin(), entry.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '/' ||
                             c == '-' || c == '_' || c == '.';
                    });
    if (!ok)
      throw std::runtime_error("redirect-on-overflow: '" + entry +
                               "' is neither a URL nor a component (/flow/name)");
    out.components.push_back(entry);
  }
  return out;
}

struct Edge {
  EdgeUrl url;
  bool answers = false;
  bool checked = false; // at least once
  std::string failure;  // the last reason reported
};

struct EdgeChoice::State : std::enable_shared_from_this<State> {
  State(asio::io_context &io, EdgeList list, StateFn state, Log log,
        std::chrono::milliseconds period)
      : io(io), timer(io), log(std::move(log)), period(period),
        planet(std::move(list.components), std::move(state),
               [this](const std::string &line) {
                 this->log(FLU_LOG_INFO, "edge " + line);
               }) {
    for (auto &u : list.urls)
      edges.push_back({std::move(u), false, false, {}});
  }
  asio::io_context &io;
  asio::steady_timer timer;
  Log log;
  std::chrono::milliseconds period;
  std::vector<Edge> edges;
  size_t next = 0;
  flu::sdk::LeastLoaded planet; // the edges in the planet, by their state
  bool stopped = false;

  void round() {
    if (stopped)
      return;
    // Asking is what makes the host follow a component: ask from the start,
    // and say in the log when an edge comes and goes.
    planet.refresh();
    for (size_t i = 0; i < edges.size(); ++i)
      check(i);
    auto self = shared_from_this();
    timer.expires_after(period);
    timer.async_wait([self](error_code ec) {
      if (!ec)
        self->round();
    });
  }

  void result(size_t i, bool answers, const std::string &why) {
    if (stopped)
      return;
    Edge &e = edges[i];
    if (answers && (!e.answers || !e.checked))
      log(FLU_LOG_INFO, "edge " + e.url.url + " answers: in the choice");
    if (!answers && (e.answers || !e.checked || why != e.failure))
      log(FLU_LOG_WARNING, "edge " + e.url.url + " left out: " + why);
    e.failure = answers ? std::string() : why;
    e.answers = answers;
    e.checked = true;
  }

  // One check: resolve, connect, and (http) HEAD, all within `period`.
  void check(size_t i) {
    struct Probe {
      explicit Probe(asio::io_context &io) : resolver(io), stream(io) {}
      tcp::resolver resolver;
      beast::tcp_stream stream;
      http::request<http::empty_body> request;
      beast::flat_buffer buffer;
      http::response_parser<http::empty_body> parser;
    };
    auto p = std::make_shared<Probe>(io);
    auto self = shared_from_this();
    const EdgeUrl &u = edges[i].url;
    p->stream.expires_after(period);
    p->resolver.async_resolve(
        u.host, std::to_string(u.port),
        [self, p, i](error_code ec, tcp::resolver::results_type results) {
          if (ec)
            return self->result(i, false, "cannot resolve: " + ec.message());
          p->stream.async_connect(results, [self, p, i](error_code ec,
                                                        const tcp::endpoint &) {
            if (ec)
              return self->result(i, false, "cannot connect: " + ec.message());
            const EdgeUrl &u = self->edges[i].url;
            if (u.tls) // no TLS here: an accepted connection is an answer
              return self->result(i, true, {});
            p->request = {http::verb::head, u.target, 11};
            p->request.set(http::field::host, u.host + ":" + std::to_string(u.port));
            p->request.set(http::field::user_agent, "flu-http-streamer edge check");
            p->request.set(http::field::connection, "close");
            http::async_write(p->stream, p->request, [self, p, i](error_code ec, size_t) {
              if (ec)
                return self->result(i, false, "cannot ask: " + ec.message());
              p->parser.skip(true); // a HEAD's answer has no body
              http::async_read_header(
                  p->stream, p->buffer, p->parser, [self, p, i](error_code ec, size_t) {
                    if (ec)
                      return self->result(i, false, "no answer: " + ec.message());
                    const unsigned status = p->parser.get().result_int();
                    if (status != 200)
                      return self->result(i, false, "answers " + std::to_string(status));
                    self->result(i, true, {});
                  });
            });
          });
        });
  }
};

EdgeChoice::EdgeChoice(asio::io_context &io, EdgeList edges, StateFn state, Log log,
                       std::chrono::milliseconds period)
    : state_(std::make_shared<State>(io, std::move(edges), std::move(state),
                                     std::move(log), period)) {}

EdgeChoice::~EdgeChoice() { stop(); }

void EdgeChoice::start() { state_->round(); }

void EdgeChoice::stop() {
  state_->stopped = true;
  state_->timer.cancel();
}

std::optional<std::string> EdgeChoice::pick() {
  if (auto edge = state_->planet.pick())
    return edge;
  auto &edges = state_->edges;
  for (size_t n = 0; n < edges.size(); ++n) {
    Edge &e = edges[state_->next++ % edges.size()];
    if (e.answers)
      return e.url.url;
  }
  return std::nullopt;
}

} // namespace flu::http_streamer
