// fgdp: see fgdp_link.hpp.
#include "fgdp_link.hpp"

#include "fgdp_frames.hpp"

#include <utility> // boost/asio/awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>

namespace flu::fgdp {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using namespace std::chrono_literals;

namespace {
constexpr auto handshake_deadline = 10s;
// TCP alone retries a connection that gets no answer (a partition) for
// minutes, and a link restored meanwhile would wait for its next try.
constexpr auto connect_deadline = 5s;
constexpr const char *link_message = "fgdp-link";

// An IPv4 peer of the dual-stack listener as itself (127.0.0.1, not
// ::ffff:127.0.0.1): in messages, and for a bouncer that checks addresses.
std::string plain(const asio::ip::address &address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}
} // namespace

// One TCP connection, from connect/accept to its end.
struct Connection {
  explicit Connection(asio::io_context &io)
      : socket(io), timer(io), input(Handshake::max_line + 2) {}
  tcp::socket socket;
  asio::steady_timer timer;
  asio::streambuf input;
  std::unique_ptr<Handshake> handshake;
  std::string peer;
  std::string address;  // the peer's, for a bouncer
  std::string outgoing; // a handshake line being sent
  bool over = false;
};

struct Link::Impl : std::enable_shared_from_this<Impl> {
  Impl(LinkSettings s, LinkEvents e)
      : settings(std::move(s)), events(std::move(e)),
        other(settings.role == Role::consumer ? "fgdp-producer" : "fgdp-consumer") {}
  const LinkSettings settings;
  const LinkEvents events;
  const std::string other; // what the peer is, for messages

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  tcp::resolver resolver{io};
  tcp::acceptor acceptor{io};
  asio::steady_timer retry{io};
  asio::steady_timer stall{io}; // watches the current connection
  std::chrono::steady_clock::time_point progressed;
  std::chrono::steady_clock::duration backoff = 1s;
  std::shared_ptr<Connection> current; // established
  std::deque<Bytes> out;
  FrameReader reader;    // a producer's, of the current connection
  bool need_sync = true; // a consumer's: the peer has no keyframe yet
  bool writing = false;
  std::atomic<size_t> queued{0};
  std::atomic<bool> overflowed{false};
  std::atomic<uint16_t> bound_port{0};
  std::string failure;  // the cause last reported
  bool starved = false; // the component was said hungry
  bool gave_up = false; // refused for good: an operator must fix it
  uint64_t connections = 0;
  uint64_t bytes = 0;
  std::chrono::steady_clock::time_point counted_at;
  std::thread thread;

  std::string where() const {
    return settings.host + ":" + std::to_string(settings.port);
  }

  void report_once(flu_message_level level, const std::string &text) {
    events.log(level == FLU_MESSAGE_INFO ? FLU_LOG_INFO : FLU_LOG_WARNING, text);
    if (text != failure)
      events.message(level, link_message, text);
    failure = text;
  }

  // The link waits for its peer: the component is hungry with `text` (a
  // host without that mood gets a warning), each new cause said once.
  void starving(const std::string &text) {
    events.log(FLU_LOG_WARNING, text);
    if (text == failure)
      return;
    failure = text;
    if (events.hungry && events.hungry(true, text))
      starved = true;
    else
      events.message(FLU_MESSAGE_WARNING, link_message, text);
  }

  // A handshake refused, by either side. The connecting side was pointed
  // at this peer by its operator, so a refusal there (a wrong secret, a
  // keycard where a secret is shared) will not mend by trying again: the
  // component turns sad. The listening side cannot tell its peer from a
  // stranger knocking, so it warns and waits for the next.
  void refused(const std::string &text) {
    if (settings.side == Side::acceptor)
      return report_once(FLU_MESSAGE_WARNING, text);
    gave_up = true;
    retry.cancel();
    events.log(FLU_LOG_ERROR, text);
    events.message(FLU_MESSAGE_ERROR, link_message, text);
  }

