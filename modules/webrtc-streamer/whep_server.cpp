// WHEP signalling (see whep_server.hpp).
#include "whep_server.hpp"

#include "player_page.hpp"

#include <flu/sdk/access_log.hpp>
#include <flu/sdk/forwarded_for.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <glib.h>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

namespace flu::webrtc_streamer {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

namespace {

constexpr size_t kMaxOffer = 64 * 1024; // a browser's offer is a few KiB
constexpr size_t kMaxHead = 8 * 1024;

// What the access log writes of a request.
struct Logged {
  std::string request_line, referer, user_agent;
  std::chrono::system_clock::time_point when;
};

struct Viewer {
  std::unique_ptr<Peer> peer;
  std::string address;
  std::string keycard_id;
  Logged post; // logged when the viewer leaves, with the media bytes sent
  std::chrono::steady_clock::time_point since = std::chrono::steady_clock::now();
};

uint64_t seconds_since(std::chrono::system_clock::time_point then) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now() - then)
                                   .count());
}

std::string random_id() {
  // 128 random bits: the resource URL is what lets its holder end the
  // session, so it must not be guessable.
  std::string id;
  for (int i = 0; i < 4; ++i) {
    char part[9];
    g_snprintf(part, sizeof part, "%08x", g_random_int());
    id += part;
  }
  return id;
}

