// The hls-streamer's network side (see hls_server.hpp).
#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "hls_server.hpp"

#include <flu/sdk/access_log.hpp>
#include <flu/sdk/forwarded_for.hpp>
#include <flu/sdk/http_head.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <map>
#include <thread>

namespace flu::hls {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using error_code = boost::system::error_code;
using Clock = std::chrono::system_clock;

namespace {
constexpr auto kStatsPeriod = std::chrono::seconds(2);
constexpr auto kWriteTimeout = std::chrono::seconds(60);
constexpr size_t kMaxRequestBytes = 8192;
constexpr size_t kMaxSessions = 100000;
constexpr const char *kPlaylistType = "application/vnd.apple.mpegurl";

const char *reason(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 503:
    return "Service Unavailable";
  default:
    return "Error";
  }
}
} // namespace

struct HlsServer::Impl {
  Impl(ServerSettings s, const Catalog &c, ServerHooks h)
      : settings(std::move(s)), catalog(c), hooks(std::move(h)),
        access_log(settings.access_log, settings.access_log_max_bytes), acceptor(io),
        accepts(acceptor,
                [this](asio::ip::tcp::socket socket) { welcome(std::move(socket), {}); }),
        stats_timer(io) {}
  ~Impl() { *alive = false; }

  asio::io_context io{1};
  ServerSettings settings;
  const Catalog &catalog;
  ServerHooks hooks;
  flu::sdk::AccessLog access_log; // throws naming the file
  asio::ip::tcp::acceptor acceptor;
  flu::sdk::AcceptLoop accepts;
  asio::steady_timer stats_timer;
  std::thread thread;
  uint16_t bound_port = 0;
  ServerStats stats;
  // Connections freed after the server (the io_context's queue) touch nothing.
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  // Viewers the bouncer admitted lately, by their keycard without the path
  // (network thread only).
  std::map<std::string, std::chrono::steady_clock::time_point> sessions;
  bool admitted(const std::string &session) {
    const auto it = sessions.find(session);
    return it != sessions.end() && it->second > std::chrono::steady_clock::now();
  }
  void admit(const std::string &session) {
    const auto now = std::chrono::steady_clock::now();
    if (sessions.size() >= kMaxSessions) // forget the expired; if that is not enough, all
      std::erase_if(sessions, [now](const auto &s) { return s.second <= now; });
    if (sessions.size() >= kMaxSessions)
      sessions.clear();
    sessions[session] = now + settings.session_timeout;
  }

  void welcome(asio::ip::tcp::socket socket, std::string_view initial);
  void report();
};

namespace {

class Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(HlsServer::Impl &server, asio::ip::tcp::socket socket)
      : server_(server), alive_(server.alive), socket_(std::move(socket)),
        timer_(socket_.get_executor()), reader_(kMaxRequestBytes) {
    const uint64_t now = ++server_.stats.connections;
    server_.stats.peak = std::max(server_.stats.peak, now);
  }
  ~Connection() {
    if (*alive_)
      --server_.stats.connections;
  }

