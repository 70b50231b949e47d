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

namespace {

std::string host_of(const std::string &address) {
  return address.empty() ? "127.0.0.1" : address;
}

std::string describe(message::PeerRole role, const std::string &name,
                     const std::string &address, const std::string &identity) {
  return std::string(role == message::PeerRole::invalid ? "peer" : to_string(role)) +
         (name.empty() ? "" : " " + link::printable_id(name)) + " at " +
         host_of(address) + " (" + link::printable_id(identity) + ")";
}

} // namespace

Session *Manager::session(const std::string &identity) {
  const auto it = sessions_.find(identity);
  return it == sessions_.end() ? nullptr : &it->second;
}

void Manager::login(const std::string &identity, const std::string &address,
                    const message::Login &login) {
  using message::KeycardState;
  const std::string peer = describe(login.role, login.name, address, identity);
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
  if (sessions_.count(identity))
    drop_session(identity, "logging in again");

  message::KeycardFields keycard = login.keycard;
  // The address is the manager's to say, never the peer's.
  keycard::set(keycard, "address", host_of(address));
  const std::string kind = keycard::get(keycard, "kind");
  Session s;
  s.identity = identity;
  s.role = login.role;
  s.name = login.name;
  s.address = host_of(address);
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
  sessions_[identity] = std::move(s);
  send(identity, message::pack(reply));
}

// The bouncer expired a session's keycard: that peer is out.
void Manager::session_expired(const bouncer::Issued &issued, const std::string &reason) {
  for (auto &[identity, s] : sessions_)
    if (s.keycard_id == issued.id) {
      s.keycard_id.clear(); // expired already: drop_session must not expire it again
      const std::string holder = identity; // the map's key goes with the session
      send(holder, message::pack(message::KeycardExpired{"", issued.id, reason}));
      return drop_session(holder, "keycard " + issued.id + " expired: " + reason);
    }
}

void Manager::drop_session(std::string identity, const std::string &why) {
  const auto it = sessions_.find(identity);
  if (it == sessions_.end())
    return;
  const Session s = it->second;
  sessions_.erase(it);
  bundles_->forget(identity);
  log::warning(who,
               "dropped " + describe(s.role, s.name, s.address, identity) + ": " + why);
  if (WorkerState *w = worker_by_identity(identity))
    worker_lost(*w, why);
  if (bouncer_ && !s.local && !s.keycard_id.empty())
    bouncer_->expire(s.keycard_id, why); // no-op when it is what expired it
}

void Manager::check_sessions(int64_t now) {
  std::vector<std::pair<std::string, int64_t>> silent;
  for (const auto &[identity, s] : sessions_)
    if (now - s.last_seen_ms > options_.peer_timeout_ms)
      silent.emplace_back(identity, now - s.last_seen_ms);
  for (const auto &[identity, ms] : silent)
    drop_session(identity, "silent for " + std::to_string(ms) + " ms");
}

} // namespace flu::manager