  void start() {
    events.ui("connected", "false");
    if (settings.side == Side::initiator)
      return connect();
    try {
      const auto address = settings.host.empty()
                               ? asio::ip::address(asio::ip::address_v6::any())
                               : asio::ip::make_address(settings.host);
      const tcp::endpoint at(address, settings.port);
      acceptor.open(at.protocol());
      acceptor.set_option(tcp::acceptor::reuse_address(true));
      acceptor.bind(at);
      acceptor.listen();
      bound_port = acceptor.local_endpoint().port();
      events.log(FLU_LOG_INFO, "waiting for an " + other + " on port " +
                                   std::to_string(bound_port.load()));
      events.ui("port", std::to_string(bound_port.load()));
      accept();
    } catch (const std::exception &e) {
      events.message(FLU_MESSAGE_ERROR, link_message,
                     "Cannot listen for an " + other + " on port " +
                         std::to_string(settings.port) + ": " + e.what());
    }
  }

  void accept() {
    auto c = std::make_shared<Connection>(io);
    auto self = shared_from_this();
    acceptor.async_accept(c->socket, [self, c](error_code ec) {
      if (ec == asio::error::operation_aborted)
        return;
      if (!ec) {
        error_code ignored;
        const auto remote = c->socket.remote_endpoint(ignored);
        c->peer = plain(remote.address()) + ":" + std::to_string(remote.port());
        self->begin(c);
      }
      self->accept();
    });
  }

  void connect() {
    auto c = std::make_shared<Connection>(io);
    c->peer = where();
    auto self = shared_from_this();
    c->timer.expires_after(connect_deadline);
    c->timer.async_wait([self, c](error_code ec) {
      if (!ec && !c->handshake)
        self->ended(c, "no answer within " + std::to_string(connect_deadline.count()) +
                           " s");
    });
    resolver.async_resolve(
        settings.host, std::to_string(settings.port),
        [self, c](error_code ec, tcp::resolver::results_type results) {
          if (c->over)
            return;
          if (ec)
            return self->ended(c, "cannot resolve: " + ec.message());
          asio::async_connect(
              c->socket, results, [self, c](error_code ec, const tcp::endpoint &) {
                if (c->over)
                  return;
                if (ec)
                  return self->ended(c, "cannot connect: " + ec.message());
                self->begin(c);
              });
        });
  }

  // The handshake, both sides.
  void begin(const std::shared_ptr<Connection> &c) {
    error_code ignored;
    c->address = plain(c->socket.remote_endpoint(ignored).address());
    c->handshake = std::make_unique<Handshake>(
        settings.side, settings.role, settings.user, settings.secret, settings.auth);
    auto self = shared_from_this();
    c->timer.expires_after(handshake_deadline);
    c->timer.async_wait([self, c](error_code ec) {
      if (!ec && !c->handshake->done())
        self->ended(c, "no handshake within 10 s");
    });
    send_line(c, c->handshake->start());
    read_line(c);
  }

  void send_line(const std::shared_ptr<Connection> &c, const std::string &line) {
    if (line.empty())
      return;
    auto text = std::make_shared<std::string>(line);
    auto self = shared_from_this();
    asio::async_write(c->socket, asio::buffer(*text),
                      [self, c, text](error_code ec, size_t) {
                        if (ec)
                          self->ended(c, "the connection broke: " + ec.message());
                      });
  }

