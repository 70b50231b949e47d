// The requester's side of authentication (see authenticator.hpp).
#include "authenticator.hpp"

#include "keycard/keycard.hpp"

#include <sodium.h>

#include <utility>

namespace flu::job {

namespace {

using message::KeycardFields;
using message::KeycardState;

KeycardFields refusal(const std::string &reason) { return {{"reason", reason}}; }

// Removes a field in place; true if it was there.
bool take_field(KeycardFields &keycard, const std::string &name, std::string &value) {
  bool found = false;
  for (auto it = keycard.begin(); it != keycard.end();) {
    if (it->first == name) {
      value = std::move(it->second);
      it = keycard.erase(it);
      found = true;
    } else {
      ++it;
    }
  }
  return found;
}

void wipe(std::string &secret) {
  if (!secret.empty())
    sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

} // namespace

Authenticator::Authenticator(boost::asio::io_context &io, std::string component_id,
                             Send send, Log log, std::chrono::milliseconds timeout)
    : io_(io), component_id_(std::move(component_id)), send_(std::move(send)),
      log_(std::move(log)), timeout_(timeout) {}

Authenticator::~Authenticator() { refuse_all("the job is stopping"); }

void Authenticator::request(const std::string &bouncer, KeycardFields keycard,
                            KeycardDone done) {
  const uint64_t key = ++next_id_;
  Pending &p = pending_[key];
  p.bouncer = bouncer;
  p.done = std::move(done);
  // Whatever the kind: a password field stays in this process.
  std::string password;
  const bool had_password = take_field(keycard, "password", password);
  p.has_password = had_password && keycard::get(keycard, "kind") == "password";
  p.password = std::move(password);
  p.keycard = std::move(keycard);
  p.deadline = std::make_unique<boost::asio::steady_timer>(io_, timeout_);
  p.deadline->async_wait([this, key](const boost::system::error_code &ec) {
    if (ec || !pending_.count(key))
      return;
    log_(FLU_LOG_WARNING,
         "bouncer " + pending_.at(key).bouncer + " did not answer in time");
    finish(key, KeycardState::refused, refusal("the bouncer did not answer"));
  });
  p.round = key;
  rounds_[key] = key;
  send_round(p, p.keycard);
}

void Authenticator::send_round(Pending &p, const KeycardFields &keycard) {
  send_(message::Authenticate{component_id_, p.round, p.bouncer, keycard});
}

void Authenticator::on_reply(const message::AuthenticateReply &reply) {
  const auto round = rounds_.find(reply.request);
  if (round == rounds_.end()) {
    log_(FLU_LOG_DEBUG, "an answer to authentication " + std::to_string(reply.request) +
                            " that nobody waits for");
    return;
  }
  const uint64_t key = round->second;
  rounds_.erase(round);
  Pending &p = pending_.at(key);
  if (reply.state != KeycardState::challenge || !p.has_password) {
    finish(key, reply.state, reply.keycard);
    return;
  }
  if (p.answered_challenge) {
    finish(key, KeycardState::refused,
           refusal("the bouncer challenged the answer to its challenge"));
    return;
  }
  KeycardFields second = p.keycard;
  try {
    const KeycardFields response = keycard::password_response(
        reply.keycard, keycard::get(p.keycard, "username"), p.password);
    for (const auto &[name, value] : response)
      keycard::set(second, name, value);
  } catch (const std::exception &e) {
    finish(key, KeycardState::refused,
           refusal(std::string("cannot answer the bouncer's challenge: ") + e.what()));
    return;
  }
  wipe(p.password);
  p.answered_challenge = true;
  p.round = ++next_id_;
  rounds_[p.round] = key;
  send_round(p, second);
}

void Authenticator::finish(uint64_t key, KeycardState state,
                           const KeycardFields &keycard) {
  const auto it = pending_.find(key);
  if (it == pending_.end())
    return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  rounds_.erase(p.round);
  p.deadline->cancel();
  wipe(p.password);
  if (p.done)
    p.done(state, keycard);
}

void Authenticator::refuse_all(const std::string &reason) {
  while (!pending_.empty())
    finish(pending_.begin()->first, KeycardState::refused, refusal(reason));
}

} // namespace flu::job