  void start(std::string_view initial) {
    peer_ = flu::sdk::peer_address(socket_);
    reader_.prime(initial);
    read();
  }

private:
  void arm(std::chrono::seconds after) {
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) {
        error_code ignored;
        self->socket_.close(ignored);
      }
    });
  }

  void read() {
    reader_.next();
    arm(server_.settings.request_timeout);
    reader_.async_read(socket_, [self = shared_from_this()](error_code ec, size_t) {
      self->on_request(ec);
    });
  }

  void on_request(error_code ec) {
    timer_.cancel();
    if (ec) {
      if (!flu::sdk::viewer_left(ec) && socket_.is_open())
        send(400, "text/plain", "no-cache", text("Bad request\n"), false);
      return;
    }
    ++server_.stats.requests;
    const auto &req = reader_.get();
    arrived_ = Clock::now();
    // Each request of a keep-alive connection says who it is for.
    address_ = flu::sdk::forwarded_address(peer_, reader_.header("X-Forwarded-For"),
                                           server_.settings.trusted_proxies);
    request_line_ = reader_.request_line();
    referer_ = header(http::field::referer);
    user_agent_ = header(http::field::user_agent);
    version_ = req.version() >= 11 ? 11 : 10;
    head_only_ = req.method() == http::verb::head;
    const bool keep = req.keep_alive();
    if (!head_only_ && req.method() != http::verb::get)
      return send(405, "text/plain", "no-cache", text("GET or HEAD\n"), false,
                  "Allow: GET, HEAD\r\n");
    if (server_.stats.connections > server_.settings.client_limit)
      return send(503, "text/plain", "no-cache", text("Too many viewers\n"), false,
                  "Retry-After: 10\r\n");
    std::string_view target(req.target().data(), req.target().size());
    target = target.substr(0, target.find('?'));
    const std::string &mount = server_.settings.mount_point; // ends in '/'
    if (target.compare(0, mount.size(), mount) != 0) {
      ++server_.stats.not_found;
      return send(404, "text/plain", "no-cache", text("Not found\n"), keep);
    }
    const std::string relative(target.substr(mount.size()));
    const std::string full(req.target().data(), req.target().size());
    const auto question = full.find('?');
    const std::string query =
        question == std::string::npos ? "" : full.substr(question + 1);
    // Players resolve the playlists' URIs without the query they were given:
    // a viewer's token goes into every URI of the playlists it is served.
    token_.clear();
    if (auto token = flu::sdk::query_value(query, "token")) {
      char *escaped = g_uri_escape_string(token->c_str(), nullptr, false);
      token_ = "?token=" + std::string(escaped);
      g_free(escaped);
    }
    if (!server_.hooks.authorize)
      return answer(relative, keep);
    const flu::sdk::KeycardFields keycard = flu::sdk::viewer_keycard(
        header(http::field::authorization), query, address_, std::string(target));
    std::string session;
    for (const auto &[name, value] : keycard)
      if (name != "path")
        session += name + '\0' + value + '\0';
    if (server_.admitted(session))
      return answer(relative, keep);
    // The answer comes on the component's thread, which also destroys the
    // server: `alive` tells whether the io_context is still there.
    server_.hooks.authorize(keycard, [self = shared_from_this(), alive = alive_,
                                      io = &server_.io, relative, keep,
                                      session](flu::sdk::AuthResult result) {
      if (*alive)
        asio::post(*io, [self, relative, keep, session, result = std::move(result)] {
          self->authorized(result, relative, keep, session);
        });
    });
  }

  void authorized(const flu::sdk::AuthResult &result, const std::string &relative,
                  bool keep, const std::string &session) {
    if (!socket_.is_open())
      return;
    if (!result.authenticated) {
      ++server_.stats.refused;
      server_.hooks.log(FLU_LOG_INFO,
                        "the bouncer refused a viewer from " + address_ +
                            (result.reason.empty() ? "" : ": " + result.reason));
      std::string realm = server_.settings.mount_point;
      for (char &c : realm)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
          c = '_';
      return send(401, "text/plain", "no-cache", text("Unauthorized\n"), keep,
                  "WWW-Authenticate: Basic realm=\"" + realm + "\"\r\n");
    }
    server_.admit(session);
    answer(relative, keep);
  }

  // The page, playlist or segment at `relative` (below the mount point).
  void answer(const std::string &relative, bool keep) {
    if (!server_.settings.page.empty() && (relative.empty() || relative == "index.html"))
      return send(200, "text/html; charset=utf-8", "no-cache",
                  text(server_.settings.page), keep);
    Answer answer = server_.catalog.get(relative);
    if (answer.status == 404)
      ++server_.stats.not_found;
    const std::string &base = server_.settings.base_url;
    if (answer.status == 200 && (!token_.empty() || !base.empty()) &&
        answer.content_type == kPlaylistType)
      answer.body = text(rewrite_uris(
          *answer.body,
          base.empty() ? "" : base + relative.substr(0, relative.rfind('/') + 1),
          token_));
    send(answer.status, answer.content_type, answer.cache_control, answer.body, keep,
         answer.status == 503 ? "Retry-After: 1\r\n" : "");
  }

  static std::shared_ptr<const std::string> text(std::string s) {
    return std::make_shared<const std::string>(std::move(s));
  }

  std::string header(http::field f) const { return reader_.header(f); }

  void send(int status, const std::string &type, const std::string &cache,
            std::shared_ptr<const std::string> body, bool keep,
            const std::string &extra = {}) {
    status_ = status;
    keep_ = keep;
    body_ = std::move(body);
    head_ =
        std::string(version_ >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ") + std::to_string(status) +
        " " + reason(status) +
        "\r\nServer: flu-hls-streamer/" FLU_MODULE_VERSION "\r\nContent-Type: " + type +
        "\r\nContent-Length: " + std::to_string(body_->size()) +
        "\r\nCache-Control: " + cache + "\r\n" + extra;
    if (!server_.settings.cors_origin.empty())
      head_ += "Access-Control-Allow-Origin: " + server_.settings.cors_origin + "\r\n";
    head_ += keep ? (version_ >= 11 ? "" : "Connection: keep-alive\r\n")
                  : "Connection: close\r\n";
    head_ += "\r\n";
    const std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head_), head_only_ ? asio::const_buffer() : asio::buffer(*body_)};
    arm(kWriteTimeout);
    asio::async_write(
        socket_, buffers,
        [self = shared_from_this()](error_code ec, size_t n) { self->sent(ec, n); });
  }

  void sent(error_code ec, size_t n) {
    timer_.cancel();
    server_.stats.bytes_sent += n;
    if (server_.access_log.enabled())
      server_.access_log.write(
          {address_, "", arrived_, request_line_, status_, n, referer_, user_agent_,
           static_cast<uint64_t>(
               std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - arrived_)
                   .count())});
    if (ec || !keep_ || !socket_.is_open()) {
      error_code ignored;
      socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
      socket_.close(ignored);
      return;
    }
    read();
  }

  HlsServer::Impl &server_;
  std::shared_ptr<bool> alive_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  flu::sdk::RequestHeadReader reader_;
  std::string peer_, address_, request_line_, referer_, user_agent_, head_, token_;
  std::shared_ptr<const std::string> body_;
  Clock::time_point arrived_;
  int status_ = 0;
  unsigned version_ = 11;
  bool head_only_ = false, keep_ = false;
};

} // namespace