  void read_line(const std::shared_ptr<Connection> &c) {
    auto self = shared_from_this();
    asio::async_read_until(c->socket, c->input, '\n', [self, c](error_code ec, size_t n) {
      if (c->over)
        return;
      if (ec == asio::error::not_found)
        return self->refused_here(c, "a handshake line longer than " +
                                         std::to_string(Handshake::max_line) + " bytes");
      if (ec)
        return self->ended(c, ec == asio::error::eof
                                  ? "the peer closed the connection"
                                  : "the connection broke: " + ec.message());
      std::string line(asio::buffers_begin(c->input.data()),
                       asio::buffers_begin(c->input.data()) + static_cast<long>(n - 1));
      c->input.consume(n);
      std::string answer;
      try {
        answer = c->handshake->receive(line);
      } catch (const HandshakeError &e) {
        if (e.refused_by_peer())
          return self->refused_there(c, e.what());
        self->send_line(c, c->handshake->refusal());
        return self->refused_here(c, e.what());
      }
      if (c->handshake->done())
        return self->established(c, answer);
      if (c->handshake->question())
        return self->ask(c);
      self->send_line(c, answer);
      self->read_line(c);
    });
  }

  // A keycard-mode producer: the bouncer decides, then the handshake goes on.
  void ask(const std::shared_ptr<Connection> &c) {
    KeycardFields card = *c->handshake->question();
    card.emplace_back("address", c->address);
    if (!events.ask)
      return answered(c, {BouncerAnswer::State::refused, {{"reason", "no bouncer"}}});
    std::weak_ptr<Impl> weak = shared_from_this();
    events.ask(card, [weak, c](BouncerAnswer a) {
      if (auto self = weak.lock())
        asio::post(self->io, [weak, c, a = std::move(a)] {
          if (auto self = weak.lock())
            self->answered(c, a);
        });
    });
  }

  void answered(const std::shared_ptr<Connection> &c, const BouncerAnswer &a) {
    if (c->over)
      return;
    std::string line;
    try {
      line = c->handshake->answer(a);
    } catch (const HandshakeError &e) {
      send_line(c, c->handshake->refusal());
      return refused_here(c, e.what());
    }
    if (c->handshake->done())
      return established(c, line);
    send_line(c, line);
    read_line(c);
  }

  void keycard_expired(const std::string &id) {
    if (current && !id.empty() && current->handshake->keycard_id() == id)
      ended(current, "its keycard expired");
  }

  void refused_there(const std::shared_ptr<Connection> &c, const std::string &reason) {
    refused("The " + other + " at " + c->peer + " refused us: " + reason);
    ended(c, {});
  }
  void refused_here(const std::shared_ptr<Connection> &c, const std::string &reason) {
    const std::string text = "Refused an " + other + " from " + c->peer + ": " + reason;
    events.log(FLU_LOG_WARNING, text);
    // Let the refusal line go out before closing (and, if sad, ending).
    auto self = shared_from_this();
    c->timer.expires_after(200ms);
    c->timer.async_wait([self, c, text](error_code) {
      self->refused(text);
      self->ended(c, {});
    });
  }

  // `last_line`: the handshake's last line of ours, if any, which must go
  // out before the feed (one writer at a time on the socket).
  void established(const std::shared_ptr<Connection> &c, const std::string &last_line) {
    c->timer.cancel();
    if (current)
      ended(current, {}); // the newest authenticated peer wins
    current = c;
    backoff = 1s;
    ++connections;
    failure.clear();
    if (starved && events.hungry)
      events.hungry(false, other + " at " + c->peer + ": connected again");
    starved = false;
    const std::string &user = c->handshake->peer_user();
    events.message(
        FLU_MESSAGE_INFO, link_message,
        std::string(settings.role == Role::consumer ? "Feeding the " : "Fed by the ") +
            other + " at " + c->peer + (user.empty() ? "" : " (user '" + user + "')"));
    events.ui("connected", "true");
    events.ui("peer", c->peer);
    events.ui("connections", std::to_string(connections));
    progressed = std::chrono::steady_clock::now();
    watch_stall(c);
    if (settings.role == Role::consumer) {
      if (!last_line.empty()) {
        auto text = std::make_shared<const std::string>(last_line);
        queued += text->size();
        out.push_back(
            {reinterpret_cast<const uint8_t *>(text->data()), text->size(), text});
      }
      bool have_headers = false;
      if (events.established)
        for (auto &b : events.established()) {
          push_frame(std::move(b));
          have_headers = true;
        }
      overflowed = false;
      // Before the feed's first packet there are no headers yet: the peer
      // then takes the feed from its very start (its caps and events
      // packets included), not from the next keyframe, which it could not
      // decode without them.
      need_sync = have_headers;
      write_next();
      watch_hang_up(c);
    } else {
      send_line(c, last_line);
      // Bytes that came with the last handshake line are the feed's.
      reader.reset();
      if (c->input.size() > 0) {
        std::string rest(asio::buffers_begin(c->input.data()),
                         asio::buffers_end(c->input.data()));
        c->input.consume(c->input.size());
        if (!deliver(c, reinterpret_cast<const uint8_t *>(rest.data()), rest.size()))
          return;
      }
      receive(c);
    }
  }

