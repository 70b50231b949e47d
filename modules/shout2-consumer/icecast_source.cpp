// shout2-consumer: see icecast_source.hpp.
#include "icecast_source.hpp"

#include <utility> // boost/asio/awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <glib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <optional>
#include <thread>

namespace flu::shout2_consumer {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {
constexpr auto first_backoff = 1s;
constexpr auto longest_backoff = 30s;
constexpr auto answer_deadline = 10s;
// A connection that lasted this long was a success: the next failure starts
// the back-off afresh.
constexpr auto steady_connection = 10s;
constexpr const char *connection_message = "shout2-connection";

std::string basic_credentials(const std::string &user, const std::string &password) {
  const std::string pair = user + ":" + password;
  gchar *encoded =
      g_base64_encode(reinterpret_cast<const guchar *>(pair.data()), pair.size());
  std::string out = std::string("Basic ") + encoded;
  g_free(encoded);
  return out;
}
} // namespace

struct IcecastSource::Impl : std::enable_shared_from_this<Impl> {
  Impl(IcecastSettings s, IcecastReport r)
      : settings(std::move(s)), report(std::move(r)),
        where("http://" + settings.host + ":" + std::to_string(settings.port) +
              settings.mount) {}

  const IcecastSettings settings;
  const IcecastReport report;
  const std::string where; // the server and mount, as operators read them

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  tcp::resolver resolver{io};
  tcp::socket socket{io};
  asio::steady_timer timer{io};
  beast::flat_buffer buffer;
  std::optional<http::response_parser<http::empty_body>> parser;
  std::shared_ptr<http::request<http::empty_body>> request;
  char probe = 0; // a read that only tells when the server hangs up

  enum class State { waiting, connecting, streaming } state = State::waiting;
  uint64_t attempt = 0; // callbacks of an earlier attempt are stale
  std::optional<StreamFormat> format;
  std::deque<Bytes> out;
  bool writing = false;
  bool need_sync = true;
  std::chrono::steady_clock::duration backoff = first_backoff;
  std::chrono::steady_clock::time_point connected_at, published_at;
  std::string failure; // the cause last reported
  uint64_t bytes_sent = 0, connections = 0;

  std::atomic<size_t> queued{0}; // bytes handed over, not yet sent or dropped
  std::atomic<bool> dropped{false};
  std::thread thread;

  void connect() {
    const uint64_t me = ++attempt;
    state = State::connecting;
    buffer.clear();
    parser.emplace();
    auto self = shared_from_this();
    timer.expires_after(answer_deadline);
    timer.async_wait([self, me](beast::error_code ec) {
      if (!ec && self->attempt == me && self->state == State::connecting)
        self->fail("no answer within 10 s");
    });
    resolver.async_resolve(
        settings.host, std::to_string(settings.port),
        [self, me](beast::error_code ec, tcp::resolver::results_type results) {
          if (self->attempt != me)
            return;
          if (ec)
            return self->fail("cannot resolve " + self->settings.host + ": " +
                              ec.message());
          asio::async_connect(self->socket, results,
                              [self, me](beast::error_code ec, const tcp::endpoint &) {
                                if (self->attempt != me)
                                  return;
                                if (ec)
                                  return self->fail("cannot connect: " + ec.message());
                                self->log_in(me);
                              });
        });
  }

  void log_in(uint64_t me) {
    request = std::make_shared<http::request<http::empty_body>>(http::verb::put,
                                                                settings.mount, 11);
    auto &r = *request;
    r.set(http::field::host, settings.host + ":" + std::to_string(settings.port));
    r.set(http::field::authorization,
          basic_credentials(settings.username, settings.password));
    r.set(http::field::user_agent, "flu-shout2-consumer");
    r.set(http::field::content_type, format && !format->content_type.empty()
                                         ? format->content_type
                                         : "application/octet-stream");
    r.set(http::field::expect, "100-continue");
    r.set("Ice-Public", settings.is_public ? "1" : "0");
    const std::pair<const char *, const std::string *> ice[] = {
        {"Ice-Name", &settings.name},
        {"Ice-Description", &settings.description},
        {"Ice-Genre", &settings.genre},
        {"Ice-Url", &settings.url}};
    for (const auto &[field, value] : ice)
      if (!value->empty())
        r.set(field, *value);
    auto self = shared_from_this();
    http::async_write(socket, r, [self, me](beast::error_code ec, size_t) {
      if (self->attempt != me)
        return;
      if (ec)
        return self->fail("cannot send the login: " + ec.message());
      http::async_read_header(self->socket, self->buffer, *self->parser,
                              [self, me](beast::error_code ec, size_t) {
                                if (self->attempt == me)
                                  self->answered(ec);
                              });
    });
  }

  void answered(beast::error_code ec) {
    if (ec)
      return fail("no answer to the login: " + ec.message());
    const auto &answer = parser->get();
    const unsigned status = answer.result_int();
    if (status == 401)
      return fail("the server refused the password (401 " + std::string(answer.reason()) +
                  ")");
    if (status != 100 && status != 200)
      return fail("the server refused the source (" + std::to_string(status) + " " +
                  std::string(answer.reason()) + ")");
    timer.cancel();
    state = State::streaming;
    need_sync = true;
    connected_at = std::chrono::steady_clock::now();
    ++connections;
    report.log(FLU_LOG_INFO, "streaming to " + where);
    report.message(FLU_MESSAGE_INFO, connection_message, "Streaming to " + where);
    failure.clear();
    report.ui("connected", "true");
    report.ui("connections", std::to_string(connections));
    watch_hang_up(attempt);
  }

