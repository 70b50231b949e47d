// Drives a PeerSession for one flu-command run; see admin_session.hpp.
#include "session/admin_session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <iostream>
#include <optional>

namespace flu::session {

struct AdminSession::Impl {
  Impl(SessionOptions o, int timeout)
      : options(o), timeout_ms(timeout), session(io, std::move(o), "flu-command"),
        timer(io) {}

  // Gives the manager `timeout_ms` to do the next thing, or ends the run.
  void expect(const std::string &what) {
    timer.expires_after(std::chrono::milliseconds(timeout_ms));
    timer.async_wait([this, what](const boost::system::error_code &error) {
      if (error)
        return;
      std::cerr << "flu-command: " << what << " from the manager at " << options.manager
                << " within " << timeout_ms << " ms\n";
      finish(1);
    });
  }

  void finish(int code) {
    if (result)
      return;
    result = code;
    timer.cancel();
    session.stop();
    io.stop();
  }

  SessionOptions options;
  int timeout_ms;
  boost::asio::io_context io;
  session::PeerSession session;
  boost::asio::steady_timer timer;
  std::function<void()> login_handler;
  std::function<void(const message::Envelope &)> message_handler;
  bool answered = false;
  std::optional<int> result;
};

AdminSession::AdminSession(SessionOptions options, int timeout_ms)
    : impl_(std::make_unique<Impl>(std::move(options), timeout_ms)) {
  Impl &s = *impl_;
  s.session.on_logged_in([this](const message::LoginReply &) {
    Impl &s = *impl_;
    if (!watching_ || !s.answered)
      s.expect("no reply");
    if (s.login_handler)
      s.login_handler();
  });
  s.session.on_message([this](const message::Envelope &envelope) {
    if (impl_->message_handler)
      impl_->message_handler(envelope);
  });
  s.session.on_refused([this](const std::string &why) {
    std::cerr << "flu-command: " << why << " (manager at " << impl_->options.manager
              << ")\n";
    impl_->finish(1);
  });
  s.session.on_lost([this](const std::string &why) {
    std::cerr << "flu-command: lost the manager at " << impl_->options.manager << ": "
              << why << "\n";
    if (!watching_)
      impl_->finish(1);
  });
}

AdminSession::~AdminSession() = default;

void AdminSession::on_login(std::function<void()> handler) {
  impl_->login_handler = std::move(handler);
}

void AdminSession::on_message(std::function<void(const message::Envelope &)> handler) {
  impl_->message_handler = std::move(handler);
}

bool AdminSession::send(const std::string &frame) { return impl_->session.send(frame); }

void AdminSession::answered() {
  impl_->answered = true;
  if (watching_)
    impl_->timer.cancel();
}

void AdminSession::finish(int code) { impl_->finish(code); }

int AdminSession::run() {
  impl_->expect("no answer");
  impl_->session.start();
  impl_->io.run();
  return impl_->result.value_or(1);
}

} // namespace flu::session