  // Ends `c` when nothing went through it for stall_timeout: no byte came
  // (producer), or what was queued did not go out (consumer).
  void watch_stall(const std::shared_ptr<Connection> &c) {
    auto self = shared_from_this();
    stall.expires_after(1s);
    stall.async_wait([self, c](error_code ec) {
      if (ec || c->over || c != self->current)
        return;
      const auto now = std::chrono::steady_clock::now();
      if (self->settings.role == Role::consumer && self->out.empty())
        self->progressed = now; // nothing owed to the peer
      if (now - self->progressed < self->settings.stall_timeout)
        return self->watch_stall(c);
      self->ended(c, "nothing went through for " +
                         std::to_string(self->settings.stall_timeout.count()) + " s");
    });
  }

  // Whole frames to the component; false when the peer sent garbage.
  bool deliver(const std::shared_ptr<Connection> &c, const uint8_t *data, size_t n) {
    try {
      reader.feed(data, n, events.received);
      return true;
    } catch (const std::exception &e) {
      ended(c, e.what());
      return false;
    }
  }

  void watch_hang_up(const std::shared_ptr<Connection> &c) {
    auto buffer = std::make_shared<std::array<char, 256>>();
    auto self = shared_from_this();
    c->socket.async_read_some(
        asio::buffer(*buffer), [self, c, buffer](error_code ec, size_t) {
          if (ec)
            return self->ended(c, ec == asio::error::eof
                                      ? "the peer closed the connection"
                                      : "the connection broke: " + ec.message());
          self->watch_hang_up(c);
        });
  }

  void receive(const std::shared_ptr<Connection> &c) {
    auto buffer = std::make_shared<std::vector<uint8_t>>(64 * 1024);
    auto self = shared_from_this();
    c->socket.async_read_some(
        asio::buffer(*buffer), [self, c, buffer](error_code ec, size_t n) {
          if (c->over)
            return;
          if (ec)
            return self->ended(c, ec == asio::error::eof
                                      ? "the peer closed the connection"
                                      : "the connection broke: " + ec.message());
          self->count(n);
          self->progressed = std::chrono::steady_clock::now();
          if (self->deliver(c, buffer->data(), n))
            self->receive(c);
        });
  }

  // The bytes through the link, at most twice a second to the UI.
  void count(size_t n) {
    bytes += n;
    const auto now = std::chrono::steady_clock::now();
    if (now - counted_at < 500ms)
      return;
    counted_at = now;
    events.ui(settings.role == Role::consumer ? "bytes-sent" : "bytes-received",
              std::to_string(bytes));
  }

  void write_next() {
    if (writing || out.empty() || !current)
      return;
    writing = true;
    auto c = current;
    auto self = shared_from_this();
    asio::async_write(c->socket, asio::buffer(out.front().data, out.front().size),
                      [self, c](error_code ec, size_t) {
                        if (c->over)
                          return;
                        self->writing = false;
                        if (ec)
                          return self->ended(c, "cannot send: " + ec.message());
                        self->progressed = std::chrono::steady_clock::now();
                        self->queued -= self->out.front().size;
                        self->count(self->out.front().size);
                        self->out.pop_front();
                        self->write_next();
                      });
  }

