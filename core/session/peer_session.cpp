#include "session/peer_session.hpp"

#include "keycard/keycard.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>

namespace flu::session {

namespace asio = boost::asio;
using message::Type;

namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr int first_backoff_ms = 250;

} // namespace

struct PeerSession::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context &io, SessionOptions o, std::string w)
      : io(io), options(std::move(o)), who(std::move(w)),
        link(io, who, options.max_frame_bytes,
             [this](const link::Peer &, const message::Envelope &e) { on_frame(e); }),
        beat(io), watch(io), retry(io) {}

  asio::io_context &io;
  SessionOptions options;
  std::string who;
  link::ZmqLink link;
  asio::steady_timer beat, watch, retry;
  std::function<void(const message::LoginReply &)> logged_in_handler;
  std::function<void(const message::Envelope &)> message_handler;
  std::function<void(const std::string &)> refused_handler, lost_handler;
  bool running = false;
  bool in = false;
  bool login_pending = false;
  bool login_scheduled = false;
  int64_t last_heard_ms = 0;
  int64_t login_sent_ms = 0;
  int backoff_ms = first_backoff_ms;
  int heartbeat_ms = 2000;
  int timeout_ms = 30000;

  void start() {
    running = true;
    heartbeat_ms = options.heartbeat_ms;
    timeout_ms = options.manager_timeout_ms;
    link.on_handshake_failed([this](const std::string &why) { refused(why); });
    link.connect_dealer(endpoint(options.manager), options.security);
    login();
    tick();
  }

  void stop() {
    // A goodbye lets the manager forget the session now rather than at the
    // peer timeout (best effort: it may not leave before the process ends).
    if (in)
      link.send("", message::pack(message::WorkerGoodbye{}));
    running = false;
    in = false;
    beat.cancel();
    watch.cancel();
    retry.cancel();
  }

  void login() {
    login_scheduled = false;
    if (!running)
      return;
    in = false;
    login_pending = true;
    login_sent_ms = now_ms();
    const auto &c = options.credentials;
    message::Login m{options.role, options.name,
                     c.token.empty() ? keycard::password_request(c.username)
                                     : keycard::token_request(c.token)};
    link.send("", message::pack(m));
  }

  // Tries again after a pause that doubles up to the maximum.
  void login_later() {
    if (!running)
      return;
    login_pending = false;
    login_scheduled = true;
    const int delay = backoff_ms;
    backoff_ms = std::min(backoff_ms * 2, options.max_backoff_ms);
    log::debug(who, "logging in again in " + std::to_string(delay) + " ms");
    retry.expires_after(std::chrono::milliseconds(delay));
    std::weak_ptr<Impl> weak = shared_from_this();
    retry.async_wait([weak](auto ec) {
      if (auto self = weak.lock(); self && !ec)
        self->login();
    });
  }

  void refused(const std::string &why) {
    in = false;
    if (refused_handler)
      refused_handler(why);
    login_later();
  }

  void lost(const std::string &why) {
    const bool was_in = in;
    in = false;
    if (was_in && lost_handler)
      lost_handler(why);
    login_later();
  }

  void on_frame(const message::Envelope &e) {
    last_heard_ms = now_ms();
    try {
      switch (static_cast<Type>(e.type)) {
      case Type::heartbeat:
        return;
      case Type::login_reply:
        return on_login_reply(message::decode<message::LoginReply>(e.payload));
      case Type::refused: {
        // The manager does not know this connection: it restarted, or it
        // dropped us. Log in again. What we queued while it was away comes
        // back refused one by one: one login answers them all (rescheduling
        // for each would double the back-off to its maximum).
        const auto r = message::decode<message::Refused>(e.payload);
        if (in || (!login_pending && !login_scheduled))
          lost("the manager forgot this session: " + r.reason);
        return;
      }
      case Type::keycard_expired: {
        const auto k = message::decode<message::KeycardExpired>(e.payload);
        if (k.component_id.empty())
          return refused("the manager expired this session's keycard: " + k.reason);
        break;
      }
      default:
        break;
      }
    } catch (const message::DecodeError &ex) {
      return log::warning(who, std::string("dropped a message from the manager: ") +
                                   ex.what());
    }
    if (!in)
      return log::debug(who, std::string("ignored ") + message::type_name(e.type) +
                                 " before logging in");
    if (message_handler)
      message_handler(e);
  }

  void on_login_reply(const message::LoginReply &reply) {
    using message::KeycardState;
    if (!login_pending)
      return;
    if (reply.state == KeycardState::challenge) {
      const auto &c = options.credentials;
      try {
        link.send(
            "", message::pack(message::Login{
                    options.role, options.name,
                    keycard::password_response(reply.keycard, c.username, c.password)}));
      } catch (const std::exception &ex) {
        login_pending = false;
        refused(std::string("cannot answer the manager's challenge: ") + ex.what());
      }
      return;
    }
    login_pending = false;
    if (reply.state != KeycardState::authenticated) {
      const std::string reason = keycard::get(reply.keycard, "reason");
      return refused("the manager refused the login: " +
                     (reason.empty() ? std::string("no reason given") : reason));
    }
    in = true;
    backoff_ms = first_backoff_ms;
    if (reply.heartbeat_ms > 0)
      heartbeat_ms = reply.heartbeat_ms;
    if (reply.peer_timeout_ms > 0)
      timeout_ms = reply.peer_timeout_ms;
    beat.cancel();
    ping();
    if (logged_in_handler)
      logged_in_handler(reply);
  }

  void ping() {
    beat.expires_after(std::chrono::milliseconds(heartbeat_ms));
    std::weak_ptr<Impl> weak = shared_from_this();
    beat.async_wait([weak](auto ec) {
      auto self = weak.lock();
      if (!self || ec || !self->in)
        return;
      self->link.send("", message::pack(message::Heartbeat{}));
      self->ping();
    });
  }

  // Notices a silent manager, and a login nobody answers.
  void tick() {
    watch.expires_after(std::chrono::milliseconds(250));
    std::weak_ptr<Impl> weak = shared_from_this();
    watch.async_wait([weak](auto ec) {
      auto self = weak.lock();
      if (!self || ec || !self->running)
        return;
      self->check();
      self->tick();
    });
  }

  void check() {
    const int64_t now = now_ms();
    if (in && now - last_heard_ms > timeout_ms) {
      log::warning(who, "the manager has been silent for " +
                            std::to_string(now - last_heard_ms) + " ms: reconnecting");
      link.reconnect();
      lost("the manager went silent");
    } else if (login_pending && now - login_sent_ms > std::min(timeout_ms, 5000)) {
      link.reconnect();
      login_later();
    }
  }
};

PeerSession::PeerSession(asio::io_context &io, SessionOptions options, std::string who)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(who))) {}
PeerSession::~PeerSession() { impl_->stop(); }

void PeerSession::on_logged_in(std::function<void(const message::LoginReply &)> h) {
  impl_->logged_in_handler = std::move(h);
}
void PeerSession::on_message(std::function<void(const message::Envelope &)> h) {
  impl_->message_handler = std::move(h);
}
void PeerSession::on_refused(std::function<void(const std::string &)> h) {
  impl_->refused_handler = std::move(h);
}
void PeerSession::on_lost(std::function<void(const std::string &)> h) {
  impl_->lost_handler = std::move(h);
}
void PeerSession::start() { impl_->start(); }
void PeerSession::stop() { impl_->stop(); }
bool PeerSession::send(const std::string &frame) {
  return impl_->in && impl_->link.send("", frame);
}
bool PeerSession::logged_in() const { return impl_->in; }

std::string PeerSession::endpoint(const std::string &manager) {
  const auto colon = manager.rfind(':');
  if (colon == std::string::npos)
    return "tcp://" + manager + ":7531";
  return "tcp://" + manager;
}

} // namespace flu::session