  void watch_hang_up(uint64_t me) {
    auto self = shared_from_this();
    socket.async_read_some(asio::buffer(&probe, 1), [self, me](beast::error_code ec,
                                                               size_t) {
      if (self->attempt != me)
        return;
      if (ec)
        return self->fail(ec == asio::error::eof
                              ? "the server closed the connection"
                              : "the connection broke: " + ec.message());
      self->watch_hang_up(me); // Icecast says nothing to a source; ignore it if it does
    });
  }

  void fail(const std::string &reason) {
    ++attempt; // whatever is still pending belongs to the attempt that failed
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    resolver.cancel();
    if (state == State::streaming &&
        std::chrono::steady_clock::now() - connected_at >= steady_connection)
      backoff = first_backoff;
    state = State::waiting;
    drop_output();
    report.ui("connected", "false");
    report.log(FLU_LOG_WARNING, where + ": " + reason);
    if (reason != failure)
      report.message(FLU_MESSAGE_WARNING, connection_message,
                     "Cannot stream to " + where + ": " + reason + "; trying again");
    failure = reason;
    const auto wait = backoff;
    backoff = std::min<std::chrono::steady_clock::duration>(backoff * 2, longest_backoff);
    report.ui(
        "retry-seconds",
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wait).count()));
    auto self = shared_from_this();
    timer.expires_after(wait);
    timer.async_wait([self](beast::error_code ec) {
      if (!ec && self->state == State::waiting)
        self->connect();
    });
  }

  void drop_output() {
    size_t bytes = 0;
    for (const auto &b : out)
      bytes += b.size;
    out.clear();
    writing = false;
    queued -= bytes;
  }

  void take(Bytes bytes, bool sync) {
    if (dropped.exchange(false))
      need_sync = true;
    if (state != State::streaming) {
      queued -= bytes.size;
      return;
    }
    if (need_sync) {
      if (!sync) {
        queued -= bytes.size;
        return;
      }
      need_sync = false;
      if (format)
        for (const auto &h : format->headers) {
          queued += h.size;
          out.push_back(h);
        }
    }
    out.push_back(std::move(bytes));
    write_next();
  }

  void write_next() {
    if (writing || out.empty())
      return;
    writing = true;
    const uint64_t me = attempt;
    auto self = shared_from_this();
    asio::async_write(socket, asio::buffer(out.front().data, out.front().size),
                      [self, me](beast::error_code ec, size_t n) {
                        if (self->attempt != me)
                          return;
                        self->writing = false;
                        if (ec)
                          return self->fail("cannot send: " + ec.message());
                        self->queued -= self->out.front().size;
                        self->out.pop_front();
                        self->bytes_sent += n;
                        self->publish_sent();
                        self->write_next();
                      });
  }

  // At most twice a second.
  void publish_sent() {
    const auto now = std::chrono::steady_clock::now();
    if (now - published_at < 500ms)
      return;
    published_at = now;
    report.ui("bytes-sent", std::to_string(bytes_sent));
  }

  void take_format(StreamFormat f) {
    const bool changed =
        format && (format->content_type != f.content_type ||
                   format->headers.size() != f.headers.size() ||
                   !std::equal(format->headers.begin(), format->headers.end(),
                               f.headers.begin(), [](const Bytes &a, const Bytes &b) {
                                 return a.size == b.size &&
                                        std::memcmp(a.data, b.data, a.size) == 0;
                               }));
    format = std::move(f);
    // Listeners of a new stream need its headers: log in again at once.
    if (changed && state == State::streaming) {
      fail("the stream's format changed");
      connect(); // no back-off for this one
    } else if (state == State::waiting && attempt == 0) {
      connect(); // the first format: now the content type is known
    }
  }
};

IcecastSource::IcecastSource(IcecastSettings settings, IcecastReport report)
    : impl_(std::make_shared<Impl>(std::move(settings), std::move(report))) {
  impl_->report.ui("connected", "false");
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

IcecastSource::~IcecastSource() {
  asio::post(impl_->io, [impl = impl_] {
    ++impl->attempt;
    beast::error_code ignored;
    impl->socket.close(ignored);
    impl->timer.cancel();
    impl->resolver.cancel();
    impl->work.reset();
    impl->io.stop();
  });
  impl_->thread.join();
}

void IcecastSource::format(StreamFormat format) {
  asio::post(impl_->io, [impl = impl_, f = std::move(format)]() mutable {
    impl->take_format(std::move(f));
  });
}

void IcecastSource::piece(Bytes bytes, bool sync) {
  // A server slower than the stream: drop rather than hold up the feed, and
  // go on from the next sync point.
  if (impl_->queued.load() + bytes.size > impl_->settings.queue_limit_bytes) {
    impl_->dropped = true;
    return;
  }
  impl_->queued += bytes.size;
  asio::post(impl_->io, [impl = impl_, b = std::move(bytes), sync]() mutable {
    impl->take(std::move(b), sync);
  });
}

} // namespace flu::shout2_consumer