// "application/sdp; charset=utf-8" → "application/sdp".
std::string media_type(beast::string_view value) {
  std::string type(value.substr(0, value.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(),
                            [](char c) { return c == ' ' || c == '\t'; }),
             type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

} // namespace

struct WhepServer::Impl : std::enable_shared_from_this<WhepServer::Impl> {
  WhepSettings settings;
  WhepHooks hooks;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  flu::sdk::AcceptLoop accepts{
      acceptor, [this](tcp::socket socket) {
        std::make_shared<Session>(shared_from_this(), std::move(socket))->read();
      }};
  asio::steady_timer stats_timer{io};
  std::map<std::string, Viewer> viewers; // network thread only
  size_t pending = 0;                    // offers being answered
  WhepStats stats;
  uint64_t bytes_of_departed = 0;
  std::thread thread;

  flu::sdk::AccessLog access_log; // throws naming the file

  Impl(WhepSettings s, WhepHooks h)
      : settings(std::move(s)), hooks(std::move(h)),
        access_log(settings.access_log, settings.access_log_max_bytes) {}

  void log_access(const std::string &address, const Logged &request, int status,
                  uint64_t bytes) {
    if (access_log.enabled())
      access_log.write({address, "", request.when, request.request_line, status, bytes,
                        request.referer, request.user_agent,
                        seconds_since(request.when)});
  }

  void start() {
    flu::sdk::listen_tcp(acceptor, settings.port);
    accepts.start();
    tick();
    thread = std::thread([self = shared_from_this()] { self->io.run(); });
    if (hooks.listening)
      hooks.listening(acceptor.local_endpoint().port());
  }

  void tick() {
    uint64_t bytes = bytes_of_departed;
    for (const auto &[id, v] : viewers)
      bytes += v.peer->bytes_sent();
    stats.bytes_sent = bytes;
    stats.viewers = viewers.size();
    if (hooks.stats)
      hooks.stats(stats);
    stats_timer.expires_after(std::chrono::seconds(1));
    stats_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec)
        self->tick();
    });
  }

  void end_viewer(std::map<std::string, Viewer>::iterator it, const std::string &why) {
    const uint64_t bytes = it->second.peer->bytes_sent();
    bytes_of_departed += bytes;
    log_access(it->second.address, it->second.post, 201, bytes);
    hooks.log(FLU_LOG_INFO,
              "viewer " + it->first + " (" + it->second.address + ") leaves: " + why);
    viewers.erase(it); // the Peer frees its elements now
    stats.viewers = viewers.size();
  }

  // The id's resource under the mount point, or "" when the target is not one.
  std::string resource_of(const std::string &path) const {
    std::string prefix = settings.mount;
    if (prefix.back() != '/')
      prefix += '/';
    if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0)
      return {};
    const std::string id = path.substr(prefix.size());
    return id.find('/') == std::string::npos ? id : std::string();
  }
  std::string location_of(const std::string &id) const {
    return (settings.mount.back() == '/' ? settings.mount : settings.mount + "/") + id;
  }

  struct Session : std::enable_shared_from_this<Session> {
    std::shared_ptr<Impl> server;
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::optional<http::request_parser<http::string_body>> parser;
    Response response;
    std::string peer_address; // the socket's
    std::string address;      // the viewer's (X-Forwarded-For from a trusted proxy)
    Logged logged;            // the request being answered

    Session(std::shared_ptr<Impl> s, tcp::socket socket)
        : server(std::move(s)), stream(std::move(socket)) {
      peer_address = flu::sdk::peer_address(stream.socket());
      if (peer_address.empty())
        peer_address = "unknown";
      address = peer_address;
    }

    void read() {
      logged = {};
      address = peer_address;
      parser.emplace();
      parser->header_limit(kMaxHead);
      parser->body_limit(kMaxOffer);
      stream.expires_after(server->settings.request_timeout);
      http::async_read(stream, buffer, *parser,
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         self->on_read(ec);
                       });
    }

    void on_read(beast::error_code ec) {
      if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset)
        return close();
      if (ec == http::error::body_limit)
        return fail(http::status::payload_too_large,
                    "an offer is at most " + std::to_string(kMaxOffer) + " bytes", false);
      if (ec)
        return fail(http::status::bad_request, "malformed request: " + ec.message(),
                    false);
      stream.expires_never();
      handle(parser->get());
    }

    void handle(const Request &req) {
      const auto header = [&req](auto name) {
        const auto it = req.find(name);
        return it == req.end() ? std::string() : std::string(it->value());
      };
      address = flu::sdk::forwarded_address(peer_address, header("X-Forwarded-For"),
                                            server->settings.trusted_proxies);
      logged = {std::string(req.method_string()) + " " + std::string(req.target()) +
                    (req.version() >= 11 ? " HTTP/1.1" : " HTTP/1.0"),
                header(http::field::referer), header(http::field::user_agent),
                std::chrono::system_clock::now()};
      const std::string target(req.target());
      const auto q = target.find('?');
      const std::string path = target.substr(0, q);
      const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
      const bool at_mount = path == server->settings.mount;
      if (server->settings.player_page &&
          path == player_page_path(server->settings.mount) &&
          (req.method() == http::verb::get || req.method() == http::verb::head)) {
        const bool head = req.method() == http::verb::head;
        response.set(http::field::cache_control, "no-cache");
        return reply(http::status::ok, player_page(), "text/html; charset=utf-8", true,
                     head);
      }
      const std::string id = server->resource_of(path);
      if (!at_mount && id.empty())
        return fail(http::status::not_found, "nothing is served at " + path);

      if (req.method() == http::verb::options)
        return reply(http::status::no_content, {}, {});
      if (at_mount) {
        if (req.method() == http::verb::post)
          return post(req, path, query);
        return fail(http::status::method_not_allowed,
                    "WHEP takes POST of an SDP offer at " + path, true, "POST, OPTIONS");
      }
      if (req.method() == http::verb::delete_) {
        auto it = server->viewers.find(id);
        if (it == server->viewers.end())
          return fail(http::status::not_found, "no viewer session " + id);
        server->end_viewer(it, "DELETE from " + address);
        return reply(http::status::ok, {}, {});
      }
      if (req.method() == http::verb::patch)
        return fail(http::status::method_not_allowed,
                    "trickle ICE is not taken: the answer holds every candidate", true,
                    "DELETE, OPTIONS");
      fail(http::status::method_not_allowed, "a viewer session takes DELETE", true,
           "DELETE, OPTIONS");
    }

    void post(const Request &req, const std::string &path, const std::string &query) {
      const auto type = req.find(http::field::content_type);
      if (type == req.end() || media_type(type->value()) != "application/sdp")
        return fail(http::status::unsupported_media_type,
                    "a WHEP offer is sent as Content-Type: application/sdp");
      auto &s = server->settings;
      if (s.client_limit > 0 && server->viewers.size() + server->pending >=
                                    static_cast<size_t>(s.client_limit)) {
        ++server->stats.refused;
        return fail(http::status::service_unavailable,
                    "this stream has its " + std::to_string(s.client_limit) +
                        " viewers already");
      }
      ++server->pending;
      const std::string offer = req.body();
      if (!s.authorize || !server->hooks.authorize)
        return admit(offer, {});
      const auto auth = req.find(http::field::authorization);
      const std::string authorization =
          auth == req.end() ? std::string() : std::string(auth->value());
      auto keycard = flu::sdk::viewer_keycard(authorization, query, address, path);
      // The bouncer answers on the job's main thread; the rest goes on here.
      server->hooks.authorize(
          keycard, [self = shared_from_this(), offer](flu::sdk::AuthResult result) {
            asio::post(self->server->io, [self, offer, result] {
              if (result.authenticated)
                return self->admit(offer, result.keycard_id);
              --self->server->pending;
              ++self->server->stats.refused;
              self->response = {};
              self->response.set(http::field::www_authenticate,
                                 "Basic realm=\"" + self->server->settings.mount + "\"");
              self->fail(http::status::unauthorized, "not let in: " + result.reason);
            });
          });
    }

    void admit(const std::string &offer, const std::string &keycard_id) {
      const std::string id = random_id();
      std::unique_ptr<Peer> peer;
      std::weak_ptr<Impl> weak = server;
      try {
        peer = server->hooks.make_peer(id, offer, [weak, id] {
          if (auto s = weak.lock())
            asio::post(s->io, [s, id] {
              if (auto it = s->viewers.find(id); it != s->viewers.end())
                s->end_viewer(it, "its connection failed or closed");
            });
        });
      } catch (const OfferError &e) {
        --server->pending;
        return fail(http::status::bad_request, e.what());
      } catch (const std::exception &e) {
        --server->pending;
        response.set(http::field::retry_after, "1");
        return fail(http::status::service_unavailable, e.what());
      }
      // The answer comes from a GStreamer thread, or the time limit ends
      // the wait with the candidates found so far: whichever is first.
      auto timer = std::make_shared<asio::steady_timer>(server->io);
      auto answered = std::make_shared<bool>(false);
      auto pending = std::make_shared<std::unique_ptr<Peer>>(std::move(peer));
      auto done = [self = shared_from_this(), id, keycard_id, timer, answered,
                   pending](bool ok, std::string text) {
        if (*answered)
          return;
        *answered = true;
        timer->cancel();
        --self->server->pending;
        if (!ok)
          return self->fail(http::status::bad_request, text); // the Peer goes here
        auto &srv = *self->server;
        srv.viewers[id] =
            Viewer{std::move(*pending), self->address, keycard_id, self->logged};
        srv.stats.viewers = srv.viewers.size();
        srv.stats.peak = std::max<uint64_t>(srv.stats.peak, srv.viewers.size());
        srv.hooks.log(FLU_LOG_INFO, "viewer " + id + " from " + self->address + " joins");
        self->response.set(http::field::location, srv.location_of(id));
        self->reply(http::status::created, std::move(text), "application/sdp");
      };
      timer->expires_after(server->settings.gather_timeout);
      timer->async_wait([done, pending, self = shared_from_this()](beast::error_code ec) {
        if (ec)
          return;
        const std::string so_far = (*pending) ? (*pending)->answer_so_far() : "";
        if (so_far.empty())
          return done(false, "no answer within the time limit");
        self->server->hooks.log(FLU_LOG_WARNING,
                                "ICE gathering did not complete in time; answering "
                                "with the candidates found so far");
        done(true, so_far);
      });
      (*pending)->answer(offer, [io = &server->io, done](bool ok, std::string text) {
        asio::post(*io, [done, ok, text = std::move(text)] { done(ok, text); });
      });
    }

    void add_cors() {
      const auto &origin = server->settings.cors_origin;
      if (origin.empty())
        return;
      response.set(http::field::access_control_allow_origin, origin);
      response.set(http::field::access_control_allow_methods, "POST, DELETE, OPTIONS");
      response.set(http::field::access_control_allow_headers,
                   "Content-Type, Authorization");
      response.set(http::field::access_control_expose_headers, "Location");
      response.set(http::field::access_control_max_age, "600");
      if (origin != "*")
        response.set(http::field::vary, "Origin");
    }

    void fail(http::status status, const std::string &why, bool keep_alive = true,
              const char *allow = nullptr) {
      if (allow)
        response.set(http::field::allow, allow);
      reply(status,
            std::to_string(static_cast<unsigned>(status)) + " " +
                std::string(http::obsolete_reason(status)) + ": " + why + "\n",
            "text/plain; charset=utf-8", keep_alive);
    }

    void reply(http::status status, std::string body, const std::string &type,
               bool keep_alive = true, bool head_only = false) {
      response.result(status);
      response.version(11);
      response.set(http::field::server, "flu webrtc-streamer");
      if (!type.empty())
        response.set(http::field::content_type, type);
      add_cors();
      response.body() = std::move(body);
      response.keep_alive(keep_alive && parser && parser->is_done() &&
                          parser->get().keep_alive());
      response.prepare_payload();
      if (head_only)
        response.body().clear(); // Content-Length stays the page's
      stream.expires_after(server->settings.request_timeout);
      // A viewer's 201 is logged when it leaves, with what it was sent.
      const bool log_now = status != http::status::created;
      http::async_write(
          stream, response,
          [self = shared_from_this(), log_now](beast::error_code ec, size_t n) {
            if (log_now)
              self->server->log_access(self->address, self->logged,
                                       static_cast<int>(self->response.result_int()), n);
            if (ec || !self->response.keep_alive())
              return self->close();
            self->response = {};
            self->read();
          });
    }

    void close() {
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  };
};