void HlsServer::Impl::welcome(asio::ip::tcp::socket socket, std::string_view initial) {
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  std::make_shared<Connection>(*this, std::move(socket))->start(initial);
}

void HlsServer::Impl::report() {
  if (hooks.stats)
    hooks.stats(stats);
  stats_timer.expires_after(kStatsPeriod);
  stats_timer.async_wait([this](error_code ec) {
    if (!ec)
      report();
  });
}

HlsServer::HlsServer(ServerSettings settings, const Catalog &catalog, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(settings), catalog, std::move(hooks))) {
  if (!impl_->settings.behind_porter) {
    flu::sdk::listen_tcp(impl_->acceptor, impl_->settings.port);
    impl_->bound_port = impl_->acceptor.local_endpoint().port();
    impl_->accepts.start();
  }
  impl_->report();
  impl_->thread = flu::sdk::network_thread(impl_->io, "flu-hls-net", impl_->hooks.fail);
}

HlsServer::~HlsServer() {
  asio::post(impl_->io, [impl = impl_.get()] {
    error_code ignored;
    impl->acceptor.close(ignored);
    impl->accepts.cancel();
    impl->stats_timer.cancel();
    impl->io.stop(); // the connections die with the io_context
  });
  if (impl_->thread.joinable())
    impl_->thread.join();
}

uint16_t HlsServer::port() const { return impl_->bound_port; }

void HlsServer::take_connection(int fd, std::string bytes) {
  asio::post(impl_->io, [impl = impl_.get(), fd, bytes = std::move(bytes)] {
    if (auto socket = flu::sdk::adopt_tcp_socket(impl->io, fd))
      impl->welcome(std::move(*socket), bytes);
  });
}

} // namespace flu::hls
