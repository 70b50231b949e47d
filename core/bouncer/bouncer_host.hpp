// Runs one bouncer: loads its type from a module, gives it its properties,
// and keeps what a bouncer should not have to: the challenges issued (each
// good for one answer, for 30 s), the keycards accepted with their time to
// live, and their expiry. Used by the manager for its own bouncer and by a
// bouncer's job. Not thread-safe: one caller thread.
#pragma once

#include "message/messages.hpp"

#include <flu/module.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::bouncer {

struct BouncerSpec {
  std::string component_id; // "/atmosphere/viewers", "/manager/bouncer"
  std::string type;
  std::filesystem::path module; // the .so
  message::Values properties;   // canonical, defaults filled in
  // Bouncers it may consult by name (multi-bouncer), with their modules.
  struct Consult {
    std::string name;
    std::string type;
    std::filesystem::path module;
    message::Values properties;
  };
  std::vector<Consult> consults;
};

struct Decision {
  message::KeycardState state = message::KeycardState::refused;
  message::KeycardFields keycard; // goes back: id, salt, scheme, challenge, reason, ttl
};

// A keycard the bouncer accepted and that has not expired.
struct Issued {
  std::string id;
  std::string requester; // who holds it, as the caller named it
  std::string username;  // or the token's owner, if the bouncer says
  std::string address;
  int64_t issued_ms = 0;
  int64_t expires_ms = 0; // 0: never (steady clock)
  int64_t ttl_ms = 0;     // idle time to live, renewed by keep_alive; 0: none
};

class BouncerHost {
public:
  using Log = std::function<void(flu_log_level, const std::string &)>;
  using Expired = std::function<void(const Issued &, const std::string &reason)>;

  // Throws std::runtime_error naming the module, type or property at fault.
  BouncerHost(BouncerSpec spec, Log log);
  ~BouncerHost();
  BouncerHost(const BouncerHost &) = delete;
  BouncerHost &operator=(const BouncerHost &) = delete;

  // One round for one keycard from `requester`. Untrusted fields are
  // handled here: "challenge" always comes from the pending entry that "id"
  // names, and a consumed or unknown id is refused ("replayed or expired
  // challenge"). A refusal's reason is in the returned keycard.
  Decision authenticate(const message::KeycardFields &keycard,
                        const std::string &requester);

  // Ends an accepted keycard now; the Expired handler runs. False if unknown.
  bool expire(const std::string &keycard_id, const std::string &reason);
  // Renews an idle time to live. False if unknown.
  bool keep_alive(const std::string &keycard_id);
  // Expires what ran out and forgets stale challenges. Call about once a
  // second; now_ms is the steady clock (tests pass their own).
  void sweep(int64_t now_ms);

  std::vector<Issued> issued() const;
  void on_expired(Expired handler);
  const std::string &component_id() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::bouncer
