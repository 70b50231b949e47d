// The peers logged in to the manager, by ZeroMQ routing id: who each says
// it is (worker or admin), the keycard it came in with, whether it follows
// the planet's state, and when it was last heard. The Manager decides who
// logs in and what dropping a peer means (sessions.cpp); this only keeps
// the book.
#pragma once

#include "message/protocol.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flu::manager {

// One logged-in peer.
struct Session {
  std::string identity;
  message::PeerRole role = message::PeerRole::invalid;
  std::string name;
  std::string address;
  std::string keycard_id;
  std::string username;
  bool local = false; // came in with the manager's own local token
  bool subscribed = false;
  int64_t last_seen_ms = 0;
};

class Sessions {
public:
  Session *find(const std::string &identity);
  bool contains(const std::string &identity) const {
    return by_identity_.count(identity);
  }
  void add(Session session); // replaces one of the same identity
  // Forgets the peer; returns what it was, nullopt when it was not there.
  std::optional<Session> remove(const std::string &identity);
  // The peer holding this keycard, or nullptr.
  Session *holder_of(const std::string &keycard_id);
  // Peers not heard for longer than timeout_ms, with how long they were silent.
  std::vector<std::pair<std::string, int64_t>> silent(int64_t now_ms,
                                                      int64_t timeout_ms) const;
  // The routing ids of the admins that follow the planet's state.
  std::vector<std::string> subscribers() const;
  const std::map<std::string, Session> &all() const { return by_identity_; }

  // "worker edge-1 at 10.0.0.7 (routing id)", for logs.
  static std::string describe(message::PeerRole role, const std::string &name,
                              const std::string &address, const std::string &identity);
  static std::string describe(const Session &s) {
    return describe(s.role, s.name, s.address, s.identity);
  }
  // The address a peer is known by: the one ZeroMQ saw, or this machine.
  static std::string host_of(const std::string &address) {
    return address.empty() ? "127.0.0.1" : address;
  }

private:
  std::map<std::string, Session> by_identity_;
};

} // namespace flu::manager
