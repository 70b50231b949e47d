// Logins: every peer proves who it is with a keycard before anything else
// it sends is read. Peers on this machine may use the manager's local
// token; everyone else goes through the planet's manager bouncer.
#include "bouncer/bouncer_host.hpp"
#include "bundle_service.hpp"
#include "keycard/keycard.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "runtime.hpp"

namespace flu::manager {

// ---- Sessions: the book of logged-in peers ----

Session *Sessions::find(const std::string &identity) {
  const auto it = by_identity_.find(identity);
  return it == by_identity_.end() ? nullptr : &it->second;
}

void Sessions::add(Session session) {
  const std::string identity = session.identity;
  by_identity_[identity] = std::move(session);
}

std::optional<Session> Sessions::remove(const std::string &identity) {
  const auto it = by_identity_.find(identity);
  if (it == by_identity_.end())
    return std::nullopt;
  Session s = std::move(it->second);
  by_identity_.erase(it);
  return s;
}

Session *Sessions::holder_of(const std::string &keycard_id) {
  for (auto &[identity, s] : by_identity_)
    if (s.keycard_id == keycard_id)
      return &s;
  return nullptr;
}

std::vector<std::pair<std::string, int64_t>> Sessions::silent(int64_t now,
                                                              int64_t timeout_ms) const {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto &[identity, s] : by_identity_)
    if (now - s.last_seen_ms > timeout_ms)
      out.emplace_back(identity, now - s.last_seen_ms);
  return out;
}

std::vector<std::string> Sessions::subscribers() const {
  std::vector<std::string> out;
  for (const auto &[identity, s] : by_identity_)
    if (s.subscribed)
      out.push_back(identity);
  return out;
}

std::string Sessions::describe(message::PeerRole role, const std::string &name,
                               const std::string &address, const std::string &identity) {
  return std::string(role == message::PeerRole::invalid ? "peer" : to_string(role)) +
         (name.empty() ? "" : " " + link::printable_id(name)) + " at " +
         host_of(address) + " (" + link::printable_id(identity) + ")";
}

// ---- the Manager's side: who gets in, and what dropping a peer means ----

void Manager::login(const std::string &identity, const std::string &address,
                    const message::Login &login) {
  using message::KeycardState;
  const std::string peer = Sessions::describe(login.role, login.name, address, identity);
  message::LoginReply reply;
  reply.planet = planet_.name;
  auto refuse = [&](const std::string &reason) {
    log::warning(who, "refused login of " + peer + ": " + reason);
    reply.state = KeycardState::refused;
    reply.keycard = {{"reason", reason}};
    send(identity, message::pack(reply));
  };
  if (login.role != message::PeerRole::worker && login.role != message::PeerRole::admin)
    return refuse("unknown role '" + std::string(to_string(login.role)) + "'");
  if (login.role == message::PeerRole::worker && login.name.empty())
    return refuse("a worker must give its name");
  if (sessions_.contains(identity))
    drop_session(identity, "logging in again");

  message::KeycardFields keycard = login.keycard;
  // The address is the manager's to say, never the peer's.
  keycard::set(keycard, "address", Sessions::host_of(address));
  const std::string kind = keycard::get(keycard, "kind");
  Session s;
  s.identity = identity;
  s.role = login.role;
  s.name = login.name;
  s.address = Sessions::host_of(address);
  if (kind == "token" && keycard::equal(keycard::get(keycard, "token"), local_token_)) {
    s.local = true;
    s.keycard_id = "local-" + keycard::random_hex(8);
    s.username = "(local token)";
  } else if (!bouncer_) {
    return refuse(kind == "token"
                      ? "wrong token"
                      : "no bouncer in the planet's <manager> section accepts " +
                            (kind.empty() ? std::string("this") : kind) +
                            " keycards; only the local token is accepted");
  } else {
    const bouncer::Decision d = bouncer_->authenticate(keycard, identity);
    if (d.state == KeycardState::challenge) {
      reply.state = KeycardState::challenge;
      reply.keycard = d.keycard;
      return send(identity, message::pack(reply));
    }
    if (d.state != KeycardState::authenticated)
      return refuse(keycard::get(d.keycard, "reason").empty()
                        ? "refused by the bouncer"
                        : keycard::get(d.keycard, "reason"));
    s.keycard_id = keycard::get(d.keycard, "id");
    s.username = keycard::get(keycard, "username");
  }
  s.last_seen_ms = steady_ms();
  log::info(who, "logged in " + peer + " as " + link::printable_id(s.username) +
                     ", keycard " + s.keycard_id);
  reply.state = KeycardState::authenticated;
  reply.keycard = {{"id", s.keycard_id}};
  reply.heartbeat_ms = options_.heartbeat_ms;
  reply.peer_timeout_ms = options_.peer_timeout_ms;
  sessions_.add(std::move(s));
  send(identity, message::pack(reply));
}

// The bouncer expired a session's keycard: that peer is out.
void Manager::session_expired(const bouncer::Issued &issued, const std::string &reason) {
  if (Session *s = sessions_.holder_of(issued.id)) {
    s->keycard_id.clear(); // expired already: drop_session must not expire it again
    const std::string holder = s->identity; // goes with the session
    send(holder, message::pack(message::KeycardExpired{"", issued.id, reason}));
    drop_session(holder, "keycard " + issued.id + " expired: " + reason);
  }
}

void Manager::drop_session(std::string identity, const std::string &why) {
  const std::optional<Session> dropped = sessions_.remove(identity);
  if (!dropped)
    return;
  const Session &s = *dropped;
  bundles_->forget(identity);
  log::warning(who, "dropped " + Sessions::describe(s.role, s.name, s.address, identity) +
                        ": " + why);
  if (WorkerState *w = worker_by_identity(identity))
    worker_lost(*w, why);
  if (bouncer_ && !s.local && !s.keycard_id.empty())
    bouncer_->expire(s.keycard_id, why); // no-op when it is what expired it
}

void Manager::check_sessions(int64_t now) {
  for (const auto &[identity, ms] : sessions_.silent(now, options_.peer_timeout_ms))
    drop_session(identity, "silent for " + std::to_string(ms) + " ms");
}

} // namespace flu::manager