  void take(Bytes b, bool sync) {
    if (!current || (need_sync && !sync)) {
      queued -= b.size;
      return;
    }
    need_sync = false;
    if (overflowed.exchange(false)) {
      // The peer fell behind and lost data: it starts over, from the headers.
      queued -= b.size;
      return ended(current, "the peer is slower than the feed");
    }
    queued -= b.size; // push_frame counts it again, with its header
    push_frame(std::move(b));
    write_next();
  }

  void push_frame(Bytes b) {
    auto header = std::make_shared<const std::array<uint8_t, 4>>(frame_header(b.size));
    queued += header->size() + b.size;
    out.push_back({header->data(), header->size(), header});
    out.push_back(std::move(b));
  }

  // The end of a connection, whatever ended it; `why` empty: already said.
  // `c` by value: it may be `current`, which this resets.
  void ended(std::shared_ptr<Connection> c, const std::string &why) {
    if (c->over)
      return;
    c->over = true;
    error_code ignored;
    c->timer.cancel();
    c->socket.shutdown(tcp::socket::shutdown_both, ignored);
    c->socket.close(ignored);
    const bool was_current = c == current;
    if (was_current) {
      current.reset();
      stall.cancel();
      size_t bytes = 0;
      for (const auto &b : out)
        bytes += b.size;
      out.clear();
      queued -= bytes;
      writing = false;
      events.ui("connected", "false");
      reader.reset(); // a packet cut in half goes
    }
    if (settings.side == Side::acceptor) {
      if (!why.empty() && was_current)
        starving("Lost the " + other + " at " + c->peer + ": " + why +
                 "; waiting for it on port " + std::to_string(bound_port.load()));
      return; // the acceptor waits for the next peer
    }
    if (gave_up)
      return;
    const auto wait = backoff;
    backoff =
        std::min<std::chrono::steady_clock::duration>(backoff * 2, settings.max_backoff);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait).count();
    if (!why.empty())
      starving("Cannot feed " +
               std::string(settings.role == Role::consumer ? "the " : "from the ") +
               other + " at " + where() + ": " + why + "; trying again in " +
               std::to_string(seconds) + " s");
    events.ui("retry-seconds", std::to_string(seconds));
    auto self = shared_from_this();
    retry.expires_after(wait);
    retry.async_wait([self](error_code ec) {
      if (!ec)
        self->connect();
    });
  }
};

Link::Link(LinkSettings settings, LinkEvents events)
    : impl_(std::make_shared<Impl>(std::move(settings), std::move(events))) {
  asio::post(impl_->io, [impl = impl_] { impl->start(); });
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

Link::~Link() {
  asio::post(impl_->io, [impl = impl_] {
    if (impl->current)
      impl->current->over = true;
    impl->work.reset();
    impl->io.stop();
  });
  impl_->thread.join();
}

void Link::send(Bytes bytes, bool sync) {
  if (bytes.size > max_frame_bytes)
    return; // no frame can carry it; the peer's depayloader skips the gap
  if (impl_->queued.load() + bytes.size > impl_->settings.queue_limit_bytes) {
    impl_->overflowed = true;
    return;
  }
  impl_->queued += bytes.size;
  asio::post(impl_->io, [impl = impl_, b = std::move(bytes), sync]() mutable {
    impl->take(std::move(b), sync);
  });
}

uint16_t Link::port() const { return impl_->bound_port.load(); }

void Link::keycard_expired(const std::string &id) {
  asio::post(impl_->io, [weak = std::weak_ptr<Impl>(impl_), id] {
    if (auto impl = weak.lock())
      impl->keycard_expired(id);
  });
}

} // namespace flu::fgdp