WhepServer::WhepServer(WhepSettings settings, WhepHooks hooks)
    : impl_(std::make_shared<Impl>(std::move(settings), std::move(hooks))) {
  impl_->start();
}

WhepServer::~WhepServer() {
  // Viewers end on the network thread, where their table lives.
  asio::post(impl_->io, [impl = impl_] {
    while (!impl->viewers.empty())
      impl->end_viewer(impl->viewers.begin(), "the component stops");
    beast::error_code ec;
    impl->acceptor.close(ec);
    impl->accepts.cancel();
    impl->stats_timer.cancel();
    impl->io.stop();
  });
  if (impl_->thread.joinable())
    impl_->thread.join();
  // Whatever the stopped loop still held goes with it.
  impl_->viewers.clear();
}

template <class F> static auto on_thread(asio::io_context &io, F f) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto result = task.get_future();
  asio::post(io, std::move(task));
  return result.get();
}

std::vector<ViewerInfo> WhepServer::viewers() {
  return on_thread(impl_->io, [impl = impl_] {
    std::vector<ViewerInfo> out;
    const auto now = std::chrono::steady_clock::now();
    for (const auto &[id, v] : impl->viewers)
      out.push_back(
          {id, v.address,
           std::chrono::duration_cast<std::chrono::seconds>(now - v.since).count(),
           v.peer->bytes_sent(), v.keycard_id});
    return out;
  });
}

bool WhepServer::disconnect(const std::string &id) {
  return on_thread(impl_->io, [impl = impl_, id] {
    auto it = impl->viewers.find(id);
    if (it == impl->viewers.end())
      return false;
    impl->end_viewer(it, "disconnected by an admin");
    return true;
  });
}

void WhepServer::expire_keycard(const std::string &keycard_id) {
  asio::post(impl_->io, [impl = impl_, keycard_id] {
    for (auto it = impl->viewers.begin(); it != impl->viewers.end();) {
      auto next = std::next(it);
      if (it->second.keycard_id == keycard_id)
        impl->end_viewer(it, "its keycard expired");
      it = next;
    }
  });
}

} // namespace flu::webrtc_streamer
